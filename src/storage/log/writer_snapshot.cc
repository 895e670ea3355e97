// SPDX-License-Identifier: Apache-2.0
#include "storage/log/writer_snapshot.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <limits>
#include <set>

namespace fluss::storage {

namespace {

using Json = nlohmann::json;

constexpr int kWriterSnapshotVersion = 1;
constexpr std::string_view kVersionKey = "version";
constexpr std::string_view kEntriesKey = "writer_id_entries";
constexpr std::string_view kWriterIdKey = "writer_id";
constexpr std::string_view kLastBatchSequenceKey = "last_batch_sequence";
constexpr std::string_view kLastBatchBaseOffsetKey = "last_batch_base_offset";
constexpr std::string_view kOffsetDeltaKey = "offset_delta";
constexpr std::string_view kLastBatchTimestampKey = "last_batch_timestamp";

class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view file_name) : file_name_(file_name) {}

  template <typename... Args>
  Status corrupt(fmt::format_string<Args...> format, Args&&... args) const {
    return Status(ErrorCode::kLogStorageException,
                  fmt::format("Corrupt writer snapshot {}: {}", file_name_,
                              fmt::format(format, std::forward<Args>(args)...)));
  }

  // The integer member `key` of `object`, within [min, max] of T.
  template <typename T>
  Result<T> integer(const Json& object, std::string_view key, std::string_view where) const {
    auto it = object.find(key);
    if (it == object.end()) return corrupt("{} has no '{}'", where, key);
    if (!it->is_number_integer()) return corrupt("'{}' of {} is not an integer", key, where);
    if (it->is_number_unsigned()) {
      const auto v = it->get<uint64_t>();
      if (v <= static_cast<uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(v);
    } else {
      const auto v = it->get<int64_t>();
      if (v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max()) {
        return static_cast<T>(v);
      }
    }
    return corrupt("'{}' of {} is out of range", key, where);
  }

 private:
  std::string_view file_name_;
};

}  // namespace

std::ostream& operator<<(std::ostream& os, const WriterSnapshotEntry& e) {
  return os << fmt::format(
             "WriterSnapshotEntry{{writerId={}, lastBatchSequence={}, lastBatchLastOffset={}, "
             "lastBatchOffsetDelta={}, lastBatchTimestamp={}}}",
             e.writer_id, e.last_batch_sequence, e.last_batch_last_offset,
             e.last_batch_offset_delta, e.last_batch_timestamp);
}

std::string serialize_writer_snapshot(std::span<const WriterSnapshotEntry> entries) {
  std::string out =
      fmt::format(R"({{"{}":{},"{}":[)", kVersionKey, kWriterSnapshotVersion, kEntriesKey);
  for (size_t i = 0; i < entries.size(); ++i) {
    const WriterSnapshotEntry& e = entries[i];
    if (i > 0) out += ',';
    out += fmt::format(R"({{"{}":{},"{}":{},"{}":{},"{}":{},"{}":{}}})", kWriterIdKey, e.writer_id,
                       kLastBatchSequenceKey, e.last_batch_sequence, kLastBatchBaseOffsetKey,
                       e.last_batch_last_offset, kOffsetDeltaKey, e.last_batch_offset_delta,
                       kLastBatchTimestampKey, e.last_batch_timestamp);
  }
  out += "]}";
  return out;
}

Result<std::vector<WriterSnapshotEntry>> parse_writer_snapshot(std::string_view json,
                                                               std::string_view file_name) {
  const SnapshotReader r(file_name);
  Json doc;
  try {
    doc = Json::parse(json.begin(), json.end());
  } catch (const Json::exception& e) {
    return r.corrupt("{}", e.what());
  }
  if (!doc.is_object()) return r.corrupt("the document is not a JSON object");
  FLUSS_ASSIGN_OR_RETURN(int32_t version, r.integer<int32_t>(doc, kVersionKey, "the document"));
  if (version != kWriterSnapshotVersion) {
    return r.corrupt("unsupported version {}, expected {}", version, kWriterSnapshotVersion);
  }
  auto entries_it = doc.find(kEntriesKey);
  if (entries_it == doc.end()) return r.corrupt("the document has no '{}'", kEntriesKey);
  if (!entries_it->is_array()) return r.corrupt("'{}' is not an array", kEntriesKey);

  std::vector<WriterSnapshotEntry> entries;
  entries.reserve(entries_it->size());
  std::set<int64_t> seen;
  for (size_t i = 0; i < entries_it->size(); ++i) {
    const Json& item = (*entries_it)[i];
    const std::string where = fmt::format("entry {}", i);
    if (!item.is_object()) return r.corrupt("{} is not an object", where);
    FLUSS_ASSIGN_OR_RETURN(int64_t writer_id, r.integer<int64_t>(item, kWriterIdKey, where));
    FLUSS_ASSIGN_OR_RETURN(int32_t sequence,
                           r.integer<int32_t>(item, kLastBatchSequenceKey, where));
    FLUSS_ASSIGN_OR_RETURN(int64_t last_offset,
                           r.integer<int64_t>(item, kLastBatchBaseOffsetKey, where));
    FLUSS_ASSIGN_OR_RETURN(int32_t offset_delta, r.integer<int32_t>(item, kOffsetDeltaKey, where));
    FLUSS_ASSIGN_OR_RETURN(int64_t timestamp,
                           r.integer<int64_t>(item, kLastBatchTimestampKey, where));
    if (writer_id < 0) return r.corrupt("{} has writer id {}", where, writer_id);
    if (sequence < 0)
      return r.corrupt("{} of writer {} has sequence {}", where, writer_id, sequence);
    if (offset_delta < 0 || last_offset < offset_delta) {
      return r.corrupt("{} of writer {} has last offset {} and offset delta {}", where, writer_id,
                       last_offset, offset_delta);
    }
    if (!seen.insert(writer_id).second) {
      return r.corrupt("writer {} is listed twice", writer_id);
    }
    entries.push_back(WriterSnapshotEntry{
        .writer_id = WriterId(writer_id),
        .last_batch_sequence = BatchSequence(sequence),
        .last_batch_last_offset = LogOffset(last_offset),
        .last_batch_offset_delta = offset_delta,
        .last_batch_timestamp = timestamp,
    });
  }
  return entries;
}

std::vector<LogOffset> stray_writer_snapshots(std::span<const LogOffset> snapshot_offsets,
                                              std::span<const LogOffset> segment_base_offsets) {
  const std::set<LogOffset> bases(segment_base_offsets.begin(), segment_base_offsets.end());
  std::vector<LogOffset> strays;
  for (LogOffset offset : std::set<LogOffset>(snapshot_offsets.begin(), snapshot_offsets.end())) {
    if (!bases.contains(offset)) strays.push_back(offset);
  }
  // The largest stray survives if no segment starts above it.
  if (!strays.empty() && (bases.empty() || strays.back() >= *bases.rbegin())) strays.pop_back();
  return strays;
}

}  // namespace fluss::storage
