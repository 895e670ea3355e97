// SPDX-License-Identifier: Apache-2.0
#include "model/json_serde.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include "common/json_writer.h"

namespace fluss {

namespace {

// A java.util.HashMap<String, String> as a JSON object, in its iteration order.
void write_string_map(JsonWriter& w, std::string_view name, const Properties& map) {
  w.key(name);
  w.begin_object();
  for (const Properties::Entry* e : map.java_hash_map_order()) w.field(e->first, e->second);
  w.end_object();
}

constexpr int kJsonVersion = 1;

void write_data_type(JsonWriter& w, const DataType& type) {
  w.begin_object();
  w.field("type", type_root_json_name(type.root()));
  if (!type.nullable()) {
    w.key("nullable");
    w.boolean(false);
  }
  switch (type.root()) {
    case TypeRoot::kChar:
    case TypeRoot::kBinary:
      w.field("length", type.length());
      break;
    case TypeRoot::kDecimal:
      w.field("precision", type.precision());
      w.field("scale", type.scale());
      break;
    case TypeRoot::kTime:
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz:
      w.field("precision", type.precision());
      break;
    case TypeRoot::kArray:
      w.key("element_type");
      write_data_type(w, type.element_type());
      break;
    case TypeRoot::kMap:
      w.key("key_type");
      write_data_type(w, type.key_type());
      w.key("value_type");
      write_data_type(w, type.value_type());
      break;
    case TypeRoot::kRow:
      w.key("fields");
      w.begin_array();
      for (const DataField& f : type.fields()) {
        w.begin_object();
        w.field("name", f.name);
        w.key("field_type");
        write_data_type(w, f.type);
        if (f.description) w.field("description", *f.description);
        w.field("field_id", f.field_id);
        w.end_object();
      }
      w.end_array();
      break;
    default:
      break;
  }
  w.end_object();
}

void write_column(JsonWriter& w, const Column& column) {
  w.begin_object();
  w.field("name", column.name);
  w.key("data_type");
  write_data_type(w, column.type);
  if (column.comment) w.field("comment", *column.comment);
  if (column.agg_function) {
    w.key("agg_function");
    w.begin_object();
    w.field("type", agg_function_type_name(column.agg_function->type));
    if (!column.agg_function->parameters.empty()) {
      write_string_map(w, "parameters", column.agg_function->parameters);
    }
    w.end_object();
  }
  w.field("id", column.id);
  w.end_object();
}

void write_schema(JsonWriter& w, const Schema& schema) {
  w.begin_object();
  w.field("version", kJsonVersion);
  w.key("columns");
  w.begin_array();
  for (const Column& c : schema.columns()) write_column(w, c);
  w.end_array();
  if (schema.primary_key()) w.string_array("primary_key", schema.primary_key()->column_names);
  if (!schema.auto_increment_column_names().empty()) {
    w.string_array("auto_increment_column", schema.auto_increment_column_names());
  }
  w.field("highest_field_id", schema.highest_field_id());
  w.end_object();
}

// ---------------------------------------------------------------------------------------
// Reading. nlohmann's ordered_json keeps object members in document order, which
// Properties keep as insertion order.

using Json = nlohmann::ordered_json;

// Nesting deeper than this is refused rather than recursed into.
constexpr int kMaxTypeDepth = 64;

class Reader {
 public:
  Reader(ErrorCode code, std::string_view document) : code_(code), document_(document) {}

  template <typename... Args>
  Status error(fmt::format_string<Args...> format, Args&&... args) const {
    return Status(code_, fmt::format("Failed to parse {}: {}", document_,
                                     fmt::format(format, std::forward<Args>(args)...)));
  }
  Status wrap(const Status& s) const {
    return Status(code_, fmt::format("Invalid {}: {}", document_, s.message()));
  }

  Result<Json> parse(std::string_view text) const {
    try {
      Json j = Json::parse(text.begin(), text.end());
      if (!j.is_object()) return error("the document is not a JSON object");
      return j;
    } catch (const Json::exception& e) {
      return error("{}", e.what());
    }
  }

  Result<const Json*> object(const Json& parent, const std::string& path,
                             std::string_view key) const {
    auto it = parent.find(key);
    if (it == parent.end()) return error("missing required key '{}'", join(path, key));
    if (!it->is_object()) return error("'{}' is not an object", join(path, key));
    return &*it;
  }

