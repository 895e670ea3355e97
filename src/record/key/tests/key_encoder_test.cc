// SPDX-License-Identifier: Apache-2.0
#include "record/key/key_encoder.h"

#include <gtest/gtest.h>

#include "record/key/bucketing.h"
#include "record/key/java_strings.h"
#include "record/tests/random_rows.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

GenericRow row_of(std::vector<Datum> values) { return GenericRow(std::move(values)); }

using test::StatusIs;
using test::StatusIsWith;

std::string key_hex(KeyEncoding encoding, const RowType& type, std::vector<int> key,
                    const GenericRow& row) {
  auto encoder = KeyEncoder::create(encoding, type, std::move(key));
  EXPECT_TRUE(encoder.ok()) << encoder.status().to_string();
  if (!encoder.ok()) return "";
  auto bytes = (*encoder)->encode_key(row);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? to_hex(bytes->view()) : "";
}

TEST(KeyEncoderTest, CompactedKeyVectors) {
  // fluss-wire.md §8.3.
  EXPECT_EQ(key_hex(KeyEncoding::kCompacted, {DataType::int_()}, {0}, row_of({int32_t{1}})), "01");
  EXPECT_EQ(key_hex(KeyEncoding::kCompacted, {DataType::int_(), DataType::string()}, {0, 1},
                    row_of({int32_t{1}, std::string("ab")})),
            "01026162");
  EXPECT_EQ(key_hex(KeyEncoding::kCompacted, {DataType::bigint()}, {0}, row_of({int64_t{-1}})),
            "ffffffffffffffffff01");
  // CompactedKeyEncoderTest.testEncodeKey / testGetKey.
  const RowType three = {DataType::int_(), DataType::bigint(), DataType::int_()};
  EXPECT_EQ(key_hex(KeyEncoding::kCompacted, three, {0, 1, 2},
                    row_of({int32_t{1}, int64_t{3}, int32_t{2}})),
            "010302");
  EXPECT_EQ(key_hex(KeyEncoding::kCompacted, three, {0, 1, 2},
                    row_of({int32_t{2}, int64_t{5}, int32_t{6}})),
            "020506");
  // Key columns in key order, not column order: (f2) of ("p1", 1, "a2").
  const RowType strings = {DataType::string(), DataType::bigint(), DataType::string()};
  EXPECT_EQ(key_hex(KeyEncoding::kCompacted, strings, {2},
                    row_of({std::string("p1"), int64_t{1}, std::string("a2")})),
            "026132");
}

TEST(KeyEncoderTest, CompactedKeyRejectsNullsNamingTheColumn) {
  const RowType type = {DataType::int_(), DataType::bigint(), DataType::int_()};
  auto encoder = KeyEncoder::create(KeyEncoding::kCompacted, type, {0, 1, 2}, {"a", "b", "c"});
  ASSERT_OK(encoder);
  EXPECT_THAT((*encoder)->encode_key(row_of({int32_t{1}, int64_t{2}, Null{}})),
              StatusIsWith(ErrorCode::kCorruptMessage, "key column 2 `c` of type INT is null"));
  EXPECT_THAT((*encoder)->encode_key(row_of({int32_t{1}, std::string("x"), int32_t{2}})),
              StatusIsWith(ErrorCode::kCorruptMessage, "key column 1 `b`"));
}

TEST(KeyEncoderTest, CompactedKeyPrefixIsAByteprefix) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows random(seed, test::ValueRange::kRowFormats);
  for (int i = 0; i < 200; ++i) {
    RowType type;
    for (int c = 0; c < 4; ++c) type.push_back(random.type(1).not_null());
    const GenericRow row = random.row(type);
    auto full = KeyEncoder::create(KeyEncoding::kCompacted, type, {0, 1, 2, 3});
    auto prefix = KeyEncoder::create(KeyEncoding::kCompacted, type, {0, 1});
    ASSERT_OK(full);
    ASSERT_OK(prefix);
    auto full_bytes = (*full)->encode_key(row);
    auto prefix_bytes = (*prefix)->encode_key(row);
    ASSERT_OK(full_bytes);
    ASSERT_OK(prefix_bytes);
    ASSERT_EQ(full_bytes->string_view().substr(0, prefix_bytes->size()),
              prefix_bytes->string_view());
    // And the key decodes back to its columns.
    auto decoded = decode_compacted_key(type, full_bytes->view());
    ASSERT_OK(decoded);
    ASSERT_EQ(*decoded, row);
  }
}

