// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <vector>

#include "common/bytes.h"
#include "model/data_type.h"
#include "model/ids.h"
#include "record/change_type.h"
#include "record/generic_row.h"
#include "record/log_format.h"

namespace fluss {

// Constants of the log batch header (LogRecordBatchFormat; docs/batch-formats.md,
// fluss-wire.md §5.2). The header's sentinels are model's kNoWriterId,
// kNoBatchSequence and kNoLeaderEpoch (model/ids.h).
inline constexpr int8_t kLogMagicV0 = 0;
inline constexpr int8_t kLogMagicV1 = 1;    // adds the statistics block
inline constexpr int8_t kLogMagicV2 = 2;    // adds LeaderEpoch
inline constexpr size_t kLogOverhead = 12;  // BaseOffset + Length
// Header fields at the same place in every magic (§5.2), for readers that peek at a
// batch's first bytes without viewing the whole batch (segment scans).
inline constexpr size_t kLogBaseOffsetOffset = 0;
inline constexpr size_t kLogLengthOffset = 8;
inline constexpr size_t kLogCommitTimestampOffset = 13;
inline constexpr size_t kLogBatchHeaderSizeV0 = 48;
inline constexpr uint8_t kAppendOnlyFlag = 0x01;
inline constexpr uint8_t kStatisticsVersion = 1;

// Header size of a batch of `magic` (48, 52, 56); `magic` must be 0..2.
size_t log_batch_header_size(int8_t magic);
// Where the CRC field of a batch of `magic` lies (21, or 25 in V2); `magic` must be 0..2.
size_t log_batch_crc_offset(int8_t magic);

// The V1+ statistics block (§5.8), parsed. The min/max rows are AlignedRows over
// the statistics columns only, viewed in the batch's bytes.
struct LogRecordBatchStatistics {
  std::vector<int16_t> column_indexes;  // index of each statistics column in the row type
  std::vector<int32_t> null_counts;     // one per statistics column
  ByteView min_values;                  // empty = absent
  ByteView max_values;                  // empty = absent
};

// Parses a statistics block occupying `bytes` (bounds-checked). An unknown version
// or a column count <= 0 is nullopt, as in Java (statistics are optional
// metadata); overruns are CORRUPT_RECORD_EXCEPTION.
Result<std::optional<LogRecordBatchStatistics>> parse_log_batch_statistics(ByteView bytes);
// Appends the encoding of `statistics` to `out` (the V1 statistics writer).
void write_log_batch_statistics(const LogRecordBatchStatistics& statistics, ByteBuffer& out);

// One record of an INDEXED or COMPACTED batch, viewed in the batch's bytes.
struct RowLogRecord {
  LogOffset offset{0};  // BaseOffset + index
  ChangeType change_type = ChangeType::kAppendOnly;
  ByteView row;  // IndexedRow or CompactedRow bytes
};

// The records section of an ARROW batch, viewed in the batch's bytes.
struct ArrowLogRecords {
  // One validated ChangeType byte per record; nullopt when the batch is append-only.
  std::optional<ByteView> change_types;
  // The Arrow IPC RecordBatch message; may be empty when the batch has no records.
  ByteView arrow_message;

  ChangeType change_type(size_t i) const {
    return change_types ? static_cast<ChangeType>((*change_types)[i]) : ChangeType::kAppendOnly;
  }
};

// A decoded record (LogRecord in Java): what a reader of a log hands to users.
struct LogRecord {
  LogOffset offset{0};
  int64_t timestamp = 0;  // the batch's CommitTimestamp
  ChangeType change_type = ChangeType::kAppendOnly;
  GenericRow row;
};

// A non-owning view of one log record batch (DefaultLogRecordBatch) of magic V0,
// V1 or V2 (fluss-wire.md §5). parse() checks what every accessor relies on
// (magic, Length against the header size and the bytes given, StatisticsLength),
// so accessors never read out of bounds; ensure_valid() checks the CRC and the
// record count. The viewed bytes must outlive the view. Errors of this class are
// CORRUPT_RECORD_EXCEPTION, naming the batch's base offset and what failed.
//
// The header's ids come out typed (model/ids.h); SchemaId is int32 in the API and
// int16 in the header, so schema_id() is the int16 field sign-extended.
class LogRecordBatch {
 public:
  // Views the batch at the start of `bytes`, which may continue with more batches.
  // Fewer bytes than the batch claims is an error (LogRecords tells a trailing
  // partial batch from a corrupt one).
  static Result<LogRecordBatch> parse(ByteView bytes);

  // CRC-32C over [SchemaId, end) (§5.3), RecordCount >= 0, LastOffsetDelta ==
  // max(RecordCount - 1, 0) (empty batches §5.5), offsets without overflow, and
  // RecordCount no larger than a change-type vector or row records could hold.
  Status ensure_valid() const;
  bool is_valid() const { return ensure_valid().ok(); }

