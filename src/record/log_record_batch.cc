// SPDX-License-Identifier: Apache-2.0
#include "record/log_record_batch.h"

#include <limits>

#include "common/crc32c.h"
#include "record/arrow/arrow_batch.h"
#include "record/row/row_codec.h"

namespace fluss {
namespace {

// Field offsets (docs/batch-formats.md). Up to CommitTimestamp all versions agree;
// V2 inserts the 4-byte LeaderEpoch before the CRC, shifting the rest by 4.
constexpr size_t kMagicOffset = 12;
constexpr size_t kLeaderEpochOffsetV2 = 21;

struct Layout {
  size_t crc;
  size_t schema_id;
  size_t attributes;
  size_t last_offset_delta;
  size_t writer_id;
  size_t batch_sequence;
  size_t record_count;
  size_t statistics_length;  // 0 = no such field (V0)
  size_t header_size;
};

constexpr Layout kLayoutV0{21, 25, 27, 28, 32, 40, 44, 0, 48};
constexpr Layout kLayoutV1{21, 25, 27, 28, 32, 40, 44, 48, 52};
constexpr Layout kLayoutV2{25, 29, 31, 32, 36, 44, 48, 52, 56};

const Layout& layout(int8_t magic) {
  switch (magic) {
    case kLogMagicV0:
      return kLayoutV0;
    case kLogMagicV1:
      return kLayoutV1;
    default:
      return kLayoutV2;
  }
}

// The size a batch claims in its header (12 + Length), or an error if the first
// bytes cannot be a batch of a known magic.
Result<size_t> checked_batch_size(ByteView bytes) {
  if (bytes.size() < kMagicOffset + 1) {
    return make_error(ErrorCode::kCorruptRecordException,
                      "log record batch: {} bytes cannot hold a batch header", bytes.size());
  }
  const int64_t base_offset = load_le<int64_t>(bytes.data() + kLogBaseOffsetOffset);
  const int8_t magic = static_cast<int8_t>(bytes[kMagicOffset]);
  if (magic < kLogMagicV0 || magic > kLogMagicV2) {
    return make_error(ErrorCode::kCorruptRecordException,
                      "log record batch at base offset {}: unknown magic {}", base_offset, magic);
  }
  const int32_t length = load_le<int32_t>(bytes.data() + kLogLengthOffset);
  const size_t header_size = log_batch_header_size(magic);
  if (length < 0 || static_cast<size_t>(length) + kLogOverhead < header_size) {
    return make_error(ErrorCode::kCorruptRecordException,
                      "log record batch at base offset {}: Length {} is below the {}-byte header "
                      "of magic v{}",
                      base_offset, length, header_size, magic);
  }
  return static_cast<size_t>(length) + kLogOverhead;
}

// `base` + `delta` with two's complement wrapping: the offsets of a batch that
// was never validated may overflow, and reading them must not be UB.
LogOffset wrapping_offset(LogOffset base, int64_t delta) {
  return LogOffset(
      static_cast<int64_t>(static_cast<uint64_t>(base.value()) + static_cast<uint64_t>(delta)));
}

}  // namespace

size_t log_batch_header_size(int8_t magic) {
  FLUSS_CHECK(magic >= kLogMagicV0 && magic <= kLogMagicV2, "unknown log magic {}", magic);
  return layout(magic).header_size;
}

size_t log_batch_crc_offset(int8_t magic) {
  FLUSS_CHECK(magic >= kLogMagicV0 && magic <= kLogMagicV2, "unknown log magic {}", magic);
  return layout(magic).crc;
}

// ---- statistics ----

Result<std::optional<LogRecordBatchStatistics>> parse_log_batch_statistics(ByteView bytes) {
  ByteReader in(bytes, ErrorCode::kCorruptRecordException, "log batch statistics");
  FLUSS_ASSIGN_OR_RETURN(const uint8_t version, in.read_u8());
  if (version != kStatisticsVersion) return std::nullopt;
  FLUSS_ASSIGN_OR_RETURN(const int16_t count, in.read_le<int16_t>());
  if (count <= 0) return std::nullopt;
  LogRecordBatchStatistics stats;
  // Both arrays are bounds-checked before anything is allocated for them.
  if (in.remaining() < static_cast<size_t>(count) * 6) {
    return in.error(fmt::format("{} columns need {} bytes of indexes and null counts, {} left",
                                count, count * 6, in.remaining()));
  }
  stats.column_indexes.resize(count);
  stats.null_counts.resize(count);
  for (auto& index : stats.column_indexes) {
    FLUSS_ASSIGN_OR_RETURN(index, in.read_le<int16_t>());
  }
  for (auto& nulls : stats.null_counts) {
    FLUSS_ASSIGN_OR_RETURN(nulls, in.read_le<int32_t>());
  }
  for (ByteView* values : {&stats.min_values, &stats.max_values}) {
    FLUSS_ASSIGN_OR_RETURN(const int32_t size, in.read_le<int32_t>());
    if (size < 0) {
      return in.error(fmt::format("negative {} values size {}",
                                  values == &stats.min_values ? "min" : "max", size));
    }
    FLUSS_ASSIGN_OR_RETURN(*values, in.read_bytes(static_cast<size_t>(size)));
  }
  return stats;
}

void write_log_batch_statistics(const LogRecordBatchStatistics& statistics, ByteBuffer& out) {
  FLUSS_CHECK(statistics.column_indexes.size() == statistics.null_counts.size() &&
                  statistics.column_indexes.size() <= std::numeric_limits<int16_t>::max(),
              "statistics of {} columns with {} null counts", statistics.column_indexes.size(),
              statistics.null_counts.size());
  out.append_u8(kStatisticsVersion);
  out.append_le<int16_t>(static_cast<int16_t>(statistics.column_indexes.size()));
  for (int16_t index : statistics.column_indexes) out.append_le<int16_t>(index);
  for (int32_t nulls : statistics.null_counts) out.append_le<int32_t>(nulls);
  out.append_le<int32_t>(static_cast<int32_t>(statistics.min_values.size()));
  out.append(statistics.min_values);
  out.append_le<int32_t>(static_cast<int32_t>(statistics.max_values.size()));
  out.append(statistics.max_values);
}

// ---- LogRecordBatch ----

Result<LogRecordBatch> LogRecordBatch::parse(ByteView bytes) {
  FLUSS_ASSIGN_OR_RETURN(const size_t size, checked_batch_size(bytes));
  const int8_t magic = static_cast<int8_t>(bytes[kMagicOffset]);
  if (size > bytes.size()) {
    return make_error(ErrorCode::kCorruptRecordException,
                      "log record batch at base offset {}: size {} exceeds the {} bytes given",
                      load_le<int64_t>(bytes.data()), size, bytes.size());
  }
  LogRecordBatch batch(bytes.first(size), magic);
  if (magic >= kLogMagicV1) {
    const int32_t stats_length = load_le<int32_t>(bytes.data() + layout(magic).statistics_length);
    if (stats_length < 0 || static_cast<size_t>(stats_length) > size - batch.header_size()) {
      return batch.corrupt(
          fmt::format("StatisticsLength {} does not fit in the {} bytes after "
                      "the header",
                      stats_length, size - batch.header_size()));
    }
  }
  return batch;
}

Status LogRecordBatch::corrupt(std::string_view what) const {
  return make_error(ErrorCode::kCorruptRecordException, "log record batch at base offset {}: {}",
                    base_offset(), what);
}

Status LogRecordBatch::ensure_valid() const {
  const uint32_t stored = crc();
  const uint32_t computed = compute_crc();
  if (stored != computed) {
    return corrupt(fmt::format("stored CRC 0x{:08x} != computed CRC 0x{:08x}", stored, computed));
  }
  const int32_t count = record_count();
  const int32_t delta = last_offset_delta();
  if (count < 0) return corrupt(fmt::format("negative RecordCount {}", count));
  if (count == 0 && delta != 0) {
    return corrupt(fmt::format("empty batch with LastOffsetDelta {} (must be 0)", delta));
  }
  if (count > 0 && delta != count - 1) {
    return corrupt(fmt::format("LastOffsetDelta {} does not match RecordCount {}", delta, count));
  }
  const int64_t base = base_offset().value();
  if (base < 0 || base > std::numeric_limits<int64_t>::max() - delta - 1) {
    return corrupt("offsets out of range");
  }
  // A change-type vector (ARROW) or a 5-byte record prefix (rows) per record.
  if (!is_append_only() && static_cast<size_t>(count) > records_bytes().size()) {
    return corrupt(
        fmt::format("RecordCount {} exceeds the {} record bytes", count, records_bytes().size()));
  }
  return Status::OK();
}

LogOffset LogRecordBatch::base_offset() const {
  return LogOffset(load_le<int64_t>(bytes_.data() + kLogBaseOffsetOffset));
}
int32_t LogRecordBatch::last_offset_delta() const {
  return load_le<int32_t>(bytes_.data() + layout(magic_).last_offset_delta);
}
// Wrapping arithmetic: ensure_valid() rejects overflowing offsets, but accessors
// must not be undefined behaviour on batches that were never validated.
LogOffset LogRecordBatch::last_offset() const {
  return wrapping_offset(base_offset(), last_offset_delta());
}
LogOffset LogRecordBatch::next_offset() const { return wrapping_offset(last_offset(), 1); }
int64_t LogRecordBatch::commit_timestamp() const {
  return load_le<int64_t>(bytes_.data() + kLogCommitTimestampOffset);
}
LeaderEpoch LogRecordBatch::leader_epoch() const {
  if (magic_ < kLogMagicV2) return kNoLeaderEpoch;
  return LeaderEpoch(load_le<int32_t>(bytes_.data() + kLeaderEpochOffsetV2));
}
uint32_t LogRecordBatch::crc() const {
  return load_le<uint32_t>(bytes_.data() + layout(magic_).crc);
}
uint32_t LogRecordBatch::compute_crc() const {
  return crc32c(bytes_.subspan(layout(magic_).schema_id));
}
SchemaId LogRecordBatch::schema_id() const {
  return SchemaId(load_le<int16_t>(bytes_.data() + layout(magic_).schema_id));
}
uint8_t LogRecordBatch::attributes() const { return bytes_[layout(magic_).attributes]; }
WriterId LogRecordBatch::writer_id() const {
  return WriterId(load_le<int64_t>(bytes_.data() + layout(magic_).writer_id));
}
BatchSequence LogRecordBatch::batch_sequence() const {
  return BatchSequence(load_le<int32_t>(bytes_.data() + layout(magic_).batch_sequence));
}
int32_t LogRecordBatch::record_count() const {
  return load_le<int32_t>(bytes_.data() + layout(magic_).record_count);
}

ByteView LogRecordBatch::statistics_bytes() const {
  if (magic_ < kLogMagicV1) return {};
  // parse() checked that the statistics fit.
  const auto length = load_le<int32_t>(bytes_.data() + layout(magic_).statistics_length);
  return bytes_.subspan(header_size(), static_cast<size_t>(length));
}

ByteView LogRecordBatch::records_bytes() const {
  return bytes_.subspan(header_size() + statistics_bytes().size());
}

Result<std::optional<LogRecordBatchStatistics>> LogRecordBatch::statistics() const {
  const ByteView stats = statistics_bytes();
  if (stats.empty()) return std::nullopt;
  auto parsed = parse_log_batch_statistics(stats);
  if (!parsed.ok()) {
    return parsed.status().with_context(
        fmt::format("log record batch at base offset {}", base_offset()));
  }
  return parsed;
}

Result<ArrowLogRecords> LogRecordBatch::arrow_records() const {
  const ByteView records = records_bytes();
  ArrowLogRecords out;
  if (is_append_only()) {
    out.arrow_message = records;
    return out;
  }
  const int32_t count = record_count();
  if (count < 0 || static_cast<size_t>(count) > records.size()) {
    return corrupt(fmt::format("change-type vector of {} records does not fit in {} bytes", count,
                               records.size()));
  }
  const ByteView change_types = records.first(static_cast<size_t>(count));
  for (size_t i = 0; i < change_types.size(); ++i) {
    if (!change_type_from_byte(change_types[i])) {
      return corrupt(fmt::format("record at offset {}: invalid change type byte {}",
                                 wrapping_offset(base_offset(), static_cast<int64_t>(i)),
                                 change_types[i]));
    }
  }
  out.change_types = change_types;
  out.arrow_message = records.subspan(change_types.size());
  return out;
}

std::ostream& operator<<(std::ostream& os, const LogRecordBatch& batch) {
  return os << fmt::format(
             "LogRecordBatch(v{} offsets {}..{} records {} size {} schema {}{} writer {} seq {})",
             batch.magic(), batch.base_offset(), batch.last_offset(), batch.record_count(),
             batch.size_in_bytes(), batch.schema_id(), batch.is_append_only() ? " append-only" : "",
             batch.writer_id(), batch.batch_sequence());
}

// ---- RowLogRecordReader ----

RowLogRecordReader::RowLogRecordReader(const LogRecordBatch& batch)
    : reader_(batch.records_bytes(), ErrorCode::kCorruptRecordException, "log record batch"),
      base_offset_(batch.base_offset()),
      record_count_(batch.record_count()) {}

Result<std::optional<RowLogRecord>> RowLogRecordReader::next() {
  const LogOffset offset = wrapping_offset(base_offset_, index_);
  if (index_ >= record_count_) {
    if (!reader_.at_end()) {
      return make_error(ErrorCode::kCorruptRecordException,
                        "log record batch at base offset {}: {} bytes after the last of {} records",
                        base_offset_, reader_.remaining(), record_count_);
    }
    return std::nullopt;
  }
  auto fail = [&](std::string_view what) {
    return make_error(ErrorCode::kCorruptRecordException,
                      "log record batch at base offset {}: record at offset {} (index {} of {}): "
                      "{}",
                      base_offset_, offset, index_, record_count_, what);
  };
  if (reader_.remaining() < 5) {
    return fail(fmt::format("{} bytes left, a record needs at least 5", reader_.remaining()));
  }
  const int32_t length = reader_.read_le<int32_t>().value();
  if (length < 1 || static_cast<size_t>(length) > reader_.remaining()) {
    return fail(fmt::format("Length {} outside [1, {}]", length, reader_.remaining()));
  }
  const uint8_t attributes = reader_.read_u8().value();
  // Java documents the change type as the low 4 bits but decodes the whole byte
  // (ChangeType.fromByteValue): upper bits set are as invalid there as here.
  const auto change_type = change_type_from_byte(attributes);
  if (!change_type) return fail(fmt::format("invalid change type byte {}", attributes));
  RowLogRecord record{.offset = offset,
                      .change_type = *change_type,
                      .row = reader_.read_bytes(static_cast<size_t>(length) - 1).value()};
  ++index_;
  return record;
}

// ---- decode_log_records ----

Result<std::vector<LogRecord>> decode_log_records(const LogRecordBatch& batch, LogFormat format,
                                                  const RowType& row_type) {
  std::vector<LogRecord> out;
  const int32_t count = batch.record_count();
  if (count <= 0) return out;
  const int64_t timestamp = batch.commit_timestamp();
  if (format == LogFormat::kArrow) {
    FLUSS_ASSIGN_OR_RETURN(ArrowLogRecords records, batch.arrow_records());
    FLUSS_ASSIGN_OR_RETURN(std::vector<GenericRow> rows,
                           read_arrow_batch(row_type, records.arrow_message));
    if (rows.size() != static_cast<size_t>(count)) {
      return make_error(ErrorCode::kCorruptRecordException,
                        "log record batch at base offset {}: RecordCount {} but the Arrow message "
                        "has {} rows",
                        batch.base_offset(), count, rows.size());
    }
    out.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      out.push_back(
          LogRecord{.offset = wrapping_offset(batch.base_offset(), static_cast<int64_t>(i)),
                    .timestamp = timestamp,
                    .change_type = records.change_type(i),
                    .row = std::move(rows[i])});
    }
    return out;
  }
  const RowFormat row_format =
      format == LogFormat::kIndexed ? RowFormat::kIndexed : RowFormat::kCompacted;
  RowLogRecordReader reader(batch);
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<RowLogRecord> record, reader.next());
    if (!record) break;
    auto row = decode_row(row_format, row_type, record->row);
    if (!row.ok()) {
      return row.status().with_context(
          fmt::format("log record at offset {} ({})", record->offset, to_string(format)));
    }
    out.push_back(LogRecord{.offset = record->offset,
                            .timestamp = timestamp,
                            .change_type = record->change_type,
                            .row = std::move(row).value()});
  }
  return out;
}

