// SPDX-License-Identifier: Apache-2.0
// The one ZooKeeper server of server_cluster_test and helpers of its tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fluss/client.h"
#include "test_utils/zookeeper_server.h"

namespace fluss::server::test {

// The binary's ZooKeeper (test_utils' ZooKeeperEnvironment, registered once).
fluss::test::ZooKeeperServer& zookeeper();

// "/<suite>.<test>": each test's own zookeeper.path.root.
std::string test_root();

// A fresh temporary directory, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Polls `condition` with a short backoff until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A client connection to `bootstrap` ("host:port").
client::Connection connect(const std::string& bootstrap);

// db.events (id INT, name STRING; 2 buckets) and db.kv (k INT primary key,
// v STRING; 2 buckets), in database db.
void create_tables(client::Admin& admin);
// Appends events [first, first + count) and upserts keys [first, first + count)
// with acks=-1 (the client's default), waiting for every acknowledgement.
void write_rows(client::Connection& connection, int32_t first, int32_t count);
// Every event id in db.events (both buckets, from the earliest offset), once
// `expected` of them arrived or the deadline passed.
std::vector<int32_t> read_events(client::Connection& connection, size_t expected);
// Whether keys [0, count) of db.kv are all found with v = "v<k>".
bool all_keys_found(client::Connection& connection, int32_t count);

}  // namespace fluss::server::test
