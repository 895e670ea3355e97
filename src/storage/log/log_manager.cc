// SPDX-License-Identifier: Apache-2.0
#include "storage/log/log_manager.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "common/config_options.h"
#include "common/logging.h"
#include "storage/log/fluss_paths.h"
#include "storage/log/offset_checkpoint.h"

namespace fluss::storage {

namespace {

// Directories of a data directory that hold no tables (Java FlussPaths
// HISTORICAL_LOOKUP_CACHE_DIR_NAME and REMOTE_LOG_INDEX_LOCAL_CACHE).
constexpr std::string_view kHistoricalLookupCacheDirName = ".historical-lookup-cache";
constexpr std::string_view kRemoteLogIndexLocalCacheDirName = "remote-log-index-cache";

// Java FlussPaths.isPartitionDir: the part after the last '-' starts with "p".
bool is_partition_dir(std::string_view name) {
  const size_t dash = name.rfind('-');
  return dash != std::string_view::npos && name.substr(dash + 1).starts_with(kPartitionDirPrefix);
}

// Runs task(0) … task(count - 1) on up to `threads` threads and waits for them.
void run_parallel(size_t threads, size_t count, const std::function<void(size_t)>& task) {
  threads = std::clamp<size_t>(threads, 1, std::max<size_t>(count, 1));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) task(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
}

int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

// The offset below which `tablet`'s bytes are synced, as the manager knows it.
LogOffset recovery_point_of(const LogTablet& tablet, LogOffset tracked) {
  // The tablet's own point moves with its flushes and rolls; the manager's moves
  // with flush_all() and close().
  return std::clamp(std::max(tracked, tablet.recovery_point()), tablet.log_start_offset(),
                    tablet.log_end_offset());
}

}  // namespace

Result<LogManagerConfig> LogManagerConfig::from_configuration(const Configuration& config) {
  LogManagerConfig out;
  FLUSS_ASSIGN_OR_RETURN(auto data_dirs, config.get_optional(ConfigOptions::kDataDirs));
  if (data_dirs && data_dirs->size() > 1) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "{} lists {} directories; the LogManager supports one",
                      ConfigOptions::kDataDirs.key, data_dirs->size());
  }
  if (data_dirs && data_dirs->size() == 1) {
    out.data_dir = data_dirs->front();
  } else {
    FLUSS_ASSIGN_OR_RETURN(out.data_dir, config.get(ConfigOptions::kDataDir));
  }
  FLUSS_ASSIGN_OR_RETURN(auto segment_size, config.get(ConfigOptions::kLogSegmentFileSize));
  FLUSS_ASSIGN_OR_RETURN(auto index_interval, config.get(ConfigOptions::kLogIndexIntervalSize));
  FLUSS_ASSIGN_OR_RETURN(auto index_size, config.get(ConfigOptions::kLogIndexFileSize));
  out.log_config.segment_bytes = static_cast<uint64_t>(segment_size.bytes);
  out.log_config.index_interval_bytes = static_cast<uint64_t>(index_interval.bytes);
  out.log_config.max_index_bytes = static_cast<uint64_t>(index_size.bytes);
  FLUSS_ASSIGN_OR_RETURN(auto ttl, config.get(ConfigOptions::kTableLogTtl));
  out.log_ttl_ms = ttl.count();
  FLUSS_ASSIGN_OR_RETURN(int32_t threads, config.get(ConfigOptions::kNettyServerNumWorkerThreads));
  out.recovery_threads = static_cast<size_t>(std::max(threads, 1));
  return out;
}

LogManager::LogManager(FileSystem& fs, LogManagerConfig config)
    : fs_(fs), config_(std::move(config)) {}

LogManager::~LogManager() = default;

Result<std::unique_ptr<LogManager>> LogManager::open(FileSystem& fs, LogManagerConfig config) {
  if (config.data_dir.empty()) {
    return make_error(ErrorCode::kInvalidConfigException, "{} is empty",
                      ConfigOptions::kDataDir.key);
  }
  std::unique_ptr<LogManager> manager(new LogManager(fs, std::move(config)));
  FLUSS_RETURN_IF_ERROR(manager->load_all());
  return manager;
}