  Result<std::string> string(const Json& parent, const std::string& path,
                             std::string_view key) const {
    auto it = parent.find(key);
    if (it == parent.end()) return error("missing required key '{}'", join(path, key));
    if (!it->is_string()) return error("'{}' is not a string", join(path, key));
    return it->get<std::string>();
  }

  // Absent and null are both "not set", as Jackson's hasNonNull.
  Result<std::optional<std::string>> optional_string(const Json& parent, const std::string& path,
                                                     std::string_view key) const {
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) return error("'{}' is not a string", join(path, key));
    return std::optional<std::string>(it->get<std::string>());
  }

  Result<int32_t> int32(const Json& value, const std::string& where) const {
    if (value.is_number_integer()) {
      if (value.is_number_unsigned()) {
        const auto v = value.get<uint64_t>();
        if (v <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
          return static_cast<int32_t>(v);
        }
      } else {
        const auto v = value.get<int64_t>();
        if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max()) {
          return static_cast<int32_t>(v);
        }
      }
      return error("'{}' is out of the INT range", where);
    }
    return error("'{}' is not an integer", where);
  }

  Result<int32_t> int32(const Json& parent, const std::string& path, std::string_view key) const {
    auto it = parent.find(key);
    if (it == parent.end()) return error("missing required key '{}'", join(path, key));
    return int32(*it, join(path, key));
  }

  Result<std::optional<int32_t>> optional_int32(const Json& parent, const std::string& path,
                                                std::string_view key) const {
    auto it = parent.find(key);
    if (it == parent.end()) return std::optional<int32_t>();
    FLUSS_ASSIGN_OR_RETURN(int32_t v, int32(*it, join(path, key)));
    return std::optional<int32_t>(v);
  }

  // An array of strings; absent is nullopt.
  Result<std::optional<std::vector<std::string>>> string_list(const Json& parent,
                                                              const std::string& path,
                                                              std::string_view key) const {
    auto it = parent.find(key);
    if (it == parent.end()) return std::optional<std::vector<std::string>>();
    if (!it->is_array()) return error("'{}' is not an array", join(path, key));
    std::vector<std::string> out;
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& item = (*it)[i];
      if (!item.is_string()) return error("'{}[{}]' is not a string", join(path, key), i);
      out.push_back(item.get<std::string>());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
  }

  // A string map whose values are read as Jackson's asText() reads them; absent is empty.
  Result<Properties> string_map(const Json& parent, const std::string& path,
                                std::string_view key) const {
    Properties out;
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return out;
    if (!it->is_object()) return error("'{}' is not an object", join(path, key));
    for (auto member = it->begin(); member != it->end(); ++member) {
      out.set(member.key(), as_text(member.value()));
    }
    return out;
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  }

 private:
  // Jackson's JsonNode.asText(): strings as they are, scalars printed, containers "".
  static std::string as_text(const Json& v) {
    switch (v.type()) {
      case Json::value_t::string:
        return v.get<std::string>();
      case Json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
      case Json::value_t::null:
        return "null";
      case Json::value_t::number_integer:
        return std::to_string(v.get<int64_t>());
      case Json::value_t::number_unsigned:
        return std::to_string(v.get<uint64_t>());
      case Json::value_t::number_float:
        return v.dump();
      default:
        return "";
    }
  }

  ErrorCode code_;
  std::string_view document_;
};

Result<DataType> read_data_type(const Reader& r, const Json& node, const std::string& path,
                                int depth);

Result<DataType> read_data_type_at(const Reader& r, const Json& parent, const std::string& path,
                                   std::string_view key, int depth) {
  FLUSS_ASSIGN_OR_RETURN(const Json* node, r.object(parent, path, key));
  return read_data_type(r, *node, Reader::join(path, key), depth + 1);
}

