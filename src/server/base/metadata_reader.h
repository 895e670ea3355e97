// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/result.h"
#include "rpc/protocol/fluss_api.pb.h"

namespace fluss::server {

// The metadata reads that Fluss serves on the coordinator and on every tablet
// server alike (RpcServiceBase: GET_METADATA, LIST_DATABASES, TABLE_EXISTS, ...),
// as the tablet server's request handler sees them. In `fluss local` the tablet
// servers answer them from the coordinator's MetadataManager (one shared store:
// an adapter over the CoordinatorService); a tablet server of a cluster answers
// them from its own view of ZooKeeper. Thread-safe; errors as the
// CoordinatorService's.
class MetadataReader {
 public:
  virtual ~MetadataReader() = default;

  virtual Result<rpc::proto::ListDatabasesResponse> list_databases(
      const rpc::proto::ListDatabasesRequest& request) = 0;
  virtual Result<rpc::proto::DatabaseExistsResponse> database_exists(
      const rpc::proto::DatabaseExistsRequest& request) = 0;
  virtual Result<rpc::proto::GetDatabaseInfoResponse> get_database_info(
      const rpc::proto::GetDatabaseInfoRequest& request) = 0;
  virtual Result<rpc::proto::ListTablesResponse> list_tables(
      const rpc::proto::ListTablesRequest& request) = 0;
  virtual Result<rpc::proto::TableExistsResponse> table_exists(
      const rpc::proto::TableExistsRequest& request) = 0;
  virtual Result<rpc::proto::GetTableInfoResponse> get_table_info(
      const rpc::proto::GetTableInfoRequest& request) = 0;
  virtual Result<rpc::proto::GetTableSchemaResponse> get_table_schema(
      const rpc::proto::GetTableSchemaRequest& request) = 0;
  virtual Result<rpc::proto::ListPartitionInfosResponse> list_partition_infos(
      const rpc::proto::ListPartitionInfosRequest& request) = 0;
  virtual Result<rpc::proto::MetadataResponse> get_metadata(
      const rpc::proto::MetadataRequest& request) = 0;
};

}  // namespace fluss::server
