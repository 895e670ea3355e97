// SPDX-License-Identifier: Apache-2.0
#include "record/arrow/arrow_ipc_stream.h"

#include <gtest/gtest.h>

#include "record/arrow/arrow_batch.h"
#include "record/tests/random_rows.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;
using test::StatusIsWith;

// What a type reads back as from a stream we wrote: CHAR(n) is Utf8 (STRING),
// and TIMESTAMP_LTZ is a Timestamp without time zone as Fluss writes it
// (§5.10.3), which reads as TIMESTAMP.
DataType arrow_round_trip_type(const DataType& type) {
  switch (type.root()) {
    case TypeRoot::kChar:
      return DataType::string().with_nullable(type.nullable());
    case TypeRoot::kTimestampLtz:
      return DataType::timestamp(type.precision()).with_nullable(type.nullable());
    default:
      return type;
  }
}

class ArrowIpcStreamTest : public ::testing::Test {
 protected:
  const std::vector<DataField> fields_ = test::every_type_fields();
  const RowType type_ = test::row_type_of(fields_);

  // Schema, `batches` batches of random rows, and optionally the EOS marker.
  ByteBuffer stream(uint64_t seed, int batches, bool eos, std::vector<GenericRow>* rows) {
    test::RandomRows gen(seed);
    ByteBuffer out;
    write_arrow_schema_message(fields_, out);
    ArrowBatchWriter writer(type_, ArrowCompression{.type = ArrowCompressionType::kZstd});
    for (int b = 0; b < batches; ++b) {
      for (GenericRow& row : gen.rows(type_, 5 + b)) {
        EXPECT_OK(writer.append(row));
        rows->push_back(std::move(row));
      }
      EXPECT_OK(writer.finish(out));
    }
    if (eos) write_arrow_end_of_stream(out);
    return out;
  }
};

TEST_F(ArrowIpcStreamTest, SchemaAndBatchesRoundTrip) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  for (bool eos : {true, false}) {
    std::vector<GenericRow> rows;
    ByteBuffer bytes = stream(seed, 3, eos, &rows);
    auto contents = read_arrow_stream(bytes.view());
    ASSERT_OK(contents);
    ASSERT_EQ(contents->fields.size(), fields_.size());
    for (size_t i = 0; i < fields_.size(); ++i) {
      EXPECT_EQ(contents->fields[i].name, fields_[i].name);
      EXPECT_EQ(contents->fields[i].type, arrow_round_trip_type(fields_[i].type))
          << fields_[i].name;
    }
    ASSERT_EQ(contents->rows.size(), rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < fields_.size(); ++c) {
        // TIMESTAMP_LTZ values come back as TIMESTAMP ones (same instant fields).
        Datum want = rows[r][c];
        if (const auto* ltz = std::get_if<TimestampLtz>(&want)) {
          want = TimestampNtz{ltz->epoch_millisecond, ltz->nano_of_millisecond};
        }
        EXPECT_TRUE(datum_equals(contents->rows[r][c], want)) << "row " << r << " column " << c;
      }
    }
  }
}

TEST_F(ArrowIpcStreamTest, EndOfStreamMarkerIsEightBytes) {
  ByteBuffer out;
  write_arrow_end_of_stream(out);
  EXPECT_EQ(to_hex(out.view()), "ffffffff00000000");
}

TEST_F(ArrowIpcStreamTest, RejectsBatchBeforeSchemaAndMissingSchema) {
  ArrowBatchWriter writer({DataType::int_()},
                          ArrowCompression{.type = ArrowCompressionType::kNone});
  ASSERT_OK(writer.append(GenericRow(std::vector<Datum>{int32_t{1}})));
  ByteBuffer batch;
  ASSERT_OK(writer.finish(batch));
  EXPECT_THAT(read_arrow_stream(batch.view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "before the schema"));
  ByteBuffer eos;
  write_arrow_end_of_stream(eos);
  EXPECT_THAT(read_arrow_stream(eos.view()), StatusIsWith(ErrorCode::kCorruptMessage, "no Schema"));
}

TEST_F(ArrowIpcStreamTest, TruncatedStreamsAreErrors) {
  std::vector<GenericRow> rows;
  ByteBuffer bytes = stream(7, 2, /*eos=*/true, &rows);
  for (size_t n = 1; n + 8 < bytes.size(); n += 7) {
    auto contents = read_arrow_stream(bytes.view().first(n));
    // A cut exactly between messages is a shorter valid stream.
    if (contents.ok()) {
      EXPECT_LE(contents->rows.size(), rows.size());
    } else {
      EXPECT_THAT(contents, StatusIs(ErrorCode::kCorruptMessage)) << n;
    }
  }
}

}  // namespace
}  // namespace fluss
