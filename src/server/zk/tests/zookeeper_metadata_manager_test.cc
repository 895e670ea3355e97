// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/metadata/metadata_manager.h"
#include "server/metadata/tests/metadata_manager_conformance.h"
#include "server/zk/tests/zookeeper_test_env.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {

INSTANTIATE_TYPED_TEST_SUITE_P(ZooKeeper, MetadataManagerConformanceTest, ZooKeeperEnv);

namespace {

using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ZooKeeperMetadataManagerTest, TabletServerRegistrationsAreEphemeral) {
  auto server = ZooKeeperMetadataStore::open(test_options(test_root()));
  auto coordinator = ZooKeeperMetadataStore::open(test_options(test_root()));
  ASSERT_OK(server);
  ASSERT_OK(coordinator);
  MetadataManager server_view(**server);
  MetadataManager coordinator_view(**coordinator);
  TabletServerRegistration reg{.listeners = "CLIENT://127.0.0.1:9123", .register_timestamp_ms = 5};
  ASSERT_OK(server_view.register_tablet_server(ServerId(2), reg));
  ASSERT_OK(server_view.register_tablet_server(ServerId(0), reg));
  EXPECT_THAT(coordinator_view.register_tablet_server(ServerId(2), reg),
              StatusIsWith(ErrorCode::kNodeExists, "tablet server 2"));
  EXPECT_THAT(*coordinator_view.list_tablet_servers(), ElementsAre(ServerId(0), ServerId(2)));
  EXPECT_EQ(**coordinator_view.get_tablet_server(ServerId(2)), reg);
  ASSERT_OK(server_view.unregister_tablet_server(ServerId(0)));
  EXPECT_THAT(server_view.unregister_tablet_server(ServerId(0)),
              StatusIs(ErrorCode::kServerNotExistException));
  server->reset();
  EXPECT_THAT(*coordinator_view.list_tablet_servers(), IsEmpty());
  EXPECT_FALSE(coordinator_view.get_tablet_server(ServerId(2))->has_value());
}

TEST(ZooKeeperMetadataManagerTest, CoordinatorRegistrationsAreEphemeral) {
  auto first = ZooKeeperMetadataStore::open(test_options(test_root()));
  auto second = ZooKeeperMetadataStore::open(test_options(test_root()));
  ASSERT_OK(first);
  ASSERT_OK(second);
  MetadataManager first_view(**first);
  MetadataManager second_view(**second);
  const CoordinatorAddress a{.id = "a", .listeners = "FLUSS://127.0.0.1:9123"};
  const CoordinatorAddress b{.id = "b", .listeners = "FLUSS://127.0.0.1:9124"};
  ASSERT_OK(first_view.register_coordinator(a));
  EXPECT_THAT(second_view.register_coordinator(b), StatusIs(ErrorCode::kNodeExists));
  EXPECT_EQ(**second_view.get_active_coordinator(), a);
  first->reset();
  EXPECT_FALSE(second_view.get_active_coordinator()->has_value());
  EXPECT_THAT(*second_view.list_coordinators(), ElementsAre("b"));
  ASSERT_OK(second_view.unregister_active_coordinator("b"));
}

}  // namespace
}  // namespace fluss::server
