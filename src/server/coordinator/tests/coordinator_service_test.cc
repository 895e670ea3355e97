// SPDX-License-Identifier: Apache-2.0
#include "server/coordinator/coordinator_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "model/json_serde.h"
#include "server/metadata/embedded_metadata_store.h"
#include "storage/fs/mem_file_system.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {
namespace {

namespace proto = rpc::proto;
using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class RecordingNotifier final : public TabletServerNotifier {
 public:
  void notify_leader_and_isr(ServerId server, proto::NotifyLeaderAndIsrRequest request) override {
    notified.emplace_back(server, std::move(request));
  }
  void stop_replica(ServerId server, proto::StopReplicaRequest request) override {
    stopped.emplace_back(server, std::move(request));
  }

  std::vector<std::pair<ServerId, proto::NotifyLeaderAndIsrRequest>> notified;
  std::vector<std::pair<ServerId, proto::StopReplicaRequest>> stopped;
};

Schema log_schema() {
  auto schema = Schema::builder()
                    .column("a", DataType::int_())
                    .column("b", DataType::string())
                    .column("p", DataType::string())
                    .build();
  EXPECT_OK(schema);
  return std::move(schema).value();
}

Schema pk_schema() {
  auto schema = Schema::builder()
                    .column("a", DataType::int_())
                    .column("b", DataType::string())
                    .primary_key({"a"})
                    .build();
  EXPECT_OK(schema);
  return std::move(schema).value();
}

TableDescriptor::Builder log_table(std::optional<int32_t> buckets = 3) {
  auto builder = TableDescriptor::builder();
  builder.schema(log_schema()).distributed_by(buckets);
  return builder;
}

std::string json_of(const TableDescriptor::Builder& builder) {
  auto descriptor = builder.build();
  EXPECT_OK(descriptor);
  return to_json(*descriptor);
}

proto::PbTablePath pb_path(const std::string& db, const std::string& table) {
  proto::PbTablePath path;
  path.set_database_name(db);
  path.set_table_name(table);
  return path;
}

proto::PbPartitionSpec spec(std::vector<std::pair<std::string, std::string>> values) {
  proto::PbPartitionSpec out;
  for (auto& [key, value] : values) {
    proto::PbKeyValue* kv = out.add_partition_key_values();
    kv->set_key(key);
    kv->set_value(value);
  }
  return out;
}

class CoordinatorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reopen();
    for (int32_t id : {0, 1, 2}) {
      ASSERT_OK(manager_->register_tablet_server(
          ServerId(id), TabletServerRegistration{
                            .listeners = fmt::format("INTERNAL://10.0.0.{}:9000,CLIENT://host{}:{}",
                                                     id, id, 9124 + id),
                            .register_timestamp_ms = 1,
                            .rack = id == 1 ? std::optional<std::string>("r1") : std::nullopt}));
    }
    ASSERT_OK(create_database("db"));
  }

  void reopen() {
    service_.reset();
    manager_.reset();
    store_.reset();
    auto opened = EmbeddedMetadataStore::open(fs_, {.dir = "/d/metadata", .lock = DirLock::kNone});
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
    manager_ = std::make_unique<MetadataManager>(*store_);
    options_.clock = [this] { return now_; };
    service_ = std::make_unique<CoordinatorService>(*manager_, notifier_, options_);
  }

  Status create_database(const std::string& name, bool ignore_if_exists = false) {
    proto::CreateDatabaseRequest request;
    request.set_database_name(name);
    request.set_ignore_if_exists(ignore_if_exists);
    return service_->create_database(request).status();
  }

  Status create_table(const std::string& table, const std::string& json,
                      bool ignore_if_exists = false, const std::string& db = "db") {
    proto::CreateTableRequest request;
    *request.mutable_table_path() = pb_path(db, table);
    request.set_table_json(json);
    request.set_ignore_if_exists(ignore_if_exists);
    return service_->create_table(request).status();
  }

  Status drop_table(const std::string& table, bool ignore_if_not_exists = false) {
    proto::DropTableRequest request;
    *request.mutable_table_path() = pb_path("db", table);
    request.set_ignore_if_not_exists(ignore_if_not_exists);
    return service_->drop_table(request).status();
  }

  Status create_partition(const std::string& table, proto::PbPartitionSpec partition,
                          bool ignore_if_exists = false) {
    proto::CreatePartitionRequest request;
    *request.mutable_table_path() = pb_path("db", table);
    *request.mutable_partition_spec() = std::move(partition);
    request.set_ignore_if_not_exists(ignore_if_exists);
    return service_->create_partition(request).status();
  }

  Status drop_partition(const std::string& table, proto::PbPartitionSpec partition,
                        bool ignore_if_not_exists = false) {
    proto::DropPartitionRequest request;
    *request.mutable_table_path() = pb_path("db", table);
    *request.mutable_partition_spec() = std::move(partition);
    request.set_ignore_if_not_exists(ignore_if_not_exists);
    return service_->drop_partition(request).status();
  }

  Result<proto::MetadataResponse> metadata(std::vector<std::string> tables,
                                           std::vector<int64_t> partition_ids = {}) {
    proto::MetadataRequest request;
    for (const std::string& table : tables) *request.add_table_path() = pb_path("db", table);
    for (int64_t id : partition_ids) request.add_partitions_id(id);
    return service_->get_metadata(request);
  }

  Result<TableInfo> info(const std::string& table) {
    return service_->get_table_info(TablePath{.database = "db", .table = table});
  }

  Status alter(const std::string& table, std::vector<std::pair<std::string, std::string>> set,
               std::vector<std::string> reset = {}, bool ignore_if_not_exists = false) {
    proto::AlterTableRequest request;
    *request.mutable_table_path() = pb_path("db", table);
    request.set_ignore_if_not_exists(ignore_if_not_exists);
    for (auto& [key, value] : set) {
      proto::PbAlterConfig* change = request.add_config_changes();
      change->set_config_key(key);
      change->set_config_value(value);
      change->set_op_type(0);
    }
    for (const std::string& key : reset) {
      proto::PbAlterConfig* change = request.add_config_changes();
      change->set_config_key(key);
      change->set_op_type(1);
    }
    return service_->alter_table(request).status();
  }

  storage::MemFileSystem fs_;
  int64_t now_ = 1000;
  CoordinatorServiceOptions options_{
      .coordinator = {.id = ServerId(7), .host = "coord", .port = 9123}};
  RecordingNotifier notifier_;
  std::unique_ptr<EmbeddedMetadataStore> store_;
  std::unique_ptr<MetadataManager> manager_;
  std::unique_ptr<CoordinatorService> service_;
};

