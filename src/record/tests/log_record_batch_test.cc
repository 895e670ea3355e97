// SPDX-License-Identifier: Apache-2.0
// Log record batches at the byte level: golden bytes of fluss-wire.md §5.11,
// builder/reader round trips in every format and magic, and corrupt input. Rows
// are opaque bytes here; tests/log_batch_rows_test.cc decodes real rows.
#include "record/log_record_batch.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/crc32c.h"
#include "record/memory_log_records_builder.h"
#include "record/tests/test_bytes.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::from_hex;
using test::seed_trace;
using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

// The CompactedRow (1, "ab") over (a INT NOT NULL, b STRING), §5.11.
const std::vector<uint8_t> kRowBytes = {0x00, 0x01, 0x02, 0x61, 0x62};

// §5.11: V0, COMPACTED, schema 1, one +A record, before server assignment.
constexpr std::string_view kGoldenBatchHex =
    "0000000000000000 2e000000 00 0000000000000000 188e3f08 0100 01 00000000"
    "ffffffffffffffff ffffffff 01000000 06000000 00 0001026162";

std::vector<uint8_t> build(const LogRecordBatchOptions& options,
                           const std::vector<std::pair<ChangeType, std::vector<uint8_t>>>& rows) {
  MemoryLogRecordsBuilder builder(options);
  for (const auto& [type, row] : rows) builder.append(type, row);
  ByteBuffer out;
  if (Status s = builder.finish(out); !s.ok()) throw std::runtime_error(s.to_string());
  return std::vector<uint8_t>(out.data(), out.data() + out.size());
}

std::vector<std::pair<ChangeType, std::vector<uint8_t>>> read_rows(const LogRecordBatch& batch) {
  std::vector<std::pair<ChangeType, std::vector<uint8_t>>> out;
  RowLogRecordReader reader(batch);
  LogOffset expected_offset = batch.base_offset();
  while (true) {
    auto record = value_or_throw(reader.next());
    if (!record) break;
    EXPECT_EQ(record->offset, expected_offset);
    expected_offset = next(expected_offset);
    out.emplace_back(record->change_type,
                     std::vector<uint8_t>(record->row.begin(), record->row.end()));
  }
  return out;
}

class LogRecordBatchTest : public ::testing::Test {
 protected:
  std::vector<uint8_t> golden_ = from_hex(kGoldenBatchHex);
};

TEST_F(LogRecordBatchTest, BuilderWritesTheWorkedExampleByteForByte) {
  ASSERT_EQ(golden_.size(), 58u);
  const auto built = build({.format = LogFormat::kCompacted, .schema_id = SchemaId(1)},
                           {{ChangeType::kAppendOnly, kRowBytes}});
  EXPECT_EQ(to_hex(built), to_hex(golden_));
  EXPECT_EQ(crc32c(ByteView(golden_).subspan(25)), 0x083f8e18u);
}

TEST_F(LogRecordBatchTest, ParsesTheWorkedExample) {
  const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(golden_));
  ASSERT_OK(batch.ensure_valid());
  EXPECT_EQ(batch.base_offset(), LogOffset(0));
  EXPECT_EQ(batch.magic(), kLogMagicV0);
  EXPECT_EQ(batch.commit_timestamp(), 0);
  EXPECT_EQ(batch.leader_epoch(), kNoLeaderEpoch);
  EXPECT_EQ(batch.crc(), 0x083f8e18u);
  EXPECT_EQ(batch.schema_id(), SchemaId(1));
  EXPECT_TRUE(batch.is_append_only());
  EXPECT_EQ(batch.last_offset_delta(), 0);
  EXPECT_EQ(batch.last_offset(), LogOffset(0));
  EXPECT_EQ(batch.next_offset(), LogOffset(1));
  EXPECT_EQ(batch.writer_id(), kNoWriterId);
  EXPECT_EQ(batch.batch_sequence(), kNoBatchSequence);
  EXPECT_EQ(batch.record_count(), 1);
  EXPECT_EQ(batch.size_in_bytes(), 58u);
  EXPECT_EQ(batch.header_size(), 48u);
  EXPECT_TRUE(batch.statistics_bytes().empty());
  EXPECT_EQ(batch.records_bytes().size(), 10u);
  EXPECT_EQ(testing::PrintToString(batch),
            "LogRecordBatch(v0 offsets 0..0 records 1 size 58 schema 1 append-only writer -1 seq "
            "-1)");
  const auto rows = read_rows(batch);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].first, ChangeType::kAppendOnly);
  EXPECT_EQ(rows[0].second, kRowBytes);
}

