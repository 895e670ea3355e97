// SPDX-License-Identifier: Apache-2.0
#include "server/coordinator/coordinator_service.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>
#include <utility>

#include "common/logging.h"
#include "model/json_serde.h"
#include "model/table_descriptor_validation.h"

namespace fluss::server {
namespace {

namespace proto = rpc::proto;

// Java's FlussConfigUtils.ALTERABLE_TABLE_OPTIONS.
constexpr std::array<std::string_view, 12> kAlterableTableOptions = {
    "table.datalake.enabled",
    "table.datalake.historical-partition.enabled",
    "table.datalake.freshness",
    "table.datalake.auto-compaction",
    "table.log.ttl",
    "table.log.tiered.local-segments",
    "table.log.local-ttl",
    "table.auto-partition.enabled",
    "table.auto-partition.num-retention",
    "table.auto-partition.num-precreate",
    "table.statistics.columns",
    "table.kv.standby-replica.enabled",
};
constexpr std::string_view kStandbyReplicaEnabled = "table.kv.standby-replica.enabled";
constexpr std::string_view kDatalakeEnabled = "table.datalake.enabled";

// PbAlterConfig.op_type (AlterConfigOpType).
constexpr int32_t kAlterSet = 0;
constexpr int32_t kAlterDelete = 1;

bool is_table_storage_config(std::string_view key) { return key.starts_with("table."); }

bool is_alterable_table_option(std::string_view key) {
  return std::find(kAlterableTableOptions.begin(), kAlterableTableOptions.end(), key) !=
         kAlterableTableOptions.end();
}

PartitionSpec to_partition_spec(const proto::PbPartitionSpec& pb) {
  std::vector<PartitionSpec::Entry> entries;
  entries.reserve(pb.partition_key_values_size());
  for (const proto::PbKeyValue& kv : pb.partition_key_values()) {
    entries.emplace_back(kv.key(), kv.value());
  }
  return PartitionSpec(std::move(entries));
}

// A full partition spec of a table with `keys`, its values valid names.
Result<ResolvedPartitionSpec> resolve_full_spec(const TablePath& path,
                                                const std::vector<std::string>& keys,
                                                const PartitionSpec& spec) {
  if (spec.entries().size() != keys.size()) {
    return make_error(ErrorCode::kPartitionSpecInvalidException,
                      "PartitionSpec {} of table {} does not match the partition keys [{}].",
                      spec.to_string(), path, fmt::join(keys, ", "));
  }
  FLUSS_ASSIGN_OR_RETURN(ResolvedPartitionSpec resolved,
                         ResolvedPartitionSpec::from_partition_spec(keys, spec));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (std::optional<std::string> why = detect_invalid_name(resolved.values()[i])) {
      return make_error(ErrorCode::kPartitionSpecInvalidException,
                        "The partition value '{}' of key '{}' of table {} is invalid: {}",
                        resolved.values()[i], keys[i], path, *why);
    }
  }
  return resolved;
}

// Java's TableAssignmentUtils.generateRackUnawareAssignment.
std::map<int32_t, BucketAssignment> rack_unaware_assignment(int32_t bucket_count,
                                                            int32_t replication_factor,
                                                            const std::vector<ServerId>& servers,
                                                            int64_t start_index,
                                                            int64_t next_replica_shift) {
  const int64_t n = static_cast<int64_t>(servers.size());
  std::map<int32_t, BucketAssignment> buckets;
  for (int32_t bucket = 0; bucket < bucket_count; ++bucket) {
    if (bucket > 0 && bucket % n == 0) ++next_replica_shift;
    const int64_t first = (bucket + start_index) % n;
    BucketAssignment assignment;
    assignment.replicas.push_back(servers[first].value());
    for (int32_t j = 0; j < replication_factor - 1; ++j) {
      const int64_t shift = 1 + (next_replica_shift + j) % (n - 1);
      assignment.replicas.push_back(servers[(first + shift) % n].value());
    }
    buckets.emplace(bucket, std::move(assignment));
  }
  return buckets;
}

Status check_replication_factor(int32_t replication_factor, size_t servers) {
  if (replication_factor <= 0) {
    return make_error(ErrorCode::kInvalidReplicationFactor,
                      "Replication factor must be larger than 0.");
  }
  if (static_cast<size_t>(replication_factor) > servers) {
    return make_error(ErrorCode::kInvalidReplicationFactor,
                      "Replication factor: {} larger than available tablet servers: {}.",
                      replication_factor, servers);
  }
  return Status::OK();
}

Result<int32_t> replication_factor_of(const Properties& properties, const TablePath& path) {
  FLUSS_ASSIGN_OR_RETURN(std::optional<int32_t> factor,
                         TableConfig(properties).replication_factor());
  if (!factor) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "Table {} has no 'table.replication.factor'.", path);
  }
  return *factor;
}