// ---------------------------------------------------------------------------------------------
// Databases.

TEST_F(CoordinatorServiceTest, CreatedDatabaseIsListedAndDescribed) {
  proto::CreateDatabaseRequest request;
  request.set_database_name("sales");
  request.set_ignore_if_exists(false);
  request.set_database_json(
      to_json(DatabaseDescriptor{.comment = "money", .custom_properties = {}}));
  now_ = 2000;
  ASSERT_OK(service_->create_database(request));

  proto::DatabaseExistsRequest exists;
  exists.set_database_name("sales");
  auto found = service_->database_exists(exists);
  ASSERT_OK(found);
  EXPECT_TRUE(found->exists());
  exists.set_database_name("nope");
  EXPECT_FALSE(service_->database_exists(exists)->exists());

  auto listed = service_->list_databases(proto::ListDatabasesRequest());
  ASSERT_OK(listed);
  EXPECT_THAT(listed->database_name(), ElementsAre("db", "sales"));
  EXPECT_EQ(listed->database_summary_size(), 0);

  proto::GetDatabaseInfoRequest get;
  get.set_database_name("sales");
  auto described = service_->get_database_info(get);
  ASSERT_OK(described);
  auto descriptor = database_descriptor_from_json(described->database_json());
  ASSERT_OK(descriptor);
  EXPECT_EQ(descriptor->comment, "money");
  EXPECT_EQ(described->created_time(), 2000);
  EXPECT_EQ(described->modified_time(), 2000);
}

TEST_F(CoordinatorServiceTest, ListDatabasesWithSummaryCountsTables) {
  ASSERT_OK(create_table("t1", json_of(log_table())));
  ASSERT_OK(create_table("t2", json_of(log_table())));
  proto::ListDatabasesRequest request;
  request.set_include_summary(true);
  auto listed = service_->list_databases(request);
  ASSERT_OK(listed);
  ASSERT_EQ(listed->database_summary_size(), 1);
  EXPECT_EQ(listed->database_summary(0).database_name(), "db");
  EXPECT_EQ(listed->database_summary(0).table_count(), 2);
  EXPECT_EQ(listed->database_summary(0).created_time(), 1000);
}

TEST_F(CoordinatorServiceTest, CreateDatabaseErrors) {
  EXPECT_THAT(create_database("db"), StatusIsWith(ErrorCode::kDatabaseAlreadyExist, "db"));
  EXPECT_OK(create_database("db", /*ignore_if_exists=*/true));
  EXPECT_THAT(create_database("bad name"),
              StatusIsWith(ErrorCode::kInvalidDatabaseException, "bad name"));
  EXPECT_THAT(create_database("__internal"), StatusIs(ErrorCode::kInvalidDatabaseException));

  proto::CreateDatabaseRequest request;
  request.set_database_name("x");
  request.set_ignore_if_exists(false);
  request.set_database_json("{not json");
  EXPECT_THAT(service_->create_database(request), StatusIs(ErrorCode::kInvalidDatabaseException));
}

TEST_F(CoordinatorServiceTest, GetDatabaseInfoOfUnknownDatabaseFails) {
  proto::GetDatabaseInfoRequest get;
  get.set_database_name("nope");
  EXPECT_THAT(service_->get_database_info(get), StatusIsWith(ErrorCode::kDatabaseNotExist, "nope"));
}

TEST_F(CoordinatorServiceTest, DropDatabaseRespectsFlags) {
  proto::DropDatabaseRequest request;
  request.set_database_name("nope");
  request.set_ignore_if_not_exists(false);
  request.set_cascade(false);
  EXPECT_THAT(service_->drop_database(request), StatusIsWith(ErrorCode::kDatabaseNotExist, "nope"));
  request.set_ignore_if_not_exists(true);
  EXPECT_OK(service_->drop_database(request));

  ASSERT_OK(create_table("t", json_of(log_table())));
  request.set_database_name("db");
  EXPECT_THAT(service_->drop_database(request), StatusIsWith(ErrorCode::kDatabaseNotEmpty, "db"));

  request.set_cascade(true);
  notifier_.stopped.clear();
  ASSERT_OK(service_->drop_database(request));
  proto::DatabaseExistsRequest exists;
  exists.set_database_name("db");
  EXPECT_FALSE(service_->database_exists(exists)->exists());
  // The cascaded table's replicas were stopped: 3 buckets over 3 servers.
  EXPECT_EQ(notifier_.stopped.size(), 3u);
  auto assignment = manager_->get_table_assignment(TableId(0));
  ASSERT_OK(assignment);
  EXPECT_FALSE(assignment->has_value());
}

TEST_F(CoordinatorServiceTest, DropEmptyDatabaseWithoutCascade) {
  ASSERT_OK(create_database("empty"));
  proto::DropDatabaseRequest request;
  request.set_database_name("empty");
  request.set_ignore_if_not_exists(false);
  request.set_cascade(false);
  EXPECT_OK(service_->drop_database(request));
}

// ---------------------------------------------------------------------------------------------
// Tables.

