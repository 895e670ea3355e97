// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/asio.h"
#include "common/configuration.h"
#include "common/gate.h"
#include "common/result.h"
#include "replication/replica_manager.h"
#include "storage/kv/kv_manager.h"
#include "storage/log/log_manager.h"

namespace fluss::replication {

// How often each duty runs (Fluss's keys and defaults).
struct DutyIntervals {
  std::chrono::milliseconds retention{std::chrono::minutes(5)};  // log.retention.check-interval
  // server.writer-id.expiration-check-interval
  std::chrono::milliseconds writer_expiration{std::chrono::minutes(10)};
  // log.flush.offset.checkpoint-interval
  std::chrono::milliseconds recovery_point_checkpoint{std::chrono::seconds(60)};
  // kv.snapshot.interval (<= 0: no snapshots). Each KvTablet keeps its own due
  // time; the timer ticks at a tenth of it (1 ms .. 10 s) so none is late by more.
  std::chrono::milliseconds kv_snapshot{std::chrono::minutes(10)};

  // INVALID_CONFIG_EXCEPTION for a value that does not parse.
  static Result<DutyIntervals> from_configuration(const Configuration& config);
};

struct BackgroundDutiesOptions {
  // Milliseconds since the epoch, for retention (commit timestamps) and writer
  // expiry; KV snapshot due times use it too.
  storage::Clock clock = storage::system_clock_ms;
  // Hears every KV snapshot uploaded (the future COMMIT_KV_SNAPSHOT to the
  // coordinator); runs on the KvManager's upload thread.
  std::function<void(const storage::CompletedSnapshot&)> on_snapshot = nullptr;
};

// The tablet server's timers (Java: LogManager's recovery-point checkpoint and
// local log retention tasks, the writer-id expiration check, the periodic KV
// snapshots): each duty is a coroutine on one strand of `executor` that sleeps for
// its interval, then runs the work on the blocking pool (run_blocking):
//  - retention: LogManager::run_retention, bounded by each replica's high
//    watermark, with each table's table.log.ttl (Replica::create gives the tablet
//    its table's TTL);
//  - writer expiry: LogManager::remove_expired_writers;
//  - recovery points: LogManager::checkpoint_recovery_points (Fluss has no
//    periodic flush; the log is synced at rolls, at log.flush.interval-messages
//    and at close, so flush_all runs only in run_once);
//  - KV snapshots: Replica::maybe_snapshot of every leader of a primary-key table.
// start() installs the ReplicaManager's LogDutyHooks into the LogManager, so
// tablet duties run under their replica's write lock.
//
// The managers and the pool outlive it; stop() must complete before it is
// destroyed. Thread-safe: stop() and run_once() may be called from any thread.
class BackgroundDuties {
 public:
  static std::unique_ptr<BackgroundDuties> start(asio::any_io_executor executor,
                                                 asio::thread_pool& blocking,
                                                 ReplicaManager& replicas,
                                                 storage::LogManager& logs, storage::KvManager* kvs,
                                                 DutyIntervals intervals,
                                                 BackgroundDutiesOptions options = {});
  // The same with the intervals read from `config`; INVALID_CONFIG_EXCEPTION if
  // one does not parse.
  static Result<std::unique_ptr<BackgroundDuties>> start(
      asio::any_io_executor executor, asio::thread_pool& blocking, ReplicaManager& replicas,
      storage::LogManager& logs, storage::KvManager* kvs, const Configuration& config,
      BackgroundDutiesOptions options = {});
  ~BackgroundDuties();

  // Cancels the timers and waits for a duty in flight (bounded by that one
  // duty); the executor must still be running. Idempotent. The destructor
  // removes the LogManager's duty hooks again.
  Task<> stop();

  // Every duty once, now, on the calling thread (tests, shutdown): retention,
  // writer expiry, flush_all, the recovery-point checkpoint, KV snapshots (those
  // due by their own interval). Returns the first error; each duty is tried.
  Status run_once();

  // Counters since start (for tests and metrics).
  size_t segments_deleted() const { return segments_deleted_.load(); }
  size_t writers_expired() const { return writers_expired_.load(); }
  // Snapshots uploaded (counted by the upload thread, after the timer started them).
  size_t snapshots_taken() const { return snapshots_->taken.load(); }

 private:
  enum class Duty { kRetention, kWriterExpiration, kRecoveryPointCheckpoint, kKvSnapshot };

  BackgroundDuties(asio::any_io_executor executor, asio::thread_pool& blocking,
                   ReplicaManager& replicas, storage::LogManager& logs, storage::KvManager* kvs,
                   DutyIntervals intervals, BackgroundDutiesOptions options);

  // One duty's timer loop on strand_; `timer` is owned by timers_.
  static Task<> loop(BackgroundDuties* self, Duty duty, std::chrono::milliseconds period,
                     asio::steady_timer* timer, Gate::Holder holder);
  // Runs one duty (blocking; on the pool or the caller's thread).
  Status run(Duty duty);
  Status snapshot_kv_tablets();

  asio::strand<asio::any_io_executor> strand_;
  asio::thread_pool& blocking_;
  ReplicaManager& replicas_;
  storage::LogManager& logs_;
  storage::KvManager* const kvs_;
  const DutyIntervals intervals_;
  const BackgroundDutiesOptions options_;

  Gate gate_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<asio::steady_timer>> timers_;  // used on strand_ only
  std::atomic<size_t> segments_deleted_{0};
  std::atomic<size_t> writers_expired_{0};
  // Shared with the upload threads' listeners, which may outlive this object.
  struct SnapshotSink {
    std::atomic<size_t> taken{0};
    std::function<void(const storage::CompletedSnapshot&)> on_snapshot;
  };
  std::shared_ptr<SnapshotSink> snapshots_;
};

}  // namespace fluss::replication
