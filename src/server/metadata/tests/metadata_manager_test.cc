// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/metadata_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "model/json_serde.h"
#include "server/metadata/embedded_metadata_store.h"
#include "storage/fs/mem_file_system.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {
namespace {

using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Schema test_schema(const char* second = "b") {
  auto schema = Schema::builder()
                    .column("a", DataType::int_())
                    .column(second, DataType::string())
                    .primary_key({"a"})
                    .build();
  EXPECT_OK(schema);
  return std::move(schema).value();
}

TableRegistration test_table(std::vector<std::string> partition_keys = {}) {
  return TableRegistration{.comment = "c",
                           .partition_keys = std::move(partition_keys),
                           .bucket_keys = {"a"},
                           .bucket_count = 3,
                           .properties = {{"table.replication.factor", "1"}},
                           .remote_data_dir = "/remote",
                           .created_time_ms = 10,
                           .modified_time_ms = 10};
}

class MetadataManagerTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    manager_.reset();
    store_.reset();
    auto opened = EmbeddedMetadataStore::open(fs_, {.dir = "/d/metadata", .lock = DirLock::kNone});
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
    manager_ = std::make_unique<MetadataManager>(*store_);
  }

  storage::MemFileSystem fs_;
  std::unique_ptr<EmbeddedMetadataStore> store_;
  std::unique_ptr<MetadataManager> manager_;
};

TEST_F(MetadataManagerTest, DatabasesRoundTripAndReportErrors) {
  EXPECT_THAT(*manager_->list_databases(), IsEmpty());
  DatabaseDescriptor descriptor{.comment = "first", .custom_properties = {{"k", "v"}}};
  ASSERT_OK(manager_->create_database("db1", descriptor, 100));
  ASSERT_OK(manager_->create_database("db0", {}, 200));
  EXPECT_THAT(manager_->create_database("db1", {}, 1),
              StatusIsWith(ErrorCode::kDatabaseAlreadyExist, "db1"));
  reopen();
  EXPECT_THAT(*manager_->list_databases(), ElementsAre("db0", "db1"));
  EXPECT_TRUE(*manager_->database_exists("db1"));
  EXPECT_FALSE(*manager_->database_exists("nope"));
  auto info = manager_->get_database("db1");
  ASSERT_OK(info);
  EXPECT_EQ(*info, (DatabaseInfo{.database_name = "db1",
                                 .descriptor = descriptor,
                                 .created_time_ms = 100,
                                 .modified_time_ms = 100}));
  EXPECT_THAT(manager_->get_database("nope"), StatusIsWith(ErrorCode::kDatabaseNotExist, "nope"));

  ASSERT_OK(manager_->create_table({"db1", "t"}, test_table(), test_schema()));
  EXPECT_THAT(manager_->drop_database("db1", DropDatabaseMode::kRestrict),
              StatusIsWith(ErrorCode::kDatabaseNotEmpty, "db1"));
  ASSERT_OK(manager_->drop_database("db1", DropDatabaseMode::kCascade));
  ASSERT_OK(manager_->drop_database("db0", DropDatabaseMode::kRestrict));
  EXPECT_THAT(manager_->drop_database("db0", DropDatabaseMode::kRestrict),
              StatusIs(ErrorCode::kDatabaseNotExist));
  EXPECT_THAT(*manager_->list_databases(), IsEmpty());
}

