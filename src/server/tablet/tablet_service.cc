// SPDX-License-Identifier: Apache-2.0
#include "server/tablet/tablet_service.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rpc/protocol/errors.h"

namespace fluss::server {

namespace {

TableBucket bucket_of(int64_t table_id, bool has_partition, int64_t partition_id,
                      int32_t bucket_id) {
  return TableBucket(
      TableId(table_id),
      has_partition ? std::optional<PartitionId>(PartitionId(partition_id)) : std::nullopt,
      BucketId(bucket_id));
}

// A request bucket message (partition_id + bucket_id) of table `table_id`.
template <typename PbBucket>
TableBucket bucket_of(int64_t table_id, const PbBucket& b) {
  return bucket_of(table_id, b.has_partition_id(), b.partition_id(), b.bucket_id());
}

TableBucket bucket_of(const proto::PbTableBucket& b) {
  return bucket_of(b.table_id(), b.has_partition_id(), b.partition_id(), b.bucket_id());
}

// Copies partition_id and bucket_id of a request bucket into its response bucket.
template <typename PbResp>
void set_bucket(PbResp& resp, const TableBucket& bucket) {
  if (bucket.partition_id) resp.set_partition_id(bucket.partition_id->value());
  resp.set_bucket_id(bucket.bucket.value());
}

}  // namespace

TabletService::TabletService(replication::ReplicaManager& replicas,
                             const TableMetadataSource& metadata,
                             WriterIdAllocator allocate_writer_id)
    : replicas_(replicas),
      metadata_(metadata),
      allocate_writer_id_(std::move(allocate_writer_id)) {}

proto::ProduceLogResponse TabletService::produce_log(proto::ProduceLogRequest& request) {
  rpc::ProduceLogRequestView view{.acks = request.acks(),
                                  .table_id = request.table_id(),
                                  .timeout_ms = request.timeout_ms(),
                                  .buckets = {}};
  view.buckets.reserve(request.buckets_req_size());
  for (proto::PbProduceLogReqForBucket& b : *request.mutable_buckets_req()) {
    std::string& records = *b.mutable_records();
    view.buckets.push_back(
        {.partition_id =
             b.has_partition_id() ? std::optional<int64_t>(b.partition_id()) : std::nullopt,
         .bucket_id = b.bucket_id(),
         .records = std::span(reinterpret_cast<uint8_t*>(records.data()), records.size())});
  }
  return produce_log(view);
}

proto::ProduceLogResponse TabletService::produce_log(const rpc::ProduceLogRequestView& request) {
  proto::ProduceLogResponse response;
  Result<replication::Acks> acks = replication::acks_from_wire(request.acks);
  std::vector<replication::ProduceBucket> buckets;
  buckets.reserve(request.buckets.size());
  for (const rpc::ProduceLogBucketView& b : request.buckets) {
    buckets.push_back({bucket_of(request.table_id, b.partition_id.has_value(),
                                 b.partition_id.value_or(0), b.bucket_id),
                       b.records});
  }
  std::vector<replication::ProduceResult> results;
  if (acks.ok()) results = replicas_.append_records(*acks, buckets);
  for (size_t i = 0; i < buckets.size(); ++i) {
    proto::PbProduceLogRespForBucket& out = *response.add_buckets_resp();
    set_bucket(out, buckets[i].bucket);
    if (!acks.ok()) {
      rpc::set_error(out, acks.status());
    } else if (!results[i].status.ok()) {
      rpc::set_error(out, results[i].status);
    } else {
      out.set_base_offset(results[i].base_offset.value());
    }
  }
  return response;
}

TabletService::FetchRequest TabletService::to_fetch_request(const proto::FetchLogRequest& request) {
  FetchRequest fetch;
  fetch.params = replication::FetchParams{
      .replica_id = ServerId(request.follower_server_id()),
      .max_bytes = static_cast<uint64_t>(std::max(request.max_bytes(), 0))};
  for (int t = 0; t < request.tables_req_size(); ++t) {
    const proto::PbFetchLogReqForTable& table = request.tables_req(t);
    std::optional<std::vector<int>> projection;
    if (table.projection_pushdown_enabled()) {
      projection.emplace(table.projected_fields().begin(), table.projected_fields().end());
    }
    for (const proto::PbFetchLogReqForBucket& b : table.buckets_req()) {
      fetch.buckets.push_back({.bucket = bucket_of(table.table_id(), b),
                               .offset = LogOffset(b.fetch_offset()),
                               .max_bytes = static_cast<uint64_t>(std::max(b.max_fetch_bytes(), 0)),
                               .projection = projection});
      fetch.table_of.push_back(static_cast<size_t>(t));
    }
  }
  return fetch;
}

proto::FetchLogResponse TabletService::to_fetch_response(
    const proto::FetchLogRequest& request, const FetchRequest& fetch,
    std::vector<replication::FetchResult> results) {
  proto::FetchLogResponse response;
  proto::PbFetchLogRespForTable* table_resp = nullptr;
  for (size_t i = 0; i < results.size(); ++i) {
    const size_t table = fetch.table_of[i];
    if (i == 0 || table != fetch.table_of[i - 1]) {
      table_resp = response.add_tables_resp();
      table_resp->set_table_id(request.tables_req(static_cast<int>(table)).table_id());
    }
    proto::PbFetchLogRespForBucket& out = *table_resp->add_buckets_resp();
    set_bucket(out, results[i].bucket);
    if (!results[i].status.ok()) {
      rpc::set_error(out, results[i].status);
      continue;
    }
    const replication::LogReadResult& read = results[i].read;
    out.set_high_watermark(read.high_watermark.value());
    out.set_log_start_offset(read.log_start_offset.value());
    out.set_records(std::string(read.records.string_view()));
  }
  return response;
}

proto::FetchLogResponse TabletService::fetch_log(const proto::FetchLogRequest& request) {
  FetchRequest fetch = to_fetch_request(request);
  std::vector<replication::FetchResult> results = replicas_.fetch(fetch.params, fetch.buckets);
  return to_fetch_response(request, fetch, std::move(results));
}

Task<proto::FetchLogResponse> TabletService::fetch_log_waiting(proto::FetchLogRequest request) {
  if (!request.has_min_bytes()) co_return fetch_log(request);
  // Java's FetchParams.DEFAULT_MAX_WAIT_MS_WHEN_MIN_BYTES_ENABLE.
  constexpr int32_t kDefaultMaxWaitMs = 100;
  const std::chrono::milliseconds max_wait(request.has_max_wait_ms() ? request.max_wait_ms()
                                                                     : kDefaultMaxWaitMs);
  FetchRequest fetch = to_fetch_request(request);
  std::vector<replication::FetchResult> results = co_await replicas_.fetch_waiting(
      fetch.params, std::move(fetch.buckets), request.min_bytes(), max_wait);
  co_return to_fetch_response(request, fetch, std::move(results));
}

void TabletService::close_delayed_fetches() { replicas_.close_delayed_fetches(); }

Status TabletService::check_pk_version(int16_t version, const TableBucket& bucket,
                                       std::string_view api) const {
  if (version != 0) return Status::OK();
  Result<std::shared_ptr<replication::Replica>> replica = replicas_.get_replica(bucket);
  if (!replica.ok()) return Status::OK();  // the data path reports it
  const TableInfo& table = (*replica)->table();
  const TableConfig config = table.table_config();
  FLUSS_ASSIGN_OR_RETURN(std::optional<DataLakeFormat> lake, config.datalake_format());
  FLUSS_ASSIGN_OR_RETURN(std::optional<int32_t> kv_version, config.kv_format_version());
  if (lake && kv_version == 2 && !table.is_default_bucket_key()) {
    return make_error(ErrorCode::kUnsupportedVersion,
                      "{} v0 cannot serve {} of table {}: its lake table "
                      "(table.kv.format-version 2, bucket key {}) needs v1 key encoding",
                      api, bucket, table.table_path(), fmt::join(table.bucket_keys(), ","));
  }
  return Status::OK();
}

proto::PutKvResponse TabletService::put_kv(int16_t version, const proto::PutKvRequest& request) {
  proto::PutKvResponse response;
  Result<replication::Acks> acks = replication::acks_from_wire(request.acks());
  const std::vector<int32_t> target(request.target_columns().begin(),
                                    request.target_columns().end());
  std::optional<std::span<const int32_t>> target_columns;
  if (!target.empty()) target_columns = std::span<const int32_t>(target);
  for (const proto::PbPutKvReqForBucket& b : request.buckets_req()) {
    const TableBucket bucket = bucket_of(request.table_id(), b);
    proto::PbPutKvRespForBucket& out = *response.add_buckets_resp();
    set_bucket(out, bucket);
    Status status = acks.ok() ? check_pk_version(version, bucket, "PUT_KV") : acks.status();
    if (status.ok()) {
      const replication::PutKvBucket put{bucket, as_bytes(std::string_view(b.records()))};
      replication::ProduceResult r = replicas_.put_kv(*acks, target_columns, std::span(&put, 1))[0];
      status = std::move(r.status);
      if (status.ok()) out.set_log_end_offset(r.log_end_offset.value());
    }
    if (status.is(ErrorCode::kStorageBackpressureException) && version < 2) {
      status = Status(ErrorCode::kKvStorageException, std::string(status.message()));
    }
    rpc::set_error(out, status);
  }
  return response;
}

proto::LookupResponse TabletService::lookup(int16_t version, const proto::LookupRequest& request) {
  proto::LookupResponse response;
  for (const proto::PbLookupReqForBucket& b : request.buckets_req()) {
    const TableBucket bucket = bucket_of(request.table_id(), b);
    proto::PbLookupRespForBucket& out = *response.add_buckets_resp();
    set_bucket(out, bucket);
    if (b.has_original_partition_name()) {
      out.set_original_partition_name(b.original_partition_name());
    }
    if (Status s = check_pk_version(version, bucket, "LOOKUP"); !s.ok()) {
      rpc::set_error(out, s);
      continue;
    }
    std::vector<ByteView> keys;
    keys.reserve(b.keys_size());
    for (const std::string& key : b.keys()) keys.push_back(as_bytes(std::string_view(key)));
    Result<std::vector<std::optional<std::string>>> values = replicas_.lookup(bucket, keys);
    if (!values.ok()) {
      rpc::set_error(out, values.status());
      continue;
    }
    for (std::optional<std::string>& value : *values) {
      proto::PbValue& pb = *out.add_values();
      if (value) pb.set_values(std::move(*value));
    }
  }
  return response;
}

proto::PrefixLookupResponse TabletService::prefix_lookup(
    int16_t version, const proto::PrefixLookupRequest& request) {
  proto::PrefixLookupResponse response;
  for (const proto::PbPrefixLookupReqForBucket& b : request.buckets_req()) {
    const TableBucket bucket = bucket_of(request.table_id(), b);
    proto::PbPrefixLookupRespForBucket& out = *response.add_buckets_resp();
    set_bucket(out, bucket);
    Status status = check_pk_version(version, bucket, "PREFIX_LOOKUP");
    std::vector<std::vector<std::string>> lists;
    for (int k = 0; status.ok() && k < b.keys_size(); ++k) {
      Result<std::vector<std::string>> values =
          replicas_.prefix_lookup(bucket, as_bytes(std::string_view(b.keys(k))));
      if (!values.ok()) {
        status = values.status();
        break;
      }
      lists.push_back(std::move(*values));
    }
    if (!status.ok()) {
      rpc::set_error(out, status);
      continue;
    }
    for (std::vector<std::string>& list : lists) {
      proto::PbValueList& pb = *out.add_value_lists();
      for (std::string& value : list) pb.add_values(std::move(value));
    }
  }
  return response;
}

proto::LimitScanResponse TabletService::limit_scan(const proto::LimitScanRequest& request) {
  proto::LimitScanResponse response;
  const TableBucket bucket = bucket_of(request.table_id(), request);
  Result<replication::Replica::LimitScanResult> scan =
      replicas_.limit_scan(bucket, request.limit());
  if (!scan.ok()) {
    rpc::set_error(response, scan.status());
    return response;
  }
  response.set_is_log_table(scan->is_log_table);
  response.set_records(std::string(scan->records.string_view()));
  return response;
}

proto::ListOffsetsResponse TabletService::list_offsets(const proto::ListOffsetsRequest& request) {
  proto::ListOffsetsResponse response;
  const int32_t type = request.offset_type();
  const bool known_type = type >= 0 && type <= 3;
  std::optional<int64_t> timestamp;
  if (request.has_starttimestamp()) timestamp = request.starttimestamp();
  for (int32_t bucket_id : request.bucket_id()) {
    const TableBucket bucket = bucket_of(request.table_id(), request.has_partition_id(),
                                         request.partition_id(), bucket_id);
    proto::PbListOffsetsRespForBucket& out = *response.add_buckets_resp();
    out.set_bucket_id(bucket_id);
    if (!known_type) {
      rpc::set_error(out, make_error(ErrorCode::kCorruptMessage,
                                     "{}: unknown ListOffsets offset_type {}", bucket, type));
      continue;
    }
    Result<LogOffset> offset =
        replicas_.list_offset(bucket, ServerId(request.follower_server_id()),
                              static_cast<replication::OffsetType>(type), timestamp);
    if (!offset.ok()) {
      rpc::set_error(out, offset.status());
      continue;
    }
    out.set_offset(offset->value());
  }
  return response;
}

proto::NotifyLeaderAndIsrResponse TabletService::notify_leader_and_isr(
    const proto::NotifyLeaderAndIsrRequest& request) {
  proto::NotifyLeaderAndIsrResponse response;
  const Status epoch = replicas_.check_coordinator_epoch(request.coordinator_epoch());
  for (const proto::PbNotifyLeaderAndIsrReqForBucket& b : request.notify_buckets_leader_req()) {
    proto::PbNotifyLeaderAndIsrRespForBucket& out = *response.add_notify_buckets_leader_resp();
    *out.mutable_table_bucket() = b.table_bucket();
    if (!epoch.ok()) {
      rpc::set_error(out, epoch);
      continue;
    }
    replication::LeaderAndIsr state{
        .path = PhysicalTablePath{TablePath{b.physical_table_path().database_name(),
                                            b.physical_table_path().table_name()},
                                  b.physical_table_path().has_partition_name()
                                      ? std::optional(b.physical_table_path().partition_name())
                                      : std::nullopt},
        .bucket = bucket_of(b.table_bucket()),
        .leader = ServerId(b.leader()),
        .leader_epoch = LeaderEpoch(b.leader_epoch()),
        .replicas = {},
        .isr = {},
        .bucket_epoch = b.bucket_epoch()};
    for (int32_t id : b.replicas()) state.replicas.push_back(ServerId(id));
    for (int32_t id : b.isr()) state.isr.push_back(ServerId(id));
    Result<TableInfo> table = metadata_.get_table_info(state.bucket.table_id);
    if (!table.ok()) {
      rpc::set_error(out, table.status().with_context(state.bucket.to_string()));
      continue;
    }
    const TableId table_id = state.bucket.table_id;
    const TableMetadataSource* metadata = &metadata_;
    storage::SchemaGetter schemas = [metadata, table_id](SchemaId id) {
      return metadata->get_schema(table_id, id);
    };
    rpc::set_error(out, replicas_.become_leader_or_follower(state, *table, std::move(schemas)));
  }
  return response;
}

proto::StopReplicaResponse TabletService::stop_replica(const proto::StopReplicaRequest& request) {
  proto::StopReplicaResponse response;
  const Status epoch = replicas_.check_coordinator_epoch(request.coordinator_epoch());
  for (const proto::PbStopReplicaReqForBucket& b : request.stop_replicas_req()) {
    proto::PbStopReplicaRespForBucket& out = *response.add_stop_replicas_resp();
    *out.mutable_table_bucket() = b.table_bucket();
    if (!epoch.ok()) {
      rpc::set_error(out, epoch);
      continue;
    }
    rpc::set_error(out,
                   replicas_.stop_replica(
                       bucket_of(b.table_bucket()), LeaderEpoch(b.leader_epoch()),
                       b.delete_() ? replication::DeleteData::kYes : replication::DeleteData::kNo));
  }
  return response;
}

Result<proto::InitWriterResponse> TabletService::init_writer(
    const proto::InitWriterRequest& /*request*/) {
  if (!allocate_writer_id_) {
    return make_error(ErrorCode::kUnknownServerError, "tablet server {} has no writer id allocator",
                      replicas_.local_server());
  }
  FLUSS_ASSIGN_OR_RETURN(WriterId id, allocate_writer_id_());
  proto::InitWriterResponse response;
  response.set_writer_id(id.value());
  return response;
}

}  // namespace fluss::server
