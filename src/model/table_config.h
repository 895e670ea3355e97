// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "model/properties.h"

namespace fluss {

// Table property keys, exactly Fluss's (ConfigOptions.java, fluss-wire.md §10.5).
namespace table_options {
inline constexpr std::string_view kReplicationFactor = "table.replication.factor";
inline constexpr std::string_view kLogFormat = "table.log.format";
inline constexpr std::string_view kArrowCompressionType = "table.log.arrow.compression.type";
inline constexpr std::string_view kArrowCompressionZstdLevel =
    "table.log.arrow.compression.zstd.level";
inline constexpr std::string_view kKvFormat = "table.kv.format";
inline constexpr std::string_view kKvFormatVersion = "table.kv.format-version";
inline constexpr std::string_view kKvStandbyReplicaEnabled = "table.kv.standby-replica.enabled";
inline constexpr std::string_view kAutoPartitionEnabled = "table.auto-partition.enabled";
inline constexpr std::string_view kAutoPartitionKey = "table.auto-partition.key";
inline constexpr std::string_view kAutoPartitionTimeUnit = "table.auto-partition.time-unit";
inline constexpr std::string_view kAutoPartitionTimeFormat = "table.auto-partition.time-format";
inline constexpr std::string_view kAutoPartitionTimeZone = "table.auto-partition.time-zone";
inline constexpr std::string_view kAutoPartitionNumPrecreate = "table.auto-partition.num-precreate";
inline constexpr std::string_view kAutoPartitionNumRetention = "table.auto-partition.num-retention";
inline constexpr std::string_view kLogTtl = "table.log.ttl";
inline constexpr std::string_view kLogTieredLocalSegments = "table.log.tiered.local-segments";
inline constexpr std::string_view kLogLocalTtl = "table.log.local-ttl";
inline constexpr std::string_view kDatalakeEnabled = "table.datalake.enabled";
inline constexpr std::string_view kDatalakeHistoricalPartitionEnabled =
    "table.datalake.historical-partition.enabled";
inline constexpr std::string_view kDatalakeFormat = "table.datalake.format";
inline constexpr std::string_view kDatalakeFreshness = "table.datalake.freshness";
inline constexpr std::string_view kDatalakeAutoCompaction = "table.datalake.auto-compaction";
inline constexpr std::string_view kDatalakeAutoExpireSnapshot =
    "table.datalake.auto-expire-snapshot";
inline constexpr std::string_view kMergeEngine = "table.merge-engine";
inline constexpr std::string_view kMergeEngineVersionColumn =
    "table.merge-engine.versioned.ver-column";
inline constexpr std::string_view kDeleteBehavior = "table.delete.behavior";
inline constexpr std::string_view kAutoIncrementCacheSize = "table.auto-increment.cache-size";
inline constexpr std::string_view kChangelogImage = "table.changelog.image";
inline constexpr std::string_view kStatisticsColumns = "table.statistics.columns";

// The prefix of every Fluss table option; other keys belong in custom properties.
inline constexpr std::string_view kPrefix = "table.";

// The value type of a table option, for validation.
enum class OptionType : uint8_t { kInt, kLong, kBoolean, kString, kDuration, kEnum };

struct OptionDef {
  std::string_view key;
  OptionType type;
  // For kEnum: the accepted values (matched case-insensitively).
  std::vector<std::string_view> enum_values;
};

// Every table option this version knows; nullptr for other keys.
const OptionDef* find_option(std::string_view key);

// The KV key encoding version the coordinator writes into new PK tables.
inline constexpr int kCurrentKvFormatVersion = 2;
}  // namespace table_options

// Enum-valued table properties. Values print as Fluss writes them (to_string) and
// parse case-insensitively (parse_*), as Java's ConfigurationUtils.convertToEnum.
enum class LogFormat : uint8_t { kArrow, kIndexed, kCompacted };
enum class KvFormat : uint8_t { kCompacted, kIndexed };
enum class ArrowCompressionType : uint8_t { kNone, kLz4Frame, kZstd };
enum class DataLakeFormat : uint8_t { kPaimon, kLance, kIceberg, kHudi };
enum class ChangelogImage : uint8_t { kFull, kWal };
enum class MergeEngineType : uint8_t { kFirstRow, kVersioned, kAggregation };
enum class DeleteBehavior : uint8_t { kAllow, kIgnore, kDisable };
enum class AutoPartitionTimeUnit : uint8_t { kYear, kQuarter, kMonth, kDay, kHour };

std::string_view to_string(LogFormat v);              // "ARROW"
std::string_view to_string(KvFormat v);               // "COMPACTED"
std::string_view to_string(ArrowCompressionType v);   // "LZ4_FRAME"
std::string_view to_string(DataLakeFormat v);         // "paimon" (Java's toString is lower case)
std::string_view to_string(ChangelogImage v);         // "WAL"
std::string_view to_string(MergeEngineType v);        // "FIRST_ROW"
std::string_view to_string(DeleteBehavior v);         // "IGNORE"
std::string_view to_string(AutoPartitionTimeUnit v);  // "DAY"

std::ostream& operator<<(std::ostream& os, LogFormat v);
std::ostream& operator<<(std::ostream& os, KvFormat v);
std::ostream& operator<<(std::ostream& os, ArrowCompressionType v);
std::ostream& operator<<(std::ostream& os, DataLakeFormat v);
std::ostream& operator<<(std::ostream& os, ChangelogImage v);
std::ostream& operator<<(std::ostream& os, MergeEngineType v);
std::ostream& operator<<(std::ostream& os, DeleteBehavior v);
std::ostream& operator<<(std::ostream& os, AutoPartitionTimeUnit v);

std::optional<LogFormat> parse_log_format(std::string_view text);
std::optional<KvFormat> parse_kv_format(std::string_view text);
std::optional<ArrowCompressionType> parse_arrow_compression_type(std::string_view text);
std::optional<DataLakeFormat> parse_data_lake_format(std::string_view text);
std::optional<ChangelogImage> parse_changelog_image(std::string_view text);
std::optional<MergeEngineType> parse_merge_engine_type(std::string_view text);
std::optional<DeleteBehavior> parse_delete_behavior(std::string_view text);
std::optional<AutoPartitionTimeUnit> parse_auto_partition_time_unit(std::string_view text);

// Typed, defaulted reads of a table's properties (org.apache.fluss.config.TableConfig).
// A present but malformed value is INVALID_CONFIG_EXCEPTION naming key and value.
// Keeps its own copy of the (few) properties.
class TableConfig {
 public:
  explicit TableConfig(Properties properties) : properties_(std::move(properties)) {}

