// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_info.h"
#include "model/table_path.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "server/base/store_metadata_reader.h"
#include "server/coordinator/tablet_server_notifier.h"
#include "server/metadata/metadata_manager.h"

namespace fluss::server {

struct CoordinatorServiceOptions {
  // The coordinator itself, as GET_METADATA reports it.
  ServerEndpoint coordinator{.id = ServerId(0), .host = "127.0.0.1", .port = 9123};
  // Which listener of a tablet server's registration GET_METADATA reports
  // ("CLIENT://host:port,..."); empty or absent: the first one.
  std::string client_listener_name = "CLIENT";
  int32_t default_bucket_number = 1;                          // `default.bucket.number`
  int32_t default_replication_factor = 1;                     // `default.replication.factor`
  int32_t max_bucket_num = 128000;                            // `max.bucket.num`
  int32_t max_partition_num = 1000;                           // `max.partition.num`
  std::optional<std::string> remote_data_dir = std::nullopt;  // `remote.data.dir`
  int32_t coordinator_epoch = 0;
  // Wall clock in epoch milliseconds (created/modified times); defaults to the system clock.
  std::function<int64_t()> clock = nullptr;
};

// The coordinator's RPC handlers (Java's CoordinatorService plus the metadata
// reads of RpcServiceBase) over protobuf messages: the RPC server decodes a
// request, calls the method of its API key and encodes the response, or an
// ErrorResponse from the Status (rpc/protocol/errors.h). All state lives in the
// MetadataStore, so a coordinator reopened on the same store serves the same
// databases, tables, partitions, assignments and writer ids.
//
// CREATE_TABLE and CREATE_PARTITION place buckets on the registered tablet
// servers (Java's TableAssignmentUtils, rack-unaware), record a LeaderAndIsr per
// bucket (leader = first replica, epoch 0) and send NOTIFY_LEADER_AND_ISR to every
// replica; DROP_TABLE, DROP_PARTITION and a cascading DROP_DATABASE send
// STOP_REPLICA (delete = true) and remove the assignments.
//
// Errors are Fluss's codes with messages naming the database, table or partition:
// INVALID_DATABASE_EXCEPTION / INVALID_TABLE_EXCEPTION for bad names or documents,
// DATABASE_*/TABLE_*/PARTITION_* for existence, INVALID_CONFIG_EXCEPTION and
// BUCKET_MAX_NUM_EXCEPTION from validation, INVALID_REPLICATION_FACTOR when there
// are fewer tablet servers than replicas, INVALID_ALTER_TABLE_EXCEPTION,
// PARTITION_SPEC_INVALID_EXCEPTION, PARTITION_MAX_NUM_EXCEPTION,
// TABLE_NOT_PARTITIONED_EXCEPTION, STORAGE_EXCEPTION from the store.
//
// Thread-safe: every handler runs under one mutex (DESIGN.md §5: a strand later),
// so read-check-write sequences see no concurrent change.
class CoordinatorService {
 public:
  // `metadata` and `notifier` outlive the service.
  CoordinatorService(MetadataManager& metadata, TabletServerNotifier& notifier,
                     CoordinatorServiceOptions options);

  // Databases.
  Result<rpc::proto::CreateDatabaseResponse> create_database(
      const rpc::proto::CreateDatabaseRequest& request);
  Result<rpc::proto::DropDatabaseResponse> drop_database(
      const rpc::proto::DropDatabaseRequest& request);
  Result<rpc::proto::ListDatabasesResponse> list_databases(
      const rpc::proto::ListDatabasesRequest& request);
  Result<rpc::proto::DatabaseExistsResponse> database_exists(
      const rpc::proto::DatabaseExistsRequest& request);
  Result<rpc::proto::GetDatabaseInfoResponse> get_database_info(
      const rpc::proto::GetDatabaseInfoRequest& request);

  // Tables.
  Result<rpc::proto::CreateTableResponse> create_table(
      const rpc::proto::CreateTableRequest& request);
  Result<rpc::proto::DropTableResponse> drop_table(const rpc::proto::DropTableRequest& request);
  Result<rpc::proto::ListTablesResponse> list_tables(const rpc::proto::ListTablesRequest& request);
  Result<rpc::proto::TableExistsResponse> table_exists(
      const rpc::proto::TableExistsRequest& request);
  Result<rpc::proto::GetTableInfoResponse> get_table_info(
      const rpc::proto::GetTableInfoRequest& request);
  Result<rpc::proto::GetTableSchemaResponse> get_table_schema(
      const rpc::proto::GetTableSchemaRequest& request);
  // ALTER_TABLE: property changes only (op SET / DELETE on alterable `table.*` keys
  // and any custom key); column changes are INVALID_ALTER_TABLE_EXCEPTION for now.
  Result<rpc::proto::AlterTableResponse> alter_table(const rpc::proto::AlterTableRequest& request);

