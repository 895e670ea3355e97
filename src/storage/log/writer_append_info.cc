// SPDX-License-Identifier: Apache-2.0
#include "storage/log/writer_append_info.h"

#include <fmt/format.h>

#include <limits>
#include <utility>

namespace fluss::storage {

namespace {

constexpr int32_t kMaxSequence = std::numeric_limits<int32_t>::max();

bool in_sequence(BatchSequence last, BatchSequence next, bool writer_in_batch_expired,
                 AppendOrigin origin) {
  // A writer without state: any first sequence from a follower or for an expired
  // batch (the writer's state may have expired here before it did on the leader).
  if (last == kNoBatchSequence && (writer_in_batch_expired || origin != AppendOrigin::kLeader)) {
    return true;
  }
  return int64_t{next.value()} == int64_t{last.value()} + 1 ||
         (next.value() == 0 && last.value() == kMaxSequence);
}

BatchSequence expected_after(BatchSequence last) {
  return last.value() == kMaxSequence ? BatchSequence(0) : BatchSequence(last.value() + 1);
}

}  // namespace

WriterBatch WriterBatch::of(const LogRecordBatch& batch) {
  return WriterBatch{
      .writer_id = batch.writer_id(),
      .batch_sequence = batch.batch_sequence(),
      .base_offset = batch.base_offset(),
      .last_offset = batch.last_offset(),
      .commit_timestamp = batch.commit_timestamp(),
  };
}

WriterAppendInfo::WriterAppendInfo(const TableBucket& bucket, WriterStateEntry current)
    : bucket_(bucket),
      current_(std::move(current)),
      updated_(current_.writer_id(), current_.last_batch_timestamp()) {}

Status WriterAppendInfo::append(const WriterBatch& batch, AppendOrigin origin,
                                bool writer_in_batch_expired) {
  const BatchSequence last =
      updated_.empty() ? current_.last_batch_sequence() : updated_.last_batch_sequence();
  if (!in_sequence(last, batch.batch_sequence, writer_in_batch_expired, origin)) {
    return make_error(ErrorCode::kOutOfOrderSequenceException,
                      "Out of order batch sequence for writer {} at offset {} in table-bucket "
                      "{} : {} (incoming batch seq.), {} (current batch seq.); expected {}",
                      writer_id(), batch.last_offset, bucket_.to_string(), batch.batch_sequence,
                      last, expected_after(last));
  }
  updated_.add_batch(BatchMetadata{
      .writer_id = writer_id(),
      .batch_sequence = batch.batch_sequence,
      .last_offset = batch.last_offset,
      // Wrapping, as LogRecordBatch::last_offset: a corrupt batch is no UB here.
      .offset_delta = static_cast<int32_t>(static_cast<uint64_t>(batch.last_offset.value()) -
                                           static_cast<uint64_t>(batch.base_offset.value())),
      .timestamp = batch.commit_timestamp,
  });
  return Status::OK();
}

}  // namespace fluss::storage
