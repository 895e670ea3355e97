// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_path.h"

namespace fluss::storage {

// One file of a KV snapshot in the snapshot store (Java KvFileHandle): its path in
// the remote file system and its size in bytes.
struct KvFileHandle {
  std::string path;
  int64_t size = 0;

  friend bool operator==(const KvFileHandle&, const KvFileHandle&) = default;
};

// A snapshot file and the name RocksDB gives it locally ("000012.sst", "CURRENT",
// "MANIFEST-000005", ...) (Java KvFileHandleAndLocalPath).
struct KvFileHandleAndLocalPath {
  KvFileHandle kv_file_handle;
  std::string local_path;

  friend bool operator==(const KvFileHandleAndLocalPath&,
                         const KvFileHandleAndLocalPath&) = default;
};

// The files of one snapshot (Java KvSnapshotHandle): the .sst files, which live in the
// bucket's shared/ directory and may be reused by later snapshots, the other RocksDB
// files, private to the snapshot's snap-<id>/ directory, and the bytes this snapshot
// uploaded itself (files reused from an earlier snapshot do not count).
struct KvSnapshotHandle {
  std::vector<KvFileHandleAndLocalPath> shared_file_handles;
  std::vector<KvFileHandleAndLocalPath> private_file_handles;
  int64_t snapshot_incremental_size = 0;

  friend bool operator==(const KvSnapshotHandle&, const KvSnapshotHandle&) = default;
};

// The id range an auto-increment column had reserved when the snapshot was taken
// (Java AutoIncIDRange).
struct AutoIncIdRange {
  int32_t column_id = 0;
  int64_t start = 0;
  int64_t end = 0;

  friend bool operator==(const AutoIncIdRange&, const AutoIncIdRange&) = default;
};

// A completed KV snapshot of one bucket (Java CompletedSnapshot): what its _METADATA
// file and the COMMIT_KV_SNAPSHOT request carry (docs/kv-storage.md "Snapshots",
// fluss-wire.md §12.5). Restoring it gives the RocksDB state that contains every
// change of the bucket's changelog below `log_offset`.
struct CompletedSnapshot {
  TableBucket table_bucket;
  int64_t snapshot_id = 0;
  // The snapshot's remote directory, "<remote kv tablet dir>/snap-<id>".
  std::string snapshot_location;
  KvSnapshotHandle kv_snapshot_handle;
  LogOffset log_offset;
  std::optional<int64_t> row_count;
  // Empty means absent: Fluss writes the key only for a non-empty list.
  std::vector<AutoIncIdRange> auto_inc_id_ranges;

  // The total size of its files (shared and private).
  int64_t total_size() const;

  friend bool operator==(const CompletedSnapshot&, const CompletedSnapshot&) = default;
};

std::ostream& operator<<(std::ostream& os, const CompletedSnapshot& snapshot);

// Fluss's JSON, exactly as Jackson writes it for CompletedSnapshotJsonSerde: compact,
// keys in Java's order, optional keys only when set.
std::string to_json(const CompletedSnapshot& snapshot);

// Parses a document written by Fluss or by to_json (keys in any order). Every failure
// is KV_STORAGE_EXCEPTION "Corrupt kv snapshot metadata <source>: <why>". Rejected:
// invalid JSON, a version other than 1, missing keys, values of the wrong JSON type or
// outside their Java type, negative ids, offsets and sizes, and a local_path that is not
// a plain file name (restore writes each file under it into the RocksDB directory).
Result<CompletedSnapshot> completed_snapshot_from_json(std::string_view json,
                                                       std::string_view source);

}  // namespace fluss::storage