TEST_F(LogRecordBatchTest, ServerOwnedFieldsLeaveTheCrcValid) {
  MutableLogRecordBatch batch = value_or_throw(MutableLogRecordBatch::parse(golden_));
  batch.set_base_offset(LogOffset(1234));
  batch.set_commit_timestamp(1'700'000'000'000);
  batch.set_leader_epoch(LeaderEpoch(7));  // V0: no such field, a no-op
  const LogRecordBatch view = value_or_throw(LogRecordBatch::parse(golden_));
  ASSERT_OK(view.ensure_valid());
  EXPECT_EQ(view.base_offset(), LogOffset(1234));
  EXPECT_EQ(view.next_offset(), LogOffset(1235));
  EXPECT_EQ(view.commit_timestamp(), 1'700'000'000'000);
  EXPECT_EQ(view.leader_epoch(), kNoLeaderEpoch);
  EXPECT_EQ(read_rows(view)[0].second, kRowBytes);
}

TEST_F(LogRecordBatchTest, StampingTheWriterStateRewritesTheCrc) {
  for (int8_t magic : {kLogMagicV0, kLogMagicV2}) {
    auto bytes = build({.format = LogFormat::kIndexed, .magic = magic, .schema_id = SchemaId(3)},
                       {{ChangeType::kAppendOnly, {1, 2, 3}}});
    MutableLogRecordBatch batch = value_or_throw(MutableLogRecordBatch::parse(bytes));
    batch.set_writer_state(WriterId(77), BatchSequence(5));
    const LogRecordBatch view = value_or_throw(LogRecordBatch::parse(bytes));
    ASSERT_OK(view.ensure_valid());
    EXPECT_EQ(view.writer_id(), WriterId(77));
    EXPECT_EQ(view.batch_sequence(), BatchSequence(5));
  }
}

TEST_F(LogRecordBatchTest, V2HeaderCarriesTheLeaderEpoch) {
  auto bytes =
      build({.format = LogFormat::kIndexed, .magic = kLogMagicV2, .schema_id = SchemaId(3)},
            {{ChangeType::kAppendOnly, {1, 2, 3}}});
  EXPECT_EQ(bytes.size(), 56u + 4 + 1 + 3);
  MutableLogRecordBatch batch = value_or_throw(MutableLogRecordBatch::parse(bytes));
  EXPECT_EQ(batch.view().leader_epoch(), kNoLeaderEpoch);
  batch.set_leader_epoch(LeaderEpoch(9));
  const LogRecordBatch view = batch.view();
  ASSERT_OK(view.ensure_valid());
  EXPECT_EQ(view.leader_epoch(), LeaderEpoch(9));
  EXPECT_EQ(view.schema_id(), SchemaId(3));
  EXPECT_EQ(view.header_size(), 56u);
  EXPECT_EQ(load_le<int32_t>(bytes.data() + 52), 0);  // StatisticsLength
}

// SchemaId is int32 in the API and int16 in the header: the int16 range
// round-trips (negative ids sign-extended back), anything wider is a bug.
TEST_F(LogRecordBatchTest, SchemaIdsOfTheInt16RangeRoundTrip) {
  for (int32_t id : {-32768, -1, 0, 32767}) {
    SCOPED_TRACE(id);
    const auto bytes = build({.format = LogFormat::kIndexed, .schema_id = SchemaId(id)}, {});
    EXPECT_EQ(load_le<int16_t>(bytes.data() + 25), static_cast<int16_t>(id));
    EXPECT_EQ(value_or_throw(LogRecordBatch::parse(bytes)).schema_id(), SchemaId(id));
  }
}

TEST_F(LogRecordBatchTest, SchemaIdOutsideInt16FailsACheck) {
  EXPECT_DEATH(MemoryLogRecordsBuilder({.schema_id = SchemaId(32768)}),
               "schema id 32768 does not fit");
  EXPECT_DEATH(MemoryLogRecordsBuilder({.schema_id = SchemaId(-32769)}),
               "schema id -32769 does not fit");
}

