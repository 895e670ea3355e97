// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary text to the server.yaml loader: it must return a value or an
// INVALID_CONFIG_EXCEPTION, never crash, hang or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/check.h"
#include "common/config_options.h"
#include "common/server_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fluss::Result<fluss::LoadedServerConfig> loaded =
      fluss::load_server_yaml_string(text, "fuzz.yaml");
  if (loaded.ok()) {
    // Whatever was accepted reads back through the typed options.
    for (const auto& [key, value] : loaded->config.to_map()) {
      if (const fluss::ConfigOptionDef* option = fluss::ConfigOptions::find(key)) {
        FLUSS_CHECK(fluss::validate_config_value(*option, value).ok(), "{} accepted", key);
      }
    }
  } else {
    FLUSS_CHECK(loaded.status().is(fluss::ErrorCode::kInvalidConfigException), "{}",
                loaded.status().to_string());
  }
  return 0;
}
