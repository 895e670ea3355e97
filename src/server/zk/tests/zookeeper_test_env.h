// SPDX-License-Identifier: Apache-2.0
// The one ZooKeeper server of server_zk_test (a gtest Environment) and the store
// environment the shared conformance suites run on.
#pragma once

#include <memory>
#include <string>

#include "server/zk/zookeeper_metadata_store.h"
#include "test_utils/zookeeper_server.h"

namespace fluss::server {

// The binary's server, started before the first test.
test::ZooKeeperServer& zookeeper();

// Options for the binary's server under `root`, with timeouts fit for tests: the
// session outlives a server restart, a connection comes up in well under 10 s.
ZooKeeperOptions test_options(std::string root);

// "/<suite>.<test>" of the running test ('/' in typed test names made '_'), so
// that every test has its own tree.
std::string test_root();

// A conformance environment: every open() is a new session on this test's root.
struct ZooKeeperEnv {
  Result<std::unique_ptr<MetadataStore>> open();
  const std::string root = test_root();
};

}  // namespace fluss::server
