// SPDX-License-Identifier: Apache-2.0
#include "replication/replica_manager.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "record/arrow/arrow_batch.h"
#include "record/log_record_batch.h"

namespace fluss::replication {

Result<Acks> acks_from_wire(int32_t acks) {
  switch (acks) {
    case 0:
      return Acks::kNone;
    case 1:
      return Acks::kLeader;
    case -1:
      return Acks::kAll;
    default:
      return make_error(ErrorCode::kInvalidRequiredAcks, "acks must be 0, 1 or -1 (all), got {}",
                        acks);
  }
}

ReplicaManager::ReplicaManager(ServerId local_server, storage::LogManager& logs,
                               storage::KvManager* kvs, storage::Clock clock)
    : local_server_(local_server), logs_(logs), kvs_(kvs), clock_(std::move(clock)) {}

Status ReplicaManager::check_coordinator_epoch(int32_t coordinator_epoch) {
  std::unique_lock lock(mu_);
  if (coordinator_epoch < coordinator_epoch_) {
    return make_error(ErrorCode::kInvalidCoordinatorException,
                      "coordinator epoch {} is older than the current {} on server {}",
                      coordinator_epoch, coordinator_epoch_, local_server_);
  }
  coordinator_epoch_ = coordinator_epoch;
  return Status::OK();
}

Status ReplicaManager::become_leader_or_follower(const LeaderAndIsr& state, const TableInfo& table,
                                                 storage::SchemaGetter schema_getter) {
  std::lock_guard change(state_change_mu_);
  std::shared_ptr<Replica> replica;
  {
    std::shared_lock lock(mu_);
    if (auto it = replicas_.find(state.bucket); it != replicas_.end()) replica = it->second;
  }
  if (replica) {
    Status updated = replica->update(state);
    // A leader change completes the fetches parked on the bucket (Java: on
    // becoming follower); a refresh of the ISR only makes them re-check.
    delayed_fetches_.wake(state.bucket);
    return updated;
  }
  if (table.table_id() != state.bucket.table_id) {
    return make_error(ErrorCode::kUnknownTableOrBucketException,
                      "{}: table info is of table id {}, not the bucket's", state.bucket,
                      table.table_id());
  }
  FLUSS_ASSIGN_OR_RETURN(
      std::unique_ptr<Replica> created,
      Replica::create(state, local_server_, table, std::move(schema_getter), logs_, kvs_));
  created->set_log_end_listener([this](const TableBucket& b) { on_log_end(b); });
  std::unique_lock lock(mu_);
  replicas_.emplace(state.bucket, std::move(created));
  return Status::OK();
}

Status ReplicaManager::stop_replica(const TableBucket& bucket, LeaderEpoch leader_epoch,
                                    DeleteData delete_data) {
  std::lock_guard change(state_change_mu_);
  std::shared_ptr<Replica> replica;
  {
    std::unique_lock lock(mu_);
    auto it = replicas_.find(bucket);
    if (it != replicas_.end()) {
      if (leader_epoch != kNoLeaderEpoch && leader_epoch < it->second->leader_epoch()) {
        return make_error(ErrorCode::kFencedLeaderEpochException,
                          "{}: StopReplica with leader epoch {} older than the current {}", bucket,
                          leader_epoch, it->second->leader_epoch());
      }
      replica = std::move(it->second);
      replicas_.erase(it);
    }
  }
  // Fetches parked on the bucket now fail it (UNKNOWN_TABLE_OR_BUCKET) and complete.
  delayed_fetches_.wake(bucket);
  if (delete_data == DeleteData::kNo) return Status::OK();
  // Calls in flight may still hold the replica; deleting the tablets under them
  // would leave dangling references, so wait for them to finish.
  // TODO(replication): a Gate per replica instead of spinning on use_count.
  if (replica) {
    while (replica.use_count() > 1) std::this_thread::yield();
    replica.reset();
  }
  if (kvs_ != nullptr) FLUSS_RETURN_IF_ERROR(kvs_->drop_kv(bucket));
  if (logs_.get_log(bucket) != nullptr) FLUSS_RETURN_IF_ERROR(logs_.drop_log(bucket));
  return Status::OK();
}

Result<std::shared_ptr<Replica>> ReplicaManager::get_replica(const TableBucket& bucket) const {
  std::shared_lock lock(mu_);
  auto it = replicas_.find(bucket);
  if (it == replicas_.end()) {
    return make_error(ErrorCode::kUnknownTableOrBucketException,
                      "{} is not hosted by tablet server {}", bucket, local_server_);
  }
  return it->second;
}

Result<std::shared_ptr<Replica>> ReplicaManager::get_leader_replica(
    const TableBucket& bucket) const {
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<Replica> replica, get_replica(bucket));
  if (!replica->is_leader()) {
    return make_error(ErrorCode::kNotLeaderOrFollower,
                      "server {} is not the leader of {} (leader: server {}, epoch {})",
                      local_server_, bucket, replica->leader(), replica->leader_epoch());
  }
  return replica;
}

