// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/metadata_manager.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "model/json_serde.h"

namespace fluss::server {
namespace {

constexpr CreateOptions kWithParents{.parents = CreateParents::kYes};

// Gives an internal store error a client-facing code when it means `code`.
Status map_error(const Status& status, ErrorCode from, ErrorCode to, std::string message) {
  if (status.is(from)) return Status(to, std::move(message));
  return status;
}

std::optional<int32_t> parse_int(std::string_view s) {
  int32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

// ---- databases ----

Status MetadataManager::create_database(const std::string& name,
                                        const DatabaseDescriptor& descriptor, int64_t now_ms) {
  DatabaseRegistration registration{.comment = descriptor.comment,
                                    .custom_properties = descriptor.custom_properties,
                                    .created_time_ms = now_ms,
                                    .modified_time_ms = now_ms};
  Result<std::string> created =
      store_.create(zk_paths::database(name), to_json(registration), kWithParents);
  if (created.ok()) return Status::OK();
  return map_error(created.status(), ErrorCode::kNodeExists, ErrorCode::kDatabaseAlreadyExist,
                   fmt::format("Database {} already exists.", name));
}

Status MetadataManager::drop_database(const std::string& name, DropDatabaseMode mode) {
  const std::string path = zk_paths::database(name);
  if (mode == DropDatabaseMode::kRestrict) {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> tables, list_tables(name));
    if (!tables.empty()) {
      return make_error(ErrorCode::kDatabaseNotEmpty, "Database {} is not empty.", name);
    }
  }
  Status removed = store_.remove(path, RemoveMode::kRecursive);
  return map_error(removed, ErrorCode::kNoNode, ErrorCode::kDatabaseNotExist,
                   fmt::format("Database {} does not exist.", name));
}

Result<bool> MetadataManager::database_exists(const std::string& name) const {
  return store_.exists(zk_paths::database(name));
}

Result<DatabaseInfo> MetadataManager::get_database(const std::string& name) const {
  const std::string path = zk_paths::database(name);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return make_error(ErrorCode::kDatabaseNotExist, "Database {} does not exist.", name);
  Result<DatabaseRegistration> registration = database_registration_from_json(node->data);
  if (!registration.ok()) return registration.status().with_context(path);
  return registration->to_info(name);
}

Result<std::vector<std::string>> MetadataManager::list_databases() const {
  Result<std::vector<std::string>> names = store_.children(std::string(zk_paths::kDatabases));
  if (!names.ok() && names.status().is(ErrorCode::kNoNode)) return std::vector<std::string>();
  return names;
}

// ---- tables ----

Result<TableId> MetadataManager::create_table(const TablePath& path, TableRegistration registration,
                                              const Schema& schema) {
  FLUSS_ASSIGN_OR_RETURN(bool db_exists, database_exists(path.database));
  if (!db_exists) {
    return make_error(ErrorCode::kDatabaseNotExist, "Database {} does not exist.", path.database);
  }
  FLUSS_ASSIGN_OR_RETURN(bool exists, table_exists(path));
  if (exists) return make_error(ErrorCode::kTableAlreadyExist, "Table {} already exists.", path);
  FLUSS_ASSIGN_OR_RETURN(TableId id, next_table_id());
  registration.table_id = id;
  const std::string table = zk_paths::table(path);
  Result<std::vector<MetadataOpResult>> written = store_.multi({
      MetadataOp::check(zk_paths::database(path.database), kAnyVersion),
      MetadataOp::create(table, to_json(registration), kWithParents),
      MetadataOp::create(zk_paths::schemas(path), ""),
      MetadataOp::create(zk_paths::schema(path, SchemaId(1)), fluss::to_json(schema)),
  });
  if (written.ok()) return id;
  // Lost a race with a concurrent create or drop.
  if (written.status().is(ErrorCode::kNodeExists)) {
    return make_error(ErrorCode::kTableAlreadyExist, "Table {} already exists.", path);
  }
  if (written.status().is(ErrorCode::kNoNode)) {
    return make_error(ErrorCode::kDatabaseNotExist, "Database {} does not exist.", path.database);
  }
  return written.status();
}

Status MetadataManager::drop_table(const TablePath& path) {
  Status removed = store_.remove(zk_paths::table(path), RemoveMode::kRecursive);
  return map_error(removed, ErrorCode::kNoNode, ErrorCode::kTableNotExist,
                   fmt::format("Table {} does not exist.", path));
}

Result<bool> MetadataManager::table_exists(const TablePath& path) const {
  return store_.exists(zk_paths::table(path));
}

Result<TableRegistration> MetadataManager::get_table(const TablePath& path) const {
  const std::string node_path = zk_paths::table(path);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(node_path));
  if (!node) return make_error(ErrorCode::kTableNotExist, "Table {} does not exist.", path);
  Result<TableRegistration> registration = table_registration_from_json(node->data);
  if (!registration.ok()) return registration.status().with_context(node_path);
  return registration;
}

Result<std::vector<std::string>> MetadataManager::list_tables(const std::string& database) const {
  FLUSS_ASSIGN_OR_RETURN(bool exists, database_exists(database));
  if (!exists) {
    return make_error(ErrorCode::kDatabaseNotExist, "Database {} does not exist.", database);
  }
  Result<std::vector<std::string>> names = store_.children(zk_paths::tables(database));
  if (!names.ok() && names.status().is(ErrorCode::kNoNode)) return std::vector<std::string>();
  return names;
}

Result<TableRegistration> MetadataManager::alter_table_properties(
    const TablePath& path, const Properties& set, const std::vector<std::string>& reset,
    int64_t now_ms) {
  const std::string node_path = zk_paths::table(path);
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(node_path));
    if (!node) return make_error(ErrorCode::kTableNotExist, "Table {} does not exist.", path);
    Result<TableRegistration> parsed = table_registration_from_json(node->data);
    if (!parsed.ok()) return parsed.status().with_context(node_path);
    TableRegistration registration = std::move(parsed).value();
    registration.properties.set_all(set);
    for (const std::string& key : reset) registration.properties.erase(key);
    registration.modified_time_ms = now_ms;
    Result<int32_t> written = store_.set(node_path, to_json(registration), node->version);
    if (written.ok()) return registration;
    if (!written.status().is(ErrorCode::kBadVersion)) {
      return map_error(written.status(), ErrorCode::kNoNode, ErrorCode::kTableNotExist,
                       fmt::format("Table {} does not exist.", path));
    }
    // Changed concurrently: read again.
  }
}

