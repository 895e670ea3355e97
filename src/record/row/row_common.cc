// SPDX-License-Identifier: Apache-2.0
// Value checks, decimal bytes and the 8-byte slots shared by AlignedRow and
// BinaryArray (docs/row-formats.md).
#include <fmt/format.h>

#include <array>
#include <cstring>

#include "record/row/row_internal.h"

namespace fluss::row_internal {

std::string FieldRef::to_string() const {
  if (name != nullptr) return fmt::format("{} {} `{}`", kind, index, *name);
  return fmt::format("{} {}", kind, index);
}

std::string_view format_name(RowFormat format) {
  switch (format) {
    case RowFormat::kIndexed:
      return "IndexedRow";
    case RowFormat::kCompacted:
      return "CompactedRow";
    case RowFormat::kAligned:
      return "AlignedRow";
  }
  return "row";
}

RowType field_types(const DataType& row_type) {
  RowType types;
  types.reserve(row_type.fields().size());
  for (const DataField& f : row_type.fields()) types.push_back(f.type);
  return types;
}

namespace {

// The Datum alternative index (generic_row.h) that values of `root` use.
size_t alternative_of(TypeRoot root) {
  switch (root) {
    case TypeRoot::kBoolean:
      return 1;
    case TypeRoot::kTinyInt:
      return 2;
    case TypeRoot::kSmallInt:
      return 3;
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      return 4;
    case TypeRoot::kBigInt:
      return 5;
    case TypeRoot::kFloat:
      return 6;
    case TypeRoot::kDouble:
      return 7;
    case TypeRoot::kChar:
    case TypeRoot::kString:
      return 8;
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      return 9;
    case TypeRoot::kDecimal:
      return 10;
    case TypeRoot::kTimestampNtz:
      return 11;
    case TypeRoot::kTimestampLtz:
      return 12;
    case TypeRoot::kArray:
      return 13;
    case TypeRoot::kMap:
      return 14;
    case TypeRoot::kRow:
      return 15;
  }
  return 0;
}

}  // namespace

bool holds_value_of(const DataType& type, const Datum& d) {
  if (d.index() != alternative_of(type.root())) return false;
  switch (type.root()) {
    case TypeRoot::kArray:
      return std::get<13>(d) != nullptr;
    case TypeRoot::kMap: {
      const auto& m = std::get<14>(d);
      return m != nullptr && m->keys().size() == m->values().size();
    }
    case TypeRoot::kRow:
      return std::get<15>(d) != nullptr && std::get<15>(d)->arity() == type.fields().size();
    default:
      return true;
  }
}

Status wrong_value(const FieldRef& ref, const DataType& type, const Datum& d) {
  return make_error(ErrorCode::kCorruptMessage, "{} of type {} cannot hold {}", ref.to_string(),
                    type.to_string(), datum_to_string(d));
}

Status null_in_not_null(const FieldRef& ref, const DataType& type) {
  return make_error(ErrorCode::kCorruptMessage, "{} of type {} is NOT NULL but the value is null",
                    ref.to_string(), type.to_string());
}

Status corrupt(const FieldRef& ref, const DataType& type, std::string_view what) {
  return make_error(ErrorCode::kCorruptMessage, "{} of type {}: {}", ref.to_string(),
                    type.to_string(), what);
}

Status check_encodable(const FieldRef& ref, const DataType& type, const Datum& d) {
  switch (type.root()) {
    case TypeRoot::kDecimal:
      // Java's Decimal cannot hold more digits than its precision; every reader
      // of a DECIMAL(p > 18) rejects them.
      if (!fits_precision(std::get<Decimal>(d).unscaled, type.precision())) {
        return corrupt(ref, type, "unscaled value has more digits than the precision");
      }
      return Status::OK();
    case TypeRoot::kTimestampNtz: {
      const int32_t nanos = std::get<TimestampNtz>(d).nano_of_millisecond;
      if (nanos < 0 || nanos > 999'999)
        return corrupt(ref, type, "nanos of millisecond not in 0..999999");
      return Status::OK();
    }
    case TypeRoot::kTimestampLtz: {
      const int32_t nanos = std::get<TimestampLtz>(d).nano_of_millisecond;
      if (nanos < 0 || nanos > 999'999)
        return corrupt(ref, type, "nanos of millisecond not in 0..999999");
      return Status::OK();
    }
    default:
      return Status::OK();
  }
}

int unscaled_to_bytes(__int128 v, uint8_t out[16]) {
  uint8_t be[16];
  unsigned __int128 u = static_cast<unsigned __int128>(v);
  for (int i = 15; i >= 0; --i) {
    be[i] = static_cast<uint8_t>(u);
    u >>= 8;
  }
  // Drop leading bytes that only repeat the sign of the next one.
  int start = 0;
  while (start < 15 && ((be[start] == 0x00 && (be[start + 1] & 0x80) == 0) ||
                        (be[start] == 0xFF && (be[start + 1] & 0x80) != 0))) {
    ++start;
  }
  const int len = 16 - start;
  std::memcpy(out, be + start, len);
  return len;
}

bool unscaled_from_bytes(ByteView bytes, __int128* v) {
  if (bytes.empty() || bytes.size() > 16) return false;
  unsigned __int128 u = (bytes[0] & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (uint8_t b : bytes) u = (u << 8) | b;
  *v = static_cast<__int128>(u);
  return true;
}

bool fits_precision(__int128 v, int precision) {
  static const auto kPowers = [] {
    std::array<unsigned __int128, 39> p{};
    p[0] = 1;
    for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
  }();
  if (precision < 0 || precision > 38) return false;
  const unsigned __int128 magnitude =
      v < 0 ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  return magnitude < kPowers[precision];
}

namespace {

// Appends `data` to the variable part, zero-padded to a word; returns its offset
// relative to `base`.
size_t append_var(ByteView data, size_t base, ByteBuffer& out) {
  const size_t at = out.size();
  out.append(data);
  out.append_zeros(round_to_word(data.size()) - data.size());
  return at - base;
}

void put_offset_and_size(ByteBuffer& out, size_t slot, size_t offset, uint64_t size) {
  out.put_le<uint64_t>(slot, (static_cast<uint64_t>(offset) << 32) | size);
}

// Strings and bytes of up to 7 bytes live in the slot itself: data in bytes
// 0..len-1, 0x80 | len in byte 7.
void write_var_bytes(ByteView data, size_t base, size_t slot, ByteBuffer& out) {
  if (data.size() <= 7) {
    uint8_t word[8] = {};
    if (!data.empty()) std::memcpy(word, data.data(), data.size());
    word[7] = static_cast<uint8_t>(0x80 | data.size());
    std::memcpy(out.data() + slot, word, 8);
    return;
  }
  const size_t offset = append_var(data, base, out);
  put_offset_and_size(out, slot, offset, data.size());
}

// The region an offset-and-size word points at, bounds-checked.
Result<ByteView> region_at(const FieldRef& ref, const DataType& type, ByteView region,
                           uint64_t word, bool allow_inline) {
  if (word >> 63) {
    if (!allow_inline) return corrupt(ref, type, "inline mark on a value that is never inline");
    return ByteView();  // caller handles inline data
  }
  const uint64_t offset = word >> 32;
  const uint64_t size = word & 0xFFFFFFFFu;
  if (size > 0x7FFFFFFF || offset > region.size() || size > region.size() - offset) {
    return corrupt(
        ref, type,
        fmt::format("variable part [{}, +{}) outside the {} bytes", offset, size, region.size()));
  }
  return region.subspan(offset, size);
}

Result<ByteView> read_var_bytes(const FieldRef& ref, const DataType& type, ByteView region,
                                size_t slot) {
  const uint64_t word = load_le<uint64_t>(region.data() + slot);
  if (word >> 63) {
    const size_t len = (word >> 56) & 0x7F;
    if (len > 7) return corrupt(ref, type, fmt::format("inline length {} > 7", len));
    return region.subspan(slot, len);
  }
  return region_at(ref, type, region, word, false);
}

}  // namespace

Status write_slot(const FieldRef& ref, const DataType& type, const Datum& d, size_t base,
                  size_t slot, RowFormat nested, ByteBuffer& out) {
  FLUSS_RETURN_IF_ERROR(check_encodable(ref, type, d));
  uint8_t* p = out.data() + slot;
  switch (type.root()) {
    case TypeRoot::kBoolean:
      p[0] = std::get<bool>(d) ? 1 : 0;
      return Status::OK();
    case TypeRoot::kTinyInt:
      store_le(p, std::get<int8_t>(d));
      return Status::OK();
    case TypeRoot::kSmallInt:
      store_le(p, std::get<int16_t>(d));
      return Status::OK();
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      store_le(p, std::get<int32_t>(d));
      return Status::OK();
    case TypeRoot::kBigInt:
      store_le(p, std::get<int64_t>(d));
      return Status::OK();
    case TypeRoot::kFloat:
      store_le(p, std::get<float>(d));
      return Status::OK();
    case TypeRoot::kDouble:
      store_le(p, std::get<double>(d));
      return Status::OK();
    case TypeRoot::kChar:
    case TypeRoot::kString:
      write_var_bytes(as_bytes(std::get<std::string>(d)), base, slot, out);
      return Status::OK();
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      write_var_bytes(as_bytes(std::get<Binary>(d).bytes), base, slot, out);
      return Status::OK();
    case TypeRoot::kDecimal: {
      const __int128 v = std::get<Decimal>(d).unscaled;
      if (type.is_compact_decimal()) {
        store_le(p, static_cast<int64_t>(v));
        return Status::OK();
      }
      // Always 16 reserved bytes, so that the value can be updated in place.
      uint8_t bytes[16];
      const int len = unscaled_to_bytes(v, bytes);
      const size_t at = out.size();
      out.append_zeros(16);
      std::memcpy(out.data() + at, bytes, len);
      put_offset_and_size(out, slot, at - base, len);
      return Status::OK();
    }
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz: {
      int64_t millis;
      int32_t nanos;
      if (type.root() == TypeRoot::kTimestampNtz) {
        millis = std::get<TimestampNtz>(d).millisecond;
        nanos = std::get<TimestampNtz>(d).nano_of_millisecond;
      } else {
        millis = std::get<TimestampLtz>(d).epoch_millisecond;
        nanos = std::get<TimestampLtz>(d).nano_of_millisecond;
      }
      if (type.is_compact_timestamp()) {
        store_le(p, millis);
        return Status::OK();
      }
      const size_t at = out.size();
      out.append_le<int64_t>(millis);
      put_offset_and_size(out, slot, at - base, static_cast<uint32_t>(nanos));
      return Status::OK();
    }
    case TypeRoot::kArray:
    case TypeRoot::kMap:
    case TypeRoot::kRow: {
      // Always in the variable part, however small.
      const size_t at = out.size();
      if (type.root() == TypeRoot::kArray) {
        FLUSS_RETURN_IF_ERROR(
            encode_binary_array(type.element_type(), *std::get<13>(d), nested, out)
                .with_context(ref.to_string()));
      } else if (type.root() == TypeRoot::kMap) {
        FLUSS_RETURN_IF_ERROR(
            encode_binary_map(type.key_type(), type.value_type(), *std::get<14>(d), nested, out)
                .with_context(ref.to_string()));
      } else {
        FLUSS_RETURN_IF_ERROR(
            encode_nested_row(type, *std::get<15>(d), nested, out).with_context(ref.to_string()));
      }
      const size_t size = out.size() - at;
      out.append_zeros(round_to_word(size) - size);
      put_offset_and_size(out, slot, at - base, size);
      return Status::OK();
    }
  }
  return wrong_value(ref, type, d);
}

Result<Datum> read_slot(const FieldRef& ref, const DataType& type, ByteView region, size_t slot,
                        RowFormat nested) {
  const uint8_t* p = region.data() + slot;
  switch (type.root()) {
    case TypeRoot::kBoolean:
      return Datum(p[0] != 0);
    case TypeRoot::kTinyInt:
      return Datum(load_le<int8_t>(p));
    case TypeRoot::kSmallInt:
      return Datum(load_le<int16_t>(p));
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      return Datum(load_le<int32_t>(p));
    case TypeRoot::kBigInt:
      return Datum(load_le<int64_t>(p));
    case TypeRoot::kFloat:
      return Datum(load_le<float>(p));
    case TypeRoot::kDouble:
      return Datum(load_le<double>(p));
    case TypeRoot::kChar:
    case TypeRoot::kString: {
      FLUSS_ASSIGN_OR_RETURN(ByteView data, read_var_bytes(ref, type, region, slot));
      return Datum(std::string(as_string_view(data)));
    }
    case TypeRoot::kBinary:
    case TypeRoot::kBytes: {
      FLUSS_ASSIGN_OR_RETURN(ByteView data, read_var_bytes(ref, type, region, slot));
      return Datum(Binary{std::string(as_string_view(data))});
    }
    case TypeRoot::kDecimal: {
      __int128 v = 0;
      if (type.is_compact_decimal()) {
        v = load_le<int64_t>(p);
      } else {
        FLUSS_ASSIGN_OR_RETURN(ByteView data,
                               region_at(ref, type, region, load_le<uint64_t>(p), false));
        if (!unscaled_from_bytes(data, &v)) {
          return corrupt(ref, type, fmt::format("{} unscaled bytes", data.size()));
        }
      }
      if (!fits_precision(v, type.precision())) {
        return corrupt(ref, type, "unscaled value exceeds the precision");
      }
      return Datum(Decimal{v, type.precision(), type.scale()});
    }
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz: {
      int64_t millis;
      int32_t nanos = 0;
      if (type.is_compact_timestamp()) {
        millis = load_le<int64_t>(p);
      } else {
        const uint64_t word = load_le<uint64_t>(p);
        nanos = static_cast<int32_t>(word & 0xFFFFFFFFu);
        if (nanos < 0 || nanos > 999'999) {
          return corrupt(ref, type, fmt::format("nanos of millisecond {}", nanos));
        }
        FLUSS_ASSIGN_OR_RETURN(ByteView data,
                               region_at(ref, type, region, (word >> 32) << 32 | 8, false));
        millis = load_le<int64_t>(data.data());
      }
      if (type.root() == TypeRoot::kTimestampNtz) return Datum(TimestampNtz{millis, nanos});
      return Datum(TimestampLtz{millis, nanos});
    }
    case TypeRoot::kArray:
    case TypeRoot::kMap:
    case TypeRoot::kRow: {
      FLUSS_ASSIGN_OR_RETURN(ByteView data,
                             region_at(ref, type, region, load_le<uint64_t>(p), false));
      if (type.root() == TypeRoot::kArray) {
        auto r = decode_binary_array(type.element_type(), data, nested);
        if (!r.ok()) return r.status().with_context(ref.to_string());
        return Datum(std::move(r).value());
      }
      if (type.root() == TypeRoot::kMap) {
        auto r = decode_binary_map(type.key_type(), type.value_type(), data, nested);
        if (!r.ok()) return r.status().with_context(ref.to_string());
        return Datum(std::move(r).value());
      }
      auto r = decode_nested_row(type, data, nested);
      if (!r.ok()) return r.status().with_context(ref.to_string());
      return Datum(std::move(r).value());
    }
  }
  return corrupt(ref, type, "unsupported type");
}

Status encode_nested_row(const DataType& row_type, const GenericRow& row, RowFormat nested,
                         ByteBuffer& out) {
  const RowType types = field_types(row_type);
  switch (nested) {
    case RowFormat::kIndexed:
      return encode_indexed_row(types, row, out);
    case RowFormat::kCompacted:
      return encode_compacted_row(types, row, out);
    case RowFormat::kAligned:
      return encode_aligned_row(types, row, out);
  }
  return Status(ErrorCode::kCorruptMessage, "unknown row format");
}

Result<std::shared_ptr<const GenericRow>> decode_nested_row(const DataType& row_type,
                                                            ByteView bytes, RowFormat nested) {
  const RowType types = field_types(row_type);
  Result<GenericRow> r;
  switch (nested) {
    case RowFormat::kIndexed:
      r = decode_indexed_row(types, bytes);
      break;
    case RowFormat::kCompacted:
      r = decode_compacted_row(types, bytes);
      break;
    case RowFormat::kAligned:
      r = decode_aligned_row(types, bytes);
      break;
  }
  if (!r.ok()) return std::move(r).status();
  return std::make_shared<const GenericRow>(std::move(r).value());
}

}  // namespace fluss::row_internal