bool every_bucket(const BucketAssignment& /*assignment*/, const LeaderAndIsr& /*current*/) {
  return true;
}

std::string quoted_list(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& key : keys) {
    if (!out.empty()) out += ", ";
    out += "'" + key + "'";
  }
  return out;
}

}  // namespace

CoordinatorService::CoordinatorService(MetadataManager& metadata, TabletServerNotifier& notifier,
                                       CoordinatorServiceOptions options)
    : metadata_(metadata),
      notifier_(notifier),
      options_(std::move(options)),
      reads_(metadata_, StoreMetadataReaderOptions{
                            .client_listener_name = options_.client_listener_name,
                            .coordinator = [this]() -> std::optional<ServerEndpoint> {
                              return options_.coordinator;
                            },
                        }) {}

int64_t CoordinatorService::now_ms() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---------------------------------------------------------------------------------------------
// Databases.

Result<proto::CreateDatabaseResponse> CoordinatorService::create_database(
    const proto::CreateDatabaseRequest& request) {
  FLUSS_RETURN_IF_ERROR(validate_database_name(request.database_name()));
  DatabaseDescriptor descriptor;
  if (request.has_database_json()) {
    FLUSS_ASSIGN_OR_RETURN(descriptor, database_descriptor_from_json(request.database_json()));
  }
  std::lock_guard lock(mu_);
  Status created = metadata_.create_database(request.database_name(), descriptor, now_ms());
  if (!created.ok() &&
      !(request.ignore_if_exists() && created.is(ErrorCode::kDatabaseAlreadyExist))) {
    return created;
  }
  return proto::CreateDatabaseResponse();
}

Result<proto::DropDatabaseResponse> CoordinatorService::drop_database(
    const proto::DropDatabaseRequest& request) {
  const std::string& name = request.database_name();
  std::lock_guard lock(mu_);
  FLUSS_ASSIGN_OR_RETURN(bool exists, metadata_.database_exists(name));
  if (!exists) {
    if (request.ignore_if_not_exists()) return proto::DropDatabaseResponse();
    return make_error(ErrorCode::kDatabaseNotExist, "Database {} does not exist.", name);
  }
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> tables, metadata_.list_tables(name));
  if (!tables.empty() && !request.cascade()) {
    return make_error(ErrorCode::kDatabaseNotEmpty, "Database {} is not empty.", name);
  }
  // Tables one by one so that their replicas are stopped and assignments removed.
  for (const std::string& table : tables) {
    FLUSS_RETURN_IF_ERROR(drop_table_locked(TablePath{.database = name, .table = table}));
  }
  FLUSS_RETURN_IF_ERROR(metadata_.drop_database(name, DropDatabaseMode::kCascade));
  return proto::DropDatabaseResponse();
}

Result<proto::ListDatabasesResponse> CoordinatorService::list_databases(
    const proto::ListDatabasesRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.list_databases(request);
}

Result<proto::DatabaseExistsResponse> CoordinatorService::database_exists(
    const proto::DatabaseExistsRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.database_exists(request);
}

Result<proto::GetDatabaseInfoResponse> CoordinatorService::get_database_info(
    const proto::GetDatabaseInfoRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.get_database_info(request);
}

// ---------------------------------------------------------------------------------------------
// Tables.

