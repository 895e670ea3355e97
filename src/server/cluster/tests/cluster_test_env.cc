// SPDX-License-Identifier: Apache-2.0
#include "server/cluster/tests/cluster_test_env.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdlib.h>
#include <thread>

#include "common/check.h"

// LeakSanitizer suppressions for the ZooKeeper C client: test_utils/zookeeper_server.cc.

namespace fluss::server::test {

namespace {

const auto* const kZooKeeper =
    ::testing::AddGlobalTestEnvironment(new fluss::test::ZooKeeperEnvironment);

void check(const client::Result& result, const char* what) {
  FLUSS_CHECK(result.Ok(), "{}: {} {}", what, client::ErrorCode::Name(result.error_code),
              result.error_message);
}

}  // namespace

fluss::test::ZooKeeperServer& zookeeper() { return fluss::test::ZooKeeperEnvironment::server(); }

std::string test_root() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return fmt::format("/{}.{}", info->test_suite_name(), info->name());
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "fluss-cluster-XXXXXX").string();
  FLUSS_CHECK(::mkdtemp(pattern.data()) != nullptr, "mkdtemp {}", pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::chrono::milliseconds backoff{1};
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(50));
  }
  return true;
}

client::Connection connect(const std::string& bootstrap) {
  client::Configuration config;
  check(client::Configuration::FromMap({{"bootstrap.servers", bootstrap},
                                        {"client.writer.acks", "all"},
                                        {"client.writer.batch-timeout", "5ms"}},
                                       config),
        "client configuration");
  client::Connection connection;
  check(client::Connection::Create(config, connection), "connect");
  return connection;
}

void create_tables(client::Admin& admin) {
  check(admin.CreateDatabase("db", {}), "create database db");
  check(admin.CreateTable(client::TablePath("db", "events"),
                          client::TableDescriptor::NewBuilder()
                              .SetSchema(client::Schema::NewBuilder()
                                             .AddColumn("id", client::DataType::Int())
                                             .AddColumn("name", client::DataType::String())
                                             .Build())
                              .SetBucketCount(2)
                              .Build()),
        "create table db.events");
  check(admin.CreateTable(client::TablePath("db", "kv"),
                          client::TableDescriptor::NewBuilder()
                              .SetSchema(client::Schema::NewBuilder()
                                             .AddColumn("k", client::DataType::Int())
                                             .AddColumn("v", client::DataType::String())
                                             .SetPrimaryKeys({"k"})
                                             .Build())
                              .SetBucketCount(2)
                              .Build()),
        "create table db.kv");
}

void write_rows(client::Connection& connection, int32_t first, int32_t count) {
  client::Table events;
  check(connection.GetTable(client::TablePath("db", "events"), events), "get db.events");
  client::AppendWriter appender;
  check(events.NewAppend().CreateWriter(appender), "append writer");
  client::Table kv;
  check(connection.GetTable(client::TablePath("db", "kv"), kv), "get db.kv");
  client::UpsertWriter upserter;
  check(kv.NewUpsert().CreateWriter(upserter), "upsert writer");
  for (int32_t i = first; i < first + count; ++i) {
    client::GenericRow event = events.NewRow();
    event.Set("id", i);
    event.Set("name", fmt::format("e{}", i));
    check(appender.Append(event), "append");
    client::GenericRow row = kv.NewRow();
    row.Set("k", i);
    row.Set("v", fmt::format("v{}", i));
    check(upserter.Upsert(row), "upsert");
  }
  check(appender.Flush(), "flush appends");
  check(upserter.Flush(), "flush upserts");
}

std::vector<int32_t> read_events(client::Connection& connection, size_t expected) {
  client::Table events;
  check(connection.GetTable(client::TablePath("db", "events"), events), "get db.events");
  client::LogScanner scanner;
  check(events.NewScan().CreateLogScanner(scanner), "log scanner");
  for (int32_t bucket = 0; bucket < 2; ++bucket) {
    check(scanner.Subscribe(bucket, client::EARLIEST_OFFSET), "subscribe");
  }
  std::vector<int32_t> ids;
  eventually([&] {
    client::ScanRecords records;
    if (!scanner.Poll(100, records).Ok()) return false;
    for (const client::ScanRecord& record : records) ids.push_back(record.row.GetInt32(0));
    return ids.size() >= expected;
  });
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool all_keys_found(client::Connection& connection, int32_t count) {
  client::Table kv;
  if (!connection.GetTable(client::TablePath("db", "kv"), kv).Ok()) return false;
  client::Lookuper lookuper;
  if (!kv.NewLookup().CreateLookuper(lookuper).Ok()) return false;
  for (int32_t k = 0; k < count; ++k) {
    client::GenericRow key = kv.NewRow();
    key.Set("k", k);
    client::LookupResult found;
    if (!lookuper.Lookup(key, found).Ok() || !found.Found()) return false;
    if (found.GetString("v") != fmt::format("v{}", k)) return false;
  }
  return true;
}

}  // namespace fluss::server::test