std::vector<ProduceResult> ReplicaManager::append_records(Acks /*acks*/,
                                                          std::span<const ProduceBucket> buckets) {
  // Every acks value is answered after the local append: with the ISR being the
  // leader alone, the high watermark reaches the log end within the append.
  std::vector<ProduceResult> results;
  results.reserve(buckets.size());
  for (const ProduceBucket& b : buckets) {
    ProduceResult& r = results.emplace_back(ProduceResult{.bucket = b.bucket});
    Result<std::shared_ptr<Replica>> replica = get_leader_replica(b.bucket);
    if (!replica.ok()) {
      r.status = replica.status();
      continue;
    }
    if ((*replica)->is_kv()) {
      r.status = make_error(ErrorCode::kInvalidTableException,
                            "{}: ProduceLog to primary-key table {}; write it with PutKv", b.bucket,
                            (*replica)->table().table_path());
      continue;
    }
    Result<storage::LogAppendInfo> info = (*replica)->append_records(b.records);
    if (!info.ok()) {
      r.status = info.status();
      continue;
    }
    r.base_offset = info->first_offset;
    r.log_end_offset = (*replica)->log_end_offset();
  }
  return results;
}

std::vector<ProduceResult> ReplicaManager::put_kv(
    Acks /*acks*/, std::optional<std::span<const int32_t>> target_columns,
    std::span<const PutKvBucket> buckets) {
  std::vector<ProduceResult> results;
  results.reserve(buckets.size());
  for (const PutKvBucket& b : buckets) {
    ProduceResult& r = results.emplace_back(ProduceResult{.bucket = b.bucket});
    Result<std::shared_ptr<Replica>> replica = get_leader_replica(b.bucket);
    if (!replica.ok()) {
      r.status = replica.status();
      continue;
    }
    Result<storage::LogAppendInfo> info = (*replica)->put_kv(b.records, target_columns);
    if (!info.ok()) {
      r.status = info.status();
      continue;
    }
    r.base_offset = info->first_offset;
    r.log_end_offset = (*replica)->log_end_offset();
  }
  return results;
}

namespace {

// The errors after which a long-poll still waits for its other buckets (Java's
// isNonCriticalFetchError).
bool is_non_critical_fetch_error(const Status& status) {
  return status.is(ErrorCode::kNotLeaderOrFollower) ||
         status.is(ErrorCode::kUnknownTableOrBucketException);
}

FetchIsolation isolation_of(const FetchParams& params) {
  return params.replica_id.value() < 0 ? FetchIsolation::kHighWatermark : FetchIsolation::kLogEnd;
}

Status check_projection(const Replica& replica, std::span<const int> columns) {
  FLUSS_ASSIGN_OR_RETURN(LogFormat format, replica.table().table_config().log_format());
  if (format != LogFormat::kArrow) {
    return make_error(ErrorCode::kInvalidColumnProjection,
                      "{}: projection needs an ARROW table, {} is {}", replica.bucket(),
                      replica.table().table_path(), to_string(format));
  }
  const int field_count = static_cast<int>(replica.table().row_type().size());
  if (columns.empty()) {
    return make_error(ErrorCode::kInvalidColumnProjection, "{}: projected_fields is empty",
                      replica.bucket());
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] < 0 || columns[i] >= field_count || (i > 0 && columns[i] <= columns[i - 1])) {
      return make_error(
          ErrorCode::kInvalidColumnProjection,
          "{}: projected_fields must be strictly ascending in [0, {}), field {} is {}",
          replica.bucket(), field_count, i, columns[i]);
    }
  }
  return Status::OK();
}

}  // namespace

