// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/ids.h"
#include "storage/fs/file_system.h"

namespace fluss::storage {

// The storage error `status` as LOG_STORAGE_EXCEPTION (the log's code for disk
// failures), message kept.
Status log_storage_error(const Status& status);
// CORRUPT_RECORD_EXCEPTION "index file <path>: <what>".
Status corrupt_index(const std::string& path, std::string_view what);
// Closes `file`, cuts `path` to `size` bytes and opens it again for append.
Result<std::unique_ptr<WritableFile>> reopen_truncated(FileSystem& fs, const std::string& path,
                                                       std::unique_ptr<WritableFile> file,
                                                       uint64_t size);

// What OffsetIndex and TimeIndex share (Fluss's AbstractIndex): fixed-size
// entries kept in memory and appended to a file that holds exactly them (no
// preallocation; Java reads such a file as a trimmed index). `Entry` has
// kSize, encode(base, out) and decode(base, in). One owner; not thread-safe.
template <typename Entry>
class IndexFile {
 public:
  static constexpr size_t kEntrySize = Entry::kSize;

  // Drops every entry.
  Status reset() { return truncate_entries(0); }
  Status sync() { return log_storage_error(file_->sync()); }

  bool is_full() const { return (entries_.size() + 1) * kEntrySize > max_bytes_; }
  size_t entry_count() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }
  LogOffset base_offset() const { return base_offset_; }
  const std::string& path() const { return path_; }

 protected:
  IndexFile(FileSystem& fs, std::string path, LogOffset base_offset, uint64_t max_bytes)
      : fs_(fs), path_(std::move(path)), base_offset_(base_offset), max_bytes_(max_bytes) {}

  // Opens the file emptied (created if missing), for a rebuild.
  Status create_file() {
    auto file = fs_.open_for_append(path_);
    if (!file.ok()) return log_storage_error(file.status());
    file_ = std::move(file).value();
    return truncate_entries(0);
  }

  // Opens the file (created if missing) and decodes its entries. A size that is
  // no multiple of kEntrySize, or an entry for which `check(entry, previous or
  // nullptr)` is false, is corrupt_index().
  template <typename Check>
  Status load_file(Check check) {
    auto file = fs_.open_for_append(path_);
    if (!file.ok()) return log_storage_error(file.status());
    file_ = std::move(file).value();
    ByteBuffer bytes;
    FLUSS_RETURN_IF_ERROR(log_storage_error(read_file(fs_, path_, bytes)));
    if (bytes.size() % kEntrySize != 0) {
      return corrupt_index(path_,
                           fmt::format("size {} is no multiple of {}", bytes.size(), kEntrySize));
    }
    for (size_t at = 0; at < bytes.size(); at += kEntrySize) {
      const Entry entry = Entry::decode(base_offset_, bytes.data() + at);
      if (!check(entry, entries_.empty() ? nullptr : &entries_.back())) {
        return corrupt_index(
            path_, fmt::format("entry {} is out of order or out of range", at / kEntrySize));
      }
      entries_.push_back(entry);
    }
    return Status::OK();
  }

  Status add(const Entry& entry) {
    uint8_t bytes[kEntrySize];
    entry.encode(base_offset_, bytes);
    FLUSS_RETURN_IF_ERROR(log_storage_error(file_->append(ByteView(bytes, kEntrySize))));
    entries_.push_back(entry);
    return Status::OK();
  }

  Status truncate_entries(size_t count) {
    FLUSS_ASSIGN_OR_RETURN(file_,
                           reopen_truncated(fs_, path_, std::move(file_), count * kEntrySize));
    entries_.resize(count);
    return Status::OK();
  }

  FileSystem& fs_;  // outlives the index
  std::string path_;
  LogOffset base_offset_;
  uint64_t max_bytes_;
  std::vector<Entry> entries_;
  std::unique_ptr<WritableFile> file_;
};

}  // namespace fluss::storage
