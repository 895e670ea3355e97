// SPDX-License-Identifier: Apache-2.0
#include "server/base/store_metadata_reader.h"

#include <algorithm>
#include <map>
#include <utility>

#include "model/json_serde.h"

namespace fluss::server {

namespace proto = rpc::proto;

namespace {

void fill_partition_spec(const ResolvedPartitionSpec& spec, proto::PbPartitionSpec* out) {
  for (size_t i = 0; i < spec.keys().size(); ++i) {
    proto::PbKeyValue* kv = out->add_partition_key_values();
    kv->set_key(spec.keys()[i]);
    kv->set_value(spec.values()[i]);
  }
}

}  // namespace

TablePath from_pb(const proto::PbTablePath& pb) {
  return TablePath{.database = pb.database_name(), .table = pb.table_name()};
}

TableInfo make_table_info(const TablePath& path, TableRegistration registration,
                          SchemaInfo schema) {
  return TableInfo(TableInfo::Params{
      .table_path = path,
      .table_id = registration.table_id,
      .schema_id = schema.schema_id,
      .schema = std::move(schema.schema),
      .bucket_keys = std::move(registration.bucket_keys),
      .partition_keys = std::move(registration.partition_keys),
      .num_buckets = registration.bucket_count,
      .properties = std::move(registration.properties),
      .custom_properties = std::move(registration.custom_properties),
      .remote_data_dir = std::move(registration.remote_data_dir),
      .comment = std::move(registration.comment),
      .created_time_ms = registration.created_time_ms,
      .modified_time_ms = registration.modified_time_ms,
  });
}

StoreMetadataReader::StoreMetadataReader(const MetadataManager& metadata,
                                         StoreMetadataReaderOptions options)
    : metadata_(metadata), options_(std::move(options)) {}

Result<proto::ListDatabasesResponse> StoreMetadataReader::list_databases(
    const proto::ListDatabasesRequest& request) {
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, metadata_.list_databases());
  proto::ListDatabasesResponse response;
  for (const std::string& name : names) {
    response.add_database_name(name);
    if (request.include_summary()) {
      FLUSS_ASSIGN_OR_RETURN(DatabaseInfo info, metadata_.get_database(name));
      FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> tables, metadata_.list_tables(name));
      proto::PbDatabaseSummary* summary = response.add_database_summary();
      summary->set_database_name(name);
      summary->set_created_time(info.created_time_ms);
      summary->set_table_count(static_cast<int32_t>(tables.size()));
    }
  }
  return response;
}

Result<proto::DatabaseExistsResponse> StoreMetadataReader::database_exists(
    const proto::DatabaseExistsRequest& request) {
  FLUSS_ASSIGN_OR_RETURN(bool exists, metadata_.database_exists(request.database_name()));
  proto::DatabaseExistsResponse response;
  response.set_exists(exists);
  return response;
}

Result<proto::GetDatabaseInfoResponse> StoreMetadataReader::get_database_info(
    const proto::GetDatabaseInfoRequest& request) {
  FLUSS_ASSIGN_OR_RETURN(DatabaseInfo info, metadata_.get_database(request.database_name()));
  proto::GetDatabaseInfoResponse response;
  response.set_database_json(to_json(info.descriptor));
  response.set_created_time(info.created_time_ms);
  response.set_modified_time(info.modified_time_ms);
  return response;
}

Result<proto::ListTablesResponse> StoreMetadataReader::list_tables(
    const proto::ListTablesRequest& request) {
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names,
                         metadata_.list_tables(request.database_name()));
  proto::ListTablesResponse response;
  for (const std::string& name : names) response.add_table_name(name);
  return response;
}

Result<proto::TableExistsResponse> StoreMetadataReader::table_exists(
    const proto::TableExistsRequest& request) {
  FLUSS_ASSIGN_OR_RETURN(bool exists, metadata_.table_exists(from_pb(request.table_path())));
  proto::TableExistsResponse response;
  response.set_exists(exists);
  return response;
}

Result<TableInfo> StoreMetadataReader::table_info(const TablePath& path) const {
  FLUSS_ASSIGN_OR_RETURN(TableRegistration registration, metadata_.get_table(path));
  FLUSS_ASSIGN_OR_RETURN(SchemaInfo schema, metadata_.get_latest_schema(path));
  return make_table_info(path, std::move(registration), std::move(schema));
}

