// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_snapshot_store.h"

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/utilities/checkpoint.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <random>
#include <set>

#include "common/check.h"
#include "common/logging.h"

namespace fluss::storage {

namespace {

constexpr std::string_view kSnapshotDirPrefix = "snap-";
constexpr std::string_view kSharedDir = "shared";
constexpr std::string_view kMetadataFile = "_METADATA";
constexpr std::string_view kSstSuffix = ".sst";
// Files are copied in chunks of this size.
constexpr size_t kCopyChunk = 4 << 20;
// A restore of more bytes than this logs its progress every kProgressStep bytes.
constexpr uint64_t kProgressStep = 256ull << 20;

// A random (version 4) UUID, the name of an uploaded file (Java UUID.randomUUID()).
std::string random_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng();
  uint64_t lo = rng();
  hi = (hi & ~0xF000ull) | 0x4000ull;              // version 4
  lo = (lo & ~(0xC0ull << 56)) | (0x80ull << 56);  // IETF variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF,
                     hi & 0xFFFF, lo >> 48, lo & 0xFFFFFFFFFFFFull);
}

// The id of a "snap-<id>" directory name; nullopt for any other name.
std::optional<int64_t> snapshot_id_of(std::string_view name) {
  if (!name.starts_with(kSnapshotDirPrefix)) return std::nullopt;
  const std::string_view digits = name.substr(kSnapshotDirPrefix.size());
  // Canonical decimal only ("snap-01" is not snapshot 1's directory).
  if (digits.empty() || digits.size() > 18 || (digits.size() > 1 && digits[0] == '0')) {
    return std::nullopt;
  }
  int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id < 0) return std::nullopt;
  return id;
}

// Copies `from` (in `src`) to the new file `to` (in `dst`) and syncs it; returns its size.
Result<uint64_t> copy_file(const FileSystem& src, const std::string& from, FileSystem& dst,
                           const std::string& to) {
  FLUSS_ASSIGN_OR_RETURN(auto in, src.open_for_read(from));
  FLUSS_ASSIGN_OR_RETURN(uint64_t size, in->size());
  FLUSS_ASSIGN_OR_RETURN(auto out, dst.open_for_append(to));
  if (out->size() != 0) {
    return make_error(ErrorCode::kStorageException, "copy {} to {}: the target is not empty", from,
                      to);
  }
  ByteBuffer chunk;
  for (uint64_t pos = 0; pos < size;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kCopyChunk, size - pos));
    FLUSS_RETURN_IF_ERROR(in->read_at(pos, n, chunk));
    if (chunk.size() != n) {
      return make_error(ErrorCode::kStorageException,
                        "copy {} to {}: the source ended at {} bytes, expected {}", from, to,
                        pos + chunk.size(), size);
    }
    FLUSS_RETURN_IF_ERROR(out->append(chunk.view()));
    pos += n;
  }
  FLUSS_RETURN_IF_ERROR(out->sync());
  FLUSS_RETURN_IF_ERROR(out->close());
  return size;
}

// Removes `dir` and the files in it (snapshot directories have no subdirectories).
Status remove_flat_dir(FileSystem& fs, const std::string& dir) {
  FLUSS_ASSIGN_OR_RETURN(bool exists, fs.exists(dir));
  if (!exists) return Status::OK();
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, fs.list(dir));
  for (const std::string& name : names) FLUSS_RETURN_IF_ERROR(fs.remove(join_path(dir, name)));
  return fs.remove(dir);
}

Status rocksdb_error(const rocksdb::Status& s, const TableBucket& bucket,
                     std::string_view operation) {
  return make_error(ErrorCode::kKvStorageException, "{} of {}: RocksDB: {}", operation,
                    bucket.to_string(), s.ToString());
}

}  // namespace

std::string remote_kv_tablet_dir(std::string_view remote_data_dir, const PhysicalTablePath& path,
                                 const TableBucket& bucket) {
  FLUSS_CHECK(path.partition_name.has_value() == bucket.partition_id.has_value(),
              "remote kv tablet dir of {} for {}: partition name and partition id go together",
              path.to_string(), bucket.to_string());
  std::string dir = join_path(remote_data_dir, "kv");
  dir +=
      fmt::format("/{}/{}-{}/", path.table_path.database, path.table_path.table, bucket.table_id);
  if (path.partition_name) {
    dir += fmt::format("{}-p{}/", *path.partition_name, *bucket.partition_id);
  }
  dir += fmt::format("{}", bucket.bucket);
  return dir;
}

