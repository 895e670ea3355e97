// SPDX-License-Identifier: Apache-2.0
#include "server/base/listeners.h"

#include <charconv>
#include <optional>

#include "common/config_options.h"

namespace fluss::server {

Result<TabletServerAddress> parse_listener(std::string_view listeners, std::string_view name) {
  std::optional<std::string_view> chosen;
  size_t start = 0;
  while (start <= listeners.size()) {
    size_t comma = listeners.find(',', start);
    if (comma == std::string_view::npos) comma = listeners.size();
    const std::string_view item = listeners.substr(start, comma - start);
    const size_t scheme = item.find("://");
    if (scheme != std::string_view::npos) {
      if (!name.empty() && item.substr(0, scheme) == name) {
        chosen = item;
        break;
      }
      if (!chosen) chosen = item;  // the first, unless `name` comes later
    }
    start = comma + 1;
  }
  if (!chosen) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "listeners '{}' have no NAME://host:port entry", listeners);
  }
  std::string_view address = chosen->substr(chosen->find("://") + 3);
  const size_t colon = address.rfind(':');
  uint32_t port = 0;
  if (colon == std::string_view::npos ||
      std::from_chars(address.data() + colon + 1, address.data() + address.size(), port).ec !=
          std::errc() ||
      port > 65535) {
    return make_error(ErrorCode::kInvalidConfigException, "listener '{}' has no valid port",
                      *chosen);
  }
  return TabletServerAddress{.host = std::string(address.substr(0, colon)),
                             .port = static_cast<uint16_t>(port)};
}

Result<TabletServerAddress> bind_listener(const Configuration& config) {
  FLUSS_ASSIGN_OR_RETURN(std::optional<std::string> listeners,
                         config.get_optional(ConfigOptions::kBindListeners));
  if (!listeners || listeners->empty()) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "bind.listeners is not set (e.g. bind.listeners: FLUSS://localhost:9123)");
  }
  FLUSS_ASSIGN_OR_RETURN(std::string name, config.get(ConfigOptions::kInternalListenerName));
  Result<TabletServerAddress> address = parse_listener(*listeners, name);
  if (!address.ok()) return address.status().with_context("bind.listeners");
  return address;
}

}  // namespace fluss::server
