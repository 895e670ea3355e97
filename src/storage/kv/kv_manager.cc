// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_manager.h"

#include <filesystem>
#include <utility>

#include "common/config_options.h"
#include "storage/log/fluss_paths.h"

namespace fluss::storage {

Result<std::unique_ptr<KvManager>> KvManager::create(const Configuration& server_config,
                                                     std::string data_dir) {
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<KvSharedResources> resources,
                         KvSharedResources::create(server_config));
  FLUSS_ASSIGN_OR_RETURN(const MemorySize recover_bytes,
                         server_config.get(ConfigOptions::kKvRecoverLogRecordBatchMaxSize));
  return std::unique_ptr<KvManager>(
      new KvManager(std::move(data_dir), std::move(resources),
                    static_cast<uint64_t>(std::max<int64_t>(recover_bytes.bytes, 1))));
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
  FLUSS_ASSIGN_OR_RETURN(
      std::unique_ptr<KvTablet> tablet,
      KvTablet::open(KvTabletParams{.bucket = bucket,
                                    .kv_dir = tablet_dir(data_dir_, path, bucket, TabletType::kKv),
                                    .table = table,
                                    .schema_getter = std::move(schema_getter),
                                    .resources = resources_,
                                    .high_watermark = high_watermark,
                                    .recover_read_bytes = recover_read_bytes_},
                     log));
  KvTablet* raw = tablet.get();
  tablets_.emplace(bucket, std::move(tablet));
  return raw;
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
