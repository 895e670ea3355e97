// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/ids.h"

namespace fluss::storage {

// One writer's entry of a `<offset>.writer_snapshot` file (Java WriterSnapshotEntry):
// the metadata of the writer's last batch only. The format is in
// docs/log-storage.md (fluss-wire.md §12.1).
struct WriterSnapshotEntry {
  WriterId writer_id;
  BatchSequence last_batch_sequence;
  // The LAST offset of the writer's last batch, although Fluss's JSON key is
  // "last_batch_base_offset".
  LogOffset last_batch_last_offset;
  int32_t last_batch_offset_delta = 0;  // last offset - base offset of that batch
  int64_t last_batch_timestamp = 0;     // its commit timestamp

  friend bool operator==(const WriterSnapshotEntry&, const WriterSnapshotEntry&) = default;
};

std::ostream& operator<<(std::ostream& os, const WriterSnapshotEntry& entry);

// Fluss's snapshot JSON, compact, keys in Java's order, entries in the given order:
// {"version":1,"writer_id_entries":[{"writer_id":…,"last_batch_sequence":…,
// "last_batch_base_offset":…,"offset_delta":…,"last_batch_timestamp":…},…]}.
std::string serialize_writer_snapshot(std::span<const WriterSnapshotEntry> entries);

// Parses a snapshot written by Fluss or by serialize_writer_snapshot. Every failure
// means the content is corrupt (the caller then rebuilds the state from the log):
// LOG_STORAGE_EXCEPTION "Corrupt writer snapshot <file_name>: <why>". Rejected:
// invalid JSON, version other than 1, missing keys or non-integer values, values
// outside their Java type, a writer id or sequence < 0, an offset delta < 0 or
// greater than the last offset, and a writer id listed twice.
Result<std::vector<WriterSnapshotEntry>> parse_writer_snapshot(std::string_view json,
                                                               std::string_view file_name);

// The writer snapshot files to delete as strays when a tablet is loaded (Java
// WriterStateManager.removeStraySnapshots): every snapshot whose offset is not the
// base offset of a segment, except the largest such one, which a clean shutdown
// leaves at the log end -- unless it lies below the largest segment base offset.
// Returned in ascending order.
std::vector<LogOffset> stray_writer_snapshots(std::span<const LogOffset> snapshot_offsets,
                                              std::span<const LogOffset> segment_base_offsets);

}  // namespace fluss::storage
