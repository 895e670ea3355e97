// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_path.h"
#include "storage/fs/file_system.h"
#include "storage/kv/kv_snapshot.h"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace fluss::storage {

// "<remote_data_dir>/kv/<db>/<table>-<tableId>/<bucket>", or with a partition
// ".../<table>-<tableId>/<partitionName>-p<partitionId>/<bucket>" (Java
// FlussPaths.remoteKvTabletDir; fluss-wire.md §12.3). A partition name in `path` requires
// a partition id in `bucket` and the reverse (checked).
std::string remote_kv_tablet_dir(std::string_view remote_data_dir, const PhysicalTablePath& path,
                                 const TableBucket& bucket);

struct KvSnapshotStoreOptions {
  TableBucket table_bucket;
  // The bucket's directory in the snapshot store: remote_kv_tablet_dir(...). Holds
  // shared/<uuid> (.sst files) and snap-<id>/{<uuid>...,_METADATA}.
  std::string remote_tablet_dir;
  // The local kv tablet directory ("<data.dir>/<db>/<table>-<id>/kv-<bucket>"); a snapshot
  // is checkpointed into its snap-<id>/ subdirectory while it uploads.
  std::string local_tablet_dir;
  // kv.snapshot.num-retained: how many completed snapshots to keep (>= 1).
  int32_t num_retained = 2;
};

// Where restore_latest() put a snapshot.
struct RestoredKvSnapshot {
  CompletedSnapshot snapshot;
  // The RocksDB directory it was copied into (the caller's target).
  std::string db_dir;
  // Replay the changelog from here (= snapshot.log_offset).
  LogOffset log_offset;
};

// The KV snapshots of one bucket in the snapshot store (Fluss's RocksIncrementalSnapshot,
// KvSnapshotDataUploader/Downloader and SnapshotsCleaner in one; docs/kv-storage.md
// "Snapshots"). take_snapshot() checkpoints a RocksDB instance and uploads it
// incrementally: an .sst file the previous snapshot of this store already uploaded (same
// local name, same size) is referenced again instead of copied. The _METADATA file is
// written last and atomically, so a snapshot without a readable one does not exist.
// restore_latest() copies the newest usable snapshot into a fresh RocksDB directory.
//
// Errors: RocksDB failures are KV_STORAGE_EXCEPTION naming the bucket and the operation;
// file system failures keep their code (STORAGE_EXCEPTION) and gain the bucket.
//
// A snapshot is taken in two steps so that only the first blocks the tablet's writers:
// checkpoint() (a RocksDB checkpoint into the local tablet dir, hard links after a
// memtable flush) and upload() (copy to the snapshot store, _METADATA, registration and
// retention), which may run on another thread. take_snapshot() does both.
//
// Owned by the bucket's KvTablet. One snapshot (checkpoint to the end of its upload) or
// restore at a time; the RocksDB instance may keep taking writes meanwhile.
// retained_snapshots() and next_snapshot_id() may be called from any thread. The file
// systems outlive it.
struct PendingKvSnapshot {
  int64_t snapshot_id = 0;
  // The local checkpoint directory, removed by upload() whatever its outcome.
  std::string local_dir;
  std::vector<std::string> file_names;
  LogOffset log_offset;
  std::optional<int64_t> row_count;
  std::vector<AutoIncIdRange> auto_inc_id_ranges;
};

class KvSnapshotStore {
 public:
  // Lists the remote tablet dir and keeps its usable snapshots (parseable _METADATA, all
  // files present with their sizes) for retention; new snapshot ids continue after the
  // highest snap-<id> directory, usable or not. `local_fs` is the file system RocksDB
  // writes to (PosixFileSystem), `remote_fs` the snapshot store's.
  static Result<std::unique_ptr<KvSnapshotStore>> open(FileSystem& local_fs, FileSystem& remote_fs,
                                                       KvSnapshotStoreOptions options);

  // Snapshots `db`, which must contain exactly the changes of the changelog below
  // `log_offset` (the caller's flushed changelog offset; the memtable is flushed here).
  // Returns the snapshot with snapshot_incremental_size = the bytes uploaded now. Then
  // applies retention: only the newest num_retained snapshots survive, and shared files
  // no surviving snapshot references are deleted. On failure nothing of the new
  // snapshot remains (best effort) and the previous snapshots are untouched.
  Result<CompletedSnapshot> take_snapshot(rocksdb::DB& db, LogOffset log_offset,
                                          std::optional<int64_t> row_count = std::nullopt);

  // The first step: checkpoints `db` (same contract as take_snapshot) under a new id.
  // On failure nothing of it remains.
  Result<PendingKvSnapshot> checkpoint(rocksdb::DB& db, LogOffset log_offset,
                                       std::optional<int64_t> row_count = std::nullopt,
                                       std::vector<AutoIncIdRange> auto_inc_id_ranges = {});
  // The second step: uploads a checkpoint, writes its _METADATA and only then registers
  // it as the newest snapshot and applies retention. On failure the snapshot's files are
  // removed (best effort) and the previous snapshots stay as they were.
  Result<CompletedSnapshot> upload(PendingKvSnapshot pending);

  // Copies the newest usable snapshot into `db_dir`, which must not exist or be empty,
  // under the files' local names, ready for rocksdb::DB::Open. A snapshot whose
  // _METADATA is missing or corrupt or whose files are missing, short or unreadable is
  // skipped with a warning naming it, and the previous one tried. nullopt if none is
  // usable (start from an empty RocksDB and replay the log from offset 0). The restored
  // snapshot becomes the base of the next incremental snapshot.
  Result<std::optional<RestoredKvSnapshot>> restore_latest(const std::string& db_dir);

  // The usable snapshots this store keeps, oldest first.
  std::vector<CompletedSnapshot> retained_snapshots() const;
  // The id take_snapshot() uses next.
  int64_t next_snapshot_id() const;

 private:
  KvSnapshotStore(FileSystem& local_fs, FileSystem& remote_fs, KvSnapshotStoreOptions options);

  std::string snapshot_dir(int64_t snapshot_id) const;
  std::string shared_dir() const;
  Result<std::vector<int64_t>> list_snapshot_ids() const;
  // The snapshot in snap-<id>/, if its _METADATA parses and describes this bucket and id
  // and all its files exist with their sizes.
  Result<CompletedSnapshot> load_snapshot(int64_t snapshot_id) const;
  Status upload_files(const std::string& local_dir, const std::vector<std::string>& names,
                      int64_t snapshot_id, KvSnapshotHandle& handle,
                      std::vector<std::string>& written);
  Status download(const CompletedSnapshot& snapshot, const std::string& db_dir);
  Status apply_retention();
  Status with_bucket(Status status, std::string_view operation) const;

  FileSystem& local_fs_;
  FileSystem& remote_fs_;
  KvSnapshotStoreOptions options_;
  // Guards retained_ and next_snapshot_id_ for readers on other threads.
  mutable std::mutex mutex_;
  std::vector<CompletedSnapshot> retained_;
  int64_t next_snapshot_id_ = 0;
  // The .sst files of the last snapshot taken or restored by this store, by local name:
  // the files the next snapshot may reuse.
  std::vector<KvFileHandleAndLocalPath> base_sst_files_;
};

}  // namespace fluss::storage
