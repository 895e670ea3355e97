// SPDX-License-Identifier: Apache-2.0
// BinaryArray and BinaryMap (fluss-wire.md §7.4; docs/row-formats.md).
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "record/row/row_internal.h"

namespace fluss::row_internal {

namespace {

// Bytes per element in the fixed part (BinaryArray.calculateFixLengthPartSize).
size_t element_size(const DataType& type) {
  switch (type.root()) {
    case TypeRoot::kBoolean:
    case TypeRoot::kTinyInt:
      return 1;
    case TypeRoot::kSmallInt:
      return 2;
    case TypeRoot::kInt:
    case TypeRoot::kFloat:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      return 4;
    default:
      return 8;
  }
}

size_t header_size(size_t num_elements) { return 4 + ((num_elements + 31) / 32) * 4; }

}  // namespace

Status encode_binary_array(const DataType& element_type, const GenericArray& array,
                           RowFormat nested, ByteBuffer& out) {
  const size_t n = array.size();
  if (n > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status(ErrorCode::kCorruptMessage, "array has more than 2^31-1 elements");
  }
  const size_t es = element_size(element_type);
  const size_t header = header_size(n);
  const size_t base = out.size();
  out.append_zeros(round_to_word(header + es * n));
  out.put_le<int32_t>(base, static_cast<int32_t>(n));
  for (size_t i = 0; i < n; ++i) {
    const Datum& d = array[i];
    const FieldRef ref{"array element", i};
    if (is_null(d)) {
      // Java writes nulls even for NOT NULL element types; the slot stays zero.
      out.data()[base + 4 + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
      continue;
    }
    if (!holds_value_of(element_type, d)) return wrong_value(ref, element_type, d);
    const size_t slot = base + header + es * i;
    uint8_t* p = out.data() + slot;
    switch (element_type.root()) {
      // BinaryArrayWriter canonicalizes NaNs; AlignedRowWriter does not.
      case TypeRoot::kFloat: {
        const float v = std::get<float>(d);
        store_le(p, std::isnan(v) ? std::numeric_limits<float>::quiet_NaN() : v);
        break;
      }
      case TypeRoot::kDouble: {
        const double v = std::get<double>(d);
        store_le(p, std::isnan(v) ? std::numeric_limits<double>::quiet_NaN() : v);
        break;
      }
      case TypeRoot::kInt:
      case TypeRoot::kDate:
      case TypeRoot::kTime:
        store_le(p, std::get<int32_t>(d));
        break;
      default:
        // 1- and 2-byte values are stored at the start of their element like
        // the slot writer does; everything else is an 8-byte slot.
        if (es < 8) {
          if (element_type.root() == TypeRoot::kBoolean) {
            p[0] = std::get<bool>(d) ? 1 : 0;
          } else if (element_type.root() == TypeRoot::kTinyInt) {
            store_le(p, std::get<int8_t>(d));
          } else {
            store_le(p, std::get<int16_t>(d));
          }
        } else {
          FLUSS_RETURN_IF_ERROR(write_slot(ref, element_type, d, base, slot, nested, out));
        }
    }
  }
  return Status::OK();
}

Result<std::shared_ptr<const GenericArray>> decode_binary_array(const DataType& element_type,
                                                                ByteView bytes, RowFormat nested) {
  if (bytes.size() < 4) {
    return make_error(ErrorCode::kCorruptMessage, "BinaryArray of {} bytes has no element count",
                      bytes.size());
  }
  const int32_t count = load_le<int32_t>(bytes.data());
  if (count < 0) {
    return make_error(ErrorCode::kCorruptMessage, "BinaryArray element count {} is negative",
                      count);
  }
  const size_t n = static_cast<size_t>(count);
  const size_t es = element_size(element_type);
  const size_t header = header_size(n);
  if (header > bytes.size() || n * es > bytes.size() - header) {
    return make_error(ErrorCode::kCorruptMessage,
                      "BinaryArray of {} elements of {} does not fit in {} bytes", n,
                      element_type.to_string(), bytes.size());
  }
  std::vector<Datum> elements(n);
  for (size_t i = 0; i < n; ++i) {
    if (bytes[4 + i / 8] & (1u << (i % 8))) continue;  // null
    const size_t at = header + es * i;
    const uint8_t* p = bytes.data() + at;
    switch (es) {
      case 1:
        if (element_type.root() == TypeRoot::kBoolean) {
          elements[i] = p[0] != 0;
        } else {
          elements[i] = load_le<int8_t>(p);
        }
        break;
      case 2:
        elements[i] = load_le<int16_t>(p);
        break;
      case 4:
        if (element_type.root() == TypeRoot::kFloat) {
          elements[i] = load_le<float>(p);
        } else {
          elements[i] = load_le<int32_t>(p);
        }
        break;
      default: {
        FLUSS_ASSIGN_OR_RETURN(
            elements[i], read_slot(FieldRef{"array element", i}, element_type, bytes, at, nested));
      }
    }
  }
  return std::make_shared<const GenericArray>(std::move(elements));
}

Status encode_binary_map(const DataType& key_type, const DataType& value_type,
                         const GenericMap& map, RowFormat nested, ByteBuffer& out) {
  const size_t base = out.size();
  out.append_zeros(4);
  FLUSS_RETURN_IF_ERROR(encode_binary_array(key_type, GenericArray(map.keys()), nested, out)
                            .with_context("map keys"));
  const size_t key_bytes = out.size() - base - 4;
  if (key_bytes > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status(ErrorCode::kCorruptMessage, "map keys take more than 2^31-1 bytes");
  }
  out.put_le<int32_t>(base, static_cast<int32_t>(key_bytes));
  return encode_binary_array(value_type, GenericArray(map.values()), nested, out)
      .with_context("map values");
}

Result<std::shared_ptr<const GenericMap>> decode_binary_map(const DataType& key_type,
                                                            const DataType& value_type,
                                                            ByteView bytes, RowFormat nested) {
  if (bytes.size() < 4) {
    return make_error(ErrorCode::kCorruptMessage, "BinaryMap of {} bytes has no key size",
                      bytes.size());
  }
  const int32_t key_bytes = load_le<int32_t>(bytes.data());
  if (key_bytes < 0 || static_cast<size_t>(key_bytes) > bytes.size() - 4) {
    return make_error(ErrorCode::kCorruptMessage, "BinaryMap key array of {} bytes in {} bytes",
                      key_bytes, bytes.size());
  }
  auto keys = decode_binary_array(key_type, bytes.subspan(4, key_bytes), nested);
  if (!keys.ok()) return keys.status().with_context("map keys");
  auto values = decode_binary_array(value_type, bytes.subspan(4 + key_bytes), nested);
  if (!values.ok()) return values.status().with_context("map values");
  if ((*keys)->size() != (*values)->size()) {
    return make_error(ErrorCode::kCorruptMessage, "BinaryMap has {} keys but {} values",
                      (*keys)->size(), (*values)->size());
  }
  return std::make_shared<const GenericMap>((*keys)->elements(), (*values)->elements());
}

}  // namespace fluss::row_internal