KvSnapshotStore::KvSnapshotStore(FileSystem& local_fs, FileSystem& remote_fs,
                                 KvSnapshotStoreOptions options)
    : local_fs_(local_fs), remote_fs_(remote_fs), options_(std::move(options)) {}

Result<std::unique_ptr<KvSnapshotStore>> KvSnapshotStore::open(FileSystem& local_fs,
                                                               FileSystem& remote_fs,
                                                               KvSnapshotStoreOptions options) {
  if (options.num_retained < 1) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "kv.snapshot.num-retained must be at least 1, got {}", options.num_retained);
  }
  std::unique_ptr<KvSnapshotStore> store(
      new KvSnapshotStore(local_fs, remote_fs, std::move(options)));
  FLUSS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, store->list_snapshot_ids());
  if (!ids.empty()) store->next_snapshot_id_ = ids.back() + 1;
  for (int64_t id : ids) {
    Result<CompletedSnapshot> snapshot = store->load_snapshot(id);
    if (snapshot.ok()) {
      store->retained_.push_back(std::move(*snapshot));
    } else {
      FLUSS_LOG_WARN("Ignoring kv snapshot {} of {}: {}", store->snapshot_dir(id),
                     store->options_.table_bucket.to_string(), snapshot.status().to_string());
    }
  }
  return store;
}

std::string KvSnapshotStore::snapshot_dir(int64_t snapshot_id) const {
  return join_path(options_.remote_tablet_dir,
                   fmt::format("{}{}", kSnapshotDirPrefix, snapshot_id));
}

std::string KvSnapshotStore::shared_dir() const {
  return join_path(options_.remote_tablet_dir, kSharedDir);
}

Status KvSnapshotStore::with_bucket(Status status, std::string_view operation) const {
  return status.with_context(fmt::format("{} of {}", operation, options_.table_bucket.to_string()));
}