Result<std::vector<std::string>> LogManager::list_tablet_dirs() const {
  // data.dir/<db>/<table>-<id>/{log-<b>, <partition>-p<id>/log-<b>}; any file and
  // any directory of another kind is left alone (Java listTabletsToLoad).
  auto subdirs = [this](const std::string& dir) -> Result<std::vector<std::string>> {
    FLUSS_ASSIGN_OR_RETURN(auto names, fs_.list(dir));
    std::vector<std::string> out;
    for (const auto& name : names) {
      const std::string path = join_path(dir, name);
      FLUSS_ASSIGN_OR_RETURN(bool is_dir, fs_.is_directory(path));
      if (is_dir) out.push_back(path);
    }
    return out;
  };
  auto base_name = [](const std::string& path) { return path.substr(path.rfind('/') + 1); };

  std::vector<std::string> tablets;
  FLUSS_ASSIGN_OR_RETURN(auto db_dirs, subdirs(config_.data_dir));
  for (const auto& db_dir : db_dirs) {
    const std::string db = base_name(db_dir);
    if (db == kHistoricalLookupCacheDirName || db == kRemoteLogIndexLocalCacheDirName) continue;
    FLUSS_ASSIGN_OR_RETURN(auto table_dirs, subdirs(db_dir));
    for (const auto& table_dir : table_dirs) {
      FLUSS_ASSIGN_OR_RETURN(auto children, subdirs(table_dir));
      std::vector<std::string> candidates;
      for (const auto& child : children) {
        if (!is_partition_dir(base_name(child))) {
          candidates.push_back(child);
          continue;
        }
        FLUSS_ASSIGN_OR_RETURN(auto partition_tablets, subdirs(child));
        candidates.insert(candidates.end(), partition_tablets.begin(), partition_tablets.end());
      }
      for (auto& candidate : candidates) {
        if (base_name(candidate).starts_with(kLogTabletDirPrefix)) {
          tablets.push_back(std::move(candidate));
        }
      }
    }
  }
  return tablets;
}

