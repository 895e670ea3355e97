// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "server/coordinator/coordinator_service.h"
#include "server/base/metadata_reader.h"

namespace fluss::server {

// The tablet servers' MetadataReader in `fluss local`: the coordinator's service
// answers, from the one shared MetadataManager. The service outlives it.
class CoordinatorMetadataReader final : public MetadataReader {
 public:
  explicit CoordinatorMetadataReader(CoordinatorService& service) : service_(service) {}

  Result<rpc::proto::ListDatabasesResponse> list_databases(
      const rpc::proto::ListDatabasesRequest& request) override {
    return service_.list_databases(request);
  }
  Result<rpc::proto::DatabaseExistsResponse> database_exists(
      const rpc::proto::DatabaseExistsRequest& request) override {
    return service_.database_exists(request);
  }
  Result<rpc::proto::GetDatabaseInfoResponse> get_database_info(
      const rpc::proto::GetDatabaseInfoRequest& request) override {
    return service_.get_database_info(request);
  }
  Result<rpc::proto::ListTablesResponse> list_tables(
      const rpc::proto::ListTablesRequest& request) override {
    return service_.list_tables(request);
  }
  Result<rpc::proto::TableExistsResponse> table_exists(
      const rpc::proto::TableExistsRequest& request) override {
    return service_.table_exists(request);
  }
  Result<rpc::proto::GetTableInfoResponse> get_table_info(
      const rpc::proto::GetTableInfoRequest& request) override {
    return service_.get_table_info(request);
  }
  Result<rpc::proto::GetTableSchemaResponse> get_table_schema(
      const rpc::proto::GetTableSchemaRequest& request) override {
    return service_.get_table_schema(request);
  }
  Result<rpc::proto::ListPartitionInfosResponse> list_partition_infos(
      const rpc::proto::ListPartitionInfosRequest& request) override {
    return service_.list_partition_infos(request);
  }
  Result<rpc::proto::MetadataResponse> get_metadata(
      const rpc::proto::MetadataRequest& request) override {
    return service_.get_metadata(request);
  }

 private:
  CoordinatorService& service_;
};

}  // namespace fluss::server