Result<TableRegistration> MetadataManager::update_table_properties(const TablePath& path,
                                                                   Properties properties,
                                                                   Properties custom_properties,
                                                                   int64_t now_ms) {
  const std::string node_path = zk_paths::table(path);
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(node_path));
    if (!node) return make_error(ErrorCode::kTableNotExist, "Table {} does not exist.", path);
    Result<TableRegistration> parsed = table_registration_from_json(node->data);
    if (!parsed.ok()) return parsed.status().with_context(node_path);
    TableRegistration registration = std::move(parsed).value();
    registration.properties = properties;
    registration.custom_properties = custom_properties;
    registration.modified_time_ms = now_ms;
    Result<int32_t> written = store_.set(node_path, to_json(registration), node->version);
    if (written.ok()) return registration;
    if (!written.status().is(ErrorCode::kBadVersion)) {
      return map_error(written.status(), ErrorCode::kNoNode, ErrorCode::kTableNotExist,
                       fmt::format("Table {} does not exist.", path));
    }
    // Changed concurrently: read again.
  }
}

Result<std::vector<int32_t>> MetadataManager::schema_ids(const TablePath& path) const {
  Result<std::vector<std::string>> names = store_.children(zk_paths::schemas(path));
  if (!names.ok()) {
    if (!names.status().is(ErrorCode::kNoNode)) return names.status();
    FLUSS_ASSIGN_OR_RETURN(bool exists, table_exists(path));
    if (!exists) return make_error(ErrorCode::kTableNotExist, "Table {} does not exist.", path);
    return std::vector<int32_t>();
  }
  std::vector<int32_t> ids;
  for (const std::string& name : *names) {
    if (std::optional<int32_t> id = parse_int(name)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<SchemaId> MetadataManager::register_schema(const TablePath& path, const Schema& schema) {
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(std::vector<int32_t> ids, schema_ids(path));
    const SchemaId id(ids.empty() ? 1 : ids.back() + 1);
    Result<std::string> created =
        store_.create(zk_paths::schema(path, id), fluss::to_json(schema), kWithParents);
    if (created.ok()) return id;
    if (!created.status().is(ErrorCode::kNodeExists)) return created.status();
  }
}

Result<SchemaInfo> MetadataManager::get_schema(const TablePath& path, SchemaId id) const {
  const std::string node_path = zk_paths::schema(path, id);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(node_path));
  if (!node) {
    FLUSS_ASSIGN_OR_RETURN(bool exists, table_exists(path));
    if (!exists) return make_error(ErrorCode::kTableNotExist, "Table {} does not exist.", path);
    return make_error(ErrorCode::kSchemaNotExist, "Schema {} of table {} does not exist.", id,
                      path);
  }
  Result<Schema> schema = schema_from_json(node->data);
  if (!schema.ok()) {
    return make_error(ErrorCode::kStorageException, "{}: {}", node_path, schema.status().message());
  }
  return SchemaInfo{.schema_id = id, .schema = std::move(schema).value()};
}

Result<SchemaInfo> MetadataManager::get_latest_schema(const TablePath& path) const {
  FLUSS_ASSIGN_OR_RETURN(std::vector<int32_t> ids, schema_ids(path));
  if (ids.empty()) {
    return make_error(ErrorCode::kSchemaNotExist, "Table {} has no schema.", path);
  }
  return get_schema(path, SchemaId(ids.back()));
}

// ---- partitions ----

Result<PartitionRegistration> MetadataManager::create_partition(const TablePath& path,
                                                                const std::string& partition_name) {
  FLUSS_ASSIGN_OR_RETURN(TableRegistration table, get_table(path));
  if (!table.is_partitioned()) {
    return make_error(ErrorCode::kTableNotPartitionedException,
                      "Table {} is not a partitioned table.", path);
  }
  const std::string node_path = zk_paths::partition(path, partition_name);
  FLUSS_ASSIGN_OR_RETURN(bool exists, store_.exists(node_path));
  if (exists) {
    return make_error(ErrorCode::kPartitionAlreadyExists,
                      "Partition '{}' already exists for table {}.", partition_name, path);
  }
  FLUSS_ASSIGN_OR_RETURN(PartitionId id, next_partition_id());
  PartitionRegistration registration{
      .table_id = table.table_id, .partition_id = id, .remote_data_dir = table.remote_data_dir};
  Result<std::vector<MetadataOpResult>> written = store_.multi({
      MetadataOp::check(zk_paths::table(path), kAnyVersion),
      MetadataOp::create(node_path, to_json(registration), kWithParents),
  });
  if (written.ok()) return registration;
  if (written.status().is(ErrorCode::kNodeExists)) {
    return make_error(ErrorCode::kPartitionAlreadyExists,
                      "Partition '{}' already exists for table {}.", partition_name, path);
  }
  return map_error(written.status(), ErrorCode::kNoNode, ErrorCode::kTableNotExist,
                   fmt::format("Table {} does not exist.", path));
}

Status MetadataManager::drop_partition(const TablePath& path, const std::string& partition_name) {
  Status removed = store_.remove(zk_paths::partition(path, partition_name), RemoveMode::kRecursive);
  return map_error(
      removed, ErrorCode::kNoNode, ErrorCode::kPartitionNotExists,
      fmt::format("Partition '{}' does not exist for table {}.", partition_name, path));
}

Result<PartitionRegistration> MetadataManager::get_partition(
    const TablePath& path, const std::string& partition_name) const {
  const std::string node_path = zk_paths::partition(path, partition_name);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(node_path));
  if (!node) {
    return make_error(ErrorCode::kPartitionNotExists, "Partition '{}' does not exist for table {}.",
                      partition_name, path);
  }
  Result<PartitionRegistration> registration = partition_registration_from_json(node->data);
  if (!registration.ok()) return registration.status().with_context(node_path);
  return registration;
}

