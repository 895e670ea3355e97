// SPDX-License-Identifier: Apache-2.0
// Log, KV and value batches carrying real rows: the batch code together with the
// row codecs (row/) and the Arrow IPC writer and reader (arrow/).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "record/kv_record_batch.h"
#include "record/log_record_batch.h"
#include "record/memory_log_records_builder.h"
#include "record/row/row_codec.h"
#include "record/tests/random_rows.h"
#include "record/value_record_batch.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::seed_trace;
using test::StatusIs;
using test::value_or_throw;

// (a INT NOT NULL, b STRING, c BIGINT)
RowType row_type() { return {DataType::int_().not_null(), DataType::string(), DataType::bigint()}; }

GenericRow make_row(int32_t a, std::optional<std::string> b, std::optional<int64_t> c) {
  return GenericRow(
      std::vector<Datum>{a, b ? Datum(*b) : Datum(Null{}), c ? Datum(*c) : Datum(Null{})});
}

std::vector<uint8_t> encode(RowFormat format, const RowType& type, const GenericRow& row) {
  ByteBuffer out;
  if (Status s = encode_row(format, type, row, out); !s.ok()) {
    throw std::runtime_error(s.to_string());
  }
  return std::vector<uint8_t>(out.data(), out.data() + out.size());
}

TEST(LogBatchRowsTest, WorkedExampleDecodesToItsRow) {
  // fluss-wire.md §5.11, with the row encoded by the CompactedRow writer.
  const GenericRow row(std::vector<Datum>{int32_t{1}, std::string("ab")});
  const RowType type = {DataType::int_().not_null(), DataType::string()};
  ByteBuffer row_bytes;
  ASSERT_OK(encode_row(RowFormat::kCompacted, type, row, row_bytes));
  EXPECT_EQ(to_hex(row_bytes.view()), "0001026162");
  MemoryLogRecordsBuilder builder({.format = LogFormat::kCompacted, .schema_id = SchemaId(1)});
  builder.append(ChangeType::kAppendOnly, row_bytes.view());
  ByteBuffer batch_bytes;
  ASSERT_OK(builder.finish(batch_bytes));
  EXPECT_EQ(to_hex(batch_bytes.view()),
            "00000000000000002e000000000000000000000000188e3f0801000100000000ffffffffffffffff"
            "ffffffff0100000006000000000001026162");
  const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(batch_bytes.view()));
  const auto records = value_or_throw(decode_log_records(batch, LogFormat::kCompacted, type));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].offset, LogOffset(0));
  EXPECT_EQ(records[0].timestamp, 0);
  EXPECT_EQ(records[0].change_type, ChangeType::kAppendOnly);
  EXPECT_EQ(records[0].row, row);
}

