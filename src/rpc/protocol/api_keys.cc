// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/api_keys.h"

#include <algorithm>
#include <array>

#include "common/check.h"
#include "rpc/protocol/fluss_api.pb.h"

namespace fluss::rpc {
namespace {

template <typename T>
std::unique_ptr<google::protobuf::Message> new_message() {
  return std::make_unique<T>();
}

constexpr int16_t kFirstKey = 1000;

constexpr std::array kApis = {
#define FLUSS_API_INFO(key, name, enumerator, min, max, scope, visibility, request, response) \
  ApiInfo{ApiKey::enumerator,                                                                 \
          #name,                                                                              \
          min,                                                                                \
          max,                                                                                \
          ApiScope::scope,                                                                    \
          ApiVisibility::visibility,                                                          \
          #request,                                                                           \
          #response,                                                                          \
          &new_message<proto::request>,                                                       \
          &new_message<proto::response>},
    FLUSS_API_KEYS(FLUSS_API_INFO)
#undef FLUSS_API_INFO
};

// The table is dense and sorted (1000..1064), so a key is its own index.
constexpr bool keys_are_dense() {
  for (size_t i = 0; i < kApis.size(); ++i) {
    if (static_cast<int16_t>(kApis[i].key) != kFirstKey + static_cast<int16_t>(i)) return false;
  }
  return true;
}

}  // namespace

bool ApiInfo::served_by(ServerType server) const {
  switch (scope) {
    case ApiScope::kBoth:
      return true;
    case ApiScope::kCoordinator:
      return server == ServerType::kCoordinator;
    case ApiScope::kTabletServer:
      return server == ServerType::kTabletServer;
  }
  return false;
}

std::span<const ApiInfo> all_apis() {
  static_assert(keys_are_dense());
  return kApis;
}

const ApiInfo* find_api(int16_t key) {
  if (key < kFirstKey || key >= kFirstKey + static_cast<int16_t>(kApis.size())) return nullptr;
  return &kApis[key - kFirstKey];
}

const ApiInfo& api_info(ApiKey key) {
  const ApiInfo* info = find_api(static_cast<int16_t>(key));
  FLUSS_CHECK(info != nullptr, "ApiKey {} is not in the table", static_cast<int16_t>(key));
  return *info;
}

std::string_view api_key_name(int16_t key) {
  const ApiInfo* info = find_api(key);
  return info == nullptr ? std::string_view("UNKNOWN") : info->name;
}

std::string_view api_key_name(ApiKey key) { return api_key_name(static_cast<int16_t>(key)); }

std::string describe_api_key(int16_t key) {
  const ApiInfo* info = find_api(key);
  if (info == nullptr) return fmt::format("unknown API key {}", key);
  return fmt::format("{} ({})", info->name, key);
}

std::string_view server_type_name(ServerType server) {
  switch (server) {
    case ServerType::kCoordinator:
      return "coordinator";
    case ServerType::kTabletServer:
      return "tablet server";
  }
  return "unknown server type";
}

std::vector<ApiKey> served_apis(ServerType server) {
  std::vector<ApiKey> keys;
  for (const ApiInfo& api : kApis) {
    if (api.served_by(server)) keys.push_back(api.key);
  }
  return keys;
}

proto::ApiVersionsResponse make_api_versions_response(ServerType server,
                                                      std::span<const ApiKey> handled) {
  std::vector<ApiKey> keys(handled.begin(), handled.end());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  proto::ApiVersionsResponse response;
  for (ApiKey key : keys) {
    const ApiInfo& api = api_info(key);
    proto::PbApiVersion* version = response.add_api_versions();
    version->set_api_key(api.id());
    version->set_min_version(api.min_version);
    version->set_max_version(api.max_version);
  }
  response.set_server_type(static_cast<int32_t>(server));
  return response;
}

std::ostream& operator<<(std::ostream& os, ApiKey key) { return os << api_key_name(key); }

std::ostream& operator<<(std::ostream& os, ServerType server) {
  return os << server_type_name(server);
}

}  // namespace fluss::rpc
