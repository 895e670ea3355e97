// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/ids.h"
#include "storage/fs/file_system.h"

namespace fluss::storage {

// A timestamp and the base offset of the batch that carries it.
struct TimestampOffset {
  int64_t timestamp = -1;
  LogOffset offset;
  bool operator==(const TimestampOffset&) const = default;
};

// A segment's sparse time index (Fluss's TimeIndex, `<base>.timeindex`): entries
// of int64 BE timestamp (the largest commit timestamp so far), int32 BE offset -
// base (the base offset of the batch carrying it). Timestamps strictly increase,
// offsets do not decrease. Same file policy and error rules as OffsetIndex.
class TimeIndex {
 public:
  static constexpr size_t kEntrySize = 12;

  // `next_offset` bounds the offsets a valid entry may name.
  static Result<std::unique_ptr<TimeIndex>> open(FileSystem& fs, std::string path,
                                                 LogOffset base_offset, uint64_t max_bytes,
                                                 LogOffset next_offset);
  static Result<std::unique_ptr<TimeIndex>> create(FileSystem& fs, std::string path,
                                                   LogOffset base_offset, uint64_t max_bytes);

  // Adds an entry if `timestamp` is above the last entry's (as Fluss does);
  // `offset` must not be below the last entry's.
  Status maybe_append(int64_t timestamp, LogOffset offset);
  // The last entry with a timestamp <= `timestamp`, or {-1, base offset}.
  TimestampOffset lookup(int64_t timestamp) const;
  // The last entry, or {-1, base offset}.
  TimestampOffset last_entry() const;
  Status truncate_to(LogOffset offset);
  Status reset();
  Status sync();

  bool is_full() const { return (entries_.size() + 1) * kEntrySize > max_bytes_; }
  size_t entry_count() const { return entries_.size(); }
  const std::vector<TimestampOffset>& entries() const { return entries_; }
  const std::string& path() const { return path_; }

 private:
  TimeIndex(FileSystem& fs, std::string path, LogOffset base_offset, uint64_t max_bytes)
      : fs_(fs), path_(std::move(path)), base_offset_(base_offset), max_bytes_(max_bytes) {}
  Status truncate_entries(size_t count);

  FileSystem& fs_;  // outlives the index
  std::string path_;
  LogOffset base_offset_;
  uint64_t max_bytes_;
  std::vector<TimestampOffset> entries_;
  std::unique_ptr<WritableFile> file_;
};

}  // namespace fluss::storage
