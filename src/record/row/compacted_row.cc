// SPDX-License-Identifier: Apache-2.0
// CompactedRow (fluss-wire.md §7.2; docs/row-formats.md).
#include "record/row/compacted_row.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "record/row/row_internal.h"

namespace fluss {

namespace {
size_t bit_set_size(int field_count) { return (static_cast<size_t>(field_count) + 7) / 8; }
}  // namespace

// ---- CompactedRowWriter ----

CompactedRowWriter::CompactedRowWriter(int field_count)
    : header_size_(bit_set_size(field_count)),
      buffer_(std::max<size_t>(64, header_size_)),
      position_(header_size_) {}

void CompactedRowWriter::reset() {
  std::fill(buffer_.begin(), buffer_.begin() + header_size_, 0);
  position_ = header_size_;
}

void CompactedRowWriter::grow(size_t n) {
  buffer_.resize(std::max(buffer_.size() * 2, position_ + n));
}

void CompactedRowWriter::write_bytes(ByteView v) {
  put_varint(static_cast<uint32_t>(v.size()), 5);
  if (!v.empty()) {
    std::memcpy(reserve(v.size()), v.data(), v.size());
    position_ += v.size();
  }
}

void CompactedRowWriter::write_decimal(const Decimal& v, int precision) {
  if (precision <= 18) {
    write_long(static_cast<int64_t>(v.unscaled));
    return;
  }
  uint8_t bytes[16];
  const int len = row_internal::unscaled_to_bytes(v.unscaled, bytes);
  write_bytes(ByteView(bytes, len));
}

void CompactedRowWriter::write_timestamp_ntz(const TimestampNtz& v, int precision) {
  write_long(v.millisecond);
  if (precision > 3) write_int(v.nano_of_millisecond);
}

void CompactedRowWriter::write_timestamp_ltz(const TimestampLtz& v, int precision) {
  write_long(v.epoch_millisecond);
  if (precision > 3) write_int(v.nano_of_millisecond);
}

// ---- CompactedRowReader ----

CompactedRowReader::CompactedRowReader(int field_count) : header_size_(bit_set_size(field_count)) {}

Status CompactedRowReader::point_to(ByteView row) {
  row_ = row;
  error_ = nullptr;
  if (row.size() < header_size_) {
    position_ = row.size();
    return make_error(ErrorCode::kCorruptMessage,
                      "CompactedRow of {} bytes is shorter than its {}-byte null bit-set",
                      row.size(), header_size_);
  }
  position_ = header_size_;
  return Status::OK();
}

void CompactedRowReader::fail(const char* what) {
  if (error_ == nullptr) {
    error_ = what;
    error_position_ = position_;
  }
  position_ = row_.size();
}

Status CompactedRowReader::status() const {
  if (error_ == nullptr) return Status::OK();
  return make_error(ErrorCode::kCorruptMessage, "CompactedRow: {} at byte {}", error_,
                    error_position_);
}

int32_t CompactedRowReader::read_int_slow() {
  // At most 5 bytes; bits beyond 32 in the fifth byte are dropped, as Java does.
  uint32_t result = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (position_ >= row_.size()) [[unlikely]] {
      fail("truncated varint");
      return 0;
    }
    const uint8_t b = row_[position_++];
    result |= static_cast<uint32_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return static_cast<int32_t>(result);
  }
  fail("varint longer than 5 bytes");
  return 0;
}

int64_t CompactedRowReader::read_long_slow() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (position_ >= row_.size()) [[unlikely]] {
      fail("truncated varint");
      return 0;
    }
    const uint8_t b = row_[position_++];
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return static_cast<int64_t>(result);
  }
  fail("varint longer than 10 bytes");
  return 0;
}

ByteView CompactedRowReader::read_bytes() {
  const int32_t len = read_int();
  if (len < 0) [[unlikely]] {
    fail("negative length");
    return {};
  }
  if (row_.size() - position_ < static_cast<size_t>(len)) [[unlikely]] {
    fail("length past the end");
    return {};
  }
  ByteView v = row_.subspan(position_, len);
  position_ += len;
  return v;
}

Decimal CompactedRowReader::read_decimal(int precision, int scale) {
  __int128 v = 0;
  bool valid;
  if (precision <= 18) {
    v = read_long();
    valid = row_internal::fits_precision(v, precision);
  } else {
    const ByteView bytes = read_bytes();
    valid =
        row_internal::unscaled_from_bytes(bytes, &v) && row_internal::fits_precision(v, precision);
  }
  if (ok() && !valid) {
    fail("decimal malformed or wider than its precision");
    return Decimal{0, precision, scale};
  }
  return Decimal{v, precision, scale};
}

