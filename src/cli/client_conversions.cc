// SPDX-License-Identifier: Apache-2.0
#include "cli/client_conversions.h"

#include <fmt/format.h>

#include <stdexcept>

#include "record/generic_row.h"

namespace fluss::cli {
namespace {

struct TypePair {
  TypeRoot root;
  client::TypeId id;
};

constexpr TypePair kTypes[] = {
    {TypeRoot::kBoolean, client::TypeId::Boolean},
    {TypeRoot::kTinyInt, client::TypeId::TinyInt},
    {TypeRoot::kSmallInt, client::TypeId::SmallInt},
    {TypeRoot::kInt, client::TypeId::Int},
    {TypeRoot::kBigInt, client::TypeId::BigInt},
    {TypeRoot::kFloat, client::TypeId::Float},
    {TypeRoot::kDouble, client::TypeId::Double},
    {TypeRoot::kChar, client::TypeId::Char},
    {TypeRoot::kString, client::TypeId::String},
    {TypeRoot::kBinary, client::TypeId::Binary},
    {TypeRoot::kBytes, client::TypeId::Bytes},
    {TypeRoot::kDecimal, client::TypeId::Decimal},
    {TypeRoot::kDate, client::TypeId::Date},
    {TypeRoot::kTime, client::TypeId::Time},
    {TypeRoot::kTimestampNtz, client::TypeId::Timestamp},
    {TypeRoot::kTimestampLtz, client::TypeId::TimestampLtz},
    {TypeRoot::kArray, client::TypeId::Array},
    {TypeRoot::kMap, client::TypeId::Map},
    {TypeRoot::kRow, client::TypeId::Row},
};

Properties to_properties(const std::unordered_map<std::string, std::string>& map) {
  // Sorted, so that DESCRIBE and SHOW CREATE TABLE print the same order every time.
  std::map<std::string, std::string> sorted(map.begin(), map.end());
  Properties p;
  for (auto& [k, v] : sorted) p.set(k, v);
  return p;
}

std::unordered_map<std::string, std::string> to_map(const Properties& properties) {
  std::unordered_map<std::string, std::string> map;
  for (const auto& [k, v] : properties) map[k] = v;
  return map;
}

std::string decimal_string(const Decimal& d) { return to_plain_string(d); }

Decimal parse_decimal(std::string_view text, const DataType& type) {
  Decimal d{.unscaled = 0, .precision = type.precision(), .scale = type.scale()};
  bool negative = !text.empty() && text[0] == '-';
  if (negative || (!text.empty() && text[0] == '+')) text.remove_prefix(1);
  int fraction_digits = -1;
  for (char c : text) {
    if (c == '.') {
      fraction_digits = 0;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (fraction_digits >= 0) {
      if (fraction_digits == type.scale()) break;
      ++fraction_digits;
    }
    d.unscaled = d.unscaled * 10 + (c - '0');
  }
  for (int i = std::max(fraction_digits, 0); i < type.scale(); ++i) d.unscaled *= 10;
  if (negative) d.unscaled = -d.unscaled;
  return d;
}

}  // namespace

Status to_status(const client::Result& result) {
  if (result.Ok()) return Status::OK();
  return Status(static_cast<ErrorCode>(result.error_code), result.error_message);
}

std::string error_label(const Status& status) {
  return client::ErrorCode::Name(static_cast<int32_t>(status.code()));
}

client::DataType to_client_type(const DataType& type) {
  client::DataType out;
  switch (type.root()) {
    case TypeRoot::kArray:
      out = client::DataType::Array(to_client_type(type.element_type()));
      break;
    case TypeRoot::kMap:
      out =
          client::DataType::Map(to_client_type(type.key_type()), to_client_type(type.value_type()));
      break;
    case TypeRoot::kRow: {
      std::vector<std::pair<std::string, client::DataType>> fields;
      for (const DataField& f : type.fields()) fields.emplace_back(f.name, to_client_type(f.type));
      out = client::DataType::Row(std::move(fields));
      break;
    }
    default: {
      client::TypeId id = client::TypeId::Unknown;
      for (const TypePair& p : kTypes) {
        if (p.root == type.root()) id = p.id;
      }
      int32_t precision = 0;
      if (type.root() == TypeRoot::kChar || type.root() == TypeRoot::kBinary) {
        precision = type.length();
      } else if (type.root() == TypeRoot::kDecimal || type.root() == TypeRoot::kTime ||
                 type.root() == TypeRoot::kTimestampNtz || type.root() == TypeRoot::kTimestampLtz) {
        precision = type.precision();
      }
      out = client::DataType(id, precision, type.root() == TypeRoot::kDecimal ? type.scale() : 0);
      break;
    }
  }
  return type.nullable() ? out : out.NotNull();
}

DataType from_client_type(const client::DataType& type) {
  DataType out;
  switch (type.id()) {
    case client::TypeId::Array:
      out = DataType::array(from_client_type(*type.element_type()));
      break;
    case client::TypeId::Map:
      out = DataType::map(from_client_type(*type.key_type()), from_client_type(*type.value_type()));
      break;
    case client::TypeId::Row: {
      std::vector<DataField> fields;
      for (size_t i = 0; i < type.field_count(); ++i) {
        fields.push_back(
            DataField{.name = type.field_name(i), .type = from_client_type(*type.field_type(i))});
      }
      out = DataType::row(std::move(fields));
      break;
    }
    case client::TypeId::Char:
      out = DataType::char_(type.precision());
      break;
    case client::TypeId::Binary:
      out = DataType::binary(type.precision());
      break;
    case client::TypeId::Decimal:
      out = DataType::decimal(type.precision(), type.scale());
      break;
    case client::TypeId::Time:
      out = DataType::time(type.precision());
      break;
    case client::TypeId::Timestamp:
      out = DataType::timestamp(type.precision());
      break;
    case client::TypeId::TimestampLtz:
      out = DataType::timestamp_ltz(type.precision());
      break;
    case client::TypeId::Boolean:
      out = DataType::boolean();
      break;
    case client::TypeId::TinyInt:
      out = DataType::tinyint();
      break;
    case client::TypeId::SmallInt:
      out = DataType::smallint();
      break;
    case client::TypeId::Int:
      out = DataType::int_();
      break;
    case client::TypeId::BigInt:
      out = DataType::bigint();
      break;
    case client::TypeId::Float:
      out = DataType::float_();
      break;
    case client::TypeId::Double:
      out = DataType::double_();
      break;
    case client::TypeId::Bytes:
      out = DataType::bytes();
      break;
    case client::TypeId::Date:
      out = DataType::date();
      break;
    default:
      out = DataType::string();
      break;
  }
  return type.nullable() ? out : out.not_null();
}

client::Schema to_client_schema(const Schema& schema) {
  client::Schema out;
  for (const Column& c : schema.columns()) {
    out.columns.push_back(client::Column{
        .name = c.name, .data_type = to_client_type(c.type), .comment = c.comment.value_or("")});
  }
  out.primary_keys = schema.primary_key_column_names();
  return out;
}

Result<Schema> from_client_schema(const client::Schema& schema) {
  Schema::Builder builder = Schema::builder();
  for (const client::Column& c : schema.columns) {
    builder.column(c.name, from_client_type(c.data_type));
    if (!c.comment.empty()) builder.with_comment(c.comment);
  }
  if (!schema.primary_keys.empty()) builder.primary_key(schema.primary_keys);
  return builder.build();
}

client::TableDescriptor to_client_descriptor(const TableDescriptor& descriptor) {
  client::TableDescriptor out;
  out.schema = to_client_schema(descriptor.schema());
  out.partition_keys = descriptor.partition_keys();
  out.bucket_count = descriptor.bucket_count().value_or(0);
  out.bucket_keys = descriptor.bucket_keys();
  out.properties = to_map(descriptor.properties());
  out.custom_properties = to_map(descriptor.custom_properties());
  out.comment = descriptor.comment().value_or("");
  return out;
}

Result<TableDescriptor> descriptor_of(const client::TableInfo& info) {
  FLUSS_ASSIGN_OR_RETURN(Schema schema, from_client_schema(info.schema));
  TableDescriptor::Builder builder = TableDescriptor::builder();
  builder.schema(std::move(schema))
      .partitioned_by(info.partition_keys)
      .distributed_by(
          info.num_buckets > 0 ? std::optional<int32_t>(info.num_buckets) : std::nullopt,
          info.bucket_keys)
      .properties(to_properties(info.properties))
      .custom_properties(to_properties(info.custom_properties));
  if (!info.comment.empty()) builder.comment(info.comment);
  return builder.build();
}

Status to_client_row(const GenericRow& row, const RowType& types, client::GenericRow& out) {
  for (size_t i = 0; i < row.arity() && i < types.size(); ++i) {
    const Datum& d = row[i];
    const DataType& type = types[i];
    if (is_null(d)) {
      out.SetNull(i);
    } else if (const auto* b = std::get_if<bool>(&d)) {
      out.SetBool(i, *b);
    } else if (const auto* v8 = std::get_if<int8_t>(&d)) {
      out.SetInt32(i, *v8);
    } else if (const auto* v16 = std::get_if<int16_t>(&d)) {
      out.SetInt32(i, *v16);
    } else if (const auto* v32 = std::get_if<int32_t>(&d)) {
      if (type.root() == TypeRoot::kDate) {
        out.SetDate(i, client::Date::FromDays(*v32));
      } else if (type.root() == TypeRoot::kTime) {
        out.SetTime(i, client::Time::FromMillis(*v32));
      } else {
        out.SetInt32(i, *v32);
      }
    } else if (const auto* v64 = std::get_if<int64_t>(&d)) {
      out.SetInt64(i, *v64);
    } else if (const auto* f = std::get_if<float>(&d)) {
      out.SetFloat32(i, *f);
    } else if (const auto* db = std::get_if<double>(&d)) {
      out.SetFloat64(i, *db);
    } else if (const auto* s = std::get_if<std::string>(&d)) {
      out.SetString(i, *s);
    } else if (const auto* bin = std::get_if<Binary>(&d)) {
      out.SetBytes(i, std::vector<uint8_t>(bin->bytes.begin(), bin->bytes.end()));
    } else if (const auto* dec = std::get_if<Decimal>(&d)) {
      out.SetDecimal(i, decimal_string(*dec));
    } else if (const auto* ntz = std::get_if<TimestampNtz>(&d)) {
      out.SetTimestampNtz(
          i, client::Timestamp::FromMillisNanos(ntz->millisecond, ntz->nano_of_millisecond));
    } else if (const auto* ltz = std::get_if<TimestampLtz>(&d)) {
      out.SetTimestampLtz(
          i, client::Timestamp::FromMillisNanos(ltz->epoch_millisecond, ltz->nano_of_millisecond));
    } else {
      return Status(static_cast<ErrorCode>(client::ErrorCode::CLIENT_ERROR),
                    fmt::format("column {} ({}): the client cannot write ARRAY, MAP or ROW "
                                "values yet",
                                i + 1, type.to_string()));
    }
  }
  return Status::OK();
}

GenericRow from_row_view(const client::RowView& view, const RowType& types) {
  GenericRow row(types.size());
  for (size_t i = 0; i < types.size() && i < view.FieldCount(); ++i) {
    if (view.IsNull(i)) continue;
    const DataType& type = types[i];
    try {
      switch (type.root()) {
        case TypeRoot::kBoolean:
          row.set(i, view.GetBool(i));
          break;
        case TypeRoot::kTinyInt:
          row.set(i, static_cast<int8_t>(view.GetInt32(i)));
          break;
        case TypeRoot::kSmallInt:
          row.set(i, static_cast<int16_t>(view.GetInt32(i)));
          break;
        case TypeRoot::kInt:
          row.set(i, view.GetInt32(i));
          break;
        case TypeRoot::kBigInt:
          row.set(i, view.GetInt64(i));
          break;
        case TypeRoot::kFloat:
          row.set(i, view.GetFloat32(i));
          break;
        case TypeRoot::kDouble:
          row.set(i, view.GetFloat64(i));
          break;
        case TypeRoot::kChar:
        case TypeRoot::kString:
          row.set(i, std::string(view.GetString(i)));
          break;
        case TypeRoot::kBinary:
        case TypeRoot::kBytes: {
          auto [data, size] = view.GetBytes(i);
          row.set(i, Binary{std::string(reinterpret_cast<const char*>(data), size)});
          break;
        }
        case TypeRoot::kDecimal:
          row.set(i, parse_decimal(view.GetDecimalString(i), type));
          break;
        case TypeRoot::kDate:
          row.set(i, view.GetDate(i).days_since_epoch);
          break;
        case TypeRoot::kTime:
          row.set(i, view.GetTime(i).millis_since_midnight);
          break;
        case TypeRoot::kTimestampNtz: {
          client::Timestamp t = view.GetTimestamp(i);
          row.set(i, TimestampNtz{t.epoch_millis, t.nano_of_millisecond});
          break;
        }
        case TypeRoot::kTimestampLtz: {
          client::Timestamp t = view.GetTimestamp(i);
          row.set(i, TimestampLtz{t.epoch_millis, t.nano_of_millisecond});
          break;
        }
        default:
          // Nested values have no typed getter: keep Flink's printed form.
          row.set(i, view.GetAsString(i));
          break;
      }
    } catch (const std::exception& e) {
      row.set(i, fmt::format("<{}>", e.what()));
    }
  }
  return row;
}

ChangeType from_client_change_type(client::ChangeType type) {
  return static_cast<ChangeType>(static_cast<uint8_t>(type));
}

}  // namespace fluss::cli
