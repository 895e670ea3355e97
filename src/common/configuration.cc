// SPDX-License-Identifier: Apache-2.0
#include "common/configuration.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "common/config_options.h"

namespace fluss {
namespace {

constexpr ErrorCode kInvalid = ErrorCode::kInvalidConfigException;

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r\n\f\v";
  const size_t begin = text.find_first_not_of(kBlank);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kBlank) - begin + 1);
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

template <typename Int>
Result<Int> parse_integer(std::string_view text, std::string_view what) {
  std::string_view digits = text;
  const bool plus = !digits.empty() && digits.front() == '+';
  if (plus) digits.remove_prefix(1);
  // from_chars takes a leading '-' itself; a second sign is not a number.
  if (digits.empty() || digits.front() == '+' || (plus && digits.front() == '-')) {
    return make_error(kInvalid, "'{}' is not {}", text, what);
  }
  Int value{};
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return make_error(kInvalid, "'{}' is out of range for {}", text, what);
  }
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return make_error(kInvalid, "'{}' is not {}", text, what);
  }
  return value;
}

struct DurationUnit {
  std::string_view label;
  // Milliseconds per unit, or (for sub-millisecond units) units per millisecond.
  int64_t millis;
  int64_t per_milli;
};
constexpr DurationUnit kDurationUnits[] = {
    {"d", 86'400'000, 0},
    {"day", 86'400'000, 0},
    {"days", 86'400'000, 0},
    {"h", 3'600'000, 0},
    {"hour", 3'600'000, 0},
    {"hours", 3'600'000, 0},
    {"min", 60'000, 0},
    {"m", 60'000, 0},
    {"minute", 60'000, 0},
    {"minutes", 60'000, 0},
    {"s", 1'000, 0},
    {"sec", 1'000, 0},
    {"secs", 1'000, 0},
    {"second", 1'000, 0},
    {"seconds", 1'000, 0},
    {"ms", 1, 0},
    {"milli", 1, 0},
    {"millis", 1, 0},
    {"millisecond", 1, 0},
    {"milliseconds", 1, 0},
    {"\xC2\xB5s", 0, 1'000},
    {"micro", 0, 1'000},
    {"micros", 0, 1'000},
    {"microsecond", 0, 1'000},
    {"microseconds", 0, 1'000},
    {"ns", 0, 1'000'000},
    {"nano", 0, 1'000'000},
    {"nanos", 0, 1'000'000},
    {"nanosecond", 0, 1'000'000},
    {"nanoseconds", 0, 1'000'000},
};

struct MemoryUnit {
  std::array<std::string_view, 3> labels;
  int64_t multiplier;
};
constexpr MemoryUnit kMemoryUnits[] = {
    {{"b", "bytes", ""}, 1},  // an empty label never matches: the unit is non-empty
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

// The error of a bad value for `option`: names the key, shows the value unless the
// option is secret, and keeps the parser's reason.
Status bad_value(const ConfigOptionDef& option, std::string_view text, const Status& reason) {
  if (option.is_sensitive()) {
    return make_error(kInvalid, "invalid value for configuration '{}' (value hidden): {} expected",
                      option.key, config_type_name(option.type));
  }
  return make_error(kInvalid, "invalid value '{}' for configuration '{}': {}", text, option.key,
                    reason.message());
}

template <typename T, typename Parse>
Status parse_into(const ConfigOptionDef& option, std::string_view text, T& out, Parse parse) {
  Result<T> parsed = parse(text);
  if (!parsed.ok()) return bad_value(option, text, parsed.status());
  out = std::move(parsed).value();
  return Status::OK();
}

Result<std::string> parse_string_or_enum(const ConfigOptionDef& option, std::string_view text) {
  if (option.type == ConfigType::kEnum) return parse_config_enum(text, option.enum_values);
  return std::string(text);
}

}  // namespace

// --- config_option.h ---

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

// --- value syntax ---

Result<MemorySize> MemorySize::parse(std::string_view text) {
  const std::string_view trimmed = trim(text);
  size_t digits = 0;
  while (digits < trimmed.size() && trimmed[digits] >= '0' && trimmed[digits] <= '9') ++digits;
  const std::string unit = ascii_lower(trim(trimmed.substr(digits)));
  if (digits == 0) {
    return make_error(kInvalid, "memory size '{}' does not start with a number", text);
  }
  if (unit.empty()) {
    return make_error(kInvalid,
                      "memory size '{}' has no unit; expected a number with b, kb, mb, gb or tb, "
                      "e.g. 64kb, 256mb, 1 gb",
                      text);
  }
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + digits, value);
  if (ec != std::errc() || end != trimmed.data() + digits) {
    return make_error(kInvalid, "memory size '{}' does not fit in 64 bits", text);
  }
  for (const MemoryUnit& candidate : kMemoryUnits) {
    if (std::find(candidate.labels.begin(), candidate.labels.end(), unit) ==
        candidate.labels.end()) {
      continue;
    }
    if (value > INT64_MAX / candidate.multiplier) {
      return make_error(kInvalid, "memory size '{}' does not fit in 64 bits of bytes", text);
    }
    return MemorySize{value * candidate.multiplier};
  }
  return make_error(kInvalid,
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

Result<bool> parse_config_bool(std::string_view text) {
  if (equals_ignore_case(text, "true")) return true;
  if (equals_ignore_case(text, "false")) return false;
  return make_error(kInvalid, "'{}' is not a boolean; expected true or false", text);
}

Result<int32_t> parse_config_int(std::string_view text) {
  return parse_integer<int32_t>(text, "a 32-bit integer");
}

Result<int64_t> parse_config_long(std::string_view text) {
  return parse_integer<int64_t>(text, "a 64-bit integer");
}

Result<double> parse_config_double(std::string_view text) {
  std::string_view number = trim(text);
  const bool plus = !number.empty() && number.front() == '+';
  if (plus) number.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || number.front() == '+' || (plus && number.front() == '-') ||
      ec != std::errc() || end != number.data() + number.size()) {
    return make_error(kInvalid, "'{}' is not a number", text);
  }
  return value;
}

Result<std::chrono::milliseconds> parse_config_duration(std::string_view text) {
  const std::string_view trimmed = trim(text);
  size_t digits = 0;
  while (digits < trimmed.size() && trimmed[digits] >= '0' && trimmed[digits] <= '9') ++digits;
  if (digits == 0) {
    return make_error(kInvalid, "duration '{}' does not start with a number", text);
  }
  const std::string_view label = trim(trimmed.substr(digits));
  if (label.empty()) {
    return make_error(kInvalid,
                      "duration '{}' has no unit; expected a number with ms, s, min, h or d, "
                      "e.g. 500ms, 10 s, 7 d",
                      text);
  }
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + digits, value);
  if (ec != std::errc() || end != trimmed.data() + digits) {
    return make_error(kInvalid, "duration '{}' does not fit in 64 bits", text);
  }
  for (const DurationUnit& unit : kDurationUnits) {
    if (!equals_ignore_case(label, unit.label)) continue;
    if (unit.per_milli != 0) return std::chrono::milliseconds(value / unit.per_milli);
    if (value > INT64_MAX / unit.millis) {
      return make_error(kInvalid, "duration '{}' is too long", text);
    }
    return std::chrono::milliseconds(value * unit.millis);
  }
  return make_error(kInvalid,
                    "duration '{}' has unknown unit '{}'; expected d, h, min, s, ms, µs or ns "
                    "(or day(s), hour(s), minute(s), second(s), milli(s), ...)",
                    text, label);
}

std::string format_config_duration(std::chrono::milliseconds duration) {
  constexpr std::pair<int64_t, std::string_view> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "min"}, {1'000, "s"}};
  const int64_t ms = duration.count();
  if (ms != 0) {
    for (const auto& [millis, label] : kUnits) {
      if (ms % millis == 0) return fmt::format("{} {}", ms / millis, label);
    }
  }
  return fmt::format("{} ms", ms);
}

Result<std::string> parse_config_enum(std::string_view text,
                                      std::span<const std::string_view> values) {
  for (std::string_view value : values) {
    if (equals_ignore_case(text, value)) return std::string(value);
  }
  return make_error(kInvalid, "'{}' is not one of [{}]", text, fmt::join(values, ", "));
}

Result<std::vector<std::string>> split_config_list(std::string_view text, char delimiter) {
  // Tokens: quoted items, unquoted items and delimiters, as StructuredOptionsSplitter.
  enum class Kind { kQuoted, kUnquoted, kDelimiter };
  struct Token {
    Kind kind;
    std::string text;
    size_t position;
  };
  std::vector<Token> tokens;
  size_t cursor = 0;
  while (cursor < text.size()) {
    const char c = text[cursor];
    if (c == '\'' || c == '"') {
      std::string item;
      size_t i = cursor + 1;
      bool closed = false;
      for (; i < text.size(); ++i) {
        if (text[i] != c) {
          item.push_back(text[i]);
        } else if (i + 1 < text.size() && text[i + 1] == c) {
          item.push_back(c);
          ++i;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) {
        return make_error(kInvalid, "quote opened at position {} of '{}' is not closed", cursor,
                          text);
      }
      tokens.push_back({Kind::kQuoted, std::move(item), cursor});
      cursor = i + 1;
    } else if (c == delimiter) {
      tokens.push_back({Kind::kDelimiter, {}, cursor});
      ++cursor;
    } else if (is_blank(c)) {
      ++cursor;
    } else {
      const size_t end = std::min(text.find(delimiter, cursor), text.size());
      tokens.push_back(
          {Kind::kUnquoted, std::string(trim(text.substr(cursor, end - cursor))), cursor});
      cursor = end;
    }
  }
  std::vector<std::string> items;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool next_is_delimiter = i + 1 < tokens.size() && tokens[i + 1].kind == Kind::kDelimiter;
    switch (tokens[i].kind) {
      case Kind::kQuoted:
        if (i + 1 < tokens.size() && !next_is_delimiter) {
          return make_error(kInvalid,
                            "unexpected text after the quoted item at position {} of '{}'",
                            tokens[i].position, text);
        }
        items.push_back(std::move(tokens[i].text));
        break;
      case Kind::kUnquoted:
        items.push_back(std::move(tokens[i].text));
        break;
      case Kind::kDelimiter:
        if (next_is_delimiter) items.emplace_back();
        break;
    }
  }
  return items;
}

Result<std::map<std::string, std::string>> parse_config_map(std::string_view text) {
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> entries, split_config_list(text, ','));
  std::map<std::string, std::string> map;
  for (const std::string& entry : entries) {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> pair, split_config_list(entry, ':'));
    if (pair.size() != 2) {
      return make_error(kInvalid, "map entry '{}' is not a key:value pair", entry);
    }
    if (!map.emplace(std::move(pair[0]), std::move(pair[1])).second) {
      return make_error(kInvalid, "map key in entry '{}' appears twice", entry);
    }
  }
  return map;
}

// --- typed parsing for options ---

Status parse_config_value(const ConfigOptionDef& option, std::string_view text, bool& out) {
  return parse_into(option, text, out, parse_config_bool);
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, int32_t& out) {
  return parse_into(option, text, out, parse_config_int);
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, int64_t& out) {
  return parse_into(option, text, out, parse_config_long);
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, double& out) {
  return parse_into(option, text, out, parse_config_double);
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, std::string& out) {
  return parse_into(option, text, out,
                    [&](std::string_view t) { return parse_string_or_enum(option, t); });
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::chrono::milliseconds& out) {
  return parse_into(option, text, out, parse_config_duration);
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text, MemorySize& out) {
  return parse_into(option, text, out, MemorySize::parse);
}
Status parse_config_value(const ConfigOptionDef&, std::string_view text, Password& out) {
  out = Password(std::string(text));
  return Status::OK();
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::map<std::string, std::string>& out) {
  return parse_into(option, text, out, parse_config_map);
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::vector<std::string>& out) {
  return parse_into(option, text, out, [&](std::string_view t) -> Result<std::vector<std::string>> {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> items, split_config_list(t, ','));
    for (std::string& item : items) {
      FLUSS_ASSIGN_OR_RETURN(item, parse_string_or_enum(option, item));
    }
    return items;
  });
}
Status parse_config_value(const ConfigOptionDef& option, std::string_view text,
                          std::vector<int32_t>& out) {
  return parse_into(option, text, out, [](std::string_view t) -> Result<std::vector<int32_t>> {
    FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> items, split_config_list(t, ','));
    std::vector<int32_t> values;
    for (const std::string& item : items) {
      FLUSS_ASSIGN_OR_RETURN(int32_t value, parse_config_int(item));
      values.push_back(value);
    }
    return values;
  });
}

Status validate_config_value(const ConfigOptionDef& option, std::string_view text) {
  if (option.is_list) {
    if (option.type == ConfigType::kInt) {
      std::vector<int32_t> ints;
      return parse_config_value(option, text, ints);
    }
    if (option.type == ConfigType::kString || option.type == ConfigType::kEnum) {
      std::vector<std::string> items;
      return parse_config_value(option, text, items);
    }
    return make_error(kInvalid, "configuration '{}': lists of {} are not supported", option.key,
                      config_type_name(option.type));
  }
  switch (option.type) {
    case ConfigType::kBool: {
      bool value;
      return parse_config_value(option, text, value);
    }
    case ConfigType::kInt: {
      int32_t value;
      return parse_config_value(option, text, value);
    }
    case ConfigType::kLong: {
      int64_t value;
      return parse_config_value(option, text, value);
    }
    case ConfigType::kDouble: {
      double value;
      return parse_config_value(option, text, value);
    }
    case ConfigType::kString:
    case ConfigType::kEnum: {
      std::string value;
      return parse_config_value(option, text, value);
    }
    case ConfigType::kDuration: {
      std::chrono::milliseconds value;
      return parse_config_value(option, text, value);
    }
    case ConfigType::kMemorySize: {
      MemorySize value;
      return parse_config_value(option, text, value);
    }
    case ConfigType::kPassword:
      return Status::OK();
    case ConfigType::kMap: {
      std::map<std::string, std::string> value;
      return parse_config_value(option, text, value);
    }
  }
  return Status::OK();
}

// --- Configuration ---

std::optional<std::string_view> Configuration::raw_value(const ConfigOptionDef& option) const {
  if (auto it = values_.find(option.key); it != values_.end()) return it->second;
  for (const FallbackKey& fallback : option.fallback_keys) {
    if (auto it = values_.find(fallback.key); it != values_.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<std::string_view> Configuration::get_string(std::string_view key) const {
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  return std::nullopt;
}

void Configuration::set_string(std::string key, std::string value) {
  values_.insert_or_assign(std::move(key), std::move(value));
}

void Configuration::set(const ConfigOption<bool>& option, bool value) {
  set_string(std::string(option.key), value ? "true" : "false");
}
void Configuration::set(const ConfigOption<int32_t>& option, int32_t value) {
  set_string(std::string(option.key), std::to_string(value));
}
void Configuration::set(const ConfigOption<int64_t>& option, int64_t value) {
  set_string(std::string(option.key), std::to_string(value));
}
void Configuration::set(const ConfigOption<std::string>& option, std::string value) {
  set_string(std::string(option.key), std::move(value));
}
void Configuration::set(const ConfigOption<std::chrono::milliseconds>& option,
                        std::chrono::milliseconds value) {
  set_string(std::string(option.key), format_config_duration(value));
}
void Configuration::set(const ConfigOption<MemorySize>& option, MemorySize value) {
  set_string(std::string(option.key), value.to_string());
}

bool Configuration::remove(std::string_view key) {
  auto it = values_.find(key);
  if (it == values_.end()) return false;
  values_.erase(it);
  return true;
}

void Configuration::add_all(const Configuration& other) {
  for (const auto& [key, value] : other.values_) values_.insert_or_assign(key, value);
}

Configuration::Map Configuration::to_redacted_map() const {
  Map redacted = values_;
  for (auto& [key, value] : redacted) {
    const ConfigOptionDef* option = ConfigOptions::find(key);
    if (is_sensitive_config_key(key) || (option != nullptr && option->is_sensitive())) {
      value = std::string(Password::kHidden);
    }
  }
  return redacted;
}

}  // namespace fluss
