// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/configuration.h"
#include "common/result.h"
#include "model/ids.h"
#include "model/table_path.h"
#include "storage/fs/file_system.h"
#include "storage/log/log_config.h"
#include "storage/log/log_tablet.h"

namespace fluss::storage {

// table.log.ttl's default (7 days), for tablets whose table settings are not known.
inline constexpr int64_t kDefaultLogTtlMs = 7LL * 24 * 60 * 60 * 1000;

struct LogManagerConfig {
  // data.dir: the root of every tablet directory (created if missing). Fluss's
  // data.dirs (several roots) is not supported yet.
  std::string data_dir;
  // The settings of tablets found at start-up (Fluss reads them from each table's
  // config in ZooKeeper; ours come from the server config until the replica calls
  // get_or_create_log with the table's).
  LogConfig log_config;
  // table.log.ttl for tablets found at start-up, until get_or_create_log sets the
  // table's own (nullopt or <= 0: keep forever).
  std::optional<int64_t> log_ttl_ms = kDefaultLogTtlMs;
  // Threads that open tablets at start-up and close them at close(). Java uses
  // netty.server.num-worker-threads (default 8) per data directory.
  size_t recovery_threads = 8;
  // Start-up progress is logged at every 10% of tablets opened and, between
  // those, at most this often.
  int64_t progress_interval_ms = 10'000;
  // Commit timestamps of the tablets (LogTablet::open).
  Clock clock = system_clock_ms;
  // The replica's high watermark of a bucket, the upper bound of what retention may
  // delete; null: the log end.
  std::function<LogOffset(const TableBucket&)> high_watermark = nullptr;

  // data.dir (or data.dirs when it lists exactly one directory),
  // log.segment.file-size, log.index.interval-size, log.index.file-size,
  // table.log.ttl and netty.server.num-worker-threads from `config`.
  // INVALID_CONFIG_EXCEPTION for a value that does not parse or several data.dirs.
  static Result<LogManagerConfig> from_configuration(const Configuration& config);
};

// What the replica layer gives the LogManager's background duties, once it
// exists (the LogManager is opened first). Either may be null.
struct LogDutyHooks {
  // The upper bound of what retention may delete in the bucket (the replica's
  // high watermark); null: LogManagerConfig::high_watermark, else the log end.
  std::function<LogOffset(const TableBucket&)> high_watermark = nullptr;
  // Runs `duty` serialised with the bucket's writes (under the replica's write
  // lock); null: runs it directly. Used by run_retention, remove_expired_writers
  // and flush_all for each tablet.
  std::function<void(const TableBucket&, const std::function<void()>& duty)> serialize_writes =
      nullptr;
};

// One tablet's size and offsets, for the server's start-up summary and metrics.
struct TabletReport {
  TableBucket bucket;
  std::string dir;
  LogOffset start;
  LogOffset end;
  uint64_t size_bytes = 0;
  size_t segments = 0;
};

// Owns every log tablet under data.dir (Fluss's LogManager). open() finds the
// tablet directories "<db>/<table>-<id>[/<partition>-p<id>]/log-<bucket>" and opens
// them in parallel; afterwards the replica layer creates and drops tablets, and the
// server's timers call the background duties (run_retention,
// remove_expired_writers, checkpoint_recovery_points, flush_all): the manager runs
// no thread of its own outside open() and close().
//
// On disk, next to the database directories (fluss-wire.md §12.1–§12.2):
//  - `recovery-point-offset-checkpoint`: per bucket, the offset below which the
//    tablet's bytes are known to be synced; written by checkpoint_recovery_points()
//    and close(), read by open(). Like Java, an unreadable file is logged and
//    treated as empty. (Java has no log-start-offset checkpoint: the log start is
//    the first segment's base offset.)
//  - `.fluss_cleanshutdown`: written by close() when every tablet closed cleanly,
//    removed by open() before any tablet is opened, so a crash during start-up
//    counts as unclean. Each LogTablet also leaves its own marker in its
//    directory and decides by that one whether to skip the recovery scan; the
//    data-directory marker is what Java reads and is only logged here.
//
// Threading: the tablet map is guarded by a mutex, so get_log, get_or_create_log,
// all_logs and report may be called from any thread. drop_log, close and the
// background duties are serialised with each other by a second mutex, so a
// tablet is never destroyed while a duty uses it. A LogTablet's reads may run
// beside its one writer, but its writes are not serialised with each other: the
// duties that write (retention, writer expiry, flush) call into tablets the
// replica layer also appends to, so the server must run them where it serialises
// that tablet's writes (the replica's write lock). A LogTablet* stays valid until
// drop_log of its bucket or close().
//
// The file system outlives the manager.
class LogManager {
 public:
  // Creates the data directory if needed, removes its clean-shutdown marker,
  // reads the recovery-point checkpoint, and opens every log tablet under it on
  // config.recovery_threads threads, logging progress and a summary. Directories
  // that do not start with "log-" (kv tablets, caches) and plain files are
  // skipped. As in Java, a tablet that fails to open fails the whole start-up:
  // the error is the tablet's (e.g. LOG_STORAGE_EXCEPTION) with "open log tablet
  // <dir>" in front; a directory name parse_tablet_dir rejects is
  // LOG_STORAGE_EXCEPTION naming it, and two directories of one bucket are
  // LOG_STORAGE_EXCEPTION naming both.
  static Result<std::unique_ptr<LogManager>> open(FileSystem& fs, LogManagerConfig config);
  // Drops the tablets without closing them (no clean-shutdown markers): call
  // close() for a clean shutdown.
  ~LogManager();