Result<DataType> read_data_type(const Reader& r, const Json& node, const std::string& path,
                                int depth) {
  if (depth > kMaxTypeDepth) return r.error("'{}' nests types deeper than {}", path, kMaxTypeDepth);
  FLUSS_ASSIGN_OR_RETURN(std::string name, r.string(node, path, "type"));
  std::optional<TypeRoot> root = type_root_from_json_name(name);
  if (!root) return r.error("'{}.type' is an unknown data type '{}'", path, name);

  auto in_range = [&](std::string_view key, int32_t v, int32_t lo, int32_t hi) -> Status {
    if (v < lo || v > hi) {
      return r.error("'{}' of {} must be between {} and {} (both inclusive), got {}",
                     Reader::join(path, key), name, lo, hi, v);
    }
    return Status::OK();
  };

  DataType type;
  switch (*root) {
    case TypeRoot::kBoolean:
      type = DataType::boolean();
      break;
    case TypeRoot::kTinyInt:
      type = DataType::tinyint();
      break;
    case TypeRoot::kSmallInt:
      type = DataType::smallint();
      break;
    case TypeRoot::kInt:
      type = DataType::int_();
      break;
    case TypeRoot::kBigInt:
      type = DataType::bigint();
      break;
    case TypeRoot::kFloat:
      type = DataType::float_();
      break;
    case TypeRoot::kDouble:
      type = DataType::double_();
      break;
    case TypeRoot::kString:
      type = DataType::string();
      break;
    case TypeRoot::kBytes:
      type = DataType::bytes();
      break;
    case TypeRoot::kDate:
      type = DataType::date();
      break;
    case TypeRoot::kChar:
    case TypeRoot::kBinary: {
      FLUSS_ASSIGN_OR_RETURN(int32_t length, r.int32(node, path, "length"));
      FLUSS_RETURN_IF_ERROR(in_range("length", length, 1, std::numeric_limits<int32_t>::max()));
      type = *root == TypeRoot::kChar ? DataType::char_(length) : DataType::binary(length);
      break;
    }
    case TypeRoot::kDecimal: {
      FLUSS_ASSIGN_OR_RETURN(int32_t precision, r.int32(node, path, "precision"));
      FLUSS_ASSIGN_OR_RETURN(int32_t scale, r.int32(node, path, "scale"));
      FLUSS_RETURN_IF_ERROR(in_range("precision", precision, 1, DataType::kMaxDecimalPrecision));
      FLUSS_RETURN_IF_ERROR(in_range("scale", scale, 0, precision));
      type = DataType::decimal(precision, scale);
      break;
    }
    case TypeRoot::kTime:
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz: {
      FLUSS_ASSIGN_OR_RETURN(int32_t precision, r.int32(node, path, "precision"));
      FLUSS_RETURN_IF_ERROR(in_range("precision", precision, 0, DataType::kMaxTimePrecision));
      type = *root == TypeRoot::kTime           ? DataType::time(precision)
             : *root == TypeRoot::kTimestampNtz ? DataType::timestamp(precision)
                                                : DataType::timestamp_ltz(precision);
      break;
    }
    case TypeRoot::kArray: {
      FLUSS_ASSIGN_OR_RETURN(DataType element,
                             read_data_type_at(r, node, path, "element_type", depth));
      type = DataType::array(std::move(element));
      break;
    }
    case TypeRoot::kMap: {
      FLUSS_ASSIGN_OR_RETURN(DataType key, read_data_type_at(r, node, path, "key_type", depth));
      FLUSS_ASSIGN_OR_RETURN(DataType value, read_data_type_at(r, node, path, "value_type", depth));
      type = DataType::map(std::move(key), std::move(value));
      break;
    }
    case TypeRoot::kRow: {
      auto it = node.find("fields");
      const std::string fields_path = Reader::join(path, "fields");
      if (it == node.end()) return r.error("missing required key '{}'", fields_path);
      if (!it->is_array()) return r.error("'{}' is not an array", fields_path);
      std::vector<DataField> fields;
      std::set<std::string> names;
      for (size_t i = 0; i < it->size(); ++i) {
        const Json& f = (*it)[i];
        const std::string fpath = fmt::format("{}[{}]", fields_path, i);
        if (!f.is_object()) return r.error("'{}' is not an object", fpath);
        FLUSS_ASSIGN_OR_RETURN(std::string fname, r.string(f, fpath, "name"));
        if (!names.insert(fname).second) {
          return r.error("'{}' repeats the field name '{}'", fpath, fname);
        }
        FLUSS_ASSIGN_OR_RETURN(DataType ftype, read_data_type_at(r, f, fpath, "field_type", depth));
        FLUSS_ASSIGN_OR_RETURN(auto description, r.optional_string(f, fpath, "description"));
        FLUSS_ASSIGN_OR_RETURN(auto field_id, r.optional_int32(f, fpath, "field_id"));
        fields.push_back(DataField{.name = std::move(fname),
                                   .type = std::move(ftype),
                                   .description = std::move(description),
                                   .field_id = field_id.value_or(-1)});
      }
      type = DataType::row(std::move(fields));
      break;
    }
  }

  auto nullable = node.find("nullable");
  if (nullable != node.end()) {
    if (!nullable->is_boolean()) return r.error("'{}.nullable' is not a boolean", path);
    type = type.with_nullable(nullable->get<bool>());
  }
  return type;
}

