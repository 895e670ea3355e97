// SPDX-License-Identifier: Apache-2.0
// Log records from the network or disk: iterate batches, validate, read the
// statistics and every record view. Must never crash or read out of bounds.
#include <cstddef>
#include <cstdint>

#include "record/log_record_batch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  LogRecords records(ByteView(data, size));
  while (true) {
    auto batch = records.next_batch();
    if (!batch.ok() || !batch->has_value()) break;
    const LogRecordBatch& b = **batch;
    (void)b.last_offset();
    (void)b.next_offset();
    (void)b.leader_epoch();
    (void)b.writer_id();
    (void)b.batch_sequence();
    b.ensure_valid().ignore_error();  // reading on regardless reaches more code
    (void)b.statistics();
    auto arrow = b.arrow_records();
    if (arrow.ok() && arrow->change_types) {
      for (size_t i = 0; i < arrow->change_types->size(); ++i) (void)arrow->change_type(i);
    }
    RowLogRecordReader reader(b);
    for (int i = 0; i < 1 << 16; ++i) {
      auto record = reader.next();
      if (!record.ok() || !record->has_value()) break;
    }
  }
  return 0;
}