TEST_F(CoordinatorServiceTest, CreateTablePlacesBucketsRoundRobinWithLeaders) {
  ASSERT_OK(create_table("t", json_of(log_table(6))));
  auto response = metadata({"t"});
  ASSERT_OK(response);
  ASSERT_EQ(response->table_metadata_size(), 1);
  const proto::PbTableMetadata& table = response->table_metadata(0);
  EXPECT_EQ(table.table_id(), 0);
  EXPECT_EQ(table.schema_id(), 1);
  ASSERT_EQ(table.bucket_metadata_size(), 6);
  std::map<int32_t, int> leaders;
  for (int b = 0; b < 6; ++b) {
    const proto::PbBucketMetadata& bucket = table.bucket_metadata(b);
    EXPECT_EQ(bucket.bucket_id(), b);
    ASSERT_EQ(bucket.replica_id_size(), 1);
    EXPECT_EQ(bucket.leader_id(), bucket.replica_id(0));
    EXPECT_EQ(bucket.leader_epoch(), 0);
    ++leaders[bucket.leader_id()];
    // Consecutive buckets go to consecutive servers.
    if (b > 0) {
      EXPECT_EQ(bucket.replica_id(0), (table.bucket_metadata(b - 1).replica_id(0) + 1) % 3);
    }
  }
  EXPECT_THAT(leaders, ElementsAre(std::pair(0, 2), std::pair(1, 2), std::pair(2, 2)));

  // Each server heard about its two buckets in one request.
  ASSERT_EQ(notifier_.notified.size(), 3u);
  for (const auto& [server, request] : notifier_.notified) {
    ASSERT_EQ(request.notify_buckets_leader_req_size(), 2);
    for (const auto& bucket : request.notify_buckets_leader_req()) {
      EXPECT_EQ(bucket.leader(), server.value());
      EXPECT_EQ(bucket.leader_epoch(), 0);
      EXPECT_THAT(bucket.replicas(), ElementsAre(server.value()));
      EXPECT_THAT(bucket.isr(), ElementsAre(server.value()));
      EXPECT_EQ(bucket.physical_table_path().database_name(), "db");
      EXPECT_EQ(bucket.physical_table_path().table_name(), "t");
      EXPECT_FALSE(bucket.physical_table_path().has_partition_name());
      EXPECT_EQ(bucket.table_bucket().table_id(), 0);
    }
  }
}

TEST_F(CoordinatorServiceTest, ReplicatedBucketsHaveDistinctReplicasAndFullIsr) {
  ASSERT_OK(create_table("t", json_of(log_table(4).property("table.replication.factor", "3"))));
  auto response = metadata({"t"});
  ASSERT_OK(response);
  for (const proto::PbBucketMetadata& bucket : response->table_metadata(0).bucket_metadata()) {
    std::set<int32_t> replicas(bucket.replica_id().begin(), bucket.replica_id().end());
    EXPECT_EQ(replicas.size(), 3u);
    EXPECT_EQ(bucket.leader_id(), bucket.replica_id(0));
    auto leader =
        manager_->get_leader_and_isr(TableBucket(TableId(0), BucketId(bucket.bucket_id())));
    ASSERT_OK(leader);
    ASSERT_TRUE(leader->has_value());
    EXPECT_EQ((*leader)->leader_and_isr.isr,
              std::vector<int32_t>(bucket.replica_id().begin(), bucket.replica_id().end()));
  }
  // Every server is a replica of every bucket: one request each with 4 buckets.
  ASSERT_EQ(notifier_.notified.size(), 3u);
  for (const auto& [server, request] : notifier_.notified) {
    EXPECT_EQ(request.notify_buckets_leader_req_size(), 4);
  }
}

TEST_F(CoordinatorServiceTest, CreateTableAppliesSystemDefaults) {
  options_.default_bucket_number = 5;
  options_.default_replication_factor = 2;
  reopen();
  ASSERT_OK(create_table("t", json_of(log_table(std::nullopt))));
  auto table = info("t");
  ASSERT_OK(table);
  EXPECT_EQ(table->num_buckets(), 5);
  EXPECT_EQ(table->properties().get("table.replication.factor"), "2");
  EXPECT_EQ(table->created_time_ms(), 1000);

  proto::GetTableInfoRequest request;
  *request.mutable_table_path() = pb_path("db", "t");
  auto response = service_->get_table_info(request);
  ASSERT_OK(response);
  EXPECT_EQ(response->table_id(), table->table_id().value());
  EXPECT_EQ(response->schema_id(), 1);
  auto descriptor = table_descriptor_from_json(response->table_json());
  ASSERT_OK(descriptor);
  EXPECT_EQ(descriptor->bucket_count(), 5);
  EXPECT_EQ(descriptor->schema(), log_schema());
  EXPECT_EQ(metadata({"t"})->table_metadata(0).bucket_metadata_size(), 5);
}

TEST_F(CoordinatorServiceTest, CreateTableErrors) {
  ASSERT_OK(create_table("t", json_of(log_table())));
  EXPECT_THAT(create_table("t", json_of(log_table())),
              StatusIsWith(ErrorCode::kTableAlreadyExist, "db.t"));
  EXPECT_OK(create_table("t", json_of(log_table()), /*ignore_if_exists=*/true));

  EXPECT_THAT(create_table("t", json_of(log_table()), false, "nope"),
              StatusIsWith(ErrorCode::kDatabaseNotExist, "nope"));
  EXPECT_THAT(create_table("bad table", json_of(log_table())),
              StatusIsWith(ErrorCode::kInvalidTableException, "bad table"));
  EXPECT_THAT(create_table("x", "{\"version\":1,"), StatusIs(ErrorCode::kInvalidTableException));
  EXPECT_THAT(create_table("x", "{}"), StatusIs(ErrorCode::kInvalidTableException));
  EXPECT_THAT(create_table("x", json_of(log_table().property("table.no-such-option", "1"))),
              StatusIsWith(ErrorCode::kInvalidConfigException, "table.no-such-option"));
  EXPECT_THAT(create_table("x", json_of(log_table().property("table.log.ttl", "forever"))),
              StatusIsWith(ErrorCode::kInvalidConfigException, "table.log.ttl"));
  EXPECT_THAT(create_table("x", json_of(log_table(200000))),
              StatusIs(ErrorCode::kBucketMaxNumException));
  EXPECT_THAT(create_table("x", json_of(log_table().property("table.replication.factor", "4"))),
              StatusIsWith(ErrorCode::kInvalidReplicationFactor, "4"));
  EXPECT_THAT(
      create_table("x", json_of(log_table().property("table.auto-partition.enabled", "true"))),
      StatusIs(ErrorCode::kInvalidConfigException));
  // Nothing of the failed attempts was created.
  auto tables = service_->list_tables([] {
    proto::ListTablesRequest r;
    r.set_database_name("db");
    return r;
  }());
  ASSERT_OK(tables);
  EXPECT_THAT(tables->table_name(), ElementsAre("t"));
}

