// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/result.h"

// Descriptors and value types of configuration options (docs/configuration.md); the
// definitions are in configuration.cc, next to the value parsers.
namespace fluss {

// The value type of a configuration option, as Fluss's ConfigBuilder declares it
// (booleanType(), intType(), ..., mapType()). The value syntax of each is in
// docs/configuration.md.
enum class ConfigType : uint8_t {
  kBool,
  kInt,   // 32-bit signed
  kLong,  // 64-bit signed
  kDouble,
  kString,
  kDuration,    // "10 s", "500ms", "7 d"; a unit is required
  kMemorySize,  // "256mb", "1 gb", "4k"; a unit is required
  kEnum,        // one of the option's enum_values, case-insensitively
  kPassword,    // a string that never appears in logs
  kMap,         // "k1:v1,k2:v2"
};

// "Boolean", "Integer", "Long", "Double", "String", "Duration", "MemorySize", "Enum",
// "Password", "Map": the names Fluss's documentation uses.
std::string_view config_type_name(ConfigType type);

// Which Fluss component reads an option: FlussConfigUtils's TABLE_OPTIONS are the
// `table.*` keys, CLIENT_OPTIONS the `client.*` ones (plus bootstrap.servers and
// netty.client.*); everything else is read by the servers.
enum class ConfigScope : uint8_t { kServer, kClient, kTable };

// An older key still read for an option when the option's own key is absent.
// Deprecated keys are logged as such; plain fallback keys are not.
struct FallbackKey {
  std::string_view key;
  bool deprecated = false;
};

// Whether a key looks secret ("password", "secret", "token", "jaas.config", ... as
// Fluss's ConfigurationUtils): such values are never printed.
bool is_sensitive_config_key(std::string_view key);

// A number of bytes, as Fluss's MemorySize. parse() accepts "<digits> <unit>" with
// unit b|bytes, k|kb|kibibytes, m|mb|mebibytes, g|gb|gibibytes, t|tb|tebibytes
// (case-insensitive, binary multiples, optional blank before the unit). Like Fluss,
// a bare number without a unit is rejected.
struct MemorySize {
  int64_t bytes = 0;

  static Result<MemorySize> parse(std::string_view text);
  // The largest unit that divides exactly: "256mb", "4kb", "0b".
  std::string to_string() const;
  friend bool operator==(const MemorySize&, const MemorySize&) = default;
};
std::ostream& operator<<(std::ostream& os, const MemorySize& size);

// A secret option value (Fluss's Password): prints as "******".
class Password {
 public:
  Password() = default;
  explicit Password(std::string value) : value_(std::move(value)) {}
  const std::string& value() const { return value_; }
  static constexpr std::string_view kHidden = "******";
  friend bool operator==(const Password&, const Password&) = default;

 private:
  std::string value_;
};
std::ostream& operator<<(std::ostream& os, const Password& password);

// The untyped description of one option: a row of the catalogue in
// config_options.cc. Plain constant data with static storage duration.
struct ConfigOptionDef {
  std::string_view key{};
  ConfigType type = ConfigType::kString;
  bool is_list = false;  // comma-separated values of `type`
  // The default in the option's value syntax; nullopt if the option has none.
  std::optional<std::string_view> default_value{};
  std::span<const std::string_view> enum_values{};  // kEnum: the accepted values
  std::span<const FallbackKey> fallback_keys{};     // checked in order
  ConfigScope scope = ConfigScope::kServer;
  std::string_view section{};  // the ConfigOptions.java section, e.g. "log"
  bool deprecated = false;     // the option itself is deprecated
  std::string_view description{};

  // Password options and options whose key is_sensitive_config_key().
  bool is_sensitive() const;
};

namespace detail {
template <typename T>
constexpr bool config_type_accepts(ConfigType type, bool is_list) {
  using std::chrono::milliseconds;
  if constexpr (std::is_same_v<T, bool>) return type == ConfigType::kBool && !is_list;
  if constexpr (std::is_same_v<T, int32_t>) return type == ConfigType::kInt && !is_list;
  if constexpr (std::is_same_v<T, int64_t>) return type == ConfigType::kLong && !is_list;
  if constexpr (std::is_same_v<T, double>) return type == ConfigType::kDouble && !is_list;
  if constexpr (std::is_same_v<T, std::string>) {
    return (type == ConfigType::kString || type == ConfigType::kEnum) && !is_list;
  }
  if constexpr (std::is_same_v<T, milliseconds>) return type == ConfigType::kDuration && !is_list;
  if constexpr (std::is_same_v<T, MemorySize>) return type == ConfigType::kMemorySize && !is_list;
  if constexpr (std::is_same_v<T, Password>) return type == ConfigType::kPassword && !is_list;
  if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
    return type == ConfigType::kMap && !is_list;
  }
  if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return (type == ConfigType::kString || type == ConfigType::kEnum) && is_list;
  }
  if constexpr (std::is_same_v<T, std::vector<int32_t>>) return type == ConfigType::kInt && is_list;
  return false;
}
}  // namespace detail

// A typed handle on a ConfigOptionDef, as Fluss's ConfigOption<T>: what
// Configuration::get() takes. T is the parsed value type: bool, int32_t, int64_t,
// double, std::string (also for enums: the canonical spelling), milliseconds,
// MemorySize, Password, std::map<string,string>, std::vector<std::string|int32_t>.
// A T that does not fit the declared ConfigType fails to compile where the option
// is constant-initialized.
template <typename T>
class ConfigOption : public ConfigOptionDef {
 public:
  using ValueType = T;
  constexpr explicit ConfigOption(const ConfigOptionDef& def) : ConfigOptionDef(def) {
    if (!detail::config_type_accepts<T>(def.type, def.is_list)) {
      throw "ConfigOption<T> does not match the option's ConfigType";
    }
  }
};

}  // namespace fluss
