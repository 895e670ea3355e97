// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "common/bytes.h"
#include "model/data_type.h"
#include "model/ids.h"
#include "record/arrow/arrow_batch.h"
#include "record/change_type.h"
#include "record/generic_row.h"
#include "record/log_format.h"
#include "record/log_record_batch.h"

namespace fluss {

// What goes into the header of a batch being built.
struct LogRecordBatchOptions {
  LogFormat format = LogFormat::kArrow;
  int8_t magic = kLogMagicV0;  // V0 unless statistics are written (V1) or V2 is wanted
  SchemaId schema_id{0};       // written as the header's int16 SchemaId: must fit in it
  LogOffset base_offset{0};    // the server assigns the real one (§5.7)
  WriterId writer_id = kNoWriterId;
  BatchSequence batch_sequence = kNoBatchSequence;
  bool append_only = true;  // log tables: true; changelog (CDC) batches: false
};

// Builds one log record batch (MemoryLogRecords{Arrow,Indexed,Compacted}Builder)
// in any LogFormat and magic: records are appended, then finish() writes the
// header, the statistics block (V1+), the records and the CRC. A builder makes one
// batch; create a new one for the next. Not thread-safe.
//
// Misuse (a schema id outside int16, a row-format append on an ARROW builder, a
// change type other than +A in an append-only batch, statistics below V1) is a
// programming error and fails a FLUSS_CHECK. Schema ids are assigned by the
// coordinator from 1 upwards, so one that does not fit the header is a bug, not
// input to reject.
class MemoryLogRecordsBuilder {
 public:
  // For INDEXED/COMPACTED, and for ARROW with already-encoded messages.
  explicit MemoryLogRecordsBuilder(LogRecordBatchOptions options);
  // For ARROW rows encoded here through an ArrowBatchWriter.
  MemoryLogRecordsBuilder(LogRecordBatchOptions options, RowType row_type,
                          ArrowCompression compression);
  ~MemoryLogRecordsBuilder();
  MemoryLogRecordsBuilder(MemoryLogRecordsBuilder&&) noexcept;
  MemoryLogRecordsBuilder& operator=(MemoryLogRecordsBuilder&&) noexcept;

  // INDEXED/COMPACTED: one record of already-encoded row bytes.
  void append(ChangeType change_type, ByteView row);
  // ARROW (second constructor): one row, through the ArrowBatchWriter.
  Status append(ChangeType change_type, const GenericRow& row);
  // ARROW (first constructor): the whole records section from an encoded Arrow
  // RecordBatch message of change_types.size() rows. Replaces earlier content.
  void set_arrow_records(std::span<const ChangeType> change_types, ByteView arrow_message);
  // V1+: the statistics block (see write_log_batch_statistics) to put after the header.
  void set_statistics(ByteView statistics);

  int32_t record_count() const;
  // Bytes the batch would take now (Arrow content estimated before finish()).
  size_t estimated_size_in_bytes() const;

  // Appends the finished batch to `out`. Errors come from the Arrow writer.
  Status finish(ByteBuffer& out);
  // The finished batch into an empty `out` without copying the Arrow column buffers, which
  // `out` borrows (held by `owner`, which must keep this builder alive, unchanged, until `out`
  // is gone; reset() then starts the next batch). The header is `out`'s first piece and the
  // CRC is left 0: stamp_log_batch (log_record_batch.h) sets the writer state and checksums.
  Status finish(GatherBytes& out, std::shared_ptr<const void> owner);

  // Starts the next batch with `options` (same format; an ARROW builder keeps its row type
  // and compression), keeping every buffer's capacity: a writer reuses builders so that
  // columns do not grow from empty, copying what they hold, in every batch.
  void reset(LogRecordBatchOptions options);

 private:
  void append_change_type(ChangeType change_type);
  // The header (Length and CRC 0), the statistics block and the change types.
  void write_header(ByteBuffer& out) const;

  LogRecordBatchOptions options_;
  ByteBuffer change_types_;  // ARROW, not append-only
  ByteBuffer records_;       // row records, or the Arrow message
  ByteBuffer statistics_;
  int32_t record_count_ = 0;
  std::unique_ptr<ArrowBatchWriter> arrow_writer_;
};

}  // namespace fluss