Result<Column> read_column(const Reader& r, const Json& node, const std::string& path) {
  Column column;
  FLUSS_ASSIGN_OR_RETURN(column.name, r.string(node, path, "name"));
  FLUSS_ASSIGN_OR_RETURN(column.type, read_data_type_at(r, node, path, "data_type", 0));
  FLUSS_ASSIGN_OR_RETURN(column.comment, r.optional_string(node, path, "comment"));
  auto agg = node.find("agg_function");
  if (agg != node.end() && !agg->is_null()) {
    const std::string agg_path = Reader::join(path, "agg_function");
    if (!agg->is_object()) return r.error("'{}' is not an object", agg_path);
    FLUSS_ASSIGN_OR_RETURN(std::string type_name, r.string(*agg, agg_path, "type"));
    // An unknown function is dropped, as Java's reader does (a newer writer's function).
    if (std::optional<AggFunctionType> type = agg_function_type_from_string(type_name)) {
      FLUSS_ASSIGN_OR_RETURN(Properties parameters, r.string_map(*agg, agg_path, "parameters"));
      column.agg_function = AggFunction{.type = *type, .parameters = std::move(parameters)};
    }
  }
  FLUSS_ASSIGN_OR_RETURN(auto id, r.optional_int32(node, path, "id"));
  column.id = id.value_or(Column::kUnknownColumnId);
  return column;
}

Result<Schema> read_schema(const Reader& r, const Json& node, const std::string& path) {
  auto columns_node = node.find("columns");
  const std::string columns_path = Reader::join(path, "columns");
  if (columns_node == node.end()) return r.error("missing required key '{}'", columns_path);
  if (!columns_node->is_array()) return r.error("'{}' is not an array", columns_path);
  std::vector<Column> columns;
  for (size_t i = 0; i < columns_node->size(); ++i) {
    const Json& c = (*columns_node)[i];
    const std::string cpath = fmt::format("{}[{}]", columns_path, i);
    if (!c.is_object()) return r.error("'{}' is not an object", cpath);
    FLUSS_ASSIGN_OR_RETURN(Column column, read_column(r, c, cpath));
    columns.push_back(std::move(column));
  }
  Schema::Builder builder = Schema::builder();
  builder.from_columns(std::move(columns));
  FLUSS_ASSIGN_OR_RETURN(auto primary_key, r.string_list(node, path, "primary_key"));
  if (primary_key) builder.primary_key(std::move(*primary_key));
  FLUSS_ASSIGN_OR_RETURN(auto auto_increment, r.string_list(node, path, "auto_increment_column"));
  if (auto_increment) {
    for (std::string& name : *auto_increment) builder.enable_auto_increment(std::move(name));
  }
  FLUSS_ASSIGN_OR_RETURN(auto highest, r.optional_int32(node, path, "highest_field_id"));
  if (highest) builder.highest_field_id(*highest);
  Result<Schema> schema = builder.build();
  if (!schema.ok()) return r.wrap(schema.status());
  return schema;
}

Result<TableDescriptor> read_table_descriptor(const Reader& r, const Json& node) {
  TableDescriptor::Builder builder = TableDescriptor::builder();
  FLUSS_ASSIGN_OR_RETURN(const Json* schema_node, r.object(node, "", "schema"));
  FLUSS_ASSIGN_OR_RETURN(Schema schema, read_schema(r, *schema_node, "schema"));
  builder.schema(std::move(schema));
  FLUSS_ASSIGN_OR_RETURN(auto comment, r.optional_string(node, "", "comment"));
  builder.comment(std::move(comment));
  FLUSS_ASSIGN_OR_RETURN(auto partition_keys, r.string_list(node, "", "partition_key"));
  builder.partitioned_by(partition_keys.value_or(std::vector<std::string>{}));
  FLUSS_ASSIGN_OR_RETURN(auto bucket_keys, r.string_list(node, "", "bucket_key"));
  FLUSS_ASSIGN_OR_RETURN(auto bucket_count, r.optional_int32(node, "", "bucket_count"));
  if (bucket_keys || bucket_count) {
    builder.distributed_by(bucket_count, bucket_keys.value_or(std::vector<std::string>{}));
  }
  FLUSS_ASSIGN_OR_RETURN(Properties properties, r.string_map(node, "", "properties"));
  builder.properties(properties);
  FLUSS_ASSIGN_OR_RETURN(Properties custom, r.string_map(node, "", "custom_properties"));
  builder.custom_properties(custom);
  Result<TableDescriptor> descriptor = builder.build();
  if (!descriptor.ok()) return r.wrap(descriptor.status());
  return descriptor;
}

