// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>

#include "common/bytes.h"
#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss {

// The three binary row layouts of Fluss (fluss-wire.md §7; docs/row-formats.md).
enum class RowFormat : uint8_t {
  kIndexed,    // IndexedRow: log INDEXED, kv INDEXED
  kCompacted,  // CompactedRow: log COMPACTED, kv COMPACTED (default), key encoding
  kAligned,    // AlignedRow (BinaryRow): statistics, Paimon keys
};

// Appends the encoding of `row` (arity == type.size(), each value of its field's
// type) to `out`. A value of the wrong alternative for its type, a null in a
// NOT NULL field, a DECIMAL with more digits than its precision, nanos outside
// 0..999'999, or a CHAR(n)/BINARY(n) value longer than n in IndexedRow is
// CORRUPT_MESSAGE naming the field; `out` is then unspecified. Nested rows (ROW
// fields, rows in arrays and maps) are written in `format` too.
Status encode_row(RowFormat format, const RowType& type, const GenericRow& row, ByteBuffer& out);

// Decodes exactly one row occupying all of `bytes` (AlignedRow, addressed by
// offsets, may have slack after its last variable value). Truncated or
// malformed input (lengths that lie, bad varints, trailing bytes) is
// CORRUPT_MESSAGE naming the field; never an out-of-bounds read. As in Java, a
// NOT NULL field is read whatever its null bit says, and IndexedRow CHAR/BINARY
// values lose their trailing zero bytes.
Result<GenericRow> decode_row(RowFormat format, const RowType& type, ByteView bytes);

// The BinaryArray / BinaryMap bytes of an ARRAY / MAP value whose nested rows are
// in `format` (the blob a CompactedRowWriter::write_bytes takes for such a field),
// and back. Errors as encode_row / decode_row.
Status encode_array(RowFormat format, const DataType& element_type, const GenericArray& array,
                    ByteBuffer& out);
Result<std::shared_ptr<const GenericArray>> decode_array(RowFormat format,
                                                         const DataType& element_type,
                                                         ByteView bytes);
Status encode_map(RowFormat format, const DataType& key_type, const DataType& value_type,
                  const GenericMap& map, ByteBuffer& out);
Result<std::shared_ptr<const GenericMap>> decode_map(RowFormat format, const DataType& key_type,
                                                     const DataType& value_type, ByteView bytes);

}  // namespace fluss