Status LogManager::load_all() {
  const auto start = std::chrono::steady_clock::now();
  const std::string& data_dir = config_.data_dir;
  FLUSS_RETURN_IF_ERROR(fs_.create_dirs(data_dir).with_context("create data.dir"));

  // As in Java, the marker goes before any tablet is opened, so a crash during
  // start-up leaves the directory unclean.
  const std::string marker = join_path(data_dir, kCleanShutdownFileName);
  FLUSS_ASSIGN_OR_RETURN(bool clean_shutdown, fs_.exists(marker));
  if (clean_shutdown) {
    FLUSS_RETURN_IF_ERROR(fs_.remove(marker));
    FLUSS_RETURN_IF_ERROR(fs_.sync_dir(data_dir));
  }

  OffsetCheckpoint recovery_points;
  const std::string checkpoint = join_path(data_dir, kRecoveryPointCheckpointFile);
  FLUSS_ASSIGN_OR_RETURN(bool has_checkpoint, fs_.exists(checkpoint));
  if (has_checkpoint) {
    ByteBuffer bytes;
    Status read = read_file(fs_, checkpoint, bytes);
    Result<OffsetCheckpoint> parsed = read.ok()
                                          ? parse_offset_checkpoint(bytes.to_string(), checkpoint)
                                          : Result<OffsetCheckpoint>(read);
    if (parsed.ok()) {
      recovery_points = std::move(*parsed);
    } else {
      FLUSS_LOG_WARN("LogManager: ignoring unreadable {}, every recovery point is 0: {}",
                     checkpoint, parsed.status());
    }
  }

  FLUSS_ASSIGN_OR_RETURN(auto dirs, list_tablet_dirs());
  if (dirs.empty()) {
    FLUSS_LOG_INFO("LogManager: no log tablets in data.dir {}", data_dir);
  } else {
    FLUSS_LOG_INFO("LogManager: loading {} log tablets from data.dir {} on {} threads ({})",
                   dirs.size(), data_dir, std::min(config_.recovery_threads, dirs.size()),
                   clean_shutdown ? "clean shutdown marker found"
                                  : "no clean shutdown marker: unclean tablets are recovered");
  }

  struct Loaded {
    TabletDir id;
    std::unique_ptr<LogTablet> tablet;
    Status status;
  };
  std::vector<Loaded> loaded(dirs.size());
  std::atomic<size_t> done{0};
  std::mutex progress_mu;
  size_t logged_tenths = 0;  // guarded by progress_mu
  auto last_log = start;     // guarded by progress_mu

  run_parallel(config_.recovery_threads, dirs.size(), [&](size_t i) {
    Loaded& out = loaded[i];
    auto id = parse_tablet_dir(dirs[i]);
    if (!id.ok()) {
      out.status = id.status();
    } else {
      out.id = std::move(*id);
      // Without a checkpoint entry the whole log is recovered (0, as Java).
      const auto point = recovery_points.find(out.id.bucket);
      auto tablet = LogTablet::open(fs_, dirs[i], config_.log_config, config_.clock,
                                    point == recovery_points.end() ? LogOffset(0) : point->second);
      if (tablet.ok()) {
        out.tablet = std::move(*tablet);
      } else {
        out.status = tablet.status().with_context("open log tablet " + dirs[i]);
      }
    }
    const size_t n = ++done;
    std::lock_guard lock(progress_mu);
    const size_t tenths = n * 10 / dirs.size();
    const auto now = std::chrono::steady_clock::now();
    if (n < dirs.size() &&
        (tenths > logged_tenths || elapsed_ms(last_log) >= config_.progress_interval_ms)) {
      logged_tenths = tenths;
      last_log = now;
      FLUSS_LOG_INFO("LogManager: loaded {}/{} log tablets in data.dir {} ({} ms)", n, dirs.size(),
                     data_dir, elapsed_ms(start));
    }
  });

  // Java fails the start-up on the first tablet that does not load.
  for (const auto& one : loaded) FLUSS_RETURN_IF_ERROR(one.status);

  std::lock_guard lock(mu_);
  uint64_t bytes = 0;
  size_t recovered_segments = 0;
  for (size_t i = 0; i < loaded.size(); ++i) {
    auto& one = loaded[i];
    auto [it, inserted] = logs_.try_emplace(one.id.bucket);
    if (!inserted) {
      return make_error(ErrorCode::kLogStorageException,
                        "duplicate log tablet directories for bucket {}: {} and {}; delete one",
                        one.id.bucket.to_string(), it->second->tablet->dir(), dirs[i]);
    }
    auto recovery = recovery_points.find(one.id.bucket);
    const LogOffset tracked = recovery == recovery_points.end() ? LogOffset(0) : recovery->second;
    bytes += one.tablet->size_in_bytes();
    recovered_segments += one.tablet->segments_recovered();
    const LogOffset point = recovery_point_of(*one.tablet, tracked);
    it->second = std::make_unique<Entry>(Entry{.tablet = std::move(one.tablet),
                                               .path = std::move(one.id.path),
                                               .ttl_ms = config_.log_ttl_ms,
                                               .recovery_point = point});
  }
  FLUSS_LOG_INFO(
      "LogManager: loaded {} log tablets ({} bytes, {} segments recovered) from data.dir {} in "
      "{} ms",
      logs_.size(), bytes, recovered_segments, data_dir, elapsed_ms(start));
  return Status::OK();
}

Status LogManager::check_open() const {
  if (closed_) {
    return make_error(ErrorCode::kLogStorageException, "the LogManager of {} is closed",
                      config_.data_dir);
  }
  return Status::OK();
}

Result<LogTablet*> LogManager::get_or_create_log(const PhysicalTablePath& path,
                                                 const TableBucket& bucket, LogConfig config,
                                                 std::optional<int64_t> ttl_ms) {
  if (path.partition_name.has_value() != bucket.partition_id.has_value()) {
    return make_error(ErrorCode::kInvalidTableException,
                      "log tablet of {} for {}: a partition name and a partition id go together",
                      path.to_string(), bucket.to_string());
  }
  std::lock_guard lock(mu_);
  FLUSS_RETURN_IF_ERROR(check_open());
  if (auto it = logs_.find(bucket); it != logs_.end()) {
    it->second->ttl_ms = ttl_ms;
    return it->second->tablet.get();
  }
  const std::string dir = tablet_dir(config_.data_dir, path, bucket, TabletType::kLog);
  FLUSS_RETURN_IF_ERROR(fs_.create_dirs(dir).with_context("create log tablet directory"));
  FLUSS_ASSIGN_OR_RETURN(auto tablet, LogTablet::open(fs_, dir, config, config_.clock));
  LogTablet* out = tablet.get();
  const LogOffset point = tablet->log_end_offset();  // a new tablet has nothing unsynced
  logs_.emplace(
      bucket,
      std::make_unique<Entry>(Entry{
          .tablet = std::move(tablet), .path = path, .ttl_ms = ttl_ms, .recovery_point = point}));
  FLUSS_LOG_INFO("LogManager: created log tablet for {} of {} in {}", bucket.to_string(),
                 path.to_string(), dir);
  return out;
}