Result<proto::CreateTableResponse> CoordinatorService::create_table(
    const proto::CreateTableRequest& request) {
  const TablePath path = from_pb(request.table_path());
  FLUSS_RETURN_IF_ERROR(path.validate());
  FLUSS_ASSIGN_OR_RETURN(TableDescriptor requested,
                         table_descriptor_from_json(request.table_json()));
  FLUSS_ASSIGN_OR_RETURN(
      TableDescriptor descriptor,
      apply_system_defaults(requested,
                            SystemDefaults{
                                .default_bucket_number = options_.default_bucket_number,
                                .default_replication_factor = options_.default_replication_factor,
                            }));
  FLUSS_RETURN_IF_ERROR(validate_table_descriptor(
      descriptor, TableValidationContext{.max_bucket_num = options_.max_bucket_num}));
  FLUSS_ASSIGN_OR_RETURN(int32_t replication_factor,
                         replication_factor_of(descriptor.properties(), path));
  const int32_t bucket_count = descriptor.bucket_count().value_or(0);

  std::lock_guard lock(mu_);
  // Partitioned tables get their buckets per partition, but Java checks the
  // factor only when it places buckets; we check it up front for both.
  FLUSS_ASSIGN_OR_RETURN(std::vector<ServerId> servers, live_servers_locked());
  if (!descriptor.is_partitioned()) {
    FLUSS_RETURN_IF_ERROR(check_replication_factor(replication_factor, servers.size()));
  }
  if (request.ignore_if_exists()) {
    FLUSS_ASSIGN_OR_RETURN(bool exists, metadata_.table_exists(path));
    if (exists) return proto::CreateTableResponse();
  }

  const int64_t now = now_ms();
  TableRegistration registration{
      .comment = descriptor.comment(),
      .partition_keys = descriptor.partition_keys(),
      .bucket_keys = descriptor.bucket_keys(),
      .bucket_count = bucket_count,
      .properties = descriptor.properties(),
      .custom_properties = descriptor.custom_properties(),
      .remote_data_dir = options_.remote_data_dir,
      .created_time_ms = now,
      .modified_time_ms = now,
  };
  Result<TableId> created = metadata_.create_table(path, registration, descriptor.schema());
  if (!created.ok()) {
    if (request.ignore_if_exists() && created.status().is(ErrorCode::kTableAlreadyExist)) {
      return proto::CreateTableResponse();
    }
    return created.status();
  }
  const TableId table_id = *created;
  if (!descriptor.is_partitioned()) {
    FLUSS_ASSIGN_OR_RETURN(
        auto buckets, assign_buckets_locked(bucket_count, replication_factor, table_id.value()));
    FLUSS_RETURN_IF_ERROR(metadata_.set_table_assignment(table_id, TableAssignment{buckets}));
    FLUSS_RETURN_IF_ERROR(
        start_buckets_locked(PhysicalTablePath{.table_path = path, .partition_name = std::nullopt},
                             table_id, std::nullopt, buckets, every_bucket));
  }
  return proto::CreateTableResponse();
}

Result<proto::DropTableResponse> CoordinatorService::drop_table(
    const proto::DropTableRequest& request) {
  const TablePath path = from_pb(request.table_path());
  std::lock_guard lock(mu_);
  Status dropped = drop_table_locked(path);
  if (!dropped.ok() && !(request.ignore_if_not_exists() && dropped.is(ErrorCode::kTableNotExist))) {
    return dropped;
  }
  return proto::DropTableResponse();
}

Status CoordinatorService::drop_table_locked(const TablePath& path) {
  FLUSS_ASSIGN_OR_RETURN(TableRegistration registration, metadata_.get_table(path));
  const TableId table_id = registration.table_id;
  // Collect what the table's data hangs off before the registration goes.
  std::vector<std::pair<PartitionId, std::optional<PartitionAssignment>>> partitions;
  std::optional<TableAssignment> assignment;
  if (registration.is_partitioned()) {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> names, metadata_.list_partitions(path));
    for (const std::string& name : names) {
      FLUSS_ASSIGN_OR_RETURN(PartitionRegistration partition, metadata_.get_partition(path, name));
      FLUSS_ASSIGN_OR_RETURN(auto partition_assignment,
                             metadata_.get_partition_assignment(partition.partition_id));
      partitions.emplace_back(partition.partition_id, std::move(partition_assignment));
    }
  } else {
    FLUSS_ASSIGN_OR_RETURN(assignment, metadata_.get_table_assignment(table_id));
  }
  // The registration first: a crash after it leaves unused assignments, never a
  // table without buckets.
  FLUSS_RETURN_IF_ERROR(metadata_.drop_table(path));
  if (assignment) {
    stop_buckets_locked(table_id, std::nullopt, assignment->buckets);
    FLUSS_RETURN_IF_ERROR(metadata_.delete_table_assignment(table_id));
  }
  for (const auto& [partition_id, partition_assignment] : partitions) {
    if (!partition_assignment) continue;
    stop_buckets_locked(table_id, partition_id, partition_assignment->buckets);
    FLUSS_RETURN_IF_ERROR(metadata_.delete_partition_assignment(partition_id));
  }
  return Status::OK();
}

Result<proto::ListTablesResponse> CoordinatorService::list_tables(
    const proto::ListTablesRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.list_tables(request);
}

Result<proto::TableExistsResponse> CoordinatorService::table_exists(
    const proto::TableExistsRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.table_exists(request);
}

Result<TableInfo> CoordinatorService::get_table_info(const TablePath& path) {
  std::lock_guard lock(mu_);
  return table_info_locked(path);
}

Result<TableInfo> CoordinatorService::table_info_locked(const TablePath& path) {
  return reads_.table_info(path);
}

