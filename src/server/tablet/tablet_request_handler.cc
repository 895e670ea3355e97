// SPDX-License-Identifier: Apache-2.0
#include "server/tablet/tablet_request_handler.h"

#include "rpc/request_dispatch.h"

namespace fluss::server {

namespace {

using rpc::ApiKey;

// Key order; the metadata reads are the ApiScope::kBoth ones we implement.
constexpr ApiKey kWithMetadata[] = {
    ApiKey::kApiVersions,  ApiKey::kListDatabases,      ApiKey::kDatabaseExists,
    ApiKey::kGetTableInfo, ApiKey::kListTables,         ApiKey::kListPartitionInfos,
    ApiKey::kTableExists,  ApiKey::kGetTableSchema,     ApiKey::kGetMetadata,
    ApiKey::kProduceLog,   ApiKey::kFetchLog,           ApiKey::kPutKv,
    ApiKey::kLookup,       ApiKey::kNotifyLeaderAndIsr, ApiKey::kStopReplica,
    ApiKey::kListOffsets,  ApiKey::kInitWriter,         ApiKey::kLimitScan,
    ApiKey::kPrefixLookup, ApiKey::kGetDatabaseInfo,
};

constexpr ApiKey kWithoutMetadata[] = {
    ApiKey::kApiVersions, ApiKey::kProduceLog,         ApiKey::kFetchLog,     ApiKey::kPutKv,
    ApiKey::kLookup,      ApiKey::kNotifyLeaderAndIsr, ApiKey::kStopReplica,  ApiKey::kListOffsets,
    ApiKey::kInitWriter,  ApiKey::kLimitScan,          ApiKey::kPrefixLookup,
};

}  // namespace

TabletRequestHandler::TabletRequestHandler(TabletService& service, MetadataReader* metadata)
    : service_(service), metadata_(metadata) {}

std::span<const ApiKey> TabletRequestHandler::served_apis() const {
  if (metadata_ != nullptr) return kWithMetadata;
  return kWithoutMetadata;
}

Task<Result<ByteBuffer>> TabletRequestHandler::handle(rpc::Request request) {
  // FETCH_LOG may wait (min_bytes / max_wait_ms long-poll) without holding the
  // network thread: it suspends on the connection's executor until data arrives,
  // the deadline passes or the service closes its delayed fetches at stop.
  if (request.header.api_key == static_cast<int16_t>(ApiKey::kFetchLog) &&
      rpc::check_api_version(request.header.api_key, request.header.api_version).ok()) {
    Result<proto::FetchLogRequest> fetch = rpc::parse<proto::FetchLogRequest>(
        request.payload.view(), rpc::request_context(request.header));
    if (!fetch.ok()) co_return fetch.status();
    proto::FetchLogResponse response = co_await service_.fetch_log_waiting(std::move(*fetch));
    co_return rpc::encode_response(response);
  }
  // PRODUCE_LOG reads its batches in place: from the socket to the log without a copy.
  if (request.header.api_key == static_cast<int16_t>(ApiKey::kProduceLog) &&
      rpc::check_api_version(request.header.api_key, request.header.api_version).ok()) {
    Result<rpc::ProduceLogRequestView> produce =
        rpc::parse_produce_log(std::span<uint8_t>(request.payload.data(), request.payload.size()),
                               rpc::request_context(request.header));
    if (!produce.ok()) co_return produce.status();
    co_return rpc::encode_response(service_.produce_log(*produce));
  }
  co_return dispatch(request);
}

Result<ByteBuffer> TabletRequestHandler::dispatch(const rpc::Request& request) {
  const int16_t version = request.header.api_version;
  FLUSS_ASSIGN_OR_RETURN(const rpc::ApiInfo* api,
                         rpc::check_api_version(request.header.api_key, version));
  const bool reads = metadata_ != nullptr;
  switch (api->key) {
    case ApiKey::kApiVersions:
      return rpc::serve<proto::ApiVersionsRequest>(request, [this](auto&) {
        return rpc::make_api_versions_response(rpc::ServerType::kTabletServer, served_apis());
      });
    case ApiKey::kProduceLog:
      return rpc::serve<proto::ProduceLogRequest>(
          request, [this](proto::ProduceLogRequest& m) { return service_.produce_log(m); });
    case ApiKey::kFetchLog:  // served by handle() with the long-poll
      return rpc::serve<proto::FetchLogRequest>(
          request, [this](proto::FetchLogRequest& m) { return service_.fetch_log(m); });
    case ApiKey::kPutKv:
      return rpc::serve<proto::PutKvRequest>(
          request, [&](proto::PutKvRequest& m) { return service_.put_kv(version, m); });
    case ApiKey::kLookup:
      return rpc::serve<proto::LookupRequest>(
          request, [&](proto::LookupRequest& m) { return service_.lookup(version, m); });
    case ApiKey::kPrefixLookup:
      return rpc::serve<proto::PrefixLookupRequest>(request, [&](proto::PrefixLookupRequest& m) {
        return service_.prefix_lookup(version, m);
      });
    case ApiKey::kLimitScan:
      return rpc::serve<proto::LimitScanRequest>(
          request, [this](proto::LimitScanRequest& m) { return service_.limit_scan(m); });
    case ApiKey::kListOffsets:
      return rpc::serve<proto::ListOffsetsRequest>(
          request, [this](proto::ListOffsetsRequest& m) { return service_.list_offsets(m); });
    case ApiKey::kNotifyLeaderAndIsr:
      return rpc::serve<proto::NotifyLeaderAndIsrRequest>(
          request, [this](proto::NotifyLeaderAndIsrRequest& m) {
            return service_.notify_leader_and_isr(m);
          });
    case ApiKey::kStopReplica:
      return rpc::serve<proto::StopReplicaRequest>(
          request, [this](proto::StopReplicaRequest& m) { return service_.stop_replica(m); });
    case ApiKey::kInitWriter:
      return rpc::serve<proto::InitWriterRequest>(
          request, [this](proto::InitWriterRequest& m) { return service_.init_writer(m); });
    case ApiKey::kListDatabases:
      if (!reads) break;
      return rpc::serve<proto::ListDatabasesRequest>(
          request, [this](proto::ListDatabasesRequest& m) { return metadata_->list_databases(m); });
    case ApiKey::kDatabaseExists:
      if (!reads) break;
      return rpc::serve<proto::DatabaseExistsRequest>(
          request,
          [this](proto::DatabaseExistsRequest& m) { return metadata_->database_exists(m); });
    case ApiKey::kGetDatabaseInfo:
      if (!reads) break;
      return rpc::serve<proto::GetDatabaseInfoRequest>(
          request,
          [this](proto::GetDatabaseInfoRequest& m) { return metadata_->get_database_info(m); });
    case ApiKey::kListTables:
      if (!reads) break;
      return rpc::serve<proto::ListTablesRequest>(
          request, [this](proto::ListTablesRequest& m) { return metadata_->list_tables(m); });
    case ApiKey::kTableExists:
      if (!reads) break;
      return rpc::serve<proto::TableExistsRequest>(
          request, [this](proto::TableExistsRequest& m) { return metadata_->table_exists(m); });
    case ApiKey::kGetTableInfo:
      if (!reads) break;
      return rpc::serve<proto::GetTableInfoRequest>(
          request, [this](proto::GetTableInfoRequest& m) { return metadata_->get_table_info(m); });
    case ApiKey::kGetTableSchema:
      if (!reads) break;
      return rpc::serve<proto::GetTableSchemaRequest>(
          request,
          [this](proto::GetTableSchemaRequest& m) { return metadata_->get_table_schema(m); });
    case ApiKey::kListPartitionInfos:
      if (!reads) break;
      return rpc::serve<proto::ListPartitionInfosRequest>(
          request, [this](proto::ListPartitionInfosRequest& m) {
            return metadata_->list_partition_infos(m);
          });
    case ApiKey::kGetMetadata:
      if (!reads) break;
      return rpc::serve<proto::MetadataRequest>(
          request, [this](proto::MetadataRequest& m) { return metadata_->get_metadata(m); });
    default:
      break;
  }
  return rpc::api_not_served(request.header.api_key, rpc::ServerType::kTabletServer);
}

}  // namespace fluss::server
