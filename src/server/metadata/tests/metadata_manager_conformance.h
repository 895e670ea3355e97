// SPDX-License-Identifier: Apache-2.0
// MetadataManager's round trips over any MetadataStore, as a typed gtest suite
// instantiated with the same environment types as metadata_store_conformance.h:
//
//   INSTANTIATE_TYPED_TEST_SUITE_P(Embedded, MetadataManagerConformanceTest, EmbeddedEnv);
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "model/data_type.h"
#include "server/metadata/metadata_manager.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {

namespace manager_conformance {
using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

inline Schema test_schema(const char* second = "b") {
  auto schema = Schema::builder()
                    .column("a", DataType::int_())
                    .column(second, DataType::string())
                    .primary_key({"a"})
                    .build();
  EXPECT_OK(schema);
  return std::move(schema).value();
}

inline TableRegistration test_table(std::vector<std::string> partition_keys = {}) {
  return TableRegistration{.comment = "c",
                           .partition_keys = std::move(partition_keys),
                           .bucket_keys = {"a"},
                           .bucket_count = 3,
                           .properties = {{"table.replication.factor", "1"}},
                           .remote_data_dir = "/remote",
                           .created_time_ms = 10,
                           .modified_time_ms = 10};
}

}  // namespace manager_conformance

template <typename Env>
class MetadataManagerConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    manager_.reset();
    store_.reset();
    auto opened = env_.open();
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
    manager_ = std::make_unique<MetadataManager>(*store_);
  }

  std::string data_of_epoch() {
    auto got = store_->get(std::string(zk_paths::kCoordinatorEpoch));
    EXPECT_OK(got);
    return got.ok() && got->has_value() ? (*got)->data : "<missing>";
  }

  Env env_;
  std::unique_ptr<MetadataStore> store_;
  std::unique_ptr<MetadataManager> manager_;
};

TYPED_TEST_SUITE_P(MetadataManagerConformanceTest);

using namespace manager_conformance;  // NOLINT: the bodies below read as the original tests

TYPED_TEST_P(MetadataManagerConformanceTest, DatabasesRoundTripAndReportErrors) {
  EXPECT_THAT(*this->manager_->list_databases(), IsEmpty());
  DatabaseDescriptor descriptor{.comment = "first", .custom_properties = {{"k", "v"}}};
  ASSERT_OK(this->manager_->create_database("db1", descriptor, 100));
  ASSERT_OK(this->manager_->create_database("db0", {}, 200));
  EXPECT_THAT(this->manager_->create_database("db1", {}, 1),
              StatusIsWith(ErrorCode::kDatabaseAlreadyExist, "db1"));
  this->reopen();
  EXPECT_THAT(*this->manager_->list_databases(), ElementsAre("db0", "db1"));
  EXPECT_TRUE(*this->manager_->database_exists("db1"));
  EXPECT_FALSE(*this->manager_->database_exists("nope"));
  auto info = this->manager_->get_database("db1");
  ASSERT_OK(info);
  EXPECT_EQ(*info, (DatabaseInfo{.database_name = "db1",
                                 .descriptor = descriptor,
                                 .created_time_ms = 100,
                                 .modified_time_ms = 100}));
  EXPECT_THAT(this->manager_->get_database("nope"),
              StatusIsWith(ErrorCode::kDatabaseNotExist, "nope"));

  ASSERT_OK(this->manager_->create_table({"db1", "t"}, test_table(), test_schema()));
  EXPECT_THAT(this->manager_->drop_database("db1", DropDatabaseMode::kRestrict),
              StatusIsWith(ErrorCode::kDatabaseNotEmpty, "db1"));
  ASSERT_OK(this->manager_->drop_database("db1", DropDatabaseMode::kCascade));
  ASSERT_OK(this->manager_->drop_database("db0", DropDatabaseMode::kRestrict));
  EXPECT_THAT(this->manager_->drop_database("db0", DropDatabaseMode::kRestrict),
              StatusIs(ErrorCode::kDatabaseNotExist));
  EXPECT_THAT(*this->manager_->list_databases(), IsEmpty());
}