Result<proto::GetTableInfoResponse> CoordinatorService::get_table_info(
    const proto::GetTableInfoRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.get_table_info(request);
}

Result<proto::GetTableSchemaResponse> CoordinatorService::get_table_schema(
    const proto::GetTableSchemaRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.get_table_schema(request);
}

Result<proto::AlterTableResponse> CoordinatorService::alter_table(
    const proto::AlterTableRequest& request) {
  const TablePath path = from_pb(request.table_path());
  FLUSS_RETURN_IF_ERROR(path.validate());
  if (request.add_columns_size() > 0 || request.drop_columns_size() > 0 ||
      request.rename_columns_size() > 0 || request.modify_columns_size() > 0) {
    return make_error(ErrorCode::kInvalidAlterTableException,
                      "Altering the columns of table {} is not supported yet.", path);
  }
  // The changes, split as Java's TablePropertyChanges: `table.*` keys are table
  // properties, any other key a custom property.
  Properties set_table;
  Properties set_custom;
  std::vector<std::string> reset_table;
  std::vector<std::string> reset_custom;
  std::vector<std::string> table_keys;
  for (const proto::PbAlterConfig& change : request.config_changes()) {
    const std::string& key = change.config_key();
    const bool table_key = is_table_storage_config(key);
    if (change.op_type() == kAlterSet) {
      if (!change.has_config_value()) {
        return make_error(ErrorCode::kInvalidAlterTableException,
                          "Setting '{}' of table {} needs a value.", key, path);
      }
      (table_key ? set_table : set_custom).set(key, change.config_value());
    } else if (change.op_type() == kAlterDelete) {
      (table_key ? reset_table : reset_custom).push_back(key);
    } else {
      return make_error(ErrorCode::kInvalidAlterTableException,
                        "Unsupported alter table change: op_type {} on '{}' of table {}.",
                        change.op_type(), key, path);
    }
    if (table_key && std::find(table_keys.begin(), table_keys.end(), key) == table_keys.end()) {
      table_keys.push_back(key);
    }
  }

  std::lock_guard lock(mu_);
  Result<TableInfo> found = table_info_locked(path);
  if (!found.ok()) {
    if (request.ignore_if_not_exists() && found.status().is(ErrorCode::kTableNotExist)) {
      return proto::AlterTableResponse();
    }
    return found.status();
  }
  const TableInfo& info = *found;
  if (request.config_changes_size() == 0) return proto::AlterTableResponse();

  // Java's TableDescriptorValidation.validateAlterTableProperties.
  std::vector<std::string> unsupported;
  for (const std::string& key : table_keys) {
    if (!is_alterable_table_option(key)) unsupported.push_back(key);
  }
  if (!unsupported.empty()) {
    return make_error(ErrorCode::kInvalidAlterTableException,
                      "The following options are not supported to alter yet: {}.",
                      quoted_list(unsupported));
  }
  if (!info.has_primary_key() &&
      std::find(table_keys.begin(), table_keys.end(), kStandbyReplicaEnabled) != table_keys.end()) {
    return make_error(ErrorCode::kInvalidAlterTableException,
                      "'{}' can only be altered on primary key tables.", kStandbyReplicaEnabled);
  }
  FLUSS_ASSIGN_OR_RETURN(std::optional<DataLakeFormat> lake_format,
                         info.table_config().datalake_format());
  if (!lake_format) {
    std::vector<std::string> lake_keys;
    for (const std::string& key : table_keys) {
      if (key.starts_with("table.datalake.")) lake_keys.push_back(key);
    }
    const bool legacy_log_table_enabling_lake =
        !info.has_primary_key() && !info.has_bucket_key() &&
        std::all_of(lake_keys.begin(), lake_keys.end(),
                    [](const std::string& key) { return key == kDatalakeEnabled; });
    if (!lake_keys.empty() && !legacy_log_table_enabling_lake) {
      return make_error(ErrorCode::kInvalidAlterTableException,
                        "The following options cannot be altered for tables that were created "
                        "before the Fluss cluster enabled datalake: {}.",
                        quoted_list(lake_keys));
    }
  }

  Properties properties = info.properties();
  properties.set_all(set_table);
  for (const std::string& key : reset_table) properties.erase(key);
  Properties custom_properties = info.custom_properties();
  custom_properties.set_all(set_custom);
  for (const std::string& key : reset_custom) custom_properties.erase(key);
  if (properties == info.properties() && custom_properties == info.custom_properties()) {
    return proto::AlterTableResponse();
  }
  FLUSS_ASSIGN_OR_RETURN(TableDescriptor current, info.to_table_descriptor());
  TableDescriptor updated = current.with_properties(properties, custom_properties);
  FLUSS_ASSIGN_OR_RETURN(bool lake_enabled, updated.table_config().datalake_enabled());
  if (lake_enabled && !lake_format) {
    // Java backfills the cluster's lake format here; this cluster has no lake.
    return make_error(ErrorCode::kInvalidAlterTableException,
                      "Cannot alter table {} in data lake, because the Fluss cluster doesn't "
                      "enable datalake tables.",
                      path);
  }
  FLUSS_RETURN_IF_ERROR(validate_table_descriptor(
      updated, TableValidationContext{.max_bucket_num = options_.max_bucket_num}));
  FLUSS_RETURN_IF_ERROR(metadata_
                            .update_table_properties(path, std::move(properties),
                                                     std::move(custom_properties), now_ms())
                            .status());
  return proto::AlterTableResponse();
}

