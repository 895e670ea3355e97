// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <vector>

#include "common/bytes.h"
#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss {

// Arrow IPC streaming format, for interop with other Arrow implementations
// (tests, tools): Schema message, RecordBatch messages (ArrowBatchWriter's
// output as is), end-of-stream marker. Fluss itself never puts a schema into a
// log batch. Format: docs/arrow-ipc.md.

// Appends the Schema message for `fields` (names and types; nested children
// are named `element`, `entries`/`key`/`value` and the ROW field names, as
// Fluss's ArrowUtils does).
void write_arrow_schema_message(std::span<const DataField> fields, ByteBuffer& out);

// Appends the end-of-stream marker (0xFFFFFFFF, then int32 0).
void write_arrow_end_of_stream(ByteBuffer& out);

// The fields of a stream and the rows of all its batches.
struct ArrowStreamContents {
  std::vector<DataField> fields;
  std::vector<GenericRow> rows;
};

// Reads a stream another implementation wrote: a Schema message, then
// RecordBatch messages, ended by the end-of-stream marker or by the end of
// the bytes. Arrow types map back to Fluss types by the table of
// fluss-wire.md §5.10.3 (Timestamp with a time zone -> TIMESTAMP_LTZ; units to
// precisions 0/3/6/9). Errors: CORRUPT_MESSAGE for bad bytes, a dictionary
// batch or an Arrow type Fluss has no counterpart for (naming the field).
Result<ArrowStreamContents> read_arrow_stream(ByteView stream);

}  // namespace fluss