TEST(KeyEncoderTest, CorruptCompactedKeysAreErrors) {
  const RowType type = {DataType::int_().not_null(), DataType::string().not_null()};
  const std::vector<uint8_t> cases[] = {
      {}, {0x01}, {0x01, 0x05, 0x61}, {0x01, 0x00, 0x00}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
  for (const auto& bytes : cases) {
    EXPECT_THAT(decode_compacted_key(type, bytes), StatusIs(ErrorCode::kCorruptMessage));
  }
}

TEST(KeyEncoderTest, PaimonKeyIsABinaryRowWithRowKindInsert) {
  EXPECT_EQ(key_hex(KeyEncoding::kPaimon, {DataType::int_()}, {0}, row_of({int32_t{1}})),
            "0000000000000000"
            "0100000000000000");
  const RowType type = {DataType::bigint(), DataType::string(), DataType::string()};
  EXPECT_EQ(
      key_hex(KeyEncoding::kPaimon, type, {1, 0}, row_of({int64_t{5}, std::string("abc"), Null{}})),
      "0000000000000000"
      "6162630000000083"
      "0500000000000000");
  // A null key column is a null bit (8 + i), as PaimonBinaryRowWriter.setNullAt.
  EXPECT_EQ(key_hex(KeyEncoding::kPaimon, type, {2}, row_of({int64_t{5}, std::string(), Null{}})),
            "0001000000000000"
            "0000000000000000");
  EXPECT_THAT(KeyEncoder::create(KeyEncoding::kPaimon, {DataType::array(DataType::int_())}, {0}),
              StatusIs(ErrorCode::kInvalidTableException));
}

TEST(KeyEncoderTest, IcebergKeyIsOneValueInIcebergForm) {
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::int_()}, {0}, row_of({int32_t{42}})),
            "2a00000000000000");
  // IcebergKeyEncoderTest: 8-byte little-endian longs, raw UTF-8.
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::bigint()}, {0},
                    row_of({int64_t{1234567890123456789}})),
            "1581e97df4102211");
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::string()}, {0},
                    row_of({std::string("Hello Iceberg, Fluss this side!")})),
            to_hex(as_bytes("Hello Iceberg, Fluss this side!")));
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::time()}, {0}, row_of({int32_t{1000}})),
            "40420f0000000000");
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::timestamp(6)}, {0},
                    row_of({TimestampNtz{1698235273182, 123456}})),
            "abfb333689080600");
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::decimal(10, 2)}, {0},
                    row_of({Decimal{12345, 10, 2}})),
            "3039");
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::string()}, {0}, row_of({std::string("ab")})),
            "6162");
  EXPECT_EQ(key_hex(KeyEncoding::kIceberg, {DataType::double_()}, {0}, row_of({1.0})),
            "000000000000f03f");
  EXPECT_THAT(
      KeyEncoder::create(KeyEncoding::kIceberg, {DataType::int_(), DataType::int_()}, {0, 1}),
      StatusIsWith(ErrorCode::kInvalidTableException, "exactly one column"));
  EXPECT_THAT(KeyEncoder::create(KeyEncoding::kIceberg, {DataType::boolean()}, {0}),
              StatusIs(ErrorCode::kInvalidTableException));
  auto encoder = KeyEncoder::create(KeyEncoding::kIceberg, {DataType::int_()}, {0});
  ASSERT_OK(encoder);
  EXPECT_THAT((*encoder)->encode_key(row_of({Null{}})), StatusIs(ErrorCode::kCorruptMessage));
}

TEST(KeyEncoderTest, HudiKeyIsTheHashOfTheRecordKeyParts) {
  // HudiBucketingFunctionTest: List<String>.hashCode() of String.valueOf of each value.
  EXPECT_EQ(key_hex(KeyEncoding::kHudi, {DataType::int_()}, {0}, row_of({int32_t{42}})),
            "0000069d");
  EXPECT_EQ(key_hex(KeyEncoding::kHudi, {DataType::bigint()}, {0},
                    row_of({int64_t{1234567890123456789}})),
            "572e5819");
  EXPECT_EQ(key_hex(KeyEncoding::kHudi, {DataType::string()}, {0},
                    row_of({std::string("Hello Hudi - Fluss this side!")})),
            "9661f22b");
  EXPECT_EQ(
      key_hex(KeyEncoding::kHudi, {DataType::decimal(10, 2)}, {0}, row_of({Decimal{12345, 10, 2}})),
      "5675efdc");
  EXPECT_EQ(key_hex(KeyEncoding::kHudi, {DataType::date()}, {0}, row_of({int32_t{19655}})),
            "02cd3a4d");
  EXPECT_EQ(key_hex(KeyEncoding::kHudi, {DataType::timestamp(6)}, {0},
                    row_of({TimestampNtz{1698235273182, 123456}})),
            "1ec6d1f2");  // "2023-10-25T12:01:13.182123456"
  const RowType four = {DataType::int_(), DataType::bigint(), DataType::string(),
                        DataType::decimal(10, 2)};
  EXPECT_EQ(key_hex(KeyEncoding::kHudi, four, {0, 1, 2, 3},
                    row_of({int32_t{42}, int64_t{1234567890123456789},
                            std::string("Hello Hudi - Fluss this side!"), Decimal{12345, 10, 2}})),
            "d44c18ee");
  // A single null keeps Hudi's "__null__" placeholder.
  EXPECT_EQ(key_hex(KeyEncoding::kHudi, {DataType::string()}, {0}, row_of({Null{}})), "f0582fa6");
  // Composite keys cannot contain Hudi's separator.
  auto encoder = KeyEncoder::create(KeyEncoding::kHudi, {DataType::string(), DataType::int_()},
                                    {0, 1}, {"name", "id"});
  ASSERT_OK(encoder);
  EXPECT_THAT((*encoder)->encode_key(row_of({std::string("a,b"), int32_t{1}})),
              StatusIsWith(ErrorCode::kCorruptMessage, "`name`"));
  EXPECT_THAT(KeyEncoder::create(KeyEncoding::kHudi, {DataType::bytes()}, {0}),
              StatusIs(ErrorCode::kInvalidTableException));
}