int32_t CompactedRowReader::read_nanos() {
  const int32_t nanos = read_int();
  if (nanos < 0 || nanos > 999'999) [[unlikely]] {
    fail("nanos of millisecond not in 0..999999");
    return 0;
  }
  return nanos;
}

TimestampNtz CompactedRowReader::read_timestamp_ntz(int precision) {
  TimestampNtz t{read_long(), 0};
  if (precision > 3) t.nano_of_millisecond = read_nanos();
  return t;
}

TimestampLtz CompactedRowReader::read_timestamp_ltz(int precision) {
  TimestampLtz t{read_long(), 0};
  if (precision > 3) t.nano_of_millisecond = read_nanos();
  return t;
}

// ---- GenericRow <-> CompactedRow ----

namespace row_internal {

namespace {

// Writes one non-null value (also used, without a null bit-set, for keys).
Status write_compacted_value(const FieldRef& ref, const DataType& type, const Datum& d,
                             CompactedRowWriter& w, ByteBuffer& scratch) {
  if (!holds_value_of(type, d)) return wrong_value(ref, type, d);
  FLUSS_RETURN_IF_ERROR(check_encodable(ref, type, d));
  switch (type.root()) {
    case TypeRoot::kBoolean:
      w.write_boolean(std::get<bool>(d));
      break;
    case TypeRoot::kTinyInt:
      w.write_byte(std::get<int8_t>(d));
      break;
    case TypeRoot::kSmallInt:
      w.write_short(std::get<int16_t>(d));
      break;
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      w.write_int(std::get<int32_t>(d));
      break;
    case TypeRoot::kBigInt:
      w.write_long(std::get<int64_t>(d));
      break;
    case TypeRoot::kFloat:
      w.write_float(std::get<float>(d));
      break;
    case TypeRoot::kDouble:
      w.write_double(std::get<double>(d));
      break;
    case TypeRoot::kChar:
    case TypeRoot::kString:
      w.write_string(std::get<std::string>(d));
      break;
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      w.write_bytes(as_bytes(std::get<Binary>(d).bytes));
      break;
    case TypeRoot::kDecimal:
      w.write_decimal(std::get<Decimal>(d), type.precision());
      break;
    case TypeRoot::kTimestampNtz:
      w.write_timestamp_ntz(std::get<TimestampNtz>(d), type.precision());
      break;
    case TypeRoot::kTimestampLtz:
      w.write_timestamp_ltz(std::get<TimestampLtz>(d), type.precision());
      break;
    case TypeRoot::kArray:
    case TypeRoot::kMap:
    case TypeRoot::kRow: {
      scratch.clear();
      Status s;
      if (type.root() == TypeRoot::kArray) {
        s = encode_binary_array(type.element_type(), *std::get<13>(d), RowFormat::kCompacted,
                                scratch);
      } else if (type.root() == TypeRoot::kMap) {
        s = encode_binary_map(type.key_type(), type.value_type(), *std::get<14>(d),
                              RowFormat::kCompacted, scratch);
      } else {
        s = encode_compacted_row(field_types(type), *std::get<15>(d), scratch);
      }
      FLUSS_RETURN_IF_ERROR(s.with_context(ref.to_string()));
      w.write_bytes(scratch.view());
      break;
    }
  }
  return Status::OK();
}

Result<Datum> read_compacted_value(const FieldRef& ref, const DataType& type,
                                   CompactedRowReader& r) {
  Datum d;
  switch (type.root()) {
    case TypeRoot::kBoolean:
      d = r.read_boolean();
      break;
    case TypeRoot::kTinyInt:
      d = r.read_byte();
      break;
    case TypeRoot::kSmallInt:
      d = r.read_short();
      break;
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      d = r.read_int();
      break;
    case TypeRoot::kBigInt:
      d = r.read_long();
      break;
    case TypeRoot::kFloat:
      d = r.read_float();
      break;
    case TypeRoot::kDouble:
      d = r.read_double();
      break;
    case TypeRoot::kChar:
    case TypeRoot::kString:
      d = std::string(r.read_string());
      break;
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      d = Binary{std::string(as_string_view(r.read_bytes()))};
      break;
    case TypeRoot::kDecimal:
      d = r.read_decimal(type.precision(), type.scale());
      break;
    case TypeRoot::kTimestampNtz:
      d = r.read_timestamp_ntz(type.precision());
      break;
    case TypeRoot::kTimestampLtz:
      d = r.read_timestamp_ltz(type.precision());
      break;
    case TypeRoot::kArray:
    case TypeRoot::kMap:
    case TypeRoot::kRow: {
      const ByteView blob = r.read_bytes();
      if (!r.ok()) break;
      Status s;
      if (type.root() == TypeRoot::kArray) {
        auto a = decode_binary_array(type.element_type(), blob, RowFormat::kCompacted);
        if (a.ok())
          d = std::move(a).value();
        else
          s = a.status();
      } else if (type.root() == TypeRoot::kMap) {
        auto m = decode_binary_map(type.key_type(), type.value_type(), blob, RowFormat::kCompacted);
        if (m.ok())
          d = std::move(m).value();
        else
          s = m.status();
      } else {
        auto n = decode_nested_row(type, blob, RowFormat::kCompacted);
        if (n.ok())
          d = std::move(n).value();
        else
          s = n.status();
      }
      if (!s.ok()) return s.with_context(ref.to_string());
      break;
    }
  }
  if (!r.ok())
    return r.status().with_context(fmt::format("{} ({})", ref.to_string(), type.to_string()));
  return d;
}

}  // namespace

Status encode_compacted_row(const RowType& type, const GenericRow& row, ByteBuffer& out) {
  if (row.arity() != type.size()) {
    return make_error(ErrorCode::kCorruptMessage, "row of {} fields for a CompactedRow of {}",
                      row.arity(), type.size());
  }
  CompactedRowWriter w(static_cast<int>(type.size()));
  ByteBuffer scratch;
  for (size_t i = 0; i < type.size(); ++i) {
    const FieldRef ref{"CompactedRow field", i};
    if (row.is_null_at(i)) {
      if (!type[i].nullable()) return null_in_not_null(ref, type[i]);
      w.set_null_at(static_cast<int>(i));
      continue;
    }
    FLUSS_RETURN_IF_ERROR(write_compacted_value(ref, type[i], row[i], w, scratch));
  }
  out.append(w.view());
  return Status::OK();
}

Result<GenericRow> decode_compacted_row(const RowType& type, ByteView bytes) {
  CompactedRowReader r(static_cast<int>(type.size()));
  FLUSS_RETURN_IF_ERROR(r.point_to(bytes));
  GenericRow row(type.size());
  for (size_t i = 0; i < type.size(); ++i) {
    // Java reads NOT NULL fields without looking at their null bit.
    if (type[i].nullable() && r.is_null_at(static_cast<int>(i))) continue;
    FLUSS_ASSIGN_OR_RETURN(row[i],
                           read_compacted_value(FieldRef{"CompactedRow field", i}, type[i], r));
  }
  if (!r.at_end()) {
    return make_error(ErrorCode::kCorruptMessage, "CompactedRow: {} trailing bytes after {} fields",
                      bytes.size() - r.position(), type.size());
  }
  return row;
}

Status encode_compacted_key(const RowType& type, std::span<const int> key_indexes,
                            std::span<const std::string> names, const GenericRow& row,
                            CompactedRowWriter& w) {
  ByteBuffer scratch;
  for (size_t k = 0; k < key_indexes.size(); ++k) {
    const size_t i = static_cast<size_t>(key_indexes[k]);
    const FieldRef ref{"key column", i, names.empty() ? nullptr : &names[i]};
    if (i >= row.arity()) {
      return make_error(ErrorCode::kCorruptMessage, "{} is missing from a row of {} fields",
                        ref.to_string(), row.arity());
    }
    if (row.is_null_at(i)) {
      return make_error(ErrorCode::kCorruptMessage, "{} of type {} is null: keys cannot be null",
                        ref.to_string(), type[i].to_string());
    }
    FLUSS_RETURN_IF_ERROR(write_compacted_value(ref, type[i], row[i], w, scratch));
  }
  return Status::OK();
}

Result<GenericRow> decode_compacted_key(const RowType& key_types, ByteView bytes) {
  CompactedRowReader r(0);
  FLUSS_RETURN_IF_ERROR(r.point_to(bytes));
  GenericRow row(key_types.size());
  for (size_t i = 0; i < key_types.size(); ++i) {
    FLUSS_ASSIGN_OR_RETURN(row[i],
                           read_compacted_value(FieldRef{"key column", i}, key_types[i], r));
  }
  if (!r.at_end()) {
    return make_error(ErrorCode::kCorruptMessage, "compacted key: {} trailing bytes",
                      bytes.size() - r.position());
  }
  return row;
}

}  // namespace row_internal

}  // namespace fluss
