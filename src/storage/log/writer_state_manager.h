// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_path.h"
#include "record/log_record_batch.h"
#include "storage/log/writer_append_info.h"
#include "storage/log/writer_snapshot.h"
#include "storage/log/writer_state_entry.h"

namespace fluss::storage {

// The writer-state effect of one append request, checked but not applied: one
// WriterAppendInfo per writer id, in order of first appearance.
class WriterStateUpdate {
 public:
  bool empty() const { return writers_.empty(); }
  const std::vector<WriterAppendInfo>& writers() const { return writers_; }

 private:
  friend class WriterStateManager;
  std::vector<WriterAppendInfo> writers_;
};

// What prepare_append found for one request.
struct PreparedAppend {
  // Set on the leader when a batch repeats one of its writer's retained batches: the
  // whole request is a duplicate and must not be appended; the producer is answered
  // with these ORIGINAL offsets (first_offset() .. last_offset) and timestamp.
  std::optional<BatchMetadata> duplicate;
  // Otherwise the update to commit() once the log append has succeeded.
  WriterStateUpdate update;
};

// Idempotent-write state of one table bucket's log (Java WriterStateManager; rules in
// fluss-wire.md §5.6): per writer id the metadata of its last 5 batches. Used in two
// phases so that a failed log append changes nothing: prepare_append() checks a
// request's batches against the committed state, commit() applies the result after
// the append succeeded. The state covers the log up to map_end_offset() (exclusive),
// the offset a snapshot of it is named after.
//
// No file I/O: snapshots go out and come in as bytes (serialize_snapshot /
// load_snapshot) and the LogTablet owns the files. Owned by the LogTablet; not
// thread-safe (the tablet calls it under its lock).
class WriterStateManager {
 public:
  // server.writer-id.expiration-time
  static constexpr std::chrono::milliseconds kDefaultWriterExpiration = std::chrono::days(7);

  explicit WriterStateManager(
      TableBucket bucket, std::chrono::milliseconds writer_expiration = kDefaultWriterExpiration);

  const TableBucket& table_bucket() const { return bucket_; }
  std::chrono::milliseconds writer_expiration() const { return writer_expiration_; }

  // Checks the batches of one request, in order, whose offsets and commit timestamps
  // are already assigned. Batches without a writer id are skipped. A batch whose
  // sequence is one of its writer's retained batches (committed state only, as in
  // Java) makes the whole request a duplicate: on the leader the result carries that
  // batch's metadata; otherwise (follower, recovery) it is
  // DUPLICATE_SEQUENCE_EXCEPTION. Any other batch must continue its writer's
  // sequence (WriterAppendInfo::append, OUT_OF_ORDER_SEQUENCE_EXCEPTION). `now_ms`
  // decides whether a batch's commit timestamp is expired.
  Result<PreparedAppend> prepare_append(std::span<const WriterBatch> batches, AppendOrigin origin,
                                        int64_t now_ms) const;
  Result<PreparedAppend> prepare_append(std::span<const LogRecordBatch> batches,
                                        AppendOrigin origin, int64_t now_ms) const;

  // Applies a prepared update (after the log append succeeded). The caller then
  // moves map_end_offset past the appended batches.
  void commit(const WriterStateUpdate& update);

  // Rebuilds state from batches already in the log (recovery after loading a
  // snapshot, or after a truncation): follower rules, no duplicate check (Java
  // loadWritersFromRecords). All or nothing: on OUT_OF_ORDER_SEQUENCE_EXCEPTION
  // nothing changes. Does not move map_end_offset.
  Status replay(std::span<const WriterBatch> batches, int64_t now_ms);
  Status replay(std::span<const LogRecordBatch> batches, int64_t now_ms);

  // The lower-level steps prepare_append is made of (Java prepareUpdate / update):
  // an append info for `writer_id` starting from its committed state, and applying
  // one. update() requires a writer id other than kNoWriterId (checked).
  WriterAppendInfo prepare_update(WriterId writer_id) const;
  void update(const WriterAppendInfo& append_info);

  // Whether a batch committed at `commit_timestamp` is older than the expiry time.
  bool is_batch_expired(int64_t now_ms, int64_t commit_timestamp) const;
  // Drops writers whose last batch is older than the expiry time
  // (server.writer-id.expiration-time); returns how many.
  size_t remove_expired_writers(int64_t now_ms);

  // Drops the metadata of batches whose last offset is >= `offset`, and writers left
  // without batches; map_end_offset becomes min(map_end_offset, offset). Returns the
  // number of writers dropped: if that is not 0 the state is less than the log holds
  // before `offset` (their older batches were not retained), and a caller that needs
  // it exact reloads a snapshot and replays the log (truncate_fully_and_start_at,
  // load_snapshot, replay).
  size_t truncate_to(LogOffset offset);
  // Forgets every writer; the state now covers the log up to `offset`
  // (Java truncateFullyAndStartAt).
  void truncate_fully_and_start_at(LogOffset offset);

  LogOffset map_end_offset() const { return map_end_offset_; }
  void update_map_end_offset(LogOffset offset) { map_end_offset_ = offset; }

  // The committed state of `writer_id`, or nullptr if it has none.
  const WriterStateEntry* last_entry(WriterId writer_id) const;
  const std::map<WriterId, WriterStateEntry>& active_writers() const { return writers_; }
  size_t writer_id_count() const { return writers_.size(); }
  bool empty() const { return writers_.empty(); }

  // The snapshot of the current state: each writer's last batch, by writer id.
  std::vector<WriterSnapshotEntry> snapshot_entries() const;
  // Its JSON, to be stored as writer_snapshot_file_name(map_end_offset()).
  std::string serialize_snapshot() const;
  // Replaces the state by the snapshot `json` (read from `file_name`, which is named
  // after `snapshot_offset`), without the writers already expired at `now_ms`;
  // map_end_offset becomes `snapshot_offset`. A corrupt snapshot is
  // parse_writer_snapshot's error and changes nothing: the caller tries an older
  // snapshot or replays the log from its start.
  Status load_snapshot(std::string_view json, std::string_view file_name, LogOffset snapshot_offset,
                       int64_t now_ms);
  // The same from parsed entries.
  void load_snapshot_entries(std::span<const WriterSnapshotEntry> entries,
                             LogOffset snapshot_offset, int64_t now_ms);

 private:
  bool is_writer_expired(int64_t now_ms, const WriterStateEntry& entry) const;

  TableBucket bucket_;
  std::chrono::milliseconds writer_expiration_;
  std::map<WriterId, WriterStateEntry> writers_;
  LogOffset map_end_offset_{0};
};

}  // namespace fluss::storage
