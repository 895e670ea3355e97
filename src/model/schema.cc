// SPDX-License-Identifier: Apache-2.0
#include "model/schema.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace fluss {

namespace {

struct AggName {
  AggFunctionType type;
  std::string_view name;
};
constexpr AggName kAggNames[] = {
    {AggFunctionType::kSum, "sum"},
    {AggFunctionType::kProduct, "product"},
    {AggFunctionType::kMax, "max"},
    {AggFunctionType::kMin, "min"},
    {AggFunctionType::kLastValue, "last_value"},
    {AggFunctionType::kLastValueIgnoreNulls, "last_value_ignore_nulls"},
    {AggFunctionType::kFirstValue, "first_value"},
    {AggFunctionType::kFirstValueIgnoreNulls, "first_value_ignore_nulls"},
    {AggFunctionType::kListagg, "listagg"},
    {AggFunctionType::kStringAgg, "string_agg"},
    {AggFunctionType::kBoolAnd, "bool_and"},
    {AggFunctionType::kBoolOr, "bool_or"},
    {AggFunctionType::kRbm32, "rbm32"},
    {AggFunctionType::kRbm64, "rbm64"},
};

// "[a, b]", Java's List.toString.
std::string list_string(const std::vector<std::string>& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

std::vector<TypeRoot> supported_roots(AggFunctionType type) {
  static const std::vector<TypeRoot> kNumeric = {
      TypeRoot::kTinyInt, TypeRoot::kSmallInt, TypeRoot::kInt,    TypeRoot::kBigInt,
      TypeRoot::kFloat,   TypeRoot::kDouble,   TypeRoot::kDecimal};
  switch (type) {
    case AggFunctionType::kBoolAnd:
    case AggFunctionType::kBoolOr:
      return {TypeRoot::kBoolean};
    case AggFunctionType::kRbm32:
    case AggFunctionType::kRbm64:
      return {TypeRoot::kBytes};
    case AggFunctionType::kListagg:
    case AggFunctionType::kStringAgg:
      return {TypeRoot::kString, TypeRoot::kChar};
    case AggFunctionType::kSum:
    case AggFunctionType::kProduct:
      return kNumeric;
    case AggFunctionType::kMax:
    case AggFunctionType::kMin:
      return {TypeRoot::kChar,        TypeRoot::kString, TypeRoot::kTinyInt,
              TypeRoot::kSmallInt,    TypeRoot::kInt,    TypeRoot::kBigInt,
              TypeRoot::kFloat,       TypeRoot::kDouble, TypeRoot::kDecimal,
              TypeRoot::kDate,        TypeRoot::kTime,   TypeRoot::kTimestampNtz,
              TypeRoot::kTimestampLtz};
    default: {
      std::vector<TypeRoot> all;
      for (int r = 0; r <= static_cast<int>(TypeRoot::kRow); ++r) {
        all.push_back(static_cast<TypeRoot>(r));
      }
      return all;
    }
  }
}

// Java's Schema.Builder renumbering of nested ROW fields (ReassignFieldId).
DataType reassign_field_ids(const DataType& type, int32_t& highest_field_id) {
  switch (type.root()) {
    case TypeRoot::kArray:
      return DataType::array(reassign_field_ids(type.element_type(), highest_field_id))
          .with_nullable(type.nullable());
    case TypeRoot::kMap: {
      DataType key = reassign_field_ids(type.key_type(), highest_field_id);
      DataType value = reassign_field_ids(type.value_type(), highest_field_id);
      return DataType::map(key, value).with_nullable(type.nullable());
    }
    case TypeRoot::kRow: {
      std::vector<DataField> fields;
      for (const DataField& f : type.fields()) {
        const int32_t id = ++highest_field_id;
        fields.push_back(DataField{.name = f.name,
                                   .type = reassign_field_ids(f.type, highest_field_id),
                                   .description = f.description,
                                   .field_id = id});
      }
      return DataType::row(std::move(fields)).with_nullable(type.nullable());
    }
    default:
      return type;
  }
}

void collect_field_ids(const DataType& type, std::vector<int32_t>& ids) {
  switch (type.root()) {
    case TypeRoot::kArray:
      collect_field_ids(type.element_type(), ids);
      break;
    case TypeRoot::kMap:
      collect_field_ids(type.key_type(), ids);
      collect_field_ids(type.value_type(), ids);
      break;
    case TypeRoot::kRow:
      for (const DataField& f : type.fields()) {
        ids.push_back(f.field_id);
        collect_field_ids(f.type, ids);
      }
      break;
    default:
      break;
  }
}

std::vector<int32_t> all_field_ids(const std::vector<Column>& columns) {
  std::vector<int32_t> ids;
  for (const Column& c : columns) {
    ids.push_back(c.id);
    collect_field_ids(c.type, ids);
  }
  return ids;
}

// The names that occur more than once, sorted.
std::vector<std::string> duplicates(const std::vector<std::string>& names) {
  std::set<std::string> seen;
  std::set<std::string> dup;
  for (const std::string& n : names) {
    if (!seen.insert(n).second) dup.insert(n);
  }
  return {dup.begin(), dup.end()};
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

template <typename... Args>
Status invalid(fmt::format_string<Args...> format, Args&&... args) {
  return make_error(ErrorCode::kInvalidTableException, format, std::forward<Args>(args)...);
}

}  // namespace

std::string_view agg_function_type_name(AggFunctionType type) {
  for (const AggName& a : kAggNames) {
    if (a.type == type) return a.name;
  }
  return "unknown";
}

std::optional<AggFunctionType> agg_function_type_from_string(std::string_view name) {
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
    name.remove_prefix(1);
  }
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) {
    name.remove_suffix(1);
  }
  std::string normalized;
  for (char c : name) {
    normalized += c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const AggName& a : kAggNames) {
    if (a.name == normalized) return a.type;
  }
  return std::nullopt;
}