// Random change logs in every log format, through the builder and back: rows of
// (a INT NOT NULL, b STRING, c BIGINT), and of random types (every type, nested).
TEST(LogBatchRowsTest, RandomBatchesRoundTripInEveryFormat) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(seed_trace(seed));
  test::RandomRows random(seed);
  std::mt19937_64& rng = random.rng();
  for (int iteration = 0; iteration < 60; ++iteration) {
    SCOPED_TRACE(iteration);
    const RowType type = iteration % 2 == 0 ? row_type() : random.row_type(random.uniform(1, 6), 2);
    const LogFormat format = static_cast<LogFormat>(rng() % 3);
    const bool append_only = rng() % 2 == 0;
    const LogRecordBatchOptions options{
        .format = format,
        .magic = static_cast<int8_t>(rng() % 3),
        .schema_id = SchemaId(1),
        .base_offset = LogOffset(static_cast<int64_t>(rng() % 1000)),
        .writer_id = WriterId(static_cast<int64_t>(rng() % 10) - 1),
        .batch_sequence = BatchSequence(static_cast<int32_t>(rng() % 10) - 1),
        .append_only = append_only};
    std::vector<std::pair<ChangeType, GenericRow>> expected(rng() % 30);
    for (auto& [change_type, row] : expected) {
      change_type = append_only ? ChangeType::kAppendOnly : static_cast<ChangeType>(1 + rng() % 4);
      row = random.row(type);
    }
    ByteBuffer out;
    if (format == LogFormat::kArrow) {
      MemoryLogRecordsBuilder builder(
          options, type, ArrowCompression{.type = static_cast<ArrowCompressionType>(rng() % 3)});
      for (const auto& [change_type, row] : expected) ASSERT_OK(builder.append(change_type, row));
      ASSERT_OK(builder.finish(out));
    } else {
      MemoryLogRecordsBuilder builder(options);
      const RowFormat row_format =
          format == LogFormat::kIndexed ? RowFormat::kIndexed : RowFormat::kCompacted;
      for (const auto& [change_type, row] : expected) {
        builder.append(change_type, encode(row_format, type, row));
      }
      ASSERT_OK(builder.finish(out));
    }
    const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(out.view()));
    ASSERT_OK(batch.ensure_valid());
    // The server's part: offsets and timestamp, without touching the CRC.
    Bytes stored = out.release();
    MutableLogRecordBatch mutable_batch = value_or_throw(MutableLogRecordBatch::parse(stored));
    mutable_batch.set_base_offset(LogOffset(5000));
    mutable_batch.set_commit_timestamp(1234);
    const LogRecordBatch assigned = mutable_batch.view();
    ASSERT_OK(assigned.ensure_valid());
    const auto records = value_or_throw(decode_log_records(assigned, format, type));
    ASSERT_EQ(records.size(), expected.size());
    for (size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(records[i].offset, LogOffset(5000) + static_cast<int64_t>(i));
      EXPECT_EQ(records[i].timestamp, 1234);
      EXPECT_EQ(records[i].change_type, expected[i].first);
      EXPECT_EQ(records[i].row, expected[i].second) << "record " << i;
    }
  }
}

// A writer's batch in pieces (the Arrow columns borrowed, not copied) goes out with the same
// bytes as the contiguous one once stamped, in every compression; the builder, reset, makes
// the next batch from buffers that kept their capacity.
TEST(LogBatchRowsTest, BatchInPiecesStampsToTheBytesOfTheContiguousBatch) {
  const RowType type = row_type();
  for (int codec = 0; codec < 3; ++codec) {
    SCOPED_TRACE(codec);
    const ArrowCompression compression{.type = static_cast<ArrowCompressionType>(codec)};
    const LogRecordBatchOptions options{.format = LogFormat::kArrow, .schema_id = SchemaId(2)};
    MemoryLogRecordsBuilder contiguous(options, type, compression);
    auto pieces_builder = std::make_shared<MemoryLogRecordsBuilder>(options, type, compression);
    for (int round = 0; round < 2; ++round) {
      if (round > 0) pieces_builder->reset(options);
      for (int i = 0; i < 300; ++i) {
        GenericRow row = make_row(i, std::string(100 + i % 7, static_cast<char>('a' + round)),
                                  i % 3 == 0 ? std::nullopt : std::optional<int64_t>(i));
        ASSERT_OK(contiguous.append(ChangeType::kAppendOnly, row));
        ASSERT_OK(pieces_builder->append(ChangeType::kAppendOnly, row));
      }
      ByteBuffer expected;
      ASSERT_OK(contiguous.finish(expected));
      MutableLogRecordBatch stamped = value_or_throw(
          MutableLogRecordBatch::parse(std::span<uint8_t>(expected.data(), expected.size())));
      stamped.set_writer_state(WriterId(9), BatchSequence(round));

      GatherBytes pieces;
      ASSERT_OK(pieces_builder->finish(pieces, pieces_builder));
      int count = 0;
      pieces.for_each([&](ByteView) { ++count; });
      if (codec == 0) {
        EXPECT_GT(count, 1) << "the payload column is borrowed, not copied";
      }
      ASSERT_OK(stamp_log_batch(pieces, WriterId(9), BatchSequence(round)));
      EXPECT_EQ(to_hex(pieces.flatten().view()), to_hex(expected.view()));
      contiguous = MemoryLogRecordsBuilder(options, type, compression);
    }
  }
}

