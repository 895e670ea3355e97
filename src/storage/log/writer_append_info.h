// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

#include "common/status.h"
#include "model/ids.h"
#include "model/table_path.h"
#include "record/log_record_batch.h"
#include "storage/log/writer_state_entry.h"

namespace fluss::storage {

// The header fields of one batch that writer state looks at, taken from an
// offset-assigned LogRecordBatch (of()) or given directly.
struct WriterBatch {
  WriterId writer_id;
  BatchSequence batch_sequence;
  LogOffset base_offset;
  LogOffset last_offset;
  int64_t commit_timestamp = 0;

  static WriterBatch of(const LogRecordBatch& batch);
  // Writer id -1 (kNoWriterId) marks a batch without idempotence: never checked.
  bool has_writer_id() const { return writer_id != kNoWriterId; }
};

// Who appends: the leader checks a writer's first batch strictly; a follower (and
// replay of the log on recovery) accepts any first sequence, because the leader's
// and follower's expiry of a writer can differ (Java isAppendAsLeader).
enum class AppendOrigin { kLeader, kFollower, kRecovery };

// The batches of one writer within one append request, checked against the
// writer's state before the request (Java WriterAppendInfo). Holds a copy of that
// state: building and filling one changes nothing in the WriterStateManager.
class WriterAppendInfo {
 public:
  WriterAppendInfo(const TableBucket& bucket, WriterStateEntry current);

  WriterId writer_id() const { return current_.writer_id(); }

  // Checks that `batch` continues the writer's sequence and records it. In sequence:
  // last + 1; 0 after INT32_MAX; for a writer without state, 0 on the leader and any
  // value on a follower or when `writer_in_batch_expired` (the batch's commit
  // timestamp is older than the expiry time). Otherwise
  // OUT_OF_ORDER_SEQUENCE_EXCEPTION naming the writer, the batch's last offset, the
  // bucket and the incoming, current and expected sequences; nothing is recorded.
  Status append(const WriterBatch& batch, AppendOrigin origin, bool writer_in_batch_expired);

  // The batches recorded so far (to be added to the writer's state on commit).
  const WriterStateEntry& to_entry() const { return updated_; }

 private:
  TableBucket bucket_;
  WriterStateEntry current_;
  WriterStateEntry updated_;
};

}  // namespace fluss::storage
