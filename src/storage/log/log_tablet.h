// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "model/ids.h"
#include "storage/fs/file_system.h"
#include "storage/log/log_config.h"
#include "storage/log/log_segment.h"
#include "storage/log/writer_state_manager.h"

namespace fluss::storage {

// What an append did (Fluss's LogAppendInfo, the parts known so far).
struct LogAppendInfo {
  LogOffset first_offset;  // base offset of the first batch
  LogOffset last_offset;   // last offset of the last batch
  int64_t commit_timestamp = -1;
  int32_t batch_count = 0;
  uint64_t bytes = 0;
  // The request repeated batches of an idempotent writer: nothing was appended and
  // the offsets and timestamp are those of the ORIGINAL batch (fluss-wire.md §5.6).
  bool duplicate = false;
};

// What a read found: whole batches, or nothing at the end of the log.
struct FetchDataInfo {
  LogOffset fetch_offset;
  std::optional<FileSlice> slice;  // nullopt: no batch to return yet
};

// Milliseconds since the epoch, for commit timestamps; tests pass their own.
using Clock = std::function<int64_t()>;
int64_t system_clock_ms();

// The log of one table bucket on one tablet server (Fluss's LogTablet over
// LocalLog): a directory of LogSegments with contiguous offsets from
// log_start_offset() to log_end_offset(). Appends validate each batch, set its
// BaseOffset and CommitTimestamp in place (fluss-wire.md §5.7) and write its
// bytes to the active segment, rolling it at log.segment.file-size (or, with
// LogConfig::segment_ms, when its first batch is that old). Nothing is
// durable before flush(), a roll (which syncs the old segments) or an append
// reaching log.flush.interval-messages; recovery_point() tells how far.
//
// Idempotent writes (§5.6): a WriterStateManager checks each request's batches
// and is updated only after their bytes are in the segment. Its state is saved as
// `<offset>.writer_snapshot` on every roll and on close(), and rebuilt on open
// from the newest valid snapshot plus the batches after it.
//
// close() leaves a clean-shutdown marker (kCleanShutdownFileName) in the tablet
// directory; open() with the marker trusts segment sizes and indexes (no CRC scan)
// and removes it.
//
// Owned by the replica; the file system outlives the tablet.
//
// Threading: one appender, any number of readers; appends never block readers.
// Every mutating call (append, flush, close, truncate_*, delete_expired_segments,
// remove_expired_writers) comes from one thread at a time (the owner serialises
// them). read(), offset_for_timestamp(), log_start_offset(), log_end_offset(),
// segment_count(), segment_base_offsets() and size_in_bytes() may be called from
// any thread concurrently with them. An append writes its bytes to the active
// segment WITHOUT the tablet's lock (mu_), then, under it, publishes them (the
// segment's size, next offset and index entries, then the atomic log end): a
// reader sees a batch only once all its bytes are in the file, and reads only
// below the published size, so the bytes it returns are never rewritten. The
// lock is held for that publication, a roll's insertion of the new segment and
// retention's removal of one; never across a log write, an fsync or a snapshot.
// Truncation (rare, for followers) holds it throughout, so readers wait for it.
// A FileSlice stays readable after its segment is deleted. writer_state(),
// segments_recovered() is for the owner's thread; recovery_point() may be read anywhere.
class LogTablet {
 public:
  // Opens the tablet in `dir` (created if missing). Files left by an
  // interrupted segment deletion (`*.deleted`, indexes without their .log) are
  // removed first, never loaded. Without a clean-shutdown marker every segment
  // is recovered (torn or corrupt tails truncated, indexes
  // rebuilt) and segments after one that lost bytes are deleted, as their offsets
  // no longer follow; with it, nothing is scanned and the marker is removed. Then
  // writer state is loaded: snapshots above the log end and strays are deleted, a
  // corrupt snapshot is deleted and an older one tried, and the batches after the
  // snapshot are replayed. The table bucket (for messages) comes from `dir` when
  // it is a Fluss tablet directory (parse_tablet_dir).
  //
  // `recovery_point` (the LogManager's recovery-point-offset-checkpoint entry)
  // limits an unclean open to the segments holding offsets at or above it (the
  // segment containing it and every later one, as Java's LogLoader); those
  // below were flushed and are opened like after a clean shutdown. nullopt:
  // every segment is recovered.
  static Result<std::unique_ptr<LogTablet>> open(
      FileSystem& fs, std::string dir, LogConfig config, Clock clock = system_clock_ms,
      std::optional<LogOffset> recovery_point = std::nullopt);
  ~LogTablet();

