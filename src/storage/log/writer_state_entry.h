// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>

#include "model/ids.h"

namespace fluss::storage {

// What the server remembers of one appended batch of an idempotent writer
// (Java WriterStateEntry.BatchMetadata).
struct BatchMetadata {
  WriterId writer_id;
  BatchSequence batch_sequence;
  LogOffset last_offset;
  int32_t offset_delta = 0;  // last_offset - first offset
  int64_t timestamp = 0;     // the batch's commit timestamp

  // Wrapping (never UB) for metadata of a corrupt batch.
  LogOffset first_offset() const {
    return LogOffset(static_cast<int64_t>(static_cast<uint64_t>(last_offset.value()) -
                                          static_cast<uint64_t>(int64_t{offset_delta})));
  }

  friend bool operator==(const BatchMetadata&, const BatchMetadata&) = default;
};

std::ostream& operator<<(std::ostream& os, const BatchMetadata& batch);

// The state of one writer id on one bucket (Java WriterStateEntry): the metadata of
// its last kNumBatchesToRetain batches, oldest first, and the timestamp of its last
// batch, which drives expiry. A value type; not thread-safe.
class WriterStateEntry {
 public:
  // Matches the Java client's default of 5 in-flight requests per bucket.
  static constexpr size_t kNumBatchesToRetain = 5;

  explicit WriterStateEntry(WriterId writer_id, int64_t last_timestamp = -1)
      : writer_id_(writer_id), last_timestamp_(last_timestamp) {}

  WriterId writer_id() const { return writer_id_; }
  bool empty() const { return batches_.empty(); }
  const std::deque<BatchMetadata>& batches() const { return batches_; }

  // Of the oldest / newest retained batch; kNoBatchSequence, kInvalidLogOffset and
  // -1 when empty.
  BatchSequence first_batch_sequence() const;
  BatchSequence last_batch_sequence() const;
  LogOffset first_data_offset() const;
  LogOffset last_data_offset() const;
  int32_t last_offset_delta() const;
  int64_t last_batch_timestamp() const { return last_timestamp_; }

  // Appends `batch`, dropping the oldest beyond kNumBatchesToRetain, and takes its
  // timestamp as the last one.
  void add_batch(const BatchMetadata& batch);
  // Appends `next`'s batches in order and takes its last timestamp (committing a
  // WriterAppendInfo).
  void update(const WriterStateEntry& next);
  // Drops the batches whose last offset is >= `offset`; the last timestamp becomes
  // that of the newest batch kept (unchanged if none is dropped).
  void truncate_to(LogOffset offset);

  // The retained batch with sequence `sequence`, if any.
  std::optional<BatchMetadata> find_duplicate_batch(BatchSequence sequence) const;

  friend bool operator==(const WriterStateEntry&, const WriterStateEntry&) = default;

 private:
  WriterId writer_id_;
  int64_t last_timestamp_;
  std::deque<BatchMetadata> batches_;
};

std::ostream& operator<<(std::ostream& os, const WriterStateEntry& entry);

}  // namespace fluss::storage
