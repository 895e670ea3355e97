// SPDX-License-Identifier: Apache-2.0
#include "replication/background_duties.h"

#include <algorithm>

#include "common/blocking.h"
#include "common/check.h"
#include "common/config_options.h"
#include "common/logging.h"

namespace fluss::replication {

namespace {

// The KV snapshot timer's tick: a tenth of kv.snapshot.interval, 1 ms .. 10 s.
std::chrono::milliseconds snapshot_tick(std::chrono::milliseconds interval) {
  return std::clamp(interval / 10, std::chrono::milliseconds(1), std::chrono::milliseconds(10'000));
}

}  // namespace

Result<DutyIntervals> DutyIntervals::from_configuration(const Configuration& config) {
  DutyIntervals out;
  FLUSS_ASSIGN_OR_RETURN(out.retention, config.get(ConfigOptions::kLogRetentionCheckInterval));
  FLUSS_ASSIGN_OR_RETURN(out.writer_expiration,
                         config.get(ConfigOptions::kWriterIdExpirationCheckInterval));
  FLUSS_ASSIGN_OR_RETURN(out.recovery_point_checkpoint,
                         config.get(ConfigOptions::kLogFlushOffsetCheckpointInterval));
  FLUSS_ASSIGN_OR_RETURN(out.kv_snapshot, config.get(ConfigOptions::kKvSnapshotInterval));
  return out;
}

BackgroundDuties::BackgroundDuties(asio::any_io_executor executor, asio::thread_pool& blocking,
                                   ReplicaManager& replicas, storage::LogManager& logs,
                                   storage::KvManager* kvs, DutyIntervals intervals,
                                   BackgroundDutiesOptions options)
    : strand_(asio::make_strand(std::move(executor))),
      blocking_(blocking),
      replicas_(replicas),
      logs_(logs),
      kvs_(kvs),
      intervals_(intervals),
      options_(std::move(options)),
      snapshots_(std::make_shared<SnapshotSink>()) {
  snapshots_->on_snapshot = options_.on_snapshot;
}

BackgroundDuties::~BackgroundDuties() {
  FLUSS_CHECK(gate_.in_flight() == 0, "BackgroundDuties destroyed before stop() completed");
  // The hooks point at the ReplicaManager, which may go before the LogManager.
  logs_.set_duty_hooks({});
}

std::unique_ptr<BackgroundDuties> BackgroundDuties::start(
    asio::any_io_executor executor, asio::thread_pool& blocking, ReplicaManager& replicas,
    storage::LogManager& logs, storage::KvManager* kvs, DutyIntervals intervals,
    BackgroundDutiesOptions options) {
  std::unique_ptr<BackgroundDuties> duties(new BackgroundDuties(
      std::move(executor), blocking, replicas, logs, kvs, intervals, std::move(options)));
  ReplicaManager* manager = &replicas;
  logs.set_duty_hooks(storage::LogDutyHooks{
      .high_watermark = [manager](const TableBucket& b) { return manager->retention_bound(b); },
      .serialize_writes =
          [manager](const TableBucket& b, const std::function<void()>& duty) {
            manager->run_serialized_with_writes(b, duty);
          },
  });
  std::vector<std::pair<Duty, std::chrono::milliseconds>> loops = {
      {Duty::kRetention, intervals.retention},
      {Duty::kWriterExpiration, intervals.writer_expiration},
      {Duty::kRecoveryPointCheckpoint, intervals.recovery_point_checkpoint},
  };
  if (kvs != nullptr && intervals.kv_snapshot.count() > 0) {
    loops.emplace_back(Duty::kKvSnapshot, snapshot_tick(intervals.kv_snapshot));
  }
  for (auto [duty, period] : loops) {
    if (period.count() <= 0) continue;
    auto& timer =
        duties->timers_.emplace_back(std::make_unique<asio::steady_timer>(duties->strand_));
    std::optional<Gate::Holder> holder = duties->gate_.try_enter();
    FLUSS_CHECK(holder.has_value(), "a new gate is open");
    asio::co_spawn(duties->strand_,
                   loop(duties.get(), duty, period, timer.get(), std::move(*holder)),
                   asio::detached);
  }
  return duties;
}

Result<std::unique_ptr<BackgroundDuties>> BackgroundDuties::start(
    asio::any_io_executor executor, asio::thread_pool& blocking, ReplicaManager& replicas,
    storage::LogManager& logs, storage::KvManager* kvs, const Configuration& config,
    BackgroundDutiesOptions options) {
  FLUSS_ASSIGN_OR_RETURN(DutyIntervals intervals, DutyIntervals::from_configuration(config));
  return start(std::move(executor), blocking, replicas, logs, kvs, intervals, std::move(options));
}

Task<> BackgroundDuties::loop(BackgroundDuties* self, Duty duty, std::chrono::milliseconds period,
                              asio::steady_timer* timer, Gate::Holder holder) {
  (void)holder;  // keeps stop() waiting until this loop ends
  // Between this check and async_wait nothing else runs on the strand, and stop()
  // sets stopping_ before it cancels the timers there: no wait starts after stop.
  while (!self->stopping_.load()) {
    timer->expires_after(period);
    auto [ec] = co_await timer->async_wait(kNoThrow);
    if (ec || self->stopping_.load()) break;
    Status status =
        co_await run_blocking(self->blocking_, [self, duty] { return self->run(duty); });
    if (!status.ok())
      FLUSS_LOG_WARN("background duty {} failed: {}", static_cast<int>(duty), status);
  }
}

Task<> BackgroundDuties::stop() {
  stopping_.store(true);
  asio::dispatch(strand_, [this] {
    for (auto& timer : timers_) timer->cancel();
  });
  co_await gate_.close();
}

Status BackgroundDuties::run(Duty duty) {
  switch (duty) {
    case Duty::kRetention:
      segments_deleted_ += logs_.run_retention(options_.clock());
      return Status::OK();
    case Duty::kWriterExpiration:
      writers_expired_ += logs_.remove_expired_writers(options_.clock());
      return Status::OK();
    case Duty::kRecoveryPointCheckpoint:
      return logs_.checkpoint_recovery_points();
    case Duty::kKvSnapshot:
      return snapshot_kv_tablets();
  }
  return Status::OK();
}

Status BackgroundDuties::snapshot_kv_tablets() {
  if (kvs_ == nullptr) return Status::OK();
  Status first;
  for (const std::shared_ptr<Replica>& replica : replicas_.replicas()) {
    if (!replica->is_kv() || !replica->is_leader()) continue;
    // The checkpoint runs here under the replica's write lock; the upload runs on the
    // KvManager's upload threads, which report it to the sink.
    Result<bool> started = replica->maybe_start_snapshot(
        options_.clock(), [sink = snapshots_](const storage::CompletedSnapshot& snapshot) {
          sink->taken.fetch_add(1);
          if (sink->on_snapshot) sink->on_snapshot(snapshot);
        });
    if (!started.ok()) {
      FLUSS_LOG_ERROR("KV snapshot of {} failed: {}", replica->bucket().to_string(),
                      started.status());
      if (first.ok()) first = started.status();
    }
  }
  return first;
}

Status BackgroundDuties::run_once() {
  Status first;
  auto keep = [&first](Status s) {
    if (first.ok() && !s.ok()) first = std::move(s);
  };
  keep(run(Duty::kRetention));
  keep(run(Duty::kWriterExpiration));
  keep(logs_.flush_all());
  keep(run(Duty::kRecoveryPointCheckpoint));
  keep(run(Duty::kKvSnapshot));
  return first;
}

}  // namespace fluss::replication
