// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as a `<offset>.writer_snapshot` file. Must never crash;
// whatever parses must survive a write/read round trip unchanged and load into a
// WriterStateManager whose own snapshot reads back the same.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/log/writer_snapshot.h"
#include "storage/log/writer_state_manager.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  using namespace fluss::storage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<std::vector<WriterSnapshotEntry>> entries = parse_writer_snapshot(text, "fuzz");
  if (!entries.ok()) return 0;

  const std::string written = serialize_writer_snapshot(*entries);
  Result<std::vector<WriterSnapshotEntry>> reread = parse_writer_snapshot(written, "fuzz");
  if (!reread.ok() || *reread != *entries) abort();

  // Loaded with a clock at the epoch with expiry "never", so no writer is dropped.
  WriterStateManager manager(TableBucket(TableId(1), BucketId(0)),
                             std::chrono::milliseconds::max());
  if (!manager.load_snapshot(text, "fuzz", LogOffset(0), INT64_MIN).ok()) abort();
  Result<std::vector<WriterSnapshotEntry>> loaded =
      parse_writer_snapshot(manager.serialize_snapshot(), "fuzz");
  if (!loaded.ok() || loaded->size() != entries->size()) abort();
  return 0;
}
