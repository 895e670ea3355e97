// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <compare>
#include <cstdint>
#include <functional>
#include <ostream>

namespace fluss {

// An integer that cannot be mixed up with another kind of integer: a TableId does
// not convert to a BucketId, nor to its representation, implicitly. Ids have no
// arithmetic; LogOffset alone gets a few operators below.
template <typename Tag, typename Rep>
class StrongId {
 public:
  using ValueType = Rep;

  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep value) : value_(value) {}

  constexpr Rep value() const { return value_; }
  friend constexpr auto operator<=>(StrongId, StrongId) = default;

 private:
  Rep value_{};
};

// Java prints these as plain numbers (long/int toString); so do we.
template <typename Tag, typename Rep>
std::ostream& operator<<(std::ostream& os, StrongId<Tag, Rep> id) {
  return os << id.value();
}

using TableId = StrongId<struct TableIdTag, int64_t>;
using PartitionId = StrongId<struct PartitionIdTag, int64_t>;
using BucketId = StrongId<struct BucketIdTag, int32_t>;
using ServerId = StrongId<struct ServerIdTag, int32_t>;
using LeaderEpoch = StrongId<struct LeaderEpochTag, int32_t>;
using LogOffset = StrongId<struct LogOffsetTag, int64_t>;
// Schema ids are int32 in the API (Java's `int schemaId`, SchemaInfo, RPC messages)
// and int16 in record batch headers (fluss-wire.md §5.2); the batch codecs narrow
// and check the range where they write one.
using SchemaId = StrongId<struct SchemaIdTag, int32_t>;
using WriterId = StrongId<struct WriterIdTag, int64_t>;
using BatchSequence = StrongId<struct BatchSequenceTag, int32_t>;

// Sentinels Fluss uses on the wire and in metadata.
inline constexpr TableId kUnknownTableId{-1};  // TableInfo.UNKNOWN_TABLE_ID
inline constexpr SchemaId kUnknownSchemaId{-1};
inline constexpr WriterId kNoWriterId{-1};            // LogRecordBatch NO_WRITER_ID
inline constexpr BatchSequence kNoBatchSequence{-1};  // LogRecordBatch NO_BATCH_SEQUENCE
inline constexpr LeaderEpoch kNoLeaderEpoch{-1};      // "no epoch" in requests/checkpoints
inline constexpr LeaderEpoch kInitialLeaderEpoch{0};  // first leader of a new bucket
inline constexpr LogOffset kInvalidLogOffset{-1};     // unknown / not yet assigned
inline constexpr ServerId kNoServerId{-1};            // e.g. "no leader"

// LogOffset is a position in a log: it has the arithmetic that positions need.
constexpr LogOffset operator+(LogOffset offset, int64_t delta) {
  return LogOffset(offset.value() + delta);
}
constexpr int64_t operator-(LogOffset a, LogOffset b) { return a.value() - b.value(); }
constexpr LogOffset next(LogOffset offset) { return offset + 1; }

}  // namespace fluss

template <typename Tag, typename Rep>
struct std::hash<fluss::StrongId<Tag, Rep>> {
  size_t operator()(fluss::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>()(id.value());
  }
};

template <typename Tag, typename Rep>
struct fmt::formatter<fluss::StrongId<Tag, Rep>> : fmt::formatter<Rep> {
  auto format(fluss::StrongId<Tag, Rep> id, fmt::format_context& ctx) const {
    return fmt::formatter<Rep>::format(id.value(), ctx);
  }
};