// ---------------------------------------------------------------------------------------------
// Partitions.

Result<proto::CreatePartitionResponse> CoordinatorService::create_partition(
    const proto::CreatePartitionRequest& request) {
  const TablePath path = from_pb(request.table_path());
  FLUSS_RETURN_IF_ERROR(path.validate());
  std::lock_guard lock(mu_);
  FLUSS_ASSIGN_OR_RETURN(TableRegistration table, metadata_.get_table(path));
  if (!table.is_partitioned()) {
    return make_error(ErrorCode::kTableNotPartitionedException,
                      "Table {} is not a partitioned table.", path);
  }
  FLUSS_ASSIGN_OR_RETURN(
      ResolvedPartitionSpec spec,
      resolve_full_spec(path, table.partition_keys, to_partition_spec(request.partition_spec())));
  const std::string name = spec.partition_name();
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> existing, metadata_.list_partitions(path));
  // Field 3 is named ignore_if_not_exists but means "ignore if it exists" (fluss-wire.md §3.2).
  const bool ignore_if_exists = request.ignore_if_not_exists();
  if (std::find(existing.begin(), existing.end(), name) != existing.end()) {
    if (ignore_if_exists) return proto::CreatePartitionResponse();
    return make_error(ErrorCode::kPartitionAlreadyExists,
                      "Partition '{}' already exists for table {}", spec.qualified_name(), path);
  }
  if (existing.size() >= static_cast<size_t>(options_.max_partition_num)) {
    return make_error(ErrorCode::kPartitionMaxNumException,
                      "Exceed the maximum number of partitions for table {}, only allow {} "
                      "partitions.",
                      path, options_.max_partition_num);
  }
  FLUSS_ASSIGN_OR_RETURN(int32_t replication_factor, replication_factor_of(table.properties, path));
  FLUSS_ASSIGN_OR_RETURN(std::vector<ServerId> servers, live_servers_locked());
  FLUSS_RETURN_IF_ERROR(check_replication_factor(replication_factor, servers.size()));

  FLUSS_ASSIGN_OR_RETURN(PartitionRegistration partition, metadata_.create_partition(path, name));
  FLUSS_ASSIGN_OR_RETURN(auto buckets, assign_buckets_locked(table.bucket_count, replication_factor,
                                                             partition.partition_id.value()));
  FLUSS_RETURN_IF_ERROR(metadata_.set_partition_assignment(
      partition.partition_id, PartitionAssignment{.table_id = table.table_id, .buckets = buckets}));
  FLUSS_RETURN_IF_ERROR(
      start_buckets_locked(PhysicalTablePath{.table_path = path, .partition_name = name},
                           table.table_id, partition.partition_id, buckets, every_bucket));
  return proto::CreatePartitionResponse();
}

Result<proto::DropPartitionResponse> CoordinatorService::drop_partition(
    const proto::DropPartitionRequest& request) {
  const TablePath path = from_pb(request.table_path());
  FLUSS_RETURN_IF_ERROR(path.validate());
  std::lock_guard lock(mu_);
  FLUSS_ASSIGN_OR_RETURN(TableRegistration table, metadata_.get_table(path));
  if (!table.is_partitioned()) {
    return make_error(ErrorCode::kTableNotPartitionedException,
                      "Table {} is not a partitioned table.", path);
  }
  FLUSS_ASSIGN_OR_RETURN(
      ResolvedPartitionSpec spec,
      resolve_full_spec(path, table.partition_keys, to_partition_spec(request.partition_spec())));
  Status dropped = drop_partition_locked(path, table.table_id, spec.partition_name());
  if (!dropped.ok() &&
      !(request.ignore_if_not_exists() && dropped.is(ErrorCode::kPartitionNotExists))) {
    return dropped;
  }
  return proto::DropPartitionResponse();
}