template <typename T, typename Fn>
Result<T> read_document(ErrorCode code, std::string_view document, std::string_view text,
                        Fn&& read) {
  Reader r(code, document);
  FLUSS_ASSIGN_OR_RETURN(Json json, r.parse(text));
  try {
    return read(r, json);
  } catch (const Json::exception& e) {
    // Not expected (every access is type-checked first); kept so that a missed check
    // is an error, not a crash.
    return r.error("{}", e.what());
  }
}

}  // namespace

std::string to_json(const DataType& type) {
  JsonWriter w;
  write_data_type(w, type);
  return w.take();
}

std::string to_json(const Column& column) {
  JsonWriter w;
  write_column(w, column);
  return w.take();
}

std::string to_json(const Schema& schema) {
  JsonWriter w;
  write_schema(w, schema);
  return w.take();
}

std::string to_json(const TableDescriptor& descriptor) {
  JsonWriter w;
  w.begin_object();
  w.field("version", kJsonVersion);
  w.key("schema");
  write_schema(w, descriptor.schema());
  if (descriptor.comment()) w.field("comment", *descriptor.comment());
  w.string_array("partition_key", descriptor.partition_keys());
  if (descriptor.distribution()) {
    w.string_array("bucket_key", descriptor.distribution()->bucket_keys);
    if (descriptor.distribution()->bucket_count) {
      w.field("bucket_count", *descriptor.distribution()->bucket_count);
    }
  }
  write_string_map(w, "properties", descriptor.properties());
  write_string_map(w, "custom_properties", descriptor.custom_properties());
  w.end_object();
  return w.take();
}

std::string to_json(const DatabaseDescriptor& descriptor) {
  JsonWriter w;
  w.begin_object();
  w.field("version", kJsonVersion);
  if (descriptor.comment) w.field("comment", *descriptor.comment);
  write_string_map(w, "custom_properties", descriptor.custom_properties);
  w.end_object();
  return w.take();
}

Result<DataType> data_type_from_json(std::string_view json) {
  return read_document<DataType>(
      ErrorCode::kInvalidTableException, "data type", json,
      [](const Reader& r, const Json& j) { return read_data_type(r, j, "", 0); });
}

Result<Column> column_from_json(std::string_view json) {
  return read_document<Column>(
      ErrorCode::kInvalidTableException, "column", json,
      [](const Reader& r, const Json& j) { return read_column(r, j, ""); });
}

Result<Schema> schema_from_json(std::string_view json) {
  return read_document<Schema>(
      ErrorCode::kInvalidTableException, "schema", json,
      [](const Reader& r, const Json& j) { return read_schema(r, j, ""); });
}

Result<TableDescriptor> table_descriptor_from_json(std::string_view json) {
  return read_document<TableDescriptor>(
      ErrorCode::kInvalidTableException, "table descriptor", json,
      [](const Reader& r, const Json& j) { return read_table_descriptor(r, j); });
}

Result<DatabaseDescriptor> database_descriptor_from_json(std::string_view json) {
  return read_document<DatabaseDescriptor>(
      ErrorCode::kInvalidDatabaseException, "database descriptor", json,
      [](const Reader& r, const Json& j) -> Result<DatabaseDescriptor> {
        DatabaseDescriptor d;
        FLUSS_ASSIGN_OR_RETURN(d.comment, r.optional_string(j, "", "comment"));
        FLUSS_ASSIGN_OR_RETURN(d.custom_properties, r.string_map(j, "", "custom_properties"));
        return d;
      });
}

}  // namespace fluss