// ---- MutableLogRecordBatch ----

Result<MutableLogRecordBatch> MutableLogRecordBatch::parse(std::span<uint8_t> bytes) {
  FLUSS_ASSIGN_OR_RETURN(LogRecordBatch view, LogRecordBatch::parse(bytes));
  return MutableLogRecordBatch(bytes.first(view.size_in_bytes()), view);
}

void MutableLogRecordBatch::set_base_offset(LogOffset base_offset) {
  store_le<int64_t>(bytes_.data() + kLogBaseOffsetOffset, base_offset.value());
}

void MutableLogRecordBatch::set_commit_timestamp(int64_t commit_timestamp) {
  store_le<int64_t>(bytes_.data() + kLogCommitTimestampOffset, commit_timestamp);
}

void MutableLogRecordBatch::set_leader_epoch(LeaderEpoch leader_epoch) {
  if (view_.magic() < kLogMagicV2) return;
  store_le<int32_t>(bytes_.data() + kLeaderEpochOffsetV2, leader_epoch.value());
}

void MutableLogRecordBatch::set_writer_state(WriterId writer_id, BatchSequence batch_sequence) {
  const Layout& l = layout(view_.magic());
  store_le<int64_t>(bytes_.data() + l.writer_id, writer_id.value());
  store_le<int32_t>(bytes_.data() + l.batch_sequence, batch_sequence.value());
  store_le<uint32_t>(bytes_.data() + l.crc, view_.compute_crc());
}

