// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/database_descriptor.h"
#include "model/ids.h"
#include "model/schema.h"
#include "model/table_path.h"
#include "server/metadata/metadata_store.h"
#include "server/metadata/zk_data.h"

namespace fluss::server {

// Whether dropping a database also drops its tables.
enum class DropDatabaseMode { kRestrict, kCascade };

// A table's schema with its id.
struct SchemaInfo {
  SchemaId schema_id;
  Schema schema;
};

// LeaderAndIsr with the store version of its node, for conditional updates.
struct VersionedLeaderAndIsr {
  LeaderAndIsr leader_and_isr;
  int32_t version = 0;
};

// The typed metadata API of the coordinator and tablet servers over any
// MetadataStore (Java's ZooKeeperClient plus the existence checks of its
// MetadataManager): databases, tables and their schemas, partitions, the id
// counters, bucket assignments, LeaderAndIsr per bucket and tablet server
// registrations, at Java's paths and in Java's JSON (zk_data.h).
//
// Errors are Fluss's codes naming the thing: DATABASE_ALREADY_EXIST,
// DATABASE_NOT_EXIST, DATABASE_NOT_EMPTY, TABLE_ALREADY_EXIST, TABLE_NOT_EXIST,
// SCHEMA_NOT_EXIST, PARTITION_ALREADY_EXISTS, PARTITION_NOT_EXISTS,
// TABLE_NOT_PARTITIONED_EXCEPTION; STORAGE_EXCEPTION for a failing store or a
// document that does not parse; BAD_VERSION (internal) from the conditional
// LeaderAndIsr update. Names are not validated here (the coordinator does).
//
// Stateless besides the store reference; thread-safe as the store is. Writes that
// span nodes are one multi() transaction.
class MetadataManager {
 public:
  // `store` outlives the manager.
  explicit MetadataManager(MetadataStore& store) : store_(store) {}

  // Databases.
  Status create_database(const std::string& name, const DatabaseDescriptor& descriptor,
                         int64_t now_ms);
  Status drop_database(const std::string& name, DropDatabaseMode mode);
  Result<bool> database_exists(const std::string& name) const;
  Result<DatabaseInfo> get_database(const std::string& name) const;
  Result<std::vector<std::string>> list_databases() const;

  // Tables. create_table allocates the table id (overwriting registration.table_id)
  // and writes the table and schema 1 together; returns the id.
  Result<TableId> create_table(const TablePath& path, TableRegistration registration,
                               const Schema& schema);
  // Removes the table with its schemas and partitions (not its bucket
  // assignments: delete_table_assignment).
  Status drop_table(const TablePath& path);
  Result<bool> table_exists(const TablePath& path) const;
  Result<TableRegistration> get_table(const TablePath& path) const;
  Result<std::vector<std::string>> list_tables(const std::string& database) const;
  // Sets then removes properties (Java's alter table properties), bumping
  // modified_time; returns the new registration.
  Result<TableRegistration> alter_table_properties(const TablePath& path, const Properties& set,
                                                   const std::vector<std::string>& reset,
                                                   int64_t now_ms);
  // Replaces both property maps (Java's TableRegistration.newProperties +
  // updateTable), bumping modified_time; returns the new registration.
  Result<TableRegistration> update_table_properties(const TablePath& path, Properties properties,
                                                    Properties custom_properties, int64_t now_ms);
  // A new schema under the next id; returns the id.
  Result<SchemaId> register_schema(const TablePath& path, const Schema& schema);
  Result<SchemaInfo> get_schema(const TablePath& path, SchemaId id) const;
  Result<SchemaInfo> get_latest_schema(const TablePath& path) const;

  // Partitions of a partitioned table; create allocates the partition id.
  Result<PartitionRegistration> create_partition(const TablePath& path,
                                                 const std::string& partition_name);
  Status drop_partition(const TablePath& path, const std::string& partition_name);
  Result<PartitionRegistration> get_partition(const TablePath& path,
                                              const std::string& partition_name) const;
  Result<std::vector<std::string>> list_partitions(const TablePath& path) const;

