// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/ids.h"
#include "storage/fs/file_system.h"

namespace fluss::storage {

// An offset and the byte position in the segment's .log of the batch set that
// ends at it.
struct OffsetPosition {
  LogOffset offset;
  uint64_t position = 0;
  bool operator==(const OffsetPosition&) const = default;
};

// A segment's sparse offset index (Fluss's OffsetIndex, `<base>.index`): entries
// of int32 BE offset - base, int32 BE position (docs/log-storage.md). Entries are
// kept in memory and appended to the file; the file holds exactly the entries
// (no preallocation), which Java reads as a trimmed index. Strictly increasing
// offsets and positions. One owner (the segment); not thread-safe.
class OffsetIndex {
 public:
  static constexpr size_t kEntrySize = 8;

  // Opens `path`, creating it empty if missing, and loads its entries. A file
  // whose size is no multiple of 8, or whose entries are not increasing, or
  // point at or past `log_size`, is CORRUPT_RECORD_EXCEPTION naming the file:
  // the caller rebuilds the index from the log (reset + append).
  static Result<std::unique_ptr<OffsetIndex>> open(FileSystem& fs, std::string path,
                                                   LogOffset base_offset, uint64_t max_bytes,
                                                   uint64_t log_size);
  // Opens `path` emptied, for a rebuild.
  static Result<std::unique_ptr<OffsetIndex>> create(FileSystem& fs, std::string path,
                                                     LogOffset base_offset, uint64_t max_bytes);

  // Adds an entry; `offset` must be above the last entry's and fit in int32
  // relative to the base, and the index must not be full.
  Status append(LogOffset offset, uint64_t position);
  // The last entry with an offset <= `target`, or {base offset, 0}.
  OffsetPosition lookup(LogOffset target) const;
  // Drops the entries with offset >= `offset`.
  Status truncate_to(LogOffset offset);
  // Drops every entry.
  Status reset();
  Status sync();

  bool is_full() const { return (entries_.size() + 1) * kEntrySize > max_bytes_; }
  size_t entry_count() const { return entries_.size(); }
  const std::vector<OffsetPosition>& entries() const { return entries_; }
  LogOffset base_offset() const { return base_offset_; }
  const std::string& path() const { return path_; }

 private:
  OffsetIndex(FileSystem& fs, std::string path, LogOffset base_offset, uint64_t max_bytes)
      : fs_(fs), path_(std::move(path)), base_offset_(base_offset), max_bytes_(max_bytes) {}
  Status truncate_entries(size_t count);

  FileSystem& fs_;  // outlives the index
  std::string path_;
  LogOffset base_offset_;
  uint64_t max_bytes_;
  std::vector<OffsetPosition> entries_;
  std::unique_ptr<WritableFile> file_;
};

}  // namespace fluss::storage