Result<std::vector<int64_t>> KvSnapshotStore::list_snapshot_ids() const {
  FLUSS_ASSIGN_OR_RETURN(bool exists, remote_fs_.exists(options_.remote_tablet_dir));
  if (!exists) return std::vector<int64_t>{};
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names,
                         remote_fs_.list(options_.remote_tablet_dir));
  std::vector<int64_t> ids;
  for (const std::string& name : names) {
    if (std::optional<int64_t> id = snapshot_id_of(name)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<CompletedSnapshot> KvSnapshotStore::load_snapshot(int64_t snapshot_id) const {
  const std::string metadata_path = join_path(snapshot_dir(snapshot_id), kMetadataFile);
  ByteBuffer bytes;
  FLUSS_RETURN_IF_ERROR(read_file(remote_fs_, metadata_path, bytes));
  FLUSS_ASSIGN_OR_RETURN(CompletedSnapshot snapshot,
                         completed_snapshot_from_json(bytes.string_view(), metadata_path));
  if (snapshot.snapshot_id != snapshot_id || snapshot.table_bucket != options_.table_bucket) {
    return make_error(ErrorCode::kKvStorageException,
                      "{} describes snapshot {} of {}, not snapshot {} of {}", metadata_path,
                      snapshot.snapshot_id, snapshot.table_bucket.to_string(), snapshot_id,
                      options_.table_bucket.to_string());
  }
  for (const auto* files : {&snapshot.kv_snapshot_handle.shared_file_handles,
                            &snapshot.kv_snapshot_handle.private_file_handles}) {
    for (const KvFileHandleAndLocalPath& f : *files) {
      Result<uint64_t> size = remote_fs_.file_size(f.kv_file_handle.path);
      if (!size.ok()) {
        return make_error(ErrorCode::kKvStorageException, "file {} ({}) of {}: {}",
                          f.kv_file_handle.path, f.local_path, metadata_path,
                          size.status().message());
      }
      if (*size != static_cast<uint64_t>(f.kv_file_handle.size)) {
        return make_error(ErrorCode::kKvStorageException,
                          "file {} ({}) of {} has {} bytes, expected {}", f.kv_file_handle.path,
                          f.local_path, metadata_path, *size, f.kv_file_handle.size);
      }
    }
  }
  return snapshot;
}

Status KvSnapshotStore::upload_files(const std::string& local_dir,
                                     const std::vector<std::string>& names, int64_t snapshot_id,
                                     KvSnapshotHandle& handle, std::vector<std::string>& written) {
  std::map<std::string, KvFileHandle, std::less<>> reusable;
  for (const KvFileHandleAndLocalPath& f : base_sst_files_)
    reusable[f.local_path] = f.kv_file_handle;

  for (const std::string& name : names) {
    const std::string local_path = join_path(local_dir, name);
    const bool is_sst = name.ends_with(kSstSuffix);
    if (is_sst) {
      FLUSS_ASSIGN_OR_RETURN(uint64_t size, local_fs_.file_size(local_path));
      auto it = reusable.find(name);
      if (it != reusable.end() && static_cast<uint64_t>(it->second.size) == size) {
        handle.shared_file_handles.push_back({it->second, name});
        continue;
      }
    }
    const std::string remote_path =
        join_path(is_sst ? shared_dir() : snapshot_dir(snapshot_id), random_uuid());
    written.push_back(remote_path);
    FLUSS_ASSIGN_OR_RETURN(uint64_t size,
                           copy_file(local_fs_, local_path, remote_fs_, remote_path));
    KvFileHandleAndLocalPath uploaded{{remote_path, static_cast<int64_t>(size)}, name};
    (is_sst ? handle.shared_file_handles : handle.private_file_handles).push_back(uploaded);
    handle.snapshot_incremental_size += static_cast<int64_t>(size);
  }
  FLUSS_RETURN_IF_ERROR(remote_fs_.sync_dir(shared_dir()));
  return remote_fs_.sync_dir(snapshot_dir(snapshot_id));
}

std::vector<CompletedSnapshot> KvSnapshotStore::retained_snapshots() const {
  std::lock_guard lock(mutex_);
  return retained_;
}

int64_t KvSnapshotStore::next_snapshot_id() const {
  std::lock_guard lock(mutex_);
  return next_snapshot_id_;
}

Result<CompletedSnapshot> KvSnapshotStore::take_snapshot(rocksdb::DB& db, LogOffset log_offset,
                                                         std::optional<int64_t> row_count) {
  FLUSS_ASSIGN_OR_RETURN(PendingKvSnapshot pending, checkpoint(db, log_offset, row_count));
  return upload(std::move(pending));
}

Result<PendingKvSnapshot> KvSnapshotStore::checkpoint(
    rocksdb::DB& db, LogOffset log_offset, std::optional<int64_t> row_count,
    std::vector<AutoIncIdRange> auto_inc_id_ranges) {
  int64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_snapshot_id_++;
  }
  PendingKvSnapshot pending{
      .snapshot_id = id,
      .local_dir =
          join_path(options_.local_tablet_dir, fmt::format("{}{}", kSnapshotDirPrefix, id)),
      .file_names = {},
      .log_offset = log_offset,
      .row_count = row_count,
      .auto_inc_id_ranges = std::move(auto_inc_id_ranges),
  };
  auto attempt = [&]() -> Status {
    // A directory left by a crash during an earlier attempt with this id.
    FLUSS_RETURN_IF_ERROR(remove_flat_dir(local_fs_, pending.local_dir));
    FLUSS_RETURN_IF_ERROR(local_fs_.create_dirs(options_.local_tablet_dir));
    rocksdb::Checkpoint* raw = nullptr;
    rocksdb::Status s = rocksdb::Checkpoint::Create(&db, &raw);
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    // log_size_for_flush = 0: always flush the memtable, so the checkpoint needs no WAL.
    if (s.ok()) s = checkpoint->CreateCheckpoint(pending.local_dir, /*log_size_for_flush=*/0);
    if (!s.ok()) {
      return rocksdb_error(s, options_.table_bucket,
                           fmt::format("checkpoint snapshot {} into {}", id, pending.local_dir));
    }
    FLUSS_ASSIGN_OR_RETURN(pending.file_names, local_fs_.list(pending.local_dir));
    return Status::OK();
  };
  if (Status s = attempt(); !s.ok()) {
    remove_flat_dir(local_fs_, pending.local_dir).ignore_error();
    return with_bucket(s, fmt::format("kv snapshot {}", id));
  }
  return pending;
}

Result<CompletedSnapshot> KvSnapshotStore::upload(PendingKvSnapshot pending) {
  const int64_t id = pending.snapshot_id;
  const std::string remote_dir = snapshot_dir(id);
  std::vector<std::string> written;  // remote files of this attempt, for the cleanup

  auto attempt = [&]() -> Result<CompletedSnapshot> {
    FLUSS_RETURN_IF_ERROR(remote_fs_.create_dirs(shared_dir()));
    FLUSS_RETURN_IF_ERROR(remote_fs_.create_dirs(remote_dir));
    CompletedSnapshot snapshot{
        .table_bucket = options_.table_bucket,
        .snapshot_id = id,
        .snapshot_location = remote_dir,
        .kv_snapshot_handle = {},
        .log_offset = pending.log_offset,
        .row_count = pending.row_count,
        .auto_inc_id_ranges = pending.auto_inc_id_ranges,
    };
    FLUSS_RETURN_IF_ERROR(upload_files(pending.local_dir, pending.file_names, id,
                                       snapshot.kv_snapshot_handle, written));
    const std::string metadata = to_json(snapshot);
    FLUSS_RETURN_IF_ERROR(write_file_atomically(
        remote_fs_, join_path(remote_dir, kMetadataFile),
        ByteView(reinterpret_cast<const uint8_t*>(metadata.data()), metadata.size())));
    return snapshot;
  };

  Result<CompletedSnapshot> snapshot = attempt();
  if (Status s = remove_flat_dir(local_fs_, pending.local_dir); !s.ok()) {
    FLUSS_LOG_WARN("Could not remove the local checkpoint {} of {}: {}", pending.local_dir,
                   options_.table_bucket.to_string(), s.to_string());
  }
  if (!snapshot.ok()) {
    for (const std::string& path : written) {
      if (path.starts_with(shared_dir())) remote_fs_.remove(path).ignore_error();
    }
    remove_flat_dir(remote_fs_, remote_dir).ignore_error();
    return with_bucket(snapshot.status(), fmt::format("kv snapshot {}", id));
  }

  base_sst_files_ = snapshot->kv_snapshot_handle.shared_file_handles;
  {
    std::lock_guard lock(mutex_);
    retained_.push_back(*snapshot);
  }
  FLUSS_LOG_INFO("Completed kv snapshot {} of {} at log offset {}: {} files, {} bytes, {} new", id,
                 options_.table_bucket.to_string(), pending.log_offset,
                 snapshot->kv_snapshot_handle.shared_file_handles.size() +
                     snapshot->kv_snapshot_handle.private_file_handles.size(),
                 snapshot->total_size(), snapshot->kv_snapshot_handle.snapshot_incremental_size);
  // The snapshot is complete even if the cleanup fails; the next one retries it.
  if (Status s = apply_retention(); !s.ok()) {
    FLUSS_LOG_WARN("Could not delete old kv snapshots of {}: {}", options_.table_bucket.to_string(),
                   s.to_string());
  }
  return snapshot;
}

Status KvSnapshotStore::apply_retention() {
  const size_t keep = static_cast<size_t>(options_.num_retained);
  std::set<std::string, std::less<>> referenced;
  int64_t oldest_kept;
  {
    std::lock_guard lock(mutex_);
    if (retained_.size() > keep) {
      retained_.erase(retained_.begin(), retained_.end() - static_cast<ptrdiff_t>(keep));
    }
    for (const CompletedSnapshot& s : retained_) {
      for (const auto& f : s.kv_snapshot_handle.shared_file_handles) {
        referenced.insert(f.kv_file_handle.path);
      }
    }
    oldest_kept = retained_.front().snapshot_id;
  }
  // Every snapshot directory older than the oldest kept one goes, usable or not; newer
  // ones that are not kept (unusable) stay for inspection.
  FLUSS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, list_snapshot_ids());
  for (int64_t id : ids) {
    if (id >= oldest_kept) break;
    FLUSS_RETURN_IF_ERROR(remove_flat_dir(remote_fs_, snapshot_dir(id)));
    FLUSS_LOG_INFO("Deleted kv snapshot {} of {}", id, options_.table_bucket.to_string());
  }
  // Shared files no kept snapshot references: those of deleted snapshots and uploads of
  // failed attempts. Safe because only one snapshot is in flight at a time.
  const std::string shared = shared_dir();
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, remote_fs_.list(shared));
  for (const std::string& name : names) {
    const std::string path = join_path(shared, name);
    if (!referenced.contains(path)) FLUSS_RETURN_IF_ERROR(remote_fs_.remove(path));
  }
  return remote_fs_.sync_dir(shared);
}

