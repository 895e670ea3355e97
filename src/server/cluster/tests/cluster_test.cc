// SPDX-License-Identifier: Apache-2.0
// A coordinator and two tablet servers of a cluster in one process, each with its
// own ZooKeeper session and network threads, talking only over RPC on loopback;
// the client library drives them across tablet-server and coordinator restarts
// and a session expiry.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config_options.h"
#include "common/io_context_pool.h"
#include "server/cluster/cluster_coordinator.h"
#include "server/cluster/cluster_tablet_server.h"
#include "server/cluster/tests/cluster_test_env.h"
#include "test_utils/status_matchers.h"

namespace fluss::server::test {
namespace {

using ::fluss::test::StatusIsWith;
using ::testing::HasSubstr;

// One server: its network threads outlive it.
template <typename Server>
struct Running {
  std::unique_ptr<IoContextPool> pool = std::make_unique<IoContextPool>(1, "net");
  std::unique_ptr<Server> server;

  void stop() {
    if (server != nullptr) EXPECT_OK(server->stop());
    server.reset();
  }
  ~Running() {
    stop();
    pool->stop();
  }
};

class ClusterTest : public ::testing::Test {
 protected:
  Configuration base_config(uint16_t port = 0) const {
    Configuration config;
    config.set(ConfigOptions::kZookeeperAddress, zookeeper().address());
    config.set(ConfigOptions::kZookeeperRoot, root_);
    config.set(ConfigOptions::kZookeeperSessionTimeout, std::chrono::seconds(4));
    config.set(ConfigOptions::kRemoteDataDir, (dir_.path() / "remote").string());
    config.set(ConfigOptions::kBindListeners, fmt::format("FLUSS://127.0.0.1:{}", port));
    return config;
  }

  void start_coordinator(uint16_t port = 0) {
    auto started = ClusterCoordinator::start(base_config(port), coordinator_.pool.operator*());
    ASSERT_OK(started);
    coordinator_.server = std::move(started).value();
  }

  void start_tablet(int id, uint16_t port = 0) {
    Configuration config = base_config(port);
    config.set(ConfigOptions::kTabletServerId, id);
    config.set(ConfigOptions::kDataDir, (dir_.path() / fmt::format("tablet-{}", id)).string());
    auto started = ClusterTabletServer::start(config, *tablets_[id].pool);
    ASSERT_OK(started);
    tablets_[id].server = std::move(started).value();
  }

  std::string bootstrap() const { return fmt::format("127.0.0.1:{}", coordinator_.server->port()); }

  // Buckets the running tablet servers lead.
  int leaders() const {
    int n = 0;
    for (const auto& tablet : tablets_) {
      if (tablet.server == nullptr) continue;
      for (const auto& replica : tablet.server->server().replicas().replicas()) {
        n += replica->is_leader() ? 1 : 0;
      }
    }
    return n;
  }

  // The buckets of db.kv and db.events GET_METADATA reports without a leader.
  int leaderless_buckets() {
    rpc::proto::MetadataRequest request;
    for (const char* table : {"events", "kv"}) {
      rpc::proto::PbTablePath* path = request.add_table_path();
      path->set_database_name("db");
      path->set_table_name(table);
    }
    auto response = coordinator_.server->server().service().get_metadata(request);
    if (!response.ok()) return -1;
    int n = 0;
    for (const auto& table : response->table_metadata()) {
      for (const auto& bucket : table.bucket_metadata()) n += bucket.has_leader_id() ? 0 : 1;
    }
    return n;
  }

