// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "model/ids.h"
#include "storage/fs/file_system.h"
#include "storage/log/log_config.h"
#include "storage/log/log_segment.h"

namespace fluss::storage {

// What an append did (Fluss's LogAppendInfo, the parts known so far).
struct LogAppendInfo {
  LogOffset first_offset;  // base offset of the first batch
  LogOffset last_offset;   // last offset of the last batch
  int64_t commit_timestamp = -1;
  int32_t batch_count = 0;
  uint64_t bytes = 0;
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
// bytes to the active segment, rolling it at log.segment.file-size. Nothing is
// durable before flush() (or a roll, which syncs the old segment).
//
// Owned by the replica; not thread-safe (the owner serialises calls). The file
// system outlives the tablet.
class LogTablet {
 public:
  // Opens the tablet in `dir` (created if missing): every segment is recovered
  // (torn or corrupt tails truncated, indexes rebuilt); segments after one that
  // lost bytes are deleted, as their offsets no longer follow.
  static Result<std::unique_ptr<LogTablet>> open(FileSystem& fs, std::string dir, LogConfig config,
                                                 Clock clock = system_clock_ms);
  ~LogTablet();

  // Appends the batches in `batches` (a produce request's records) as leader.
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

  // Makes every appended batch durable.
  Status flush();

  LogOffset log_start_offset() const { return segments_.begin()->second->base_offset(); }
  LogOffset log_end_offset() const { return active().next_offset(); }
  size_t segment_count() const { return segments_.size(); }
  const std::string& dir() const { return dir_; }

 private:
  LogTablet(FileSystem& fs, std::string dir, LogConfig config, Clock clock);
  Status load_segments();
  Status roll();
  LogSegment& active() const { return *segments_.rbegin()->second; }
  Status corrupt(size_t batch_index, uint64_t position, const Status& cause) const;

  FileSystem& fs_;
  std::string dir_;
  LogConfig config_;
  Clock clock_;
  std::map<LogOffset, std::unique_ptr<LogSegment>> segments_;  // by base offset; never empty
  int64_t max_timestamp_ = -1;  // the largest commit timestamp in the log
};

}  // namespace fluss::storage