TEST_F(MetadataManagerTest, TablesAndSchemasRoundTrip) {
  const TablePath path{"db", "t"};
  EXPECT_THAT(manager_->create_table(path, test_table(), test_schema()),
              StatusIsWith(ErrorCode::kDatabaseNotExist, "db"));
  ASSERT_OK(manager_->create_database("db", {}, 1));
  auto id = manager_->create_table(path, test_table(), test_schema());
  ASSERT_OK(id);
  EXPECT_EQ(*id, TableId(0));
  EXPECT_THAT(manager_->create_table(path, test_table(), test_schema()),
              StatusIsWith(ErrorCode::kTableAlreadyExist, "db.t"));
  auto second = manager_->create_table({"db", "u"}, test_table(), test_schema());
  ASSERT_OK(second);
  EXPECT_EQ(*second, TableId(1));
  reopen();

  EXPECT_THAT(*manager_->list_tables("db"), ElementsAre("t", "u"));
  EXPECT_THAT(manager_->list_tables("nope"), StatusIs(ErrorCode::kDatabaseNotExist));
  auto table = manager_->get_table(path);
  ASSERT_OK(table);
  TableRegistration expected = test_table();
  expected.table_id = TableId(0);
  EXPECT_EQ(*table, expected);
  auto latest = manager_->get_latest_schema(path);
  ASSERT_OK(latest);
  EXPECT_EQ(latest->schema_id, SchemaId(1));
  EXPECT_EQ(latest->schema, test_schema());

  auto v2 = manager_->register_schema(path, test_schema("b2"));
  ASSERT_OK(v2);
  EXPECT_EQ(*v2, SchemaId(2));
  EXPECT_EQ(manager_->get_latest_schema(path)->schema, test_schema("b2"));
  EXPECT_EQ(manager_->get_schema(path, SchemaId(1))->schema, test_schema());
  EXPECT_THAT(manager_->get_schema(path, SchemaId(7)),
              StatusIsWith(ErrorCode::kSchemaNotExist, "db.t"));
  EXPECT_THAT(manager_->get_schema({"db", "x"}, SchemaId(1)), StatusIs(ErrorCode::kTableNotExist));

  auto altered = manager_->alter_table_properties(path, {{"table.log.ttl", "1d"}},
                                                  {"table.replication.factor"}, 99);
  ASSERT_OK(altered);
  reopen();
  table = manager_->get_table(path);
  ASSERT_OK(table);
  EXPECT_EQ(table->properties, (Properties{{"table.log.ttl", "1d"}}));
  EXPECT_EQ(table->modified_time_ms, 99);
  EXPECT_THAT(manager_->alter_table_properties({"db", "x"}, {}, {}, 1),
              StatusIs(ErrorCode::kTableNotExist));

  auto updated = manager_->update_table_properties(path, {{"table.log.ttl", "2d"}},
                                                   {{"owner", "ann"}}, 100);
  ASSERT_OK(updated);
  reopen();
  table = manager_->get_table(path);
  ASSERT_OK(table);
  EXPECT_EQ(table->properties, (Properties{{"table.log.ttl", "2d"}}));
  EXPECT_EQ(table->custom_properties, (Properties{{"owner", "ann"}}));
  EXPECT_EQ(table->modified_time_ms, 100);
  EXPECT_THAT(manager_->update_table_properties({"db", "x"}, {}, {}, 1),
              StatusIs(ErrorCode::kTableNotExist));

  ASSERT_OK(manager_->drop_table(path));
  EXPECT_THAT(manager_->drop_table(path), StatusIsWith(ErrorCode::kTableNotExist, "db.t"));
  EXPECT_THAT(manager_->get_table(path), StatusIs(ErrorCode::kTableNotExist));
  EXPECT_FALSE(*manager_->table_exists(path));
  EXPECT_THAT(*manager_->list_tables("db"), ElementsAre("u"));
}

