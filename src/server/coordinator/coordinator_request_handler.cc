// SPDX-License-Identifier: Apache-2.0
#include "server/coordinator/coordinator_request_handler.h"

#include "rpc/request_dispatch.h"

namespace fluss::server {

namespace proto = ::fluss::rpc::proto;
using rpc::ApiKey;

namespace {

constexpr ApiKey kServed[] = {
    ApiKey::kApiVersions,        ApiKey::kCreateDatabase,  ApiKey::kDropDatabase,
    ApiKey::kListDatabases,      ApiKey::kDatabaseExists,  ApiKey::kCreateTable,
    ApiKey::kDropTable,          ApiKey::kGetTableInfo,    ApiKey::kListTables,
    ApiKey::kListPartitionInfos, ApiKey::kTableExists,     ApiKey::kGetTableSchema,
    ApiKey::kGetMetadata,        ApiKey::kGetDatabaseInfo, ApiKey::kCreatePartition,
    ApiKey::kDropPartition,      ApiKey::kAlterTable,
};

}  // namespace

std::span<const ApiKey> CoordinatorRequestHandler::served_apis() { return kServed; }

Task<Result<ByteBuffer>> CoordinatorRequestHandler::handle(rpc::Request request) {
  co_return dispatch(request);
}

Result<ByteBuffer> CoordinatorRequestHandler::dispatch(const rpc::Request& request) {
  FLUSS_ASSIGN_OR_RETURN(
      const rpc::ApiInfo* api,
      rpc::check_api_version(request.header.api_key, request.header.api_version));
  CoordinatorService& s = service_;
  switch (api->key) {
    case ApiKey::kApiVersions:
      return rpc::serve<proto::ApiVersionsRequest>(request, [](auto&) {
        return rpc::make_api_versions_response(rpc::ServerType::kCoordinator, kServed);
      });
    case ApiKey::kCreateDatabase:
      return rpc::serve<proto::CreateDatabaseRequest>(
          request, [&s](proto::CreateDatabaseRequest& m) { return s.create_database(m); });
    case ApiKey::kDropDatabase:
      return rpc::serve<proto::DropDatabaseRequest>(
          request, [&s](proto::DropDatabaseRequest& m) { return s.drop_database(m); });
    case ApiKey::kListDatabases:
      return rpc::serve<proto::ListDatabasesRequest>(
          request, [&s](proto::ListDatabasesRequest& m) { return s.list_databases(m); });
    case ApiKey::kDatabaseExists:
      return rpc::serve<proto::DatabaseExistsRequest>(
          request, [&s](proto::DatabaseExistsRequest& m) { return s.database_exists(m); });
    case ApiKey::kGetDatabaseInfo:
      return rpc::serve<proto::GetDatabaseInfoRequest>(
          request, [&s](proto::GetDatabaseInfoRequest& m) { return s.get_database_info(m); });
    case ApiKey::kCreateTable:
      return rpc::serve<proto::CreateTableRequest>(
          request, [&s](proto::CreateTableRequest& m) { return s.create_table(m); });
    case ApiKey::kDropTable:
      return rpc::serve<proto::DropTableRequest>(
          request, [&s](proto::DropTableRequest& m) { return s.drop_table(m); });
    case ApiKey::kListTables:
      return rpc::serve<proto::ListTablesRequest>(
          request, [&s](proto::ListTablesRequest& m) { return s.list_tables(m); });
    case ApiKey::kTableExists:
      return rpc::serve<proto::TableExistsRequest>(
          request, [&s](proto::TableExistsRequest& m) { return s.table_exists(m); });
    case ApiKey::kGetTableInfo:
      return rpc::serve<proto::GetTableInfoRequest>(
          request, [&s](proto::GetTableInfoRequest& m) { return s.get_table_info(m); });
    case ApiKey::kGetTableSchema:
      return rpc::serve<proto::GetTableSchemaRequest>(
          request, [&s](proto::GetTableSchemaRequest& m) { return s.get_table_schema(m); });
    case ApiKey::kAlterTable:
      return rpc::serve<proto::AlterTableRequest>(
          request, [&s](proto::AlterTableRequest& m) { return s.alter_table(m); });
    case ApiKey::kCreatePartition:
      return rpc::serve<proto::CreatePartitionRequest>(
          request, [&s](proto::CreatePartitionRequest& m) { return s.create_partition(m); });
    case ApiKey::kDropPartition:
      return rpc::serve<proto::DropPartitionRequest>(
          request, [&s](proto::DropPartitionRequest& m) { return s.drop_partition(m); });
    case ApiKey::kListPartitionInfos:
      return rpc::serve<proto::ListPartitionInfosRequest>(
          request, [&s](proto::ListPartitionInfosRequest& m) { return s.list_partition_infos(m); });
    case ApiKey::kGetMetadata:
      return rpc::serve<proto::MetadataRequest>(
          request, [&s](proto::MetadataRequest& m) { return s.get_metadata(m); });
    default:
      break;
  }
  return rpc::api_not_served(request.header.api_key, rpc::ServerType::kCoordinator);
}

}  // namespace fluss::server
