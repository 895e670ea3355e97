// SPDX-License-Identifier: Apache-2.0
// KV batches of PUT_KV requests and value batches of scans: parse, validate and
// iterate. Must never crash or read out of bounds.
#include <cstddef>
#include <cstdint>

#include "record/kv_record_batch.h"
#include "record/value_record_batch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  const ByteView bytes(data, size);
  if (auto batch = KvRecordBatch::parse(bytes); batch.ok()) {
    batch->ensure_valid().ignore_error();
    KvRecordReader reader(*batch);
    for (int i = 0; i < 1 << 16; ++i) {
      auto record = reader.next();
      if (!record.ok() || !record->has_value()) break;
    }
  }
  if (auto batch = ValueRecordBatch::parse(bytes); batch.ok()) {
    ValueRecordReader reader(*batch);
    for (int i = 0; i < 1 << 16; ++i) {
      auto record = reader.next();
      if (!record.ok() || !record->has_value()) break;
    }
  }
  (void)decode_value(bytes);
  return 0;
}