TEST_F(MetadataManagerTest, PartitionsRoundTrip) {
  ASSERT_OK(manager_->create_database("db", {}, 1));
  const TablePath plain{"db", "plain"};
  const TablePath parted{"db", "parted"};
  ASSERT_OK(manager_->create_table(plain, test_table(), test_schema()));
  auto table_id = manager_->create_table(parted, test_table({"b"}), test_schema());
  ASSERT_OK(table_id);
  EXPECT_THAT(manager_->create_partition(plain, "x"),
              StatusIs(ErrorCode::kTableNotPartitionedException));
  EXPECT_THAT(manager_->create_partition({"db", "none"}, "x"), StatusIs(ErrorCode::kTableNotExist));
  EXPECT_THAT(*manager_->list_partitions(parted), IsEmpty());
  auto p1 = manager_->create_partition(parted, "2024");
  auto p2 = manager_->create_partition(parted, "2025");
  ASSERT_OK(p1);
  ASSERT_OK(p2);
  EXPECT_EQ(*p1, (PartitionRegistration{.table_id = *table_id,
                                        .partition_id = PartitionId(0),
                                        .remote_data_dir = "/remote"}));
  EXPECT_EQ(p2->partition_id, PartitionId(1));
  EXPECT_THAT(manager_->create_partition(parted, "2024"),
              StatusIsWith(ErrorCode::kPartitionAlreadyExists, "2024"));
  reopen();
  EXPECT_THAT(*manager_->list_partitions(parted), ElementsAre("2024", "2025"));
  EXPECT_EQ(*manager_->get_partition(parted, "2025"), *p2);
  ASSERT_OK(manager_->drop_partition(parted, "2024"));
  EXPECT_THAT(manager_->drop_partition(parted, "2024"),
              StatusIsWith(ErrorCode::kPartitionNotExists, "2024"));
  EXPECT_THAT(manager_->get_partition(parted, "2024"), StatusIs(ErrorCode::kPartitionNotExists));
  EXPECT_THAT(manager_->list_partitions({"db", "none"}), StatusIs(ErrorCode::kTableNotExist));
}

TEST_F(MetadataManagerTest, IdCountersSurviveRestartAndUseCuratorsFormat) {
  EXPECT_EQ(*manager_->allocate_writer_ids(), WriterId(0));
  EXPECT_EQ(*manager_->allocate_writer_ids(10), WriterId(1));
  EXPECT_EQ(*manager_->next_partition_id(), PartitionId(0));
  reopen();
  EXPECT_EQ(*manager_->allocate_writer_ids(), WriterId(11));
  EXPECT_EQ(*manager_->next_table_id(), TableId(0));
  EXPECT_EQ(*manager_->next_table_id(), TableId(1));
  EXPECT_EQ(*manager_->next_partition_id(), PartitionId(1));
  EXPECT_THAT(manager_->allocate_writer_ids(0), StatusIs(ErrorCode::kInvalidConfigException));
  auto raw = store_->get("/metadata/writer_id");
  ASSERT_OK(raw);
  EXPECT_EQ((*raw)->data, std::string("\0\0\0\0\0\0\0\x0c", 8));
}

TEST_F(MetadataManagerTest, AssignmentsAndLeaderAndIsrRoundTrip) {
  TableAssignment assignment{.buckets = {{0, {{1}}}, {1, {{1, 2}}}}};
  ASSERT_OK(manager_->set_table_assignment(TableId(5), assignment));
  PartitionAssignment partition{.table_id = TableId(5), .buckets = {{0, {{3}}}}};
  ASSERT_OK(manager_->set_partition_assignment(PartitionId(8), partition));

  const TableBucket bucket(TableId(5), BucketId(1));
  const TableBucket partition_bucket(TableId(5), PartitionId(8), BucketId(0));
  LeaderAndIsr lai{.leader = ServerId(1),
                   .leader_epoch = LeaderEpoch(0),
                   .isr = {1, 2},
                   .coordinator_epoch = 3,
                   .bucket_epoch = 0};
  ASSERT_OK(manager_->create_leader_and_isr(bucket, lai));
  ASSERT_OK(manager_->create_leader_and_isr(partition_bucket, lai));
  EXPECT_THAT(manager_->create_leader_and_isr(bucket, lai), StatusIs(ErrorCode::kNodeExists));
  LeaderAndIsr next = lai;
  next.leader_epoch = LeaderEpoch(1);
  auto v = manager_->update_leader_and_isr(bucket, next, 0);
  ASSERT_OK(v);
  EXPECT_EQ(*v, 1);
  EXPECT_THAT(manager_->update_leader_and_isr(bucket, next, 0), StatusIs(ErrorCode::kBadVersion));
  reopen();

  EXPECT_EQ(*manager_->get_table_assignment(TableId(5)), assignment);
  EXPECT_EQ(*manager_->get_partition_assignment(PartitionId(8)), partition);
  EXPECT_FALSE(manager_->get_table_assignment(TableId(6))->has_value());
  auto got = manager_->get_leader_and_isr(bucket);
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->leader_and_isr, next);
  EXPECT_EQ((*got)->version, 1);
  EXPECT_TRUE(*store_->exists("/tabletservers/partitions/8/buckets/0/leader_isr"));

  ASSERT_OK(manager_->delete_table_assignment(TableId(5)));
  EXPECT_FALSE(manager_->get_leader_and_isr(bucket)->has_value());
  ASSERT_OK(manager_->delete_table_assignment(TableId(5)));
  ASSERT_OK(manager_->delete_partition_assignment(PartitionId(8)));
  EXPECT_FALSE(manager_->get_leader_and_isr(partition_bucket)->has_value());
}

