// SPDX-License-Identifier: Apache-2.0
#include "common/config_option.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "common/status.h"

namespace fluss {
namespace {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r\n\f\v";
  const size_t begin = text.find_first_not_of(kBlank);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kBlank) - begin + 1);
}

struct MemoryUnit {
  std::array<std::string_view, 3> labels;
  int64_t multiplier;
};
constexpr MemoryUnit kMemoryUnits[] = {
    {{"b", "bytes", "b"}, 1},
    {{"k", "kb", "kibibytes"}, int64_t{1} << 10},
    {{"m", "mb", "mebibytes"}, int64_t{1} << 20},
    {{"g", "gb", "gibibytes"}, int64_t{1} << 30},
    {{"t", "tb", "tebibytes"}, int64_t{1} << 40},
};

// Key fragments that mark a value as secret, as Fluss's ConfigurationUtils.
constexpr std::string_view kSensitiveKeyParts[] = {
    "password",    "secret",      "fs.azure.account.key", "apikey",
    "api-key",     "auth-params", "service-key",          "token",
    "basic-auth",  "jaas.config", "http-headers",         "private.key",
    "private-key", "access.key",  "access-key",           "access_key",
    "accesskey"};
// Keys that contain one of the fragments above but are not secret.
constexpr std::string_view kNonSensitiveKeys[] = {
    "client.filesystem.security.token.renewal.backoff",
    "client.filesystem.security.token.renewal.time-ratio"};

}  // namespace

std::string_view config_type_name(ConfigType type) {
  switch (type) {
    case ConfigType::kBool:
      return "Boolean";
    case ConfigType::kInt:
      return "Integer";
    case ConfigType::kLong:
      return "Long";
    case ConfigType::kDouble:
      return "Double";
    case ConfigType::kString:
      return "String";
    case ConfigType::kDuration:
      return "Duration";
    case ConfigType::kMemorySize:
      return "MemorySize";
    case ConfigType::kEnum:
      return "Enum";
    case ConfigType::kPassword:
      return "Password";
    case ConfigType::kMap:
      return "Map";
  }
  return "?";
}

Result<MemorySize> MemorySize::parse(std::string_view text) {
  const std::string_view trimmed = trim(text);
  size_t digits = 0;
  while (digits < trimmed.size() && trimmed[digits] >= '0' && trimmed[digits] <= '9') ++digits;
  const std::string unit = ascii_lower(trim(trimmed.substr(digits)));
  if (digits == 0) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "memory size '{}' does not start with a number", text);
  }
  if (unit.empty()) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "memory size '{}' has no unit; expected a number with b, kb, mb, gb or tb, "
                      "e.g. 64kb, 256mb, 1 gb",
                      text);
  }
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + digits, value);
  if (ec != std::errc() || end != trimmed.data() + digits) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "memory size '{}' does not fit in 64 bits", text);
  }
  for (const MemoryUnit& candidate : kMemoryUnits) {
    if (std::find(candidate.labels.begin(), candidate.labels.end(), unit) ==
        candidate.labels.end()) {
      continue;
    }
    if (value > INT64_MAX / candidate.multiplier) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "memory size '{}' does not fit in 64 bits of bytes", text);
    }
    return MemorySize{value * candidate.multiplier};
  }
  return make_error(ErrorCode::kInvalidConfigException,
                    "memory size '{}' has unknown unit '{}'; expected one of b|bytes, "
                    "k|kb|kibibytes, m|mb|mebibytes, g|gb|gibibytes, t|tb|tebibytes",
                    text, unit);
}

std::string MemorySize::to_string() const {
  constexpr std::string_view kLabels[] = {"b", "kb", "mb", "gb", "tb"};
  size_t unit = 0;
  int64_t value = bytes;
  while (unit + 1 < std::size(kLabels) && value != 0 && value % 1024 == 0) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{}{}", value, kLabels[unit]);
}

std::ostream& operator<<(std::ostream& os, const MemorySize& size) {
  return os << size.to_string();
}

std::ostream& operator<<(std::ostream& os, const Password&) { return os << Password::kHidden; }

bool ConfigOptionDef::is_sensitive() const {
  return type == ConfigType::kPassword || is_sensitive_config_key(key);
}

bool is_sensitive_config_key(std::string_view key) {
  const std::string lower = ascii_lower(key);
  if (std::find(std::begin(kNonSensitiveKeys), std::end(kNonSensitiveKeys), lower) !=
      std::end(kNonSensitiveKeys)) {
    return false;
  }
  return std::any_of(std::begin(kSensitiveKeyParts), std::end(kSensitiveKeyParts),
                     [&](std::string_view part) { return lower.find(part) != std::string::npos; });
}

}  // namespace fluss
