// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/configuration.h"
#include "common/result.h"
#include "model/ids.h"

namespace fluss::server {

// One host:port of a server's listeners (bind.listeners, a registration's
// "listeners"), without the listener name.
struct TabletServerAddress {
  std::string host;
  uint16_t port = 0;
};

// A server as GET_METADATA reports it: id, host and port of one listener.
struct ServerEndpoint {
  ServerId id = kNoServerId;
  std::string host;
  int32_t port = 0;
};

// "FLUSS://host:port,OTHER://..." (Fluss's Endpoint.fromListenersString) -> the
// listener named `name`, or the first one when `name` is empty or absent.
// INVALID_CONFIG_EXCEPTION naming the text when there is no NAME://host:port entry
// or the chosen one has no valid port.
Result<TabletServerAddress> parse_listener(std::string_view listeners, std::string_view name = "");

// The listener a server binds: the entry of bind.listeners named
// internal.listener.name (default FLUSS), or its first. INVALID_CONFIG_EXCEPTION
// naming bind.listeners when it is missing or malformed.
Result<TabletServerAddress> bind_listener(const Configuration& config);

}  // namespace fluss::server
