// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "model/ids.h"
#include "storage/fs/file_system.h"
#include "storage/log/log_config.h"
#include "storage/log/offset_index.h"
#include "storage/log/time_index.h"

namespace fluss::storage {

// Whole batches of a segment's .log to send as they are (sendfile where the
// file has a native handle). The file is shared so that a slice stays readable
// while a fetch is in flight, even if the segment is deleted meanwhile.
struct FileSlice {
  std::shared_ptr<const RandomAccessFile> file;
  uint64_t position = 0;
  uint64_t size = 0;
};

// Reads the bytes of `slice` into `out`.
Status read_slice(const FileSlice& slice, ByteBuffer& out);

// Whether a read returns the first batch even if it is larger than max_bytes
// (Fluss's minOneMessage: a fetch must make progress).
enum class MinOneBatch { kNo, kYes };

// "00000000000000000042.log", ".index", ".timeindex" (fluss-wire.md §12.1).
std::string log_file_name(LogOffset base_offset);
std::string offset_index_file_name(LogOffset base_offset);
std::string time_index_file_name(LogOffset base_offset);

// One segment of a log tablet (Fluss's LogSegment): `<base>.log` holding
// offset-assigned batches exactly as on the wire, with its sparse `.index` and
// `.timeindex`. Offsets in the segment are contiguous from base_offset() up to
// next_offset(). Not thread-safe: the owner (LogTablet) serialises mutations
// and excludes its readers with its own lock while it calls publish(),
// truncate_to() or recover(); write() and sync() need no exclusion from const
// calls, which read only bytes below size().
// Disk errors are LOG_STORAGE_EXCEPTION naming the file.
class LogSegment {
 public:
  // Opens the segment of `base_offset` in `dir`, creating empty files if
  // missing. The next offset and largest timestamp come from the indexes' last
  // entries plus the batch headers after the last offset index entry (not a
  // scan of the whole file). Indexes that fail their checks (offset_index.h)
  // are rebuilt from the log with recover(); a torn tail is not looked for
  // (call recover()).
  static Result<std::unique_ptr<LogSegment>> open(FileSystem& fs, std::string dir,
                                                  LogOffset base_offset, const LogConfig& config);
  ~LogSegment();

  // Appends `batches` (whole batches, offsets already assigned from
  // next_offset() up to `largest_offset`), whose largest commit timestamp is
  // `max_timestamp`, carried by the batch of base `offset_of_max_timestamp`.
  // Adds index entries every index_interval_bytes.
  // = write() + publish().
  Status append(LogOffset largest_offset, int64_t max_timestamp, LogOffset offset_of_max_timestamp,
                ByteView batches);
  // The two halves of append(), so that an owner can write the bytes without
  // holding the lock its readers take, and publish them under it: write() puts
  // the bytes in the file after the last ones written (a partial write is cut
  // off) and changes nothing a reader sees; publish() makes `bytes` more of them
  // part of the segment (size, next offset, largest timestamp, index entries --
  // in memory and an 8- and a 12-byte index file append).
  Status write(ByteView batches);
  Status publish(LogOffset largest_offset, int64_t max_timestamp, LogOffset offset_of_max_timestamp,
                 uint64_t bytes);

  // Whole batches from the one containing `start_offset`, at most `max_bytes`
  // (unless MinOneBatch and the first is larger) and ending at or before byte
  // `max_position`; nullopt if `start_offset` is at or past next_offset().
  Result<std::optional<FileSlice>> read(LogOffset start_offset, uint64_t max_bytes,
                                        uint64_t max_position,
                                        MinOneBatch min_one = MinOneBatch::kYes) const;

  // The byte position where the batch containing `offset` starts; size() if
  // `offset` >= next_offset(), 0 if it is below base_offset().
  Result<uint64_t> position_of(LogOffset offset) const;

  // The first batch at or after `starting_offset` whose commit timestamp is >=
  // `timestamp`: its timestamp and max(its base offset, starting_offset).
  Result<std::optional<TimestampOffset>> find_offset_by_timestamp(int64_t timestamp,
                                                                  LogOffset starting_offset) const;

  // Validates every batch (LogRecordBatch::ensure_valid, offsets increasing and
  // within the segment), truncates the log at the first invalid or partial one,
  // and rebuilds both indexes. Returns the bytes truncated.
  Result<uint64_t> recover();

  // Removes the batches from the one containing `offset` on, and their index
  // entries. Returns the bytes removed (0 if `offset` >= next_offset()).
  Result<uint64_t> truncate_to(LogOffset offset);

  // Makes the log and both indexes durable.
  Status sync();

  // True if appending `incoming_bytes` ending at `largest_offset` must go to a
  // new segment: too large, an index full, or offsets not relative to the base.
  bool should_roll(uint64_t segment_bytes, uint64_t incoming_bytes, LogOffset largest_offset) const;

  uint64_t size() const { return size_; }
  LogOffset base_offset() const { return base_offset_; }
  LogOffset next_offset() const { return next_offset_; }
  // The largest commit timestamp in the segment, or -1.
  int64_t max_timestamp() const { return max_timestamp_.timestamp; }
  const std::string& log_path() const { return log_path_; }
  const OffsetIndex& offset_index() const { return *offset_index_; }
  const TimeIndex& time_index() const { return *time_index_; }

 private:
  struct BatchHeader;
  struct Located;

  LogSegment(FileSystem& fs, std::string dir, LogOffset base_offset, const LogConfig& config);
  // Reads the header fields of the batch at `position`, or nullopt if fewer
  // bytes than its header or than its claimed size are left below `limit`.
  Result<std::optional<BatchHeader>> read_header(uint64_t position, uint64_t limit) const;
  // The batch containing `offset` (< next_offset_), scanning from the index.
  Result<Located> locate(LogOffset offset) const;
  // Recomputes next_offset_, max_timestamp_ (of the scanned batches) and
  // bytes_since_last_index_entry_ from the batch headers at and after byte
  // `from` (a batch start: 0 or an offset index entry's position).
  Status scan_headers(uint64_t from);
  // Raises max_timestamp_ to the time index's last entry (which covers the
  // batches before the last offset index entry).
  void merge_time_index_max();
  // The error of every write once log_ was lost (a partial write not cut off).
  Status offline() const;

  FileSystem& fs_;  // outlives the segment
  std::string dir_;
  std::string log_path_;
  LogOffset base_offset_;
  LogConfig config_;
  std::unique_ptr<WritableFile> log_;
  std::shared_ptr<const RandomAccessFile> reader_;
  std::unique_ptr<OffsetIndex> offset_index_;
  std::unique_ptr<TimeIndex> time_index_;
  uint64_t size_ = 0;
  LogOffset next_offset_;
  TimestampOffset max_timestamp_;
  uint64_t bytes_since_last_index_entry_ = 0;
};

}  // namespace fluss::storage