TEST(KeyEncoderTest, JavaStringForms) {
  using namespace key_internal;
  EXPECT_EQ(java_local_date_time_string(1698235273182, 123456), "2023-10-25T12:01:13.182123456");
  EXPECT_EQ(java_local_date_time_string(1698235273000, 0), "2023-10-25T12:01:13");
  EXPECT_EQ(java_local_date_time_string(1698235260000, 0), "2023-10-25T12:01");
  EXPECT_EQ(java_local_date_time_string(1698235273100, 0), "2023-10-25T12:01:13.100");
  EXPECT_EQ(java_local_date_time_string(0, 1000), "1970-01-01T00:00:00.000001");
  EXPECT_EQ(java_local_date_time_string(-1, 0), "1969-12-31T23:59:59.999");
  EXPECT_EQ(java_instant_string(0, 0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(java_instant_string(-31'535'999'877, 456'789), "1969-01-01T00:00:00.123456789Z");
  EXPECT_EQ(java_instant_string(1698235273182, 0), "2023-10-25T12:01:13.182Z");
  EXPECT_EQ(decimal_to_plain_string(12345, 2), "123.45");
  EXPECT_EQ(decimal_to_plain_string(-5, 2), "-0.05");
  EXPECT_EQ(decimal_to_plain_string(0, 2), "0.00");
  EXPECT_EQ(decimal_to_plain_string(7, 0), "7");
  EXPECT_EQ(java_string_hash(""), 0);
  EXPECT_EQ(java_string_hash("a"), 97);
  EXPECT_EQ(java_string_hash("\xf0\x9f\x98\x80"), 1772899);  // U+1F600 as a surrogate pair
}

TEST(KeyEncoderTest, EncoderSelectionFollowsKvFormatVersionAndLake) {
  using L = DataLakeFormat;
  using E = KeyEncoding;
  constexpr auto kDefault = BucketKeyKind::kDefault;
  constexpr auto kCustom = BucketKeyKind::kCustom;
  struct Case {
    LakeFormat lake;
    int version;
    BucketKeyKind kind;
    E primary;
    E bucket;
  };
  const Case cases[] = {
      {std::nullopt, 1, kDefault, E::kCompacted, E::kCompacted},
      {std::nullopt, 2, kCustom, E::kCompacted, E::kCompacted},
      {L::kLance, 2, kDefault, E::kCompacted, E::kCompacted},
      {L::kPaimon, 1, kDefault, E::kPaimon, E::kPaimon},
      {L::kPaimon, 1, kCustom, E::kPaimon, E::kPaimon},
      {L::kPaimon, 2, kDefault, E::kPaimon, E::kPaimon},
      {L::kPaimon, 2, kCustom, E::kCompacted, E::kPaimon},
      {L::kIceberg, 1, kDefault, E::kIceberg, E::kIceberg},
      {L::kIceberg, 2, kCustom, E::kCompacted, E::kIceberg},
      {L::kHudi, 1, kDefault, E::kCompacted, E::kHudi},
      {L::kHudi, 2, kDefault, E::kCompacted, E::kHudi},
      {L::kHudi, 2, kCustom, E::kCompacted, E::kHudi},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message()
                 << "lake " << (c.lake ? static_cast<int>(*c.lake) : -1) << " version " << c.version
                 << " kind " << static_cast<int>(c.kind));
    auto primary = primary_key_encoding(c.lake, c.version, c.kind);
    auto bucket = bucket_key_encoding(c.lake, c.version, c.kind);
    ASSERT_OK(primary);
    ASSERT_OK(bucket);
    EXPECT_EQ(*primary, c.primary);
    EXPECT_EQ(*bucket, c.bucket);
  }
  EXPECT_THAT(primary_key_encoding(std::nullopt, 3, kDefault),
              StatusIs(ErrorCode::kUnsupportedVersion));
}

}  // namespace
}  // namespace fluss
