// SPDX-License-Identifier: Apache-2.0
#include "server/local/local_cluster.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "record/kv_record_batch.h"
#include "record/row/row_codec.h"
#include "server/coordinator/coordinator_request_handler.h"
#include "server/coordinator/coordinator_server.h"
#include "server/local/tests/cluster_test_util.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/test_cluster.h"

namespace fluss::server::test {
namespace {

using ::testing::SizeIs;

class LocalClusterTest : public ::testing::Test {
 protected:
  uint16_t coordinator() { return cluster_.cluster().coordinator_port(); }
  uint16_t tablet(int i = 0) { return cluster_.cluster().tablet_server_ports().at(i); }

  int64_t create_table(const std::string& db, const std::string& table, int32_t buckets,
                       bool primary_key = false) {
    if (!databases_.contains(db)) {
      value_or_throw(caller_.call<proto::CreateDatabaseResponse>(
          coordinator(), rpc::ApiKey::kCreateDatabase, create_database_request(db)));
      databases_.insert(db);
    }
    value_or_throw(caller_.call<proto::CreateTableResponse>(
        coordinator(), rpc::ApiKey::kCreateTable,
        create_table_request(db, table, buckets, primary_key)));
    cluster_.cluster().wait_for_notifications();
    return table_id(db, table);
  }

  int64_t table_id(const std::string& db, const std::string& table) {
    return value_or_throw(caller_.call<proto::GetTableInfoResponse>(coordinator(),
                                                                    rpc::ApiKey::kGetTableInfo,
                                                                    table_info_request(db, table)))
        .table_id();
  }

  proto::PbProduceLogRespForBucket produce(int64_t table, int32_t bucket, int32_t first,
                                           int32_t count) {
    auto response = value_or_throw(caller_.call<proto::ProduceLogResponse>(
        tablet(), rpc::ApiKey::kProduceLog,
        produce_request(table, bucket, arrow_batch(first, count))));
    EXPECT_THAT(response.buckets_resp(), SizeIs(1));
    return response.buckets_resp(0);
  }

  // Records of the bucket from offset 0 up to the high watermark.
  int fetch_count(int64_t table, int32_t bucket) {
    auto response = value_or_throw(caller_.call<proto::FetchLogResponse>(
        tablet(), rpc::ApiKey::kFetchLog, fetch_request(table, bucket, 0)));
    const proto::PbFetchLogRespForBucket& b = response.tables_resp(0).buckets_resp(0);
    EXPECT_FALSE(b.has_error_code()) << b.error_message();
    return record_count(b.records());
  }

  proto::PbPutKvRespForBucket put(int64_t table, const std::vector<storage::test::Op>& ops) {
    proto::PutKvRequest request;
    request.set_acks(-1);
    request.set_table_id(table);
    request.set_timeout_ms(30000);
    proto::PbPutKvReqForBucket& b = *request.add_buckets_req();
    b.set_bucket_id(0);
    b.set_records(storage::test::kv_batch(ops).to_string());
    auto response = value_or_throw(
        caller_.call<proto::PutKvResponse>(tablet(), rpc::ApiKey::kPutKv, request, 2));
    return response.buckets_resp(0);
  }

  // Whether key a has a value.
  bool lookup(int64_t table, int32_t a) {
    proto::LookupRequest request;
    request.set_table_id(table);
    proto::PbLookupReqForBucket& b = *request.add_buckets_req();
    b.set_bucket_id(0);
    b.add_keys(storage::test::compacted_int_key(a).to_string());
    auto response = value_or_throw(
        caller_.call<proto::LookupResponse>(tablet(), rpc::ApiKey::kLookup, request, 1));
    EXPECT_FALSE(response.buckets_resp(0).has_error_code())
        << response.buckets_resp(0).error_message();
    return response.buckets_resp(0).values(0).has_values();
  }

