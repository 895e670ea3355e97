// SPDX-License-Identifier: Apache-2.0
// Key encodings (fluss-wire.md §8.2, §8.3; docs/row-formats.md).
#include "record/key/key_encoder.h"

#include <fmt/format.h>

#include <optional>

#include "model/properties.h"
#include "record/key/java_strings.h"
#include "record/row/compacted_row.h"
#include "record/row/row_internal.h"

namespace fluss {

Result<KeyEncoding> primary_key_encoding(LakeFormat lake, int kv_format_version,
                                         BucketKeyKind bucket_key) {
  // Hudi's key encoding is a lossy 4-byte hash: never a primary key.
  if (lake == DataLakeFormat::kHudi) return KeyEncoding::kCompacted;
  if (kv_format_version == 1) return lake_key_encoding(lake);
  if (kv_format_version == 2) {
    return bucket_key == BucketKeyKind::kDefault ? lake_key_encoding(lake)
                                                 : KeyEncoding::kCompacted;
  }
  return make_error(ErrorCode::kUnsupportedVersion, "unsupported kv format version {}",
                    kv_format_version);
}

Result<KeyEncoding> bucket_key_encoding(LakeFormat lake, int kv_format_version,
                                        BucketKeyKind bucket_key) {
  if (bucket_key == BucketKeyKind::kDefault && lake != DataLakeFormat::kHudi) {
    return primary_key_encoding(lake, kv_format_version, bucket_key);
  }
  return lake_key_encoding(lake);
}

KeyEncoding lake_key_encoding(LakeFormat lake) {
  if (!lake) return KeyEncoding::kCompacted;
  switch (*lake) {
    case DataLakeFormat::kPaimon:
      return KeyEncoding::kPaimon;
    case DataLakeFormat::kIceberg:
      return KeyEncoding::kIceberg;
    case DataLakeFormat::kHudi:
      return KeyEncoding::kHudi;
    case DataLakeFormat::kLance:
      return KeyEncoding::kCompacted;
  }
  return KeyEncoding::kCompacted;
}

namespace {

std::string_view encoding_name(KeyEncoding e) {
  switch (e) {
    case KeyEncoding::kCompacted:
      return "compacted";
    case KeyEncoding::kPaimon:
      return "Paimon";
    case KeyEncoding::kIceberg:
      return "Iceberg";
    case KeyEncoding::kHudi:
      return "Hudi";
  }
  return "?";
}

bool supports(KeyEncoding encoding, TypeRoot root) {
  switch (encoding) {
    case KeyEncoding::kCompacted:
      return true;
    case KeyEncoding::kPaimon:
      return root != TypeRoot::kArray && root != TypeRoot::kMap && root != TypeRoot::kRow;
    case KeyEncoding::kIceberg:
      switch (root) {
        case TypeRoot::kInt:
        case TypeRoot::kDate:
        case TypeRoot::kTime:
        case TypeRoot::kBigInt:
        case TypeRoot::kFloat:
        case TypeRoot::kDouble:
        case TypeRoot::kTimestampNtz:
        case TypeRoot::kDecimal:
        case TypeRoot::kString:
        case TypeRoot::kChar:
        case TypeRoot::kBinary:
        case TypeRoot::kBytes:
          return true;
        default:
          return false;
      }
    case KeyEncoding::kHudi:
      // HudiKeyEncoder.SUPPORTED_BUCKET_KEY_TYPE_ROOTS: scalars with a stable string form.
      switch (root) {
        case TypeRoot::kBinary:
        case TypeRoot::kBytes:
        case TypeRoot::kArray:
        case TypeRoot::kMap:
        case TypeRoot::kRow:
          return false;
        default:
          return true;
      }
  }
  return false;
}

}  // namespace

KeyEncoder::KeyEncoder(KeyEncoding encoding, RowType row_type, std::vector<int> key_indexes,
                       std::vector<std::string> column_names)
    : encoding_(encoding),
      row_type_(std::move(row_type)),
      key_indexes_(std::move(key_indexes)),
      column_names_(std::move(column_names)) {
  for (int i : key_indexes_) key_types_.push_back(row_type_[i]);
}

Result<std::unique_ptr<KeyEncoder>> KeyEncoder::create(KeyEncoding encoding,
                                                       const RowType& row_type,
                                                       std::vector<int> key_indexes,
                                                       std::vector<std::string> column_names) {
  if (!column_names.empty() && column_names.size() != row_type.size()) {
    return make_error(ErrorCode::kInvalidTableException, "{} column names for {} columns",
                      column_names.size(), row_type.size());
  }
  if (encoding == KeyEncoding::kIceberg && key_indexes.size() != 1) {
    return make_error(ErrorCode::kInvalidTableException,
                      "Iceberg keys have exactly one column, not {}", key_indexes.size());
  }
  std::unique_ptr<KeyEncoder> encoder(
      new KeyEncoder(encoding, row_type, std::move(key_indexes), std::move(column_names)));
  for (int i : encoder->key_indexes_) {
    if (i < 0 || static_cast<size_t>(i) >= row_type.size()) {
      return make_error(ErrorCode::kInvalidTableException, "key column {} not in a row of {}", i,
                        row_type.size());
    }
    if (!supports(encoding, row_type[i].root())) {
      return make_error(ErrorCode::kInvalidTableException,
                        "key column {} of type {} cannot be in a {} key", encoder->column_name(i),
                        row_type[i].to_string(), encoding_name(encoding));
    }
  }
  return encoder;
}

std::string KeyEncoder::column_name(size_t index) const {
  if (column_names_.empty()) return fmt::format("{}", index);
  return fmt::format("{} `{}`", index, column_names_[index]);
}

Status KeyEncoder::encode_key(const GenericRow& row, ByteBuffer& out) const {
  if (row.arity() != row_type_.size()) {
    return make_error(ErrorCode::kCorruptMessage, "row of {} fields for a key over {} columns",
                      row.arity(), row_type_.size());
  }
  switch (encoding_) {
    case KeyEncoding::kCompacted: {
      // One writer per thread keeps encode_key const, thread-safe and allocation-free.
      thread_local CompactedRowWriter w(0);
      w.reset();
      FLUSS_RETURN_IF_ERROR(
          row_internal::encode_compacted_key(row_type_, key_indexes_, column_names_, row, w));
      out.append(w.view());
      return Status::OK();
    }
    case KeyEncoding::kPaimon:
      return encode_paimon(row, out);
    case KeyEncoding::kIceberg:
      return encode_iceberg(row, out);
    case KeyEncoding::kHudi:
      return encode_hudi(row, out);
  }
  return Status(ErrorCode::kCorruptMessage, "unknown key encoding");
}

Result<ByteBuffer> KeyEncoder::encode_key(const GenericRow& row) const {
  ByteBuffer out;
  FLUSS_RETURN_IF_ERROR(encode_key(row, out));
  return out;
}

Status KeyEncoder::encode_paimon(const GenericRow& row, ByteBuffer& out) const {
  // A Paimon BinaryRow is an AlignedRow whose header byte is the row kind
  // (INSERT = 0, which the aligned encoder writes).
  std::vector<Datum> key;
  key.reserve(key_indexes_.size());
  for (int i : key_indexes_) key.push_back(row[i]);
  return row_internal::encode_aligned_row(key_types_, GenericRow(std::move(key)), out)
      .with_context("Paimon key");
}

Status KeyEncoder::encode_iceberg(const GenericRow& row, ByteBuffer& out) const {
  const int index = key_indexes_[0];
  const DataType& type = row_type_[index];
  const Datum& d = row[index];
  if (is_null(d)) {
    return make_error(ErrorCode::kCorruptMessage, "key column {} of type {} is null",
                      column_name(index), type.to_string());
  }
  if (!row_internal::holds_value_of(type, d)) {
    return make_error(ErrorCode::kCorruptMessage, "key column {} of type {} cannot hold {}",
                      column_name(index), type.to_string(), datum_to_string(d));
  }
  switch (type.root()) {
    case TypeRoot::kInt:
    case TypeRoot::kDate:
      out.append_le<int64_t>(std::get<int32_t>(d));
      break;
    case TypeRoot::kTime:  // microseconds of the day
      out.append_le<int64_t>(int64_t{std::get<int32_t>(d)} * 1000);
      break;
    case TypeRoot::kBigInt:
      out.append_le<int64_t>(std::get<int64_t>(d));
      break;
    case TypeRoot::kFloat:
      out.append_le<float>(std::get<float>(d));
      break;
    case TypeRoot::kDouble:
      out.append_le<double>(std::get<double>(d));
      break;
    case TypeRoot::kTimestampNtz: {  // microseconds since the epoch
      const TimestampNtz& t = std::get<TimestampNtz>(d);
      out.append_le<int64_t>(t.millisecond * 1000 + t.nano_of_millisecond / 1000);
      break;
    }
    case TypeRoot::kDecimal: {  // unscaled BigInteger bytes, no length
      uint8_t bytes[16];
      out.append(
          ByteView(bytes, row_internal::unscaled_to_bytes(std::get<Decimal>(d).unscaled, bytes)));
      break;
    }
    case TypeRoot::kChar:
    case TypeRoot::kString:
      out.append(std::get<std::string>(d));
      break;
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      out.append(std::get<Binary>(d).bytes);
      break;
    default:
      return make_error(ErrorCode::kCorruptMessage, "key column {} of type {} in an Iceberg key",
                        column_name(index), type.to_string());
  }
  return Status::OK();
}

namespace {

// String.valueOf of the Java value of `d` (HudiKeyEncoder.toHudiHashElement).
std::string hudi_string(const DataType& type, const Datum& d) {
  switch (type.root()) {
    case TypeRoot::kChar:
    case TypeRoot::kString:
      return std::get<std::string>(d);
    case TypeRoot::kBoolean:
      return std::get<bool>(d) ? "true" : "false";
    case TypeRoot::kTinyInt:
      return std::to_string(std::get<int8_t>(d));
    case TypeRoot::kSmallInt:
      return std::to_string(std::get<int16_t>(d));
    case TypeRoot::kInt:
    case TypeRoot::kDate:  // the day number, as Java's Integer
    case TypeRoot::kTime:
      return std::to_string(std::get<int32_t>(d));
    case TypeRoot::kBigInt:
      return std::to_string(std::get<int64_t>(d));
    case TypeRoot::kFloat:
      return key_internal::java_float_to_string(std::get<float>(d));
    case TypeRoot::kDouble:
      return key_internal::java_double_to_string(std::get<double>(d));
    case TypeRoot::kDecimal:
      return key_internal::decimal_to_plain_string(std::get<Decimal>(d).unscaled, type.scale());
    case TypeRoot::kTimestampNtz: {
      const TimestampNtz& t = std::get<TimestampNtz>(d);
      return key_internal::java_local_date_time_string(t.millisecond, t.nano_of_millisecond);
    }
    case TypeRoot::kTimestampLtz: {
      const TimestampLtz& t = std::get<TimestampLtz>(d);
      return key_internal::java_instant_string(t.epoch_millisecond, t.nano_of_millisecond);
    }
    default:
      return "";
  }
}

}  // namespace

Status KeyEncoder::encode_hudi(const GenericRow& row, ByteBuffer& out) const {
  // Mirrors Hudi's List<String>.hashCode() over the record key parts; with several
  // columns Hudi parses "__null__" / "__empty__" back to null / "".
  const bool composite = key_indexes_.size() > 1;
  uint32_t hash = 1;
  for (int index : key_indexes_) {
    const DataType& type = row_type_[index];
    const Datum& d = row[index];
    std::optional<std::string> part;
    if (is_null(d)) {
      if (!composite) part = "__null__";
    } else {
      if (!row_internal::holds_value_of(type, d)) {
        return make_error(ErrorCode::kCorruptMessage, "key column {} of type {} cannot hold {}",
                          column_name(index), type.to_string(), datum_to_string(d));
      }
      part = hudi_string(type, d);
      if (composite && !part->empty()) {
        if (part->find(',') != std::string::npos) {
          return make_error(ErrorCode::kCorruptMessage,
                            "key column {} has a value containing ',', Hudi's record key "
                            "separator",
                            column_name(index));
        }
        if (*part == "__null__" || *part == "__empty__") {
          return make_error(ErrorCode::kCorruptMessage,
                            "key column {} has the value {}, a reserved Hudi placeholder",
                            column_name(index), *part);
        }
      }
    }
    const uint32_t element = part ? static_cast<uint32_t>(java_string_hash(*part)) : 0;
    hash = 31 * hash + element;
  }
  out.append_be<uint32_t>(hash);
  return Status::OK();
}

Result<GenericRow> decode_compacted_key(const RowType& key_types, ByteView bytes) {
  return row_internal::decode_compacted_key(key_types, bytes);
}

}  // namespace fluss