LogTablet* LogManager::get_log(const TableBucket& bucket) const {
  std::lock_guard lock(mu_);
  auto it = logs_.find(bucket);
  return it == logs_.end() ? nullptr : it->second->tablet.get();
}

Status LogManager::drop_log(const TableBucket& bucket) {
  std::lock_guard ops(ops_mu_);
  // The directory is deleted under mu_ too, so that a get_or_create_log of the
  // same bucket cannot create files in it meanwhile.
  std::lock_guard lock(mu_);
  FLUSS_RETURN_IF_ERROR(check_open());
  auto node = logs_.extract(bucket);
  if (node.empty()) {
    return make_error(ErrorCode::kLogStorageException,
                      "cannot drop the log of {}: it does not exist", bucket.to_string());
  }
  const std::string dir = node.mapped()->tablet->dir();
  node.mapped()->tablet.reset();  // not closed: no clean-shutdown marker to write
  Status removed = remove_recursively(fs_, dir);
  if (removed.ok()) removed = fs_.sync_dir(parent_dir(dir));
  if (!removed.ok()) {
    return make_error(ErrorCode::kLogStorageException, "delete the log of {} in {}: {}",
                      bucket.to_string(), dir, removed.message());
  }
  FLUSS_LOG_INFO("LogManager: deleted the log of {} in {}", bucket.to_string(), dir);
  return Status::OK();
}

std::vector<LogTablet*> LogManager::all_logs() const {
  std::lock_guard lock(mu_);
  std::vector<LogTablet*> out;
  out.reserve(logs_.size());
  for (const auto& [bucket, entry] : logs_) out.push_back(entry->tablet.get());
  return out;
}

std::vector<std::pair<TableBucket, LogManager::Entry*>> LogManager::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::pair<TableBucket, Entry*>> out;
  out.reserve(logs_.size());
  for (const auto& [bucket, entry] : logs_) out.emplace_back(bucket, entry.get());
  return out;
}

void LogManager::set_duty_hooks(LogDutyHooks hooks) {
  std::lock_guard ops(ops_mu_);
  hooks_ = std::move(hooks);
}

void LogManager::serialized(const TableBucket& bucket, const std::function<void()>& duty) {
  if (hooks_.serialize_writes) {
    hooks_.serialize_writes(bucket, duty);
  } else {
    duty();
  }
}

size_t LogManager::run_retention(int64_t now_ms) {
  std::lock_guard ops(ops_mu_);
  size_t deleted = 0;
  for (auto [bucket, entry] : snapshot()) {
    std::optional<int64_t> ttl_ms;
    {
      std::lock_guard lock(mu_);  // get_or_create_log updates it
      ttl_ms = entry->ttl_ms;
    }
    LogTablet& tablet = *entry->tablet;
    Result<size_t> result = size_t{0};
    serialized(bucket, [&, &bucket = bucket] {  // clang 14 cannot capture a binding
      // Read under the writes' lock: the bound is then not behind the writes.
      const LogOffset high_watermark = hooks_.high_watermark    ? hooks_.high_watermark(bucket)
                                       : config_.high_watermark ? config_.high_watermark(bucket)
                                                                : tablet.log_end_offset();
      result = tablet.delete_expired_segments(now_ms, high_watermark, ttl_ms, std::nullopt);
    });
    if (!result.ok()) {
      FLUSS_LOG_ERROR("LogManager: retention of {} in {} failed: {}", bucket.to_string(),
                      tablet.dir(), result.status());
      continue;
    }
    deleted += *result;
  }
  return deleted;
}

size_t LogManager::remove_expired_writers(int64_t now_ms) {
  std::lock_guard ops(ops_mu_);
  size_t removed = 0;
  for (auto [bucket, entry] : snapshot()) {
    LogTablet& tablet = *entry->tablet;
    serialized(bucket, [&] { removed += tablet.remove_expired_writers(now_ms); });
  }
  return removed;
}

Status LogManager::flush_all() {
  std::lock_guard ops(ops_mu_);
  Status first;
  for (auto [bucket, entry] : snapshot()) {
    const LogOffset end = entry->tablet->log_end_offset();
    Status flushed;
    LogTablet& tablet = *entry->tablet;
    serialized(bucket, [&] { flushed = tablet.flush(); });
    if (flushed.ok()) {
      entry->recovery_point = std::max(entry->recovery_point, end);
    } else {
      FLUSS_LOG_ERROR("LogManager: flush of {} failed: {}", bucket.to_string(), flushed);
      if (first.ok()) first = flushed;
    }
  }
  return first;
}

