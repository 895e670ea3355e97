// SPDX-License-Identifier: Apache-2.0
#include "model/table_config.h"

#include <algorithm>
#include <ostream>

#include "common/check.h"

namespace fluss {

namespace {

// The enumerator of E whose name, in `option`'s enum_values, is `canonical`: the
// spelling Configuration::get returns for an enum option.
template <typename E>
E enum_at(const ConfigOptionDef& option, std::string_view canonical) {
  const auto it = std::find(option.enum_values.begin(), option.enum_values.end(), canonical);
  FLUSS_CHECK(it != option.enum_values.end(), "'{}' is not a value of '{}'", canonical, option.key);
  return static_cast<E>(it - option.enum_values.begin());
}

template <typename E>
std::string_view name_of(const ConfigOptionDef& option, E value) {
  const auto index = static_cast<size_t>(value);
  FLUSS_CHECK(index < option.enum_values.size(), "enumerator {} has no name in '{}'", index,
              option.key);
  return option.enum_values[index];
}

template <typename E>
std::optional<E> parse_enum(const ConfigOptionDef& option, std::string_view text) {
  Result<std::string> canonical = parse_config_enum(text, option.enum_values);
  if (!canonical.ok()) return std::nullopt;
  return enum_at<E>(option, *canonical);
}

template <typename E>
Result<E> read_enum(const Configuration& config, const ConfigOption<std::string>& option) {
  FLUSS_ASSIGN_OR_RETURN(std::string canonical, config.get(option));
  return enum_at<E>(option, canonical);
}

template <typename E>
Result<std::optional<E>> read_optional_enum(const Configuration& config,
                                            const ConfigOption<std::string>& option) {
  FLUSS_ASSIGN_OR_RETURN(std::optional<std::string> canonical, config.get_optional(option));
  if (!canonical) return std::optional<E>();
  return std::optional<E>(enum_at<E>(option, *canonical));
}

Configuration::Map to_map(const Properties& properties) {
  Configuration::Map map;
  for (const auto& [key, value] : properties) map.emplace(key, value);
  return map;
}

}  // namespace

std::string_view to_string(LogFormat v) { return name_of(ConfigOptions::kTableLogFormat, v); }
std::string_view to_string(KvFormat v) { return name_of(ConfigOptions::kTableKvFormat, v); }
std::string_view to_string(ArrowCompressionType v) {
  return name_of(ConfigOptions::kTableLogArrowCompressionType, v);
}
std::string_view to_string(DataLakeFormat v) {
  return name_of(ConfigOptions::kTableDatalakeFormat, v);
}
std::string_view to_string(ChangelogImage v) {
  return name_of(ConfigOptions::kTableChangelogImage, v);
}
std::string_view to_string(MergeEngineType v) {
  return name_of(ConfigOptions::kTableMergeEngine, v);
}
std::string_view to_string(DeleteBehavior v) {
  return name_of(ConfigOptions::kTableDeleteBehavior, v);
}
std::string_view to_string(AutoPartitionTimeUnit v) {
  return name_of(ConfigOptions::kTableAutoPartitionTimeUnit, v);
}

std::ostream& operator<<(std::ostream& os, LogFormat v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, KvFormat v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, ArrowCompressionType v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, DataLakeFormat v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, ChangelogImage v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, MergeEngineType v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, DeleteBehavior v) { return os << to_string(v); }
std::ostream& operator<<(std::ostream& os, AutoPartitionTimeUnit v) { return os << to_string(v); }

std::optional<LogFormat> parse_log_format(std::string_view t) {
  return parse_enum<LogFormat>(ConfigOptions::kTableLogFormat, t);
}
std::optional<KvFormat> parse_kv_format(std::string_view t) {
  return parse_enum<KvFormat>(ConfigOptions::kTableKvFormat, t);
}
std::optional<ArrowCompressionType> parse_arrow_compression_type(std::string_view t) {
  return parse_enum<ArrowCompressionType>(ConfigOptions::kTableLogArrowCompressionType, t);
}
std::optional<DataLakeFormat> parse_data_lake_format(std::string_view t) {
  return parse_enum<DataLakeFormat>(ConfigOptions::kTableDatalakeFormat, t);
}
std::optional<ChangelogImage> parse_changelog_image(std::string_view t) {
  return parse_enum<ChangelogImage>(ConfigOptions::kTableChangelogImage, t);
}
std::optional<MergeEngineType> parse_merge_engine_type(std::string_view t) {
  return parse_enum<MergeEngineType>(ConfigOptions::kTableMergeEngine, t);
}
std::optional<DeleteBehavior> parse_delete_behavior(std::string_view t) {
  return parse_enum<DeleteBehavior>(ConfigOptions::kTableDeleteBehavior, t);
}
std::optional<AutoPartitionTimeUnit> parse_auto_partition_time_unit(std::string_view t) {
  return parse_enum<AutoPartitionTimeUnit>(ConfigOptions::kTableAutoPartitionTimeUnit, t);
}

// ---------------------------------------------------------------------------------------
// TableConfig

TableConfig::TableConfig(const Properties& properties) : config_(to_map(properties)) {}

Result<LogFormat> TableConfig::log_format() const {
  return read_enum<LogFormat>(config_, ConfigOptions::kTableLogFormat);
}

Result<KvFormat> TableConfig::kv_format() const {
  return read_enum<KvFormat>(config_, ConfigOptions::kTableKvFormat);
}

Result<std::optional<int32_t>> TableConfig::kv_format_version() const {
  return config_.get_optional(ConfigOptions::kTableKvFormatVersion);
}

Result<ArrowCompressionType> TableConfig::arrow_compression_type() const {
  return read_enum<ArrowCompressionType>(config_, ConfigOptions::kTableLogArrowCompressionType);
}

Result<int32_t> TableConfig::arrow_compression_zstd_level() const {
  return config_.get(ConfigOptions::kTableLogArrowCompressionZstdLevel);
}

Result<std::optional<DataLakeFormat>> TableConfig::datalake_format() const {
  return read_optional_enum<DataLakeFormat>(config_, ConfigOptions::kTableDatalakeFormat);
}

Result<bool> TableConfig::datalake_enabled() const {
  return config_.get(ConfigOptions::kTableDatalakeEnabled);
}

Result<ChangelogImage> TableConfig::changelog_image() const {
  return read_enum<ChangelogImage>(config_, ConfigOptions::kTableChangelogImage);
}

Result<std::optional<MergeEngineType>> TableConfig::merge_engine() const {
  return read_optional_enum<MergeEngineType>(config_, ConfigOptions::kTableMergeEngine);
}

std::optional<std::string_view> TableConfig::merge_engine_version_column() const {
  return config_.raw_value(ConfigOptions::kTableMergeEngineVersionColumn);
}

Result<DeleteBehavior> TableConfig::delete_behavior() const {
  return read_enum<DeleteBehavior>(config_, ConfigOptions::kTableDeleteBehavior);
}

Result<std::optional<int32_t>> TableConfig::replication_factor() const {
  return config_.get_optional(ConfigOptions::kTableReplicationFactor);
}

Result<bool> TableConfig::auto_partition_enabled() const {
  return config_.get(ConfigOptions::kTableAutoPartitionEnabled);
}

Result<AutoPartitionTimeUnit> TableConfig::auto_partition_time_unit() const {
  return read_enum<AutoPartitionTimeUnit>(config_, ConfigOptions::kTableAutoPartitionTimeUnit);
}

Result<int32_t> TableConfig::auto_partition_num_precreate() const {
  return config_.get(ConfigOptions::kTableAutoPartitionNumPrecreate);
}

Result<int32_t> TableConfig::log_tiered_local_segments() const {
  return config_.get(ConfigOptions::kTableTieredLogLocalSegments);
}

Result<std::chrono::milliseconds> TableConfig::log_ttl() const {
  return config_.get(ConfigOptions::kTableLogTtl);
}

Result<std::optional<std::chrono::milliseconds>> TableConfig::log_local_ttl() const {
  return config_.get_optional(ConfigOptions::kTableLogLocalTtl);
}

}  // namespace fluss
