// SPDX-License-Identifier: Apache-2.0
#include "record/row/row_codec.h"

#include "record/row/row_internal.h"

namespace fluss {

Status encode_row(RowFormat format, const RowType& type, const GenericRow& row, ByteBuffer& out) {
  switch (format) {
    case RowFormat::kIndexed:
      return row_internal::encode_indexed_row(type, row, out);
    case RowFormat::kCompacted:
      return row_internal::encode_compacted_row(type, row, out);
    case RowFormat::kAligned:
      return row_internal::encode_aligned_row(type, row, out);
  }
  return Status(ErrorCode::kCorruptMessage, "unknown row format");
}

Result<GenericRow> decode_row(RowFormat format, const RowType& type, ByteView bytes) {
  switch (format) {
    case RowFormat::kIndexed:
      return row_internal::decode_indexed_row(type, bytes);
    case RowFormat::kCompacted:
      return row_internal::decode_compacted_row(type, bytes);
    case RowFormat::kAligned:
      return row_internal::decode_aligned_row(type, bytes);
  }
  return Status(ErrorCode::kCorruptMessage, "unknown row format");
}

Status encode_array(RowFormat format, const DataType& element_type, const GenericArray& array,
                    ByteBuffer& out) {
  return row_internal::encode_binary_array(element_type, array, format, out);
}

Result<std::shared_ptr<const GenericArray>> decode_array(RowFormat format,
                                                         const DataType& element_type,
                                                         ByteView bytes) {
  return row_internal::decode_binary_array(element_type, bytes, format);
}

Status encode_map(RowFormat format, const DataType& key_type, const DataType& value_type,
                  const GenericMap& map, ByteBuffer& out) {
  return row_internal::encode_binary_map(key_type, value_type, map, format, out);
}

Result<std::shared_ptr<const GenericMap>> decode_map(RowFormat format, const DataType& key_type,
                                                     const DataType& value_type, ByteView bytes) {
  return row_internal::decode_binary_map(key_type, value_type, bytes, format);
}

}  // namespace fluss