Status CoordinatorService::drop_partition_locked(const TablePath& path, TableId table_id,
                                                 const std::string& name) {
  FLUSS_ASSIGN_OR_RETURN(PartitionRegistration partition, metadata_.get_partition(path, name));
  FLUSS_ASSIGN_OR_RETURN(auto assignment,
                         metadata_.get_partition_assignment(partition.partition_id));
  FLUSS_RETURN_IF_ERROR(metadata_.drop_partition(path, name));
  if (assignment) {
    stop_buckets_locked(table_id, partition.partition_id, assignment->buckets);
    FLUSS_RETURN_IF_ERROR(metadata_.delete_partition_assignment(partition.partition_id));
  }
  return Status::OK();
}

Result<proto::ListPartitionInfosResponse> CoordinatorService::list_partition_infos(
    const proto::ListPartitionInfosRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.list_partition_infos(request);
}

// ---------------------------------------------------------------------------------------------
// Metadata and writers.

Result<proto::MetadataResponse> CoordinatorService::get_metadata(
    const proto::MetadataRequest& request) {
  std::lock_guard lock(mu_);
  return reads_.get_metadata(request);
}

Result<proto::InitWriterResponse> CoordinatorService::init_writer(
    const proto::InitWriterRequest& /*request: paths are for authorization only*/) {
  std::lock_guard lock(mu_);
  FLUSS_ASSIGN_OR_RETURN(WriterId id, metadata_.allocate_writer_ids(1));
  proto::InitWriterResponse response;
  response.set_writer_id(id.value());
  return response;
}

// ---------------------------------------------------------------------------------------------
// Placement and notifications.

Status CoordinatorService::recover() {
  std::lock_guard lock(mu_);
  FLUSS_ASSIGN_OR_RETURN(std::vector<ServerId> registered, live_servers_locked());
  FLUSS_ASSIGN_OR_RETURN(known_servers_, registrations_locked(registered));
  return for_each_bucket_set_locked(every_bucket);
}

Status CoordinatorService::tablet_servers_changed(const std::vector<ServerId>& registered) {
  std::lock_guard lock(mu_);
  FLUSS_ASSIGN_OR_RETURN(auto now, registrations_locked(registered));
  std::set<int32_t> gone;
  std::set<int32_t> came;
  for (const auto& [id, registered_at] : known_servers_) {
    auto it = now.find(id);
    if (it == now.end()) {
      gone.insert(id.value());
    } else if (it->second != registered_at) {
      came.insert(id.value());  // restarted between two watch events
    }
  }
  for (const auto& [id, registered_at] : now) {
    if (!known_servers_.contains(id)) came.insert(id.value());
  }
  known_servers_ = std::move(now);
  for (int32_t id : gone) {
    FLUSS_LOG_INFO("tablet server {} is gone: its buckets lose their leader until it returns", id);
    notifier_.tablet_server_removed(ServerId(id));
  }
  for (int32_t id : came) {
    FLUSS_LOG_INFO("tablet server {} registered: sending it the buckets it holds", id);
  }
  if (gone.empty() && came.empty()) return Status::OK();
  // Buckets that lost their leader, and every bucket with a replica on a server
  // that came (it has to learn what it leads or follows).
  return for_each_bucket_set_locked(
      [&gone, &came](const BucketAssignment& assignment, const LeaderAndIsr& current) {
        if (gone.contains(current.leader.value())) return true;
        for (int32_t replica : assignment.replicas) {
          if (came.contains(replica)) return true;
        }
        return false;
      });
}

Result<std::map<ServerId, int64_t>> CoordinatorService::registrations_locked(
    const std::vector<ServerId>& ids) {
  std::map<ServerId, int64_t> servers;
  for (ServerId id : ids) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<TabletServerRegistration> registration,
                           metadata_.get_tablet_server(id));
    if (registration) servers.emplace(id, registration->register_timestamp_ms);
  }
  return servers;
}