  LogManager(const LogManager&) = delete;
  LogManager& operator=(const LogManager&) = delete;

  // The tablet of `bucket`, opened (or created, with its directories) in
  // data.dir under `path` if the manager has none. An existing tablet is returned
  // as is, but its retention TTL becomes `ttl_ms` (table.log.ttl; nullopt or <= 0:
  // none): this is how tablets found at start-up learn their table's TTL.
  // `config` applies only to a tablet opened here. A partition name in `path`
  // requires a partition id in `bucket` and the reverse (INVALID_TABLE_EXCEPTION
  // otherwise). LOG_STORAGE_EXCEPTION after close().
  Result<LogTablet*> get_or_create_log(const PhysicalTablePath& path, const TableBucket& bucket,
                                       LogConfig config,
                                       std::optional<int64_t> ttl_ms = kDefaultLogTtlMs);
  // The tablet of `bucket`, or null.
  LogTablet* get_log(const TableBucket& bucket) const;
  // Deletes the tablet of `bucket` and its directory (Java deletes the segments,
  // then the directory, with no rename first). LOG_STORAGE_EXCEPTION naming the
  // bucket if there is none, or naming the directory if deleting fails (the
  // tablet is gone from the manager either way).
  Status drop_log(const TableBucket& bucket);
  // Every tablet, in TableBucket order.
  std::vector<LogTablet*> all_logs() const;

  // Installs the replica layer's hooks for the duties below (replacing earlier
  // ones); call before the duties first run.
  void set_duty_hooks(LogDutyHooks hooks);

  // Retention pass over every tablet (Java cleanupExpiredLocalLogSegments, every
  // log.retention.check-interval): deletes sealed segments older than the
  // tablet's table.log.ttl. A tablet's failure is logged and the others go on.
  // Returns how many segments were deleted.
  size_t run_retention(int64_t now_ms);
  // Drops idle writers of every tablet (every
  // server.writer-id.expiration-check-interval); returns how many.
  size_t remove_expired_writers(int64_t now_ms);
  // Makes every tablet's bytes durable; each tablet's recovery point moves to the
  // log end it had before the flush. Every tablet is tried; the first error is
  // returned.
  Status flush_all();
  // Writes `recovery-point-offset-checkpoint` atomically (Java: every
  // log.flush.offset.checkpoint-interval). LOG_STORAGE_EXCEPTION on a disk error.
  Status checkpoint_recovery_points();

  // Each tablet's directory, offsets and size, in TableBucket order.
  std::vector<TabletReport> report() const;

  // Clean shutdown: closes every tablet on config.recovery_threads threads, writes
  // the recovery-point checkpoint and, if every tablet closed, the clean-shutdown
  // marker. Returns the first error (the tablets are released either way); later
  // calls are LOG_STORAGE_EXCEPTION.
  Status close();

  const std::string& data_dir() const { return config_.data_dir; }
  // The server's log settings (log.segment.file-size, ...) for the tablets it creates.
  const LogConfig& log_config() const { return config_.log_config; }

 private:
  struct Entry {
    std::unique_ptr<LogTablet> tablet;
    PhysicalTablePath path;
    std::optional<int64_t> ttl_ms;
    // What the recovery-point checkpoint records for this bucket.
    LogOffset recovery_point;
  };

  LogManager(FileSystem& fs, LogManagerConfig config);
  Status load_all();
  Result<std::vector<std::string>> list_tablet_dirs() const;
  Status write_checkpoint(const std::map<TableBucket, LogOffset>& recovery_points);
  Status check_open() const;
  // The entries of every tablet, for a pass that holds ops_mu_.
  std::vector<std::pair<TableBucket, Entry*>> snapshot() const;

  FileSystem& fs_;
  const LogManagerConfig config_;

  // Runs `duty` for `bucket` through hooks_.serialize_writes, if any. Under ops_mu_.
  void serialized(const TableBucket& bucket, const std::function<void()>& duty);

  // Serialises drop_log, close and the background duties (see the class comment).
  std::mutex ops_mu_;
  LogDutyHooks hooks_;  // guarded by ops_mu_
  mutable std::mutex mu_;
  std::map<TableBucket, std::unique_ptr<Entry>> logs_;  // guarded by mu_
  bool closed_ = false;                                 // guarded by mu_
};

}  // namespace fluss::storage
