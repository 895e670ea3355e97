// SPDX-License-Identifier: Apache-2.0
#include "replication/replica.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "storage/log/log_segment.h"

namespace fluss::replication {

namespace {

// How much a log-table LIMIT_SCAN reads at most (whole batches from the start).
constexpr uint64_t kLimitScanMaxBytes = 16 * 1024 * 1024;

}  // namespace

Replica::Replica(const LeaderAndIsr& state, ServerId local_server, TableInfo table,
                 storage::SchemaGetter schema_getter, storage::LogTablet& log,
                 storage::KvManager* kvs)
    : bucket_(state.bucket),
      path_(state.path),
      local_server_(local_server),
      table_(std::move(table)),
      schema_getter_(std::move(schema_getter)),
      log_(log),
      kvs_(kvs),
      bucket_epoch_(state.bucket_epoch),
      leader_epoch_(kNoLeaderEpoch.value()),
      hw_(log.log_end_offset().value()) {}

Result<std::unique_ptr<Replica>> Replica::create(const LeaderAndIsr& state, ServerId local_server,
                                                 TableInfo table,
                                                 storage::SchemaGetter schema_getter,
                                                 storage::LogManager& logs,
                                                 storage::KvManager* kvs) {
  if (table.has_primary_key() && kvs == nullptr) {
    return make_error(ErrorCode::kKvStorageException,
                      "{}: primary-key table {} but this server has no KvManager", state.bucket,
                      table.table_path());
  }
  FLUSS_ASSIGN_OR_RETURN(std::chrono::milliseconds ttl, table.table_config().log_ttl());
  FLUSS_ASSIGN_OR_RETURN(
      storage::LogTablet * log,
      logs.get_or_create_log(state.path, state.bucket, logs.log_config(), ttl.count()));
  std::unique_ptr<Replica> replica(
      new Replica(state, local_server, std::move(table), std::move(schema_getter), *log, kvs));
  FLUSS_RETURN_IF_ERROR(replica->update(state));
  return replica;
}

Status Replica::named(const Status& status) const {
  return status.with_context(bucket_.to_string());
}

Result<std::shared_ptr<const Schema>> Replica::schema(SchemaId id) const {
  if (id == table_.schema_id()) return std::make_shared<const Schema>(table_.schema());
  if (schema_getter_) return schema_getter_(id);
  return make_error(ErrorCode::kSchemaNotExist, "{}: schema {} of table {} is unknown", bucket_, id,
                    table_.table_path());
}

Status Replica::become_leader() {
  if (table_.has_primary_key() && kv_ == nullptr) {
    // The ISR is the leader alone: everything in the log is committed.
    FLUSS_ASSIGN_OR_RETURN(kv_, kvs_->get_or_create_kv(path_, bucket_, table_, schema_getter_, log_,
                                                       log_.log_end_offset()));
  }
  leader_end_offset_snapshot_.store(log_.log_end_offset().value());
  FLUSS_RETURN_IF_ERROR(on_log_end_advanced());
  return Status::OK();
}

Status Replica::update(const LeaderAndIsr& state) {
  std::lock_guard lock(write_mu_);
  const LeaderEpoch current(leader_epoch_.load());
  if (state.bucket_epoch < bucket_epoch_) {
    return make_error(ErrorCode::kInvalidUpdateVersionException,
                      "{}: bucket epoch {} is older than the current {}", bucket_,
                      state.bucket_epoch, bucket_epoch_);
  }
  if (state.leader_epoch < current) {
    return make_error(ErrorCode::kFencedLeaderEpochException,
                      "{}: leader epoch {} is older than the current {}", bucket_,
                      state.leader_epoch, current);
  }
  if (state.leader_epoch > current) {
    if (state.leader == local_server_) {
      FLUSS_RETURN_IF_ERROR(become_leader());
    }
    leader_.store(state.leader.value());
    leader_epoch_.store(state.leader_epoch.value());
    is_leader_.store(state.leader == local_server_, std::memory_order_release);
  }
  bucket_epoch_ = state.bucket_epoch;
  replicas_ = state.replicas;
  isr_ = state.isr;
  return Status::OK();
}

Status Replica::on_log_end_advanced() {
  FLUSS_ASSIGN_OR_RETURN(bool moved, increment_hw_locked(log_.log_end_offset()));
  if (moved && listener_) listener_(bucket_);
  return Status::OK();
}

Result<bool> Replica::maybe_increment_hw(LogOffset new_hw) {
  std::lock_guard lock(write_mu_);
  FLUSS_ASSIGN_OR_RETURN(bool moved, increment_hw_locked(new_hw));
  // Clients' parked fetches wait for the high watermark.
  if (moved && listener_) listener_(bucket_);
  return moved;
}

Result<bool> Replica::increment_hw_locked(LogOffset new_hw) {
  new_hw = std::min(new_hw, log_.log_end_offset());
  if (new_hw <= high_watermark()) return false;
  hw_.store(new_hw.value(), std::memory_order_release);
  if (kv_ != nullptr) FLUSS_RETURN_IF_ERROR(named(kv_->flush(new_hw)));
  return true;
}

Result<storage::LogAppendInfo> Replica::append_records(std::span<uint8_t> batches) {
  std::lock_guard lock(write_mu_);
  FLUSS_RETURN_IF_ERROR(check_leader());
  Result<storage::LogAppendInfo> info = log_.append(batches);
  if (!info.ok()) return named(info.status());
  FLUSS_RETURN_IF_ERROR(on_log_end_advanced());
  return info;
}

Result<storage::LogAppendInfo> Replica::put_kv(
    ByteView kv_batch, std::optional<std::span<const int32_t>> target_columns) {
  if (!table_.has_primary_key()) {
    return make_error(ErrorCode::kNonPrimaryKeyTableException,
                      "{}: table {} has no primary key, PUT_KV needs one", bucket_,
                      table_.table_path());
  }
  std::lock_guard lock(write_mu_);
  FLUSS_RETURN_IF_ERROR(check_leader());
  Result<storage::LogAppendInfo> info = kv_->put_as_leader(kv_batch, target_columns);
  if (!info.ok()) return named(info.status());
  FLUSS_RETURN_IF_ERROR(on_log_end_advanced());
  return info;
}

Result<std::optional<storage::FetchDataInfo>> Replica::locate(LogOffset offset, uint64_t max_bytes,
                                                              FetchIsolation isolation,
                                                              LogReadResult& offsets) const {
  FLUSS_RETURN_IF_ERROR(check_leader());
  // The watermark first: the log end read afterwards is never below it.
  offsets.high_watermark = high_watermark();
  offsets.log_start_offset = log_.log_start_offset();
  offsets.log_end_offset = log_.log_end_offset();
  if (offset == kEarliestFetchOffset) offset = offsets.log_start_offset;
  const LogOffset bound =
      isolation == FetchIsolation::kHighWatermark ? offsets.high_watermark : offsets.log_end_offset;
  if (offset < offsets.log_start_offset || offset > offsets.log_end_offset) {
    return make_error(ErrorCode::kLogOffsetOutOfRangeException,
                      "{}: fetch offset {} is outside the log [{}, {}]", bucket_, offset,
                      offsets.log_start_offset, offsets.log_end_offset);
  }
  if (offset >= bound) return std::nullopt;  // nothing committed to return yet
  if (max_bytes == 0) return std::nullopt;   // offsets only
  Result<storage::FetchDataInfo> data = log_.read(offset, max_bytes, bound);
  if (!data.ok()) return named(data.status());
  return std::move(*data);
}

Result<LogReadResult> Replica::read_log(LogOffset offset, uint64_t max_bytes,
                                        FetchIsolation isolation) const {
  LogReadResult out;
  FLUSS_ASSIGN_OR_RETURN(std::optional<storage::FetchDataInfo> data,
                         locate(offset, max_bytes, isolation, out));
  if (data && data->slice) {
    FLUSS_RETURN_IF_ERROR(named(storage::read_slice(*data->slice, out.records)));
  }
  return out;
}

Result<uint64_t> Replica::bytes_available(LogOffset offset, uint64_t max_bytes,
                                          FetchIsolation isolation) const {
  LogReadResult offsets;
  FLUSS_ASSIGN_OR_RETURN(std::optional<storage::FetchDataInfo> data,
                         locate(offset, max_bytes, isolation, offsets));
  if (!data || !data->slice) return uint64_t{0};
  return std::min(data->slice->size, max_bytes);
}

Result<LogOffset> Replica::list_offset(OffsetType type, FetchIsolation isolation,
                                       std::optional<int64_t> timestamp, int64_t now_ms) const {
  FLUSS_RETURN_IF_ERROR(check_leader());
  const LogOffset latest =
      isolation == FetchIsolation::kHighWatermark ? high_watermark() : log_.log_end_offset();
  switch (type) {
    case OffsetType::kEarliest:
      return log_.log_start_offset();
    case OffsetType::kLatest:
      return latest;
    case OffsetType::kLeaderEndOffsetSnapshot:
      return LogOffset(leader_end_offset_snapshot_.load());
    case OffsetType::kTimestamp: {
      if (!timestamp) {
        return make_error(ErrorCode::kCorruptMessage,
                          "{}: ListOffsets by timestamp without startTimestamp", bucket_);
      }
      if (*timestamp > now_ms) {
        return make_error(ErrorCode::kInvalidTimestampException,
                          "{}: timestamp {} is after the server's current time {}", bucket_,
                          *timestamp, now_ms);
      }
      Result<std::optional<LogOffset>> found = log_.offset_for_timestamp(*timestamp);
      if (!found.ok()) return named(found.status());
      if (!found->has_value()) return latest;
      return std::min(**found, latest);
    }
  }
  return make_error(ErrorCode::kCorruptMessage, "{}: unknown offset type {}", bucket_,
                    static_cast<int32_t>(type));
}

Result<std::vector<std::optional<std::string>>> Replica::lookup(
    std::span<const ByteView> keys) const {
  if (!table_.has_primary_key()) {
    return make_error(ErrorCode::kNonPrimaryKeyTableException,
                      "{}: table {} has no primary key, LOOKUP needs one", bucket_,
                      table_.table_path());
  }
  FLUSS_RETURN_IF_ERROR(check_leader());
  Result<std::vector<std::optional<std::string>>> values = kv_->multi_get(keys);
  if (!values.ok()) return named(values.status());
  return values;
}

Result<std::vector<std::string>> Replica::prefix_lookup(ByteView prefix) const {
  if (!table_.has_primary_key()) {
    return make_error(ErrorCode::kNonPrimaryKeyTableException,
                      "{}: table {} has no primary key, PREFIX_LOOKUP needs one", bucket_,
                      table_.table_path());
  }
  FLUSS_RETURN_IF_ERROR(check_leader());
  Result<std::vector<std::string>> values = kv_->prefix_lookup(prefix);
  if (!values.ok()) return named(values.status());
  return values;
}

Result<Replica::LimitScanResult> Replica::limit_scan(int32_t limit) const {
  LimitScanResult out;
  FLUSS_RETURN_IF_ERROR(check_leader());
  if (kv_ != nullptr) {
    Result<ByteBuffer> batch = kv_->limit_scan(limit);
    if (!batch.ok()) return named(batch.status());
    out.records = std::move(*batch);
    return out;
  }
  out.is_log_table = true;
  if (limit <= 0) return out;
  const LogOffset hw = high_watermark();
  const LogOffset from = std::max(log_.log_start_offset(), hw + (-static_cast<int64_t>(limit)));
  FLUSS_ASSIGN_OR_RETURN(LogReadResult read,
                         read_log(from, kLimitScanMaxBytes, FetchIsolation::kHighWatermark));
  out.records = std::move(read.records);
  return out;
}

Status Replica::check_leader() const {
  if (is_leader()) return Status::OK();
  return make_error(ErrorCode::kNotLeaderOrFollower,
                    "server {} is not the leader of {} (leader: server {}, epoch {})",
                    local_server_, bucket_, leader(), leader_epoch());
}

Result<std::optional<storage::CompletedSnapshot>> Replica::maybe_snapshot(int64_t now_ms) {
  std::lock_guard lock(write_mu_);
  if (kv_ == nullptr || !is_leader()) return std::optional<storage::CompletedSnapshot>();
  Result<std::optional<storage::CompletedSnapshot>> snapshot = kv_->maybe_snapshot(now_ms);
  if (!snapshot.ok()) return named(snapshot.status());
  return snapshot;
}

Result<bool> Replica::maybe_start_snapshot(
    int64_t now_ms, std::function<void(const storage::CompletedSnapshot&)> listener) {
  std::lock_guard lock(write_mu_);
  if (kv_ == nullptr || !is_leader()) return false;
  kv_->set_snapshot_listener(std::move(listener));
  Result<bool> started = kv_->maybe_start_snapshot(now_ms);
  if (!started.ok()) return named(started.status());
  return started;
}

void Replica::run_exclusive(const std::function<void()>& duty) {
  std::lock_guard lock(write_mu_);
  duty();
}

void Replica::set_log_end_listener(LogEndListener listener) {
  std::lock_guard lock(write_mu_);
  listener_ = std::move(listener);
}

LeaderEpoch Replica::leader_epoch() const { return LeaderEpoch(leader_epoch_.load()); }

int32_t Replica::bucket_epoch() const {
  std::lock_guard lock(write_mu_);
  return bucket_epoch_;
}

std::vector<ServerId> Replica::isr() const {
  std::lock_guard lock(write_mu_);
  return isr_;
}

}  // namespace fluss::replication