Status CoordinatorService::for_each_bucket_set_locked(const BucketSelector& selected) {
  Status first_error;
  auto note = [&first_error](const Status& status, const std::string& what) {
    if (status.ok()) return;
    FLUSS_LOG_WARN("coordinator recovery: {}: {}", what, status);
    if (first_error.ok()) first_error = status.with_context(what);
  };
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> databases, metadata_.list_databases());
  for (const std::string& database : databases) {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> tables, metadata_.list_tables(database));
    for (const std::string& name : tables) {
      const TablePath path{.database = database, .table = name};
      FLUSS_ASSIGN_OR_RETURN(TableRegistration table, metadata_.get_table(path));
      if (!table.is_partitioned()) {
        note(recover_buckets_locked(
                 PhysicalTablePath{.table_path = path, .partition_name = std::nullopt}, table,
                 std::nullopt, selected),
             path.to_string());
        continue;
      }
      FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> partitions, metadata_.list_partitions(path));
      for (const std::string& partition_name : partitions) {
        FLUSS_ASSIGN_OR_RETURN(PartitionRegistration partition,
                               metadata_.get_partition(path, partition_name));
        note(recover_buckets_locked(
                 PhysicalTablePath{.table_path = path, .partition_name = partition_name}, table,
                 partition.partition_id, selected),
             fmt::format("{} partition {}", path, partition_name));
      }
    }
  }
  return first_error;
}

Status CoordinatorService::recover_buckets_locked(const PhysicalTablePath& path,
                                                  const TableRegistration& table,
                                                  std::optional<PartitionId> partition_id,
                                                  const BucketSelector& selected) {
  std::optional<std::map<int32_t, BucketAssignment>> buckets;
  if (partition_id) {
    FLUSS_ASSIGN_OR_RETURN(auto assignment, metadata_.get_partition_assignment(*partition_id));
    if (assignment) buckets = std::move(assignment->buckets);
  } else {
    FLUSS_ASSIGN_OR_RETURN(auto assignment, metadata_.get_table_assignment(table.table_id));
    if (assignment) buckets = std::move(assignment->buckets);
  }
  if (!buckets) {
    FLUSS_ASSIGN_OR_RETURN(int32_t replication_factor,
                           replication_factor_of(table.properties, path.table_path));
    const int64_t rotation = partition_id ? partition_id->value() : table.table_id.value();
    FLUSS_ASSIGN_OR_RETURN(buckets,
                           assign_buckets_locked(table.bucket_count, replication_factor, rotation));
    if (partition_id) {
      FLUSS_RETURN_IF_ERROR(metadata_.set_partition_assignment(
          *partition_id, PartitionAssignment{.table_id = table.table_id, .buckets = *buckets}));
    } else {
      FLUSS_RETURN_IF_ERROR(
          metadata_.set_table_assignment(table.table_id, TableAssignment{*buckets}));
    }
  }
  return start_buckets_locked(path, table.table_id, partition_id, *buckets, selected);
}

Result<std::vector<ServerId>> CoordinatorService::live_servers_locked() {
  return reads_.registered_tablet_servers();
}

Result<std::map<int32_t, BucketAssignment>> CoordinatorService::assign_buckets_locked(
    int32_t bucket_count, int32_t replication_factor, int64_t rotation) {
  if (bucket_count <= 0) {
    return make_error(ErrorCode::kInvalidTableException,
                      "Number of buckets must be larger than 0.");
  }
  FLUSS_ASSIGN_OR_RETURN(std::vector<ServerId> servers, live_servers_locked());
  FLUSS_RETURN_IF_ERROR(check_replication_factor(replication_factor, servers.size()));
  // Java starts at a random server; the table or partition id spreads the
  // leaders just as well and keeps placement reproducible.
  const int64_t n = static_cast<int64_t>(servers.size());
  const int64_t start = ((rotation % n) + n) % n;
  return rack_unaware_assignment(bucket_count, replication_factor, servers, start, start);
}