Result<std::vector<std::string>> MetadataManager::list_partitions(const TablePath& path) const {
  Result<std::vector<std::string>> names = store_.children(zk_paths::partitions(path));
  if (names.ok() || !names.status().is(ErrorCode::kNoNode)) return names;
  FLUSS_ASSIGN_OR_RETURN(bool exists, table_exists(path));
  if (!exists) return make_error(ErrorCode::kTableNotExist, "Table {} does not exist.", path);
  return std::vector<std::string>();
}

// ---- id counters ----

Result<int64_t> MetadataManager::get_and_add(std::string_view path_view, int64_t delta) {
  const std::string path(path_view);
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
    if (!node) {
      Result<std::string> created = store_.create(path, encode_sequence(delta), kWithParents);
      if (created.ok()) return int64_t{0};
      if (!created.status().is(ErrorCode::kNodeExists)) return created.status();
      continue;
    }
    FLUSS_ASSIGN_OR_RETURN(int64_t current, decode_sequence(node->data, path));
    Result<int32_t> written = store_.set(path, encode_sequence(current + delta), node->version);
    if (written.ok()) return current;
    if (!written.status().is(ErrorCode::kBadVersion)) return written.status();
  }
}

Result<TableId> MetadataManager::next_table_id() {
  FLUSS_ASSIGN_OR_RETURN(int64_t id, get_and_add(zk_paths::kTableSeqId, 1));
  return TableId(id);
}

