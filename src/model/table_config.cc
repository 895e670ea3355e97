// SPDX-License-Identifier: Apache-2.0
#include "model/table_config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <ostream>

namespace fluss {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

template <typename E, size_t N>
std::optional<E> parse_enum(std::string_view text, const std::array<std::string_view, N>& names) {
  for (size_t i = 0; i < N; ++i) {
    if (iequals(text, names[i])) return static_cast<E>(i);
  }
  return std::nullopt;
}

// Names in enumerator order.
constexpr std::array<std::string_view, 3> kLogFormats = {"ARROW", "INDEXED", "COMPACTED"};
constexpr std::array<std::string_view, 2> kKvFormats = {"COMPACTED", "INDEXED"};
constexpr std::array<std::string_view, 3> kCompressions = {"NONE", "LZ4_FRAME", "ZSTD"};
constexpr std::array<std::string_view, 4> kLakeFormats = {"paimon", "lance", "iceberg", "hudi"};
constexpr std::array<std::string_view, 2> kChangelogImages = {"FULL", "WAL"};
constexpr std::array<std::string_view, 3> kMergeEngines = {"FIRST_ROW", "VERSIONED", "AGGREGATION"};
constexpr std::array<std::string_view, 3> kDeleteBehaviors = {"ALLOW", "IGNORE", "DISABLE"};
constexpr std::array<std::string_view, 5> kTimeUnits = {"YEAR", "QUARTER", "MONTH", "DAY", "HOUR"};

template <size_t N>
std::vector<std::string_view> values_of(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

Status bad_value(std::string_view key, std::string_view value, std::string_view expected) {
  return make_error(ErrorCode::kInvalidConfigException,
                    "Invalid value for config '{}'. Reason: could not parse '{}' as {}.", key,
                    value, expected);
}

template <typename E, size_t N>
Result<std::optional<E>> read_enum(const Properties& props, std::string_view key,
                                   const std::array<std::string_view, N>& names) {
  auto text = props.get(key);
  if (!text) return std::optional<E>();
  if (auto v = parse_enum<E>(*text, names)) return v;
  return bad_value(key, *text, fmt::format("one of [{}]", fmt::join(names, ", ")));
}

template <typename E, size_t N>
Result<E> read_enum_or(const Properties& props, std::string_view key,
                       const std::array<std::string_view, N>& names, E fallback) {
  FLUSS_ASSIGN_OR_RETURN(std::optional<E> v, (read_enum<E, N>(props, key, names)));
  return v.value_or(fallback);
}

template <typename T>
std::optional<T> parse_java_integer(std::string_view text) {
  // Integer.parseInt: an optional sign then decimal digits, nothing else.
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return std::nullopt;
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

namespace table_options {

const OptionDef* find_option(std::string_view key) {
  static const std::vector<OptionDef> kOptions = {
      {kReplicationFactor, OptionType::kInt, {}},
      {kLogFormat, OptionType::kEnum, values_of(kLogFormats)},
      {kArrowCompressionType, OptionType::kEnum, values_of(kCompressions)},
      {kArrowCompressionZstdLevel, OptionType::kInt, {}},
      {kKvFormat, OptionType::kEnum, values_of(kKvFormats)},
      {kKvFormatVersion, OptionType::kInt, {}},
      {kKvStandbyReplicaEnabled, OptionType::kBoolean, {}},
      {kAutoPartitionEnabled, OptionType::kBoolean, {}},
      {kAutoPartitionKey, OptionType::kString, {}},
      {kAutoPartitionTimeUnit, OptionType::kEnum, values_of(kTimeUnits)},
      {kAutoPartitionTimeFormat, OptionType::kString, {}},
      {kAutoPartitionTimeZone, OptionType::kString, {}},
      {kAutoPartitionNumPrecreate, OptionType::kInt, {}},
      {kAutoPartitionNumRetention, OptionType::kInt, {}},
      {kLogTtl, OptionType::kDuration, {}},
      {kLogTieredLocalSegments, OptionType::kInt, {}},
      {kLogLocalTtl, OptionType::kDuration, {}},
      {kDatalakeEnabled, OptionType::kBoolean, {}},
      {kDatalakeHistoricalPartitionEnabled, OptionType::kBoolean, {}},
      {kDatalakeFormat, OptionType::kEnum, values_of(kLakeFormats)},
      {kDatalakeFreshness, OptionType::kDuration, {}},
      {kDatalakeAutoCompaction, OptionType::kBoolean, {}},
      {kDatalakeAutoExpireSnapshot, OptionType::kBoolean, {}},
      {kMergeEngine, OptionType::kEnum, values_of(kMergeEngines)},
      {kMergeEngineVersionColumn, OptionType::kString, {}},
      {kDeleteBehavior, OptionType::kEnum, values_of(kDeleteBehaviors)},
      {kAutoIncrementCacheSize, OptionType::kLong, {}},
      {kChangelogImage, OptionType::kEnum, values_of(kChangelogImages)},
      {kStatisticsColumns, OptionType::kString, {}},
  };
  for (const OptionDef& def : kOptions) {
    if (def.key == key) return &def;
  }
  return nullptr;
}

}  // namespace table_options

std::string_view to_string(LogFormat v) { return kLogFormats[static_cast<size_t>(v)]; }
std::string_view to_string(KvFormat v) { return kKvFormats[static_cast<size_t>(v)]; }
std::string_view to_string(ArrowCompressionType v) { return kCompressions[static_cast<size_t>(v)]; }
std::string_view to_string(DataLakeFormat v) { return kLakeFormats[static_cast<size_t>(v)]; }
std::string_view to_string(ChangelogImage v) { return kChangelogImages[static_cast<size_t>(v)]; }
std::string_view to_string(MergeEngineType v) { return kMergeEngines[static_cast<size_t>(v)]; }
std::string_view to_string(DeleteBehavior v) { return kDeleteBehaviors[static_cast<size_t>(v)]; }
std::string_view to_string(AutoPartitionTimeUnit v) { return kTimeUnits[static_cast<size_t>(v)]; }

std::ostream& operator<<(std::ostream& os, LogFormat v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, KvFormat v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, ArrowCompressionType v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, DataLakeFormat v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, ChangelogImage v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, MergeEngineType v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, DeleteBehavior v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, AutoPartitionTimeUnit v) { return os << to_string(v); }

std::optional<LogFormat> parse_log_format(std::string_view t) {
  return parse_enum<LogFormat>(t, kLogFormats);
}
std::optional<KvFormat> parse_kv_format(std::string_view t) {
  return parse_enum<KvFormat>(t, kKvFormats);
}
std::optional<ArrowCompressionType> parse_arrow_compression_type(std::string_view t) {
  return parse_enum<ArrowCompressionType>(t, kCompressions);
}
std::optional<DataLakeFormat> parse_data_lake_format(std::string_view t) {
  return parse_enum<DataLakeFormat>(t, kLakeFormats);
}
std::optional<ChangelogImage> parse_changelog_image(std::string_view t) {
  return parse_enum<ChangelogImage>(t, kChangelogImages);
}
std::optional<MergeEngineType> parse_merge_engine_type(std::string_view t) {
  return parse_enum<MergeEngineType>(t, kMergeEngines);
}
std::optional<DeleteBehavior> parse_delete_behavior(std::string_view t) {
  return parse_enum<DeleteBehavior>(t, kDeleteBehaviors);
}
std::optional<AutoPartitionTimeUnit> parse_auto_partition_time_unit(std::string_view t) {
  return parse_enum<AutoPartitionTimeUnit>(t, kTimeUnits);
}

std::optional<int32_t> parse_java_int(std::string_view text) {
  return parse_java_integer<int32_t>(text);
}

std::optional<int64_t> parse_java_long(std::string_view text) {
  return parse_java_integer<int64_t>(text);
}

std::optional<bool> parse_java_bool(std::string_view text) {
  if (iequals(text, "true")) return true;
  if (iequals(text, "false")) return false;
  return std::nullopt;
}

std::optional<int64_t> parse_duration_ms(std::string_view text) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  int64_t number = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, number);
  if (ec != std::errc()) return std::nullopt;
  std::string_view unit = text.substr(digits);
  while (!unit.empty() && is_space(unit.front())) unit.remove_prefix(1);
  struct Unit {
    std::string_view label;
    int64_t numerator;  // milliseconds per unit = numerator / denominator
    int64_t denominator;
  };
  static constexpr Unit kUnits[] = {
      {"d", 86'400'000, 1},
      {"day", 86'400'000, 1},
      {"h", 3'600'000, 1},
      {"hour", 3'600'000, 1},
      {"min", 60'000, 1},
      {"m", 60'000, 1},
      {"minute", 60'000, 1},
      {"s", 1'000, 1},
      {"sec", 1'000, 1},
      {"second", 1'000, 1},
      {"ms", 1, 1},
      {"milli", 1, 1},
      {"millisecond", 1, 1},
      {"us", 1, 1'000},
      {"\xC2\xB5s", 1, 1'000},
      {"micro", 1, 1'000},
      {"microsecond", 1, 1'000},
      {"ns", 1, 1'000'000},
      {"nano", 1, 1'000'000},
      {"nanosecond", 1, 1'000'000},
  };
  const Unit* found = nullptr;
  if (unit.empty()) {
    static constexpr Unit kMillis = {"", 1, 1};
    found = &kMillis;
  }
  for (const Unit& u : kUnits) {
    if (found) break;
    if (iequals(unit, u.label) ||
        (unit.size() == u.label.size() + 1 && iequals(unit.substr(0, u.label.size()), u.label) &&
         (unit.back() == 's' || unit.back() == 'S') && u.label.size() > 2)) {
      found = &u;
    }
  }
  if (!found) return std::nullopt;
  if (number > std::numeric_limits<int64_t>::max() / found->numerator) return std::nullopt;
  return number * found->numerator / found->denominator;
}

// ---------------------------------------------------------------------------------------
// TableConfig

Result<std::optional<int32_t>> TableConfig::get_int(std::string_view key) const {
  auto text = properties_.get(key);
  if (!text) return std::optional<int32_t>();
  if (auto v = parse_java_int(*text)) return v;
  return bad_value(key, *text, "an INT");
}

Result<std::optional<int64_t>> TableConfig::get_long(std::string_view key) const {
  auto text = properties_.get(key);
  if (!text) return std::optional<int64_t>();
  if (auto v = parse_java_long(*text)) return v;
  return bad_value(key, *text, "a BIGINT");
}

Result<std::optional<bool>> TableConfig::get_bool(std::string_view key) const {
  auto text = properties_.get(key);
  if (!text) return std::optional<bool>();
  if (auto v = parse_java_bool(*text)) return v;
  return bad_value(key, *text, "a boolean (true or false, case insensitive)");
}

Result<std::optional<int64_t>> TableConfig::get_duration_ms(std::string_view key) const {
  auto text = properties_.get(key);
  if (!text) return std::optional<int64_t>();
  if (auto v = parse_duration_ms(*text)) return v;
  return bad_value(key, *text, "a duration (e.g. '7 d', '3min', '500 ms')");
}

Result<LogFormat> TableConfig::log_format() const {
  return read_enum_or(properties_, table_options::kLogFormat, kLogFormats, LogFormat::kArrow);
}

Result<KvFormat> TableConfig::kv_format() const {
  return read_enum_or(properties_, table_options::kKvFormat, kKvFormats, KvFormat::kCompacted);
}

Result<std::optional<int32_t>> TableConfig::kv_format_version() const {
  return get_int(table_options::kKvFormatVersion);
}

Result<ArrowCompressionType> TableConfig::arrow_compression_type() const {
  return read_enum_or(properties_, table_options::kArrowCompressionType, kCompressions,
                      ArrowCompressionType::kZstd);
}

Result<int32_t> TableConfig::arrow_compression_zstd_level() const {
  FLUSS_ASSIGN_OR_RETURN(auto v, get_int(table_options::kArrowCompressionZstdLevel));
  return v.value_or(3);
}

Result<std::optional<DataLakeFormat>> TableConfig::datalake_format() const {
  return read_enum<DataLakeFormat>(properties_, table_options::kDatalakeFormat, kLakeFormats);
}

Result<bool> TableConfig::datalake_enabled() const {
  FLUSS_ASSIGN_OR_RETURN(auto v, get_bool(table_options::kDatalakeEnabled));
  return v.value_or(false);
}

Result<ChangelogImage> TableConfig::changelog_image() const {
  return read_enum_or(properties_, table_options::kChangelogImage, kChangelogImages,
                      ChangelogImage::kFull);
}

Result<std::optional<MergeEngineType>> TableConfig::merge_engine() const {
  return read_enum<MergeEngineType>(properties_, table_options::kMergeEngine, kMergeEngines);
}

std::optional<std::string_view> TableConfig::merge_engine_version_column() const {
  return properties_.get(table_options::kMergeEngineVersionColumn);
}

Result<DeleteBehavior> TableConfig::delete_behavior() const {
  return read_enum_or(properties_, table_options::kDeleteBehavior, kDeleteBehaviors,
                      DeleteBehavior::kAllow);
}

Result<std::optional<int32_t>> TableConfig::replication_factor() const {
  return get_int(table_options::kReplicationFactor);
}

Result<bool> TableConfig::auto_partition_enabled() const {
  FLUSS_ASSIGN_OR_RETURN(auto v, get_bool(table_options::kAutoPartitionEnabled));
  return v.value_or(false);
}

Result<AutoPartitionTimeUnit> TableConfig::auto_partition_time_unit() const {
  return read_enum_or(properties_, table_options::kAutoPartitionTimeUnit, kTimeUnits,
                      AutoPartitionTimeUnit::kDay);
}

Result<int32_t> TableConfig::auto_partition_num_precreate() const {
  FLUSS_ASSIGN_OR_RETURN(auto v, get_int(table_options::kAutoPartitionNumPrecreate));
  return v.value_or(2);
}

Result<int32_t> TableConfig::log_tiered_local_segments() const {
  FLUSS_ASSIGN_OR_RETURN(auto v, get_int(table_options::kLogTieredLocalSegments));
  return v.value_or(2);
}

}  // namespace fluss