TEST_F(CoordinatorServiceTest, PartitionKeysOfAPrimaryKeyTableMustBeInThePrimaryKey) {
  auto pk = TableDescriptor::builder();
  pk.schema(pk_schema()).partitioned_by({"b"}).distributed_by(1);
  EXPECT_FALSE(pk.build().ok());  // the client-side builder refuses it too
  // A hand-written document gets the same answer from the coordinator.
  auto valid = TableDescriptor::builder();
  valid.schema(pk_schema()).distributed_by(1);
  std::string json = json_of(valid);
  const std::string keys = "\"partition_key\":[]";
  ASSERT_NE(json.find(keys), std::string::npos) << json;
  json.replace(json.find(keys), keys.size(), "\"partition_key\":[\"b\"]");
  EXPECT_THAT(create_table("x", json), StatusIs(ErrorCode::kInvalidTableException));
}

TEST_F(CoordinatorServiceTest, CreateTableIgnoredWhenItExistsChangesNothing) {
  ASSERT_OK(create_table("t", json_of(log_table(2))));
  auto before = metadata({"t"});
  notifier_.notified.clear();
  ASSERT_OK(create_table("t", json_of(log_table(5)), /*ignore_if_exists=*/true));
  EXPECT_THAT(notifier_.notified, IsEmpty());
  EXPECT_EQ(metadata({"t"})->SerializeAsString(), before->SerializeAsString());
}

TEST_F(CoordinatorServiceTest, GetMetadataFallsBackToTheFirstListener) {
  ASSERT_OK(manager_->register_tablet_server(
      ServerId(1), TabletServerRegistration{.listeners = "FLUSS://other:7000,X://x:1",
                                            .register_timestamp_ms = 2}));
  auto response = metadata({});
  ASSERT_OK(response);
  ASSERT_EQ(response->tablet_servers_size(), 3);
  EXPECT_EQ(response->tablet_servers(1).host(), "other");
  EXPECT_EQ(response->tablet_servers(1).port(), 7000);
}

TEST_F(CoordinatorServiceTest, NonPositiveBucketCountIsRejected) {
  for (int32_t buckets : {0, -1}) {
    SCOPED_TRACE(buckets);
    EXPECT_THAT(create_table("x", json_of(log_table(buckets))),
                StatusIsWith(ErrorCode::kInvalidTableException, "larger than 0"));
  }
}

TEST_F(CoordinatorServiceTest, CreateTableWithoutTabletServersFails) {
  for (int32_t id : {0, 1, 2}) ASSERT_OK(manager_->unregister_tablet_server(ServerId(id)));
  EXPECT_THAT(create_table("t", json_of(log_table())),
              StatusIs(ErrorCode::kInvalidReplicationFactor));
}

TEST_F(CoordinatorServiceTest, DropTableStopsReplicasAndRemovesAssignment) {
  ASSERT_OK(create_table("t", json_of(log_table(3))));
  ASSERT_OK(drop_table("t"));
  ASSERT_EQ(notifier_.stopped.size(), 3u);
  std::set<int32_t> servers;
  for (const auto& [server, request] : notifier_.stopped) {
    servers.insert(server.value());
    ASSERT_EQ(request.stop_replicas_req_size(), 1);
    EXPECT_TRUE(request.stop_replicas_req(0).delete_());
    EXPECT_EQ(request.stop_replicas_req(0).leader_epoch(), 0);
    EXPECT_EQ(request.stop_replicas_req(0).table_bucket().table_id(), 0);
  }
  EXPECT_THAT(servers, ElementsAre(0, 1, 2));
  auto assignment = manager_->get_table_assignment(TableId(0));
  ASSERT_OK(assignment);
  EXPECT_FALSE(assignment->has_value());

  proto::TableExistsRequest exists;
  *exists.mutable_table_path() = pb_path("db", "t");
  EXPECT_FALSE(service_->table_exists(exists)->exists());
  EXPECT_THAT(drop_table("t"), StatusIsWith(ErrorCode::kTableNotExist, "db.t"));
  EXPECT_OK(drop_table("t", /*ignore_if_not_exists=*/true));
}

TEST_F(CoordinatorServiceTest, ListTablesAndExists) {
  ASSERT_OK(create_table("b", json_of(log_table())));
  ASSERT_OK(create_table("a", json_of(log_table())));
  proto::ListTablesRequest list;
  list.set_database_name("db");
  EXPECT_THAT(service_->list_tables(list)->table_name(), ElementsAre("a", "b"));
  list.set_database_name("nope");
  EXPECT_THAT(service_->list_tables(list), StatusIs(ErrorCode::kDatabaseNotExist));

  proto::TableExistsRequest exists;
  *exists.mutable_table_path() = pb_path("db", "a");
  EXPECT_TRUE(service_->table_exists(exists)->exists());
  *exists.mutable_table_path() = pb_path("db", "c");
  EXPECT_FALSE(service_->table_exists(exists)->exists());

  proto::GetTableInfoRequest get;
  *get.mutable_table_path() = pb_path("db", "c");
  EXPECT_THAT(service_->get_table_info(get), StatusIsWith(ErrorCode::kTableNotExist, "db.c"));
}

