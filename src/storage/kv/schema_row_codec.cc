// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/schema_row_codec.h"

#include <utility>

#include "record/row/compacted_row.h"

namespace fluss::storage {

RowFormat row_format_of(KvFormat kv_format) {
  return kv_format == KvFormat::kIndexed ? RowFormat::kIndexed : RowFormat::kCompacted;
}

SchemaRowCodec::SchemaRowCodec(SchemaId schema_id, std::shared_ptr<const Schema> schema,
                               RowFormat format)
    : schema_id_(schema_id),
      schema_(std::move(schema)),
      format_(format),
      row_type_(schema_->row_type()),
      primary_key_(row_type_.size(), false),
      sliceable_(format == RowFormat::kCompacted) {
  for (const DataType& t : row_type_) {
    if (t.root() == TypeRoot::kArray || t.root() == TypeRoot::kMap || t.root() == TypeRoot::kRow) {
      sliceable_ = false;
    }
  }
  for (int pos : schema_->primary_key_indexes()) primary_key_[pos] = true;
  const std::vector<Column>& columns = schema_->columns();
  for (size_t i = 0; i < columns.size(); ++i) {
    position_of_id_.emplace(columns[i].id, static_cast<int>(i));
  }
}

std::optional<int> SchemaRowCodec::position_of_id(int32_t column_id) const {
  auto it = position_of_id_.find(column_id);
  if (it == position_of_id_.end()) return std::nullopt;
  return it->second;
}

Result<GenericRow> SchemaRowCodec::decode(std::span<const uint8_t> row) const {
  return decode_row(format_, row_type_, row);
}

Result<OwnedValue> SchemaRowCodec::encode(const GenericRow& row) const {
  ByteBuffer out;
  FLUSS_RETURN_IF_ERROR(encode_row(format_, row_type_, row, out));
  return OwnedValue{.schema_id = schema_id_, .row = out.release()};
}

Status SchemaRowCodec::slice(std::span<const uint8_t> row, std::vector<FieldSlice>& out) const {
  const int n = field_count();
  out.assign(n, FieldSlice{});
  CompactedRowReader reader(n);
  FLUSS_RETURN_IF_ERROR(reader.point_to(row));
  for (int i = 0; i < n; ++i) {
    const DataType& t = row_type_[i];
    // As the row decoder (and Java): a NOT NULL field is read whatever its null bit says.
    if (t.nullable() && reader.is_null_at(i)) continue;
    const auto begin = static_cast<uint32_t>(reader.position());
    switch (t.root()) {
      case TypeRoot::kBoolean:
      case TypeRoot::kTinyInt:
        static_cast<void>(reader.read_byte());
        break;
      case TypeRoot::kSmallInt:
        static_cast<void>(reader.read_short());
        break;
      case TypeRoot::kInt:
      case TypeRoot::kDate:
      case TypeRoot::kTime:
        static_cast<void>(reader.read_int());
        break;
      case TypeRoot::kBigInt:
        static_cast<void>(reader.read_long());
        break;
      case TypeRoot::kFloat:
        static_cast<void>(reader.read_float());
        break;
      case TypeRoot::kDouble:
        static_cast<void>(reader.read_double());
        break;
      case TypeRoot::kDecimal:
        static_cast<void>(reader.read_decimal(t.precision(), t.scale()));
        break;
      case TypeRoot::kTimestampNtz:
        static_cast<void>(reader.read_timestamp_ntz(t.precision()));
        break;
      case TypeRoot::kTimestampLtz:
        static_cast<void>(reader.read_timestamp_ltz(t.precision()));
        break;
      default:  // CHAR, STRING, BINARY, BYTES
        static_cast<void>(reader.read_bytes());
        break;
    }
    if (!reader.ok()) {
      return reader.status().with_context(
          fmt::format("column '{}' of schema {}", schema_->columns()[i].name, schema_id_));
    }
    out[i] = {begin, static_cast<uint32_t>(reader.position()), false};
  }
  if (!reader.at_end()) {
    return make_error(ErrorCode::kCorruptMessage,
                      "CompactedRow of schema {}: {} bytes after the last field", schema_id_,
                      row.size() - reader.position());
  }
  return Status::OK();
}

Result<Datum> read_compacted_field(const DataType& t, std::span<const uint8_t> bytes) {
  CompactedRowReader reader(0);
  FLUSS_RETURN_IF_ERROR(reader.point_to(bytes));
  Datum d;
  switch (t.root()) {
    case TypeRoot::kBoolean:
      d = reader.read_boolean();
      break;
    case TypeRoot::kTinyInt:
      d = reader.read_byte();
      break;
    case TypeRoot::kSmallInt:
      d = reader.read_short();
      break;
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      d = reader.read_int();
      break;
    case TypeRoot::kBigInt:
      d = reader.read_long();
      break;
    case TypeRoot::kFloat:
      d = reader.read_float();
      break;
    case TypeRoot::kDouble:
      d = reader.read_double();
      break;
    case TypeRoot::kDecimal:
      d = reader.read_decimal(t.precision(), t.scale());
      break;
    case TypeRoot::kTimestampNtz:
      d = reader.read_timestamp_ntz(t.precision());
      break;
    case TypeRoot::kTimestampLtz:
      d = reader.read_timestamp_ltz(t.precision());
      break;
    case TypeRoot::kChar:
    case TypeRoot::kString:
      d = std::string(reader.read_string());
      break;
    case TypeRoot::kBinary:
    case TypeRoot::kBytes: {
      const ByteView b = reader.read_bytes();
      d = Binary{std::string(as_string_view(b))};
      break;
    }
    default:
      return make_error(ErrorCode::kCorruptMessage, "{} is not a scalar field", t);
  }
  FLUSS_RETURN_IF_ERROR(reader.status());
  return d;
}

void append_compacted_field(const DataType& t, const Datum& v, CompactedRowWriter& writer,
                            Bytes& out) {
  writer.reset();
  switch (t.root()) {
    case TypeRoot::kBoolean:
      writer.write_boolean(std::get<bool>(v));
      break;
    case TypeRoot::kTinyInt:
      writer.write_byte(std::get<int8_t>(v));
      break;
    case TypeRoot::kSmallInt:
      writer.write_short(std::get<int16_t>(v));
      break;
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      writer.write_int(std::get<int32_t>(v));
      break;
    case TypeRoot::kBigInt:
      writer.write_long(std::get<int64_t>(v));
      break;
    case TypeRoot::kFloat:
      writer.write_float(std::get<float>(v));
      break;
    case TypeRoot::kDouble:
      writer.write_double(std::get<double>(v));
      break;
    case TypeRoot::kDecimal:
      writer.write_decimal(std::get<Decimal>(v), t.precision());
      break;
    case TypeRoot::kTimestampNtz:
      writer.write_timestamp_ntz(std::get<TimestampNtz>(v), t.precision());
      break;
    case TypeRoot::kTimestampLtz:
      writer.write_timestamp_ltz(std::get<TimestampLtz>(v), t.precision());
      break;
    case TypeRoot::kChar:
    case TypeRoot::kString:
      writer.write_string(std::get<std::string>(v));
      break;
    default:
      writer.write_bytes(as_bytes(std::string_view(std::get<Binary>(v).bytes)));
      break;
  }
  const ByteView bytes = writer.view();
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void write_compacted_row(std::span<const SliceSource> sources, Bytes& out) {
  const size_t header = (sources.size() + 7) / 8;
  const size_t start = out.size();
  out.resize(start + header, 0);
  for (size_t i = 0; i < sources.size(); ++i) {
    const SliceSource& s = sources[i];
    if (s.slice == nullptr || s.slice->is_null) {
      out[start + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      continue;
    }
    out.insert(out.end(), s.row.begin() + s.slice->begin, s.row.begin() + s.slice->end);
  }
}

SchemaRowCodecCache::SchemaRowCodecCache(KvFormat kv_format, SchemaGetter schema_getter)
    : format_(row_format_of(kv_format)), schema_getter_(std::move(schema_getter)) {}

Result<const SchemaRowCodec*> SchemaRowCodecCache::get(SchemaId schema_id) {
  auto it = codecs_.find(schema_id.value());
  if (it != codecs_.end()) return it->second.get();
  if (!schema_getter_) {
    return make_error(ErrorCode::kSchemaNotExist, "schema {} is unknown to the row merger",
                      schema_id);
  }
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<const Schema> schema, schema_getter_(schema_id));
  if (schema == nullptr) {
    return make_error(ErrorCode::kSchemaNotExist, "schema {} not found", schema_id);
  }
  auto codec = std::make_unique<const SchemaRowCodec>(schema_id, std::move(schema), format_);
  const SchemaRowCodec* raw = codec.get();
  codecs_.emplace(schema_id.value(), std::move(codec));
  return raw;
}

const SchemaRowCodec* SchemaRowCodecCache::get_or_add(SchemaId schema_id, const Schema& schema) {
  auto it = codecs_.find(schema_id.value());
  if (it != codecs_.end()) return it->second.get();
  auto codec = std::make_unique<const SchemaRowCodec>(
      schema_id, std::make_shared<const Schema>(schema), format_);
  const SchemaRowCodec* raw = codec.get();
  codecs_.emplace(schema_id.value(), std::move(codec));
  return raw;
}

}  // namespace fluss::storage
