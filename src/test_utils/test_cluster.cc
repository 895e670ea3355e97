// SPDX-License-Identifier: Apache-2.0
#include "test_utils/test_cluster.h"

#include <stdlib.h>
#include <system_error>
#include <utility>

#include "common/check.h"

namespace fluss::test {

TestCluster::TestCluster(int tablet_servers, Configuration config) {
  std::string pattern = (std::filesystem::temp_directory_path() / "fluss-cluster-XXXXXX").string();
  FLUSS_CHECK(::mkdtemp(pattern.data()) != nullptr, "mkdtemp {}", pattern);
  dir_ = pattern;
  options_.data_dir = dir_;
  options_.port = 0;
  options_.tablet_servers = tablet_servers;
  options_.config = std::move(config);
  auto started = server::LocalCluster::start(options_);
  FLUSS_CHECK(started.ok(), "TestCluster start: {}", started.status().to_string());
  cluster_ = std::move(started).value();
  // Later starts reuse the ports.
  options_.port = cluster_->coordinator_port();
  options_.tablet_server_ports = cluster_->tablet_server_ports();
}

TestCluster::~TestCluster() {
  if (cluster_ != nullptr) cluster_->stop().ignore_error();
  cluster_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TestCluster::bootstrap_servers() const { return cluster_->bootstrap_servers(); }

void TestCluster::restart() {
  Status stopped = cluster_->stop();
  FLUSS_CHECK(stopped.ok(), "TestCluster stop: {}", stopped.to_string());
  cluster_.reset();
  auto started = server::LocalCluster::start(options_);
  FLUSS_CHECK(started.ok(), "TestCluster restart: {}", started.status().to_string());
  cluster_ = std::move(started).value();
}

void TestCluster::restart_tablet_server(int index) {
  Status restarted = cluster_->restart_tablet_server(index);
  FLUSS_CHECK(restarted.ok(), "TestCluster restart_tablet_server({}): {}", index,
              restarted.to_string());
}

}  // namespace fluss::test
