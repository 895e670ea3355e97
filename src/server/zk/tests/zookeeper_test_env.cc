// SPDX-License-Identifier: Apache-2.0
#include "server/zk/tests/zookeeper_test_env.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/check.h"

namespace fluss::server {

namespace {

class ZooKeeperEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { server_ = test::ZooKeeperServer::start(); }
  void TearDown() override { server_.reset(); }
  test::ZooKeeperServer* server() const { return server_.get(); }

 private:
  std::unique_ptr<test::ZooKeeperServer> server_;
};

ZooKeeperEnvironment* const environment = static_cast<ZooKeeperEnvironment*>(
    ::testing::AddGlobalTestEnvironment(new ZooKeeperEnvironment));

}  // namespace

test::ZooKeeperServer& zookeeper() {
  FLUSS_CHECK(environment->server() != nullptr, "the ZooKeeper environment is not set up");
  return *environment->server();
}

ZooKeeperOptions test_options(std::string root) {
  return ZooKeeperOptions{.address = zookeeper().address(),
                          .root = std::move(root),
                          .session_timeout = std::chrono::seconds(30),
                          .connection_timeout = std::chrono::seconds(20)};
}

std::string test_root() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = fmt::format("/{}.{}", info->test_suite_name(), info->name());
  std::replace(name.begin() + 1, name.end(), '/', '_');
  return name;
}

Result<std::unique_ptr<MetadataStore>> ZooKeeperEnv::open() {
  FLUSS_ASSIGN_OR_RETURN(auto store, ZooKeeperMetadataStore::open(test_options(root)));
  return std::unique_ptr<MetadataStore>(std::move(store));
}

}  // namespace fluss::server