TEST_F(CoordinatorServiceTest, GetTableSchemaLatestAndById) {
  auto pk = TableDescriptor::builder();
  pk.schema(pk_schema()).distributed_by(2);
  ASSERT_OK(create_table("pk", json_of(pk)));
  proto::GetTableSchemaRequest request;
  *request.mutable_table_path() = pb_path("db", "pk");
  auto latest = service_->get_table_schema(request);
  ASSERT_OK(latest);
  EXPECT_EQ(latest->schema_id(), 1);
  auto schema = schema_from_json(latest->schema_json());
  ASSERT_OK(schema);
  EXPECT_EQ(*schema, pk_schema());

  request.set_schema_id(1);
  EXPECT_EQ(service_->get_table_schema(request)->schema_json(), latest->schema_json());
  request.set_schema_id(2);
  EXPECT_THAT(service_->get_table_schema(request), StatusIs(ErrorCode::kSchemaNotExist));
  *request.mutable_table_path() = pb_path("db", "nope");
  request.clear_schema_id();
  EXPECT_THAT(service_->get_table_schema(request), StatusIs(ErrorCode::kTableNotExist));

  // A PK table gets the PK defaults (fluss-wire.md §10.5).
  auto table = info("pk");
  ASSERT_OK(table);
  EXPECT_EQ(table->properties().get("table.kv.format-version"), "2");
}

// ---------------------------------------------------------------------------------------------
// Alter table.

TEST_F(CoordinatorServiceTest, AlterTableSetsAndResetsProperties) {
  ASSERT_OK(create_table("t", json_of(log_table().custom_property("owner", "ann"))));
  now_ = 5000;
  ASSERT_OK(alter("t", {{"table.log.ttl", "2 h"}, {"team", "infra"}}, {"owner"}));
  auto table = info("t");
  ASSERT_OK(table);
  EXPECT_EQ(table->properties().get("table.log.ttl"), "2 h");
  EXPECT_EQ(table->custom_properties().get("team"), "infra");
  EXPECT_FALSE(table->custom_properties().contains("owner"));
  EXPECT_EQ(table->modified_time_ms(), 5000);
  EXPECT_EQ(table->created_time_ms(), 1000);

  ASSERT_OK(alter("t", {}, {"table.log.ttl"}));
  EXPECT_FALSE(info("t")->properties().contains("table.log.ttl"));
}

TEST_F(CoordinatorServiceTest, AlterTableErrors) {
  ASSERT_OK(create_table("t", json_of(log_table())));
  EXPECT_THAT(alter("t", {{"table.log.format", "INDEXED"}}),
              StatusIsWith(ErrorCode::kInvalidAlterTableException, "'table.log.format'"));
  EXPECT_THAT(alter("t", {{"table.log.ttl", "soon"}}),
              StatusIsWith(ErrorCode::kInvalidConfigException, "table.log.ttl"));
  EXPECT_THAT(alter("t", {{"table.kv.standby-replica.enabled", "true"}}),
              StatusIs(ErrorCode::kInvalidAlterTableException));
  EXPECT_THAT(alter("t", {{"table.datalake.freshness", "1 min"}}),
              StatusIs(ErrorCode::kInvalidAlterTableException));
  EXPECT_THAT(alter("nope", {{"team", "x"}}), StatusIsWith(ErrorCode::kTableNotExist, "db.nope"));
  EXPECT_OK(alter("nope", {{"team", "x"}}, {}, /*ignore_if_not_exists=*/true));

  proto::AlterTableRequest request;
  *request.mutable_table_path() = pb_path("db", "t");
  request.set_ignore_if_not_exists(false);
  request.add_drop_columns()->set_column_name("b");
  EXPECT_THAT(service_->alter_table(request), StatusIs(ErrorCode::kInvalidAlterTableException));
  request.clear_drop_columns();
  proto::PbAlterConfig* change = request.add_config_changes();
  change->set_config_key("team");
  change->set_config_value("x");
  change->set_op_type(2);  // APPEND
  EXPECT_THAT(service_->alter_table(request), StatusIs(ErrorCode::kInvalidAlterTableException));
  // Nothing changed.
  EXPECT_FALSE(info("t")->custom_properties().contains("team"));
}

// ---------------------------------------------------------------------------------------------
// Partitions.

class PartitionedTableTest : public CoordinatorServiceTest {
 protected:
  void SetUp() override {
    CoordinatorServiceTest::SetUp();
    ASSERT_OK(create_table("pt", json_of(log_table(2).partitioned_by({"p"}))));
    notifier_.notified.clear();
  }

  Result<proto::ListPartitionInfosResponse> list(
      std::optional<proto::PbPartitionSpec> partial = std::nullopt) {
    proto::ListPartitionInfosRequest request;
    *request.mutable_table_path() = pb_path("db", "pt");
    if (partial) *request.mutable_partial_partition_spec() = *partial;
    return service_->list_partition_infos(request);
  }
};