Status AggFunction::validate_parameters() const {
  const bool takes_delimiter =
      type == AggFunctionType::kListagg || type == AggFunctionType::kStringAgg;
  for (const auto& [key, value] : parameters) {
    if (!takes_delimiter || key != kDelimiter) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "Parameter '{}' is not supported for aggregation function '{}'. "
                        "Supported parameters: {}",
                        key, agg_function_type_name(type),
                        takes_delimiter ? "[delimiter]" : "none");
    }
    if (value.empty()) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "Parameter '{}' for aggregation function '{}' must be a non-empty string",
                        key, agg_function_type_name(type));
    }
  }
  return Status::OK();
}

Status AggFunction::validate_data_type(const DataType& column_type) const {
  const std::vector<TypeRoot> roots = supported_roots(type);
  if (std::find(roots.begin(), roots.end(), column_type.root()) != roots.end()) {
    return Status::OK();
  }
  std::vector<std::string> names;
  for (TypeRoot r : roots) names.emplace_back(type_root_json_name(r));
  return make_error(ErrorCode::kInvalidConfigException,
                    "Data type for {} column must be part of {} but was '{}'.",
                    agg_function_type_name(type), list_string(names), column_type);
}

std::string AggFunction::to_string() const {
  if (parameters.empty()) return std::string(agg_function_type_name(type));
  return fmt::format("{}{}", agg_function_type_name(type), parameters.to_string());
}

std::string Column::to_string() const {
  std::string s = fmt::format("{} {}", name, type);
  if (comment) {
    std::string escaped;
    for (char c : *comment) {
      escaped += c;
      if (c == '\'') escaped += '\'';
    }
    s += fmt::format(" COMMENT '{}'", escaped);
  }
  return s;
}