TEST_F(LogRecordBatchTest, EmptyBatchOccupiesOneOffset) {
  for (LogFormat format : {LogFormat::kArrow, LogFormat::kIndexed, LogFormat::kCompacted}) {
    SCOPED_TRACE(to_string(format));
    MemoryLogRecordsBuilder builder({.format = format,
                                     .base_offset = LogOffset(10),
                                     .writer_id = WriterId(5),
                                     .append_only = false});
    ByteBuffer out;
    ASSERT_OK(builder.finish(out));
    EXPECT_EQ(out.size(), 48u);
    const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(out.view()));
    ASSERT_OK(batch.ensure_valid());
    EXPECT_EQ(batch.record_count(), 0);
    EXPECT_EQ(batch.last_offset_delta(), 0);
    EXPECT_EQ(batch.next_offset(), LogOffset(11));
    EXPECT_FALSE(batch.is_append_only());
    EXPECT_TRUE(read_rows(batch).empty());
    const ArrowLogRecords arrow = value_or_throw(batch.arrow_records());
    EXPECT_TRUE(arrow.arrow_message.empty());
  }
}

TEST_F(LogRecordBatchTest, ArrowBatchWithChangeTypeVector) {
  // The Arrow message is opaque here; its reader is tested in arrow/.
  const std::vector<uint8_t> message = {0xff, 0xff, 0xff, 0xff, 0x08, 0, 0, 0, 1, 2, 3, 4};
  const std::vector<ChangeType> types = {ChangeType::kInsert, ChangeType::kUpdateBefore,
                                         ChangeType::kUpdateAfter, ChangeType::kDelete};
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow, .append_only = false});
  builder.set_arrow_records(types, message);
  ByteBuffer out;
  ASSERT_OK(builder.finish(out));
  EXPECT_EQ(out.size(), 48u + 4 + message.size());
  const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(out.view()));
  ASSERT_OK(batch.ensure_valid());
  EXPECT_EQ(batch.last_offset_delta(), 3);
  const ArrowLogRecords records = value_or_throw(batch.arrow_records());
  ASSERT_TRUE(records.change_types.has_value());
  for (size_t i = 0; i < types.size(); ++i) EXPECT_EQ(records.change_type(i), types[i]);
  EXPECT_EQ(std::vector<uint8_t>(records.arrow_message.begin(), records.arrow_message.end()),
            message);
}

TEST_F(LogRecordBatchTest, AppendOnlyArrowBatchHasNoChangeTypeVector) {
  const std::vector<uint8_t> message = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
  const std::vector<ChangeType> types(3, ChangeType::kAppendOnly);
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow});
  builder.set_arrow_records(types, message);
  ByteBuffer out;
  ASSERT_OK(builder.finish(out));
  const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(out.view()));
  ASSERT_OK(batch.ensure_valid());
  EXPECT_EQ(batch.attributes(), kAppendOnlyFlag);
  const ArrowLogRecords records = value_or_throw(batch.arrow_records());
  EXPECT_FALSE(records.change_types.has_value());
  EXPECT_EQ(records.change_type(2), ChangeType::kAppendOnly);
  EXPECT_EQ(records.arrow_message.size(), message.size());
}

TEST_F(LogRecordBatchTest, V1StatisticsRoundTrip) {
  const std::vector<uint8_t> min_row = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<uint8_t> max_row = {9, 9};
  LogRecordBatchStatistics stats{.column_indexes = {0, 2},
                                 .null_counts = {0, 17},
                                 .min_values = min_row,
                                 .max_values = max_row};
  ByteBuffer block;
  write_log_batch_statistics(stats, block);
  EXPECT_EQ(block.size(), 1u + 2 + 4 + 8 + 4 + 8 + 4 + 2);
  EXPECT_EQ(to_hex(block.view().first(15)), "010200000002000000000011000000");

  const std::vector<uint8_t> message = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
  const std::vector<ChangeType> types = {ChangeType::kInsert, ChangeType::kDelete};
  MemoryLogRecordsBuilder builder(
      {.format = LogFormat::kArrow, .magic = kLogMagicV1, .append_only = false});
  builder.set_statistics(block.view());
  builder.set_arrow_records(types, message);
  ByteBuffer out;
  ASSERT_OK(builder.finish(out));
  const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(out.view()));
  ASSERT_OK(batch.ensure_valid());
  EXPECT_EQ(batch.header_size(), 52u);
  EXPECT_EQ(batch.statistics_bytes().size(), block.size());
  const auto parsed = value_or_throw(batch.statistics());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->column_indexes, stats.column_indexes);
  EXPECT_EQ(parsed->null_counts, stats.null_counts);
  EXPECT_EQ(std::vector<uint8_t>(parsed->min_values.begin(), parsed->min_values.end()), min_row);
  EXPECT_EQ(std::vector<uint8_t>(parsed->max_values.begin(), parsed->max_values.end()), max_row);
  const ArrowLogRecords records = value_or_throw(batch.arrow_records());
  EXPECT_EQ(records.change_type(1), ChangeType::kDelete);
  EXPECT_EQ(records.arrow_message.size(), message.size());
}

