// SPDX-License-Identifier: Apache-2.0
// The real binary (FLUSS_BINARY, from CMake) as `fluss coordinator` and two
// `fluss tablet` processes from generated server.yaml files: writes with acks=-1,
// kill -9 of a tablet server and its restart lose nothing acknowledged; SIGTERM
// stops every process cleanly.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "server/cluster/tests/cluster_test_env.h"
#include "test_utils/child_process.h"

#ifndef FLUSS_BINARY
#error "FLUSS_BINARY (the path of the fluss executable) must be defined by CMake"
#endif

namespace fluss::server::test {
namespace {

using ::fluss::test::ChildProcess;

// A `fluss coordinator|tablet --config <yaml>` child; the constructor returns once it
// printed "ready" (or exited).
class FlussProcess {
 public:
  FlussProcess(const std::string& role, const std::string& config_file)
      : child_({FLUSS_BINARY, role, "--config", config_file}) {
    child_.read_until("ready", [this](const std::string& line) {
      if (line.find("listening on ") != std::string::npos) port_ = ChildProcess::port_of(line);
    });
  }

  int kill(int signal) { return child_.kill(signal); }
  std::string rest_of_output() { return child_.rest_of_output(); }
  uint16_t port() const { return static_cast<uint16_t>(port_); }
  const std::string& output() const { return child_.output(); }

 private:
  ChildProcess child_;
  int port_ = 0;
};

class ClusterProcessTest : public ::testing::Test {
 protected:
  // A server.yaml in Fluss's shape; tablet_id < 0 for the coordinator.
  std::string write_config(const std::string& name, int tablet_id, uint16_t port) {
    const std::string path = (dir_.path() / (name + ".yaml")).string();
    std::ofstream out(path);
    out << "zookeeper.address: " << zookeeper().address() << "\n"
        << "zookeeper.path.root: " << root_ << "\n"
        << "zookeeper.client.session-timeout: 3 s\n"
        << "bind.listeners: FLUSS://127.0.0.1:" << port << "\n"
        << "remote.data.dir: " << (dir_.path() / "remote").string() << "\n";
    if (tablet_id >= 0) {
      out << "tablet-server.id: " << tablet_id << "\n"
          << "data.dir: " << (dir_.path() / fmt::format("tablet-{}", tablet_id)).string() << "\n";
    }
    return path;
  }

  const std::string root_ = test_root();
  TempDir dir_;
};

TEST_F(ClusterProcessTest, AcknowledgedWritesSurviveKill9OfATabletServer) {
  FlussProcess coordinator("coordinator", write_config("coordinator", -1, 0));
  ASSERT_NE(coordinator.port(), 0) << coordinator.output();
  auto tablet0 = std::make_unique<FlussProcess>("tablet", write_config("tablet-0", 0, 0));
  ASSERT_NE(tablet0->port(), 0) << tablet0->output();
  EXPECT_THAT(tablet0->output(), ::testing::HasSubstr("ZooKeeper " + zookeeper().address()));
  auto tablet1 = std::make_unique<FlussProcess>("tablet", write_config("tablet-1", 1, 0));
  ASSERT_NE(tablet1->port(), 0) << tablet1->output();
  const std::string bootstrap = fmt::format("127.0.0.1:{}", coordinator.port());
  {
    client::Connection connection = connect(bootstrap);
    client::Admin admin;
    ASSERT_TRUE(connection.GetAdmin(admin).Ok());
    create_tables(admin);
    write_rows(connection, 0, 40);  // acks=-1: acknowledged means durable on the leader
  }

  const uint16_t port1 = tablet1->port();
  ASSERT_TRUE(WIFSIGNALED(tablet1->kill(SIGKILL)));
  tablet1.reset();
  // Same port and data; it waits for the killed process's session to time out.
  tablet1 = std::make_unique<FlussProcess>("tablet", write_config("tablet-1", 1, port1));
  ASSERT_EQ(tablet1->port(), port1) << tablet1->output();
  {
    client::Connection connection = connect(bootstrap);
    std::vector<int32_t> expected;
    for (int32_t i = 0; i < 40; ++i) expected.push_back(i);
    EXPECT_EQ(read_events(connection, 40), expected);
    EXPECT_TRUE(eventually([&] { return all_keys_found(connection, 40); }));
  }

  for (FlussProcess* process : {tablet1.get(), tablet0.get(), &coordinator}) {
    const int status = process->kill(SIGTERM);
    const std::string output = process->rest_of_output();
    ASSERT_TRUE(WIFEXITED(status)) << output;
    EXPECT_EQ(WEXITSTATUS(status), 0) << output;
    EXPECT_THAT(output, ::testing::HasSubstr("stopped cleanly"));
  }
}

}  // namespace
}  // namespace fluss::server::test