TEST_F(MetadataManagerTest, TabletServersRegisterAndReRegister) {
  TabletServerRegistration reg{.listeners = "CLIENT://127.0.0.1:9123", .register_timestamp_ms = 5};
  ASSERT_OK(manager_->register_tablet_server(ServerId(2), reg));
  ASSERT_OK(manager_->register_tablet_server(ServerId(0), reg));
  reg.register_timestamp_ms = 6;
  ASSERT_OK(manager_->register_tablet_server(ServerId(2), reg));
  reopen();
  EXPECT_THAT(*manager_->list_tablet_servers(), ElementsAre(ServerId(0), ServerId(2)));
  EXPECT_EQ(**manager_->get_tablet_server(ServerId(2)), reg);
  ASSERT_OK(manager_->unregister_tablet_server(ServerId(2)));
  EXPECT_THAT(manager_->unregister_tablet_server(ServerId(2)),
              StatusIs(ErrorCode::kServerNotExistException));
  EXPECT_FALSE(manager_->get_tablet_server(ServerId(2))->has_value());
}

TEST_F(MetadataManagerTest, CorruptDocumentsAreErrorsNamingTheNode) {
  ASSERT_OK(
      store_->create("/metadata/databases/bad", "{not json", {.parents = CreateParents::kYes}));
  EXPECT_THAT(manager_->get_database("bad"),
              StatusIsWith(ErrorCode::kStorageException, "/metadata/databases/bad"));
  ASSERT_OK(store_->create("/metadata/databases/bad/tables/t", "{\"table_id\":\"x\"}",
                           {.parents = CreateParents::kYes}));
  EXPECT_THAT(manager_->get_table({"bad", "t"}),
              StatusIsWith(ErrorCode::kStorageException, "table_id"));
  ASSERT_OK(store_->create("/metadata/writer_id", "abc"));
  EXPECT_THAT(manager_->allocate_writer_ids(),
              StatusIsWith(ErrorCode::kStorageException, "writer_id"));
}

TEST_F(MetadataManagerTest, ConcurrentWriterIdAllocationsAreDistinct) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::vector<int64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto id = manager_->allocate_writer_ids(2);
        ASSERT_OK(id);
        got[t].push_back(id->value());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<int64_t> all;
  for (const auto& ids : got) all.insert(ids.begin(), ids.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 0);
  EXPECT_EQ(*all.rbegin(), 2 * (kThreads * kPerThread - 1));
  reopen();
  EXPECT_EQ(*manager_->allocate_writer_ids(), WriterId(2 * kThreads * kPerThread));
}

TEST(ZkDataTest, InternalStoreCodesHaveNames) {
  EXPECT_EQ(error_name(ErrorCode::kNodeExists), "NODE_EXISTS");
  EXPECT_EQ(error_name(ErrorCode::kNoNode), "NO_NODE");
  EXPECT_EQ(error_name(ErrorCode::kBadVersion), "BAD_VERSION");
  EXPECT_EQ(error_name(ErrorCode::kNotEmpty), "NOT_EMPTY");
  EXPECT_FALSE(is_retriable(ErrorCode::kBadVersion));
}