TEST_F(PartitionedTableTest, PartitionedTableHasNoBucketsUntilAPartitionIsCreated) {
  auto response = metadata({"pt"});
  ASSERT_OK(response);
  EXPECT_EQ(response->table_metadata(0).bucket_metadata_size(), 0);
  EXPECT_THAT(list()->partitions_info(), IsEmpty());

  ASSERT_OK(create_partition("pt", spec({{"p", "2024"}})));
  auto listed = list();
  ASSERT_OK(listed);
  ASSERT_EQ(listed->partitions_info_size(), 1);
  const int64_t id = listed->partitions_info(0).partition_id();
  EXPECT_EQ(listed->partitions_info(0).partition_spec().partition_key_values(0).key(), "p");
  EXPECT_EQ(listed->partitions_info(0).partition_spec().partition_key_values(0).value(), "2024");

  // Both buckets were placed, led and announced with the partition in the path.
  ASSERT_EQ(notifier_.notified.size(), 2u);
  for (const auto& [server, request] : notifier_.notified) {
    for (const auto& bucket : request.notify_buckets_leader_req()) {
      EXPECT_EQ(bucket.physical_table_path().partition_name(), "2024");
      EXPECT_EQ(bucket.table_bucket().partition_id(), id);
    }
  }
  auto with_partition = metadata({"pt"}, {id});
  ASSERT_OK(with_partition);
  ASSERT_EQ(with_partition->partition_metadata_size(), 1);
  const proto::PbPartitionMetadata& partition = with_partition->partition_metadata(0);
  EXPECT_EQ(partition.partition_name(), "2024");
  EXPECT_EQ(partition.partition_id(), id);
  EXPECT_EQ(partition.table_id(), with_partition->table_metadata(0).table_id());
  ASSERT_EQ(partition.bucket_metadata_size(), 2);
  EXPECT_EQ(partition.bucket_metadata(0).leader_epoch(), 0);

  proto::MetadataRequest by_path;
  proto::PbPhysicalTablePath* physical = by_path.add_partitions_path();
  physical->set_database_name("db");
  physical->set_table_name("pt");
  physical->set_partition_name("2024");
  auto by_path_response = service_->get_metadata(by_path);
  ASSERT_OK(by_path_response);
  ASSERT_EQ(by_path_response->partition_metadata_size(), 1);
  EXPECT_EQ(by_path_response->partition_metadata(0).partition_id(), id);
  physical->set_partition_name("1999");
  EXPECT_THAT(service_->get_metadata(by_path), StatusIs(ErrorCode::kPartitionNotExists));
}

