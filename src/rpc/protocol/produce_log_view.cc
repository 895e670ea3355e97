// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/produce_log_view.h"

#include <fmt/format.h>

#include <string>

namespace fluss::rpc {
namespace {

enum WireType : uint32_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5
};
// Groups nest; protobuf bounds recursion at 100 as well.
constexpr int kMaxDepth = 100;

// A cursor over protobuf wire bytes; errors name the message being read.
class WireReader {
 public:
  WireReader(std::span<uint8_t> bytes, std::string_view context, std::string_view message)
      : bytes_(bytes), context_(context), message_(message) {}

  bool at_end() const { return position_ == bytes_.size(); }

  Status error(std::string_view what) const {
    return make_error(ErrorCode::kCorruptMessage, "{}: {}: {} at byte {}", context_, message_, what,
                      position_);
  }

  // A base-128 varint of up to 10 bytes; bits past 64 are dropped, as protobuf does.
  Result<uint64_t> varint() {
    uint64_t value = 0;
    for (int i = 0; i < 10; ++i) {
      if (position_ == bytes_.size()) return error("truncated varint");
      const uint8_t b = bytes_[position_++];
      if (i < 9) value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if (i == 9) value |= static_cast<uint64_t>(b & 0x01) << 63;
      if ((b & 0x80) == 0) return value;
    }
    return error("varint longer than 10 bytes");
  }

  Result<std::span<uint8_t>> length_delimited() {
    FLUSS_ASSIGN_OR_RETURN(const uint64_t length, varint());
    if (length > bytes_.size() - position_ || length > static_cast<uint64_t>(INT32_MAX)) {
      return error(fmt::format("length {} past the end", length));
    }
    std::span<uint8_t> out = bytes_.subspan(position_, static_cast<size_t>(length));
    position_ += static_cast<size_t>(length);
    return out;
  }

  // The next tag: field number and wire type (a varint of at most 5 bytes, as protobuf's).
  Result<std::pair<uint32_t, uint32_t>> tag() {
    const size_t start = position_;
    FLUSS_ASSIGN_OR_RETURN(const uint64_t tag, varint());
    if (position_ - start > 5 || tag > UINT32_MAX || (tag >> 3) == 0) {
      return error(fmt::format("bad tag {}", tag));
    }
    return std::pair{static_cast<uint32_t>(tag >> 3), static_cast<uint32_t>(tag & 7)};
  }

  // Skips a field of `wire_type` (and `field`, for groups) whose tag was just read.
  Status skip(uint32_t field, uint32_t wire_type, int depth = 0) {
    switch (wire_type) {
      case kVarint:
        return varint().status();
      case kFixed64:
        return advance(8);
      case kLengthDelimited:
        return length_delimited().status();
      case kFixed32:
        return advance(4);
      case kStartGroup: {
        if (depth >= kMaxDepth) return error("groups nested too deep");
        while (true) {
          if (at_end()) return error("unterminated group");
          FLUSS_ASSIGN_OR_RETURN(auto inner, tag());
          if (inner.second == kEndGroup) {
            if (inner.first != field) return error("mismatched end of group");
            return Status::OK();
          }
          FLUSS_RETURN_IF_ERROR(skip(inner.first, inner.second, depth + 1));
        }
      }
      default:
        return error(fmt::format("wire type {}", wire_type));
    }
  }

 private:
  Status advance(size_t n) {
    if (n > bytes_.size() - position_) return error("truncated fixed-width field");
    position_ += n;
    return Status::OK();
  }

