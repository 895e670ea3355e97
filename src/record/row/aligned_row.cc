// SPDX-License-Identifier: Apache-2.0
// AlignedRow, Fluss's BinaryRow (fluss-wire.md §7.3; docs/row-formats.md).
#include <fmt/format.h>

#include "record/row/row_internal.h"

namespace fluss::row_internal {

namespace {
// The header byte (always 0 in Fluss; Paimon's row kind) takes bits 0..7.
constexpr size_t kHeaderBits = 8;
size_t bit_set_size(size_t arity) { return ((arity + 63 + kHeaderBits) / 64) * 8; }
}  // namespace

Status encode_aligned_row(const RowType& type, const GenericRow& row, ByteBuffer& out) {
  if (row.arity() != type.size()) {
    return make_error(ErrorCode::kCorruptMessage, "row of {} fields for an AlignedRow of {}",
                      row.arity(), type.size());
  }
  const size_t bit_set = bit_set_size(type.size());
  const size_t base = out.size();
  out.append_zeros(bit_set + 8 * type.size());
  for (size_t i = 0; i < type.size(); ++i) {
    const DataType& t = type[i];
    const Datum& d = row[i];
    const FieldRef ref{"AlignedRow field", i};
    if (is_null(d)) {
      if (!t.nullable()) return null_in_not_null(ref, t);
      const size_t bit = i + kHeaderBits;
      out.data()[base + bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
      continue;
    }
    if (!holds_value_of(t, d)) return wrong_value(ref, t, d);
    FLUSS_RETURN_IF_ERROR(
        write_slot(ref, t, d, base, base + bit_set + 8 * i, RowFormat::kAligned, out));
  }
  return Status::OK();
}

Result<GenericRow> decode_aligned_row(const RowType& type, ByteView bytes) {
  const size_t bit_set = bit_set_size(type.size());
  const size_t fixed = bit_set + 8 * type.size();
  if (bytes.size() < fixed) {
    return make_error(ErrorCode::kCorruptMessage,
                      "AlignedRow of {} bytes is shorter than its {}-byte fixed part", bytes.size(),
                      fixed);
  }
  GenericRow row(type.size());
  for (size_t i = 0; i < type.size(); ++i) {
    const size_t bit = i + kHeaderBits;
    if (type[i].nullable() && (bytes[bit / 8] >> (bit % 8)) & 1) continue;
    FLUSS_ASSIGN_OR_RETURN(row[i], read_slot(FieldRef{"AlignedRow field", i}, type[i], bytes,
                                             bit_set + 8 * i, RowFormat::kAligned));
  }
  return row;
}

}  // namespace fluss::row_internal
