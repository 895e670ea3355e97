// SPDX-License-Identifier: Apache-2.0
// KV record batches: the golden bytes of fluss-wire.md §6.6, round trips and
// corrupt input.
#include "record/kv_record_batch.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/crc32c.h"
#include "record/tests/test_bytes.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::from_hex;
using test::seed_trace;
using test::StatusIs;
using test::StatusIsWith;
using test::to_vector;
using test::value_or_throw;

using Bytes = std::vector<uint8_t>;

// §6.6: upsert (1, "ab") then delete key 1, schema 1, no writer id.
constexpr std::string_view kGoldenHex =
    "29000000 00 9b30b5af 0100 00 ffffffffffffffff ffffffff 02000000"
    "07000000 01 01 0001026162 02000000 01 01";

struct Record {
  Bytes key;
  std::optional<Bytes> value;
  friend bool operator==(const Record&, const Record&) = default;
};

// Every record of `bytes`, or the first error.
Result<std::vector<Record>> read_all(ByteView bytes) {
  FLUSS_ASSIGN_OR_RETURN(const KvRecordBatch batch, KvRecordBatch::parse(bytes));
  KvRecordReader reader(batch);
  std::vector<Record> out;
  while (true) {
    FLUSS_ASSIGN_OR_RETURN(std::optional<KvRecord> record, reader.next());
    if (!record) return out;
    out.push_back({to_vector(record->key),
                   record->value ? std::optional(to_vector(*record->value)) : std::nullopt});
  }
}

class KvRecordBatchTest : public ::testing::Test {
 protected:
  Bytes golden_ = from_hex(kGoldenHex);
};

TEST_F(KvRecordBatchTest, BuilderWritesTheWorkedExampleByteForByte) {
  ASSERT_EQ(golden_.size(), 45u);
  KvRecordBatchBuilder builder({.schema_id = SchemaId(1)});
  const Bytes key = {0x01};
  builder.append(key, Bytes{0x00, 0x01, 0x02, 0x61, 0x62});
  builder.append(key, std::nullopt);
  EXPECT_EQ(builder.record_count(), 2);
  EXPECT_EQ(builder.size_in_bytes(), 45u);
  ByteBuffer out;
  builder.finish(out);
  EXPECT_EQ(to_hex(out.view()), to_hex(golden_));
}

TEST_F(KvRecordBatchTest, StampingTheWriterStateRewritesTheCrc) {
  Bytes bytes = golden_;
  ASSERT_OK(set_writer_state(bytes, WriterId(77), BatchSequence(5)));
  const KvRecordBatch batch = value_or_throw(KvRecordBatch::parse(bytes));
  ASSERT_OK(batch.ensure_valid());
  EXPECT_EQ(batch.writer_id(), WriterId(77));
  EXPECT_EQ(batch.batch_sequence(), BatchSequence(5));
  Bytes truncated(golden_.begin(), golden_.begin() + 20);
  EXPECT_FALSE(set_writer_state(truncated, WriterId(1), BatchSequence(0)).ok());
}

TEST_F(KvRecordBatchTest, ParsesTheWorkedExample) {
  const KvRecordBatch batch = value_or_throw(KvRecordBatch::parse(golden_));
  ASSERT_OK(batch.ensure_valid());
  EXPECT_EQ(batch.size_in_bytes(), 45u);
  EXPECT_EQ(batch.magic(), kKvMagicV0);
  EXPECT_EQ(batch.crc(), 0xafb5309bu);
  EXPECT_EQ(batch.compute_crc(), 0xafb5309bu);
  EXPECT_EQ(batch.schema_id(), SchemaId(1));
  EXPECT_EQ(batch.attributes(), 0);
  EXPECT_EQ(batch.writer_id(), kNoWriterId);
  EXPECT_EQ(batch.batch_sequence(), kNoBatchSequence);
  EXPECT_EQ(batch.record_count(), 2);
  EXPECT_EQ(testing::PrintToString(batch),
            "KvRecordBatch(records 2 size 45 schema 1 writer -1 seq -1)");
  const auto records = value_or_throw(read_all(golden_));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], (Record{{0x01}, Bytes{0x00, 0x01, 0x02, 0x61, 0x62}}));
  EXPECT_EQ(records[1], (Record{{0x01}, std::nullopt}));
}

TEST_F(KvRecordBatchTest, SchemaIdsOfTheInt16RangeRoundTripAndWiderOnesFailACheck) {
  for (int32_t id : {-32768, -1, 32767}) {
    SCOPED_TRACE(id);
    ByteBuffer out;
    KvRecordBatchBuilder({.schema_id = SchemaId(id)}).finish(out);
    EXPECT_EQ(load_le<int16_t>(out.data() + 9), static_cast<int16_t>(id));
    EXPECT_EQ(value_or_throw(KvRecordBatch::parse(out.view())).schema_id(), SchemaId(id));
  }
  EXPECT_DEATH(KvRecordBatchBuilder({.schema_id = SchemaId(1 << 16)}),
               "schema id 65536 does not fit");
}

TEST_F(KvRecordBatchTest, ParseLeavesFollowingBytesAlone) {
  Bytes two = golden_;
  two.insert(two.end(), golden_.begin(), golden_.end());
  const KvRecordBatch batch = value_or_throw(KvRecordBatch::parse(two));
  EXPECT_EQ(batch.size_in_bytes(), 45u);
  ASSERT_OK(batch.ensure_valid());
}

