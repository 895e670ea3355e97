// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_option.h"
#include "common/result.h"

namespace fluss {

// --- Value syntax (docs/configuration.md). Every error is INVALID_CONFIG_EXCEPTION
// with a message naming the bad text and what was expected; callers add the key. ---

// "true" or "false", case-insensitively (no yes/no/1/0, as Fluss).
Result<bool> parse_config_bool(std::string_view text);
// Decimal with an optional sign, in range; no blanks.
Result<int32_t> parse_config_int(std::string_view text);
Result<int64_t> parse_config_long(std::string_view text);
// A decimal or scientific number, optional sign.
Result<double> parse_config_double(std::string_view text);
// "<digits> <unit>" with unit d|day|days, h|hour|hours, min|m|minute|minutes,
// s|sec|secs|second|seconds, ms|milli|millis|millisecond|milliseconds,
// µs|micro|micros|microsecond|microseconds, ns|nano|nanos|nanosecond|nanoseconds
// (case-insensitive, optional blank). A unit is required. Sub-millisecond parts are
// truncated, as Java's Duration.toMillis().
Result<std::chrono::milliseconds> parse_config_duration(std::string_view text);
// Formats with the largest unit that divides exactly: "7 d", "10 min", "500 ms".
std::string format_config_duration(std::chrono::milliseconds duration);
// The value among `values` equal to `text` ignoring ASCII case, in its canonical
// spelling.
Result<std::string> parse_config_enum(std::string_view text,
                                      std::span<const std::string_view> values);
// Splits at `delimiter` outside quotes, as Fluss's StructuredOptionsSplitter: items
// may be 'single' or "double" quoted (a doubled quote escapes itself), unquoted items
// are trimmed, empty input is an empty list, ",," yields an empty item.
Result<std::vector<std::string>> split_config_list(std::string_view text, char delimiter = ',');
// "k1:v1,k2:v2" (items and halves may be quoted as above); a repeated key is an error.
Result<std::map<std::string, std::string>> parse_config_map(std::string_view text);

// Checks that `text` is a valid value for `option`. The error names the key and
// shows the value unless the option is sensitive.
Status validate_config_value(const ConfigOptionDef& option, std::string_view text);

// Parses `text` as the value of `option` into `out`; errors as validate_config_value.
// One overload per value type of ConfigOption<T>.
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, bool& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, int32_t& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, int64_t& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, double& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, std::string& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::chrono::milliseconds& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, MemorySize& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, Password& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::map<std::string, std::string>& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::vector<std::string>& out);
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::vector<int32_t>& out);

// Fluss's Configuration: string keys to string values, read through typed options.
// Values are kept as written and parsed on every get(), so a Configuration can hold
// keys it does not know (plugin options) and round-trips exactly. A value type's
// owner that reads an option often should read it once. Not thread-safe; copy it.
class Configuration {
 public:
  using Map = std::map<std::string, std::string, std::less<>>;

  Configuration() = default;
  explicit Configuration(Map values) : values_(std::move(values)) {}

  // The value of `option` (or of its first fallback key that is set), else its
  // default. INVALID_CONFIG_EXCEPTION if the value does not parse, or if the option
  // is unset and has no default.
  template <typename T>
  Result<T> get(const ConfigOption<T>& option) const;
  // The value of `option` or of a fallback key, ignoring the default; nullopt if unset.
  template <typename T>
  Result<std::optional<T>> get_optional(const ConfigOption<T>& option) const;

  // The raw text under `option`'s key or, failing that, its first fallback key set.
  std::optional<std::string_view> raw_value(const ConfigOptionDef& option) const;
  std::optional<std::string_view> get_string(std::string_view key) const;

  void set_string(std::string key, std::string value);
  // Stores `value` in the option's value syntax.
  void set(const ConfigOption<bool>& option, bool value);
  void set(const ConfigOption<int32_t>& option, int32_t value);
  void set(const ConfigOption<int64_t>& option, int64_t value);
  void set(const ConfigOption<std::string>& option, std::string value);
  void set(const ConfigOption<std::chrono::milliseconds>& option, std::chrono::milliseconds value);
  void set(const ConfigOption<MemorySize>& option, MemorySize value);

  // Whether `option`'s key or one of its fallback keys is set.
  bool contains(const ConfigOptionDef& option) const { return raw_value(option).has_value(); }
  bool contains_key(std::string_view key) const { return values_.find(key) != values_.end(); }
  // Removes `key`; whether it was present.
  bool remove(std::string_view key);
  // Copies every entry of `other` over this one's.
  void add_all(const Configuration& other);

  const Map& to_map() const { return values_; }
  // to_map() with the values of sensitive keys replaced by "******", for logs.
  Map to_redacted_map() const;
  size_t size() const { return values_.size(); }

 private:
  Map values_;
};

// --- implementation ---

template <typename T>
Result<std::optional<T>> Configuration::get_optional(const ConfigOption<T>& option) const {
  const std::optional<std::string_view> text = raw_value(option);
  if (!text) return std::optional<T>();
  T value{};
  FLUSS_RETURN_IF_ERROR(parse_config_value(option, *text, value));
  return std::optional<T>(std::move(value));
}

template <typename T>
Result<T> Configuration::get(const ConfigOption<T>& option) const {
  std::optional<std::string_view> text = raw_value(option);
  if (!text) text = option.default_value;
  if (!text) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "configuration '{}' is not set and has no default", option.key);
  }
  T value{};
  FLUSS_RETURN_IF_ERROR(parse_config_value(option, *text, value));
  return value;
}

}  // namespace fluss