std::vector<FetchResult> ReplicaManager::fetch(const FetchParams& params,
                                               std::span<const FetchBucket> buckets) const {
  const FetchIsolation isolation = isolation_of(params);
  uint64_t remaining = params.max_bytes;
  std::vector<FetchResult> results;
  results.reserve(buckets.size());
  for (const FetchBucket& b : buckets) {
    FetchResult& r = results.emplace_back(FetchResult{.bucket = b.bucket});
    Result<std::shared_ptr<Replica>> replica = get_leader_replica(b.bucket);
    if (!replica.ok()) {
      r.status = replica.status();
      continue;
    }
    const Replica& rep = **replica;
    if (b.projection) {
      if (Status s = check_projection(rep, *b.projection); !s.ok()) {
        r.status = s;
        continue;
      }
    }
    // Once the budget is spent a bucket reports its offsets and no records (and
    // reads none); before that it gets at least one batch.
    const uint64_t max_bytes =
        remaining == 0 ? 0 : std::max<uint64_t>(std::min(remaining, b.max_bytes), 1);
    Result<LogReadResult> read = rep.read_log(b.offset, max_bytes, isolation);
    if (!read.ok()) {
      r.status = read.status();
      continue;
    }
    remaining -= std::min<uint64_t>(remaining, read->records.size());
    if (b.projection && !read->records.empty()) {
      ByteBuffer projected;
      Status s = project_log_records(
          read->records.view(), *b.projection, [&rep](SchemaId id) { return rep.schema(id); },
          projected);
      if (!s.ok()) {
        r.status = s.with_context(b.bucket.to_string());
        continue;
      }
      read->records = std::move(projected);
    }
    r.read = std::move(*read);
  }
  return results;
}

Result<LogOffset> ReplicaManager::list_offset(const TableBucket& bucket, ServerId requester,
                                              OffsetType type,
                                              std::optional<int64_t> timestamp) const {
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<Replica> replica, get_leader_replica(bucket));
  return replica->list_offset(
      type, requester.value() < 0 ? FetchIsolation::kHighWatermark : FetchIsolation::kLogEnd,
      timestamp, clock_());
}

Result<std::vector<std::optional<std::string>>> ReplicaManager::lookup(
    const TableBucket& bucket, std::span<const ByteView> keys) const {
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<Replica> replica, get_leader_replica(bucket));
  return replica->lookup(keys);
}

Result<std::vector<std::string>> ReplicaManager::prefix_lookup(const TableBucket& bucket,
                                                               ByteView prefix) const {
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<Replica> replica, get_leader_replica(bucket));
  return replica->prefix_lookup(prefix);
}

Result<Replica::LimitScanResult> ReplicaManager::limit_scan(const TableBucket& bucket,
                                                            int32_t limit) const {
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<Replica> replica, get_leader_replica(bucket));
  return replica->limit_scan(limit);
}

Task<std::vector<FetchResult>> ReplicaManager::fetch_waiting(FetchParams params,
                                                             std::vector<FetchBucket> buckets,
                                                             int32_t min_bytes,
                                                             std::chrono::milliseconds max_wait) {
  std::vector<FetchResult> results = fetch(params, buckets);
  if (max_wait.count() <= 0 || buckets.empty() || delayed_fetches_.closed()) co_return results;
  uint64_t readable = 0;
  std::vector<size_t> watched;  // indexes of the buckets that read without error
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].status.ok()) {
      if (is_non_critical_fetch_error(results[i].status)) continue;
      co_return results;
    }
    readable += results[i].read.records.size();
    watched.push_back(i);
  }
  if (watched.empty() || readable >= static_cast<uint64_t>(std::max(min_bytes, 0))) {
    co_return results;
  }

  std::vector<FetchBucket> parked;
  std::vector<TableBucket> parked_buckets;
  for (size_t i : watched) {
    parked.push_back(buckets[i]);
    parked_buckets.push_back(buckets[i].bucket);
  }
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto delayed = std::make_shared<DelayedFetch>(executor);
  {
    DelayedFetchManager::Watch watch = delayed_fetches_.watch(delayed, parked_buckets);
    asio::steady_timer deadline(executor, max_wait);
    deadline.async_wait([delayed](const asio::error_code& ec) {
      if (!ec) delayed->expire();
    });
    const FetchIsolation isolation = isolation_of(params);
    while (!delayed->expired() && !delayed_fetches_.closed() &&
           !can_complete(isolation, parked, min_bytes)) {
      co_await delayed->wait();
    }
    deadline.cancel();
  }
  std::vector<FetchResult> again = fetch(params, parked);
  for (size_t k = 0; k < watched.size(); ++k) results[watched[k]] = std::move(again[k]);
  co_return results;
}