std::vector<std::string> physical_primary_key(const std::vector<std::string>& primary_key,
                                              const std::vector<std::string>& partition_keys) {
  std::vector<std::string> out;
  for (const std::string& k : primary_key) {
    if (!contains(partition_keys, k)) out.push_back(k);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Schema

Schema::Builder Schema::builder() { return Builder(); }

const Column* Schema::column(std::string_view name) const {
  for (const Column& c : columns_) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::optional<int> Schema::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

Result<std::vector<int>> Schema::column_indexes(const std::vector<std::string>& names) const {
  std::vector<int> out;
  for (const std::string& n : names) {
    auto index = column_index(n);
    if (!index) {
      return make_error(ErrorCode::kInvalidTableException, "Column {} does not exist in schema {}.",
                        n, list_string(column_names()));
    }
    out.push_back(*index);
  }
  return out;
}

std::vector<std::string> Schema::column_names() const {
  std::vector<std::string> out;
  for (const Column& c : columns_) out.push_back(c.name);
  return out;
}

std::vector<int32_t> Schema::column_ids() const {
  std::vector<int32_t> out;
  for (const Column& c : columns_) out.push_back(c.id);
  return out;
}

std::vector<std::string> Schema::primary_key_column_names() const {
  return primary_key_ ? primary_key_->column_names : std::vector<std::string>{};
}

std::vector<int> Schema::primary_key_indexes() const {
  std::vector<int> out;
  for (const std::string& n : primary_key_column_names()) out.push_back(*column_index(n));
  return out;
}

RowType Schema::row_type() const {
  RowType out;
  for (const Column& c : columns_) out.push_back(c.type);
  return out;
}

DataType Schema::row_data_type() const {
  std::vector<DataField> fields;
  for (const Column& c : columns_) {
    fields.push_back(
        DataField{.name = c.name, .type = c.type, .description = std::nullopt, .field_id = c.id});
  }
  return DataType::row(std::move(fields));
}

std::string Schema::to_string() const {
  std::vector<std::string> cols;
  for (const Column& c : columns_) cols.push_back(c.to_string());
  std::string pk = "null";
  if (primary_key_) {
    pk = fmt::format("CONSTRAINT {} PRIMARY KEY ({})", primary_key_->constraint_name,
                     fmt::join(primary_key_->column_names, ", "));
  }
  return fmt::format(
      "Schema{{columns={}, primaryKey={}, autoIncrementColumnNames={}, "
      "highestFieldId={}}}",
      list_string(cols), pk, list_string(auto_increment_columns_), highest_field_id_);
}

// ---------------------------------------------------------------------------------------
// Schema::Builder

void Schema::Builder::fail(std::string message) {
  if (error_.ok()) error_ = Status(ErrorCode::kInvalidTableException, std::move(message));
}

Schema::Builder& Schema::Builder::from_schema(const Schema& schema) {
  if (!columns_.empty() || !auto_increment_columns_.empty() || primary_key_) {
    fail("Schema.Builder#fromSchema should be the first API to be called on the builder.");
    return *this;
  }
  from_columns(schema.columns_);
  highest_field_id_ = schema.highest_field_id_;
  auto_increment_columns_ = schema.auto_increment_columns_;
  primary_key_ = schema.primary_key_;
  return *this;
}

Schema::Builder& Schema::Builder::from_columns(std::vector<Column> columns) {
  const bool none_set = std::none_of(columns.begin(), columns.end(), [](const Column& c) {
    return c.id != Column::kUnknownColumnId;
  });
  const bool all_set = std::all_of(columns.begin(), columns.end(), [](const Column& c) {
    return c.id != Column::kUnknownColumnId;
  });
  if (all_set && !columns.empty() && !columns_.empty()) {
    fail(
        "Schema.Builder#fromColumns (or fromSchema) should be the first API to be called on "
        "the builder when adopting columns with IDs.");
    return *this;
  }
  if (!none_set && !all_set) {
    fail("All columns must have columnId or none of them must have columnId.");
    return *this;
  }
  if (all_set) {
    std::vector<int32_t> ids = all_field_ids(columns);
    highest_field_id_ = ids.empty() ? -1 : *std::max_element(ids.begin(), ids.end());
    for (Column& c : columns) columns_.push_back(std::move(c));
  } else {
    // Columns without ids come from schemas older than column ids: number them in order.
    for (Column& c : columns) {
      c.id = ++highest_field_id_;
      columns_.push_back(std::move(c));
    }
  }
  return *this;
}

Schema::Builder& Schema::Builder::column(std::string name, DataType type) {
  const int32_t id = ++highest_field_id_;
  DataType reassigned = reassign_field_ids(type, highest_field_id_);
  columns_.push_back(Column{.name = std::move(name),
                            .type = std::move(reassigned),
                            .comment = std::nullopt,
                            .agg_function = std::nullopt,
                            .id = id});
  return *this;
}

Schema::Builder& Schema::Builder::column(std::string name, DataType type,
                                         AggFunction agg_function) {
  column(std::move(name), std::move(type));
  columns_.back().agg_function = std::move(agg_function);
  return *this;
}

Schema::Builder& Schema::Builder::with_comment(std::string comment) {
  if (columns_.empty()) {
    fail(
        "Method 'withComment(...)' must be called after a column definition, but there is no "
        "preceding column defined.");
    return *this;
  }
  columns_.back().comment = std::move(comment);
  return *this;
}

Schema::Builder& Schema::Builder::primary_key(std::vector<std::string> column_names) {
  std::string name = "PK_" + fmt::format("{}", fmt::join(column_names, "_"));
  return primary_key_named(std::move(name), std::move(column_names));
}

Schema::Builder& Schema::Builder::primary_key_named(std::string constraint_name,
                                                    std::vector<std::string> column_names) {
  if (primary_key_) {
    fail("Multiple primary keys are not supported.");
  } else if (column_names.empty()) {
    fail("Primary key constraint must be defined for at least a single column.");
  } else if (std::all_of(constraint_name.begin(), constraint_name.end(),
                         [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
    fail("Primary key constraint name must not be empty.");
  } else {
    primary_key_ = PrimaryKey{std::move(constraint_name), std::move(column_names)};
  }
  return *this;
}

Schema::Builder& Schema::Builder::enable_auto_increment(std::string column_name) {
  if (!auto_increment_columns_.empty()) {
    fail("Multiple auto increment columns are not supported yet.");
  } else {
    auto_increment_columns_.push_back(std::move(column_name));
  }
  return *this;
}

Schema::Builder& Schema::Builder::highest_field_id(int32_t id) {
  highest_field_id_ = id;
  return *this;
}

const Column* Schema::Builder::column(std::string_view name) const {
  for (const Column& c : columns_) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Result<Schema> Schema::Builder::build() const {
  FLUSS_RETURN_IF_ERROR(error_);

  // Field ids, nested ones included, are unique and at most highest_field_id.
  std::vector<int32_t> ids = all_field_ids(columns_);
  std::set<int32_t> unique_ids(ids.begin(), ids.end());
  if (unique_ids.size() != ids.size()) {
    return invalid(
        "All field IDs (including nested fields) must be unique. Found {} unique IDs but "
        "expected {}.",
        unique_ids.size(), ids.size());
  }
  const int32_t max_id = ids.empty() ? -1 : *unique_ids.rbegin();
  if (!columns_.empty() && highest_field_id_ < max_id) {
    return invalid(
        "Highest field ID ({}) must be greater than or equal to the maximum field ID ({}) "
        "including nested fields.",
        highest_field_id_, max_id);
  }

  Schema schema;
  schema.columns_ = columns_;
  schema.primary_key_ = primary_key_;
  schema.auto_increment_columns_ = auto_increment_columns_;
  schema.highest_field_id_ = highest_field_id_;

  const std::vector<std::string> names = schema.column_names();
  if (auto dup = duplicates(names); !dup.empty()) {
    return invalid("Table column {} must not contain duplicate fields. Found: {}",
                   list_string(names), list_string(dup));
  }
  if (!primary_key_) {
    if (!auto_increment_columns_.empty()) {
      return invalid("Auto increment column can only be used in primary-key table.");
    }
    return schema;
  }

  const std::vector<std::string>& pk = primary_key_->column_names;
  if (auto dup = duplicates(pk); !dup.empty()) {
    return invalid("Primary key constraint {} must not contain duplicate columns. Found: {}",
                   list_string(pk), list_string(dup));
  }
  for (const std::string& k : pk) {
    if (!contains(names, k)) {
      return invalid("Table column {} should include all primary key constraint {}",
                     list_string(names), list_string(pk));
    }
  }
  for (const std::string& a : auto_increment_columns_) {
    if (!contains(names, a)) {
      return invalid("Auto increment column {} does not exist in table columns {}.", a,
                     list_string(names));
    }
    if (contains(pk, a))
      return invalid("Auto increment column can not be used as the primary key.");
  }
  for (Column& c : schema.columns_) {
    if (c.agg_function && contains(pk, c.name)) {
      return invalid(
          "Cannot set aggregation function for primary key column '{}'. Primary key columns "
          "automatically use 'primary-key' aggregation.",
          c.name);
    }
    if (contains(auto_increment_columns_, c.name) && c.type.root() != TypeRoot::kInt &&
        c.type.root() != TypeRoot::kBigInt) {
      return invalid("The data type of auto increment column must be INT or BIGINT.");
    }
    if (contains(pk, c.name)) c.type = c.type.not_null();
  }
  return schema;
}

std::ostream& operator<<(std::ostream& os, AggFunctionType type) {
  return os << agg_function_type_name(type);
}
std::ostream& operator<<(std::ostream& os, const AggFunction& f) { return os << f.to_string(); }
std::ostream& operator<<(std::ostream& os, const Column& column) {
  return os << column.to_string();
}
std::ostream& operator<<(std::ostream& os, const Schema& schema) {
  return os << schema.to_string();
}

}  // namespace fluss
