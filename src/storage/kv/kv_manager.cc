// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_manager.h"

#include <filesystem>
#include <utility>

#include "common/config_options.h"
#include "storage/fs/posix_file_system.h"
#include "storage/kv/kv_snapshot_store.h"
#include "storage/log/fluss_paths.h"

namespace fluss::storage {

Result<std::unique_ptr<KvManager>> KvManager::create(const Configuration& server_config,
                                                     std::string data_dir, FileSystem* remote_fs) {
  // FlussConfigUtils.getDefaultRemoteDataDir: the first of remote.data.dirs, else
  // remote.data.dir; a server with neither does not start.
  FLUSS_ASSIGN_OR_RETURN(const std::vector<std::string> remote_dirs,
                         server_config.get(ConfigOptions::kRemoteDataDirs));
  FLUSS_ASSIGN_OR_RETURN(const std::optional<std::string> remote_dir,
                         server_config.get_optional(ConfigOptions::kRemoteDataDir));
  std::string remote_data_dir;
  if (!remote_dirs.empty()) {
    remote_data_dir = remote_dirs.front();
  } else if (remote_dir) {
    remote_data_dir = *remote_dir;
  } else {
    return make_error(ErrorCode::kInvalidConfigException,
                      "Either remote.data.dir or remote.data.dirs must be configured.");
  }
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<KvSharedResources> resources,
                         KvSharedResources::create(server_config));
  FLUSS_ASSIGN_OR_RETURN(const MemorySize recover_bytes,
                         server_config.get(ConfigOptions::kKvRecoverLogRecordBatchMaxSize));
  FLUSS_ASSIGN_OR_RETURN(const int32_t num_retained,
                         server_config.get(ConfigOptions::kKvMaxRetainedSnapshots));
  if (num_retained < 1) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "kv.snapshot.num-retained must be at least 1, got {}", num_retained);
  }
  FLUSS_ASSIGN_OR_RETURN(const std::chrono::milliseconds interval,
                         server_config.get(ConfigOptions::kKvSnapshotInterval));
  FLUSS_ASSIGN_OR_RETURN(const int32_t transfer_threads,
                         server_config.get(ConfigOptions::kKvSnapshotTransferThreadNum));
  std::unique_ptr<KvManager> manager(
      new KvManager(std::move(data_dir), std::move(resources),
                    static_cast<uint64_t>(std::max<int64_t>(recover_bytes.bytes, 1))));
  manager->remote_data_dir_ = std::move(remote_data_dir);
  manager->local_fs_ = std::make_unique<PosixFileSystem>();
  if (remote_fs == nullptr) {
    manager->owned_remote_fs_ = std::make_unique<PosixFileSystem>();
    remote_fs = manager->owned_remote_fs_.get();
  }
  manager->remote_fs_ = remote_fs;
  manager->num_retained_snapshots_ = num_retained;
  manager->snapshot_interval_ms_ = interval.count();
  manager->uploader_ = std::make_unique<KvSnapshotUploader>(transfer_threads);
  return manager;
}

KvManager::KvManager(std::string data_dir, std::shared_ptr<KvSharedResources> resources,
                     uint64_t recover_read_bytes)
    : data_dir_(std::move(data_dir)),
      resources_(std::move(resources)),
      recover_read_bytes_(recover_read_bytes) {}

KvManager::~KvManager() { close().ignore_error(); }

Result<KvTablet*> KvManager::get_or_create_kv(const PhysicalTablePath& path,
                                              const TableBucket& bucket, const TableInfo& table,
                                              SchemaGetter schema_getter, LogTablet& log,
                                              LogOffset high_watermark) {
  std::lock_guard lock(mutex_);
  if (auto it = tablets_.find(bucket); it != tablets_.end()) return it->second.get();
  std::shared_ptr<SequenceIdCounter> counter;
  if (auto_increment_counters_ && !table.schema().auto_increment_column_names().empty()) {
    counter = auto_increment_counters_(table);
  }
  FLUSS_ASSIGN_OR_RETURN(
      std::unique_ptr<KvTablet> tablet,
      KvTablet::open(
          KvTabletParams{
              .bucket = bucket,
              .kv_dir = tablet_dir(data_dir_, path, bucket, TabletType::kKv),
              .table = table,
              .schema_getter = std::move(schema_getter),
              .resources = resources_,
              .high_watermark = high_watermark,
              .recover_read_bytes = recover_read_bytes_,
              .snapshot =
                  KvTabletSnapshotParams{
                      .local_fs = local_fs_.get(),
                      .remote_fs = remote_fs_,
                      .remote_tablet_dir = remote_kv_tablet_dir(remote_data_dir_, path, bucket),
                      .num_retained = num_retained_snapshots_,
                      .interval_ms = snapshot_interval_ms_,
                      .upload_executor =
                          [uploader = uploader_.get()](std::function<void()> task) {
                            uploader->submit(std::move(task));
                          },
                  },
              .auto_increment_counter = std::move(counter)},
          log));
  KvTablet* raw = tablet.get();
  tablets_.emplace(bucket, std::move(tablet));
  return raw;
}

void KvManager::set_auto_increment_counter_factory(AutoIncrementCounterFactory factory) {
  std::lock_guard lock(mutex_);
  auto_increment_counters_ = std::move(factory);
}

KvTablet* KvManager::get_kv(const TableBucket& bucket) const {
  std::lock_guard lock(mutex_);
  const auto it = tablets_.find(bucket);
  return it == tablets_.end() ? nullptr : it->second.get();
}

Status KvManager::drop_kv(const TableBucket& bucket) {
  std::unique_ptr<KvTablet> tablet;
  {
    std::lock_guard lock(mutex_);
    auto it = tablets_.find(bucket);
    if (it == tablets_.end()) return Status::OK();
    tablet = std::move(it->second);
    tablets_.erase(it);
  }
  FLUSS_RETURN_IF_ERROR(tablet->close());
  const std::string dir = tablet->kv_dir();
  tablet.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) {
    return make_error(ErrorCode::kKvStorageException, "{}: cannot delete {}: {}",
                      bucket.to_string(), dir, ec.message());
  }
  return Status::OK();
}

Status KvManager::close() {
  std::map<TableBucket, std::unique_ptr<KvTablet>> tablets;
  {
    std::lock_guard lock(mutex_);
    tablets.swap(tablets_);
  }
  Status first;
  for (auto& [bucket, tablet] : tablets) {
    Status s = tablet->close();
    if (!s.ok() && first.ok()) first = std::move(s);
  }
  return first;
}

}  // namespace fluss::storage
