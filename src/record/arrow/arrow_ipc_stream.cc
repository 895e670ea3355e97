// SPDX-License-Identifier: Apache-2.0
// Arrow IPC stream helpers; format in docs/arrow-ipc.md.
#include "record/arrow/arrow_ipc_stream.h"

#include <string>

#include "record/arrow/arrow_message.h"

namespace fluss {

namespace fb = arrow::fb;
using arrow::TimeUnit;

namespace {

fb::TimeUnit to_fb_unit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return fb::TimeUnit::SECOND;
    case TimeUnit::kMilli:
      return fb::TimeUnit::MILLISECOND;
    case TimeUnit::kMicro:
      return fb::TimeUnit::MICROSECOND;
    case TimeUnit::kNano:
      return fb::TimeUnit::NANOSECOND;
  }
  return fb::TimeUnit::MILLISECOND;
}

flatbuffers::Offset<fb::Field> build_field(flatbuffers::FlatBufferBuilder& fbb,
                                           const std::string& name, const DataType& type) {
  arrow::ColumnShape shape = arrow::shape_of(type);
  std::vector<flatbuffers::Offset<fb::Field>> children;
  for (size_t i = 0; i < shape.children.size(); ++i) {
    children.push_back(build_field(fbb, shape.child_names[i], shape.children[i]));
  }
  fb::Type type_tag = fb::Type::NONE;
  flatbuffers::Offset<void> type_table;
  const TimeUnit unit = arrow::time_unit_for_precision(type.precision());
  switch (type.root()) {
    case TypeRoot::kBoolean:
      type_tag = fb::Type::Bool;
      type_table = fb::CreateBool(fbb).Union();
      break;
    case TypeRoot::kTinyInt:
    case TypeRoot::kSmallInt:
    case TypeRoot::kInt:
    case TypeRoot::kBigInt:
      type_tag = fb::Type::Int;
      type_table = fb::CreateInt(fbb, shape.width * 8, true).Union();
      break;
    case TypeRoot::kFloat:
    case TypeRoot::kDouble:
      type_tag = fb::Type::FloatingPoint;
      type_table = fb::CreateFloatingPoint(
                       fbb, shape.width == 4 ? fb::Precision::SINGLE : fb::Precision::DOUBLE)
                       .Union();
      break;
    case TypeRoot::kChar:
    case TypeRoot::kString:
      type_tag = fb::Type::Utf8;
      type_table = fb::CreateUtf8(fbb).Union();
      break;
    case TypeRoot::kBytes:
      type_tag = fb::Type::Binary;
      type_table = fb::CreateBinary(fbb).Union();
      break;
    case TypeRoot::kBinary:
      type_tag = fb::Type::FixedSizeBinary;
      type_table = fb::CreateFixedSizeBinary(fbb, type.length()).Union();
      break;
    case TypeRoot::kDecimal:
      type_tag = fb::Type::Decimal;
      type_table = fb::CreateDecimal(fbb, type.precision(), type.scale(), 128).Union();
      break;
    case TypeRoot::kDate:
      type_tag = fb::Type::Date;
      type_table = fb::CreateDate(fbb, fb::DateUnit::DAY).Union();
      break;
    case TypeRoot::kTime:
      type_tag = fb::Type::Time;
      type_table = fb::CreateTime(fbb, to_fb_unit(unit), shape.width * 8).Union();
      break;
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz:
      // Fluss writes no time zone for either (§5.10.3).
      type_tag = fb::Type::Timestamp;
      type_table = fb::CreateTimestamp(fbb, to_fb_unit(unit)).Union();
      break;
    case TypeRoot::kArray:
      type_tag = fb::Type::List;
      type_table = fb::CreateList(fbb).Union();
      break;
    case TypeRoot::kMap:
      type_tag = fb::Type::Map;
      type_table = fb::CreateMap(fbb, false).Union();
      break;
    case TypeRoot::kRow:
      type_tag = fb::Type::Struct_;
      type_table = fb::CreateStruct_(fbb).Union();
      break;
  }
  return fb::CreateField(fbb, fbb.CreateString(name), type.nullable(), type_tag, type_table, 0,
                         fbb.CreateVector(children));
}

Status unsupported(const std::string& path, std::string_view what) {
  return make_error(ErrorCode::kCorruptMessage,
                    "Arrow stream schema: field {}: {} has no Fluss counterpart", path, what);
}

