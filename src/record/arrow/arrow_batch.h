// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/bytes.h"
#include "model/data_type.h"
#include "model/table_config.h"
#include "record/generic_row.h"

namespace fluss {

// Arrow IPC body compression as Fluss signals it (table.log.arrow.compression.type,
// fluss-wire.md §5.10.2).

struct ArrowCompression {
  ArrowCompressionType type = ArrowCompressionType::kZstd;  // Fluss's default
  int zstd_level = 3;  // table.log.arrow.compression.zstd.level
};

// Builds the records section of an ARROW log batch: one Arrow IPC encapsulated
// RecordBatch message (continuation marker, int32 metadata length, flatbuffer
// Message, body), no schema message and no end-of-stream marker (§5.10.1).
// Rows are appended one at a time into column builders; finish() writes the
// message. Not thread-safe.
class ArrowBatchWriter {
 public:
  ArrowBatchWriter(RowType type, ArrowCompression compression);
  ~ArrowBatchWriter();
  ArrowBatchWriter(ArrowBatchWriter&&) noexcept;
  ArrowBatchWriter& operator=(ArrowBatchWriter&&) noexcept;

  // A bad value is CORRUPT_MESSAGE naming the column path ("column 3.element"),
  // as encode_row's are: a row of the wrong arity, a value of the wrong type, a
  // null in a NOT NULL column (MAP keys are always NOT NULL), a DECIMAL of another
  // scale or with more digits than its precision, a BINARY(n) value that is not n
  // bytes. A batch that would pass Arrow's int32 offsets (2 GiB of string/bytes
  // data or 2^31 elements in a column) is RECORD_TOO_LARGE_EXCEPTION. A failed
  // append leaves the batch as it was before the call.
  Status append(const GenericRow& row);
  size_t row_count() const;
  // About the bytes the message would take uncompressed (for batch-size decisions).
  size_t estimated_size() const;
  // Appends the message to `out` and resets the writer for the next batch.
  // An empty writer writes a message of zero rows.
  Status finish(ByteBuffer& out);
  // The same message without copying the column buffers: `out` borrows them (held by
  // `owner`, which must keep this writer alive). The writer is not reset: its buffers must
  // stay as they are until `out` is gone; reset() then starts the next batch.
  Status finish(GatherBytes& out, std::shared_ptr<const void> owner);
  // Drops the rows appended so far, keeping the buffers' capacity.
  void reset();

 private:
  Result<int64_t> prepare_message();

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decodes an Arrow IPC RecordBatch message (as in an ARROW log batch, with or
// without body compression) against the table's row type. Buffer offsets and
// lengths come from the metadata; alignment is never assumed. Corrupt input is
// CORRUPT_MESSAGE with the column and buffer named.
Result<std::vector<GenericRow>> read_arrow_batch(const RowType& type, ByteView message);

// Server-side projection (Fluss's FileLogProjection): appends to `out` a new
// RecordBatch message holding only `columns` (indexes into `type`, strictly
// ascending), whose field nodes and buffer bytes are copied as they are --
// compressed buffers stay compressed, dropped columns are never decoded. The
// result decodes against the projected row type. Errors: INVALID_COLUMN_PROJECTION
// for bad indexes, CORRUPT_MESSAGE for a message that does not fit `type`.
Status project_arrow_batch(const RowType& type, ByteView message, std::span<const int> columns,
                           ByteBuffer& out);

}  // namespace fluss