  std::span<uint8_t> bytes_;
  size_t position_ = 0;
  std::string_view context_;
  std::string_view message_;
};

Status missing(std::string_view context, std::string_view fields) {
  return make_error(ErrorCode::kCorruptMessage, "{}: missing required field(s) {}", context,
                    fields);
}

Result<ProduceLogBucketView> parse_bucket(std::span<uint8_t> bytes, std::string_view context,
                                          size_t index) {
  const std::string name = fmt::format("buckets_req[{}]", index);
  WireReader reader(bytes, context, name);
  ProduceLogBucketView bucket;
  bool has_bucket_id = false;
  bool has_records = false;
  while (!reader.at_end()) {
    FLUSS_ASSIGN_OR_RETURN(const auto tag, reader.tag());
    const auto [field, wire_type] = tag;
    if (wire_type == kEndGroup) return reader.error("end of group outside a group");
    if (field == 1 && wire_type == kVarint) {
      FLUSS_ASSIGN_OR_RETURN(const uint64_t v, reader.varint());
      bucket.partition_id = static_cast<int64_t>(v);
    } else if (field == 2 && wire_type == kVarint) {
      FLUSS_ASSIGN_OR_RETURN(const uint64_t v, reader.varint());
      bucket.bucket_id = static_cast<int32_t>(v);
      has_bucket_id = true;
    } else if (field == 3 && wire_type == kLengthDelimited) {
      FLUSS_ASSIGN_OR_RETURN(bucket.records, reader.length_delimited());
      has_records = true;
    } else {
      FLUSS_RETURN_IF_ERROR(reader.skip(field, wire_type));
    }
  }
  if (!has_bucket_id || !has_records) {
    return missing(context,
                   !has_bucket_id && !has_records
                       ? fmt::format("{0}.bucket_id, {0}.records", name)
                       : fmt::format("{}.{}", name, has_records ? "bucket_id" : "records"));
  }
  return bucket;
}

}  // namespace

Result<ProduceLogRequestView> parse_produce_log(std::span<uint8_t> payload,
                                                std::string_view context) {
  WireReader reader(payload, context, "ProduceLogRequest");
  ProduceLogRequestView request;
  bool has_acks = false;
  bool has_table_id = false;
  bool has_timeout = false;
  std::vector<std::span<uint8_t>> buckets;
  while (!reader.at_end()) {
    FLUSS_ASSIGN_OR_RETURN(const auto tag, reader.tag());
    const auto [field, wire_type] = tag;
    if (wire_type == kEndGroup) return reader.error("end of group outside a group");
    if (field == 1 && wire_type == kVarint) {
      FLUSS_ASSIGN_OR_RETURN(const uint64_t v, reader.varint());
      request.acks = static_cast<int32_t>(v);
      has_acks = true;
    } else if (field == 2 && wire_type == kVarint) {
      FLUSS_ASSIGN_OR_RETURN(const uint64_t v, reader.varint());
      request.table_id = static_cast<int64_t>(v);
      has_table_id = true;
    } else if (field == 3 && wire_type == kVarint) {
      FLUSS_ASSIGN_OR_RETURN(const uint64_t v, reader.varint());
      request.timeout_ms = static_cast<int32_t>(v);
      has_timeout = true;
    } else if (field == 4 && wire_type == kLengthDelimited) {
      FLUSS_ASSIGN_OR_RETURN(std::span<uint8_t> bucket, reader.length_delimited());
      buckets.push_back(bucket);
    } else {
      FLUSS_RETURN_IF_ERROR(reader.skip(field, wire_type));
    }
  }
  if (!has_acks || !has_table_id || !has_timeout) {
    std::string fields;
    for (auto [present, name] : {std::pair{has_acks, "acks"}, std::pair{has_table_id, "table_id"},
                                 std::pair{has_timeout, "timeout_ms"}}) {
      if (!present) fields += fields.empty() ? name : fmt::format(", {}", name);
    }
    return missing(context, fields);
  }
  request.buckets.reserve(buckets.size());
  for (size_t i = 0; i < buckets.size(); ++i) {
    FLUSS_ASSIGN_OR_RETURN(ProduceLogBucketView bucket, parse_bucket(buckets[i], context, i));
    request.buckets.push_back(bucket);
  }
  return request;
}

}  // namespace fluss::rpc