  // Appends the batches in `batches` (a produce request's records) as leader.
  // Idempotent writers' batches are checked first: a request repeating a retained
  // batch appends nothing and returns that batch's original offsets with
  // `duplicate` set; a sequence gap is OUT_OF_ORDER_SEQUENCE_EXCEPTION naming the
  // writer, the sequences, the bucket and the tablet directory. A failed append
  // leaves writer state unchanged.
  // A batch failing LogRecords/ensure_valid, or trailing bytes that are no whole
  // batch, is CORRUPT_RECORD_EXCEPTION naming the tablet directory and the
  // batch, and nothing is appended; batches larger in total than a segment are
  // RECORD_TOO_LARGE_EXCEPTION; disk failures LOG_STORAGE_EXCEPTION (a partial
  // write is cut off, so the log stays appendable).
  Result<LogAppendInfo> append(std::span<uint8_t> batches);

  // Whole batches from the one containing `offset`, at most `max_bytes` (but at
  // least one batch), none at or past `max_offset` (the high watermark; nullopt:
  // the log end). An offset outside [log_start_offset(), log_end_offset()] is
  // LOG_OFFSET_OUT_OF_RANGE_EXCEPTION.
  Result<FetchDataInfo> read(LogOffset offset, uint64_t max_bytes,
                             std::optional<LogOffset> max_offset = std::nullopt) const;

  // Makes every appended batch durable: syncs the segments from the one holding
  // recovery_point() on, which then moves to the log end. An append also flushes
  // once log_end_offset() - recovery_point() reaches
  // LogConfig::flush_interval_messages (log.flush.interval-messages).
  Status flush();
  // Every batch below this offset is durable (Java's recovery point): moved by
  // flush(), a roll (to the new segment's base) and close(); after open() it is
  // the log end after a clean shutdown, else min(the `recovery_point` given to
  // open() or the log start, the log end).
  LogOffset recovery_point() const { return recovery_point_.load(); }

  // Clean shutdown: syncs the active segment, writes the writer snapshot at the
  // log end and the clean-shutdown marker. Every later call but the destructor is
  // LOG_STORAGE_EXCEPTION.
  Status close();

  // Drops writers idle longer than server.writer-id.expiration-time (the
  // LogManager calls this periodically); returns how many.
  size_t remove_expired_writers(int64_t now_ms);

  // For a follower: removes every batch from the one containing `offset` on
  // (whole segments above it are deleted), their index entries and the writer
  // snapshots above the new log end, and rebuilds writer state. No-op if `offset`
  // >= log_end_offset(); below log_start_offset() it is truncate_fully_and_start_at.
  Status truncate_to(LogOffset offset);
  // Deletes every segment and writer snapshot; the log restarts empty at `offset`.
  Status truncate_fully_and_start_at(LogOffset offset);

  // The base offset of the first batch whose commit timestamp is >= `timestamp`
  // (Fluss's lookupOffsetForTimestamp, via the segments' time indexes); nullopt
  // if `timestamp` is above every commit timestamp in the log.
  Result<std::optional<LogOffset>> offset_for_timestamp(int64_t timestamp) const;

