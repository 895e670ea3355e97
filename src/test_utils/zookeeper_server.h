// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <sys/types.h>

namespace fluss::test {

// A real, standalone ZooKeeper server (Debian's `zookeeper` package, run with
// `java ... ZooKeeperServerMain`) for tests: a temporary dataDir, a free port on
// 127.0.0.1, tickTime 200 ms, so that sessions may be as short as 400 ms and
// expire fast (maxSessionTimeout 60 s). Java runs in its own process group and
// dies with the thread that started it (PR_SET_PDEATHSIG), so a crashed test
// leaves no server behind. Start one per test binary (a gtest Environment); give
// each test its own root path.
class ZooKeeperServer {
 public:
  // Starts it and waits (up to 30 s) until it answers `ruok` with `imok`;
  // FLUSS_CHECK-fails with the tail of its log otherwise.
  static std::unique_ptr<ZooKeeperServer> start();
  // Kills it (SIGTERM, SIGKILL after 10 s) and removes its directory.
  ~ZooKeeperServer();

  ZooKeeperServer(const ZooKeeperServer&) = delete;
  ZooKeeperServer& operator=(const ZooKeeperServer&) = delete;

  // "127.0.0.1:<port>".
  std::string address() const;
  int port() const { return port_; }

  // Stops the server (its data stays); a no-op when stopped.
  void stop();
  // Stops it if running and starts it again on the same port and dataDir:
  // sessions younger than their timeout survive.
  void restart();

 private:
  ZooKeeperServer(std::string dir, int port);
  void launch();
  bool answers_ruok() const;
  std::string log_tail() const;

  const std::string dir_;
  const int port_;
  pid_t pid_ = -1;
};

// The one server of a test binary, as a gtest Environment: register it once, at
// namespace scope of one test file,
//
//   const auto* const kZooKeeper =
//       ::testing::AddGlobalTestEnvironment(new fluss::test::ZooKeeperEnvironment);
//
// and reach the server from tests with ZooKeeperEnvironment::server(). It starts
// before the first test and is killed after the last one.
class ZooKeeperEnvironment : public ::testing::Environment {
 public:
  ZooKeeperEnvironment();
  ~ZooKeeperEnvironment() override;
  void SetUp() override;
  void TearDown() override;

  // FLUSS_CHECK-fails unless an environment is registered and set up.
  static ZooKeeperServer& server();

 private:
  std::unique_ptr<ZooKeeperServer> server_;
};

}  // namespace fluss::test
