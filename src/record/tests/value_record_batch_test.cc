// SPDX-License-Identifier: Apache-2.0
// Stored values (ValueEncoder, fluss-wire.md §6.4) and value record batches (§6.5).
#include "record/value_record_batch.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::seed_trace;
using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

using Bytes = std::vector<uint8_t>;

const Bytes kRow = {0x00, 0x01, 0x02, 0x61, 0x62};  // CompactedRow (1, "ab")

Result<std::vector<std::pair<SchemaId, Bytes>>> read_all(ByteView bytes) {
  FLUSS_ASSIGN_OR_RETURN(const ValueRecordBatch batch, ValueRecordBatch::parse(bytes));
  ValueRecordReader reader(batch);
  std::vector<std::pair<SchemaId, Bytes>> out;
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<ValueRecord> record, reader.next());
    if (!record) return out;
    out.emplace_back(record->schema_id, Bytes(record->row.begin(), record->row.end()));
  }
}

TEST(ValueEncoderTest, PrefixesTheSchemaId) {
  ByteBuffer out;
  encode_value(SchemaId(1), kRow, out);
  EXPECT_EQ(to_hex(out.view()), "01000001026162");  // §6.4
  const ValueRecord value = value_or_throw(decode_value(out.view()));
  EXPECT_EQ(value.schema_id, SchemaId(1));
  EXPECT_EQ(Bytes(value.row.begin(), value.row.end()), kRow);
  EXPECT_THAT(decode_value(out.view().first(1)), StatusIs(ErrorCode::kCorruptMessage));
  EXPECT_TRUE(value_or_throw(decode_value(out.view().first(2))).row.empty());
}

TEST(ValueEncoderTest, SchemaIdOutsideInt16FailsACheck) {
  ByteBuffer out;
  encode_value(SchemaId(-32768), kRow, out);
  EXPECT_EQ(value_or_throw(decode_value(out.view())).schema_id, SchemaId(-32768));
  EXPECT_DEATH(encode_value(SchemaId(40000), kRow, out), "schema id 40000 does not fit");
  ValueRecordBatchBuilder builder;
  EXPECT_DEATH(builder.append(SchemaId(-40000), kRow), "schema id -40000 does not fit");
}

TEST(ValueRecordBatchTest, WritesHeaderAndLengthPrefixedValues) {
  ValueRecordBatchBuilder builder;
  builder.append(SchemaId(1), kRow);
  ASSERT_OK(builder.append_value(Bytes{0x02, 0x00, 0xaa}));
  ByteBuffer out;
  builder.finish(out);
  EXPECT_EQ(to_hex(out.view()),
            "17000000"
            "00"
            "02000000"
            "07000000"
            "0100"
            "0001026162"
            "03000000"
            "0200"
            "aa");
  const ValueRecordBatch batch = value_or_throw(ValueRecordBatch::parse(out.view()));
  EXPECT_EQ(batch.size_in_bytes(), out.size());
  EXPECT_EQ(batch.magic(), kValueMagicV0);
  EXPECT_EQ(batch.record_count(), 2);
  const auto records = value_or_throw(read_all(out.view()));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], std::make_pair(SchemaId(1), kRow));
  EXPECT_EQ(records[1], std::make_pair(SchemaId(2), Bytes{0xaa}));
  EXPECT_THAT(builder.append_value(Bytes{0x01}), StatusIs(ErrorCode::kCorruptMessage));
}

TEST(ValueRecordBatchTest, RejectsCorruptInput) {
  ValueRecordBatchBuilder builder;
  builder.append(SchemaId(1), kRow);
  builder.append(SchemaId(3), Bytes{7, 8});
  ByteBuffer out;
  builder.finish(out);
  const Bytes good(out.view().begin(), out.view().end());
  ASSERT_TRUE(read_all(good).ok());
  for (size_t n = 0; n < good.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_THAT(read_all(ByteView(good).first(n)), StatusIs(ErrorCode::kCorruptMessage));
  }
  Bytes copy = good;
  copy[4] = 1;
  EXPECT_THAT(read_all(copy), StatusIsWith(ErrorCode::kCorruptMessage, "magic"));
  for (int32_t length : {-1, 0, 4, 1 << 30}) {
    SCOPED_TRACE(length);
    copy = good;
    store_le<int32_t>(copy.data(), length);
    EXPECT_THAT(read_all(copy), StatusIs(ErrorCode::kCorruptMessage));
  }
  copy = good;
  store_le<int32_t>(copy.data() + 5, -2);
  EXPECT_THAT(read_all(copy), StatusIsWith(ErrorCode::kCorruptMessage, "negative"));
  copy = good;
  store_le<int32_t>(copy.data() + 5, 3);
  EXPECT_THAT(read_all(copy), StatusIsWith(ErrorCode::kCorruptMessage, "record 2 of 3"));
  copy = good;
  store_le<int32_t>(copy.data() + 5, 1);
  EXPECT_THAT(read_all(copy), StatusIsWith(ErrorCode::kCorruptMessage, "bytes after"));
  for (int32_t length : {-1, 0, 1, 9, 1 << 30}) {  // record 0 at 9
    SCOPED_TRACE(length);
    copy = good;
    store_le<int32_t>(copy.data() + 9, length);
    EXPECT_THAT(read_all(copy), StatusIs(ErrorCode::kCorruptMessage));
  }
}

TEST(ValueRecordBatchTest, RandomBatchesRoundTrip) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(seed_trace(seed));
  std::mt19937_64 rng(seed);
  for (int iteration = 0; iteration < 200; ++iteration) {
    ValueRecordBatchBuilder builder;
    std::vector<std::pair<SchemaId, Bytes>> expected(rng() % 20);
    for (auto& [schema_id, row] : expected) {
      schema_id = SchemaId(static_cast<int16_t>(rng()));  // every int16, negative ones too
      row.resize(rng() % 30);
      for (auto& b : row) b = static_cast<uint8_t>(rng());
      builder.append(schema_id, row);
    }
    ByteBuffer out;
    builder.finish(out);
    EXPECT_EQ(out.size(), builder.size_in_bytes());
    EXPECT_EQ(value_or_throw(read_all(out.view())), expected) << "iteration " << iteration;
  }
}

}  // namespace
}  // namespace fluss