TEST_F(PartitionedTableTest, CreatePartitionErrors) {
  ASSERT_OK(create_partition("pt", spec({{"p", "a"}})));
  EXPECT_THAT(create_partition("pt", spec({{"p", "a"}})),
              StatusIsWith(ErrorCode::kPartitionAlreadyExists, "db.pt"));
  EXPECT_OK(create_partition("pt", spec({{"p", "a"}}), /*ignore_if_exists=*/true));
  EXPECT_THAT(create_partition("pt", spec({{"q", "a"}})),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
  EXPECT_THAT(create_partition("pt", spec({{"p", "a"}, {"q", "b"}})),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
  EXPECT_THAT(create_partition("pt", spec({{"p", "a b"}})),
              StatusIsWith(ErrorCode::kPartitionSpecInvalidException, "a b"));
  EXPECT_THAT(create_partition("nope", spec({{"p", "a"}})),
              StatusIsWith(ErrorCode::kTableNotExist, "db.nope"));
  ASSERT_OK(create_table("plain", json_of(log_table())));
  EXPECT_THAT(create_partition("plain", spec({{"p", "a"}})),
              StatusIsWith(ErrorCode::kTableNotPartitionedException, "db.plain"));
}

TEST_F(PartitionedTableTest, PartitionCountIsBounded) {
  options_.max_partition_num = 2;
  reopen();
  ASSERT_OK(create_partition("pt", spec({{"p", "a"}})));
  ASSERT_OK(create_partition("pt", spec({{"p", "b"}})));
  EXPECT_THAT(create_partition("pt", spec({{"p", "c"}})),
              StatusIs(ErrorCode::kPartitionMaxNumException));
}

TEST_F(PartitionedTableTest, DropPartitionStopsItsReplicas) {
  ASSERT_OK(create_partition("pt", spec({{"p", "a"}})));
  ASSERT_OK(create_partition("pt", spec({{"p", "b"}})));
  const int64_t id_a = list()->partitions_info(0).partition_id();
  ASSERT_OK(drop_partition("pt", spec({{"p", "a"}})));
  ASSERT_EQ(notifier_.stopped.size(), 2u);
  for (const auto& [server, request] : notifier_.stopped) {
    for (const auto& bucket : request.stop_replicas_req()) {
      EXPECT_EQ(bucket.table_bucket().partition_id(), id_a);
      EXPECT_TRUE(bucket.delete_());
    }
  }
  auto assignment = manager_->get_partition_assignment(PartitionId(id_a));
  ASSERT_OK(assignment);
  EXPECT_FALSE(assignment->has_value());
  ASSERT_EQ(list()->partitions_info_size(), 1);
  EXPECT_EQ(list()->partitions_info(0).partition_spec().partition_key_values(0).value(), "b");

  EXPECT_THAT(drop_partition("pt", spec({{"p", "a"}})), StatusIs(ErrorCode::kPartitionNotExists));
  EXPECT_OK(drop_partition("pt", spec({{"p", "a"}}), /*ignore_if_not_exists=*/true));
  EXPECT_THAT(metadata({"pt"}, {id_a}), StatusIs(ErrorCode::kPartitionNotExists));

  // Dropping the table stops the remaining partition's buckets.
  notifier_.stopped.clear();
  ASSERT_OK(drop_table("pt"));
  EXPECT_EQ(notifier_.stopped.size(), 2u);
}

TEST_F(PartitionedTableTest, ListPartitionInfosFiltersByPartialSpec) {
  ASSERT_OK(create_table("two", json_of(log_table(1).partitioned_by({"b", "p"}))));
  proto::CreatePartitionRequest request;
  for (auto [b, p] : {std::pair("x", "1"), std::pair("x", "2"), std::pair("y", "1")}) {
    *request.mutable_table_path() = pb_path("db", "two");
    *request.mutable_partition_spec() = spec({{"p", p}, {"b", b}});
    request.set_ignore_if_not_exists(false);
    ASSERT_OK(service_->create_partition(request));
  }
  proto::ListPartitionInfosRequest list;
  *list.mutable_table_path() = pb_path("db", "two");
  EXPECT_EQ(service_->list_partition_infos(list)->partitions_info_size(), 3);
  *list.mutable_partial_partition_spec() = spec({{"b", "x"}});
  auto filtered = service_->list_partition_infos(list);
  ASSERT_OK(filtered);
  ASSERT_EQ(filtered->partitions_info_size(), 2);
  for (const auto& partition : filtered->partitions_info()) {
    EXPECT_EQ(partition.partition_spec().partition_key_values(0).key(), "b");
    EXPECT_EQ(partition.partition_spec().partition_key_values(0).value(), "x");
  }
  *list.mutable_partial_partition_spec() = spec({{"zz", "x"}});
  EXPECT_THAT(service_->list_partition_infos(list),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
}

// ---------------------------------------------------------------------------------------------
// Metadata, writers, restart.

TEST_F(CoordinatorServiceTest, GetMetadataListsServers) {
  auto response = metadata({});
  ASSERT_OK(response);
  EXPECT_EQ(response->coordinator_server().node_id(), 7);
  EXPECT_EQ(response->coordinator_server().host(), "coord");
  EXPECT_EQ(response->coordinator_server().port(), 9123);
  ASSERT_EQ(response->tablet_servers_size(), 3);
  for (int i = 0; i < 3; ++i) {
    const proto::PbServerNode& node = response->tablet_servers(i);
    EXPECT_EQ(node.node_id(), i);
    EXPECT_EQ(node.host(), fmt::format("host{}", i));  // the CLIENT listener
    EXPECT_EQ(node.port(), 9124 + i);
    EXPECT_FALSE(node.has_listeners());
    EXPECT_EQ(node.has_rack(), i == 1);
  }
  EXPECT_EQ(response->table_metadata_size(), 0);
  EXPECT_THAT(metadata({"nope"}), StatusIsWith(ErrorCode::kTableNotExist, "db.nope"));
  EXPECT_THAT(metadata({}, {42}), StatusIs(ErrorCode::kPartitionNotExists));
}

TEST_F(CoordinatorServiceTest, InitWriterIdsIncreaseAndSurviveRestart) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto response = service_->init_writer(proto::InitWriterRequest());
    ASSERT_OK(response);
    ids.push_back(response->writer_id());
  }
  EXPECT_THAT(ids, ElementsAre(0, 1, 2));
  reopen();
  auto after = service_->init_writer(proto::InitWriterRequest());
  ASSERT_OK(after);
  EXPECT_EQ(after->writer_id(), 3);
}

TEST_F(CoordinatorServiceTest, RestartKeepsTablesPartitionsAndPlacement) {
  ASSERT_OK(create_table("t", json_of(log_table(3).property("table.replication.factor", "2"))));
  ASSERT_OK(create_table("pt", json_of(log_table(2).partitioned_by({"p"}))));
  ASSERT_OK(create_partition("pt", spec({{"p", "x"}})));
  auto before = metadata({"t", "pt"});
  ASSERT_OK(before);
  auto table_before = info("t");
  ASSERT_OK(table_before);

  reopen();
  auto after = metadata({"t", "pt"});
  ASSERT_OK(after);
  EXPECT_EQ(after->SerializeAsString(), before->SerializeAsString());
  EXPECT_EQ(*info("t"), *table_before);
  proto::ListPartitionInfosRequest list;
  *list.mutable_table_path() = pb_path("db", "pt");
  EXPECT_EQ(service_->list_partition_infos(list)->partitions_info_size(), 1);
  // Ids continue after the restart.
  ASSERT_OK(create_table("t2", json_of(log_table())));
  EXPECT_EQ(info("t2")->table_id(), TableId(2));
}

TEST_F(CoordinatorServiceTest, RecoverTellsEveryReplicaWhatItLeads) {
  ASSERT_OK(create_table("t", json_of(log_table(3).property("table.replication.factor", "2"))));
  ASSERT_OK(create_table("pt", json_of(log_table(2).partitioned_by({"p"}))));
  ASSERT_OK(create_partition("pt", spec({{"p", "x"}})));
  auto before = metadata({"t", "pt"}, {0});
  ASSERT_OK(before);
  reopen();
  notifier_.notified.clear();
  ASSERT_OK(service_->recover());
  // Nothing changed in the store...
  auto after = metadata({"t", "pt"}, {0});
  ASSERT_OK(after);
  EXPECT_EQ(after->SerializeAsString(), before->SerializeAsString());
  // ...and every replica of every bucket heard of it: 3 x 2 + 2 x 1 bucket replicas.
  int buckets = 0;
  for (const auto& [server, request] : notifier_.notified) {
    for (const auto& bucket : request.notify_buckets_leader_req()) {
      ++buckets;
      EXPECT_THAT(bucket.replicas(), ::testing::Contains(server.value()));
      EXPECT_EQ(bucket.leader(), bucket.replicas(0));
    }
  }
  EXPECT_EQ(buckets, 8);
}

TEST_F(CoordinatorServiceTest, RecoverCompletesATableCreationCutShort) {
  // A crash after the table was registered, before its assignment was written.
  TableRegistration registration{.bucket_count = 2,
                                 .properties = {{"table.replication.factor", "1"}},
                                 .created_time_ms = 1,
                                 .modified_time_ms = 1};
  auto id = manager_->create_table({"db", "cut"}, registration, log_schema());
  ASSERT_OK(id);
  // And one whose assignment exists but whose leaders were not all written.
  ASSERT_OK(create_table("half", json_of(log_table(2))));
  const TableId half = info("half")->table_id();
  ASSERT_OK(manager_->delete_table_assignment(half));
  ASSERT_OK(manager_->set_table_assignment(
      half, TableAssignment{.buckets = {{0, BucketAssignment{{1}}}, {1, BucketAssignment{{2}}}}}));
  ASSERT_OK(manager_->create_leader_and_isr(
      TableBucket(half, BucketId(0)),
      LeaderAndIsr{.leader = ServerId(1), .leader_epoch = LeaderEpoch(4), .isr = {1}}));

  ASSERT_OK(service_->recover());
  auto response = metadata({"cut", "half"});
  ASSERT_OK(response);
  ASSERT_EQ(response->table_metadata(0).bucket_metadata_size(), 2);
  for (const auto& bucket : response->table_metadata(0).bucket_metadata()) {
    EXPECT_TRUE(bucket.has_leader_id());
    EXPECT_EQ(bucket.leader_epoch(), 0);
  }
  const auto& half_buckets = response->table_metadata(1).bucket_metadata();
  ASSERT_EQ(half_buckets.size(), 2);
  EXPECT_EQ(half_buckets[0].leader_id(), 1);
  EXPECT_EQ(half_buckets[0].leader_epoch(), 4);  // kept
  EXPECT_EQ(half_buckets[1].leader_id(), 2);
  EXPECT_EQ(half_buckets[1].leader_epoch(), 0);  // created
}

TEST_F(CoordinatorServiceTest, RecoverReportsATableItCannotPlaceAndGoesOn) {
  TableRegistration registration{.bucket_count = 1,
                                 .properties = {{"table.replication.factor", "5"}},
                                 .created_time_ms = 1,
                                 .modified_time_ms = 1};
  ASSERT_OK(manager_->create_table({"db", "a_unplaceable"}, registration, log_schema()));
  ASSERT_OK(create_table("b", json_of(log_table(1))));
  notifier_.notified.clear();
  EXPECT_THAT(service_->recover(),
              StatusIsWith(ErrorCode::kInvalidReplicationFactor, "db.a_unplaceable"));
  EXPECT_EQ(notifier_.notified.size(), 1u);  // table b's bucket
}

TEST_F(CoordinatorServiceTest, ConcurrentCreatesGetDistinctIds) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back(
        [this, i] { EXPECT_OK(create_table(fmt::format("t{}", i), json_of(log_table(1)))); });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<int64_t> ids;
  for (int i = 0; i < 4; ++i) ids.insert(info(fmt::format("t{}", i))->table_id().value());
  EXPECT_EQ(ids.size(), 4u);
}