  // Id counters (first ids are 0, as Java's). allocate_writer_ids reserves
  // `count` consecutive writer ids and returns the first (InitWriter).
  Result<TableId> next_table_id();
  Result<PartitionId> next_partition_id();
  Result<WriterId> allocate_writer_ids(int64_t count = 1);

  // Bucket assignments (create or replace); delete removes the bucket nodes too.
  Status set_table_assignment(TableId id, const TableAssignment& assignment);
  Result<std::optional<TableAssignment>> get_table_assignment(TableId id) const;
  Status delete_table_assignment(TableId id);
  Status set_partition_assignment(PartitionId id, const PartitionAssignment& assignment);
  Result<std::optional<PartitionAssignment>> get_partition_assignment(PartitionId id) const;
  Status delete_partition_assignment(PartitionId id);

  // LeaderAndIsr of a bucket. create: NODE_EXISTS (internal) if it has one;
  // update: BAD_VERSION unless the node is at `expected_version`. Both return the
  // node's new version.
  Result<int32_t> create_leader_and_isr(const TableBucket& bucket, const LeaderAndIsr& value);
  Result<int32_t> update_leader_and_isr(const TableBucket& bucket, const LeaderAndIsr& value,
                                        int32_t expected_version);
  Result<std::optional<VersionedLeaderAndIsr>> get_leader_and_isr(const TableBucket& bucket) const;

  // More of the coordinators' nodes (register_coordinator is below). Ids of the
  // registered coordinators, sorted; one's address (nullopt if not registered).
  Result<std::vector<std::string>> list_coordinators() const;
  Result<std::optional<CoordinatorAddress>> get_coordinator(const std::string& id) const;
  // Java's unregisterCoordinatorLeader: removes /coordinators/active if `id` holds
  // it; OK otherwise.
  Status unregister_active_coordinator(const std::string& id);
  // Java's fenceBecomeCoordinatorLeader: creates /coordinators/epoch (epoch -1) if
  // missing, then moves it one up unless another coordinator moved it meanwhile;
  // returns the new epoch (0 for the first leader). INVALID_COORDINATOR_EXCEPTION
  // when fenced.
  Result<int32_t> bump_coordinator_epoch();
  // The coordinator epoch; nullopt if no coordinator ever led.
  Result<std::optional<int32_t>> get_coordinator_epoch() const;

  // Tablet servers. On a store with sessions (ZooKeeper) register creates an
  // ephemeral node, as Java does: it vanishes with the session, and NODE_EXISTS
  // (internal) means a live session holds the id; the owner re-registers after a
  // new session (ZooKeeperMetadataStore::set_session_listener). The embedded store
  // has no sessions: register creates or replaces, so a restarted server
  // re-registers over its old node.
  Status register_tablet_server(ServerId id, const TabletServerRegistration& registration);
  Status unregister_tablet_server(ServerId id);
  Result<std::optional<TabletServerRegistration>> get_tablet_server(ServerId id) const;
  Result<std::vector<ServerId>> list_tablet_servers() const;

  // The coordinator (Java's registerCoordinatorServer + registerCoordinatorLeader):
  // /coordinators/ids/<id> and /coordinators/active, ephemeral on a store with
  // sessions (created or replaced on the embedded store); NODE_EXISTS (internal) if
  // another live session holds /coordinators/active. get_active_coordinator:
  // nullopt while none is registered.
  Status register_coordinator(const CoordinatorAddress& address);
  Result<std::optional<CoordinatorAddress>> get_active_coordinator() const;

 private:
  Result<int64_t> get_and_add(std::string_view path, int64_t delta);
  Status create_or_set(const std::string& path, const std::string& data);
  Result<std::vector<int32_t>> schema_ids(const TablePath& path) const;

  MetadataStore& store_;
};

}  // namespace fluss::server
