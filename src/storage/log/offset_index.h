// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "storage/log/index_file.h"

namespace fluss::storage {

// An offset and the byte position in the segment's .log of the batch set that
// ends at it. Encoded as int32 BE offset - base, int32 BE position.
struct OffsetPosition {
  static constexpr size_t kSize = 8;

  LogOffset offset;
  uint64_t position = 0;

  void encode(LogOffset base, uint8_t* out) const;
  static OffsetPosition decode(LogOffset base, const uint8_t* in);
  bool operator==(const OffsetPosition&) const = default;
};

// A segment's sparse offset index (Fluss's OffsetIndex, `<base>.index`,
// docs/log-storage.md): strictly increasing offsets and positions.
class OffsetIndex : public IndexFile<OffsetPosition> {
 public:
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

 private:
  using IndexFile::IndexFile;
};

}  // namespace fluss::storage