// Tablet-server liveness: a server that unregisters leaves its buckets without a
// leader (-1, epoch + 1, as Java's OfflineReplica); when it registers again it
// leads them again (epoch + 1) and hears of every bucket it holds.
TEST_F(CoordinatorServiceTest, ATabletServerThatGoesAndComesBackLeadsItsBucketsAgain) {
  ASSERT_OK(create_table("t", json_of(log_table(3))));
  ASSERT_OK(service_->recover());
  notifier_.notified.clear();
  const std::vector<ServerId> all = {ServerId(0), ServerId(1), ServerId(2)};
  ASSERT_OK(service_->tablet_servers_changed(all));
  EXPECT_THAT(notifier_.notified, IsEmpty());  // nothing changed

  ASSERT_OK(manager_->unregister_tablet_server(ServerId(1)));
  ASSERT_OK(service_->tablet_servers_changed({ServerId(0), ServerId(2)}));
  EXPECT_THAT(notifier_.notified, IsEmpty());  // its only replica is gone
  auto offline = metadata({"t"});
  ASSERT_OK(offline);
  int leaderless = 0;
  for (const auto& bucket : offline->table_metadata(0).bucket_metadata()) {
    if (bucket.replica_id(0) == 1) {
      EXPECT_FALSE(bucket.has_leader_id());
      ++leaderless;
    } else {
      EXPECT_TRUE(bucket.has_leader_id());
    }
  }
  EXPECT_EQ(leaderless, 1);

  ASSERT_OK(manager_->register_tablet_server(
      ServerId(1),
      TabletServerRegistration{.listeners = "CLIENT://host1:9125", .register_timestamp_ms = 2}));
  ASSERT_OK(service_->tablet_servers_changed(all));
  ASSERT_EQ(notifier_.notified.size(), 1u);
  EXPECT_EQ(notifier_.notified[0].first, ServerId(1));
  ASSERT_EQ(notifier_.notified[0].second.notify_buckets_leader_req_size(), 1);
  const auto& back = notifier_.notified[0].second.notify_buckets_leader_req(0);
  EXPECT_EQ(back.leader(), 1);
  EXPECT_EQ(back.leader_epoch(), 2);  // -1 at epoch 1, then 1 at epoch 2
  auto online = metadata({"t"});
  ASSERT_OK(online);
  for (const auto& bucket : online->table_metadata(0).bucket_metadata()) {
    EXPECT_EQ(bucket.leader_id(), bucket.replica_id(0));
  }
}

TEST_F(CoordinatorServiceTest, ARestartBetweenTwoWatchEventsIsSeenByItsNewRegistration) {
  ASSERT_OK(create_table("t", json_of(log_table(3))));
  ASSERT_OK(service_->recover());
  notifier_.notified.clear();
  ASSERT_OK(manager_->register_tablet_server(
      ServerId(2),
      TabletServerRegistration{.listeners = "CLIENT://host2:9126", .register_timestamp_ms = 5}));
  ASSERT_OK(service_->tablet_servers_changed({ServerId(0), ServerId(1), ServerId(2)}));
  ASSERT_EQ(notifier_.notified.size(), 1u);
  EXPECT_EQ(notifier_.notified[0].first, ServerId(2));
  EXPECT_EQ(notifier_.notified[0].second.notify_buckets_leader_req(0).leader_epoch(), 0);
}

TEST_F(CoordinatorServiceTest, RecoverMovesLeadershipOffAnUnregisteredServer) {
  ASSERT_OK(create_table("t", json_of(log_table(1).property("table.replication.factor", "2"))));
  auto before = metadata({"t"});
  ASSERT_OK(before);
  const int32_t leader = before->table_metadata(0).bucket_metadata(0).leader_id();
  const int32_t follower = before->table_metadata(0).bucket_metadata(0).replica_id(1);
  ASSERT_OK(manager_->unregister_tablet_server(ServerId(leader)));
  reopen();
  ASSERT_OK(service_->recover());
  auto after = metadata({"t"});
  ASSERT_OK(after);
  EXPECT_EQ(after->table_metadata(0).bucket_metadata(0).leader_id(), follower);
  EXPECT_EQ(after->table_metadata(0).bucket_metadata(0).leader_epoch(), 1);
}

}  // namespace
}  // namespace fluss::server
