// SPDX-License-Identifier: Apache-2.0
#include "server/zk/tests/zookeeper_test_env.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace fluss::server {

namespace {

const auto* const kZooKeeper = ::testing::AddGlobalTestEnvironment(new test::ZooKeeperEnvironment);

}  // namespace

test::ZooKeeperServer& zookeeper() { return test::ZooKeeperEnvironment::server(); }

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