  // Retention: deletes the oldest SEALED segments (never the active one), oldest
  // first and stopping at the first one kept, while the segment's largest commit
  // timestamp is more than `ttl_ms` before `now_ms` (table.log.ttl; nullopt or
  // <= 0: no limit), or while the log's total size exceeds `retention_bytes`
  // (nullopt: no limit) -- and only while the NEXT segment's base offset is at or
  // below `high_watermark`, so that no batch a follower may still need (or a
  // consumer not yet seen) goes. With LogConfig::roll_active_segment_on_retention,
  // when every sealed segment goes, the active one is non-empty and expired, and
  // `high_watermark` >= log_end_offset(), the active segment is rolled so that the
  // next run can delete it (Java cleanupExpiredSegments).
  // The log start offset moves to the next segment's base (it is the first
  // segment's base, so it survives a reopen), reads below it are
  // LOG_OFFSET_OUT_OF_RANGE_EXCEPTION, and writer snapshots below it are deleted.
  // Returns how many segments were deleted.
  Result<size_t> delete_expired_segments(int64_t now_ms, LogOffset high_watermark,
                                         std::optional<int64_t> ttl_ms,
                                         std::optional<int64_t> retention_bytes);

  const WriterStateManager& writer_state() const { return writer_state_; }
  // How many segments open() CRC-scanned (0 after a clean shutdown; those at
  // or above the recovery point after an unclean one).
  size_t segments_recovered() const { return segments_recovered_; }

  LogOffset log_start_offset() const {
    return LogOffset(log_start_.load(std::memory_order_acquire));
  }
  LogOffset log_end_offset() const { return LogOffset(log_end_.load(std::memory_order_acquire)); }
  size_t segment_count() const;
  // The base offset of every segment, ascending (the last is the active one).
  std::vector<LogOffset> segment_base_offsets() const;
  // The bytes of every segment's log file.
  uint64_t size_in_bytes() const;
  const std::string& dir() const { return dir_; }

 private:
  LogTablet(FileSystem& fs, std::string dir, LogConfig config, Clock clock);
  Status load_segments(std::optional<LogOffset> recovery_point);
  Status load_writer_state();
  // Reads the writer batches of the log from `offset` to the log end.
  Result<std::vector<WriterBatch>> writer_batches_from(LogOffset offset) const;
  Status write_writer_snapshot();
  // Renames the segment's files to `<name>.deleted`, syncs the directory, then
  // removes them.
  Status delete_segment_files(LogOffset base);
  // Removes `.deleted` files and indexes without a .log among `names` (sorted)
  // of the tablet directory.
  Status remove_leftover_files(const std::vector<std::string>& names);
  Status delete_writer_snapshots_above(LogOffset offset);
  Status delete_writer_snapshots_below(LogOffset offset);
  Status roll();
  // Stores log_start_ and log_end_ from the segments; under mu_.
  void publish_offsets();
  // Syncs every segment holding offsets at or above recovery_point_.
  Status sync_from_recovery_point();
  // Whether config_.segment_ms has passed since the active segment's first batch
  // was committed, at commit timestamp `now`.
  Result<bool> time_roll_due(int64_t now);
  Status check_open() const;
  LogSegment& active() const { return *segments_.rbegin()->second; }
  Status corrupt(size_t batch_index, uint64_t position, const Status& cause) const;

  FileSystem& fs_;
  std::string dir_;
  LogConfig config_;
  Clock clock_;
  // Guards segments_ (the map, and the state of its segments that readers use)
  // against concurrent readers; the owner's thread reads both without it.
  mutable std::mutex mu_;
  std::map<LogOffset, std::unique_ptr<LogSegment>> segments_;  // by base offset; never empty
  // The published log start and end offsets (readers need no lock for them).
  std::atomic<int64_t> log_start_{0};
  std::atomic<int64_t> log_end_{0};
  int64_t max_timestamp_ = -1;  // the largest commit timestamp in the log
  // The commit timestamp of the active segment's first batch, once read.
  std::optional<int64_t> active_first_timestamp_;
  WriterStateManager writer_state_;
  size_t segments_recovered_ = 0;
  std::atomic<LogOffset> recovery_point_{LogOffset(0)};  // written by the owner, read by the LogManager
  bool closed_ = false;
};

}  // namespace fluss::storage