Result<proto::GetTableInfoResponse> StoreMetadataReader::get_table_info(
    const proto::GetTableInfoRequest& request) {
  FLUSS_ASSIGN_OR_RETURN(TableInfo info, table_info(from_pb(request.table_path())));
  FLUSS_ASSIGN_OR_RETURN(TableDescriptor descriptor, info.to_table_descriptor());
  proto::GetTableInfoResponse response;
  response.set_table_id(info.table_id().value());
  response.set_schema_id(info.schema_id().value());
  response.set_table_json(to_json(descriptor));
  response.set_created_time(info.created_time_ms());
  response.set_modified_time(info.modified_time_ms());
  if (info.remote_data_dir()) response.set_remote_data_dir(*info.remote_data_dir());
  return response;
}

Result<proto::GetTableSchemaResponse> StoreMetadataReader::get_table_schema(
    const proto::GetTableSchemaRequest& request) {
  const TablePath path = from_pb(request.table_path());
  FLUSS_ASSIGN_OR_RETURN(SchemaInfo schema,
                         request.has_schema_id()
                             ? metadata_.get_schema(path, SchemaId(request.schema_id()))
                             : metadata_.get_latest_schema(path));
  proto::GetTableSchemaResponse response;
  response.set_schema_id(schema.schema_id.value());
  response.set_schema_json(to_json(schema.schema));
  return response;
}

Result<proto::ListPartitionInfosResponse> StoreMetadataReader::list_partition_infos(
    const proto::ListPartitionInfosRequest& request) {
  const TablePath path = from_pb(request.table_path());
  FLUSS_ASSIGN_OR_RETURN(TableRegistration table, metadata_.get_table(path));
  if (!table.is_partitioned()) {
    return make_error(ErrorCode::kTableNotPartitionedException,
                      "Table {} is not a partitioned table.", path);
  }
  std::optional<ResolvedPartitionSpec> filter;
  if (request.has_partial_partition_spec()) {
    std::vector<std::string> keys;
    std::vector<std::string> values;
    for (const proto::PbKeyValue& kv : request.partial_partition_spec().partition_key_values()) {
      keys.push_back(kv.key());
      values.push_back(kv.value());
    }
    FLUSS_ASSIGN_OR_RETURN(filter, ResolvedPartitionSpec::of(std::move(keys), std::move(values)));
  }
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, metadata_.list_partitions(path));
  proto::ListPartitionInfosResponse response;
  for (const std::string& name : names) {
    FLUSS_ASSIGN_OR_RETURN(ResolvedPartitionSpec spec,
                           ResolvedPartitionSpec::from_partition_name(table.partition_keys, name));
    if (filter) {
      FLUSS_ASSIGN_OR_RETURN(bool matches, spec.contains(*filter));
      if (!matches) continue;
    }
    FLUSS_ASSIGN_OR_RETURN(PartitionRegistration partition, metadata_.get_partition(path, name));
    proto::PbPartitionInfo* out = response.add_partitions_info();
    out->set_partition_id(partition.partition_id.value());
    fill_partition_spec(spec, out->mutable_partition_spec());
    if (partition.remote_data_dir) out->set_remote_data_dir(*partition.remote_data_dir);
  }
  return response;
}

Result<std::vector<ServerId>> StoreMetadataReader::registered_tablet_servers() const {
  FLUSS_ASSIGN_OR_RETURN(std::vector<ServerId> servers, metadata_.list_tablet_servers());
  std::sort(servers.begin(), servers.end());
  return servers;
}

