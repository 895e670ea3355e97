// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/metadata_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "model/json_serde.h"
#include "server/metadata/embedded_metadata_store.h"
#include "server/metadata/tests/metadata_manager_conformance.h"
#include "storage/fs/mem_file_system.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {
namespace {

using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The shared manager round trips (metadata_manager_conformance.h) on the embedded
// store.
struct EmbeddedEnv {
  Result<std::unique_ptr<MetadataStore>> open() {
    FLUSS_ASSIGN_OR_RETURN(auto store, EmbeddedMetadataStore::open(
                                           fs, {.dir = "/d/metadata", .lock = DirLock::kNone}));
    return std::unique_ptr<MetadataStore>(std::move(store));
  }
  storage::MemFileSystem fs;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Embedded, MetadataManagerConformanceTest, EmbeddedEnv);

namespace {

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

// CoordinatorAddressJsonSerdeTest's documents.
TEST(ZkDataTest, CoordinatorAddressIsJavasJson) {
  const CoordinatorAddress address{.id = "1",
                                   .listeners = "CLIENT://localhost:1001,FLUSS://127.0.0.1:9124"};
  const std::string json =
      R"({"version":2,"id":"1","listeners":"CLIENT://localhost:1001,FLUSS://127.0.0.1:9124"})";
  EXPECT_EQ(to_json(address), json);
  auto parsed = coordinator_address_from_json(json);
  ASSERT_OK(parsed);
  EXPECT_EQ(*parsed, address);
  auto v1 =
      coordinator_address_from_json(R"({"version":1,"id":"1","host":"localhost","port":1001})");
  ASSERT_OK(v1);
  EXPECT_EQ(v1->listeners, "CLIENT://localhost:1001");
  EXPECT_FALSE(coordinator_address_from_json(R"({"version":2,"id":1})").ok());
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

TEST(ZkDataTest, CoordinatorDocumentsRejectCorruption) {
  for (const char* bad :
       {"", "{", "[]", R"({"id":"1","listeners":"x"})", R"({"version":2,"id":1,"listeners":"x"})",
        R"({"version":2,"id":"1"})", R"({"version":1,"id":"1","host":"h","port":"p"})",
        R"({"version":2,"id":"1","listeners":"x")"}) {
    EXPECT_THAT(coordinator_address_from_json(bad),
                StatusIsWith(ErrorCode::kStorageException, "coordinator address"))
        << bad;
  }
  const std::string good = R"({"version":2,"id":"7","listeners":"CLIENT://h:1"})";
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(coordinator_address_from_json(good.substr(0, n)).ok()) << n;
  }
  EXPECT_EQ(encode_coordinator_epoch(-1), "-1");
  EXPECT_EQ(*decode_coordinator_epoch("12"), 12);
  for (const char* bad : {"", "x", "1x", " 1", "99999999999", "1.5"}) {
    EXPECT_THAT(decode_coordinator_epoch(bad),
                StatusIsWith(ErrorCode::kStorageException, "/coordinators/epoch"))
        << bad;
  }
}

}  // namespace
}  // namespace fluss::server
