// SPDX-License-Identifier: Apache-2.0
// Runs the real `fluss local` binary (FLUSS_BINARY, from CMake), writes with
// acks=-1, kills it with SIGKILL, starts it again on the same data directory and
// checks that everything acknowledged is there.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <signal.h>
#include <stdlib.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "server/local/tests/cluster_test_util.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/child_process.h"

#ifndef FLUSS_BINARY
#error "FLUSS_BINARY (the path of the fluss executable) must be defined by CMake"
#endif

namespace fluss::server::test {
namespace {

using ::fluss::test::ChildProcess;

// A `fluss local` child; the constructor returns once it printed its ports and "ready"
// (or exited).
class FlussLocalProcess {
 public:
  FlussLocalProcess(const std::string& data_dir, const std::vector<std::string>& extra = {})
      : child_(args(data_dir, extra)) {
    child_.read_until("ready", [this](const std::string& line) {
      if (line.find("coordinator at ") != std::string::npos) {
        coordinator_port_ = ChildProcess::port_of(line);
      }
      if (line.find("tablet server 0 at ") != std::string::npos) {
        tablet_port_ = ChildProcess::port_of(line);
      }
    });
  }

  int kill(int signal) { return child_.kill(signal); }
  std::string rest_of_output() { return child_.rest_of_output(); }
  uint16_t coordinator_port() const { return static_cast<uint16_t>(coordinator_port_); }
  uint16_t tablet_port() const { return static_cast<uint16_t>(tablet_port_); }
  const std::string& output() const { return child_.output(); }

 private:
  static std::vector<std::string> args(const std::string& data_dir,
                                       const std::vector<std::string>& extra) {
    std::vector<std::string> all = {FLUSS_BINARY, "local", "--data-dir", data_dir, "--port", "0"};
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  }

  ChildProcess child_;
  int coordinator_port_ = 0;
  int tablet_port_ = 0;
};

class KillRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "fluss-kill-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Produces until the new table's leader is up (NotifyLeaderAndIsr is applied
  // after CREATE_TABLE answers): the retriable error is retried, as clients do.
  proto::PbProduceLogRespForBucket produce(RpcCaller& caller, uint16_t port, int64_t table,
                                           int32_t first, int32_t count) {
    for (int attempt = 0;; ++attempt) {
      auto response = value_or_throw(caller.call<proto::ProduceLogResponse>(
          port, rpc::ApiKey::kProduceLog, produce_request(table, 0, arrow_batch(first, count))));
      const auto& bucket = response.buckets_resp(0);
      if (bucket.error_code() != 21 || attempt > 100000) return bucket;
    }
  }

  std::string dir_;
};

TEST_F(KillRestartTest, AcknowledgedWritesSurviveKill9) {
  int64_t logs = -1;
  int64_t kv = -1;
  int acknowledged = 0;
  {
    FlussLocalProcess server(dir_);
    ASSERT_NE(server.coordinator_port(), 0) << server.output();
    ASSERT_NE(server.tablet_port(), 0) << server.output();
    RpcCaller caller;
    value_or_throw(caller.call<proto::CreateDatabaseResponse>(
        server.coordinator_port(), rpc::ApiKey::kCreateDatabase, create_database_request("db")));
    value_or_throw(caller.call<proto::CreateTableResponse>(server.coordinator_port(),
                                                           rpc::ApiKey::kCreateTable,
                                                           create_table_request("db", "logs", 1)));
    value_or_throw(caller.call<proto::CreateTableResponse>(
        server.coordinator_port(), rpc::ApiKey::kCreateTable,
        create_table_request("db", "kv", 1, true)));
    logs = value_or_throw(caller.call<proto::GetTableInfoResponse>(
                              server.coordinator_port(), rpc::ApiKey::kGetTableInfo,
                              table_info_request("db", "logs")))
               .table_id();
    kv = value_or_throw(caller.call<proto::GetTableInfoResponse>(server.coordinator_port(),
                                                                 rpc::ApiKey::kGetTableInfo,
                                                                 table_info_request("db", "kv")))
             .table_id();
    for (int i = 0; i < 20; ++i) {
      auto produced = produce(caller, server.tablet_port(), logs, i * 5, 5);
      ASSERT_FALSE(produced.has_error_code()) << produced.error_message();
      acknowledged += 5;
    }
    for (int attempt = 0;; ++attempt) {
      proto::PutKvRequest put;
      put.set_acks(-1);
      put.set_table_id(kv);
      put.set_timeout_ms(30000);
      proto::PbPutKvReqForBucket& b = *put.add_buckets_req();
      b.set_bucket_id(0);
      b.set_records(storage::test::kv_batch({{1, "one"}, {2, "two"}}).to_string());
      auto response = value_or_throw(
          caller.call<proto::PutKvResponse>(server.tablet_port(), rpc::ApiKey::kPutKv, put, 2));
      if (response.buckets_resp(0).error_code() == 21 && attempt < 100000) continue;
      ASSERT_FALSE(response.buckets_resp(0).has_error_code())
          << response.buckets_resp(0).error_message();
      break;
    }
    int status = server.kill(SIGKILL);
    ASSERT_TRUE(WIFSIGNALED(status));
  }

  FlussLocalProcess server(dir_);
  ASSERT_NE(server.tablet_port(), 0) << server.output();
  RpcCaller caller;
  auto info = value_or_throw(caller.call<proto::GetTableInfoResponse>(
      server.coordinator_port(), rpc::ApiKey::kGetTableInfo, table_info_request("db", "logs")));
  EXPECT_EQ(info.table_id(), logs);
  auto fetched = value_or_throw(caller.call<proto::FetchLogResponse>(
      server.tablet_port(), rpc::ApiKey::kFetchLog, fetch_request(logs, 0, 0)));
  const auto& bucket = fetched.tables_resp(0).buckets_resp(0);
  ASSERT_FALSE(bucket.has_error_code()) << bucket.error_message();
  EXPECT_EQ(record_count(bucket.records()), acknowledged);

  proto::LookupRequest lookup;
  lookup.set_table_id(kv);
  proto::PbLookupReqForBucket& lb = *lookup.add_buckets_req();
  lb.set_bucket_id(0);
  lb.add_keys(storage::test::compacted_int_key(1).to_string());
  lb.add_keys(storage::test::compacted_int_key(2).to_string());
  auto looked_up = value_or_throw(
      caller.call<proto::LookupResponse>(server.tablet_port(), rpc::ApiKey::kLookup, lookup, 1));
  ASSERT_FALSE(looked_up.buckets_resp(0).has_error_code())
      << looked_up.buckets_resp(0).error_message();
  EXPECT_TRUE(looked_up.buckets_resp(0).values(0).has_values());
  EXPECT_TRUE(looked_up.buckets_resp(0).values(1).has_values());

  // SIGTERM stops it cleanly.
  int status = server.kill(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << server.rest_of_output();
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_THAT(server.rest_of_output(), ::testing::HasSubstr("stopped cleanly"));
}

}  // namespace
}  // namespace fluss::server::test