TEST(LogBatchRowsTest, StampingABatchInPiecesRejectsAHeaderItCannotPatch) {
  GatherBytes borrowed_first;
  borrowed_first.append_borrowed(as_bytes(std::string_view("not a header")), nullptr);
  EXPECT_THAT(stamp_log_batch(borrowed_first, WriterId(1), BatchSequence(0)),
              StatusIs(ErrorCode::kCorruptMessage));
  MemoryLogRecordsBuilder builder({.format = LogFormat::kCompacted});
  builder.append(ChangeType::kAppendOnly, as_bytes(std::string_view("row")));
  ByteBuffer bytes;
  ASSERT_OK(builder.finish(bytes));
  GatherBytes lying_length(std::move(bytes));
  lying_length.append(as_bytes(std::string_view("extra")));
  EXPECT_THAT(stamp_log_batch(lying_length, WriterId(1), BatchSequence(0)),
              StatusIs(ErrorCode::kCorruptMessage));
}

TEST(LogBatchRowsTest, ArrowMessageWithFewerRowsThanRecordCountIsCorrupt) {
  MemoryLogRecordsBuilder builder({.format = LogFormat::kArrow}, row_type(),
                                  ArrowCompression{.type = ArrowCompressionType::kNone});
  ASSERT_OK(builder.append(ChangeType::kAppendOnly, make_row(1, "x", 2)));
  ByteBuffer out;
  ASSERT_OK(builder.finish(out));
  auto bytes = out.release();
  store_le<int32_t>(bytes.data() + 44, 2);  // RecordCount
  store_le<int32_t>(bytes.data() + 28, 1);  // LastOffsetDelta
  const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(bytes));
  EXPECT_THAT(decode_log_records(batch, LogFormat::kArrow, row_type()),
              StatusIs(ErrorCode::kCorruptRecordException));
}

TEST(LogBatchRowsTest, CorruptRowKeepsTheRowDecodersCode) {
  MemoryLogRecordsBuilder builder({.format = LogFormat::kCompacted});
  builder.append(ChangeType::kAppendOnly, std::vector<uint8_t>{0x00, 0x01, 0x09});  // b overruns
  ByteBuffer out;
  ASSERT_OK(builder.finish(out));
  const LogRecordBatch batch = value_or_throw(LogRecordBatch::parse(out.view()));
  EXPECT_THAT(decode_log_records(batch, LogFormat::kCompacted, row_type()),
              StatusIs(ErrorCode::kCorruptMessage));
}

TEST(KvBatchRowsTest, ValuesDecodeAsRowsAndStoredValuesCarryTheSchemaId) {
  const GenericRow row = make_row(1, "ab", std::nullopt);
  const auto value = encode(RowFormat::kCompacted, row_type(), row);
  KvRecordBatchBuilder builder({.schema_id = SchemaId(1)});
  builder.append(std::vector<uint8_t>{0x01}, value);
  builder.append(std::vector<uint8_t>{0x02}, std::nullopt);
  ByteBuffer out;
  builder.finish(out);
  const KvRecordBatch batch = value_or_throw(KvRecordBatch::parse(out.view()));
  ASSERT_OK(batch.ensure_valid());
  KvRecordReader reader(batch);
  const KvRecord upsert = value_or_throw(reader.next()).value();
  ASSERT_TRUE(upsert.value.has_value());
  EXPECT_EQ(value_or_throw(decode_row(RowFormat::kCompacted, row_type(), *upsert.value)), row);
  EXPECT_FALSE(value_or_throw(reader.next())->value.has_value());

  ByteBuffer stored;
  encode_value(batch.schema_id(), *upsert.value, stored);
  ValueRecordBatchBuilder values;
  ASSERT_OK(values.append_value(stored.view()));
  ByteBuffer scan;
  values.finish(scan);
  ValueRecordReader scan_reader(value_or_throw(ValueRecordBatch::parse(scan.view())));
  const ValueRecord record = value_or_throw(scan_reader.next()).value();
  EXPECT_EQ(record.schema_id, SchemaId(1));
  EXPECT_EQ(value_or_throw(decode_row(RowFormat::kCompacted, row_type(), record.row)), row);
}

}  // namespace
}  // namespace fluss