Result<PartitionId> MetadataManager::next_partition_id() {
  FLUSS_ASSIGN_OR_RETURN(int64_t id, get_and_add(zk_paths::kPartitionSeqId, 1));
  return PartitionId(id);
}

Result<WriterId> MetadataManager::allocate_writer_ids(int64_t count) {
  if (count <= 0) {
    return make_error(ErrorCode::kInvalidConfigException, "cannot allocate {} writer ids", count);
  }
  FLUSS_ASSIGN_OR_RETURN(int64_t id, get_and_add(zk_paths::kWriterId, count));
  return WriterId(id);
}

// ---- assignments, leaders, servers ----

Status MetadataManager::create_or_set(const std::string& path, const std::string& data) {
  while (true) {
    Result<std::string> created = store_.create(path, data, kWithParents);
    if (created.ok()) return Status::OK();
    if (!created.status().is(ErrorCode::kNodeExists)) return created.status();
    Result<int32_t> written = store_.set(path, data);
    if (written.ok()) return Status::OK();
    if (!written.status().is(ErrorCode::kNoNode)) return written.status();
  }
}

Status MetadataManager::set_table_assignment(TableId id, const TableAssignment& assignment) {
  return create_or_set(zk_paths::table_assignment(id), to_json(assignment));
}

Result<std::optional<TableAssignment>> MetadataManager::get_table_assignment(TableId id) const {
  const std::string path = zk_paths::table_assignment(id);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return std::optional<TableAssignment>();
  Result<TableAssignment> parsed = table_assignment_from_json(node->data);
  if (!parsed.ok()) return parsed.status().with_context(path);
  return std::optional<TableAssignment>(std::move(parsed).value());
}

Status MetadataManager::delete_table_assignment(TableId id) {
  Status removed = store_.remove(zk_paths::table_assignment(id), RemoveMode::kRecursive);
  return removed.is(ErrorCode::kNoNode) ? Status::OK() : removed;
}

Status MetadataManager::set_partition_assignment(PartitionId id,
                                                 const PartitionAssignment& assignment) {
  return create_or_set(zk_paths::partition_assignment(id), to_json(assignment));
}

