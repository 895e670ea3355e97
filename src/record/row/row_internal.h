// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the three row formats and of BinaryArray/BinaryMap, which nest
// into each other (an ARRAY<ROW> inside a CompactedRow holds CompactedRows).
// Private to record/row and record/key; the public API is row_codec.h and
// compacted_row.h. Layouts: docs/row-formats.md.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "model/data_type.h"
#include "record/generic_row.h"
#include "record/row/compacted_row.h"
#include "record/row/row_codec.h"

namespace fluss::row_internal {

// Names a value for error messages without formatting anything until an error
// happens: "CompactedRow field 3", "array element 0", "field 2 `name`".
struct FieldRef {
  std::string_view kind;
  size_t index = 0;
  const std::string* name = nullptr;

  std::string to_string() const;
};

std::string_view format_name(RowFormat format);

// The field types of a nested ROW type.
RowType field_types(const DataType& row_type);

// True if `d` is a non-null value of the alternative that `type` uses
// (generic_row.h); nested values must also be non-null pointers.
bool holds_value_of(const DataType& type, const Datum& d);

// CORRUPT_MESSAGE "<ref> of type <type> cannot hold <value>".
Status wrong_value(const FieldRef& ref, const DataType& type, const Datum& d);
// CORRUPT_MESSAGE "<ref> of type <type> is NOT NULL but the value is null".
Status null_in_not_null(const FieldRef& ref, const DataType& type);
// CORRUPT_MESSAGE "<ref> of type <type>: <what>".
Status corrupt(const FieldRef& ref, const DataType& type, std::string_view what);

// Checks what encoders cannot write faithfully: a DECIMAL(p, s) whose unscaled
// value has more than p digits, nanos-of-millisecond outside 0..999'999.
Status check_encodable(const FieldRef& ref, const DataType& type, const Datum& d);

// The unscaled value as Java's BigInteger.toByteArray(): minimal big-endian
// two's complement (0 -> 00, -1 -> ff, 128 -> 00 80). Returns the length (1..16);
// the bytes are out[0..len).
int unscaled_to_bytes(__int128 v, uint8_t out[16]);
// The inverse, for 1..16 bytes; false for other lengths.
bool unscaled_from_bytes(ByteView bytes, __int128* v);
// |v| < 10^precision (false for precisions outside 0..38).
bool fits_precision(__int128 v, int precision);
// Rounds up to a multiple of 8 (the word size of AlignedRow and BinaryArray).
inline size_t round_to_word(size_t n) { return (n + 7) & ~size_t{7}; }

// Per-format row codecs (row_codec.cc dispatches to these). The encoders append
// to `out`; the decoders take exactly one row.
Status encode_indexed_row(const RowType& type, const GenericRow& row, ByteBuffer& out);
Result<GenericRow> decode_indexed_row(const RowType& type, ByteView bytes);
Status encode_compacted_row(const RowType& type, const GenericRow& row, ByteBuffer& out);
Result<GenericRow> decode_compacted_row(const RowType& type, ByteView bytes);
Status encode_aligned_row(const RowType& type, const GenericRow& row, ByteBuffer& out);
Result<GenericRow> decode_aligned_row(const RowType& type, ByteView bytes);

// Compacted key encoding (fluss-wire.md §8.3): the key columns of `row` as
// CompactedRow fields without a null bit-set; a null key column is an error
// naming it (`names` are the column names of `type`, or empty).
Status encode_compacted_key(const RowType& type, std::span<const int> key_indexes,
                            std::span<const std::string> names, const GenericRow& row,
                            CompactedRowWriter& writer);
// The inverse, given the key column types.
Result<GenericRow> decode_compacted_key(const RowType& key_types, ByteView bytes);

// BinaryArray / BinaryMap (the same layout in every format; nested rows inside
// them use `nested`, the format of the row that holds the array). Appended to
// `out`; offsets inside are relative to the array / map start.
Status encode_binary_array(const DataType& element_type, const GenericArray& array,
                           RowFormat nested, ByteBuffer& out);
Result<std::shared_ptr<const GenericArray>> decode_binary_array(const DataType& element_type,
                                                                ByteView bytes, RowFormat nested);
Status encode_binary_map(const DataType& key_type, const DataType& value_type,
                         const GenericMap& map, RowFormat nested, ByteBuffer& out);
Result<std::shared_ptr<const GenericMap>> decode_binary_map(const DataType& key_type,
                                                            const DataType& value_type,
                                                            ByteView bytes, RowFormat nested);

// A nested ROW value in format `nested` (for the blobs of the three formats).
Status encode_nested_row(const DataType& row_type, const GenericRow& row, RowFormat nested,
                         ByteBuffer& out);
Result<std::shared_ptr<const GenericRow>> decode_nested_row(const DataType& row_type,
                                                            ByteView bytes, RowFormat nested);

// ---- 8-byte slots of AlignedRow and BinaryArray (docs/row-formats.md) ----

// Writes a non-null value of `type` into the 8-byte slot at `slot` (absolute
// position in `out`), appending variable data to `out`; offsets are relative to
// `base`. Used for every element size-8 type and for all AlignedRow fields.
Status write_slot(const FieldRef& ref, const DataType& type, const Datum& d, size_t base,
                  size_t slot, RowFormat nested, ByteBuffer& out);
// Reads a non-null value of `type` from the slot at `slot` (relative to `region`,
// the row or array bytes).
Result<Datum> read_slot(const FieldRef& ref, const DataType& type, ByteView region, size_t slot,
                        RowFormat nested);

}  // namespace fluss::row_internal