Status CoordinatorService::start_buckets_locked(const PhysicalTablePath& path, TableId table_id,
                                                std::optional<PartitionId> partition_id,
                                                const std::map<int32_t, BucketAssignment>& buckets,
                                                const BucketSelector& selected) {
  FLUSS_ASSIGN_OR_RETURN(std::vector<ServerId> registered, live_servers_locked());
  std::set<int32_t> live;
  for (ServerId id : registered) live.insert(id.value());
  std::map<int32_t, proto::NotifyLeaderAndIsrRequest> requests;
  for (const auto& [bucket, assignment] : buckets) {
    LeaderAndIsr leader_and_isr{
        .leader = ServerId(assignment.replicas.front()),
        .leader_epoch = kInitialLeaderEpoch,
        .isr = assignment.replicas,
        .coordinator_epoch = options_.coordinator_epoch,
    };
    const TableBucket table_bucket(table_id, partition_id, BucketId(bucket));
    Result<int32_t> created = metadata_.create_leader_and_isr(table_bucket, leader_and_isr);
    int32_t version = created.ok() ? *created : 0;
    if (!created.ok()) {
      if (!created.status().is(ErrorCode::kNodeExists)) return created.status();
      FLUSS_ASSIGN_OR_RETURN(std::optional<VersionedLeaderAndIsr> existing,
                             metadata_.get_leader_and_isr(table_bucket));
      if (existing) {
        leader_and_isr = std::move(existing->leader_and_isr);
        version = existing->version;
      }
    }
    if (!selected(assignment, leader_and_isr)) continue;
    // Java's leader election on a state change: the leader stays while it is
    // registered, else the first live replica of the ISR takes over, else the
    // bucket has no leader (OfflineBucket) until one of its ISR returns.
    if (!live.contains(leader_and_isr.leader.value())) {
      ServerId elected = kNoServerId;
      for (int32_t replica : assignment.replicas) {
        const bool in_isr = std::find(leader_and_isr.isr.begin(), leader_and_isr.isr.end(),
                                      replica) != leader_and_isr.isr.end();
        if (in_isr && live.contains(replica)) {
          elected = ServerId(replica);
          break;
        }
      }
      if (elected != leader_and_isr.leader) {
        leader_and_isr.leader = elected;
        leader_and_isr.leader_epoch = LeaderEpoch(leader_and_isr.leader_epoch.value() + 1);
        leader_and_isr.bucket_epoch += 1;
        leader_and_isr.coordinator_epoch = options_.coordinator_epoch;
        FLUSS_RETURN_IF_ERROR(
            metadata_.update_leader_and_isr(table_bucket, leader_and_isr, version).status());
        FLUSS_LOG_INFO("{} of {}: leader is now {} (epoch {})", table_bucket, path.table_path,
                       leader_and_isr.leader, leader_and_isr.leader_epoch);
      }
    }
    for (int32_t replica : assignment.replicas) {
      if (!live.contains(replica)) continue;  // told when it registers again
      proto::NotifyLeaderAndIsrRequest& request = requests[replica];
      request.set_coordinator_epoch(options_.coordinator_epoch);
      proto::PbNotifyLeaderAndIsrReqForBucket* out = request.add_notify_buckets_leader_req();
      proto::PbPhysicalTablePath* physical = out->mutable_physical_table_path();
      physical->set_database_name(path.table_path.database);
      physical->set_table_name(path.table_path.table);
      if (path.partition_name) physical->set_partition_name(*path.partition_name);
      proto::PbTableBucket* pb_bucket = out->mutable_table_bucket();
      pb_bucket->set_table_id(table_id.value());
      if (partition_id) pb_bucket->set_partition_id(partition_id->value());
      pb_bucket->set_bucket_id(bucket);
      out->set_leader(leader_and_isr.leader.value());
      out->set_leader_epoch(leader_and_isr.leader_epoch.value());
      for (int32_t r : assignment.replicas) out->add_replicas(r);
      for (int32_t r : leader_and_isr.isr) out->add_isr(r);
      out->set_bucket_epoch(leader_and_isr.bucket_epoch);
    }
  }
  for (auto& [server, request] : requests) {
    notifier_.notify_leader_and_isr(ServerId(server), std::move(request));
  }
  return Status::OK();
}

void CoordinatorService::stop_buckets_locked(TableId table_id,
                                             std::optional<PartitionId> partition_id,
                                             const std::map<int32_t, BucketAssignment>& buckets) {
  std::map<int32_t, proto::StopReplicaRequest> requests;
  for (const auto& [bucket, assignment] : buckets) {
    const TableBucket table_bucket(table_id, partition_id, BucketId(bucket));
    // The epoch tells a tablet server whether the stop is newer than what it
    // leads; a missing or unreadable node means the initial epoch.
    int32_t leader_epoch = kInitialLeaderEpoch.value();
    if (auto current = metadata_.get_leader_and_isr(table_bucket); current.ok() && *current) {
      leader_epoch = (*current)->leader_and_isr.leader_epoch.value();
    }
    for (int32_t replica : assignment.replicas) {
      proto::StopReplicaRequest& request = requests[replica];
      request.set_coordinator_epoch(options_.coordinator_epoch);
      proto::PbStopReplicaReqForBucket* out = request.add_stop_replicas_req();
      proto::PbTableBucket* pb_bucket = out->mutable_table_bucket();
      pb_bucket->set_table_id(table_id.value());
      if (partition_id) pb_bucket->set_partition_id(partition_id->value());
      pb_bucket->set_bucket_id(bucket);
      out->set_leader_epoch(leader_epoch);
      out->set_delete_(true);
    }
  }
  for (auto& [server, request] : requests) {
    notifier_.stop_replica(ServerId(server), std::move(request));
  }
}

}  // namespace fluss::server
