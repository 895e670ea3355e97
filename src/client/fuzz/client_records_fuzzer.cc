// SPDX-License-Identifier: Apache-2.0
// What servers send the client: FETCH_LOG / LIMIT_SCAN log batches in every log format, value
// batches and stored lookup values, decoded as the client does (CRC checks off, so corrupt
// contents reach the row decoders). Must never crash or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "record_decoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  ByteView bytes(data, size);
  const RowType types{DataType::int_().not_null(), DataType::string(), DataType::bigint(),
                      DataType::decimal(10, 2), DataType::timestamp(6)};
  for (LogFormat format : {LogFormat::kArrow, LogFormat::kIndexed, LogFormat::kCompacted}) {
    std::vector<LogRecord> records;
    int64_t next = 0;
    client::detail::decode_fetched_log(format, bytes, types, 0, false, records, &next)
        .ignore_error();
  }
  for (KvFormat format : {KvFormat::kCompacted, KvFormat::kIndexed}) {
    std::vector<GenericRow> rows;
    client::detail::decode_value_batch(format, bytes, types, rows).ignore_error();
    (void)client::detail::decode_stored_value(format, bytes, types);
  }
  return 0;
}