TEST_F(LogRecordBatchTest, StatisticsWithUnknownVersionOrNoColumnsAreAbsent) {
  EXPECT_FALSE(value_or_throw(parse_log_batch_statistics(from_hex("02 0100 0000"))).has_value());
  EXPECT_FALSE(value_or_throw(parse_log_batch_statistics(from_hex("01 0000"))).has_value());
  EXPECT_FALSE(value_or_throw(parse_log_batch_statistics(from_hex("01 ffff"))).has_value());
}

TEST_F(LogRecordBatchTest, CorruptStatisticsAreRejectedAtEveryTruncation) {
  ByteBuffer block;
  write_log_batch_statistics({.column_indexes = {1},
                              .null_counts = {3},
                              .min_values = from_hex("0102"),
                              .max_values = from_hex("0304")},
                             block);
  ASSERT_TRUE(value_or_throw(parse_log_batch_statistics(block.view())).has_value());
  for (size_t n = 0; n < block.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_THAT(parse_log_batch_statistics(block.view().first(n)),
                StatusIs(ErrorCode::kCorruptRecordException));
  }
  // Lying column count, min size and max size.
  EXPECT_THAT(parse_log_batch_statistics(from_hex("01 ff7f 0000 00000000")),
              StatusIsWith(ErrorCode::kCorruptRecordException, "columns"));
  EXPECT_THAT(parse_log_batch_statistics(from_hex("01 0100 0000 00000000 ffffffff")),
              StatusIsWith(ErrorCode::kCorruptRecordException, "negative min"));
  EXPECT_THAT(parse_log_batch_statistics(from_hex("01 0100 0000 00000000 00000000 05000000 00")),
              StatusIs(ErrorCode::kCorruptRecordException));
}

TEST_F(LogRecordBatchTest, EveryBitFlipInTheCrcRangeIsDetected) {
  const auto bytes =
      build({.format = LogFormat::kIndexed, .schema_id = SchemaId(2), .writer_id = WriterId(77)},
            {{ChangeType::kAppendOnly, {1, 2, 3}}, {ChangeType::kAppendOnly, {4, 5, 6, 7}}});
  for (size_t byte = 21; byte < bytes.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      auto copy = bytes;
      copy[byte] ^= static_cast<uint8_t>(1 << bit);
      const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(copy));
      ASSERT_THAT(batch.ensure_valid(), StatusIs(ErrorCode::kCorruptRecordException))
          << "byte " << byte << " bit " << bit;
    }
  }
}

TEST_F(LogRecordBatchTest, CrcMismatchNamesTheBaseOffset) {
  auto bytes = golden_;
  value_or_throw(MutableLogRecordBatch::parse(bytes)).set_base_offset(LogOffset(4711));
  bytes.back() ^= 1;
  EXPECT_THAT(value_or_throw(LogRecordBatch::parse(bytes)).ensure_valid(),
              StatusIsWith(ErrorCode::kCorruptRecordException, "base offset 4711: stored CRC"));
}

TEST_F(LogRecordBatchTest, ParseRejectsEveryTruncation) {
  for (size_t n = 0; n < golden_.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_THAT(LogRecordBatch::parse(ByteView(golden_).first(n)),
                StatusIs(ErrorCode::kCorruptRecordException));
  }
}