DataType precision_type(TypeRoot root, fb::TimeUnit unit) {
  const int precision = unit == fb::TimeUnit::SECOND        ? 0
                        : unit == fb::TimeUnit::MILLISECOND ? 3
                        : unit == fb::TimeUnit::MICROSECOND ? 6
                                                            : 9;
  if (root == TypeRoot::kTime) return DataType::time(precision);
  if (root == TypeRoot::kTimestampLtz) return DataType::timestamp_ltz(precision);
  return DataType::timestamp(precision);
}

// The Fluss type of an Arrow field (`path` names it in errors).
Result<DataType> type_of_field(const fb::Field& field, const std::string& path) {
  if (field.dictionary() != nullptr) return unsupported(path, "dictionary encoding");
  if (field.type() == nullptr) return unsupported(path, "a field without a type table");
  const auto* children = field.children();
  const size_t child_count = children == nullptr ? 0 : children->size();
  auto child_path = [&](size_t i) {
    const fb::Field* c = children->Get(i);
    return path + "." + (c->name() == nullptr ? std::to_string(i) : c->name()->str());
  };
  DataType type;
  switch (field.type_type()) {
    case fb::Type::Bool:
      type = DataType::boolean();
      break;
    case fb::Type::Int: {
      const fb::Int* t = field.type_as_Int();
      if (!t->is_signed()) return unsupported(path, "an unsigned integer");
      switch (t->bitWidth()) {
        case 8:
          type = DataType::tinyint();
          break;
        case 16:
          type = DataType::smallint();
          break;
        case 32:
          type = DataType::int_();
          break;
        case 64:
          type = DataType::bigint();
          break;
        default:
          return unsupported(path, fmt::format("Int of {} bits", t->bitWidth()));
      }
      break;
    }
    case fb::Type::FloatingPoint:
      switch (field.type_as_FloatingPoint()->precision()) {
        case fb::Precision::SINGLE:
          type = DataType::float_();
          break;
        case fb::Precision::DOUBLE:
          type = DataType::double_();
          break;
        default:
          return unsupported(path, "a half float");
      }
      break;
    case fb::Type::Utf8:
      type = DataType::string();
      break;
    case fb::Type::Binary:
      type = DataType::bytes();
      break;
    case fb::Type::FixedSizeBinary: {
      const int width = field.type_as_FixedSizeBinary()->byteWidth();
      if (width < 1) return unsupported(path, fmt::format("FixedSizeBinary({})", width));
      type = DataType::binary(width);
      break;
    }
    case fb::Type::Decimal: {
      const fb::Decimal* t = field.type_as_Decimal();
      if (t->bitWidth() != 128 || t->precision() < 1 ||
          t->precision() > DataType::kMaxDecimalPrecision || t->scale() < 0 ||
          t->scale() > t->precision()) {
        return unsupported(path, fmt::format("Decimal({}, {}, {} bits)", t->precision(), t->scale(),
                                             t->bitWidth()));
      }
      type = DataType::decimal(t->precision(), t->scale());
      break;
    }
    case fb::Type::Date:
      if (field.type_as_Date()->unit() != fb::DateUnit::DAY) {
        return unsupported(path, "Date(MILLISECOND)");
      }
      type = DataType::date();
      break;
    case fb::Type::Time: {
      const fb::Time* t = field.type_as_Time();
      const bool narrow =
          t->unit() == fb::TimeUnit::SECOND || t->unit() == fb::TimeUnit::MILLISECOND;
      if (t->bitWidth() != (narrow ? 32 : 64)) {
        return unsupported(path, fmt::format("Time of {} bits", t->bitWidth()));
      }
      type = precision_type(TypeRoot::kTime, t->unit());
      break;
    }
    case fb::Type::Timestamp: {
      const fb::Timestamp* t = field.type_as_Timestamp();
      type = precision_type(
          t->timezone() == nullptr ? TypeRoot::kTimestampNtz : TypeRoot::kTimestampLtz, t->unit());
      break;
    }
    case fb::Type::List: {
      if (child_count != 1) return unsupported(path, "a List without one child");
      FLUSS_ASSIGN_OR_RETURN(DataType element, type_of_field(*children->Get(0), child_path(0)));
      type = DataType::array(element);
      break;
    }
    case fb::Type::Map: {
      if (child_count != 1) return unsupported(path, "a Map without one child");
      const fb::Field* entries = children->Get(0);
      const auto* kv = entries->children();
      if (entries->type_type() != fb::Type::Struct_ || kv == nullptr || kv->size() != 2) {
        return unsupported(path, "a Map whose entries are not a key/value struct");
      }
      FLUSS_ASSIGN_OR_RETURN(DataType key, type_of_field(*kv->Get(0), path + ".entries.key"));
      FLUSS_ASSIGN_OR_RETURN(DataType value, type_of_field(*kv->Get(1), path + ".entries.value"));
      type = DataType::map(key.not_null(), value);
      break;
    }
    case fb::Type::Struct_: {
      std::vector<DataField> fields;
      for (size_t i = 0; i < child_count; ++i) {
        const fb::Field* c = children->Get(i);
        FLUSS_ASSIGN_OR_RETURN(DataType t, type_of_field(*c, child_path(i)));
        fields.push_back(
            DataField{c->name() == nullptr ? "" : c->name()->str(), t, std::nullopt, -1});
      }
      type = DataType::row(std::move(fields));
      break;
    }
    default:
      return unsupported(path, fmt::format("Arrow type {}", fb::EnumNameType(field.type_type())));
  }
  return type.with_nullable(field.nullable());
}

}  // namespace

