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

}  // namespace fluss