TEST_F(LogRecordBatchTest, ParseRejectsWrongMagicAndLyingLength) {
  auto bytes = golden_;
  bytes[12] = 3;
  EXPECT_THAT(LogRecordBatch::parse(bytes),
              StatusIsWith(ErrorCode::kCorruptRecordException, "unknown magic 3"));
  bytes[12] = 0xff;
  EXPECT_THAT(LogRecordBatch::parse(bytes), StatusIs(ErrorCode::kCorruptRecordException));

  for (int32_t length : {-1, 0, 35, 47, 1 << 30}) {
    SCOPED_TRACE(length);
    bytes = golden_;
    store_le<int32_t>(bytes.data() + 8, length);
    EXPECT_THAT(LogRecordBatch::parse(bytes), StatusIs(ErrorCode::kCorruptRecordException));
  }
  // A shorter Length that still covers the header: parses, but fails the CRC.
  bytes = golden_;
  store_le<int32_t>(bytes.data() + 8, 40);
  const LogRecordBatch shorter = value_or_throw(LogRecordBatch::parse(bytes));
  EXPECT_EQ(shorter.size_in_bytes(), 52u);
  EXPECT_THAT(shorter.ensure_valid(), StatusIs(ErrorCode::kCorruptRecordException));
}

TEST_F(LogRecordBatchTest, ParseRejectsLyingStatisticsLength) {
  auto bytes = build({.format = LogFormat::kIndexed, .magic = kLogMagicV1},
                     {{ChangeType::kAppendOnly, {1}}});
  for (int32_t length : {-1, 7, 1 << 30}) {
    SCOPED_TRACE(length);
    auto copy = bytes;
    store_le<int32_t>(copy.data() + 48, length);
    EXPECT_THAT(LogRecordBatch::parse(copy),
                StatusIsWith(ErrorCode::kCorruptRecordException, "StatisticsLength"));
  }
}

// Rewrites a header field and fixes the CRC, so that only the field is wrong.
std::vector<uint8_t> with_field(std::vector<uint8_t> bytes, size_t offset, int32_t value) {
  store_le<int32_t>(bytes.data() + offset, value);
  store_le<uint32_t>(bytes.data() + 21, crc32c(ByteView(bytes).subspan(25)));
  return bytes;
}

TEST_F(LogRecordBatchTest, EnsureValidChecksRecordCountAndLastOffsetDelta) {
  const auto two = build({.format = LogFormat::kCompacted, .append_only = false},
                         {{ChangeType::kInsert, {1}}, {ChangeType::kDelete, {2}}});
  ASSERT_OK(value_or_throw(LogRecordBatch::parse(two)).ensure_valid());
  auto check = [](const std::vector<uint8_t>& bytes, std::string_view what) {
    EXPECT_THAT(value_or_throw(LogRecordBatch::parse(bytes)).ensure_valid(),
                StatusIsWith(ErrorCode::kCorruptRecordException, what));
  };
  check(with_field(two, 44, -1), "negative RecordCount");
  check(with_field(two, 28, 5), "LastOffsetDelta 5 does not match RecordCount 2");
  check(with_field(two, 28, -1), "LastOffsetDelta");
  check(with_field(two, 44, 1000), "LastOffsetDelta");
  auto huge = with_field(with_field(two, 44, 1000), 28, 999);
  check(huge, "RecordCount 1000 exceeds");
  const auto empty = build({.format = LogFormat::kCompacted}, {});
  check(with_field(empty, 28, 3), "empty batch with LastOffsetDelta 3");
  auto overflow = two;
  store_le<int64_t>(overflow.data(), std::numeric_limits<int64_t>::max());
  check(overflow, "offsets out of range");
}

