// SPDX-License-Identifier: Apache-2.0
// The dispatch layer of both request handlers, through a running cluster: every
// API Fluss defines gets an answer (served: its response or an error naming the
// API and the missing fields; not served: UNSUPPORTED_VERSION naming it), and
// each served RPC round-trips once. The services' own semantics are tested in
// server/coordinator and server/tablet.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "server/coordinator/coordinator_request_handler.h"
#include "server/local/tests/cluster_test_util.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/test_cluster.h"

namespace fluss::server::test {
namespace {

using fluss::test::StatusIs;
using fluss::test::StatusIsWith;

class RequestHandlerTest : public ::testing::Test {
 protected:
  uint16_t coordinator() { return cluster_.cluster().coordinator_port(); }
  uint16_t tablet() { return cluster_.cluster().tablet_server_ports().at(0); }

  std::set<int> advertised(uint16_t port) {
    auto versions = value_or_throw(caller_.call<proto::ApiVersionsResponse>(
        port, rpc::ApiKey::kApiVersions, api_versions_request()));
    std::set<int> keys;
    for (const auto& api : versions.api_versions()) keys.insert(api.api_key());
    return keys;
  }

  fluss::test::TestCluster cluster_;
  RpcCaller caller_;
};

// An empty payload: served APIs answer or name the API and missing fields;
// the rest are UNSUPPORTED_VERSION naming the API and the server kind.
TEST_F(RequestHandlerTest, EveryFlussApiGetsANamedAnswer) {
  for (uint16_t port : {coordinator(), tablet()}) {
    const std::set<int> served = advertised(port);
    const char* kind = port == coordinator() ? "coordinator" : "tablet server";
    for (const rpc::ApiInfo& api : rpc::all_apis()) {
      SCOPED_TRACE(std::string(api.name) + " at the " + kind);
      Result<ByteBuffer> answer = caller_.call_raw(port, api.key, 0, ByteBuffer());
      if (!served.contains(api.id())) {
        EXPECT_THAT(answer, StatusIsWith(ErrorCode::kUnsupportedVersion, "is not served by"));
        EXPECT_THAT(answer, StatusIsWith(ErrorCode::kUnsupportedVersion, std::string(api.name)));
      } else if (!answer.ok()) {
        EXPECT_THAT(answer, StatusIsWith(ErrorCode::kCorruptMessage, std::string(api.name)));
        EXPECT_THAT(answer, StatusIsWith(ErrorCode::kCorruptMessage, "missing required field"));
      }
      // A version above the API's range names the API and the range.
      Result<ByteBuffer> too_new =
          caller_.call_raw(port, api.key, static_cast<int16_t>(api.max_version + 1), ByteBuffer());
      EXPECT_THAT(too_new, StatusIsWith(ErrorCode::kUnsupportedVersion, std::string(api.name)));
    }
  }
  // An unknown key.
  Result<ByteBuffer> unknown =
      caller_.call_raw(coordinator(), static_cast<rpc::ApiKey>(1234), 0, ByteBuffer());
  EXPECT_THAT(unknown, StatusIsWith(ErrorCode::kUnsupportedVersion, "unknown API key 1234"));
}

TEST_F(RequestHandlerTest, CoordinatorAdvertisesExactlyItsHandlers) {
  std::set<int> expected;
  for (rpc::ApiKey key : CoordinatorRequestHandler::served_apis()) {
    expected.insert(static_cast<int>(key));
  }
  EXPECT_EQ(advertised(coordinator()), expected);
  // Both serve the metadata reads.
  const std::set<int> tablet_keys = advertised(tablet());
  for (rpc::ApiKey read : {rpc::ApiKey::kGetMetadata, rpc::ApiKey::kListDatabases,
                           rpc::ApiKey::kTableExists, rpc::ApiKey::kGetTableInfo}) {
    EXPECT_TRUE(tablet_keys.contains(static_cast<int>(read))) << read;
  }
}

TEST_F(RequestHandlerTest, EveryCoordinatorRpcRoundTrips) {
  const uint16_t c = coordinator();
  value_or_throw(caller_.call<proto::CreateDatabaseResponse>(c, rpc::ApiKey::kCreateDatabase,
                                                             create_database_request("db")));
  EXPECT_THAT(caller_.call<proto::CreateDatabaseResponse>(c, rpc::ApiKey::kCreateDatabase,
                                                          create_database_request("db")),
              StatusIsWith(ErrorCode::kDatabaseAlreadyExist, "db"));
  auto databases = value_or_throw(caller_.call<proto::ListDatabasesResponse>(
      c, rpc::ApiKey::kListDatabases, proto::ListDatabasesRequest()));
  EXPECT_THAT(databases.database_name(), ::testing::Contains("db"));
  proto::DatabaseExistsRequest exists;
  exists.set_database_name("db");
  EXPECT_TRUE(value_or_throw(caller_.call<proto::DatabaseExistsResponse>(
                                 c, rpc::ApiKey::kDatabaseExists, exists))
                  .exists());
  proto::GetDatabaseInfoRequest info;
  info.set_database_name("nope");
  EXPECT_THAT(caller_.call<proto::GetDatabaseInfoResponse>(c, rpc::ApiKey::kGetDatabaseInfo, info),
              StatusIsWith(ErrorCode::kDatabaseNotExist, "nope"));

  value_or_throw(caller_.call<proto::CreateTableResponse>(c, rpc::ApiKey::kCreateTable,
                                                          create_table_request("db", "t", 2)));
  proto::ListTablesRequest list;
  list.set_database_name("db");
  EXPECT_THAT(
      value_or_throw(caller_.call<proto::ListTablesResponse>(c, rpc::ApiKey::kListTables, list))
          .table_name(),
      ::testing::ElementsAre("t"));
  proto::TableExistsRequest table_exists;
  *table_exists.mutable_table_path() = pb_path("db", "t");
  EXPECT_TRUE(value_or_throw(caller_.call<proto::TableExistsResponse>(c, rpc::ApiKey::kTableExists,
                                                                      table_exists))
                  .exists());
  proto::GetTableSchemaRequest schema;
  *schema.mutable_table_path() = pb_path("db", "t");
  EXPECT_EQ(value_or_throw(caller_.call<proto::GetTableSchemaResponse>(
                               c, rpc::ApiKey::kGetTableSchema, schema))
                .schema_id(),
            1);
  EXPECT_THAT(caller_.call<proto::GetTableInfoResponse>(c, rpc::ApiKey::kGetTableInfo,
                                                        table_info_request("db", "missing")),
              StatusIsWith(ErrorCode::kTableNotExist, "missing"));

  proto::DropTableRequest drop;
  *drop.mutable_table_path() = pb_path("db", "t");
  drop.set_ignore_if_not_exists(false);
  value_or_throw(caller_.call<proto::DropTableResponse>(c, rpc::ApiKey::kDropTable, drop));
  EXPECT_THAT(caller_.call<proto::DropTableResponse>(c, rpc::ApiKey::kDropTable, drop),
              StatusIsWith(ErrorCode::kTableNotExist, "t"));
  cluster_.cluster().wait_for_notifications();  // the StopReplica reached the tablet server

  proto::DropDatabaseRequest drop_db;
  drop_db.set_database_name("db");
  drop_db.set_ignore_if_not_exists(false);
  drop_db.set_cascade(false);
  value_or_throw(caller_.call<proto::DropDatabaseResponse>(c, rpc::ApiKey::kDropDatabase, drop_db));
}

TEST_F(RequestHandlerTest, EveryTabletServerRpcRoundTrips) {
  const uint16_t c = coordinator();
  const uint16_t t = tablet();
  value_or_throw(caller_.call<proto::CreateDatabaseResponse>(c, rpc::ApiKey::kCreateDatabase,
                                                             create_database_request("db")));
  value_or_throw(caller_.call<proto::CreateTableResponse>(
      c, rpc::ApiKey::kCreateTable, create_table_request("db", "kv", 1, true)));
  cluster_.cluster().wait_for_notifications();
  const int64_t kv =
      value_or_throw(caller_.call<proto::GetTableInfoResponse>(t, rpc::ApiKey::kGetTableInfo,
                                                               table_info_request("db", "kv")))
          .table_id();

  proto::PutKvRequest put;
  put.set_acks(1);
  put.set_table_id(kv);
  put.set_timeout_ms(30000);
  proto::PbPutKvReqForBucket& pb = *put.add_buckets_req();
  pb.set_bucket_id(0);
  pb.set_records(storage::test::kv_batch({{1, "a"}, {2, "b"}}).to_string());
  auto put_response =
      value_or_throw(caller_.call<proto::PutKvResponse>(t, rpc::ApiKey::kPutKv, put, 2));
  ASSERT_FALSE(put_response.buckets_resp(0).has_error_code())
      << put_response.buckets_resp(0).error_message();

  proto::LimitScanRequest scan;
  scan.set_table_id(kv);
  scan.set_bucket_id(0);
  scan.set_limit(10);
  auto scanned =
      value_or_throw(caller_.call<proto::LimitScanResponse>(t, rpc::ApiKey::kLimitScan, scan));
  EXPECT_FALSE(scanned.has_error_code()) << scanned.error_message();

  proto::PrefixLookupRequest prefix;
  prefix.set_table_id(kv);
  proto::PbPrefixLookupReqForBucket& ppb = *prefix.add_buckets_req();
  ppb.set_bucket_id(0);
  ppb.add_keys(storage::test::compacted_int_key(1).to_string());
  auto prefixed = value_or_throw(
      caller_.call<proto::PrefixLookupResponse>(t, rpc::ApiKey::kPrefixLookup, prefix, 1));
  ASSERT_EQ(prefixed.buckets_resp_size(), 1);

  proto::ListOffsetsRequest offsets;
  offsets.set_follower_server_id(-1);
  offsets.set_offset_type(1);  // LATEST
  offsets.set_table_id(kv);
  offsets.add_bucket_id(0);
  auto listed = value_or_throw(
      caller_.call<proto::ListOffsetsResponse>(t, rpc::ApiKey::kListOffsets, offsets));
  ASSERT_EQ(listed.buckets_resp_size(), 1);
  EXPECT_FALSE(listed.buckets_resp(0).has_error_code()) << listed.buckets_resp(0).error_message();
  EXPECT_EQ(listed.buckets_resp(0).offset(), 2);  // two +I changelog records

  auto first = value_or_throw(caller_.call<proto::InitWriterResponse>(t, rpc::ApiKey::kInitWriter,
                                                                      proto::InitWriterRequest()));
  auto second = value_or_throw(caller_.call<proto::InitWriterResponse>(t, rpc::ApiKey::kInitWriter,
                                                                       proto::InitWriterRequest()));
  EXPECT_NE(first.writer_id(), second.writer_id());

  // From "a coordinator" with a stale epoch: every bucket is refused.
  proto::NotifyLeaderAndIsrRequest notify;
  notify.set_coordinator_epoch(-5);
  proto::PbNotifyLeaderAndIsrReqForBucket& nb = *notify.add_notify_buckets_leader_req();
  nb.mutable_physical_table_path()->set_database_name("db");
  nb.mutable_physical_table_path()->set_table_name("kv");
  nb.mutable_table_bucket()->set_table_id(kv);
  nb.mutable_table_bucket()->set_bucket_id(0);
  nb.set_leader(0);
  nb.set_leader_epoch(0);
  nb.add_replicas(0);
  nb.add_isr(0);
  nb.set_bucket_epoch(0);
  auto notified = value_or_throw(
      caller_.call<proto::NotifyLeaderAndIsrResponse>(t, rpc::ApiKey::kNotifyLeaderAndIsr, notify));
  ASSERT_EQ(notified.notify_buckets_leader_resp_size(), 1);
  EXPECT_TRUE(notified.notify_buckets_leader_resp(0).has_error_code());

  proto::StopReplicaRequest stop;
  stop.set_coordinator_epoch(-5);
  auto stopped =
      value_or_throw(caller_.call<proto::StopReplicaResponse>(t, rpc::ApiKey::kStopReplica, stop));
  EXPECT_EQ(stopped.stop_replicas_resp_size(), 0);
}

}  // namespace
}  // namespace fluss::server::test
