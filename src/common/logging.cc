// SPDX-License-Identifier: Apache-2.0
#include "common/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace fluss {

spdlog::logger& logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto l = spdlog::stderr_color_mt("fluss");
    l->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");
    l->set_level(spdlog::level::info);
    return l;
  }();
  return *instance;
}

bool set_log_level(std::string_view level) {
  std::string upper(level);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  spdlog::level::level_enum l;
  if (upper == "TRACE") {
    l = spdlog::level::trace;
  } else if (upper == "DEBUG") {
    l = spdlog::level::debug;
  } else if (upper == "INFO") {
    l = spdlog::level::info;
  } else if (upper == "WARN" || upper == "WARNING") {
    l = spdlog::level::warn;
  } else if (upper == "ERROR") {
    l = spdlog::level::err;
  } else if (upper == "OFF") {
    l = spdlog::level::off;
  } else {
    return false;
  }
  logger().set_level(l);
  return true;
}

}  // namespace fluss
