// SPDX-License-Identifier: Apache-2.0
#include "storage/log/offset_index.h"

#include <algorithm>
#include <limits>

#include "storage/log/index_file.h"

namespace fluss::storage {

Result<std::unique_ptr<OffsetIndex>> OffsetIndex::create(FileSystem& fs, std::string path,
                                                         LogOffset base_offset,
                                                         uint64_t max_bytes) {
  std::unique_ptr<OffsetIndex> index(new OffsetIndex(fs, std::move(path), base_offset, max_bytes));
  auto file = fs.open_for_append(index->path_);
  if (!file.ok()) return log_storage_error(file.status());
  FLUSS_ASSIGN_OR_RETURN(index->file_,
                         reopen_truncated(fs, index->path_, std::move(file).value(), 0));
  return index;
}

Result<std::unique_ptr<OffsetIndex>> OffsetIndex::open(FileSystem& fs, std::string path,
                                                       LogOffset base_offset, uint64_t max_bytes,
                                                       uint64_t log_size) {
  std::unique_ptr<OffsetIndex> index(new OffsetIndex(fs, std::move(path), base_offset, max_bytes));
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
    const int32_t relative = load_be<int32_t>(bytes.data() + at);
    const int32_t position = load_be<int32_t>(bytes.data() + at + 4);
    const OffsetPosition entry{base_offset + relative, static_cast<uint32_t>(position)};
    const bool ordered =
        index->entries_.empty() || (entry.offset > index->entries_.back().offset &&
                                    entry.position > index->entries_.back().position);
    if (relative < 0 || position < 0 || !ordered || entry.position >= log_size) {
      return corrupt_index(index->path_,
                           fmt::format("entry {} (offset {}, position {}) is out of order or "
                                       "past the log's {} bytes",
                                       at / kEntrySize, entry.offset, position, log_size));
    }
    index->entries_.push_back(entry);
  }
  return index;
}

Status OffsetIndex::append(LogOffset offset, uint64_t position) {
  const int64_t relative = offset - base_offset_;
  FLUSS_CHECK(relative >= 0 && relative <= std::numeric_limits<int32_t>::max(),
              "offset {} does not fit index {}", offset, path_);
  FLUSS_CHECK(position <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max()),
              "position {} does not fit index {}", position, path_);
  FLUSS_CHECK(entries_.empty() || offset > entries_.back().offset,
              "index {}: offset {} is not above the last entry", path_, offset);
  FLUSS_CHECK(!is_full(), "index {} is full", path_);
  uint8_t entry[kEntrySize];
  store_be<int32_t>(entry, static_cast<int32_t>(relative));
  store_be<int32_t>(entry + 4, static_cast<int32_t>(position));
  FLUSS_RETURN_IF_ERROR(log_storage_error(file_->append(ByteView(entry, kEntrySize))));
  entries_.push_back({offset, position});
  return Status::OK();
}

OffsetPosition OffsetIndex::lookup(LogOffset target) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), target,
                             [](LogOffset t, const OffsetPosition& e) { return t < e.offset; });
  if (it == entries_.begin()) return {base_offset_, 0};
  return *std::prev(it);
}

Status OffsetIndex::truncate_to(LogOffset offset) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), offset,
                             [](const OffsetPosition& e, LogOffset t) { return e.offset < t; });
  return truncate_entries(static_cast<size_t>(it - entries_.begin()));
}

Status OffsetIndex::reset() { return truncate_entries(0); }

Status OffsetIndex::truncate_entries(size_t count) {
  FLUSS_ASSIGN_OR_RETURN(file_, reopen_truncated(fs_, path_, std::move(file_), count * kEntrySize));
  entries_.resize(count);
  return Status::OK();
}

Status OffsetIndex::sync() { return log_storage_error(file_->sync()); }

}  // namespace fluss::storage