TEST_F(KvRecordBatchTest, EveryBitFlipInTheCrcRangeIsDetected) {
  for (size_t byte = 5; byte < golden_.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes copy = golden_;
      copy[byte] ^= static_cast<uint8_t>(1 << bit);
      const KvRecordBatch batch = value_or_throw(KvRecordBatch::parse(copy));
      ASSERT_THAT(batch.ensure_valid(), StatusIsWith(ErrorCode::kCorruptMessage, "CRC"))
          << "byte " << byte << " bit " << bit;
    }
  }
}

TEST_F(KvRecordBatchTest, ParseRejectsEveryTruncation) {
  for (size_t n = 0; n < golden_.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_THAT(KvRecordBatch::parse(ByteView(golden_).first(n)),
                StatusIs(ErrorCode::kCorruptMessage));
  }
}

TEST_F(KvRecordBatchTest, ParseRejectsWrongMagicAndLyingLength) {
  Bytes copy = golden_;
  copy[4] = 1;
  EXPECT_THAT(KvRecordBatch::parse(copy), StatusIsWith(ErrorCode::kCorruptMessage, "magic 1"));
  for (int32_t length : {-1, 0, 23, 42, 1 << 30}) {
    SCOPED_TRACE(length);
    copy = golden_;
    store_le<int32_t>(copy.data(), length);
    EXPECT_THAT(KvRecordBatch::parse(copy), StatusIs(ErrorCode::kCorruptMessage));
  }
}

// Rewrites an int32 at `offset` and fixes the CRC, so that only the field is wrong.
Bytes with_int(Bytes bytes, size_t offset, int32_t value) {
  store_le<int32_t>(bytes.data() + offset, value);
  store_le<uint32_t>(bytes.data() + 5, crc32c(ByteView(bytes).subspan(9)));
  return bytes;
}

TEST_F(KvRecordBatchTest, ReaderRejectsLyingRecordCountsAndLengths) {
  // Record 0 at 28 (length 7), record 1 at 39 (length 2).
  EXPECT_THAT(value_or_throw(KvRecordBatch::parse(with_int(golden_, 24, -1))).ensure_valid(),
              StatusIsWith(ErrorCode::kCorruptMessage, "negative RecordCount"));
  EXPECT_THAT(read_all(with_int(golden_, 24, 3)),
              StatusIsWith(ErrorCode::kCorruptMessage, "record 2 of 3"));
  EXPECT_THAT(read_all(with_int(golden_, 24, 1)),
              StatusIsWith(ErrorCode::kCorruptMessage, "6 bytes after the last of 1"));
  for (int32_t length : {-1, 0, 8, 17, 1 << 30}) {
    SCOPED_TRACE(length);
    EXPECT_THAT(read_all(with_int(golden_, 28, length)), StatusIs(ErrorCode::kCorruptMessage));
  }
  EXPECT_THAT(read_all(with_int(golden_, 39, 3)),
              StatusIsWith(ErrorCode::kCorruptMessage, "record 1 of 2"));
  Bytes lying_key = golden_;
  lying_key[32] = 7;  // key length 7 in a 7-byte record
  EXPECT_THAT(read_all(lying_key), StatusIsWith(ErrorCode::kCorruptMessage, "key length 7"));
  lying_key[32] = 0x80;  // a varint that never ends within the record
  lying_key[43] = 0x80;
  EXPECT_THAT(read_all(lying_key), StatusIs(ErrorCode::kCorruptMessage));
}

TEST_F(KvRecordBatchTest, RandomBatchesRoundTrip) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(seed_trace(seed));
  std::mt19937_64 rng(seed);
  auto random_bytes = [&](size_t max) {
    Bytes b(rng() % max);
    for (auto& x : b) x = static_cast<uint8_t>(rng());
    return b;
  };
  for (int iteration = 0; iteration < 300; ++iteration) {
    SCOPED_TRACE(iteration);
    const KvRecordBatchOptions options{
        .schema_id = SchemaId(static_cast<int32_t>(rng() % 50)),
        .writer_id = WriterId(static_cast<int64_t>(rng() >> 1)),
        .batch_sequence = BatchSequence(static_cast<int32_t>(rng() % 500))};
    KvRecordBatchBuilder builder(options);
    std::vector<Record> expected(rng() % 20);
    for (auto& record : expected) {
      record.key = random_bytes(200);  // some keys need a 2-byte length varint
      if (rng() % 3 != 0) {
        record.value = random_bytes(50);
        if (record.value->empty()) record.value->push_back(0);  // empty = delete
      }
      builder.append(record.key,
                     record.value ? std::optional<ByteView>(*record.value) : std::nullopt);
    }
    ByteBuffer out;
    builder.finish(out);
    ASSERT_EQ(out.size(), builder.size_in_bytes());
    const KvRecordBatch batch = value_or_throw(KvRecordBatch::parse(out.view()));
    ASSERT_OK(batch.ensure_valid());
    EXPECT_EQ(batch.schema_id(), options.schema_id);
    EXPECT_EQ(batch.writer_id(), options.writer_id);
    EXPECT_EQ(batch.batch_sequence(), options.batch_sequence);
    EXPECT_EQ(value_or_throw(read_all(out.view())), expected);
  }
}

}  // namespace
}  // namespace fluss
