// SPDX-License-Identifier: Apache-2.0
// IndexedRow (fluss-wire.md §7.1; docs/row-formats.md).
#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "record/row/row_internal.h"

namespace fluss::row_internal {

namespace {

// IndexedRow.isFixedLength: CHAR(n), BINARY(n) and every TIMESTAMP are fixed here.
bool is_variable_length(const DataType& type) {
  switch (type.root()) {
    case TypeRoot::kString:
    case TypeRoot::kBytes:
    case TypeRoot::kArray:
    case TypeRoot::kMap:
    case TypeRoot::kRow:
      return true;
    case TypeRoot::kDecimal:
      return !type.is_compact_decimal();
    default:
      return false;
  }
}

// CHAR(n) / BINARY(n): exactly n bytes, zero-padded.
Status write_padded(const FieldRef& ref, const DataType& type, std::string_view v,
                    ByteBuffer& out) {
  const size_t n = static_cast<size_t>(std::max(type.length(), 0));
  if (v.size() > n) {
    return corrupt(ref, type, fmt::format("value of {} bytes is longer than {}", v.size(), n));
  }
  out.append(v);
  out.append_zeros(n - v.size());
  return Status::OK();
}

// The reader strips trailing zero bytes (so trailing zeros of a BINARY are lost).
std::string_view strip_padding(ByteView b) {
  size_t len = b.size();
  while (len > 0 && b[len - 1] == 0) --len;
  return as_string_view(b.first(len));
}

}  // namespace

Status encode_indexed_row(const RowType& type, const GenericRow& row, ByteBuffer& out) {
  if (row.arity() != type.size()) {
    return make_error(ErrorCode::kCorruptMessage, "row of {} fields for an IndexedRow of {}",
                      row.arity(), type.size());
  }
  const size_t null_bytes = (type.size() + 7) / 8;
  size_t var_count = 0;
  for (const DataType& t : type) var_count += is_variable_length(t) ? 1 : 0;
  const size_t base = out.size();
  out.append_zeros(null_bytes + 4 * var_count);
  size_t var_slot = base + null_bytes;

  for (size_t i = 0; i < type.size(); ++i) {
    const DataType& t = type[i];
    const Datum& d = row[i];
    const FieldRef ref{"IndexedRow field", i};
    if (is_null(d)) {
      if (!t.nullable()) return null_in_not_null(ref, t);
      out.data()[base + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      continue;
    }
    if (!holds_value_of(t, d)) return wrong_value(ref, t, d);
    FLUSS_RETURN_IF_ERROR(check_encodable(ref, t, d));
    const size_t start = out.size();
    switch (t.root()) {
      case TypeRoot::kBoolean:
        out.append_u8(std::get<bool>(d) ? 1 : 0);
        break;
      case TypeRoot::kTinyInt:
        out.append_le(std::get<int8_t>(d));
        break;
      case TypeRoot::kSmallInt:
        out.append_le(std::get<int16_t>(d));
        break;
      case TypeRoot::kInt:
      case TypeRoot::kDate:
      case TypeRoot::kTime:
        out.append_le(std::get<int32_t>(d));
        break;
      case TypeRoot::kBigInt:
        out.append_le(std::get<int64_t>(d));
        break;
      case TypeRoot::kFloat:
        out.append_le(std::get<float>(d));
        break;
      case TypeRoot::kDouble:
        out.append_le(std::get<double>(d));
        break;
      case TypeRoot::kChar:
        FLUSS_RETURN_IF_ERROR(write_padded(ref, t, std::get<std::string>(d), out));
        break;
      case TypeRoot::kBinary:
        FLUSS_RETURN_IF_ERROR(write_padded(ref, t, std::get<Binary>(d).bytes, out));
        break;
      case TypeRoot::kString:
        out.append(std::get<std::string>(d));
        break;
      case TypeRoot::kBytes:
        out.append(std::get<Binary>(d).bytes);
        break;
      case TypeRoot::kDecimal: {
        const __int128 v = std::get<Decimal>(d).unscaled;
        if (t.is_compact_decimal()) {
          out.append_le(static_cast<int64_t>(v));
        } else {
          uint8_t bytes[16];
          out.append(ByteView(bytes, unscaled_to_bytes(v, bytes)));
        }
        break;
      }
      case TypeRoot::kTimestampNtz:
        out.append_le(std::get<TimestampNtz>(d).millisecond);
        if (!t.is_compact_timestamp()) out.append_le(std::get<TimestampNtz>(d).nano_of_millisecond);
        break;
      case TypeRoot::kTimestampLtz:
        out.append_le(std::get<TimestampLtz>(d).epoch_millisecond);
        if (!t.is_compact_timestamp()) out.append_le(std::get<TimestampLtz>(d).nano_of_millisecond);
        break;
      case TypeRoot::kArray:
        FLUSS_RETURN_IF_ERROR(
            encode_binary_array(t.element_type(), *std::get<13>(d), RowFormat::kIndexed, out)
                .with_context(ref.to_string()));
        break;
      case TypeRoot::kMap:
        FLUSS_RETURN_IF_ERROR(encode_binary_map(t.key_type(), t.value_type(), *std::get<14>(d),
                                                RowFormat::kIndexed, out)
                                  .with_context(ref.to_string()));
        break;
      case TypeRoot::kRow:
        FLUSS_RETURN_IF_ERROR(encode_indexed_row(field_types(t), *std::get<15>(d), out)
                                  .with_context(ref.to_string()));
        break;
    }
    if (is_variable_length(t)) {
      const size_t len = out.size() - start;
      if (len > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
        return corrupt(ref, t, "value longer than 2^31-1 bytes");
      }
      out.put_le<int32_t>(var_slot, static_cast<int32_t>(len));
      var_slot += 4;
    }
  }
  return Status::OK();
}

Result<GenericRow> decode_indexed_row(const RowType& type, ByteView bytes) {
  const size_t null_bytes = (type.size() + 7) / 8;
  size_t var_count = 0;
  for (const DataType& t : type) var_count += is_variable_length(t) ? 1 : 0;
  const size_t header = null_bytes + 4 * var_count;
  if (bytes.size() < header) {
    return make_error(ErrorCode::kCorruptMessage,
                      "IndexedRow of {} bytes is shorter than its {}-byte header", bytes.size(),
                      header);
  }
  ByteReader reader(bytes.subspan(header), ErrorCode::kCorruptMessage, "IndexedRow");
  size_t var_slot = null_bytes;
  GenericRow row(type.size());
  for (size_t i = 0; i < type.size(); ++i) {
    const DataType& t = type[i];
    const FieldRef ref{"IndexedRow field", i};
    // Java reads NOT NULL fields without looking at their null bit.
    if (t.nullable() && (bytes[i / 8] >> (i % 8)) & 1) continue;

    size_t size;
    if (is_variable_length(t)) {
      const int32_t len = load_le<int32_t>(bytes.data() + var_slot);
      var_slot += 4;
      if (len < 0) return corrupt(ref, t, fmt::format("negative length {}", len));
      size = static_cast<size_t>(len);
    } else {
      switch (t.root()) {
        case TypeRoot::kBoolean:
        case TypeRoot::kTinyInt:
          size = 1;
          break;
        case TypeRoot::kSmallInt:
          size = 2;
          break;
        case TypeRoot::kInt:
        case TypeRoot::kDate:
        case TypeRoot::kTime:
        case TypeRoot::kFloat:
          size = 4;
          break;
        case TypeRoot::kChar:
        case TypeRoot::kBinary:
          size = static_cast<size_t>(std::max(t.length(), 0));
          break;
        case TypeRoot::kTimestampNtz:
        case TypeRoot::kTimestampLtz:
          size = t.is_compact_timestamp() ? 8 : 12;
          break;
        default:
          size = 8;
          break;
      }
    }
    auto data_or = reader.read_bytes(size);
    if (!data_or.ok())
      return data_or.status().with_context(fmt::format("{} ({})", ref.to_string(), t.to_string()));
    const ByteView data = *data_or;
    const uint8_t* p = data.data();
    Datum& d = row[i];
    switch (t.root()) {
      case TypeRoot::kBoolean:
        d = p[0] != 0;
        break;
      case TypeRoot::kTinyInt:
        d = load_le<int8_t>(p);
        break;
      case TypeRoot::kSmallInt:
        d = load_le<int16_t>(p);
        break;
      case TypeRoot::kInt:
      case TypeRoot::kDate:
      case TypeRoot::kTime:
        d = load_le<int32_t>(p);
        break;
      case TypeRoot::kBigInt:
        d = load_le<int64_t>(p);
        break;
      case TypeRoot::kFloat:
        d = load_le<float>(p);
        break;
      case TypeRoot::kDouble:
        d = load_le<double>(p);
        break;
      case TypeRoot::kChar:
        d = std::string(strip_padding(data));
        break;
      case TypeRoot::kBinary:
        d = Binary{std::string(strip_padding(data))};
        break;
      case TypeRoot::kString:
        d = std::string(as_string_view(data));
        break;
      case TypeRoot::kBytes:
        d = Binary{std::string(as_string_view(data))};
        break;
      case TypeRoot::kDecimal: {
        __int128 v = 0;
        if (t.is_compact_decimal()) {
          v = load_le<int64_t>(p);
        } else if (!unscaled_from_bytes(data, &v)) {
          return corrupt(ref, t, fmt::format("{} unscaled bytes", data.size()));
        }
        if (!fits_precision(v, t.precision())) {
          return corrupt(ref, t, "unscaled value exceeds the precision");
        }
        d = Decimal{v, t.precision(), t.scale()};
        break;
      }
      case TypeRoot::kTimestampNtz:
      case TypeRoot::kTimestampLtz: {
        const int64_t millis = load_le<int64_t>(p);
        const int32_t nanos = t.is_compact_timestamp() ? 0 : load_le<int32_t>(p + 8);
        if (nanos < 0 || nanos > 999'999) {
          return corrupt(ref, t, fmt::format("nanos of millisecond {}", nanos));
        }
        if (t.root() == TypeRoot::kTimestampNtz) {
          d = TimestampNtz{millis, nanos};
        } else {
          d = TimestampLtz{millis, nanos};
        }
        break;
      }
      case TypeRoot::kArray: {
        auto a = decode_binary_array(t.element_type(), data, RowFormat::kIndexed);
        if (!a.ok()) return a.status().with_context(ref.to_string());
        d = std::move(a).value();
        break;
      }
      case TypeRoot::kMap: {
        auto m = decode_binary_map(t.key_type(), t.value_type(), data, RowFormat::kIndexed);
        if (!m.ok()) return m.status().with_context(ref.to_string());
        d = std::move(m).value();
        break;
      }
      case TypeRoot::kRow: {
        auto n = decode_nested_row(t, data, RowFormat::kIndexed);
        if (!n.ok()) return n.status().with_context(ref.to_string());
        d = std::move(n).value();
        break;
      }
    }
  }
  if (!reader.at_end()) {
    return make_error(ErrorCode::kCorruptMessage, "IndexedRow: {} trailing bytes after {} fields",
                      reader.remaining(), type.size());
  }
  return row;
}

}  // namespace fluss::row_internal