TYPED_TEST_P(MetadataManagerConformanceTest, TablesAndSchemasRoundTrip) {
  const TablePath path{"db", "t"};
  EXPECT_THAT(this->manager_->create_table(path, test_table(), test_schema()),
              StatusIsWith(ErrorCode::kDatabaseNotExist, "db"));
  ASSERT_OK(this->manager_->create_database("db", {}, 1));
  auto id = this->manager_->create_table(path, test_table(), test_schema());
  ASSERT_OK(id);
  EXPECT_EQ(*id, TableId(0));
  EXPECT_THAT(this->manager_->create_table(path, test_table(), test_schema()),
              StatusIsWith(ErrorCode::kTableAlreadyExist, "db.t"));
  auto second = this->manager_->create_table({"db", "u"}, test_table(), test_schema());
  ASSERT_OK(second);
  EXPECT_EQ(*second, TableId(1));
  this->reopen();

  EXPECT_THAT(*this->manager_->list_tables("db"), ElementsAre("t", "u"));
  EXPECT_THAT(this->manager_->list_tables("nope"), StatusIs(ErrorCode::kDatabaseNotExist));
  auto table = this->manager_->get_table(path);
  ASSERT_OK(table);
  TableRegistration expected = test_table();
  expected.table_id = TableId(0);
  EXPECT_EQ(*table, expected);
  auto latest = this->manager_->get_latest_schema(path);
  ASSERT_OK(latest);
  EXPECT_EQ(latest->schema_id, SchemaId(1));
  EXPECT_EQ(latest->schema, test_schema());

  auto v2 = this->manager_->register_schema(path, test_schema("b2"));
  ASSERT_OK(v2);
  EXPECT_EQ(*v2, SchemaId(2));
  EXPECT_EQ(this->manager_->get_latest_schema(path)->schema, test_schema("b2"));
  EXPECT_EQ(this->manager_->get_schema(path, SchemaId(1))->schema, test_schema());
  EXPECT_THAT(this->manager_->get_schema(path, SchemaId(7)),
              StatusIsWith(ErrorCode::kSchemaNotExist, "db.t"));
  EXPECT_THAT(this->manager_->get_schema({"db", "x"}, SchemaId(1)),
              StatusIs(ErrorCode::kTableNotExist));

  auto altered = this->manager_->alter_table_properties(path, {{"table.log.ttl", "1d"}},
                                                        {"table.replication.factor"}, 99);
  ASSERT_OK(altered);
  this->reopen();
  table = this->manager_->get_table(path);
  ASSERT_OK(table);
  EXPECT_EQ(table->properties, (Properties{{"table.log.ttl", "1d"}}));
  EXPECT_EQ(table->modified_time_ms, 99);
  EXPECT_THAT(this->manager_->alter_table_properties({"db", "x"}, {}, {}, 1),
              StatusIs(ErrorCode::kTableNotExist));

  auto updated = this->manager_->update_table_properties(path, {{"table.log.ttl", "2d"}},
                                                         {{"owner", "ann"}}, 100);
  ASSERT_OK(updated);
  this->reopen();
  table = this->manager_->get_table(path);
  ASSERT_OK(table);
  EXPECT_EQ(table->properties, (Properties{{"table.log.ttl", "2d"}}));
  EXPECT_EQ(table->custom_properties, (Properties{{"owner", "ann"}}));
  EXPECT_EQ(table->modified_time_ms, 100);
  EXPECT_THAT(this->manager_->update_table_properties({"db", "x"}, {}, {}, 1),
              StatusIs(ErrorCode::kTableNotExist));

  ASSERT_OK(this->manager_->drop_table(path));
  EXPECT_THAT(this->manager_->drop_table(path), StatusIsWith(ErrorCode::kTableNotExist, "db.t"));
  EXPECT_THAT(this->manager_->get_table(path), StatusIs(ErrorCode::kTableNotExist));
  EXPECT_FALSE(*this->manager_->table_exists(path));
  EXPECT_THAT(*this->manager_->list_tables("db"), ElementsAre("u"));
}

TYPED_TEST_P(MetadataManagerConformanceTest, PartitionsRoundTrip) {
  ASSERT_OK(this->manager_->create_database("db", {}, 1));
  const TablePath plain{"db", "plain"};
  const TablePath parted{"db", "parted"};
  ASSERT_OK(this->manager_->create_table(plain, test_table(), test_schema()));
  auto table_id = this->manager_->create_table(parted, test_table({"b"}), test_schema());
  ASSERT_OK(table_id);
  EXPECT_THAT(this->manager_->create_partition(plain, "x"),
              StatusIs(ErrorCode::kTableNotPartitionedException));
  EXPECT_THAT(this->manager_->create_partition({"db", "none"}, "x"),
              StatusIs(ErrorCode::kTableNotExist));
  EXPECT_THAT(*this->manager_->list_partitions(parted), IsEmpty());
  auto p1 = this->manager_->create_partition(parted, "2024");
  auto p2 = this->manager_->create_partition(parted, "2025");
  ASSERT_OK(p1);
  ASSERT_OK(p2);
  EXPECT_EQ(*p1, (PartitionRegistration{.table_id = *table_id,
                                        .partition_id = PartitionId(0),
                                        .remote_data_dir = "/remote"}));
  EXPECT_EQ(p2->partition_id, PartitionId(1));
  EXPECT_THAT(this->manager_->create_partition(parted, "2024"),
              StatusIsWith(ErrorCode::kPartitionAlreadyExists, "2024"));
  this->reopen();
  EXPECT_THAT(*this->manager_->list_partitions(parted), ElementsAre("2024", "2025"));
  EXPECT_EQ(*this->manager_->get_partition(parted, "2025"), *p2);
  ASSERT_OK(this->manager_->drop_partition(parted, "2024"));
  EXPECT_THAT(this->manager_->drop_partition(parted, "2024"),
              StatusIsWith(ErrorCode::kPartitionNotExists, "2024"));
  EXPECT_THAT(this->manager_->get_partition(parted, "2024"),
              StatusIs(ErrorCode::kPartitionNotExists));
  EXPECT_THAT(this->manager_->list_partitions({"db", "none"}), StatusIs(ErrorCode::kTableNotExist));
}