Status KvSnapshotStore::download(const CompletedSnapshot& snapshot, const std::string& db_dir) {
  const uint64_t total = static_cast<uint64_t>(snapshot.total_size());
  uint64_t copied = 0;
  uint64_t next_report = kProgressStep;
  for (const auto* files : {&snapshot.kv_snapshot_handle.shared_file_handles,
                            &snapshot.kv_snapshot_handle.private_file_handles}) {
    for (const KvFileHandleAndLocalPath& f : *files) {
      FLUSS_ASSIGN_OR_RETURN(uint64_t size, copy_file(remote_fs_, f.kv_file_handle.path, local_fs_,
                                                      join_path(db_dir, f.local_path)));
      if (size != static_cast<uint64_t>(f.kv_file_handle.size)) {
        return make_error(ErrorCode::kKvStorageException, "file {} ({}) has {} bytes, expected {}",
                          f.kv_file_handle.path, f.local_path, size, f.kv_file_handle.size);
      }
      copied += size;
      if (copied >= next_report && copied < total) {
        FLUSS_LOG_INFO("Restoring kv snapshot {} of {}: {} of {} MiB copied", snapshot.snapshot_id,
                       options_.table_bucket.to_string(), copied >> 20, total >> 20);
        next_report = copied + kProgressStep;
      }
    }
  }
  return local_fs_.sync_dir(db_dir);
}