  const std::string root_ = test_root();
  TempDir dir_;
  Running<ClusterCoordinator> coordinator_;
  Running<ClusterTabletServer> tablets_[2];
};

TEST_F(ClusterTest, ServesTheClientAcrossTabletAndCoordinatorRestartsAndASessionExpiry) {
  start_coordinator();
  start_tablet(0);
  start_tablet(1);
  {
    client::Connection connection = connect(bootstrap());
    client::Admin admin;
    ASSERT_TRUE(connection.GetAdmin(admin).Ok());
    create_tables(admin);
    std::vector<client::ServerNode> nodes;
    ASSERT_TRUE(admin.GetServerNodes(nodes).Ok());
    EXPECT_EQ(nodes.size(), 3u);  // the coordinator and both tablet servers
    ASSERT_TRUE(eventually([&] { return leaders() == 4; }));
    // Both servers hold buckets (placement over the registered servers).
    EXPECT_GT(tablets_[0].server->server().replicas().replica_count(), 0u);
    EXPECT_GT(tablets_[1].server->server().replicas().replica_count(), 0u);
    write_rows(connection, 0, 20);
    EXPECT_EQ(read_events(connection, 20).size(), 20u);
    EXPECT_TRUE(all_keys_found(connection, 20));
  }

  // Tablet server 1 stops: its buckets have no leader until it is back; then the
  // coordinator (watching /tabletservers/ids) sends it its buckets again.
  const uint16_t port1 = tablets_[1].server->port();
  const int led_by_1 = static_cast<int>(tablets_[1].server->server().replicas().replica_count());
  tablets_[1].stop();
  ASSERT_TRUE(eventually([&] { return leaderless_buckets() == led_by_1; })) << leaderless_buckets();
  start_tablet(1, port1);
  ASSERT_TRUE(eventually([&] { return leaders() == 4 && leaderless_buckets() == 0; }));
  {
    client::Connection connection = connect(bootstrap());
    EXPECT_EQ(read_events(connection, 20).size(), 20u);
    EXPECT_TRUE(eventually([&] { return all_keys_found(connection, 20); }));
    write_rows(connection, 20, 10);
  }

  // The coordinator restarts (same port): the tablet servers keep serving and it
  // places new tables again.
  const uint16_t coordinator_port = coordinator_.server->port();
  const int32_t epoch = coordinator_.server->epoch();
  coordinator_.stop();
  start_coordinator(coordinator_port);
  EXPECT_EQ(coordinator_.server->epoch(), epoch + 1);
  {
    client::Connection connection = connect(bootstrap());
    EXPECT_EQ(read_events(connection, 30).size(), 30u);
    EXPECT_TRUE(eventually([&] { return all_keys_found(connection, 30); }));
    client::Admin admin;
    ASSERT_TRUE(connection.GetAdmin(admin).Ok());
    ASSERT_TRUE(admin.CreateDatabase("db2", {}).Ok());
  }

  // Tablet server 0's session expires: its ephemeral registration is gone with it,
  // and it registers again on the new session.
  auto registered_at = [&]() -> int64_t {
    auto registration = coordinator_.server->server().metadata().get_tablet_server(ServerId(0));
    return registration.ok() && *registration ? (*registration)->register_timestamp_ms : -1;
  };
  const int64_t before = registered_at();
  ASSERT_GT(before, 0);
  ASSERT_OK(tablets_[0].server->store().expire_session_for_testing());
  ASSERT_TRUE(eventually([&] { return registered_at() > before; }));
  ASSERT_TRUE(eventually([&] { return leaders() == 4 && leaderless_buckets() == 0; }));
  {
    client::Connection connection = connect(bootstrap());
    EXPECT_TRUE(eventually([&] { return all_keys_found(connection, 30); }));
    EXPECT_EQ(read_events(connection, 30).size(), 30u);
  }
}

// A whole-cluster restart with the coordinator first: its recovery finds no
// tablet server, so every bucket is leaderless until they register again.
TEST_F(ClusterTest, AFullRestartCoordinatorFirstServesEverythingAgain) {
  start_coordinator();
  start_tablet(0);
  start_tablet(1);
  {
    client::Connection connection = connect(bootstrap());
    client::Admin admin;
    ASSERT_TRUE(connection.GetAdmin(admin).Ok());
    create_tables(admin);
    write_rows(connection, 0, 10);
  }
  const uint16_t ports[] = {tablets_[0].server->port(), tablets_[1].server->port()};
  const uint16_t coordinator_port = coordinator_.server->port();
  tablets_[0].stop();
  tablets_[1].stop();
  coordinator_.stop();

  start_coordinator(coordinator_port);
  EXPECT_EQ(leaderless_buckets(), 4);
  start_tablet(0, ports[0]);
  start_tablet(1, ports[1]);
  ASSERT_TRUE(eventually([&] { return leaders() == 4 && leaderless_buckets() == 0; }));
  client::Connection connection = connect(bootstrap());
  EXPECT_EQ(read_events(connection, 10).size(), 10u);
  EXPECT_TRUE(eventually([&] { return all_keys_found(connection, 10); }));
}

TEST_F(ClusterTest, TabletServersAnswerMetadataReadsFromTheirOwnSession) {
  start_coordinator();
  start_tablet(0);
  {
    client::Connection connection = connect(bootstrap());
    client::Admin admin;
    ASSERT_TRUE(connection.GetAdmin(admin).Ok());
    create_tables(admin);
  }
  rpc::proto::MetadataRequest request;
  rpc::proto::PbTablePath* path = request.add_table_path();
  path->set_database_name("db");
  path->set_table_name("kv");
  // Through the tablet server's own reader (its session, not the coordinator's).
  client::Connection connection = connect(fmt::format("127.0.0.1:{}", tablets_[0].server->port()));
  client::Admin admin;
  ASSERT_TRUE(connection.GetAdmin(admin).Ok());
  std::vector<std::string> tables;
  ASSERT_TRUE(admin.ListTables("db", tables).Ok());
  EXPECT_THAT(tables, ::testing::ElementsAre("events", "kv"));
  std::vector<client::ServerNode> nodes;
  ASSERT_TRUE(admin.GetServerNodes(nodes).Ok());
  ASSERT_EQ(nodes.size(), 2u);  // the active coordinator (from /coordinators/active) + itself
}

TEST_F(ClusterTest, CreateTableWithoutTabletServersIsInvalidReplicationFactor) {
  start_coordinator();
  client::Connection connection = connect(bootstrap());
  client::Admin admin;
  ASSERT_TRUE(connection.GetAdmin(admin).Ok());
  ASSERT_TRUE(admin.CreateDatabase("db", {}).Ok());
  client::Result created = admin.CreateTable(
      client::TablePath("db", "t"),
      client::TableDescriptor::NewBuilder()
          .SetSchema(client::Schema::NewBuilder().AddColumn("a", client::DataType::Int()).Build())
          .Build());
  EXPECT_EQ(created.error_code, client::ErrorCode::INVALID_REPLICATION_FACTOR);
  EXPECT_THAT(created.error_message, HasSubstr("available tablet servers: 0"));
}

TEST_F(ClusterTest, ErrorsNameTheMissingKeyTheIdAndTheZooKeeperAddress) {
  IoContextPool pool(1, "net");
  Configuration config = base_config();
  config.remove(ConfigOptions::kZookeeperAddress.key);
  EXPECT_THAT(ClusterCoordinator::start(config, pool),
              StatusIsWith(ErrorCode::kInvalidConfigException, "zookeeper.address"));
  config = base_config();
  config.remove(ConfigOptions::kBindListeners.key);
  EXPECT_THAT(ClusterCoordinator::start(config, pool),
              StatusIsWith(ErrorCode::kInvalidConfigException, "bind.listeners"));
  config = base_config();
  config.set(ConfigOptions::kDataDir, (dir_.path() / "t").string());
  EXPECT_THAT(ClusterTabletServer::start(config, pool),
              StatusIsWith(ErrorCode::kInvalidConfigException, "tablet-server.id"));
  config.set(ConfigOptions::kTabletServerId, 7);
  config.set(ConfigOptions::kZookeeperAddress, "127.0.0.1:1");
  config.set(ConfigOptions::kZookeeperConnectionTimeout, std::chrono::milliseconds(500));
  auto unreachable = ClusterTabletServer::start(config, pool);
  EXPECT_THAT(unreachable, StatusIsWith(ErrorCode::kNetworkException, "127.0.0.1:1"));
  EXPECT_THAT(unreachable.status().message(), HasSubstr("tablet server 7"));
  pool.stop();
}

}  // namespace
}  // namespace fluss::server::test
