// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace fluss {

// The process-wide logger ("fluss"); lines look like
// "2026-11-24 10:00:00.123 INFO  [fluss] LogManager: opened 12 tablets in 0.4 s".
spdlog::logger& logger();

// Sets the level from Fluss's names ("TRACE", "DEBUG", "INFO", "WARN", "ERROR",
// case-insensitive); returns false for anything else.
bool set_log_level(std::string_view level);

}  // namespace fluss

#define FLUSS_LOG_TRACE(...) ::fluss::logger().trace(__VA_ARGS__)
#define FLUSS_LOG_DEBUG(...) ::fluss::logger().debug(__VA_ARGS__)
#define FLUSS_LOG_INFO(...) ::fluss::logger().info(__VA_ARGS__)
#define FLUSS_LOG_WARN(...) ::fluss::logger().warn(__VA_ARGS__)
#define FLUSS_LOG_ERROR(...) ::fluss::logger().error(__VA_ARGS__)
