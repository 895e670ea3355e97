// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/api_keys.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "rpc/protocol/fluss_api.pb.h"

namespace fluss::rpc {
namespace {

TEST(ApiKeysTest, TableCoversEveryKeyFrom1000To1064InOrder) {
  auto apis = all_apis();
  ASSERT_EQ(apis.size(), 65u);
  for (size_t i = 0; i < apis.size(); ++i) {
    EXPECT_EQ(apis[i].id(), 1000 + static_cast<int>(i));
    EXPECT_EQ(find_api(apis[i].id()), &apis[i]);
    EXPECT_LE(apis[i].min_version, apis[i].max_version);
  }
  EXPECT_EQ(find_api(999), nullptr);
  EXPECT_EQ(find_api(1065), nullptr);
  EXPECT_EQ(find_api(-1), nullptr);
}

TEST(ApiKeysTest, NamesAreFlussNames) {
  EXPECT_EQ(api_key_name(1000), "API_VERSIONS");
  EXPECT_EQ(api_key_name(ApiKey::kProduceLog), "PRODUCE_LOG");
  EXPECT_EQ(api_key_name(1012), "GET_METADATA");
  EXPECT_EQ(api_key_name(1064), "LIST_KV_SNAPSHOTS");
  EXPECT_EQ(api_key_name(7), "UNKNOWN");
  EXPECT_EQ(describe_api_key(1016), "PUT_KV (1016)");
  EXPECT_EQ(describe_api_key(2000), "unknown API key 2000");
  EXPECT_EQ(fmt::format("{}", ApiKey::kLookup), "LOOKUP");
  EXPECT_EQ(fmt::format("{}", ServerType::kTabletServer), "tablet server");
}

TEST(ApiKeysTest, VersionedApisAreExactlyPutKvLookupAndPrefixLookup) {
  for (const ApiInfo& api : all_apis()) {
    SCOPED_TRACE(api.name);
    EXPECT_EQ(api.min_version, 0);
    switch (api.key) {
      case ApiKey::kPutKv:
        EXPECT_EQ(api.max_version, 2);
        break;
      case ApiKey::kLookup:
      case ApiKey::kPrefixLookup:
        EXPECT_EQ(api.max_version, 1);
        break;
      default:
        EXPECT_EQ(api.max_version, 0);
    }
  }
}

TEST(ApiKeysTest, ServedApisFollowFlussGateways) {
  std::vector<ApiKey> coordinator = served_apis(ServerType::kCoordinator);
  std::vector<ApiKey> tablet = served_apis(ServerType::kTabletServer);
  auto has = [](const std::vector<ApiKey>& keys, ApiKey key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  // RpcGateway and AdminReadOnlyGateway: both.
  for (ApiKey key : {ApiKey::kApiVersions, ApiKey::kAuthenticate, ApiKey::kGetMetadata,
                     ApiKey::kListDatabases, ApiKey::kGetTableInfo, ApiKey::kGetClusterHealth}) {
    EXPECT_TRUE(has(coordinator, key)) << key;
    EXPECT_TRUE(has(tablet, key)) << key;
  }
  // AdminGateway and CoordinatorGateway: coordinator only.
  for (ApiKey key : {ApiKey::kCreateDatabase, ApiKey::kCreateTable, ApiKey::kAdjustIsr,
                     ApiKey::kCommitKvSnapshot, ApiKey::kListKvSnapshots}) {
    EXPECT_TRUE(has(coordinator, key)) << key;
    EXPECT_FALSE(has(tablet, key)) << key;
  }
  // TabletServerGateway: tablet servers only.
  for (ApiKey key : {ApiKey::kProduceLog, ApiKey::kFetchLog, ApiKey::kPutKv, ApiKey::kLookup,
                     ApiKey::kInitWriter, ApiKey::kUpdateMetadata, ApiKey::kScanKv}) {
    EXPECT_FALSE(has(coordinator, key)) << key;
    EXPECT_TRUE(has(tablet, key)) << key;
  }
  // 18 on both, 31 coordinator-only, 16 tablet-only (the gateway interfaces).
  EXPECT_EQ(coordinator.size() + tablet.size(), 2 * 18 + 31 + 16);
  EXPECT_TRUE(std::is_sorted(coordinator.begin(), coordinator.end()));
}

TEST(ApiKeysTest, ApiVersionsResponseListsExactlyTheHandledApis) {
  const ApiKey handled[] = {ApiKey::kPutKv, ApiKey::kApiVersions, ApiKey::kProduceLog,
                            ApiKey::kPutKv};
  proto::ApiVersionsResponse response =
      make_api_versions_response(ServerType::kTabletServer, handled);
  EXPECT_EQ(response.server_type(), 2);
  ASSERT_EQ(response.api_versions_size(), 3);
  EXPECT_EQ(response.api_versions(0).api_key(), 1000);
  EXPECT_EQ(response.api_versions(1).api_key(), 1014);
  EXPECT_EQ(response.api_versions(2).api_key(), 1016);
  EXPECT_EQ(response.api_versions(2).min_version(), 0);
  EXPECT_EQ(response.api_versions(2).max_version(), 2);
  EXPECT_TRUE(response.IsInitialized());

  proto::ApiVersionsResponse coordinator =
      make_api_versions_response(ServerType::kCoordinator, served_apis(ServerType::kCoordinator));
  EXPECT_EQ(coordinator.server_type(), 1);
  EXPECT_EQ(static_cast<size_t>(coordinator.api_versions_size()),
            served_apis(ServerType::kCoordinator).size());
}

}  // namespace
}  // namespace fluss::rpc
