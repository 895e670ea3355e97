// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"

namespace fluss::storage::test {

// An INDEXED V0 batch of `records` records of `value` bytes, with its server
// fields set to `base_offset` and `commit_timestamp`, from `writer` (none by default).
inline std::string make_batch(LogOffset base_offset, int64_t commit_timestamp, int records = 1,
                              std::string_view value = "value", WriterId writer = kNoWriterId,
                              BatchSequence sequence = kNoBatchSequence) {
  MemoryLogRecordsBuilder builder(
      {.format = LogFormat::kIndexed, .writer_id = writer, .batch_sequence = sequence});
  for (int i = 0; i < records; ++i) builder.append(ChangeType::kAppendOnly, as_bytes(value));
  ByteBuffer out;
  if (!builder.finish(out).ok()) throw std::runtime_error("finish failed");
  std::string bytes = out.to_string();
  auto batch = MutableLogRecordBatch::parse(
      std::span<uint8_t>(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()));
  if (!batch.ok()) throw std::runtime_error(batch.status().to_string());
  batch->set_base_offset(base_offset);
  batch->set_commit_timestamp(commit_timestamp);
  return bytes;
}

}  // namespace fluss::storage::test