TYPED_TEST_P(MetadataManagerConformanceTest, IdCountersSurviveRestartAndUseCuratorsFormat) {
  EXPECT_EQ(*this->manager_->allocate_writer_ids(), WriterId(0));
  EXPECT_EQ(*this->manager_->allocate_writer_ids(10), WriterId(1));
  EXPECT_EQ(*this->manager_->next_partition_id(), PartitionId(0));
  this->reopen();
  EXPECT_EQ(*this->manager_->allocate_writer_ids(), WriterId(11));
  EXPECT_EQ(*this->manager_->next_table_id(), TableId(0));
  EXPECT_EQ(*this->manager_->next_table_id(), TableId(1));
  EXPECT_EQ(*this->manager_->next_partition_id(), PartitionId(1));
  EXPECT_THAT(this->manager_->allocate_writer_ids(0), StatusIs(ErrorCode::kInvalidConfigException));
  auto raw = this->store_->get("/metadata/writer_id");
  ASSERT_OK(raw);
  EXPECT_EQ((*raw)->data, std::string("\0\0\0\0\0\0\0\x0c", 8));
}

TYPED_TEST_P(MetadataManagerConformanceTest, AssignmentsAndLeaderAndIsrRoundTrip) {
  TableAssignment assignment{.buckets = {{0, {{1}}}, {1, {{1, 2}}}}};
  ASSERT_OK(this->manager_->set_table_assignment(TableId(5), assignment));
  PartitionAssignment partition{.table_id = TableId(5), .buckets = {{0, {{3}}}}};
  ASSERT_OK(this->manager_->set_partition_assignment(PartitionId(8), partition));

  const TableBucket bucket(TableId(5), BucketId(1));
  const TableBucket partition_bucket(TableId(5), PartitionId(8), BucketId(0));
  LeaderAndIsr lai{.leader = ServerId(1),
                   .leader_epoch = LeaderEpoch(0),
                   .isr = {1, 2},
                   .coordinator_epoch = 3,
                   .bucket_epoch = 0};
  ASSERT_OK(this->manager_->create_leader_and_isr(bucket, lai));
  ASSERT_OK(this->manager_->create_leader_and_isr(partition_bucket, lai));
  EXPECT_THAT(this->manager_->create_leader_and_isr(bucket, lai), StatusIs(ErrorCode::kNodeExists));
  LeaderAndIsr next = lai;
  next.leader_epoch = LeaderEpoch(1);
  auto v = this->manager_->update_leader_and_isr(bucket, next, 0);
  ASSERT_OK(v);
  EXPECT_EQ(*v, 1);
  EXPECT_THAT(this->manager_->update_leader_and_isr(bucket, next, 0),
              StatusIs(ErrorCode::kBadVersion));
  this->reopen();

  EXPECT_EQ(*this->manager_->get_table_assignment(TableId(5)), assignment);
  EXPECT_EQ(*this->manager_->get_partition_assignment(PartitionId(8)), partition);
  EXPECT_FALSE(this->manager_->get_table_assignment(TableId(6))->has_value());
  auto got = this->manager_->get_leader_and_isr(bucket);
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->leader_and_isr, next);
  EXPECT_EQ((*got)->version, 1);
  EXPECT_TRUE(*this->store_->exists("/tabletservers/partitions/8/buckets/0/leader_isr"));

  ASSERT_OK(this->manager_->delete_table_assignment(TableId(5)));
  EXPECT_FALSE(this->manager_->get_leader_and_isr(bucket)->has_value());
  ASSERT_OK(this->manager_->delete_table_assignment(TableId(5)));
  ASSERT_OK(this->manager_->delete_partition_assignment(PartitionId(8)));
  EXPECT_FALSE(this->manager_->get_leader_and_isr(partition_bucket)->has_value());
}

