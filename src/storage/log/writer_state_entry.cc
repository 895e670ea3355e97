// SPDX-License-Identifier: Apache-2.0
#include "storage/log/writer_state_entry.h"

#include <fmt/format.h>

namespace fluss::storage {

std::ostream& operator<<(std::ostream& os, const BatchMetadata& b) {
  return os << fmt::format(
             "BatchMetadata{{writerId={}, batchSequence={}, firstOffset={}, lastOffset={}, "
             "timestamp={}}}",
             b.writer_id, b.batch_sequence, b.first_offset(), b.last_offset, b.timestamp);
}

BatchSequence WriterStateEntry::first_batch_sequence() const {
  return empty() ? kNoBatchSequence : batches_.front().batch_sequence;
}

BatchSequence WriterStateEntry::last_batch_sequence() const {
  return empty() ? kNoBatchSequence : batches_.back().batch_sequence;
}

LogOffset WriterStateEntry::first_data_offset() const {
  return empty() ? kInvalidLogOffset : batches_.front().first_offset();
}

LogOffset WriterStateEntry::last_data_offset() const {
  return empty() ? kInvalidLogOffset : batches_.back().last_offset;
}

int32_t WriterStateEntry::last_offset_delta() const {
  return empty() ? -1 : batches_.back().offset_delta;
}

void WriterStateEntry::add_batch(const BatchMetadata& batch) {
  if (batches_.size() == kNumBatchesToRetain) batches_.pop_front();
  batches_.push_back(batch);
  last_timestamp_ = batch.timestamp;
}

void WriterStateEntry::update(const WriterStateEntry& next) {
  for (const BatchMetadata& batch : next.batches_) {
    if (batches_.size() == kNumBatchesToRetain) batches_.pop_front();
    batches_.push_back(batch);
  }
  last_timestamp_ = next.last_timestamp_;
}

void WriterStateEntry::truncate_to(LogOffset offset) {
  bool dropped = false;
  while (!batches_.empty() && batches_.back().last_offset >= offset) {
    batches_.pop_back();
    dropped = true;
  }
  if (dropped && !batches_.empty()) last_timestamp_ = batches_.back().timestamp;
}

std::optional<BatchMetadata> WriterStateEntry::find_duplicate_batch(BatchSequence sequence) const {
  for (const BatchMetadata& batch : batches_) {
    if (batch.batch_sequence == sequence) return batch;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, const WriterStateEntry& entry) {
  os << "WriterStateEntry{writerId=" << entry.writer_id()
     << ", lastTimestamp=" << entry.last_batch_timestamp() << ", batches=[";
  for (size_t i = 0; i < entry.batches().size(); ++i) {
    os << (i > 0 ? ", " : "") << entry.batches()[i];
  }
  return os << "]}";
}

}  // namespace fluss::storage