Result<proto::MetadataResponse> StoreMetadataReader::get_metadata(
    const proto::MetadataRequest& request) {
  proto::MetadataResponse response;
  if (options_.coordinator) {
    if (std::optional<ServerEndpoint> endpoint = options_.coordinator()) {
      proto::PbServerNode* coordinator = response.mutable_coordinator_server();
      coordinator->set_node_id(endpoint->id.value());
      coordinator->set_host(endpoint->host);
      coordinator->set_port(endpoint->port);
    }
  }

  FLUSS_ASSIGN_OR_RETURN(std::vector<ServerId> servers, registered_tablet_servers());
  for (ServerId id : servers) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<TabletServerRegistration> registration,
                           metadata_.get_tablet_server(id));
    if (!registration) continue;  // unregistered meanwhile
    Result<TabletServerAddress> endpoint =
        parse_listener(registration->listeners, options_.client_listener_name);
    if (!endpoint.ok()) continue;  // nothing a client could connect to
    proto::PbServerNode* node = response.add_tablet_servers();
    node->set_node_id(id.value());
    node->set_host(endpoint->host);
    node->set_port(endpoint->port);
    if (registration->rack) node->set_rack(*registration->rack);
  }

  std::map<TablePath, TableInfo> tables;
  for (const proto::PbTablePath& pb : request.table_path()) {
    const TablePath path = from_pb(pb);
    FLUSS_ASSIGN_OR_RETURN(TableInfo info, table_info(path));
    FLUSS_ASSIGN_OR_RETURN(TableDescriptor descriptor, info.to_table_descriptor());
    proto::PbTableMetadata* out = response.add_table_metadata();
    *out->mutable_table_path() = pb;
    out->set_table_id(info.table_id().value());
    out->set_schema_id(info.schema_id().value());
    out->set_table_json(to_json(descriptor));
    out->set_created_time(info.created_time_ms());
    out->set_modified_time(info.modified_time_ms());
    if (info.remote_data_dir()) out->set_remote_data_dir(*info.remote_data_dir());
    if (!info.is_partitioned()) {
      FLUSS_ASSIGN_OR_RETURN(std::optional<TableAssignment> assignment,
                             metadata_.get_table_assignment(info.table_id()));
      if (assignment) {
        FLUSS_RETURN_IF_ERROR(fill_buckets(info.table_id(), std::nullopt, assignment->buckets,
                                           out->mutable_bucket_metadata()));
      }
    }
    tables.emplace(path, std::move(info));
  }

  auto add_partition = [&](const TablePath& path, TableId table_id,
                           const std::string& name) -> Status {
    FLUSS_ASSIGN_OR_RETURN(PartitionRegistration partition, metadata_.get_partition(path, name));
    proto::PbPartitionMetadata* out = response.add_partition_metadata();
    out->set_table_id(table_id.value());
    out->set_partition_name(name);
    out->set_partition_id(partition.partition_id.value());
    FLUSS_ASSIGN_OR_RETURN(std::optional<PartitionAssignment> assignment,
                           metadata_.get_partition_assignment(partition.partition_id));
    if (assignment) {
      FLUSS_RETURN_IF_ERROR(fill_buckets(table_id, partition.partition_id, assignment->buckets,
                                         out->mutable_bucket_metadata()));
    }
    return Status::OK();
  };
  for (const proto::PbPhysicalTablePath& pb : request.partitions_path()) {
    const TablePath path{.database = pb.database_name(), .table = pb.table_name()};
    FLUSS_ASSIGN_OR_RETURN(TableRegistration table, metadata_.get_table(path));
    if (!pb.has_partition_name()) {
      return make_error(ErrorCode::kPartitionNotExists,
                        "The partition path of table {} has no partition name.", path);
    }
    FLUSS_RETURN_IF_ERROR(add_partition(path, table.table_id, pb.partition_name()));
  }
  for (int64_t id : request.partitions_id()) {
    bool found = false;
    for (const auto& [path, info] : tables) {
      if (!info.is_partitioned()) continue;
      FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, metadata_.list_partitions(path));
      for (const std::string& name : names) {
        FLUSS_ASSIGN_OR_RETURN(PartitionRegistration partition,
                               metadata_.get_partition(path, name));
        if (partition.partition_id.value() != id) continue;
        FLUSS_RETURN_IF_ERROR(add_partition(path, info.table_id(), name));
        found = true;
        break;
      }
      if (found) break;
    }
    if (!found) {
      return make_error(ErrorCode::kPartitionNotExists,
                        "Partition with id {} does not exist in the requested tables.", id);
    }
  }
  return response;
}

Status StoreMetadataReader::fill_buckets(
    TableId table_id, std::optional<PartitionId> partition_id,
    const std::map<int32_t, BucketAssignment>& buckets,
    google::protobuf::RepeatedPtrField<proto::PbBucketMetadata>* out) const {
  for (const auto& [bucket, assignment] : buckets) {
    proto::PbBucketMetadata* pb = out->Add();
    pb->set_bucket_id(bucket);
    for (int32_t replica : assignment.replicas) pb->add_replica_id(replica);
    FLUSS_ASSIGN_OR_RETURN(
        std::optional<VersionedLeaderAndIsr> leader,
        metadata_.get_leader_and_isr(TableBucket(table_id, partition_id, BucketId(bucket))));
    if (leader && leader->leader_and_isr.leader != kNoServerId) {
      pb->set_leader_id(leader->leader_and_isr.leader.value());
      pb->set_leader_epoch(leader->leader_and_isr.leader_epoch.value());
    }
  }
  return Status::OK();
}

}  // namespace fluss::server
