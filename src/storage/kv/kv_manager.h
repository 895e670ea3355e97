// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/configuration.h"
#include "common/result.h"
#include "model/table_info.h"
#include "model/table_path.h"
#include "storage/fs/file_system.h"
#include "storage/kv/kv_snapshot_uploader.h"
#include "storage/kv/kv_tablet.h"
#include "storage/kv/rocksdb_kv.h"
#include "storage/log/log_tablet.h"

namespace fluss::storage {

// The KV tablets of one tablet server (Fluss's KvManager): owns every KvTablet
// and the server-wide KvSharedResources they share, and places each tablet in
// `<data_dir>/<db>/<table>-<id>[/<partition>-p<id>]/kv-<bucket>` (§12.1).
// Each tablet snapshots into remote_kv_tablet_dir(<remote data dir>, ...) and
// restores from there when its local database is missing or corrupt.
// Thread-safe (one mutex over the map; tablet calls happen outside it). The
// LogTablets passed in outlive their KvTablets.
class KvManager {
 public:
  // Reads the kv.rocksdb.* and kv.snapshot.* keys of the server configuration. The
  // remote data dir is the first of remote.data.dirs, else remote.data.dir; with
  // neither set this fails with INVALID_CONFIG_EXCEPTION, as Fluss's servers refuse
  // to start. `remote_fs` is the file system of the remote data dir (null: a
  // PosixFileSystem, for a local or mounted directory); it outlives the manager.
  static Result<std::unique_ptr<KvManager>> create(const Configuration& server_config,
                                                   std::string data_dir,
                                                   FileSystem* remote_fs = nullptr);
  ~KvManager();

  // The bucket's tablet, opened (with recovery from its log) on first use.
  // `schema_getter` and `high_watermark` as in KvTabletParams.
  Result<KvTablet*> get_or_create_kv(const PhysicalTablePath& path, const TableBucket& bucket,
                                     const TableInfo& table, SchemaGetter schema_getter,
                                     LogTablet& log, LogOffset high_watermark);
  // The bucket's open tablet, or null.
  KvTablet* get_kv(const TableBucket& bucket) const;
  // Closes the bucket's tablet and deletes its directory (a bucket that has no
  // open tablet is a no-op).
  Status drop_kv(const TableBucket& bucket);
  // Closes every tablet; the first error is returned after trying all.
  Status close();

  // Where tablets of tables with an auto-increment column get their id counter (one per
  // table, shared by its buckets; the server's is backed by the coordinator). Unset, such
  // tablets fail to open (KvTabletParams::auto_increment_counter). Call before the first
  // get_or_create_kv.
  using AutoIncrementCounterFactory =
      std::function<std::shared_ptr<SequenceIdCounter>(const TableInfo& table)>;
  void set_auto_increment_counter_factory(AutoIncrementCounterFactory factory);

  const std::shared_ptr<KvSharedResources>& resources() const { return resources_; }
  const std::string& data_dir() const { return data_dir_; }
  uint64_t recover_read_bytes() const { return recover_read_bytes_; }
  const std::string& remote_data_dir() const { return remote_data_dir_; }

 private:
  KvManager(std::string data_dir, std::shared_ptr<KvSharedResources> resources,
            uint64_t recover_read_bytes);

  std::string data_dir_;
  std::string remote_data_dir_;
  std::unique_ptr<FileSystem> local_fs_;
  std::unique_ptr<FileSystem> owned_remote_fs_;
  FileSystem* remote_fs_ = nullptr;
  int32_t num_retained_snapshots_ = 2;
  int64_t snapshot_interval_ms_ = 0;
  // Snapshot uploads (kv.snapshot.transfer-thread-num threads); declared before the
  // tablets, so it outlives them: a tablet waits for its upload when it goes away.
  std::unique_ptr<KvSnapshotUploader> uploader_;
  std::shared_ptr<KvSharedResources> resources_;
  uint64_t recover_read_bytes_;
  mutable std::mutex mutex_;
  AutoIncrementCounterFactory auto_increment_counters_;       // guarded by mutex_
  std::map<TableBucket, std::unique_ptr<KvTablet>> tablets_;  // guarded by mutex_
};

}  // namespace fluss::storage