Result<std::optional<PartitionAssignment>> MetadataManager::get_partition_assignment(
    PartitionId id) const {
  const std::string path = zk_paths::partition_assignment(id);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return std::optional<PartitionAssignment>();
  Result<PartitionAssignment> parsed = partition_assignment_from_json(node->data);
  if (!parsed.ok()) return parsed.status().with_context(path);
  return std::optional<PartitionAssignment>(std::move(parsed).value());
}

Status MetadataManager::delete_partition_assignment(PartitionId id) {
  Status removed = store_.remove(zk_paths::partition_assignment(id), RemoveMode::kRecursive);
  return removed.is(ErrorCode::kNoNode) ? Status::OK() : removed;
}

Result<int32_t> MetadataManager::create_leader_and_isr(const TableBucket& bucket,
                                                       const LeaderAndIsr& value) {
  FLUSS_ASSIGN_OR_RETURN(std::string created, store_.create(zk_paths::leader_and_isr(bucket),
                                                            to_json(value), kWithParents));
  (void)created;
  return 0;
}

Result<int32_t> MetadataManager::update_leader_and_isr(const TableBucket& bucket,
                                                       const LeaderAndIsr& value,
                                                       int32_t expected_version) {
  return store_.set(zk_paths::leader_and_isr(bucket), to_json(value), expected_version);
}

Result<std::optional<VersionedLeaderAndIsr>> MetadataManager::get_leader_and_isr(
    const TableBucket& bucket) const {
  const std::string path = zk_paths::leader_and_isr(bucket);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return std::optional<VersionedLeaderAndIsr>();
  Result<LeaderAndIsr> parsed = leader_and_isr_from_json(node->data);
  if (!parsed.ok()) return parsed.status().with_context(path);
  return std::optional<VersionedLeaderAndIsr>(
      VersionedLeaderAndIsr{.leader_and_isr = std::move(parsed).value(), .version = node->version});
}

Result<std::vector<std::string>> MetadataManager::list_coordinators() const {
  Result<std::vector<std::string>> ids = store_.children(std::string(zk_paths::kCoordinatorIds));
  if (ids.status().is(ErrorCode::kNoNode)) return std::vector<std::string>{};
  return ids;
}

Result<std::optional<CoordinatorAddress>> MetadataManager::get_coordinator(
    const std::string& id) const {
  const std::string path = zk_paths::coordinator(id);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return std::optional<CoordinatorAddress>();
  Result<CoordinatorAddress> parsed = coordinator_address_from_json(node->data);
  if (!parsed.ok()) return parsed.status().with_context(path);
  return std::optional<CoordinatorAddress>(std::move(parsed).value());
}

Status MetadataManager::unregister_active_coordinator(const std::string& id) {
  const std::string path(zk_paths::kCoordinatorLeader);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node || node->data.empty()) return Status::OK();
  Result<CoordinatorAddress> parsed = coordinator_address_from_json(node->data);
  if (!parsed.ok()) return parsed.status().with_context(path);
  if (parsed->id != id) return Status::OK();
  Status removed = store_.remove(path, RemoveMode::kSingle, node->version);
  // Gone or replaced meanwhile: not ours to remove any more.
  if (removed.is(ErrorCode::kNoNode) || removed.is(ErrorCode::kBadVersion)) return Status::OK();
  return removed;
}

Result<int32_t> MetadataManager::bump_coordinator_epoch() {
  const std::string path(zk_paths::kCoordinatorEpoch);
  // Java's INITIAL_COORDINATOR_EPOCH (0) - 1, so that the first leader gets 0.
  Result<std::string> created = store_.create(path, encode_coordinator_epoch(-1), kWithParents);
  if (!created.ok() && !created.status().is(ErrorCode::kNodeExists)) return created.status();
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return make_error(ErrorCode::kStorageException, "{} vanished", path);
  FLUSS_ASSIGN_OR_RETURN(int32_t epoch, decode_coordinator_epoch(node->data));
  Result<int32_t> set = store_.set(path, encode_coordinator_epoch(epoch + 1), node->version);
  if (set.status().is(ErrorCode::kBadVersion)) {
    return make_error(ErrorCode::kInvalidCoordinatorException,
                      "Coordinator leader election has been fenced: another coordinator moved "
                      "the epoch past {}.",
                      epoch);
  }
  FLUSS_RETURN_IF_ERROR(set.status());
  return epoch + 1;
}

