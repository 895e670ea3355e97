// SPDX-License-Identifier: Apache-2.0
#include "model/table_descriptor.h"

#include <fmt/ranges.h>

#include <algorithm>

#include "common/config_options.h"

namespace fluss {

namespace {

std::string list_string(const std::vector<std::string>& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string TableDistribution::to_string() const {
  return fmt::format("{{bucketKeys={} bucketCount={}}}", list_string(bucket_keys),
                     bucket_count ? std::to_string(*bucket_count) : "null");
}

TableDescriptor::Builder TableDescriptor::builder() { return Builder(); }

TableDescriptor::Builder TableDescriptor::builder(const TableDescriptor& origin) {
  Builder b;
  b.schema_ = origin.schema_;
  b.comment_ = origin.comment_;
  b.partition_keys_ = origin.partition_keys_;
  b.distribution_ = origin.distribution_;
  b.properties_ = origin.properties_;
  b.custom_properties_ = origin.custom_properties_;
  return b;
}

std::vector<std::string> TableDescriptor::bucket_keys() const {
  return distribution_ ? distribution_->bucket_keys : std::vector<std::string>{};
}

std::optional<int32_t> TableDescriptor::bucket_count() const {
  return distribution_ ? distribution_->bucket_count : std::nullopt;
}

bool TableDescriptor::is_default_bucket_key() const {
  if (has_primary_key()) {
    return bucket_keys() ==
           physical_primary_key(schema_.primary_key_column_names(), partition_keys_);
  }
  return bucket_keys().empty();
}

TableDescriptor TableDescriptor::with_properties(Properties properties) const {
  TableDescriptor d = *this;
  d.properties_ = std::move(properties);
  return d;
}

TableDescriptor TableDescriptor::with_properties(Properties properties,
                                                 Properties custom_properties) const {
  TableDescriptor d = *this;
  d.properties_ = std::move(properties);
  d.custom_properties_ = std::move(custom_properties);
  return d;
}

TableDescriptor TableDescriptor::with_bucket_count(int32_t bucket_count) const {
  TableDescriptor d = *this;
  d.distribution_ = TableDistribution{.bucket_count = bucket_count, .bucket_keys = bucket_keys()};
  return d;
}

TableDescriptor TableDescriptor::with_replication_factor(int32_t replication_factor) const {
  Properties p = properties_;
  p.set(std::string(ConfigOptions::kTableReplicationFactor.key),
        std::to_string(replication_factor));
  return with_properties(std::move(p));
}

TableDescriptor TableDescriptor::with_data_lake_format(DataLakeFormat format) const {
  Properties p = properties_;
  p.set(std::string(ConfigOptions::kTableDatalakeFormat.key),
        std::string(fluss::to_string(format)));
  return with_properties(std::move(p));
}

std::string TableDescriptor::to_string() const {
  return fmt::format(
      "TableDescriptor{{schema={}, comment='{}', partitionKeys={}, tableDistribution={}, "
      "properties={}, customProperties={}}}",
      schema_.to_string(), comment_.value_or("null"), list_string(partition_keys_),
      distribution_ ? distribution_->to_string() : "null", properties_.to_string(),
      custom_properties_.to_string());
}

// ---------------------------------------------------------------------------------------
// Builder

TableDescriptor::Builder& TableDescriptor::Builder::schema(Schema schema) {
  schema_ = std::move(schema);
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::comment(std::optional<std::string> comment) {
  comment_ = std::move(comment);
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::partitioned_by(
    std::vector<std::string> partition_keys) {
  partition_keys_ = std::move(partition_keys);
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::distributed_by(
    std::optional<int32_t> bucket_count, std::vector<std::string> bucket_keys) {
  distribution_ =
      TableDistribution{.bucket_count = bucket_count, .bucket_keys = std::move(bucket_keys)};
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::property(std::string key, std::string value) {
  properties_.set(std::move(key), std::move(value));
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::properties(const Properties& properties) {
  properties_.set_all(properties);
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::custom_property(std::string key,
                                                                    std::string value) {
  custom_properties_.set(std::move(key), std::move(value));
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::custom_properties(
    const Properties& properties) {
  custom_properties_.set_all(properties);
  return *this;
}

TableDescriptor::Builder& TableDescriptor::Builder::log_format(LogFormat format) {
  return property(std::string(ConfigOptions::kTableLogFormat.key),
                  std::string(fluss::to_string(format)));
}

TableDescriptor::Builder& TableDescriptor::Builder::kv_format(KvFormat format) {
  return property(std::string(ConfigOptions::kTableKvFormat.key),
                  std::string(fluss::to_string(format)));
}

Result<TableDescriptor> TableDescriptor::Builder::build() const {
  if (!schema_) return make_error(ErrorCode::kInvalidTableException, "schema must not be null.");
  const Schema& schema = *schema_;
  const std::vector<std::string> pk = schema.primary_key_column_names();

  auto default_bucket_keys = [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> keys = physical_primary_key(pk, partition_keys_);
    if (keys.empty()) {
      return make_error(ErrorCode::kInvalidTableException,
                        "Primary Key constraint {} should not be same with partition fields {}.",
                        list_string(pk), list_string(partition_keys_));
    }
    return keys;
  };

  // Same checks, in the same order, as Java's TableDescriptor constructor.
  std::optional<TableDistribution> distribution = distribution_;
  if (distribution) {
    const std::vector<std::string>& bucket_keys = distribution->bucket_keys;
    if (std::any_of(bucket_keys.begin(), bucket_keys.end(),
                    [&](const std::string& k) { return contains(partition_keys_, k); })) {
      return make_error(ErrorCode::kInvalidTableException,
                        "Bucket key {} shouldn't include any column in partition keys {}.",
                        list_string(bucket_keys), list_string(partition_keys_));
    }
    if (schema.has_primary_key()) {
      if (bucket_keys.empty()) {
        FLUSS_ASSIGN_OR_RETURN(distribution->bucket_keys, default_bucket_keys());
      } else {
        for (const std::string& k : bucket_keys) {
          if (!contains(pk, k)) {
            return make_error(
                ErrorCode::kInvalidTableException,
                "Bucket keys must be a subset of primary keys excluding partition keys for "
                "primary-key tables. The primary keys are {}, the partition keys are {}, but the "
                "user-defined bucket keys are {}.",
                list_string(pk), list_string(partition_keys_), list_string(bucket_keys));
          }
        }
      }
    }
  } else if (schema.has_primary_key()) {
    FLUSS_ASSIGN_OR_RETURN(auto keys, default_bucket_keys());
    distribution = TableDistribution{.bucket_count = std::nullopt, .bucket_keys = std::move(keys)};
  }

  for (const std::string& k : partition_keys_) {
    if (schema.has_primary_key()) {
      if (!contains(pk, k)) {
        return make_error(ErrorCode::kInvalidTableException,
                          "Partitioned Primary Key Table requires partition key {} is a subset of "
                          "the primary key {}.",
                          list_string(partition_keys_), list_string(pk));
      }
    } else if (!schema.column(k)) {
      return make_error(ErrorCode::kInvalidTableException,
                        "Partition key '{}' does not exist in the schema.", k);
    }
  }
  if (distribution) {
    for (const std::string& k : distribution->bucket_keys) {
      if (!schema.column(k)) {
        return make_error(ErrorCode::kInvalidTableException,
                          "Bucket key '{}' does not exist in the schema.", k);
      }
    }
  }

  TableDescriptor d;
  d.schema_ = schema;
  d.comment_ = comment_;
  d.partition_keys_ = partition_keys_;
  d.distribution_ = std::move(distribution);
  d.properties_ = properties_;
  d.custom_properties_ = custom_properties_;
  return d;
}

std::ostream& operator<<(std::ostream& os, const TableDistribution& d) {
  return os << d.to_string();
}
std::ostream& operator<<(std::ostream& os, const TableDescriptor& d) { return os << d.to_string(); }

}  // namespace fluss
