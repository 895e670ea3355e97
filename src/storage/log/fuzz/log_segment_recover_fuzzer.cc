// SPDX-License-Identifier: Apache-2.0
// Arbitrary bytes as a segment's .log (and, for inputs of even size, as its
// .index and .timeindex too): open, reads, recover() and a LogTablet over the
// directory must never crash, and what survives recovery must be whole, valid
// batches.
#include <cstddef>
#include <cstdint>

#include "common/check.h"
#include "record/log_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/log/log_segment.h"
#include "storage/log/log_tablet.h"

using namespace fluss;
using namespace fluss::storage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemFileSystem fs;
  if (!fs.create_dirs("/d").ok()) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fs.set_contents("/d/00000000000000000000.log", bytes);
  if (size % 2 == 0) {
    fs.set_contents("/d/00000000000000000000.index", bytes);
    fs.set_contents("/d/00000000000000000000.timeindex", bytes);
  }
  auto segment = LogSegment::open(fs, "/d", LogOffset(0), LogConfig{.index_interval_bytes = 64});
  if (!segment.ok()) return 0;
  LogSegment& s = **segment;
  // Reads before recovery must fail cleanly, not crash.
  (void)s.read(LogOffset(0), 1 << 16, s.size());
  if (!s.recover().ok()) return 0;
  for (int64_t offset = 0; offset < s.next_offset().value() && offset < 64; ++offset) {
    auto slice = s.read(LogOffset(offset), 1 << 16, s.size());
    FLUSS_CHECK(slice.ok() && slice->has_value(), "offset {} below next offset unreadable", offset);
    ByteBuffer bytes;
    FLUSS_CHECK(read_slice(**slice, bytes).ok(), "slice unreadable");
    LogRecords records(bytes.view());
    while (true) {
      auto batch = records.next_batch();
      FLUSS_CHECK(batch.ok(), "recovered segment has a corrupt batch");
      if (!batch->has_value()) break;
      FLUSS_CHECK((*batch)->is_valid(), "recovered batch fails ensure_valid");
    }
    FLUSS_CHECK(records.position() == bytes.size(), "slice of partial batches");
  }
  (void)s.find_offset_by_timestamp(0, LogOffset(0));
  (void)s.truncate_to(LogOffset(1));
  segment->reset();

  auto log = LogTablet::open(fs, "/d", LogConfig{.index_interval_bytes = 64}, [] { return 0; });
  if (!log.ok()) return 0;
  (void)(*log)->read(LogOffset(0), 1 << 16);
  return 0;
}
