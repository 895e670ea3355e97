// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/properties.h"
#include "model/schema.h"
#include "model/table_config.h"

namespace fluss {

// How a table is bucketed: bucket keys (empty = no key, records spread by the
// client) and, once the coordinator has applied defaults, the bucket count.
struct TableDistribution {
  std::optional<int32_t> bucket_count;
  std::vector<std::string> bucket_keys;

  // "{bucketKeys=[a] bucketCount=16}" as Java.
  std::string to_string() const;

  friend bool operator==(const TableDistribution&, const TableDistribution&) = default;
};

// What a user asks for at CREATE TABLE (org.apache.fluss.metadata.TableDescriptor):
// schema, comment, partition keys, distribution, Fluss table properties (`table.*`)
// and free-form custom properties. Its JSON form is fluss-wire.md §10.1.
//
// A built descriptor is consistent: partition and bucket keys are columns, a PK
// table's partition keys are in its primary key, a PK table always has a
// distribution whose bucket keys are a subset of its physical primary key (the
// default bucket key being the whole physical primary key). Property values are
// not checked here; see validate_table_descriptor. An immutable value.
class TableDescriptor {
 public:
  // Reserved system column names (used by virtual tables and the log scanner).
  static constexpr std::string_view kOffsetColumn = "__offset";
  static constexpr std::string_view kTimestampColumn = "__timestamp";
  static constexpr std::string_view kBucketColumn = "__bucket";
  static constexpr std::string_view kChangeTypeColumn = "_change_type";
  static constexpr std::string_view kLogOffsetColumn = "_log_offset";
  static constexpr std::string_view kCommitTimestampColumn = "_commit_timestamp";

  class Builder;
  static Builder builder();
  // A builder starting from everything `origin` has.
  static Builder builder(const TableDescriptor& origin);

  const Schema& schema() const { return schema_; }
  const std::optional<std::string>& comment() const { return comment_; }
  const std::vector<std::string>& partition_keys() const { return partition_keys_; }
  const std::optional<TableDistribution>& distribution() const { return distribution_; }
  // Empty when there is no distribution.
  std::vector<std::string> bucket_keys() const;
  std::optional<int32_t> bucket_count() const;
  const Properties& properties() const { return properties_; }
  const Properties& custom_properties() const { return custom_properties_; }
  // Typed reads of properties().
  TableConfig table_config() const { return TableConfig(properties_); }

  bool has_primary_key() const { return schema_.has_primary_key(); }
  bool is_partitioned() const { return !partition_keys_.empty(); }
  // Bucket key == physical primary key (PK tables) or no bucket key (log tables).
  bool is_default_bucket_key() const;

  // Copies with one thing changed, as Java's with* methods.
  TableDescriptor with_properties(Properties properties) const;
  TableDescriptor with_properties(Properties properties, Properties custom_properties) const;
  TableDescriptor with_bucket_count(int32_t bucket_count) const;
  TableDescriptor with_replication_factor(int32_t replication_factor) const;
  TableDescriptor with_data_lake_format(DataLakeFormat format) const;

  std::string to_string() const;

  friend bool operator==(const TableDescriptor&, const TableDescriptor&) = default;

 private:
  TableDescriptor() = default;

  Schema schema_;
  std::optional<std::string> comment_;
  std::vector<std::string> partition_keys_;
  std::optional<TableDistribution> distribution_;
  Properties properties_;
  Properties custom_properties_;
};

// Collects a TableDescriptor; build() normalizes the distribution and checks the
// invariants above, failing with INVALID_TABLE_EXCEPTION and Java's message (the
// code the coordinator answers a CREATE_TABLE with).
class TableDescriptor::Builder {
 public:
  Builder& schema(Schema schema);
  Builder& comment(std::optional<std::string> comment);
  Builder& partitioned_by(std::vector<std::string> partition_keys);
  // bucket_count nullopt: let the server pick its default.
  Builder& distributed_by(std::optional<int32_t> bucket_count,
                          std::vector<std::string> bucket_keys = {});
  Builder& property(std::string key, std::string value);
  Builder& properties(const Properties& properties);
  Builder& custom_property(std::string key, std::string value);
  Builder& custom_properties(const Properties& properties);
  Builder& log_format(LogFormat format);
  Builder& kv_format(KvFormat format);

  Result<TableDescriptor> build() const;

 private:
  friend class TableDescriptor;
  Builder() = default;

  std::optional<Schema> schema_;
  std::optional<std::string> comment_;
  std::vector<std::string> partition_keys_;
  std::optional<TableDistribution> distribution_;
  Properties properties_;
  Properties custom_properties_;
};

std::ostream& operator<<(std::ostream& os, const TableDistribution& d);
std::ostream& operator<<(std::ostream& os, const TableDescriptor& d);

}  // namespace fluss

FLUSS_MODEL_TO_STRING_FORMATTER(fluss::TableDistribution)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::TableDescriptor)