TEST_F(LogRecordBatchTest, RowReaderRejectsLyingRecordLengthsAndChangeTypes) {
  const auto bytes = build({.format = LogFormat::kCompacted, .append_only = false},
                           {{ChangeType::kInsert, {1, 2}}, {ChangeType::kDelete, {3}}});
  auto read_all = [](std::vector<uint8_t> b) -> Status {
    const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(b));
    RowLogRecordReader reader(batch);
    while (true) {
      FLUSS_ASSIGN_OR_RETURN(auto record, reader.next());
      if (!record) return Status::OK();
    }
  };
  ASSERT_OK(read_all(bytes));
  // Record 0 starts at 48: [len][type][2 bytes]; record 1 at 55.
  for (int32_t length : {-1, 0, 100, 1 << 30}) {
    SCOPED_TRACE(length);
    auto copy = bytes;
    store_le<int32_t>(copy.data() + 48, length);
    EXPECT_THAT(read_all(copy),
                StatusIsWith(ErrorCode::kCorruptRecordException, "record at offset 0"));
  }
  auto copy = bytes;
  store_le<int32_t>(copy.data() + 55, 3);
  EXPECT_THAT(read_all(copy),
              StatusIsWith(ErrorCode::kCorruptRecordException, "record at offset 1"));
  copy = bytes;
  store_le<int32_t>(copy.data() + 48, 2);  // record 0 shorter: garbage follows
  EXPECT_THAT(read_all(copy), StatusIs(ErrorCode::kCorruptRecordException));
  copy = bytes;
  for (uint8_t attributes : {5, 0x11, 0x80}) {
    copy = bytes;
    copy[52] = attributes;
    EXPECT_THAT(read_all(copy), StatusIsWith(ErrorCode::kCorruptRecordException, "change type"));
  }
  copy = bytes;
  store_le<int32_t>(copy.data() + 44, 3);  // more records than present
  EXPECT_THAT(read_all(copy), StatusIsWith(ErrorCode::kCorruptRecordException, "index 2 of 3"));
  copy = bytes;
  store_le<int32_t>(copy.data() + 44, 1);  // fewer records than present
  EXPECT_THAT(read_all(copy), StatusIsWith(ErrorCode::kCorruptRecordException, "bytes after"));
}

TEST_F(LogRecordBatchTest, ArrowRecordsRejectBadChangeTypeVector) {
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow, .append_only = false});
  const std::vector<ChangeType> types = {ChangeType::kInsert, ChangeType::kInsert};
  builder.set_arrow_records(types, std::vector<uint8_t>{0xff, 0xff, 0xff, 0xff});
  ByteBuffer out;
  ASSERT_OK(builder.finish(out));
  auto bytes = out.release();
  bytes[49] = 7;
  EXPECT_THAT(value_or_throw(LogRecordBatch::parse(bytes)).arrow_records(),
              StatusIsWith(ErrorCode::kCorruptRecordException, "offset 1: invalid change type"));
  store_le<int32_t>(bytes.data() + 44, 100);
  EXPECT_THAT(value_or_throw(LogRecordBatch::parse(bytes)).arrow_records(),
              StatusIsWith(ErrorCode::kCorruptRecordException, "change-type vector"));
}

class LogRecordsTest : public LogRecordBatchTest {};

TEST_F(LogRecordsTest, IteratesConcatenatedBatchesAndStopsAtATrailingPartialOne) {
  ByteBuffer all;
  for (int i = 0; i < 3; ++i) {
    MemoryLogRecordsBuilder builder({.format = LogFormat::kIndexed,
                                     .base_offset = LogOffset(i * 10),
                                     .batch_sequence = BatchSequence(i)});
    for (int r = 0; r <= i; ++r) builder.append(ChangeType::kAppendOnly, std::vector<uint8_t>{1});
    ASSERT_OK(builder.finish(all));
  }
  const size_t whole = all.size();
  for (size_t cut = 0; cut <= whole; ++cut) {
    SCOPED_TRACE(cut);
    LogRecords records(all.view().first(cut));
    size_t batches = 0;
    while (true) {
      auto batch = value_or_throw(records.next_batch());
      if (!batch) break;
      ASSERT_OK(batch->ensure_valid());
      EXPECT_EQ(batch->batch_sequence(), BatchSequence(static_cast<int32_t>(batches)));
      EXPECT_EQ(batch->record_count(), static_cast<int32_t>(batches + 1));
      ++batches;
    }
    // Batch i holds i + 1 records of 6 bytes each.
    const size_t expected = cut >= whole ? 3 : cut >= 54 + 60 ? 2 : cut >= 54 ? 1 : 0;
    EXPECT_EQ(batches, expected);
    EXPECT_LE(records.position(), cut);
  }
}

TEST_F(LogRecordsTest, ReportsACorruptHeaderWithItsPosition) {
  ByteBuffer all;
  all.append(golden_);
  all.append(golden_);
  auto bytes = all.release();
  bytes[58 + 12] = 9;  // second batch: unknown magic
  LogRecords records(bytes);
  ASSERT_TRUE(value_or_throw(records.next_batch()).has_value());
  EXPECT_THAT(records.next_batch(),
              StatusIsWith(ErrorCode::kCorruptRecordException, "log records at byte 58"));
  bytes[58 + 12] = 0;
  store_le<int32_t>(bytes.data() + 58 + 8, -5);
  LogRecords negative(bytes);
  ASSERT_TRUE(value_or_throw(negative.next_batch()).has_value());
  EXPECT_THAT(negative.next_batch(), StatusIs(ErrorCode::kCorruptRecordException));
}