Result<std::optional<int32_t>> MetadataManager::get_coordinator_epoch() const {
  const std::string path(zk_paths::kCoordinatorEpoch);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return std::optional<int32_t>();
  FLUSS_ASSIGN_OR_RETURN(int32_t epoch, decode_coordinator_epoch(node->data));
  return std::optional<int32_t>(epoch);
}

Status MetadataManager::register_tablet_server(ServerId id,
                                               const TabletServerRegistration& registration) {
  const std::string path = zk_paths::tablet_server(id);
  if (!store_.has_sessions()) return create_or_set(path, to_json(registration));
  Result<std::string> created =
      store_.create(path, to_json(registration),
                    {.mode = CreateMode::kEphemeral, .parents = CreateParents::kYes});
  if (created.status().is(ErrorCode::kNodeExists)) {
    return make_error(ErrorCode::kNodeExists,
                      "tablet server {} is already registered at {} by a live session (another "
                      "server with this id, or this one before a restart until its session "
                      "times out)",
                      id, path);
  }
  return created.status();
}

Status MetadataManager::unregister_tablet_server(ServerId id) {
  Status removed = store_.remove(zk_paths::tablet_server(id));
  return map_error(removed, ErrorCode::kNoNode, ErrorCode::kServerNotExistException,
                   fmt::format("Tablet server {} is not registered.", id));
}

Result<std::optional<TabletServerRegistration>> MetadataManager::get_tablet_server(
    ServerId id) const {
  const std::string path = zk_paths::tablet_server(id);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return std::optional<TabletServerRegistration>();
  Result<TabletServerRegistration> parsed = tablet_server_registration_from_json(node->data);
  if (!parsed.ok()) return parsed.status().with_context(path);
  return std::optional<TabletServerRegistration>(std::move(parsed).value());
}

Result<std::vector<ServerId>> MetadataManager::list_tablet_servers() const {
  Result<std::vector<std::string>> names = store_.children(std::string(zk_paths::kTabletServerIds));
  std::vector<ServerId> ids;
  if (!names.ok()) {
    if (names.status().is(ErrorCode::kNoNode)) return ids;
    return names.status();
  }
  for (const std::string& name : *names) {
    if (std::optional<int32_t> id = parse_int(name)) ids.push_back(ServerId(*id));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status MetadataManager::register_coordinator(const CoordinatorAddress& address) {
  const std::string data = to_json(address);
  for (const std::string& path :
       {zk_paths::coordinator(address.id), std::string(zk_paths::kCoordinatorLeader)}) {
    if (!store_.has_sessions()) {
      FLUSS_RETURN_IF_ERROR(create_or_set(path, data));
      continue;
    }
    Result<std::string> created =
        store_.create(path, data, {.mode = CreateMode::kEphemeral, .parents = CreateParents::kYes});
    if (created.status().is(ErrorCode::kNodeExists)) {
      return make_error(ErrorCode::kNodeExists,
                        "coordinator {} cannot register at {}: a live session holds it (another "
                        "coordinator, or this one before a restart until its session times out)",
                        address.id, path);
    }
    FLUSS_RETURN_IF_ERROR(created.status());
  }
  return Status::OK();
}

Result<std::optional<CoordinatorAddress>> MetadataManager::get_active_coordinator() const {
  const std::string path(zk_paths::kCoordinatorLeader);
  FLUSS_ASSIGN_OR_RETURN(std::optional<NodeData> node, store_.get(path));
  if (!node) return std::optional<CoordinatorAddress>();
  Result<CoordinatorAddress> parsed = coordinator_address_from_json(node->data);
  if (!parsed.ok()) return parsed.status().with_context(path);
  return std::optional<CoordinatorAddress>(std::move(parsed).value());
}

}  // namespace fluss::server
