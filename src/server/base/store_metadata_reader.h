// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_info.h"
#include "model/table_path.h"
#include "server/base/listeners.h"
#include "server/base/metadata_reader.h"
#include "server/metadata/metadata_manager.h"

namespace fluss::server {

struct StoreMetadataReaderOptions {
  // Which listener of a tablet server's registration GET_METADATA reports
  // ("CLIENT://host:port,..."); empty or absent: the first one.
  std::string client_listener_name;
  // The coordinator GET_METADATA reports: the coordinator's own endpoint, or (a
  // tablet server) the active coordinator's registration. nullopt or no function:
  // none is known and the field stays absent.
  std::function<std::optional<ServerEndpoint>()> coordinator = nullptr;
};

// The metadata reads both server kinds serve (Java's RpcServiceBase: LIST_DATABASES,
// GET_TABLE_INFO, GET_METADATA, ...) answered from a MetadataManager: the
// coordinator's service runs them under its lock, and a tablet server of a cluster
// answers them from its own ZooKeeper session. GET_METADATA lists the registered
// tablet servers and, per bucket, the replicas and the recorded leader and epoch
// (no leader_id while the bucket has none, e.g. its only replica is down; clients
// retry). Errors as MetadataManager's, naming the database, table or partition;
// PARTITION_NOT_EXISTS for a partition id none of the requested tables has.
// Stateless besides its references; thread-safe as the store is. The manager
// outlives the reader.
class StoreMetadataReader final : public MetadataReader {
 public:
  StoreMetadataReader(const MetadataManager& metadata, StoreMetadataReaderOptions options);

  Result<rpc::proto::ListDatabasesResponse> list_databases(
      const rpc::proto::ListDatabasesRequest& request) override;
  Result<rpc::proto::DatabaseExistsResponse> database_exists(
      const rpc::proto::DatabaseExistsRequest& request) override;
  Result<rpc::proto::GetDatabaseInfoResponse> get_database_info(
      const rpc::proto::GetDatabaseInfoRequest& request) override;
  Result<rpc::proto::ListTablesResponse> list_tables(
      const rpc::proto::ListTablesRequest& request) override;
  Result<rpc::proto::TableExistsResponse> table_exists(
      const rpc::proto::TableExistsRequest& request) override;
  Result<rpc::proto::GetTableInfoResponse> get_table_info(
      const rpc::proto::GetTableInfoRequest& request) override;
  Result<rpc::proto::GetTableSchemaResponse> get_table_schema(
      const rpc::proto::GetTableSchemaRequest& request) override;
  Result<rpc::proto::ListPartitionInfosResponse> list_partition_infos(
      const rpc::proto::ListPartitionInfosRequest& request) override;
  Result<rpc::proto::MetadataResponse> get_metadata(
      const rpc::proto::MetadataRequest& request) override;

  // The table as clients see it (registration and latest schema).
  Result<TableInfo> table_info(const TablePath& path) const;
  // The registered tablet servers, sorted.
  Result<std::vector<ServerId>> registered_tablet_servers() const;

 private:
  Status fill_buckets(TableId table_id, std::optional<PartitionId> partition_id,
                      const std::map<int32_t, BucketAssignment>& buckets,
                      google::protobuf::RepeatedPtrField<rpc::proto::PbBucketMetadata>* out) const;

  const MetadataManager& metadata_;
  const StoreMetadataReaderOptions options_;
};

// A TableInfo from a table's registration and schema (as the coordinator builds it).
TableInfo make_table_info(const TablePath& path, TableRegistration registration, SchemaInfo schema);

// PbTablePath -> TablePath.
TablePath from_pb(const rpc::proto::PbTablePath& pb);

}  // namespace fluss::server