// What the leader does on append (§5.7): walk the request's batches, assign each
// its base offset and the commit timestamp in place; every CRC stays valid.
TEST_F(LogRecordsTest, AssigningOffsetsInPlaceKeepsEveryBatchValid) {
  ByteBuffer request;
  for (int i = 0; i < 4; ++i) {
    MemoryLogRecordsBuilder builder({.format = LogFormat::kCompacted,
                                     .magic = static_cast<int8_t>(i % 3),
                                     .append_only = false});
    for (int r = 0; r < i; ++r) builder.append(ChangeType::kInsert, kRowBytes);
    ASSERT_OK(builder.finish(request));
  }
  Bytes bytes = request.release();
  LogOffset next_offset(100);
  LogRecords batches(bytes);
  while (true) {
    const size_t start = batches.position();
    auto batch = value_or_throw(batches.next_batch());
    if (!batch) break;
    auto writable =
        value_or_throw(MutableLogRecordBatch::parse(std::span<uint8_t>(bytes).subspan(start)));
    writable.set_base_offset(next_offset);
    writable.set_commit_timestamp(42);
    next_offset = writable.view().next_offset();
  }
  EXPECT_EQ(batches.position(), bytes.size());
  EXPECT_EQ(next_offset, LogOffset(100 + 1 + 1 + 2 + 3));  // the empty batch takes one offset

  LogRecords check(bytes);
  LogOffset expected(100);
  while (auto batch = value_or_throw(check.next_batch())) {
    ASSERT_OK(batch->ensure_valid());
    EXPECT_EQ(batch->base_offset(), expected);
    EXPECT_EQ(batch->commit_timestamp(), 42);
    for (const auto& [type, row] : read_rows(*batch)) EXPECT_EQ(row, kRowBytes);
    expected = batch->next_offset();
  }
}

// Random batches in every row format and magic, read back field by field.
TEST_F(LogRecordBatchTest, RandomRowBatchesRoundTrip) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(seed_trace(seed));
  std::mt19937_64 rng(seed);
  for (int iteration = 0; iteration < 300; ++iteration) {
    SCOPED_TRACE(iteration);
    const bool append_only = rng() % 2 == 0;
    const LogRecordBatchOptions options{
        .format = rng() % 2 ? LogFormat::kIndexed : LogFormat::kCompacted,
        .magic = static_cast<int8_t>(rng() % 3),
        .schema_id = SchemaId(static_cast<int32_t>(rng() % 100)),
        .base_offset = LogOffset(static_cast<int64_t>(rng() % 1'000'000)),
        .writer_id = rng() % 3 == 0 ? kNoWriterId : WriterId(static_cast<int64_t>(rng() >> 2)),
        .batch_sequence = BatchSequence(static_cast<int32_t>(rng() % 1000) - 1),
        .append_only = append_only};
    std::vector<std::pair<ChangeType, std::vector<uint8_t>>> rows(rng() % 20);
    for (auto& [type, row] : rows) {
      type = append_only ? ChangeType::kAppendOnly : static_cast<ChangeType>(rng() % 5);
      row.resize(rng() % 40);
      for (auto& b : row) b = static_cast<uint8_t>(rng());
    }
    const auto bytes = build(options, rows);
    const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(bytes));
    ASSERT_OK(batch.ensure_valid());
    EXPECT_EQ(batch.size_in_bytes(), bytes.size());
    EXPECT_EQ(batch.magic(), options.magic);
    EXPECT_EQ(batch.schema_id(), options.schema_id);
    EXPECT_EQ(batch.base_offset(), options.base_offset);
    EXPECT_EQ(batch.writer_id(), options.writer_id);
    EXPECT_EQ(batch.batch_sequence(), options.batch_sequence);
    EXPECT_EQ(batch.is_append_only(), append_only);
    EXPECT_EQ(batch.record_count(), static_cast<int32_t>(rows.size()));
    EXPECT_EQ(batch.next_offset(),
              options.base_offset + std::max<int64_t>(1, static_cast<int64_t>(rows.size())));
    EXPECT_EQ(read_rows(batch), rows);
  }
}

}  // namespace
}  // namespace fluss