Result<std::optional<RestoredKvSnapshot>> KvSnapshotStore::restore_latest(
    const std::string& db_dir) {
  FLUSS_ASSIGN_OR_RETURN(bool exists, local_fs_.exists(db_dir));
  if (exists) {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, local_fs_.list(db_dir));
    if (!names.empty()) {
      return make_error(ErrorCode::kKvStorageException,
                        "restore kv snapshot of {}: the target {} is not empty",
                        options_.table_bucket.to_string(), db_dir);
    }
  }
  FLUSS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, list_snapshot_ids());
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    const int64_t id = *it;
    Result<CompletedSnapshot> snapshot = load_snapshot(id);
    Status status = snapshot.status();
    if (status.ok()) {
      FLUSS_LOG_INFO("Restoring kv snapshot {} of {} ({} bytes, log offset {}) into {}", id,
                     options_.table_bucket.to_string(), snapshot->total_size(),
                     snapshot->log_offset, db_dir);
      FLUSS_RETURN_IF_ERROR(local_fs_.create_dirs(db_dir));
      status = download(*snapshot, db_dir);
      if (status.ok()) {
        FLUSS_LOG_INFO("Restored kv snapshot {} of {}; the changelog replays from offset {}", id,
                       options_.table_bucket.to_string(), snapshot->log_offset);
        base_sst_files_ = snapshot->kv_snapshot_handle.shared_file_handles;
        return RestoredKvSnapshot{
            .snapshot = *snapshot, .db_dir = db_dir, .log_offset = snapshot->log_offset};
      }
      // Start the previous snapshot from an empty directory again.
      FLUSS_RETURN_IF_ERROR(remove_flat_dir(local_fs_, db_dir));
    }
    FLUSS_LOG_WARN("Kv snapshot {} of {} is unusable, falling back to the previous one: {}",
                   snapshot_dir(id), options_.table_bucket.to_string(), status.to_string());
  }
  FLUSS_LOG_INFO("No usable kv snapshot of {} in {}", options_.table_bucket.to_string(),
                 options_.remote_tablet_dir);
  return std::optional<RestoredKvSnapshot>();
}

}  // namespace fluss::storage