  fluss::test::TestCluster cluster_;
  RpcCaller caller_;
  std::set<std::string> databases_;
};

TEST_F(LocalClusterTest, CreateProduceFetchRoundTrip) {
  const int64_t table = create_table("db", "logs", 2);
  proto::PbProduceLogRespForBucket produced = produce(table, 1, 0, 3);
  ASSERT_FALSE(produced.has_error_code()) << produced.error_message();
  EXPECT_EQ(produced.base_offset(), 0);
  EXPECT_EQ(produce(table, 1, 3, 2).base_offset(), 3);
  EXPECT_EQ(fetch_count(table, 1), 5);
  EXPECT_EQ(fetch_count(table, 0), 0);
}

TEST_F(LocalClusterTest, MetadataListsTheTabletServerAndTheLeaders) {
  const int64_t table = create_table("db", "logs", 2);
  for (uint16_t port : {coordinator(), tablet()}) {
    proto::MetadataRequest request;
    *request.add_table_path() = pb_path("db", "logs");
    auto metadata = value_or_throw(
        caller_.call<proto::MetadataResponse>(port, rpc::ApiKey::kGetMetadata, request));
    EXPECT_EQ(metadata.coordinator_server().port(), coordinator());
    ASSERT_THAT(metadata.tablet_servers(), SizeIs(1));
    EXPECT_EQ(metadata.tablet_servers(0).port(), tablet());
    ASSERT_THAT(metadata.table_metadata(), SizeIs(1));
    EXPECT_EQ(metadata.table_metadata(0).table_id(), table);
    EXPECT_THAT(metadata.table_metadata(0).bucket_metadata(), SizeIs(2));
  }
}

TEST_F(LocalClusterTest, ApiVersionsListWhatEachServerServes) {
  auto coordinator_versions = value_or_throw(caller_.call<proto::ApiVersionsResponse>(
      coordinator(), rpc::ApiKey::kApiVersions, api_versions_request()));
  EXPECT_EQ(coordinator_versions.server_type(), 1);
  EXPECT_EQ(coordinator_versions.api_versions_size(),
            static_cast<int>(CoordinatorRequestHandler::served_apis().size()));
  auto tablet_versions = value_or_throw(caller_.call<proto::ApiVersionsResponse>(
      tablet(), rpc::ApiKey::kApiVersions, api_versions_request()));
  EXPECT_EQ(tablet_versions.server_type(), 2);
  bool lists_produce = false;
  for (const auto& api : tablet_versions.api_versions()) {
    lists_produce |= api.api_key() == static_cast<int>(rpc::ApiKey::kProduceLog);
    EXPECT_NE(api.api_key(), static_cast<int>(rpc::ApiKey::kCreateTable));
  }
  EXPECT_TRUE(lists_produce);
}

TEST_F(LocalClusterTest, AnApiTheServerDoesNotServeIsNamed) {
  auto produce_at_coordinator = caller_.call<proto::ProduceLogResponse>(
      coordinator(), rpc::ApiKey::kProduceLog, produce_request(1, 0, arrow_batch(0, 1)));
  EXPECT_THAT(produce_at_coordinator,
              fluss::test::StatusIsWith(ErrorCode::kUnsupportedVersion, "PRODUCE_LOG"));
  auto create_at_tablet = caller_.call<proto::CreateDatabaseResponse>(
      tablet(), rpc::ApiKey::kCreateDatabase, create_database_request("x"));
  EXPECT_THAT(create_at_tablet,
              fluss::test::StatusIsWith(ErrorCode::kUnsupportedVersion, "tablet server"));
}

TEST_F(LocalClusterTest, RestartFindsTablesLogRowsAndKvRows) {
  const int64_t logs = create_table("db", "logs", 1);
  const int64_t kv = create_table("db", "kv", 1, /*primary_key=*/true);
  ASSERT_FALSE(produce(logs, 0, 0, 4).has_error_code());
  proto::PbPutKvRespForBucket put_response = put(kv, {{1, "one"}, {2, "two"}});
  ASSERT_FALSE(put_response.has_error_code()) << put_response.error_message();
  ASSERT_FALSE(put(kv, {{2, std::nullopt}}).has_error_code());

  cluster_.restart();
  EXPECT_EQ(table_id("db", "logs"), logs);
  EXPECT_EQ(fetch_count(logs, 0), 4);
  EXPECT_TRUE(lookup(kv, 1));
  EXPECT_FALSE(lookup(kv, 2));
  EXPECT_EQ(produce(logs, 0, 4, 1).base_offset(), 4);

  cluster_.restart_tablet_server(0);
  EXPECT_EQ(fetch_count(logs, 0), 5);
  EXPECT_TRUE(lookup(kv, 1));
}

// A table with an auto-increment column opens on the tablet server, and its ids come in
// blocks from the column's counter in the metadata store (auto_inc/col_<id>), so a restart
// continues after the block it had taken.
TEST_F(LocalClusterTest, AutoIncrementIdsComeFromTheMetadataStore) {
  value_or_throw(caller_.call<proto::CreateDatabaseResponse>(
      coordinator(), rpc::ApiKey::kCreateDatabase, create_database_request("db")));
  const Schema schema = value_or_throw(Schema::builder()
                                           .column("a", DataType::int_())
                                           .column("b", DataType::string())
                                           .column("n", DataType::bigint())
                                           .primary_key({"a"})
                                           .enable_auto_increment("n")
                                           .build());
  auto descriptor = TableDescriptor::builder();
  descriptor.schema(schema).distributed_by(1).property("table.auto-increment.cache-size", "2");
  proto::CreateTableRequest create;
  *create.mutable_table_path() = pb_path("db", "ids");
  create.set_table_json(to_json(value_or_throw(descriptor.build())));
  create.set_ignore_if_exists(false);
  value_or_throw(caller_.call<proto::CreateTableResponse>(coordinator(),
                                                          rpc::ApiKey::kCreateTable, create));
  cluster_.cluster().wait_for_notifications();
  const int64_t table = table_id("db", "ids");

  // Rows (a, "v") with n left to the server, target columns {a, b}.
  auto put_keys = [&](std::vector<int32_t> keys) {
    KvRecordBatchBuilder builder(
        {.schema_id = SchemaId(1), .writer_id = kNoWriterId, .batch_sequence = kNoBatchSequence});
    for (int32_t a : keys) {
      ByteBuffer row;
      EXPECT_OK(encode_row(RowFormat::kCompacted, schema.row_type(),
                           GenericRow(std::vector<Datum>{a, std::string("v"), Null{}}), row));
      builder.append(storage::test::compacted_int_key(a).view(), row.view());
    }
    ByteBuffer batch;
    builder.finish(batch);
    proto::PutKvRequest request;
    request.set_acks(-1);
    request.set_table_id(table);
    request.set_timeout_ms(30000);
    request.add_target_columns(0);
    request.add_target_columns(1);
    proto::PbPutKvReqForBucket& b = *request.add_buckets_req();
    b.set_bucket_id(0);
    b.set_records(batch.to_string());
    auto response = value_or_throw(
        caller_.call<proto::PutKvResponse>(tablet(), rpc::ApiKey::kPutKv, request, 2));
    EXPECT_FALSE(response.buckets_resp(0).has_error_code())
        << response.buckets_resp(0).error_message();
  };
  put_keys({1, 2, 3});  // blocks [1, 2], [3, 4] taken
  cluster_.restart_tablet_server(0);
  put_keys({4});  // a new block: [5, 6]
  MetadataManager& metadata = cluster_.cluster().coordinator().metadata();
  const Column* n = schema.column("n");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(value_or_throw(metadata.auto_increment_get_and_add({"db", "ids"}, n->id, 0)), 6);
}

}  // namespace
}  // namespace fluss::server::test