void write_arrow_schema_message(std::span<const DataField> fields, ByteBuffer& out) {
  flatbuffers::FlatBufferBuilder fbb(1024);
  std::vector<flatbuffers::Offset<fb::Field>> offsets;
  offsets.reserve(fields.size());
  for (const DataField& f : fields) offsets.push_back(build_field(fbb, f.name, f.type));
  auto schema = fb::CreateSchema(fbb, fb::Endianness::Little, fbb.CreateVector(offsets));
  auto message =
      fb::CreateMessage(fbb, fb::MetadataVersion::V5, fb::MessageHeader::Schema, schema.Union(), 0);
  fbb.Finish(message);
  arrow::write_ipc_metadata(fbb, out);
}

void write_arrow_end_of_stream(ByteBuffer& out) {
  out.append_le<uint32_t>(arrow::kContinuationMarker);
  out.append_le<int32_t>(0);
}

Result<ArrowStreamContents> read_arrow_stream(ByteView stream) {
  ArrowStreamContents contents;
  RowType row_type;
  bool have_schema = false;
  size_t position = 0;
  int index = 0;
  while (position < stream.size()) {
    const std::string context = fmt::format("Arrow stream message {} at byte {}", index, position);
    arrow::IpcMessage message;
    FLUSS_RETURN_IF_ERROR(arrow::read_ipc_message(stream.subspan(position), context, message));
    position += message.size;
    ++index;
    if (message.end_of_stream) break;
    switch (message.message->header_type()) {
      case fb::MessageHeader::Schema: {
        if (have_schema) {
          return make_error(ErrorCode::kCorruptMessage, "{}: a second Schema message", context);
        }
        const fb::Schema* schema = message.message->header_as_Schema();
        if (schema == nullptr) {
          return make_error(ErrorCode::kCorruptMessage, "{}: Schema header is missing", context);
        }
        if (schema->endianness() != fb::Endianness::Little) {
          return make_error(ErrorCode::kCorruptMessage, "{}: big-endian stream", context);
        }
        if (schema->fields() != nullptr) {
          for (const fb::Field* f : *schema->fields()) {
            std::string name = f->name() == nullptr ? "" : f->name()->str();
            FLUSS_ASSIGN_OR_RETURN(DataType type, type_of_field(*f, name));
            row_type.push_back(type);
            contents.fields.push_back(DataField{std::move(name), type, std::nullopt, -1});
          }
        }
        have_schema = true;
        break;
      }
      case fb::MessageHeader::RecordBatch: {
        if (!have_schema) {
          return make_error(ErrorCode::kCorruptMessage, "{}: record batch before the schema",
                            context);
        }
        FLUSS_ASSIGN_OR_RETURN(std::vector<GenericRow> rows,
                               arrow::decode_record_batch(row_type, message, context));
        for (GenericRow& r : rows) contents.rows.push_back(std::move(r));
        break;
      }
      case fb::MessageHeader::DictionaryBatch:
        return make_error(ErrorCode::kCorruptMessage,
                          "{}: dictionary batches are not supported (Fluss never writes them)",
                          context);
      default:
        return make_error(ErrorCode::kCorruptMessage, "{}: unexpected message type {}", context,
                          static_cast<int>(message.message->header_type()));
    }
  }
  if (!have_schema) {
    return make_error(ErrorCode::kCorruptMessage, "Arrow stream: no Schema message");
  }
  return contents;
}

}  // namespace fluss
