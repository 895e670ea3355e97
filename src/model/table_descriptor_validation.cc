// SPDX-License-Identifier: Apache-2.0
#include "model/table_descriptor_validation.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "common/config_options.h"
#include "common/configuration.h"
#include "common/server_config.h"

namespace fluss {

namespace {

constexpr std::string_view kSystemColumns[] = {
    TableDescriptor::kOffsetColumn,    TableDescriptor::kTimestampColumn,
    TableDescriptor::kBucketColumn,    TableDescriptor::kChangeTypeColumn,
    TableDescriptor::kLogOffsetColumn, TableDescriptor::kCommitTimestampColumn,
};

constexpr TypeRoot kPartitionKeyTypes[] = {
    TypeRoot::kChar,   TypeRoot::kString,       TypeRoot::kBoolean,      TypeRoot::kBinary,
    TypeRoot::kBytes,  TypeRoot::kTinyInt,      TypeRoot::kSmallInt,     TypeRoot::kInt,
    TypeRoot::kDate,   TypeRoot::kTime,         TypeRoot::kBigInt,       TypeRoot::kFloat,
    TypeRoot::kDouble, TypeRoot::kTimestampNtz, TypeRoot::kTimestampLtz,
};

bool is_key_unsupported(TypeRoot root) {
  return root == TypeRoot::kArray || root == TypeRoot::kMap || root == TypeRoot::kRow;
}

constexpr std::string_view kKeyUnsupportedTypes = "[ARRAY, MAP, ROW]";

template <typename... Args>
Status invalid_config(fmt::format_string<Args...> format, Args&&... args) {
  return make_error(ErrorCode::kInvalidConfigException, format, std::forward<Args>(args)...);
}

template <typename... Args>
Status invalid_table(fmt::format_string<Args...> format, Args&&... args) {
  return make_error(ErrorCode::kInvalidTableException, format, std::forward<Args>(args)...);
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

// Every key must be a `table.*` option this version knows and its value must parse;
// keys in the order Java's Configuration.fromMap(properties).keySet() yields them.
Status check_properties(const Properties& properties) {
  for (const Properties::Entry* entry : properties.java_hash_map_order()) {
    FLUSS_RETURN_IF_ERROR(validate_table_property(entry->first, entry->second));
  }
  return Status::OK();
}

Status check_distribution(const TableDescriptor& d, int32_t max_bucket_num) {
  if (!d.distribution()) return invalid_table("Table distribution is required.");
  if (!d.distribution()->bucket_count) return invalid_table("Bucket number must be set.");
  const int32_t bucket_count = *d.distribution()->bucket_count;
  if (bucket_count <= 0) {
    return invalid_table("Number of buckets must be larger than 0, got {}.", bucket_count);
  }
  if (bucket_count > max_bucket_num) {
    return make_error(ErrorCode::kBucketMaxNumException,
                      "Bucket count {} exceeds the maximum limit {} for a non-partitioned table "
                      "or partition.",
                      bucket_count, max_bucket_num);
  }
  for (const std::string& key : d.distribution()->bucket_keys) {
    const Column* c = d.schema().column(key);
    if (c && is_key_unsupported(c->type.root())) {
      return invalid_table(
          "Bucket key column '{}' has unsupported data type {}. Currently, bucket key column "
          "does not support types: {}.",
          key, c->type, kKeyUnsupportedTypes);
    }
  }
  return Status::OK();
}

Status check_primary_key(const TableDescriptor& d) {
  for (const std::string& key : d.schema().primary_key_column_names()) {
    const Column* c = d.schema().column(key);
    if (c && is_key_unsupported(c->type.root())) {
      return invalid_table(
          "Primary key column '{}' has unsupported data type {}. Currently, primary key column "
          "does not support types: {}.",
          key, c->type, kKeyUnsupportedTypes);
    }
  }
  return Status::OK();
}

Status check_replication_factor(const TableConfig& config) {
  FLUSS_ASSIGN_OR_RETURN(auto factor, config.replication_factor());
  if (!factor) {
    return invalid_config("Missing required table property '{}'.",
                          ConfigOptions::kTableReplicationFactor.key);
  }
  if (*factor <= 0) {
    return invalid_config("'{}' must be greater than 0.",
                          ConfigOptions::kTableReplicationFactor.key);
  }
  return Status::OK();
}

Status check_log_format(const TableConfig& config, bool has_primary_key) {
  FLUSS_ASSIGN_OR_RETURN(KvFormat kv_format, config.kv_format());
  FLUSS_ASSIGN_OR_RETURN(LogFormat log_format, config.log_format());
  if (has_primary_key && kv_format == KvFormat::kCompacted && log_format != LogFormat::kArrow &&
      log_format != LogFormat::kCompacted) {
    return invalid_config(
        "Currently, Primary Key Table supports ARROW or COMPACTED log format when kv format is "
        "COMPACTED.");
  }
  return Status::OK();
}

Status check_arrow_compression(const TableConfig& config, const Properties& properties) {
  if (!properties.contains(ConfigOptions::kTableLogArrowCompressionZstdLevel.key)) {
    return Status::OK();
  }
  FLUSS_ASSIGN_OR_RETURN(int32_t level, config.arrow_compression_zstd_level());
  if (level < 1 || level > 22) {
    return invalid_config("Invalid ZSTD compression level: {}. Expected a value between 1 and 22.",
                          level);
  }
  return Status::OK();
}

Status check_no_agg_functions(const Schema& schema) {
  for (const Column& c : schema.columns()) {
    if (c.agg_function) {
      return invalid_config(
          "Aggregation function is only supported for aggregation merge engine table, but "
          "column '{}' has aggregation function '{}'.",
          c.name, *c.agg_function);
    }
  }
  return Status::OK();
}

Status check_agg_functions(const Schema& schema) {
  const std::vector<std::string> pk = schema.primary_key_column_names();
  for (const Column& c : schema.columns()) {
    if (!c.agg_function || std::find(pk.begin(), pk.end(), c.name) != pk.end()) continue;
    Status s = c.agg_function->validate_parameters();
    if (s.ok()) s = c.agg_function->validate_data_type(c.type);
    if (!s.ok()) {
      return invalid_config("Invalid aggregation function for column '{}': {}", c.name,
                            s.message());
    }
  }
  return Status::OK();
}

Status check_merge_engine(const TableConfig& config, bool has_primary_key, const Schema& schema) {
  FLUSS_ASSIGN_OR_RETURN(std::optional<MergeEngineType> engine, config.merge_engine());
  if (engine != MergeEngineType::kAggregation)
    FLUSS_RETURN_IF_ERROR(check_no_agg_functions(schema));
  if (!engine) return Status::OK();
  if (!has_primary_key)
    return invalid_config("Merge engine is only supported in primary key table.");
  if (*engine == MergeEngineType::kVersioned) {
    std::optional<std::string_view> ver_column = config.merge_engine_version_column();
    if (!ver_column) {
      return invalid_config("'{}' must be set for versioned merge engine.",
                            ConfigOptions::kTableMergeEngineVersionColumn.key);
    }
    const Column* c = schema.column(*ver_column);
    if (!c) {
      return invalid_config(
          "The version column '{}' for versioned merge engine doesn't exist in schema.",
          *ver_column);
    }
    const TypeRoot root = c->type.root();
    if (root != TypeRoot::kInt && root != TypeRoot::kBigInt && root != TypeRoot::kTimestampNtz &&
        root != TypeRoot::kTimestampLtz) {
      return invalid_config(
          "The version column '{}' for versioned merge engine must be one type of [INT, BIGINT, "
          "TIMESTAMP, TIMESTAMP_LTZ], but got {}.",
          *ver_column, c->type);
    }
  } else if (*engine == MergeEngineType::kAggregation) {
    FLUSS_ASSIGN_OR_RETURN(ChangelogImage image, config.changelog_image());
    if (image == ChangelogImage::kWal) {
      return invalid_config(
          "Table with 'AGGREGATION' merge engine does not support 'WAL' changelog image mode. "
          "Aggregation merge engine tables require FULL changelog image mode for correct UNDO "
          "recovery. Please set '{}' to 'FULL' or remove the setting.",
          ConfigOptions::kTableChangelogImage.key);
    }
    FLUSS_RETURN_IF_ERROR(check_agg_functions(schema));
  }
  return Status::OK();
}

Status check_delete_behavior(const TableConfig& config, const Properties& properties,
                             bool has_primary_key) {
  const bool set = properties.contains(ConfigOptions::kTableDeleteBehavior.key);
  if (!has_primary_key && set) {
    return invalid_config(
        "The 'table.delete.behavior' configuration is only supported for primary key tables.");
  }
  FLUSS_ASSIGN_OR_RETURN(std::optional<MergeEngineType> engine, config.merge_engine());
  FLUSS_ASSIGN_OR_RETURN(DeleteBehavior behavior, config.delete_behavior());
  if (set && behavior == DeleteBehavior::kAllow &&
      (engine == MergeEngineType::kFirstRow || engine == MergeEngineType::kVersioned)) {
    return invalid_config(
        "Table with '{}' merge engine does not support delete operations. The "
        "'table.delete.behavior' config must be set to 'ignore' or 'disable', but got 'allow'.",
        to_string(*engine));
  }
  return Status::OK();
}

Status check_tiered_log(const TableConfig& config) {
  FLUSS_ASSIGN_OR_RETURN(int32_t local_segments, config.log_tiered_local_segments());
  if (local_segments <= 0) {
    return invalid_config("'{}' must be greater than 0.",
                          ConfigOptions::kTableTieredLogLocalSegments.key);
  }
  FLUSS_ASSIGN_OR_RETURN(std::optional<std::chrono::milliseconds> local_ttl,
                         config.log_local_ttl());
  if (!local_ttl) return Status::OK();
  FLUSS_ASSIGN_OR_RETURN(std::chrono::milliseconds log_ttl, config.log_ttl());
  if (local_ttl->count() > 0 && log_ttl.count() > 0 && *local_ttl > log_ttl) {
    return invalid_config("'{}' must be less than or equal to '{}'.",
                          ConfigOptions::kTableLogLocalTtl.key, ConfigOptions::kTableLogTtl.key);
  }
  return Status::OK();
}

// Lookups of expired partitions fall back to the lake only for auto-partitioned,
// lake-enabled PK tables in Paimon with a single partition key.
Status check_historical_partition(const TableConfig& config, const TableDescriptor& d) {
  FLUSS_ASSIGN_OR_RETURN(bool enabled,
                         config.get(ConfigOptions::kTableDatalakeHistoricalPartitionEnabled));
  if (!enabled) return Status::OK();
  std::vector<std::string> unmet;
  FLUSS_ASSIGN_OR_RETURN(bool auto_partition, config.auto_partition_enabled());
  if (!auto_partition) {
    unmet.push_back(
        fmt::format("'{}' must be set to true", ConfigOptions::kTableAutoPartitionEnabled.key));
  }
  FLUSS_ASSIGN_OR_RETURN(bool lake_enabled, config.datalake_enabled());
  if (!lake_enabled) {
    unmet.push_back(
        fmt::format("'{}' must be set to true", ConfigOptions::kTableDatalakeEnabled.key));
  }
  FLUSS_ASSIGN_OR_RETURN(std::optional<DataLakeFormat> format, config.datalake_format());
  if (!format) {
    unmet.push_back(fmt::format("'{}' must be set to '{}' (currently not set)",
                                ConfigOptions::kTableDatalakeFormat.key,
                                to_string(DataLakeFormat::kPaimon)));
  } else if (*format != DataLakeFormat::kPaimon) {
    unmet.push_back(fmt::format("'{}' must be set to '{}' (currently '{}')",
                                ConfigOptions::kTableDatalakeFormat.key,
                                to_string(DataLakeFormat::kPaimon), to_string(*format)));
  }
  if (!d.has_primary_key()) unmet.push_back("the table must define a primary key");
  if (d.partition_keys().size() != 1) {
    unmet.push_back(fmt::format("the table must define exactly one partition key (found {})",
                                d.partition_keys().size()));
  }
  if (unmet.empty()) return Status::OK();
  return invalid_config("'{}' has unmet requirements: {}.",
                        ConfigOptions::kTableDatalakeHistoricalPartitionEnabled.key,
                        fmt::join(unmet, "; "));
}

Status check_partition(const TableConfig& config, const Properties& properties,
                       const TableDescriptor& d) {
  const std::vector<std::string>& keys = d.partition_keys();
  FLUSS_ASSIGN_OR_RETURN(bool auto_partition, config.auto_partition_enabled());
  if (keys.empty()) {
    if (auto_partition) {
      return invalid_config(
          "Currently, auto partition is only supported for partitioned table, please set table "
          "property '{}' to false.",
          ConfigOptions::kTableAutoPartitionEnabled.key);
    }
    return Status::OK();
  }
  for (const std::string& key : keys) {
    const Column* c = d.schema().column(key);
    if (!c) continue;  // the descriptor builder has checked that partition keys are columns
    const TypeRoot root = c->type.root();
    if (std::find(std::begin(kPartitionKeyTypes), std::end(kPartitionKeyTypes), root) ==
        std::end(kPartitionKeyTypes)) {
      std::vector<std::string_view> names;
      for (TypeRoot r : kPartitionKeyTypes) names.push_back(type_root_json_name(r));
      return invalid_table(
          "Currently, partitioned table supported partition key type are [{}], but got partition "
          "key '{}' with data type {}.",
          fmt::join(names, ", "), key, c->type);
    }
  }
  if (!auto_partition) return Status::OK();

  // Empty when unset or blank (a plain string_view: g++ 12 -O2 misreads an
  // optional<string_view> here as maybe-uninitialized).
  std::string_view auto_key =
      properties.get(ConfigOptions::kTableAutoPartitionKey.key).value_or(std::string_view());
  if (is_blank(auto_key)) auto_key = {};
  if (keys.size() > 1) {
    if (auto_key.empty()) {
      return invalid_table(
          "Currently, auto partitioned table must set one auto partition key when it has "
          "multiple partition keys. Please set table property '{}'.",
          ConfigOptions::kTableAutoPartitionKey.key);
    }
    if (std::find(keys.begin(), keys.end(), auto_key) == keys.end()) {
      return invalid_table(
          "The specified key for auto partitioned table is not a partition key. Your key '{}' is "
          "not in key list [{}]",
          auto_key, fmt::join(keys, ", "));
    }
    FLUSS_ASSIGN_OR_RETURN(int32_t num_precreate, config.auto_partition_num_precreate());
    if (num_precreate > 0) {
      return invalid_table(
          "For a partitioned table with multiple partition keys, auto pre-create is unsupported "
          "and this value must be set to 0, but is {}",
          num_precreate);
    }
  }
  FLUSS_ASSIGN_OR_RETURN(AutoPartitionTimeUnit unit, config.auto_partition_time_unit());
  const std::string key = auto_key.empty() ? keys[0] : std::string(auto_key);
  const Column* c = d.schema().column(key);
  if (c && c->type.root() == TypeRoot::kDate) {
    if (unit != AutoPartitionTimeUnit::kDay) {
      return invalid_table(
          "Table property '{}' must be 'DAY' when auto partition key '{}' has DATE type.",
          ConfigOptions::kTableAutoPartitionTimeUnit.key, key);
    }
    if (properties.get(ConfigOptions::kTableAutoPartitionTimeFormat.key) != "yyyy-MM-dd") {
      return invalid_table(
          "Table property '{}' must be 'yyyy-MM-dd' when auto partition key '{}' has DATE type.",
          ConfigOptions::kTableAutoPartitionTimeFormat.key, key);
    }
  }
  return Status::OK();
}

Status check_system_columns(const Schema& schema) {
  std::vector<std::string> used;
  for (const Column& c : schema.columns()) {
    if (std::find(std::begin(kSystemColumns), std::end(kSystemColumns), c.name) !=
        std::end(kSystemColumns)) {
      used.push_back(c.name);
    }
  }
  if (used.empty()) return Status::OK();
  return invalid_table(
      "{} cannot be used as column names, because they are reserved system columns in Fluss. "
      "Please use other names for these columns. The reserved system columns are: {}",
      fmt::join(used, ", "), fmt::join(kSystemColumns, ", "));
}

Status check_statistics(const TableDescriptor& d) {
  std::optional<std::string_view> columns =
      d.properties().get(ConfigOptions::kTableStatisticsColumns.key);
  if (!columns) return Status::OK();
  if (d.has_primary_key()) {
    return invalid_config(
        "Statistics columns are not supported for primary key tables. Please remove the '{}' "
        "property.",
        ConfigOptions::kTableStatisticsColumns.key);
  }
  std::string_view text = *columns;
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  if (trim(text) == "*") return Status::OK();
  std::vector<std::string_view> names;
  while (true) {
    size_t comma = text.find(',');
    std::string_view name = trim(text.substr(0, comma));
    if (!name.empty()) names.push_back(name);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (names.empty()) {
    return invalid_config(
        "Statistics columns configuration cannot be empty. Use '*' to collect statistics for all "
        "supported columns, or remove the property to disable statistics collection.");
  }
  for (std::string_view name : names) {
    if (!d.schema().column(name)) {
      return invalid_config("Column '{}' specified in '{}' does not exist in table schema.", name,
                            ConfigOptions::kTableStatisticsColumns.key);
    }
  }
  return Status::OK();
}

Status check_lake_format_matches_cluster(const TableConfig& config,
                                         std::optional<DataLakeFormat> cluster_format) {
  if (!cluster_format) return Status::OK();
  FLUSS_ASSIGN_OR_RETURN(bool enabled, config.datalake_enabled());
  if (!enabled) return Status::OK();
  FLUSS_ASSIGN_OR_RETURN(std::optional<DataLakeFormat> table_format, config.datalake_format());
  if (table_format && *table_format != *cluster_format) {
    return invalid_config("'{}' ('{}') must match cluster '{}' ('{}') when '{}' is enabled.",
                          ConfigOptions::kTableDatalakeFormat.key, to_string(*table_format),
                          ConfigOptions::kDatalakeFormat.key, to_string(*cluster_format),
                          ConfigOptions::kTableDatalakeEnabled.key);
  }
  return Status::OK();
}

}  // namespace

Status validate_table_descriptor(const TableDescriptor& d, const TableValidationContext& context) {
  const TableConfig config = d.table_config();
  const Properties& properties = d.properties();
  const bool has_pk = d.has_primary_key();
  // Same order as Fluss, so that a descriptor with several problems gets the same error.
  FLUSS_RETURN_IF_ERROR(check_properties(properties));
  FLUSS_RETURN_IF_ERROR(check_distribution(d, context.max_bucket_num));
  FLUSS_RETURN_IF_ERROR(check_primary_key(d));
  FLUSS_RETURN_IF_ERROR(check_replication_factor(config));
  FLUSS_RETURN_IF_ERROR(check_log_format(config, has_pk));
  FLUSS_RETURN_IF_ERROR(check_arrow_compression(config, properties));
  FLUSS_RETURN_IF_ERROR(check_merge_engine(config, has_pk, d.schema()));
  FLUSS_RETURN_IF_ERROR(check_delete_behavior(config, properties, has_pk));
  FLUSS_RETURN_IF_ERROR(check_tiered_log(config));
  FLUSS_RETURN_IF_ERROR(check_historical_partition(config, d));
  FLUSS_RETURN_IF_ERROR(check_partition(config, properties, d));
  FLUSS_RETURN_IF_ERROR(check_system_columns(d.schema()));
  FLUSS_RETURN_IF_ERROR(check_statistics(d));
  return check_lake_format_matches_cluster(config, context.cluster_datalake_format);
}

Result<TableDescriptor> apply_system_defaults(const TableDescriptor& descriptor,
                                              const SystemDefaults& defaults) {
  TableDescriptor d = descriptor;
  if (!d.bucket_count()) d = d.with_bucket_count(defaults.default_bucket_number);

  // Later steps test the caller's properties, as Java does, not the ones added here.
  const Properties& original = descriptor.properties();
  if (!original.contains(ConfigOptions::kTableReplicationFactor.key)) {
    d = d.with_replication_factor(defaults.default_replication_factor);
  }
  if (d.partition_keys().size() > 1 &&
      original.get(ConfigOptions::kTableAutoPartitionEnabled.key) == "true" &&
      !original.contains(ConfigOptions::kTableAutoPartitionNumPrecreate.key)) {
    Properties p = d.properties();
    p.set(std::string(ConfigOptions::kTableAutoPartitionNumPrecreate.key), "0");
    d = d.with_properties(std::move(p));
  }
  if (defaults.cluster_datalake_format &&
      !original.contains(ConfigOptions::kTableDatalakeFormat.key)) {
    d = d.with_data_lake_format(*defaults.cluster_datalake_format);
  }
  // Boolean.parseBoolean: only a case-insensitive "true" enables, anything else is false.
  std::optional<std::string_view> lake_enabled =
      original.get(ConfigOptions::kTableDatalakeEnabled.key);
  if (lake_enabled && parse_config_bool(*lake_enabled).value_or(false) &&
      !defaults.cluster_datalake_table_enabled) {
    return make_error(ErrorCode::kInvalidTableException,
                      "'{}' is enabled for the table, but the Fluss cluster doesn't enable "
                      "datalake tables.",
                      ConfigOptions::kTableDatalakeEnabled.key);
  }

  const TableConfig original_config(original);
  FLUSS_ASSIGN_OR_RETURN(std::optional<MergeEngineType> engine, original_config.merge_engine());
  if (engine && descriptor.has_primary_key() &&
      !original.contains(ConfigOptions::kTableDeleteBehavior.key)) {
    Properties p = d.properties();
    p.set(std::string(ConfigOptions::kTableDeleteBehavior.key),
          std::string(to_string(DeleteBehavior::kIgnore)));
    d = d.with_properties(std::move(p));
  }

  if (d.has_primary_key()) {
    Properties p = d.properties();
    FLUSS_ASSIGN_OR_RETURN(std::optional<int32_t> version, TableConfig(p).kv_format_version());
    if (!version) {
      p.set(std::string(ConfigOptions::kTableKvFormatVersion.key),
            std::to_string(ConfigOptions::kCurrentKvFormatVersion));
    } else if (*version > ConfigOptions::kCurrentKvFormatVersion) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "Unsupported kv format version {}. The maximum supported version is {}.",
                        *version, ConfigOptions::kCurrentKvFormatVersion);
    }
    if (!p.contains(ConfigOptions::kTableKvStandbyReplicaEnabled.key)) {
      p.set(std::string(ConfigOptions::kTableKvStandbyReplicaEnabled.key), "true");
    }
    d = d.with_properties(std::move(p));
  }
  return d;
}

}  // namespace fluss
