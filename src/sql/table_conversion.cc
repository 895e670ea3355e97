// SPDX-License-Identifier: Apache-2.0
#include "sql/table_conversion.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace fluss::sql {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = list.find(',', start);
    out.emplace_back(trim(list.substr(start, comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// `fields.<column>.agg` and its `fields.<column>.<function>.<param>` parameters, read
// only for the aggregation merge engine (FlinkAggFunctionParser).
Result<std::optional<AggFunction>> agg_function_of(const ColumnDefinition& column,
                                                   const Properties& options) {
  std::string key = fmt::format("fields.{}.agg", column.name);
  auto name = options.get(key);
  if (!name) return std::optional<AggFunction>();
  std::string function = lower(*name);
  if (trim(function).empty()) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "Empty aggregation function name for column '{}'", column.name);
  }
  std::optional<AggFunctionType> type = agg_function_type_from_string(trim(function));
  if (!type) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "Unknown aggregation function for column '{}': {}", column.name, function);
  }
  AggFunction agg{.type = *type};
  std::string prefix = fmt::format("fields.{}.{}.", column.name, function);
  for (const auto& [k, v] : options) {
    if (k.starts_with(prefix)) agg.parameters.set(k.substr(prefix.size()), v);
  }
  Status valid = agg.validate_parameters();
  if (valid.ok()) valid = agg.validate_data_type(column.type);
  if (!valid.ok()) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "Invalid aggregation function configuration for column '{}': {}", column.name,
                      valid.message());
  }
  return std::optional<AggFunction>(std::move(agg));
}

}  // namespace

Result<TableDescriptor> to_table_descriptor(const CreateTableStatement& statement) {
  const Properties& options = statement.options;
  if (auto connector = options.get("connector");
      connector && !trim(*connector).empty() && *connector != "fluss") {
    return make_error(ErrorCode::kInvalidConfigException,
                      "table {}: the Fluss catalog supports only fluss tables, not 'connector' = "
                      "'{}'",
                      statement.table.to_string(), *connector);
  }

  auto merge_engine = options.get("table.merge-engine");
  bool aggregation = merge_engine && lower(trim(*merge_engine)) == "aggregation";
  Schema::Builder schema = Schema::builder();
  for (const ColumnDefinition& column : statement.columns) {
    std::optional<AggFunction> agg;
    if (aggregation) {
      FLUSS_ASSIGN_OR_RETURN(agg, agg_function_of(column, options));
    }
    if (agg) {
      schema.column(column.name, column.type, std::move(*agg));
    } else {
      schema.column(column.name, column.type);
    }
    if (column.comment) schema.with_comment(*column.comment);
  }
  if (statement.primary_key) {
    const PrimaryKeyDefinition& pk = *statement.primary_key;
    if (pk.constraint_name) {
      schema.primary_key_named(*pk.constraint_name, pk.columns);
    } else {
      schema.primary_key(pk.columns);
    }
  }
  if (auto fields = options.get("auto-increment.fields")) {
    for (std::string& name : split_list(*fields)) schema.enable_auto_increment(std::move(name));
  }
  FLUSS_ASSIGN_OR_RETURN(Schema built_schema, schema.build());

  std::optional<int32_t> bucket_count;
  if (auto num = options.get(kBucketNumOption)) {
    std::string_view text = trim(*num);
    int32_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "table {}: option '{}' must be a positive integer, not '{}'",
                        statement.table.to_string(), kBucketNumOption, *num);
    }
    bucket_count = value;
  }
  std::vector<std::string> bucket_keys;
  if (auto keys = options.get(kBucketKeyOption)) {
    bucket_keys = split_list(*keys);
  } else if (statement.primary_key) {
    bucket_keys = physical_primary_key(statement.primary_key->columns, statement.partition_keys);
  }

  TableDescriptor::Builder builder = TableDescriptor::builder();
  builder.schema(std::move(built_schema))
      .comment(statement.comment)
      .partitioned_by(statement.partition_keys)
      .distributed_by(bucket_count, std::move(bucket_keys));
  for (const auto& [key, value] : options) {
    if (key.starts_with("table.")) {
      builder.property(key, value);
    } else if (key != kBucketNumOption && key != kBucketKeyOption) {
      builder.custom_property(key, value);
    }
  }
  return builder.build();
}

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const std::string& n : names) quoted.push_back(quote_identifier(n));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

}  // namespace

std::string to_create_table_sql(std::string_view table, const TableDescriptor& descriptor) {
  const Schema& schema = descriptor.schema();
  std::vector<std::string> lines;
  for (const Column& column : schema.columns()) {
    std::string line = fmt::format("  {} {}", quote_identifier(column.name), column.type);
    if (column.comment) line += " COMMENT " + quote_string(*column.comment);
    lines.push_back(std::move(line));
  }
  if (const auto& pk = schema.primary_key()) {
    lines.push_back(fmt::format("  CONSTRAINT {} PRIMARY KEY ({}) NOT ENFORCED",
                                quote_identifier(pk->constraint_name),
                                quoted_list(pk->column_names)));
  }
  std::string sql = fmt::format("CREATE TABLE {} (\n{}\n)", table, fmt::join(lines, ",\n"));
  if (descriptor.comment()) sql += " COMMENT " + quote_string(*descriptor.comment());
  if (descriptor.is_partitioned()) {
    sql += fmt::format("\nPARTITIONED BY ({})", quoted_list(descriptor.partition_keys()));
  }
  std::vector<std::string> options;
  if (auto count = descriptor.bucket_count()) {
    options.push_back(fmt::format("  '{}' = '{}'", kBucketNumOption, *count));
  }
  if (!descriptor.bucket_keys().empty()) {
    options.push_back(
        fmt::format("  '{}' = {}", kBucketKeyOption,
                    quote_string(fmt::format("{}", fmt::join(descriptor.bucket_keys(), ",")))));
  }
  for (const Properties* props : {&descriptor.properties(), &descriptor.custom_properties()}) {
    for (const auto& [key, value] : *props) {
      options.push_back(fmt::format("  {} = {}", quote_string(key), quote_string(value)));
    }
  }
  if (!options.empty()) sql += fmt::format("\nWITH (\n{}\n)", fmt::join(options, ",\n"));
  return sql;
}

}  // namespace fluss::sql