  // Partitions.
  Result<rpc::proto::CreatePartitionResponse> create_partition(
      const rpc::proto::CreatePartitionRequest& request);
  Result<rpc::proto::DropPartitionResponse> drop_partition(
      const rpc::proto::DropPartitionRequest& request);
  Result<rpc::proto::ListPartitionInfosResponse> list_partition_infos(
      const rpc::proto::ListPartitionInfosRequest& request);

  // GET_METADATA: the coordinator and tablet servers, the requested tables with
  // their buckets (replicas, leader, epoch), and the requested partitions (by path
  // or by id; an id must belong to a requested table, else PARTITION_NOT_EXISTS).
  Result<rpc::proto::MetadataResponse> get_metadata(const rpc::proto::MetadataRequest& request);

  // INIT_WRITER: a new cluster-unique writer id (durable counter, never reused).
  Result<rpc::proto::InitWriterResponse> init_writer(const rpc::proto::InitWriterRequest& request);

  // The table as clients see it (descriptor after system defaults, latest schema).
  Result<TableInfo> get_table_info(const TablePath& path);

  // Run once at startup, after the tablet servers registered (Java's coordinator
  // startup): completes what a crash may have cut short -- a table or partition
  // without an assignment gets one, a bucket without a LeaderAndIsr gets the
  // initial one --, gives a bucket whose leader is not registered a live ISR
  // replica as leader (or none: leader -1, epoch + 1), and sends every registered
  // replica NOTIFY_LEADER_AND_ISR for all its buckets, so restarted tablet servers
  // learn what they lead. Remembers the registered servers for
  // tablet_servers_changed(). A table that cannot be placed (too few tablet
  // servers) does not stop the others; the first such error is returned.
  Status recover();

  // Tablet-server liveness (Java's TabletServerChangeWatcher and the coordinator's
  // NewTabletServer / DeadTabletServer events): `registered` lists the tablet
  // servers registered now (the children of /tabletservers/ids). A server that is
  // new, or registered again since the last call (a newer registration timestamp:
  // it restarted between two watch events), gets NOTIFY_LEADER_AND_ISR for every
  // bucket it holds a replica of, after leaderless buckets got a live ISR replica as
  // leader (epoch + 1). A server that is gone loses its leaderships: another live
  // ISR replica takes over, or the bucket has no leader (-1, epoch + 1, as Java's
  // OfflineReplica transition) and GET_METADATA reports none until the server
  // returns; the notifier drops what it still queued for it. Store errors are
  // returned; the first call after start-up without recover() sees every server as
  // new.
  Status tablet_servers_changed(const std::vector<ServerId>& registered);

 private:
  int64_t now_ms() const;
  Result<TableInfo> table_info_locked(const TablePath& path);
  Result<std::vector<ServerId>> live_servers_locked();
  Result<std::map<int32_t, BucketAssignment>> assign_buckets_locked(int32_t bucket_count,
                                                                    int32_t replication_factor,
                                                                    int64_t rotation);
  // Which buckets a state change concerns, by assignment and current LeaderAndIsr.
  using BucketSelector = std::function<bool(const BucketAssignment&, const LeaderAndIsr&)>;
  // Records a LeaderAndIsr per bucket (keeping one that exists); for the selected
  // buckets, moves the leadership off an unregistered leader and notifies every
  // registered replica of the current state.
  Status start_buckets_locked(const PhysicalTablePath& path, TableId table_id,
                              std::optional<PartitionId> partition_id,
                              const std::map<int32_t, BucketAssignment>& buckets,
                              const BucketSelector& selected);
  // recover() for one table or partition.
  Status recover_buckets_locked(const PhysicalTablePath& path, const TableRegistration& table,
                                std::optional<PartitionId> partition_id,
                                const BucketSelector& selected);
  // recover_buckets_locked() on every table and partition; the first error.
  Status for_each_bucket_set_locked(const BucketSelector& selected);
  // The registration timestamps of the servers `ids` still registered.
  Result<std::map<ServerId, int64_t>> registrations_locked(const std::vector<ServerId>& ids);
  void stop_buckets_locked(TableId table_id, std::optional<PartitionId> partition_id,
                           const std::map<int32_t, BucketAssignment>& buckets);
  Status drop_table_locked(const TablePath& path);
  Status drop_partition_locked(const TablePath& path, TableId table_id, const std::string& name);
  MetadataManager& metadata_;
  TabletServerNotifier& notifier_;
  const CoordinatorServiceOptions options_;
  StoreMetadataReader reads_;
  // The tablet servers seen at the last recover() / tablet_servers_changed().
  std::map<ServerId, int64_t> known_servers_;  // guarded by mu_
  std::mutex mu_;
};

}  // namespace fluss::server
