// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <compare>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "model/ids.h"
#include "model/to_string_formatter.h"

namespace fluss {

// Identifier rules shared by database, table and partition names (fluss-wire.md §8.6,
// Java TablePath.detectInvalidName): why `name` is invalid, in Java's words, or
// nullopt if it is valid: non-empty, not "." or "..", at most 200 characters, only
// ASCII letters, digits, '_' and '-'.
std::optional<std::string> detect_invalid_name(std::string_view name);

// Why `name` may not be created by users (it starts with the reserved "__"), or
// nullopt (Java TablePath.validatePrefix).
std::optional<std::string> detect_reserved_prefix(std::string_view name);

// INVALID_DATABASE_EXCEPTION "Database name <name> is invalid: <reason>" when
// detect_invalid_name or detect_reserved_prefix objects.
Status validate_database_name(std::string_view name);
// The same for tables, with INVALID_TABLE_EXCEPTION.
Status validate_table_name(std::string_view name);

// A database and a table name (org.apache.fluss.metadata.TablePath); prints
// "db.table". A path names a table only at one moment: tables are renamed, the
// TableId is the stable identity.
struct TablePath {
  static constexpr std::string_view kDefaultDatabase = "fluss";

  std::string database;
  std::string table;

  // Both names pass detect_invalid_name (the reserved prefix is not checked).
  bool is_valid() const;
  // validate_database_name, then validate_table_name.
  Status validate() const;
  std::string to_string() const { return database + "." + table; }

  friend auto operator<=>(const TablePath&, const TablePath&) = default;
};

// A table path plus, for a partitioned table, a partition name: where a bucket's
// data lives (org.apache.fluss.metadata.PhysicalTablePath). Prints "db.table" or
// "db.table(p=2024$eu)".
struct PhysicalTablePath {
  TablePath table_path;
  std::optional<std::string> partition_name;

  // The table path is valid and every '$'-separated partition value is a valid name.
  bool is_valid() const;
  std::string to_string() const;

  friend auto operator<=>(const PhysicalTablePath&, const PhysicalTablePath&) = default;
};

// The unit of data placement and replication (org.apache.fluss.metadata.TableBucket).
// Prints as Java's toString: "TableBucket{tableId=1, bucket=2}" or
// "TableBucket{tableId=1, partitionId=5, bucket=2}".
struct TableBucket {
  TableId table_id;
  std::optional<PartitionId> partition_id;  // set only for partitioned tables
  BucketId bucket;

  TableBucket() = default;
  TableBucket(TableId table, BucketId bucket_id) : table_id(table), bucket(bucket_id) {}
  TableBucket(TableId table, std::optional<PartitionId> partition, BucketId bucket_id)
      : table_id(table), partition_id(partition), bucket(bucket_id) {}

  std::string to_string() const;

  friend auto operator<=>(const TableBucket&, const TableBucket&) = default;
};

// A partition given by key/value pairs in any order (org.apache.fluss.metadata.PartitionSpec).
// Prints "PartitionSpec{{k1=v1, k2=v2}}" like Java ("PartitionSpec{" + map + "}").
class PartitionSpec {
 public:
  using Entry = std::pair<std::string, std::string>;

  PartitionSpec() = default;
  explicit PartitionSpec(std::vector<Entry> spec) : spec_(std::move(spec)) {}

  const std::vector<Entry>& entries() const { return spec_; }
  std::optional<std::string_view> get(std::string_view key) const;
  std::string to_string() const;

  friend bool operator==(const PartitionSpec&, const PartitionSpec&) = default;

 private:
  std::vector<Entry> spec_;
};

// A partition as values in partition-key order (org.apache.fluss.metadata.ResolvedPartitionSpec).
// Its name, the partition's identity on the wire and on disk, is the values joined
// by '$'; its qualified name "k1=v1/k2=v2" is for display.
class ResolvedPartitionSpec {
 public:
  static constexpr char kSeparator = '$';

  // PARTITION_SPEC_INVALID_EXCEPTION if the counts differ.
  static Result<ResolvedPartitionSpec> of(std::vector<std::string> keys,
                                          std::vector<std::string> values);
  // Values of `spec` reordered to `keys`; PARTITION_SPEC_INVALID_EXCEPTION naming the
  // first key `spec` lacks.
  static Result<ResolvedPartitionSpec> from_partition_spec(std::vector<std::string> keys,
                                                           const PartitionSpec& spec);
  // Splits "v1$v2" (PARTITION_SPEC_INVALID_EXCEPTION if the value count is not the key count).
  static Result<ResolvedPartitionSpec> from_partition_name(std::vector<std::string> keys,
                                                           std::string_view name);
  // Parses "k1=v1/k2=v2" (PARTITION_SPEC_INVALID_EXCEPTION on a pair without '=').
  static Result<ResolvedPartitionSpec> from_qualified_name(std::string_view qualified_name);

  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<std::string>& values() const { return values_; }
  std::string partition_name() const;
  std::string qualified_name() const;
  PartitionSpec to_partition_spec() const;
  // Whether `other`'s keys take the same values here (PARTITION_SPEC_INVALID_EXCEPTION
  // if one of them is not a key of this spec).
  Result<bool> contains(const ResolvedPartitionSpec& other) const;
  std::string to_string() const { return qualified_name(); }

  friend bool operator==(const ResolvedPartitionSpec&, const ResolvedPartitionSpec&) = default;

 private:
  ResolvedPartitionSpec(std::vector<std::string> keys, std::vector<std::string> values)
      : keys_(std::move(keys)), values_(std::move(values)) {}

  std::vector<std::string> keys_;
  std::vector<std::string> values_;
};

// Whether a partition is being created (the reserved "__" prefix is refused) or only
// looked up.
enum class PartitionUse { kLookup, kCreate };

// Every value must be a valid name: PARTITION_SPEC_INVALID_EXCEPTION
// "The partition value <v> is invalid: <reason>" (Java PartitionUtils.validatePartitionValues).
Status validate_partition_values(const std::vector<std::string>& values, PartitionUse use);

// `spec` has exactly the table's partition keys, with valid values
// (PARTITION_SPEC_INVALID_EXCEPTION, Java PartitionUtils.validatePartitionSpec).
Status validate_partition_spec(const TablePath& table, const std::vector<std::string>& keys,
                               const PartitionSpec& spec, PartitionUse use);

std::ostream& operator<<(std::ostream& os, const TablePath& path);
std::ostream& operator<<(std::ostream& os, const PhysicalTablePath& path);
std::ostream& operator<<(std::ostream& os, const TableBucket& bucket);
std::ostream& operator<<(std::ostream& os, const PartitionSpec& spec);
std::ostream& operator<<(std::ostream& os, const ResolvedPartitionSpec& spec);

}  // namespace fluss

FLUSS_MODEL_TO_STRING_FORMATTER(fluss::TablePath)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::PhysicalTablePath)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::TableBucket)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::PartitionSpec)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::ResolvedPartitionSpec)

template <>
struct std::hash<fluss::TablePath> {
  size_t operator()(const fluss::TablePath& p) const noexcept;
};
template <>
struct std::hash<fluss::PhysicalTablePath> {
  size_t operator()(const fluss::PhysicalTablePath& p) const noexcept;
};
template <>
struct std::hash<fluss::TableBucket> {
  size_t operator()(const fluss::TableBucket& b) const noexcept;
};
