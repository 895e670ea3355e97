// SPDX-License-Identifier: Apache-2.0
// The Arrow C Data Interface (https://arrow.apache.org/docs/format/CDataInterface.html)
// to and from the Arrow IPC RecordBatch messages of ARROW log batches: how the
// client takes and gives Arrow batches without an Arrow library. Mapping and
// rules: docs/arrow-ipc.md ("C Data Interface").
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/bytes.h"
#include "common/status.h"
#include "model/data_type.h"
#include "record/arrow/arrow_batch.h"

// The two structs of the spec, verbatim, behind the spec's guard, so this header
// and arrow/c/abi.h (or nanoarrow) can be included together.
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

extern "C" {

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

}  // extern "C"

#endif  // ARROW_C_DATA_INTERFACE

namespace fluss {

// The Arrow format string of a Fluss type as this module exports it ("i", "u",
// "d:10,2", "tsu:", "+l", ...; fluss-wire.md §5.10.3).
std::string arrow_c_format(const DataType& type);

// Consumes a record batch given as a struct array (`schema` "+s" with one child
// per column, `array` of that struct) and appends to `out_ipc_message` one Arrow
// IPC RecordBatch message holding its rows: the bytes ArrowBatchWriter writes
// for the same rows (null slots zeroed, unreferenced bytes dropped, validity
// omitted without nulls), compressed per `compression`. `rows` receives the row
// count. Columns match by position (names are not compared); each child's
// format must be the table type's (arrow_c_format), with these also accepted:
// large utf8/binary ("U"/"Z"), DECIMAL of the same scale and no larger precision
// ("d:p,s[,128]"), and any time zone on a TIMESTAMP_LTZ. Offsets (struct and
// children) and missing validity buffers are handled; nested ARRAY/MAP/ROW too.
//
// Errors: INVALID_ARGUMENT (internal; the client's CLIENT_ERROR) naming the
// column and both types for a schema that does not fit, a null in a NOT NULL
// column, a dictionary-encoded or otherwise unsupported array, bad offsets or a
// DECIMAL value beyond the column's precision; RECORD_TOO_LARGE_EXCEPTION when a
// column passes Arrow's int32 offsets. Both structs are released (the spec's
// move semantics) on success and failure alike; null pointers or already
// released structs are INVALID_ARGUMENT. The buffers are trusted to be as long
// as the lengths and offsets say (the C interface carries no buffer sizes).
Status import_arrow_c_data(std::span<const DataField> columns, ArrowSchema* schema,
                           ArrowArray* array, ArrowCompression compression,
                           ByteBuffer& out_ipc_message, int64_t& rows);

// One RecordBatch message of an import and its row count.
struct ImportedArrowBatch {
  ByteBuffer message;
  int64_t rows = 0;
};
// The same, with the rows cut, in order, into messages whose buffers take at most about
// `max_body_bytes` before compression (a writer's batch size); a range is cut by row count,
// so a message is over the limit only when one row is. A batch of zero rows is one message.
Status import_arrow_c_data(std::span<const DataField> columns, ArrowSchema* schema,
                           ArrowArray* array, ArrowCompression compression, size_t max_body_bytes,
                           std::vector<ImportedArrowBatch>& out);

// Decodes an Arrow IPC RecordBatch message against `columns` (decompressing it
// if needed) into a struct array and its schema (field names = column names,
// nullability from the types, formats per arrow_c_format). The buffers are
// copied into 64-byte aligned memory owned through private_data, released by the
// release callbacks (children can be moved out and released on their own). The
// message is untrusted: CORRUPT_MESSAGE as read_arrow_batch, and then nothing
// is written to the out structs.
Status export_arrow_c_data(std::span<const DataField> columns, ByteView ipc_message,
                           ArrowSchema* out_schema, ArrowArray* out_array);

// Checks an IPC RecordBatch message against `type` as export_arrow_c_data does
// (CORRUPT_MESSAGE on bad bytes), without copying it; its row count.
Result<int64_t> check_arrow_batch(const RowType& type, ByteView ipc_message);

}  // namespace fluss
