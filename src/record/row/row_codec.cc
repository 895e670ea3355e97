// SPDX-License-Identifier: Apache-2.0
// Placeholder until the row formats land.
#include "record/row/row_codec.h"

namespace fluss {

Status encode_row(RowFormat, const RowType&, const GenericRow&, ByteBuffer&) {
  return Status(ErrorCode::kUnknownServerError, "row formats not implemented yet");
}

Result<GenericRow> decode_row(RowFormat, const RowType&, ByteView) {
  return Status(ErrorCode::kUnknownServerError, "row formats not implemented yet");
}

}  // namespace fluss