  LogOffset base_offset() const;
  int32_t last_offset_delta() const;
  // base_offset + last_offset_delta and last_offset + 1, wrapping (never UB) on a
  // batch that ensure_valid() would reject for overflowing offsets.
  LogOffset last_offset() const;
  LogOffset next_offset() const;
  int8_t magic() const { return magic_; }
  int64_t commit_timestamp() const;
  LeaderEpoch leader_epoch() const;  // kNoLeaderEpoch below V2
  uint32_t crc() const;
  uint32_t compute_crc() const;
  SchemaId schema_id() const;
  uint8_t attributes() const;
  bool is_append_only() const { return (attributes() & kAppendOnlyFlag) != 0; }
  WriterId writer_id() const;
  BatchSequence batch_sequence() const;
  int32_t record_count() const;
  size_t size_in_bytes() const { return bytes_.size(); }
  size_t header_size() const { return log_batch_header_size(magic_); }
  ByteView bytes() const { return bytes_; }
  ByteView statistics_bytes() const;  // empty for V0 or without statistics
  ByteView records_bytes() const;

  // The statistics block, if the batch has one (V1+ and StatisticsLength > 0).
  Result<std::optional<LogRecordBatchStatistics>> statistics() const;

  // The ARROW records section; a change-type vector shorter than RecordCount or
  // with a byte that is no ChangeType is an error.
  Result<ArrowLogRecords> arrow_records() const;

 private:
  LogRecordBatch(ByteView bytes, int8_t magic) : bytes_(bytes), magic_(magic) {}

  Status corrupt(std::string_view what) const;

  ByteView bytes_;
  int8_t magic_;
};

// "LogRecordBatch(v0 offsets 0..0 records 1 size 58 schema 1 append-only writer -1 seq -1)".
std::ostream& operator<<(std::ostream& os, const LogRecordBatch& batch);

// A cursor over the records of an INDEXED or COMPACTED batch (§5.9): each is
// [int32 Length][ChangeType byte][row], Length = 1 + row size. Lengths past the
// records section, bad ChangeType bytes, fewer records than RecordCount and bytes
// left after RecordCount records are CORRUPT_RECORD_EXCEPTION naming the record's
// offset. The batch's bytes must outlive the reader.
class RowLogRecordReader {
 public:
  explicit RowLogRecordReader(const LogRecordBatch& batch);

  // The next record, or nullopt after the last.
  Result<std::optional<RowLogRecord>> next();

 private:
  ByteReader reader_;
  LogOffset base_offset_;
  int32_t record_count_;
  int32_t index_ = 0;
};

// Decodes every record of `batch` into rows of `row_type` (the row type of the
// batch's schema id), via decode_row for INDEXED/COMPACTED and read_arrow_batch for
// ARROW. Corrupt framing is CORRUPT_RECORD_EXCEPTION; corrupt rows keep the row
// decoder's code (CORRUPT_MESSAGE).
Result<std::vector<LogRecord>> decode_log_records(const LogRecordBatch& batch, LogFormat format,
                                                  const RowType& row_type);

// Writers for the fields the server owns (§5.7) in a batch held in writable
// memory. None of them is covered by the CRC, so the batch stays valid; the one
// exception, set_writer_state, rewrites the CRC.
class MutableLogRecordBatch {
 public:
  // Same checks as LogRecordBatch::parse.
  static Result<MutableLogRecordBatch> parse(std::span<uint8_t> bytes);

  void set_base_offset(LogOffset base_offset);
  void set_commit_timestamp(int64_t commit_timestamp);
  // V2 only; a no-op below V2, whose header has no LeaderEpoch field.
  void set_leader_epoch(LeaderEpoch leader_epoch);
  // The client's idempotence fields (WriterId, BatchSequence): a writer stamps a batch when it
  // first sends it, and again after its writer id was reset. These are covered by the CRC,
  // which is recomputed.
  void set_writer_state(WriterId writer_id, BatchSequence batch_sequence);

  LogRecordBatch view() const { return view_; }

 private:
  MutableLogRecordBatch(std::span<uint8_t> bytes, LogRecordBatch view)
      : bytes_(bytes), view_(view) {}

  std::span<uint8_t> bytes_;
  LogRecordBatch view_;
};

// A writer's batch in pieces (MemoryLogRecordsBuilder::finish into a GatherBytes): stamps the
// idempotence fields (WriterId, BatchSequence), which lie in its first piece, and computes the
// CRC over every piece. CORRUPT_MESSAGE when the first piece is not a whole header of a known
// magic, or the Length field does not match the pieces.
Status stamp_log_batch(GatherBytes& batch, WriterId writer_id, BatchSequence batch_sequence);

// A concatenation of log batches (MemoryLogRecords / a segment's bytes / a fetch
// response), iterated batch by batch without copying. Iteration stops silently at
// a trailing partial batch (fewer than 12 bytes, fewer than the 48-byte V0 header,
// or fewer than the batch's size left), as fetch responses may end with one; a
// batch whose header is corrupt (unknown magic, Length below the header size) is
// an error. Batches are not CRC-checked here: call ensure_valid().
class LogRecords {
 public:
  explicit LogRecords(ByteView bytes) : bytes_(bytes) {}

  // The next whole batch, or nullopt at the end or at a trailing partial batch.
  Result<std::optional<LogRecordBatch>> next_batch();

  // Bytes taken by the batches returned so far (the valid prefix).
  size_t position() const { return position_; }
  size_t size_in_bytes() const { return bytes_.size(); }

 private:
  ByteView bytes_;
  size_t position_ = 0;
};

}  // namespace fluss
