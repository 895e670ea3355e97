// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "storage/log/index_file.h"

namespace fluss::storage {

// A timestamp and the base offset of the batch that carries it. Encoded as
// int64 BE timestamp, int32 BE offset - base.
struct TimestampOffset {
  static constexpr size_t kSize = 12;

  int64_t timestamp = -1;
  LogOffset offset;

  void encode(LogOffset base, uint8_t* out) const;
  static TimestampOffset decode(LogOffset base, const uint8_t* in);
  bool operator==(const TimestampOffset&) const = default;
};

// A segment's sparse time index (Fluss's TimeIndex, `<base>.timeindex`,
// docs/log-storage.md): the largest commit timestamp so far and the batch
// carrying it. Timestamps strictly increase, offsets do not decrease.
class TimeIndex : public IndexFile<TimestampOffset> {
 public:
  // As OffsetIndex::open; `next_offset` bounds the offsets a valid entry names.
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

 private:
  using IndexFile::IndexFile;
};

}  // namespace fluss::storage