  const Properties& properties() const { return properties_; }

  Result<LogFormat> log_format() const;                           // default ARROW
  Result<KvFormat> kv_format() const;                             // default COMPACTED
  Result<std::optional<int32_t>> kv_format_version() const;       // no default
  Result<ArrowCompressionType> arrow_compression_type() const;    // default ZSTD
  Result<int32_t> arrow_compression_zstd_level() const;           // default 3
  Result<std::optional<DataLakeFormat>> datalake_format() const;  // no default
  Result<bool> datalake_enabled() const;                          // default false
  Result<ChangelogImage> changelog_image() const;                 // default FULL
  Result<std::optional<MergeEngineType>> merge_engine() const;    // unset = last-write-wins
  std::optional<std::string_view> merge_engine_version_column() const;
  Result<DeleteBehavior> delete_behavior() const;                  // default ALLOW
  Result<std::optional<int32_t>> replication_factor() const;       // no default
  Result<bool> auto_partition_enabled() const;                     // default false
  Result<AutoPartitionTimeUnit> auto_partition_time_unit() const;  // default DAY
  Result<int32_t> auto_partition_num_precreate() const;            // default 2
  Result<int32_t> log_tiered_local_segments() const;               // default 2

  // Generic typed reads, for options without an accessor.
  Result<std::optional<int32_t>> get_int(std::string_view key) const;
  Result<std::optional<int64_t>> get_long(std::string_view key) const;
  Result<std::optional<bool>> get_bool(std::string_view key) const;
  // Durations as Fluss writes them ("7 d", "3min", "500 ms"), in milliseconds.
  Result<std::optional<int64_t>> get_duration_ms(std::string_view key) const;

 private:
  Properties properties_;
};

// Java's Integer.parseInt / Long.parseLong / Boolean option parsing; nullopt when malformed.
std::optional<int32_t> parse_java_int(std::string_view text);
std::optional<int64_t> parse_java_long(std::string_view text);
std::optional<bool> parse_java_bool(std::string_view text);
// Fluss's TimeUtils.parseDuration ("10s", "1 min", "7 d"; no unit = ms), in milliseconds.
std::optional<int64_t> parse_duration_ms(std::string_view text);

}  // namespace fluss
