// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/data_type.h"
#include "model/properties.h"
#include "model/table_path.h"

namespace fluss {

// Aggregation functions of the AGGREGATION merge engine (AggFunctionType.java).
enum class AggFunctionType : uint8_t {
  kSum,
  kProduct,
  kMax,
  kMin,
  kLastValue,
  kLastValueIgnoreNulls,
  kFirstValue,
  kFirstValueIgnoreNulls,
  kListagg,
  kStringAgg,  // alias of LISTAGG, kept distinct as Java does
  kBoolAnd,
  kBoolOr,
  kRbm32,
  kRbm64,
};

// "sum", "last_value_ignore_nulls", ...: the JSON spelling.
std::string_view agg_function_type_name(AggFunctionType type);
// Case-insensitive, '-' read as '_', surrounding blanks ignored; nullopt if unknown.
std::optional<AggFunctionType> agg_function_type_from_string(std::string_view name);

// An aggregation function with its parameters (AggFunction.java); only LISTAGG and
// STRING_AGG take one, "delimiter".
struct AggFunction {
  static constexpr std::string_view kDelimiter = "delimiter";

  AggFunctionType type = AggFunctionType::kLastValueIgnoreNulls;
  Properties parameters = {};

  // Every parameter is supported by the type and has a valid value; the message
  // (for INVALID_CONFIG_EXCEPTION) names the parameter.
  Status validate_parameters() const;
  // The column type is one the function supports.
  Status validate_data_type(const DataType& type) const;
  // "sum", or "listagg{delimiter=;}" as Java's toString.
  std::string to_string() const;

  friend bool operator==(const AggFunction&, const AggFunction&) = default;
};

// A column of a schema (Schema.Column). `id` is kUnknownColumnId until a
// Schema::Builder assigns one.
struct Column {
  static constexpr int32_t kUnknownColumnId = -1;

  std::string name;
  DataType type;
  std::optional<std::string> comment = std::nullopt;
  std::optional<AggFunction> agg_function = std::nullopt;
  int32_t id = kUnknownColumnId;

  // "name TYPE COMMENT '...'" as Java's toString.
  std::string to_string() const;

  friend bool operator==(const Column&, const Column&) = default;
};

// A named primary-key constraint; the name is not serialized (JSON readers rebuild
// the default "PK_a_b").
struct PrimaryKey {
  std::string constraint_name;
  std::vector<std::string> column_names;

  // Java compares primary keys by their columns only.
  friend bool operator==(const PrimaryKey& a, const PrimaryKey& b) {
    return a.column_names == b.column_names;
  }
};

// The physical primary key: the primary key minus the partition keys, in primary-key
// order (fluss-wire.md §8.1). What KV keys and lookup keys encode.
std::vector<std::string> physical_primary_key(const std::vector<std::string>& primary_key,
                                              const std::vector<std::string>& partition_keys);

// A table schema (org.apache.fluss.metadata.Schema): columns with unique ids, an
// optional primary key (whose columns are NOT NULL), at most one auto-increment
// column, and the highest field id ever assigned (ids are never reused). Immutable
// once built; a value type.
class Schema {
 public:
  class Builder;
  static Builder builder();

  const std::vector<Column>& columns() const { return columns_; }
  const std::optional<PrimaryKey>& primary_key() const { return primary_key_; }
  bool has_primary_key() const { return primary_key_.has_value(); }
  const std::vector<std::string>& auto_increment_column_names() const {
    return auto_increment_columns_;
  }
  int32_t highest_field_id() const { return highest_field_id_; }

  // The column named `name`, or null.
  const Column* column(std::string_view name) const;
  std::optional<int> column_index(std::string_view name) const;
  // INVALID_TABLE_EXCEPTION naming the first name that is not a column.
  Result<std::vector<int>> column_indexes(const std::vector<std::string>& names) const;
  std::vector<std::string> column_names() const;
  std::vector<int32_t> column_ids() const;
  std::vector<std::string> primary_key_column_names() const;
  std::vector<int> primary_key_indexes() const;

  // The column types in order: what row codecs take.
  RowType row_type() const;
  // The same as a ROW type whose fields carry the column names and ids.
  DataType row_data_type() const;

  std::string to_string() const;

  friend bool operator==(const Schema&, const Schema&) = default;

 private:
  std::vector<Column> columns_;
  std::optional<PrimaryKey> primary_key_;
  std::vector<std::string> auto_increment_columns_;
  int32_t highest_field_id_ = -1;
};

// Builds a Schema as Java's Schema.Builder does, including its id assignment:
// column() gives the column the next id and then renumbers the nested ROW fields of
// its type depth-first; from_columns() keeps ids if every column has one and
// otherwise numbers the columns in order. Misuse and invalid schemas are reported by
// build() as INVALID_TABLE_EXCEPTION (the code the coordinator answers with).
class Schema::Builder {
 public:
  // Adopts columns, ids, primary key and auto-increment column of `schema`; must come first.
  Builder& from_schema(const Schema& schema);
  Builder& from_columns(std::vector<Column> columns);
  Builder& column(std::string name, DataType type);
  Builder& column(std::string name, DataType type, AggFunction agg_function);
  // Sets the comment of the last column added.
  Builder& with_comment(std::string comment);
  // Constraint named "PK_<col>_<col>".
  Builder& primary_key(std::vector<std::string> column_names);
  Builder& primary_key_named(std::string constraint_name, std::vector<std::string> column_names);
  Builder& enable_auto_increment(std::string column_name);
  Builder& highest_field_id(int32_t id);

  // The column named `name` added so far, or null.
  const Column* column(std::string_view name) const;

  Result<Schema> build() const;

 private:
  friend class Schema;
  Builder() = default;
  void fail(std::string message);

  std::vector<Column> columns_;
  std::optional<PrimaryKey> primary_key_;
  std::vector<std::string> auto_increment_columns_;
  int32_t highest_field_id_ = -1;
  Status error_;
};

std::ostream& operator<<(std::ostream& os, AggFunctionType type);
std::ostream& operator<<(std::ostream& os, const AggFunction& f);
std::ostream& operator<<(std::ostream& os, const Column& column);
std::ostream& operator<<(std::ostream& os, const Schema& schema);

}  // namespace fluss

FLUSS_MODEL_TO_STRING_FORMATTER(fluss::AggFunction)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::Column)
FLUSS_MODEL_TO_STRING_FORMATTER(fluss::Schema)
