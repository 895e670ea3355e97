// SPDX-License-Identifier: Apache-2.0
// Differential: parse_produce_log against protobuf's ProduceLogRequest parser on the same
// bytes. Whatever protobuf rejects, parse_produce_log rejects (CORRUPT_MESSAGE); whatever
// parse_produce_log accepts, protobuf accepts with the same fields and the same records bytes.
// (parse_produce_log may refuse oddities protobuf tolerates, such as an overlong tag.)
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/check.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/produce_log_view.h"
#include "rpc/protocol/request_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto view = fluss::rpc::parse_produce_log(bytes, "PRODUCE_LOG");
  auto proto = fluss::rpc::parse<fluss::rpc::proto::ProduceLogRequest>(fluss::ByteView(data, size),
                                                                       "PRODUCE_LOG");
  if (!view.ok()) {
    FLUSS_CHECK(view.status().is(fluss::ErrorCode::kCorruptMessage), "{}",
                view.status().to_string());
    return 0;
  }
  FLUSS_CHECK(proto.ok(), "accepted what protobuf rejects: {}", proto.status().to_string());
  FLUSS_CHECK(view->acks == proto->acks() && view->table_id == proto->table_id() &&
                  view->timeout_ms == proto->timeout_ms(),
              "header fields differ");
  FLUSS_CHECK(static_cast<int>(view->buckets.size()) == proto->buckets_req_size(),
              "{} buckets, protobuf {}", view->buckets.size(), proto->buckets_req_size());
  for (size_t i = 0; i < view->buckets.size(); ++i) {
    const auto& ours = view->buckets[i];
    const auto& theirs = proto->buckets_req(static_cast<int>(i));
    FLUSS_CHECK(ours.partition_id.has_value() == theirs.has_partition_id() &&
                    ours.partition_id.value_or(0) == theirs.partition_id() &&
                    ours.bucket_id == theirs.bucket_id(),
                "bucket {} fields differ", i);
    FLUSS_CHECK(std::string_view(reinterpret_cast<const char*>(ours.records.data()),
                                 ours.records.size()) == theirs.records(),
                "bucket {} records differ", i);
  }
  return 0;
}