// Java's JSON, byte for byte (from the Java serializers' field order).
TEST(ZkDataTest, DocumentsMatchJava) {
  EXPECT_EQ(
      to_json(DatabaseRegistration{.comment = "c",
                                   .custom_properties = {{"k", "v"}},
                                   .created_time_ms = 1,
                                   .modified_time_ms = 2}),
      R"({"version":1,"comment":"c","custom_properties":{"k":"v"},"created_time":1,"modified_time":2})");
  EXPECT_EQ(
      to_json(test_table({"p"})),
      R"({"version":1,"table_id":-1,"comment":"c","partition_key":["p"],"bucket_key":["a"],)"
      R"("bucket_count":3,"properties":{"table.replication.factor":"1"},"custom_properties":{},)"
      R"("remote_data_dir":"/remote","created_time":10,"modified_time":10})");
  EXPECT_EQ(to_json(PartitionRegistration{.table_id = TableId(1), .partition_id = PartitionId(2)}),
            R"({"version":1,"table_id":1,"partition_id":2})");
  EXPECT_EQ(to_json(TableAssignment{.buckets = {{0, {{1, 2}}}, {1, {{2}}}}}),
            R"({"version":1,"buckets":{"0":[1,2],"1":[2]}})");
  EXPECT_EQ(to_json(PartitionAssignment{.table_id = TableId(3), .buckets = {{0, {{1}}}}}),
            R"({"version":1,"table_id":3,"buckets":{"0":[1]}})");
  EXPECT_EQ(to_json(LeaderAndIsr{.leader = ServerId(1),
                                 .leader_epoch = LeaderEpoch(2),
                                 .isr = {1, 2},
                                 .coordinator_epoch = 3,
                                 .bucket_epoch = 4}),
            R"({"version":2,"leader":1,"leader_epoch":2,"isr":[1,2],"coordinator_epoch":3,)"
            R"("bucket_epoch":4,"standby_replicas":[]})");
  EXPECT_EQ(to_json(TabletServerRegistration{.listeners = "CLIENT://h:1",
                                             .register_timestamp_ms = 7,
                                             .rack = "r1",
                                             .cpu_cores = 4.0,
                                             .memory_bytes = 1024}),
            R"({"version":4,"listeners":"CLIENT://h:1","register_timestamp":7,"rack":"r1",)"
            R"("cpu_cores":4.0,"memory_bytes":1024})");
}

TEST(ZkDataTest, ReadsOlderJavaVersions) {
  auto lai = leader_and_isr_from_json(
      R"({"version":1,"leader":1,"leader_epoch":2,"isr":[1],"coordinator_epoch":3,"bucket_epoch":4})");
  ASSERT_OK(lai);
  EXPECT_THAT(lai->standby_replicas, IsEmpty());
  auto server = tablet_server_registration_from_json(
      R"({"version":1,"host":"h","port":9,"register_timestamp":3})");
  ASSERT_OK(server);
  EXPECT_EQ(server->listeners, "CLIENT://h:9");
  auto table = table_registration_from_json(
      R"({"version":1,"table_id":4,"bucket_count":1,"properties":{"n":1},"custom_properties":{},)"
      R"("created_time":1,"modified_time":1})");
  ASSERT_OK(table);
  EXPECT_EQ(table->properties, (Properties{{"n", "1"}}));
  EXPECT_FALSE(table->remote_data_dir.has_value());
  for (const char* bad : {"", "[]", "{", R"({"version":1})", R"({"buckets":{"x":[1]}})",
                          R"({"buckets":{"0":["a"]}})"}) {
    EXPECT_THAT(table_assignment_from_json(bad), StatusIs(ErrorCode::kStorageException)) << bad;
  }
}

}  // namespace
}  // namespace fluss::server
