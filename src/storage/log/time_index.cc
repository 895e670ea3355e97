// SPDX-License-Identifier: Apache-2.0
#include "storage/log/time_index.h"

#include <algorithm>
#include <limits>

namespace fluss::storage {

void TimestampOffset::encode(LogOffset base, uint8_t* out) const {
  store_be<int64_t>(out, timestamp);
  store_be<int32_t>(out + 8, static_cast<int32_t>(offset - base));
}

TimestampOffset TimestampOffset::decode(LogOffset base, const uint8_t* in) {
  return {load_be<int64_t>(in), base + load_be<int32_t>(in + 8)};
}

Result<std::unique_ptr<TimeIndex>> TimeIndex::create(FileSystem& fs, std::string path,
                                                     LogOffset base_offset, uint64_t max_bytes) {
  std::unique_ptr<TimeIndex> index(new TimeIndex(fs, std::move(path), base_offset, max_bytes));
  FLUSS_RETURN_IF_ERROR(index->create_file());
  return index;
}

Result<std::unique_ptr<TimeIndex>> TimeIndex::open(FileSystem& fs, std::string path,
                                                   LogOffset base_offset, uint64_t max_bytes,
                                                   LogOffset next_offset) {
  std::unique_ptr<TimeIndex> index(new TimeIndex(fs, std::move(path), base_offset, max_bytes));
  FLUSS_RETURN_IF_ERROR(
      index->load_file([&](const TimestampOffset& entry, const TimestampOffset* previous) {
        return entry.offset >= base_offset && entry.offset < next_offset &&
               (previous == nullptr ||
                (entry.timestamp > previous->timestamp && entry.offset >= previous->offset));
      }));
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
  return add({timestamp, offset});
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

}  // namespace fluss::storage
