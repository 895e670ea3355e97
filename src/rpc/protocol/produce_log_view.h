// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace fluss::rpc {

// One buckets_req entry of a PRODUCE_LOG request whose records stay in the request payload.
struct ProduceLogBucketView {
  std::optional<int64_t> partition_id;
  int32_t bucket_id = 0;
  std::span<uint8_t> records;  // into the payload
};

// A ProduceLogRequest (fluss_api.proto) read in place.
struct ProduceLogRequestView {
  int32_t acks = 0;
  int64_t table_id = 0;
  int32_t timeout_ms = 0;
  std::vector<ProduceLogBucketView> buckets;
};

// Reads a ProduceLogRequest as protobuf's parser does -- unknown fields, and known ones of an
// unexpected wire type, are skipped; the last value of a scalar wins; required fields are
// checked -- but leaves each bucket's records in `payload` instead of copying them into a
// string: a produce batch goes from the socket to the log with no copy in between. `payload`
// is mutable because the server assigns offsets in the batches in place. CORRUPT_MESSAGE
// "<context>: ..." naming what is wrong, as parse_message.
Result<ProduceLogRequestView> parse_produce_log(std::span<uint8_t> payload,
                                                std::string_view context);

}  // namespace fluss::rpc