Status stamp_log_batch(GatherBytes& batch, WriterId writer_id, BatchSequence batch_sequence) {
  const std::span<uint8_t> head = batch.mutable_front();
  if (head.size() < kLogBatchHeaderSizeV0) {
    return make_error(ErrorCode::kCorruptMessage,
                      "log record batch in pieces: the first piece is not a whole header");
  }
  const auto magic = static_cast<int8_t>(head.data()[kLogLengthOffset + 4]);
  if (magic < kLogMagicV0 || magic > kLogMagicV2 || head.size() < log_batch_header_size(magic)) {
    return make_error(ErrorCode::kCorruptMessage,
                      "log record batch in pieces: magic {} with a {}-byte first piece", magic,
                      head.size());
  }
  const int64_t length = load_le<int32_t>(head.data() + kLogLengthOffset);
  if (length + static_cast<int64_t>(kLogOverhead) != static_cast<int64_t>(batch.size())) {
    return make_error(ErrorCode::kCorruptMessage,
                      "log record batch in pieces: Length {} for {} bytes", length, batch.size());
  }
  const Layout& l = layout(magic);
  store_le<int64_t>(head.data() + l.writer_id, writer_id.value());
  store_le<int32_t>(head.data() + l.batch_sequence, batch_sequence.value());
  uint32_t crc = 0;
  size_t skip = l.crc + 4;
  batch.for_each([&](ByteView piece) {
    if (skip >= piece.size()) {
      skip -= piece.size();
      return;
    }
    crc = crc32c_extend(crc, piece.subspan(skip));
    skip = 0;
  });
  store_le<uint32_t>(head.data() + l.crc, crc);
  return Status::OK();
}

// ---- LogRecords ----

Result<std::optional<LogRecordBatch>> LogRecords::next_batch() {
  const ByteView rest = bytes_.subspan(position_);
  if (rest.size() < kLogOverhead) return std::nullopt;
  const int32_t length = load_le<int32_t>(rest.data() + kLogLengthOffset);
  // A batch that claims more bytes than are left is a partial one at the end of
  // a fetch response, even if the claim is a lie: only more bytes can tell.
  if (length >= 0 && static_cast<size_t>(length) + kLogOverhead > rest.size()) {
    return std::nullopt;
  }
  if (rest.size() < kLogBatchHeaderSizeV0) return std::nullopt;
  auto batch = LogRecordBatch::parse(rest);
  if (!batch.ok()) {
    return batch.status().with_context(fmt::format("log records at byte {}", position_));
  }
  position_ += batch->size_in_bytes();
  return std::optional<LogRecordBatch>(*batch);
}

}  // namespace fluss
