// SPDX-License-Identifier: Apache-2.0
#include "type_conversion.h"

#include <fmt/format.h>

#include "model/schema.h"
#include "rpc/protocol/errors.h"

namespace fluss::client::detail {

Result to_result(const ::fluss::Status& status) {
  if (status.ok()) return Result::Success();
  return Result::Error(::fluss::rpc::wire_error_code(status), std::string(status.message()));
}

Result client_error(const ::fluss::Status& status) {
  return Result::Error(ErrorCode::CLIENT_ERROR, std::string(status.message()));
}

Result client_error(std::string message) {
  return Result::Error(ErrorCode::CLIENT_ERROR, std::move(message));
}

::fluss::Result<::fluss::DataType> to_internal(const DataType& type) {
  ::fluss::DataType out;
  switch (type.id()) {
    case TypeId::Unknown:
      return ::fluss::make_error(::fluss::ErrorCode::kInvalidTableException,
                                 "a column has no data type");
    case TypeId::Boolean:
      out = ::fluss::DataType::boolean();
      break;
    case TypeId::TinyInt:
      out = ::fluss::DataType::tinyint();
      break;
    case TypeId::SmallInt:
      out = ::fluss::DataType::smallint();
      break;
    case TypeId::Int:
      out = ::fluss::DataType::int_();
      break;
    case TypeId::BigInt:
      out = ::fluss::DataType::bigint();
      break;
    case TypeId::Float:
      out = ::fluss::DataType::float_();
      break;
    case TypeId::Double:
      out = ::fluss::DataType::double_();
      break;
    case TypeId::String:
      out = ::fluss::DataType::string();
      break;
    case TypeId::Bytes:
      out = ::fluss::DataType::bytes();
      break;
    case TypeId::Date:
      out = ::fluss::DataType::date();
      break;
    case TypeId::Time:
      out = ::fluss::DataType::time(type.precision());
      break;
    case TypeId::Timestamp:
      out = ::fluss::DataType::timestamp(type.precision());
      break;
    case TypeId::TimestampLtz:
      out = ::fluss::DataType::timestamp_ltz(type.precision());
      break;
    case TypeId::Decimal:
      out = ::fluss::DataType::decimal(type.precision(), type.scale());
      break;
    case TypeId::Char:
      out = ::fluss::DataType::char_(type.precision());
      break;
    case TypeId::Binary:
      out = ::fluss::DataType::binary(type.precision());
      break;
    case TypeId::Array: {
      FLUSS_ASSIGN_OR_RETURN(auto element, to_internal(*type.element_type()));
      out = ::fluss::DataType::array(element);
      break;
    }
    case TypeId::Map: {
      FLUSS_ASSIGN_OR_RETURN(auto key, to_internal(*type.key_type()));
      FLUSS_ASSIGN_OR_RETURN(auto value, to_internal(*type.value_type()));
      out = ::fluss::DataType::map(key, value);
      break;
    }
    case TypeId::Row: {
      std::vector<::fluss::DataField> fields;
      for (size_t i = 0; i < type.field_count(); ++i) {
        FLUSS_ASSIGN_OR_RETURN(auto field_type, to_internal(*type.field_type(i)));
        fields.push_back(::fluss::DataField{type.field_name(i), field_type, std::nullopt,
                                            static_cast<int32_t>(i)});
      }
      out = ::fluss::DataType::row(std::move(fields));
      break;
    }
  }
  return out.with_nullable(type.nullable());
}

DataType to_public(const ::fluss::DataType& type) {
  DataType out;
  switch (type.root()) {
    case TypeRoot::kBoolean:
      out = DataType::Boolean();
      break;
    case TypeRoot::kTinyInt:
      out = DataType::TinyInt();
      break;
    case TypeRoot::kSmallInt:
      out = DataType::SmallInt();
      break;
    case TypeRoot::kInt:
      out = DataType::Int();
      break;
    case TypeRoot::kBigInt:
      out = DataType::BigInt();
      break;
    case TypeRoot::kFloat:
      out = DataType::Float();
      break;
    case TypeRoot::kDouble:
      out = DataType::Double();
      break;
    case TypeRoot::kChar:
      out = DataType::Char(type.length());
      break;
    case TypeRoot::kString:
      out = DataType::String();
      break;
    case TypeRoot::kBinary:
      out = DataType::Binary(type.length());
      break;
    case TypeRoot::kBytes:
      out = DataType::Bytes();
      break;
    case TypeRoot::kDecimal:
      out = DataType::Decimal(type.precision(), type.scale());
      break;
    case TypeRoot::kDate:
      out = DataType::Date();
      break;
    case TypeRoot::kTime:
      out = DataType::Time(type.precision());
      break;
    case TypeRoot::kTimestampNtz:
      out = DataType::Timestamp(type.precision());
      break;
    case TypeRoot::kTimestampLtz:
      out = DataType::TimestampLtz(type.precision());
      break;
    case TypeRoot::kArray:
      out = DataType::Array(to_public(type.element_type()));
      break;
    case TypeRoot::kMap:
      out = DataType::Map(to_public(type.key_type()), to_public(type.value_type()));
      break;
    case TypeRoot::kRow: {
      std::vector<std::pair<std::string, DataType>> fields;
      for (const auto& field : type.fields())
        fields.emplace_back(field.name, to_public(field.type));
      out = DataType::Row(std::move(fields));
      break;
    }
  }
  return type.nullable() ? out : out.NotNull();
}

::fluss::TablePath to_internal(const TablePath& path) {
  return ::fluss::TablePath{path.database_name, path.table_name};
}

TablePath to_public(const ::fluss::TablePath& path) { return TablePath(path.database, path.table); }

::fluss::Result<::fluss::TableDescriptor> to_internal(const TableDescriptor& descriptor) {
  auto schema = ::fluss::Schema::builder();
  for (const Column& column : descriptor.schema.columns) {
    auto type = to_internal(column.data_type);
    if (!type.ok()) {
      return type.status().with_context(fmt::format("column '{}'", column.name));
    }
    schema.column(column.name, *type);
  }
  if (!descriptor.schema.primary_keys.empty()) schema.primary_key(descriptor.schema.primary_keys);
  FLUSS_ASSIGN_OR_RETURN(::fluss::Schema built, schema.build());
  auto builder = ::fluss::TableDescriptor::builder();
  builder.schema(std::move(built));
  if (!descriptor.comment.empty()) builder.comment(descriptor.comment);
  if (!descriptor.partition_keys.empty()) builder.partitioned_by(descriptor.partition_keys);
  if (descriptor.bucket_count > 0 || !descriptor.bucket_keys.empty()) {
    builder.distributed_by(descriptor.bucket_count > 0
                               ? std::optional<int32_t>(descriptor.bucket_count)
                               : std::nullopt,
                           descriptor.bucket_keys);
  }
  for (const auto& [key, value] : descriptor.properties) builder.property(key, value);
  for (const auto& [key, value] : descriptor.custom_properties) {
    builder.custom_property(key, value);
  }
  return builder.build();
}

TableInfo to_public(const ::fluss::TableInfo& info) {
  TableInfo out;
  out.table_id = info.table_id().value();
  out.schema_id = info.schema_id().value();
  out.table_path = to_public(info.table_path());
  out.created_time = info.created_time_ms();
  out.modified_time = info.modified_time_ms();
  out.primary_keys = info.primary_keys();
  out.bucket_keys = info.bucket_keys();
  out.partition_keys = info.partition_keys();
  out.num_buckets = info.num_buckets();
  out.has_primary_key = info.has_primary_key();
  out.is_partitioned = info.is_partitioned();
  for (const auto& [key, value] : info.properties()) out.properties[key] = value;
  for (const auto& [key, value] : info.custom_properties()) out.custom_properties[key] = value;
  out.comment = info.comment().value_or("");
  for (const auto& column : info.schema().columns()) {
    out.schema.columns.push_back(
        Column{column.name, to_public(column.type), column.comment.value_or("")});
  }
  out.schema.primary_keys = info.primary_keys();
  return out;
}

::fluss::DatabaseDescriptor to_internal(const DatabaseDescriptor& descriptor) {
  ::fluss::DatabaseDescriptor out;
  if (!descriptor.comment.empty()) out.comment = descriptor.comment;
  for (const auto& [key, value] : descriptor.properties) out.custom_properties.set(key, value);
  return out;
}

DatabaseInfo to_public(const ::fluss::DatabaseInfo& info) {
  DatabaseInfo out;
  out.database_name = info.database_name;
  out.comment = info.descriptor.comment.value_or("");
  for (const auto& [key, value] : info.descriptor.custom_properties) out.properties[key] = value;
  out.created_time = info.created_time_ms;
  out.modified_time = info.modified_time_ms;
  return out;
}

}  // namespace fluss::client::detail