Status LogManager::write_checkpoint(const std::map<TableBucket, LogOffset>& recovery_points) {
  const std::string path = join_path(config_.data_dir, kRecoveryPointCheckpointFile);
  const std::string text = serialize_offset_checkpoint(recovery_points);
  Status written = write_file_atomically(fs_, path, as_bytes(text));
  if (!written.ok()) {
    return make_error(ErrorCode::kLogStorageException, "write {}: {}", path, written.message());
  }
  return Status::OK();
}

Status LogManager::checkpoint_recovery_points() {
  std::lock_guard ops(ops_mu_);
  {
    std::lock_guard lock(mu_);
    FLUSS_RETURN_IF_ERROR(check_open());
  }
  OffsetCheckpoint points;
  for (auto [bucket, entry] : snapshot()) {
    points[bucket] = recovery_point_of(*entry->tablet, entry->recovery_point);
  }
  return write_checkpoint(points);
}

std::vector<TabletReport> LogManager::report() const {
  std::lock_guard lock(mu_);
  std::vector<TabletReport> out;
  out.reserve(logs_.size());
  for (const auto& [bucket, entry] : logs_) {
    const LogTablet& tablet = *entry->tablet;
    out.push_back(TabletReport{.bucket = bucket,
                               .dir = tablet.dir(),
                               .start = tablet.log_start_offset(),
                               .end = tablet.log_end_offset(),
                               .size_bytes = tablet.size_in_bytes(),
                               .segments = tablet.segment_count()});
  }
  return out;
}

Status LogManager::close() {
  std::lock_guard ops(ops_mu_);
  std::map<TableBucket, std::unique_ptr<Entry>> logs;
  {
    std::lock_guard lock(mu_);
    FLUSS_RETURN_IF_ERROR(check_open());
    closed_ = true;
    logs.swap(logs_);
  }
  const auto start = std::chrono::steady_clock::now();
  FLUSS_LOG_INFO("LogManager: closing {} log tablets in data.dir {}", logs.size(),
                 config_.data_dir);

  std::vector<TableBucket> buckets;
  std::vector<Entry*> entries;
  for (auto& [bucket, entry] : logs) {
    buckets.push_back(bucket);
    entries.push_back(entry.get());
  }
  std::vector<Status> closed(entries.size());
  std::vector<LogOffset> ends(entries.size());
  run_parallel(config_.recovery_threads, entries.size(), [&](size_t i) {
    ends[i] = entries[i]->tablet->log_end_offset();
    closed[i] = entries[i]->tablet->close();
  });

  Status first;
  OffsetCheckpoint points;
  for (size_t i = 0; i < entries.size(); ++i) {
    const TableBucket& bucket = buckets[i];
    Entry& entry = *entries[i];
    if (closed[i].ok()) {
      // close() synced the whole log.
      entry.recovery_point = std::max(entry.recovery_point, ends[i]);
    } else {
      FLUSS_LOG_WARN("LogManager: closing the log of {} in {} failed: {}", bucket.to_string(),
                     entry.tablet->dir(), closed[i]);
      if (first.ok()) first = closed[i].with_context("close log tablet " + entry.tablet->dir());
    }
    points[bucket] = std::clamp(entry.recovery_point, LogOffset(0), ends[i]);
  }
  Status checkpoint = write_checkpoint(points);
  if (!checkpoint.ok() && first.ok()) first = checkpoint;

  if (first.ok()) {
    const std::string marker = join_path(config_.data_dir, kCleanShutdownFileName);
    Status marked = write_file_atomically(fs_, marker, ByteView());
    if (!marked.ok()) {
      FLUSS_LOG_WARN("LogManager: cannot write the clean shutdown marker {}: {}", marker, marked);
    }
  } else {
    FLUSS_LOG_WARN("LogManager: no clean shutdown marker in {}: not every log tablet closed",
                   config_.data_dir);
  }
  FLUSS_LOG_INFO("LogManager: closed {} log tablets in data.dir {} in {} ms", logs.size(),
                 config_.data_dir, elapsed_ms(start));
  return first;
}

}  // namespace fluss::storage