TYPED_TEST_P(MetadataManagerConformanceTest, CorruptDocumentsAreErrorsNamingTheNode) {
  ASSERT_OK(this->store_->create("/metadata/databases/bad", "{not json",
                                 {.parents = CreateParents::kYes}));
  EXPECT_THAT(this->manager_->get_database("bad"),
              StatusIsWith(ErrorCode::kStorageException, "/metadata/databases/bad"));
  ASSERT_OK(this->store_->create("/metadata/databases/bad/tables/t", "{\"table_id\":\"x\"}",
                                 {.parents = CreateParents::kYes}));
  EXPECT_THAT(this->manager_->get_table({"bad", "t"}),
              StatusIsWith(ErrorCode::kStorageException, "table_id"));
  ASSERT_OK(this->store_->create("/metadata/writer_id", "abc"));
  EXPECT_THAT(this->manager_->allocate_writer_ids(),
              StatusIsWith(ErrorCode::kStorageException, "writer_id"));
}

TYPED_TEST_P(MetadataManagerConformanceTest, ConcurrentWriterIdAllocationsAreDistinct) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::vector<int64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto id = this->manager_->allocate_writer_ids(2);
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
  this->reopen();
  EXPECT_EQ(*this->manager_->allocate_writer_ids(), WriterId(2 * kThreads * kPerThread));
}

TYPED_TEST_P(MetadataManagerConformanceTest, CoordinatorsRegisterAndFenceTheEpoch) {
  EXPECT_THAT(*this->manager_->list_coordinators(), IsEmpty());
  EXPECT_FALSE(this->manager_->get_active_coordinator()->has_value());
  EXPECT_FALSE(this->manager_->get_coordinator_epoch()->has_value());
  const CoordinatorAddress first{.id = "1", .listeners = "FLUSS://127.0.0.1:9123"};
  ASSERT_OK(this->manager_->register_coordinator(first));
  EXPECT_THAT(*this->manager_->list_coordinators(), ElementsAre("1"));
  EXPECT_EQ(**this->manager_->get_coordinator("1"), first);
  EXPECT_FALSE(this->manager_->get_coordinator("3")->has_value());

  EXPECT_EQ(*this->manager_->bump_coordinator_epoch(), 0);
  EXPECT_EQ(*this->manager_->bump_coordinator_epoch(), 1);
  EXPECT_EQ(this->data_of_epoch(), "1");
  EXPECT_EQ(**this->manager_->get_active_coordinator(), first);
  ASSERT_OK(this->manager_->unregister_active_coordinator("2"));  // not the holder
  EXPECT_TRUE(this->manager_->get_active_coordinator()->has_value());
  ASSERT_OK(this->manager_->unregister_active_coordinator("1"));
  EXPECT_FALSE(this->manager_->get_active_coordinator()->has_value());
  ASSERT_OK(this->manager_->unregister_active_coordinator("1"));
  this->reopen();
  EXPECT_EQ(**this->manager_->get_coordinator_epoch(), 1);

  // Concurrent bumps: each epoch is won once, the losers are fenced.
  constexpr int kThreads = 4;
  std::vector<Result<int32_t>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { results[t] = this->manager_->bump_coordinator_epoch(); });
  }
  for (std::thread& t : threads) t.join();
  std::set<int32_t> won;
  for (const Result<int32_t>& r : results) {
    if (r.ok()) {
      EXPECT_TRUE(won.insert(*r).second) << *r;
    } else {
      EXPECT_THAT(r, StatusIsWith(ErrorCode::kInvalidCoordinatorException, "fenced"));
    }
  }
  ASSERT_FALSE(won.empty());
  EXPECT_EQ(**this->manager_->get_coordinator_epoch(), *won.rbegin());
  EXPECT_EQ(*won.rbegin(), 1 + static_cast<int32_t>(won.size()));
}

REGISTER_TYPED_TEST_SUITE_P(MetadataManagerConformanceTest, DatabasesRoundTripAndReportErrors,
                            TablesAndSchemasRoundTrip, PartitionsRoundTrip,
                            IdCountersSurviveRestartAndUseCuratorsFormat,
                            AssignmentsAndLeaderAndIsrRoundTrip,
                            CorruptDocumentsAreErrorsNamingTheNode,
                            ConcurrentWriterIdAllocationsAreDistinct,
                            CoordinatorsRegisterAndFenceTheEpoch);

}  // namespace fluss::server
