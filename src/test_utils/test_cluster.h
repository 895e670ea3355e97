// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/configuration.h"
#include "server/local/local_cluster.h"

namespace fluss::test {

// A LocalCluster for tests (target fluss::test_cluster, apart from test_utils so
// that unit tests do not link the server): a fresh temporary data directory,
// the coordinator and tablet servers on free ports of 127.0.0.1. A start error
// fails the process (FLUSS_CHECK). Not thread-safe; drive it from the test body.
class TestCluster {
 public:
  explicit TestCluster(int tablet_servers = 1, Configuration config = {});
  ~TestCluster();  // stops the cluster, removes the directory
  TestCluster(const TestCluster&) = delete;
  TestCluster& operator=(const TestCluster&) = delete;

  // "127.0.0.1:<coordinator port>"
  std::string bootstrap_servers() const;
  server::LocalCluster& cluster() { return *cluster_; }
  const std::filesystem::path& data_dir() const { return dir_; }

  // Full stop, then start on the same directory and ports.
  void restart();
  void restart_tablet_server(int index);

 private:
  std::filesystem::path dir_;
  server::LocalClusterOptions options_;
  std::unique_ptr<server::LocalCluster> cluster_;
};

}  // namespace fluss::test
