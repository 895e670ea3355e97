// SPDX-License-Identifier: Apache-2.0
#include "storage/log/offset_index.h"

#include <algorithm>
#include <limits>

namespace fluss::storage {

void OffsetPosition::encode(LogOffset base, uint8_t* out) const {
  store_be<int32_t>(out, static_cast<int32_t>(offset - base));
  store_be<int32_t>(out + 4, static_cast<int32_t>(position));
}

OffsetPosition OffsetPosition::decode(LogOffset base, const uint8_t* in) {
  // A negative position becomes huge and fails the range check of open().
  return {base + load_be<int32_t>(in), static_cast<uint64_t>(int64_t{load_be<int32_t>(in + 4)})};
}

Result<std::unique_ptr<OffsetIndex>> OffsetIndex::create(FileSystem& fs, std::string path,
                                                         LogOffset base_offset,
                                                         uint64_t max_bytes) {
  std::unique_ptr<OffsetIndex> index(new OffsetIndex(fs, std::move(path), base_offset, max_bytes));
  FLUSS_RETURN_IF_ERROR(index->create_file());
  return index;
}

Result<std::unique_ptr<OffsetIndex>> OffsetIndex::open(FileSystem& fs, std::string path,
                                                       LogOffset base_offset, uint64_t max_bytes,
                                                       uint64_t log_size) {
  std::unique_ptr<OffsetIndex> index(new OffsetIndex(fs, std::move(path), base_offset, max_bytes));
  FLUSS_RETURN_IF_ERROR(
      index->load_file([&](const OffsetPosition& entry, const OffsetPosition* previous) {
        return entry.offset >= base_offset && entry.position < log_size &&
               (previous == nullptr ||
                (entry.offset > previous->offset && entry.position > previous->position));
      }));
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
  return add({offset, position});
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

}  // namespace fluss::storage
