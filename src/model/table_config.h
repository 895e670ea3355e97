// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/config_options.h"
#include "common/configuration.h"
#include "common/result.h"
#include "model/properties.h"

namespace fluss {

// Enum-valued table properties. Values print as Fluss writes them (to_string) and
// parse case-insensitively (parse_*), as Java's ConfigurationUtils.convertToEnum. The
// names are the enum_values of the matching ConfigOptions::kTable... option, whose
// order the enumerators follow.
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

// Typed, defaulted reads of a table's properties (org.apache.fluss.config.TableConfig),
// through common's Configuration: keys, defaults and value syntax are those of the
// ConfigOptions::kTable... options. A present but malformed value is
// INVALID_CONFIG_EXCEPTION naming key and value. Keeps its own copy of the (few)
// properties.
class TableConfig {
 public:
  explicit TableConfig(const Properties& properties);

  const Configuration& configuration() const { return config_; }

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
  Result<DeleteBehavior> delete_behavior() const;                          // default ALLOW
  Result<std::optional<int32_t>> replication_factor() const;               // no default
  Result<bool> auto_partition_enabled() const;                             // default false
  Result<AutoPartitionTimeUnit> auto_partition_time_unit() const;          // default DAY
  Result<int32_t> auto_partition_num_precreate() const;                    // default 2
  Result<int32_t> log_tiered_local_segments() const;                       // default 2
  Result<std::chrono::milliseconds> log_ttl() const;                       // default 7 d
  Result<std::optional<std::chrono::milliseconds>> log_local_ttl() const;  // no default

  // Any other table option, as Configuration::get / get_optional.
  template <typename T>
  Result<T> get(const ConfigOption<T>& option) const {
    return config_.get(option);
  }
  template <typename T>
  Result<std::optional<T>> get_optional(const ConfigOption<T>& option) const {
    return config_.get_optional(option);
  }

 private:
  Configuration config_;
};

}  // namespace fluss
