// SPDX-License-Identifier: Apache-2.0
#include "storage/log/time_index.h"

#include <algorithm>
#include <limits>

#include "storage/log/index_file.h"

namespace fluss::storage {

Result<std::unique_ptr<TimeIndex>> TimeIndex::create(FileSystem& fs, std::string path,
                                                     LogOffset base_offset, uint64_t max_bytes) {
  std::unique_ptr<TimeIndex> index(new TimeIndex(fs, std::move(path), base_offset, max_bytes));
  auto file = fs.open_for_append(index->path_);
  if (!file.ok()) return log_storage_error(file.status());
  FLUSS_ASSIGN_OR_RETURN(index->file_,
                         reopen_truncated(fs, index->path_, std::move(file).value(), 0));
  return index;
}

Result<std::unique_ptr<TimeIndex>> TimeIndex::open(FileSystem& fs, std::string path,
                                                   LogOffset base_offset, uint64_t max_bytes,
                                                   LogOffset next_offset) {
  std::unique_ptr<TimeIndex> index(new TimeIndex(fs, std::move(path), base_offset, max_bytes));
  auto file = fs.open_for_append(index->path_);
  if (!file.ok()) return log_storage_error(file.status());
  index->file_ = std::move(file).value();
  ByteBuffer bytes;
  FLUSS_RETURN_IF_ERROR(log_storage_error(read_file(fs, index->path_, bytes)));
  if (bytes.size() % kEntrySize != 0) {
    return corrupt_index(index->path_,
                         fmt::format("size {} is no multiple of {}", bytes.size(), kEntrySize));
  }
  for (size_t at = 0; at < bytes.size(); at += kEntrySize) {
    const int64_t timestamp = load_be<int64_t>(bytes.data() + at);
    const int32_t relative = load_be<int32_t>(bytes.data() + at + 8);
    const TimestampOffset entry{timestamp, base_offset + relative};
    const bool ordered = index->entries_.empty() || (timestamp > index->entries_.back().timestamp &&
                                                     entry.offset >= index->entries_.back().offset);
    if (relative < 0 || !ordered || entry.offset >= next_offset) {
      return corrupt_index(index->path_,
                           fmt::format("entry {} (timestamp {}, offset {}) is out of order or "
                                       "past the log's next offset {}",
                                       at / kEntrySize, timestamp, entry.offset, next_offset));
    }
    index->entries_.push_back(entry);
  }
  return index;
}

Status TimeIndex::maybe_append(int64_t timestamp, LogOffset offset) {
  if (!entries_.empty() && timestamp <= entries_.back().timestamp) return Status::OK();
  const int64_t relative = offset - base_offset_;
  FLUSS_CHECK(relative >= 0 && relative <= std::numeric_limits<int32_t>::max(),
              "offset {} does not fit time index {}", offset, path_);
  FLUSS_CHECK(entries_.empty() || offset >= entries_.back().offset,
              "time index {}: offset {} is below the last entry", path_, offset);
  FLUSS_CHECK(!is_full(), "time index {} is full", path_);
  uint8_t entry[kEntrySize];
  store_be<int64_t>(entry, timestamp);
  store_be<int32_t>(entry + 8, static_cast<int32_t>(relative));
  FLUSS_RETURN_IF_ERROR(log_storage_error(file_->append(ByteView(entry, kEntrySize))));
  entries_.push_back({timestamp, offset});
  return Status::OK();
}

TimestampOffset TimeIndex::lookup(int64_t timestamp) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), timestamp,
                             [](int64_t t, const TimestampOffset& e) { return t < e.timestamp; });
  if (it == entries_.begin()) return {-1, base_offset_};
  return *std::prev(it);
}

TimestampOffset TimeIndex::last_entry() const {
  return entries_.empty() ? TimestampOffset{-1, base_offset_} : entries_.back();
}

Status TimeIndex::truncate_to(LogOffset offset) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), offset,
                             [](const TimestampOffset& e, LogOffset t) { return e.offset < t; });
  return truncate_entries(static_cast<size_t>(it - entries_.begin()));
}

Status TimeIndex::reset() { return truncate_entries(0); }

Status TimeIndex::truncate_entries(size_t count) {
  FLUSS_ASSIGN_OR_RETURN(file_, reopen_truncated(fs_, path_, std::move(file_), count * kEntrySize));
  entries_.resize(count);
  return Status::OK();
}

Status TimeIndex::sync() { return log_storage_error(file_->sync()); }

}  // namespace fluss::storage