bool ReplicaManager::can_complete(FetchIsolation isolation, std::span<const FetchBucket> buckets,
                                  int64_t min_bytes) const {
  uint64_t available = 0;
  for (const FetchBucket& b : buckets) {
    Result<std::shared_ptr<Replica>> replica = get_leader_replica(b.bucket);
    if (!replica.ok()) return true;  // the re-read reports the error
    Result<uint64_t> bytes = (*replica)->bytes_available(b.offset, b.max_bytes, isolation);
    if (!bytes.ok()) return true;
    available += *bytes;
  }
  return available >= static_cast<uint64_t>(std::max<int64_t>(min_bytes, 0));
}

void ReplicaManager::on_log_end(const TableBucket& bucket) {
  delayed_fetches_.wake(bucket);
  std::shared_lock lock(listener_mu_);
  if (listener_) listener_(bucket);
}

void ReplicaManager::set_log_end_listener(Replica::LogEndListener listener) {
  std::unique_lock lock(listener_mu_);
  listener_ = std::move(listener);
}

LogOffset ReplicaManager::retention_bound(const TableBucket& bucket) const {
  Result<std::shared_ptr<Replica>> replica = get_replica(bucket);
  if (replica.ok()) return (*replica)->high_watermark();
  const storage::LogTablet* log = logs_.get_log(bucket);
  return log != nullptr ? log->log_start_offset() : LogOffset(0);
}

void ReplicaManager::run_serialized_with_writes(const TableBucket& bucket,
                                                const std::function<void()>& duty) {
  Result<std::shared_ptr<Replica>> replica = get_replica(bucket);
  if (replica.ok()) {
    (*replica)->run_exclusive(duty);
  } else {
    duty();
  }
}

std::vector<std::shared_ptr<Replica>> ReplicaManager::replicas() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<Replica>> out;
  out.reserve(replicas_.size());
  for (const auto& [bucket, replica] : replicas_) out.push_back(replica);
  return out;
}

size_t ReplicaManager::replica_count() const {
  std::shared_lock lock(mu_);
  return replicas_.size();
}

Status project_log_records(
    ByteView records, std::span<const int> columns,
    const std::function<Result<std::shared_ptr<const Schema>>(SchemaId)>& schema_of,
    ByteBuffer& out) {
  LogRecords batches(records);
  for (;;) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<LogRecordBatch> batch, batches.next_batch());
    if (!batch) break;
    FLUSS_ASSIGN_OR_RETURN(ArrowLogRecords arrow, batch->arrow_records());
    const size_t header = batch->header_size();
    const size_t start = out.size();
    out.append(batch->bytes().subspan(0, header));
    if (batch->magic() >= kLogMagicV1) out.put_le<int32_t>(start + header - 4, 0);
    if (arrow.change_types) out.append(*arrow.change_types);
    if (!arrow.arrow_message.empty()) {
      FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<const Schema> schema, schema_of(batch->schema_id()));
      FLUSS_RETURN_IF_ERROR(
          project_arrow_batch(schema->row_type(), arrow.arrow_message, columns, out));
    }
    out.put_le<int32_t>(start + kLogLengthOffset,
                        static_cast<int32_t>(out.size() - start - kLogOverhead));
  }
  return Status::OK();
}

}  // namespace fluss::replication
