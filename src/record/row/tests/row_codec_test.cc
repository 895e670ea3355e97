// SPDX-License-Identifier: Apache-2.0
#include "record/row/row_codec.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "record/row/compacted_row.h"
#include "record/row/row_internal.h"
#include "record/tests/random_rows.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

GenericRow row_of(std::vector<Datum> values) { return GenericRow(std::move(values)); }

using test::StatusIs;
using test::StatusIsWith;

constexpr RowFormat kFormats[] = {RowFormat::kIndexed, RowFormat::kCompacted, RowFormat::kAligned};

std::string hex_of(RowFormat format, const RowType& type, const GenericRow& row) {
  ByteBuffer out;
  Status s = encode_row(format, type, row, out);
  EXPECT_TRUE(s.ok()) << s.to_string();
  return to_hex(out.view());
}

std::vector<uint8_t> from_hex(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::shared_ptr<const GenericArray> list(std::vector<Datum> v) {
  return std::make_shared<const GenericArray>(std::move(v));
}
std::shared_ptr<const GenericRow> nested(std::vector<Datum> v) {
  return std::make_shared<const GenericRow>(std::move(v));
}

// (a INT NOT NULL, b STRING) = (1, "ab"), the worked example of fluss-wire.md §7.1 / §5.11.
const RowType kIntString = {DataType::int_().not_null(), DataType::string()};
const GenericRow kOneAb({int32_t{1}, std::string("ab")});

TEST(RowCodecTest, IndexedRowGoldenBytes) {
  EXPECT_EQ(hex_of(RowFormat::kIndexed, kIntString, kOneAb),
            "00"
            "02000000"
            "01000000"
            "6162");
}

TEST(RowCodecTest, CompactedRowGoldenBytes) {
  EXPECT_EQ(hex_of(RowFormat::kCompacted, kIntString, kOneAb), "0001026162");
}

TEST(RowCodecTest, StoredValueIsSchemaIdThenRow) {
  // fluss-wire.md §6.4: schema 1, (1, "ab") in COMPACTED.
  ByteBuffer value;
  value.append_le<int16_t>(1);
  ASSERT_OK(encode_row(RowFormat::kCompacted, kIntString, kOneAb, value));
  EXPECT_EQ(to_hex(value.view()), "01000001026162");
}

TEST(RowCodecTest, AlignedRowGoldenBytes) {
  // 8-byte bit-set (header byte + null bits), one 8-byte slot per field; "ab" inline
  // with 0x80 | 2 in the slot's last byte.
  EXPECT_EQ(hex_of(RowFormat::kAligned, kIntString, kOneAb),
            "0000000000000000"
            "0100000000000000"
            "6162000000000082");
  // A string longer than 7 bytes: (offset 24 << 32) | 10, data padded to 16 bytes.
  const GenericRow long_string({int32_t{-1}, std::string("abcdefghij")});
  EXPECT_EQ(hex_of(RowFormat::kAligned, kIntString, long_string),
            "0000000000000000"
            "ffffffff00000000"
            "0a00000018000000"
            "6162636465666768"
            "696a000000000000");
  // A null field: bit 8 + 1 of the bit-set, slot zeroed.
  const GenericRow null_string({int32_t{7}, Null{}});
  EXPECT_EQ(hex_of(RowFormat::kAligned, kIntString, null_string),
            "0002000000000000"
            "0700000000000000"
            "0000000000000000");
}

TEST(RowCodecTest, NullBitsAreLsbFirstPerByte) {
  RowType types(10, DataType::int_());
  GenericRow row(10);
  for (int i = 0; i < 10; ++i) row.set(i, int32_t{i});
  row.set(0, Null{});
  row.set(9, Null{});
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row),
            "0102"
            "0102030405060708");
}

TEST(RowCodecTest, WideRowsUseSeveralBitSetWords) {
  // 60 fields: an 8-byte CompactedRow/IndexedRow bit-set, a 16-byte AlignedRow one
  // (header byte + 60 bits > 64).
  const RowType types(60, DataType::int_());
  GenericRow row(60);
  for (int i = 0; i < 60; ++i) {
    if (i % 7 != 3) row.set(i, int32_t{i * 1000});
  }
  for (RowFormat format : kFormats) {
    ByteBuffer out;
    ASSERT_OK(encode_row(format, types, row, out));
    if (format == RowFormat::kAligned) {
      EXPECT_EQ(out.size(), 16u + 8 * 60);
    }
    auto decoded = decode_row(format, types, out.view());
    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, row) << row_internal::format_name(format);
  }
  // Field 59 is bit 59 + 8 = 67: byte 8, bit 3 of the AlignedRow bit-set.
  ByteBuffer out;
  ASSERT_OK(encode_row(RowFormat::kAligned, types, row, out));
  EXPECT_EQ(out.data()[8], 0x08);
}

TEST(RowCodecTest, CompactedIntegersAreUnsignedVarintsWithoutZigZag) {
  const RowType types = {DataType::int_().not_null(), DataType::bigint().not_null(),
                         DataType::smallint().not_null()};
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row_of({int32_t{-1}, int64_t{-1}, int16_t{-2}})),
            "00"
            "ffffffff0f"
            "ffffffffffffffffff01"
            "feff");
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row_of({int32_t{300}, int64_t{127}, int16_t{1}})),
            "00"
            "ac02"
            "7f"
            "0100");
}

TEST(RowCodecTest, CharAndBinaryArePaddedInIndexedRowOnly) {
  const RowType types = {DataType::char_(5), DataType::binary(4)};
  const GenericRow row({std::string("ab"), Binary{std::string("\x01\x00\x02", 3)}});
  EXPECT_EQ(hex_of(RowFormat::kIndexed, types, row),
            "00"
            "6162000000"
            "01000200");
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row),
            "00"
            "026162"
            "03010002");
  // The IndexedRow reader strips trailing zeros: lossless here, lossy for a BINARY
  // value that ends in 0x00.
  const std::vector<uint8_t> bytes = from_hex(
      "00"
      "6162000000"
      "01000200");
  auto decoded = decode_row(RowFormat::kIndexed, types, bytes);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, row);
  const GenericRow trailing_zero({std::string("a"), Binary{std::string("\x01\x00", 2)}});
  ByteBuffer out;
  ASSERT_OK(encode_row(RowFormat::kIndexed, types, trailing_zero, out));
  decoded = decode_row(RowFormat::kIndexed, types, out.view());
  ASSERT_OK(decoded);
  EXPECT_EQ(std::get<Binary>((*decoded)[1]).bytes, "\x01");
  // Too long for CHAR(5) / BINARY(4).
  const GenericRow too_long({std::string("abcdef"), Null{}});
  EXPECT_THAT(encode_row(RowFormat::kIndexed, types, too_long, out),
              StatusIsWith(ErrorCode::kCorruptMessage, "IndexedRow field 0"));
}

TEST(RowCodecTest, DecimalsAreCompactUpToPrecision18) {
  const RowType types = {DataType::decimal(18, 2).not_null(), DataType::decimal(19, 2).not_null()};
  const GenericRow row({Decimal{-1, 18, 2}, Decimal{128, 19, 2}});
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row),
            "00"
            "ffffffffffffffffff01"
            "020080");
  EXPECT_EQ(hex_of(RowFormat::kIndexed, types, row),
            "00"
            "02000000"
            "ffffffffffffffff"
            "0080");
  // AlignedRow: the non-compact decimal reserves 16 bytes; slot = (24 << 32) | 2.
  EXPECT_EQ(hex_of(RowFormat::kAligned, types, row),
            "0000000000000000"
            "ffffffffffffffff"
            "0200000018000000"
            "0080000000000000"
            "0000000000000000");
}

TEST(RowCodecTest, UnscaledBytesAreJavaBigIntegerBytes) {
  struct Case {
    __int128 v;
    const char* hex;
  };
  for (const Case& c :
       {Case{0, "00"}, Case{-1, "ff"}, Case{127, "7f"}, Case{128, "0080"}, Case{-128, "80"},
        Case{-129, "ff7f"}, Case{255, "00ff"}, Case{65536, "010000"}}) {
    uint8_t bytes[16];
    const int len = row_internal::unscaled_to_bytes(c.v, bytes);
    EXPECT_EQ(to_hex(ByteView(bytes, len)), c.hex);
    __int128 back = 0;
    ASSERT_TRUE(row_internal::unscaled_from_bytes(ByteView(bytes, len), &back));
    EXPECT_TRUE(back == c.v) << c.hex;
  }
  // 10^38 - 1, the largest DECIMAL(38): 16 bytes.
  __int128 max = 1;
  for (int i = 0; i < 38; ++i) max *= 10;
  uint8_t bytes[16];
  EXPECT_EQ(row_internal::unscaled_to_bytes(max - 1, bytes), 16);
  EXPECT_EQ(row_internal::unscaled_to_bytes(-(max - 1), bytes), 16);
}

TEST(RowCodecTest, TimestampsAreCompactUpToPrecision3) {
  const RowType types = {DataType::timestamp(3).not_null(), DataType::timestamp_ltz(6).not_null()};
  const GenericRow row({TimestampNtz{1000, 0}, TimestampLtz{1000, 5}});
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row),
            "00"
            "e807"
            "e807"
            "05");
  EXPECT_EQ(hex_of(RowFormat::kIndexed, types, row),
            "00"
            "e803000000000000"
            "e803000000000000"
            "05000000");
  // AlignedRow: millis in the variable part, nanos in the slot's low half.
  EXPECT_EQ(hex_of(RowFormat::kAligned, types, row),
            "0000000000000000"
            "e803000000000000"
            "0500000018000000"
            "e803000000000000");
}

TEST(RowCodecTest, BinaryArrayLayout) {
  // [1, NULL, 3]: count, 4 bytes of null bits (bit 1), three 4-byte ints, padded to 24.
  const RowType types = {DataType::array(DataType::int_())};
  const GenericRow row({list({int32_t{1}, Null{}, int32_t{3}})});
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row),
            "00"
            "18"
            "03000000"
            "02000000"
            "01000000"
            "00000000"
            "03000000"
            "00000000");
  // Strings use 8-byte slots: inline when short, else offset (from the array start) and size.
  const RowType strings = {DataType::array(DataType::string())};
  const GenericRow row2({list({std::string("ab"), std::string("0123456789")})});
  EXPECT_EQ(hex_of(RowFormat::kIndexed, strings, row2),
            "00"
            "28000000"
            "02000000"
            "00000000"
            "6162000000000082"
            "0a00000018000000"
            "3031323334353637"
            "3839000000000000");
}

TEST(RowCodecTest, BinaryMapLayout) {
  const RowType types = {DataType::map(DataType::int_(), DataType::boolean())};
  const GenericRow row({std::make_shared<const GenericMap>(std::vector<Datum>{int32_t{5}},
                                                           std::vector<Datum>{true})});
  // key array size (16), key array [5], value array [true].
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row),
            "00"
            "24"
            "10000000"
            "01000000"
            "00000000"
            "05000000"
            "00000000"
            "01000000"
            "00000000"
            "0100000000000000");
}

TEST(RowCodecTest, NestedRowsUseTheOuterFormat) {
  const DataType inner =
      DataType::row({{"x", DataType::int_().not_null(), {}, 0}, {"y", DataType::string(), {}, 1}});
  const RowType types = {inner};
  const GenericRow row({nested({int32_t{1}, std::string("ab")})});
  EXPECT_EQ(hex_of(RowFormat::kCompacted, types, row),
            "00"
            "05"
            "0001026162");
  EXPECT_EQ(hex_of(RowFormat::kIndexed, types, row),
            "00"
            "0b000000"
            "00"
            "02000000"
            "01000000"
            "6162");
  // Arrays of rows: the elements are rows of the outer format too.
  const RowType rows = {DataType::array(inner)};
  const GenericRow row2({list({nested({int32_t{1}, std::string("ab")})})});
  EXPECT_EQ(hex_of(RowFormat::kCompacted, rows, row2),
            "00"
            "18"
            "01000000"
            "00000000"
            "0500000010000000"
            "0001026162000000");
}

TEST(RowCodecTest, EveryTypeRoundTripsWithExtremes) {
  __int128 max38 = 1;
  for (int i = 0; i < 38; ++i) max38 *= 10;
  --max38;
  const DataType inner = DataType::row(
      {{"a", DataType::bigint(), {}, 0}, {"b", DataType::array(DataType::string()), {}, 1}});
  const RowType types = {
      DataType::boolean(),
      DataType::tinyint(),
      DataType::smallint(),
      DataType::int_(),
      DataType::bigint(),
      DataType::float_(),
      DataType::double_(),
      DataType::char_(3),
      DataType::string(),
      DataType::binary(3),
      DataType::bytes(),
      DataType::decimal(18, 4),
      DataType::decimal(38, 10),
      DataType::date(),
      DataType::time(3),
      DataType::timestamp(3),
      DataType::timestamp(9),
      DataType::timestamp_ltz(0),
      DataType::timestamp_ltz(6),
      DataType::array(DataType::array(DataType::int_())),
      DataType::map(DataType::string(), inner),
      inner,
  };
  const GenericRow extremes({
      true,
      std::numeric_limits<int8_t>::min(),
      std::numeric_limits<int16_t>::min(),
      std::numeric_limits<int32_t>::min(),
      std::numeric_limits<int64_t>::min(),
      -std::numeric_limits<float>::infinity(),
      std::numeric_limits<double>::denorm_min(),
      std::string("xyz"),
      std::string(""),
      Binary{"\xff\x01\x02"},
      Binary{""},
      Decimal{999'999'999'999'999'999, 18, 4},
      Decimal{-max38, 38, 10},
      std::numeric_limits<int32_t>::max(),
      86'399'999,
      TimestampNtz{std::numeric_limits<int64_t>::min(), 0},
      TimestampNtz{-1, 999'999},
      TimestampLtz{std::numeric_limits<int64_t>::max(), 0},
      TimestampLtz{0, 1},
      list({list({}), Null{}, list({int32_t{-1}})}),
      std::make_shared<const GenericMap>(
          std::vector<Datum>{std::string(""), std::string("k")},
          std::vector<Datum>{Null{}, nested({int64_t{-5}, list({std::string(100, 'x')})})}),
      nested({Null{}, list({Null{}, std::string("")})}),
  });
  const GenericRow nulls(types.size());
  for (RowFormat format : kFormats) {
    for (const GenericRow& row : {extremes, nulls}) {
      ByteBuffer out;
      ASSERT_OK(encode_row(format, types, row, out));
      auto decoded = decode_row(format, types, out.view());
      ASSERT_OK(decoded);
      EXPECT_EQ(*decoded, row) << row_internal::format_name(format);
    }
  }
}

TEST(RowCodecTest, RandomRowsRoundTripInEveryFormat) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows random(seed, test::ValueRange::kRowFormats);
  for (int iteration = 0; iteration < 300; ++iteration) {
    const RowType types = random.row_type(random.uniform(0, 12), 2);
    for (int r = 0; r < 5; ++r) {
      const GenericRow row = random.row(types);
      for (RowFormat format : kFormats) {
        ByteBuffer out;
        ASSERT_OK(encode_row(format, types, row, out));
        auto decoded = decode_row(format, types, out.view());
        ASSERT_OK(decoded);
        ASSERT_EQ(*decoded, row) << row_internal::format_name(format) << " " << to_hex(out.view());
      }
    }
  }
}

TEST(RowCodecTest, EncodeRejectsNullsInNotNullFieldsAndWrongValues) {
  for (RowFormat format : kFormats) {
    ByteBuffer out;
    EXPECT_THAT(encode_row(format, kIntString, row_of({Null{}, std::string("a")}), out),
                StatusIsWith(ErrorCode::kCorruptMessage, "field 0 of type INT NOT NULL"));
    EXPECT_THAT(
        encode_row(format, kIntString, row_of({int64_t{1}, std::string("a")}), out),
        StatusIsWith(ErrorCode::kCorruptMessage, "field 0 of type INT NOT NULL cannot hold 1"));
    EXPECT_THAT(encode_row(format, kIntString, row_of({int32_t{1}}), out),
                StatusIs(ErrorCode::kCorruptMessage));
    const RowType compact = {DataType::decimal(10, 0)};
    EXPECT_THAT(encode_row(format, compact, row_of({Decimal{__int128{1} << 70, 10, 0}}), out),
                StatusIsWith(ErrorCode::kCorruptMessage, "more digits than the precision"));
    const RowType ts = {DataType::timestamp(6)};
    EXPECT_THAT(encode_row(format, ts, row_of({TimestampNtz{0, 1'000'000}}), out),
                StatusIsWith(ErrorCode::kCorruptMessage, "nanos"));
  }
}

// A row of many types whose encodings exercise every decoder path.
RowType corrupt_test_type() {
  return {DataType::int_().not_null(),
          DataType::string(),
          DataType::decimal(30, 3),
          DataType::timestamp(6),
          DataType::array(DataType::string()),
          DataType::map(DataType::int_(), DataType::bytes()),
          DataType::row({{"x", DataType::string(), {}, 0}, {"y", DataType::bigint(), {}, 1}}),
          DataType::char_(4)};
}

GenericRow corrupt_test_row() {
  return row_of({int32_t{-7}, std::string("hello world"), Decimal{-123456789, 30, 3},
                 TimestampNtz{12345, 678},
                 list({std::string("short"), std::string("a longer string"), Null{}}),
                 std::make_shared<const GenericMap>(std::vector<Datum>{int32_t{1}},
                                                    std::vector<Datum>{Binary{"0123456789"}}),
                 nested({std::string("nested string"), int64_t{-1}}), std::string("abc")});
}

TEST(RowCodecTest, TruncatedRowsAreCorruptMessages) {
  const RowType types = corrupt_test_type();
  for (RowFormat format : kFormats) {
    ByteBuffer out;
    ASSERT_OK(encode_row(format, types, corrupt_test_row(), out));
    const std::vector<uint8_t> bytes(out.data(), out.data() + out.size());
    for (size_t len = 0; len < bytes.size(); ++len) {
      // An exact-size heap copy, so that ASan sees any read past the end.
      std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + len);
      auto decoded = decode_row(format, types, cut);
      if (format == RowFormat::kAligned && decoded.ok()) continue;  // only padding was cut
      EXPECT_THAT(decoded, StatusIs(ErrorCode::kCorruptMessage))
          << row_internal::format_name(format) << " cut at " << len;
    }
    // Trailing bytes.
    std::vector<uint8_t> longer = bytes;
    longer.push_back(0);
    if (format != RowFormat::kAligned) {
      EXPECT_THAT(decode_row(format, types, longer),
                  StatusIsWith(ErrorCode::kCorruptMessage, "trailing"));
    }
  }
}

TEST(RowCodecTest, FlippedBitsNeverReadOutOfBounds) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const RowType types = corrupt_test_type();
  for (RowFormat format : kFormats) {
    ByteBuffer out;
    ASSERT_OK(encode_row(format, types, corrupt_test_row(), out));
    for (size_t byte = 0; byte < out.size(); ++byte) {
      for (int bit = 0; bit < 8; ++bit) {
        std::vector<uint8_t> flipped(out.data(), out.data() + out.size());
        flipped[byte] ^= static_cast<uint8_t>(1u << bit);
        auto decoded = decode_row(format, types, flipped);
        if (!decoded.ok()) {
          EXPECT_THAT(decoded, StatusIs(ErrorCode::kCorruptMessage));
        }
      }
    }
    for (int i = 0; i < 200; ++i) {
      std::vector<uint8_t> noise(rng() % 64);
      for (uint8_t& b : noise) b = static_cast<uint8_t>(rng());
      auto decoded = decode_row(format, types, noise);
      if (!decoded.ok()) {
        EXPECT_THAT(decoded, StatusIs(ErrorCode::kCorruptMessage));
      }
    }
  }
}

TEST(RowCodecTest, LyingLengthsNameTheField) {
  // IndexedRow: the STRING's length in the var-length list claims 1000 bytes.
  auto indexed = from_hex(
      "00"
      "e8030000"
      "01000000"
      "6162");
  EXPECT_THAT(decode_row(RowFormat::kIndexed, kIntString, indexed),
              StatusIsWith(ErrorCode::kCorruptMessage, "IndexedRow field 1"));
  auto negative = from_hex(
      "00"
      "ffffffff"
      "01000000"
      "6162");
  EXPECT_THAT(decode_row(RowFormat::kIndexed, kIntString, negative),
              StatusIsWith(ErrorCode::kCorruptMessage, "negative length"));
  // CompactedRow: uvarint length 200.
  auto compacted = from_hex(
      "00"
      "01"
      "c801"
      "6162");
  EXPECT_THAT(decode_row(RowFormat::kCompacted, kIntString, compacted),
              StatusIsWith(ErrorCode::kCorruptMessage, "CompactedRow field 1"));
  // A six-byte varint for an INT.
  auto long_varint = from_hex(
      "00"
      "ffffffffff01"
      "00");
  EXPECT_THAT(decode_row(RowFormat::kCompacted, kIntString, long_varint),
              StatusIsWith(ErrorCode::kCorruptMessage, "longer than 5 bytes"));
  // AlignedRow: offset 0x100 past the end; an inline length of 9.
  auto aligned = from_hex(
      "0000000000000000"
      "0100000000000000"
      "0a00000000010000");
  EXPECT_THAT(decode_row(RowFormat::kAligned, kIntString, aligned),
              StatusIsWith(ErrorCode::kCorruptMessage, "AlignedRow field 1"));
  auto inline9 = from_hex(
      "0000000000000000"
      "0100000000000000"
      "6162000000000089");
  EXPECT_THAT(decode_row(RowFormat::kAligned, kIntString, inline9),
              StatusIsWith(ErrorCode::kCorruptMessage, "inline length 9"));
  // A BinaryArray claiming 2^31-1 elements.
  const RowType arrays = {DataType::array(DataType::int_())};
  auto huge = from_hex(
      "00"
      "08"
      "ffffff7f"
      "00000000");
  EXPECT_THAT(decode_row(RowFormat::kCompacted, arrays, huge),
              StatusIsWith(ErrorCode::kCorruptMessage, "CompactedRow field 0"));
  // A decimal of 17 bytes.
  const RowType decimals = {DataType::decimal(38, 0)};
  auto wide = from_hex(
      "00"
      "11"
      "0102030405060708090a0b0c0d0e0f1011");
  EXPECT_THAT(decode_row(RowFormat::kCompacted, decimals, wide),
              StatusIsWith(ErrorCode::kCorruptMessage, "decimal"));
}

TEST(CompactedRowWriterTest, WritesAndReadsFieldsWithoutGenericRow) {
  CompactedRowWriter writer(3);
  CompactedRowReader reader(3);
  for (int round = 0; round < 3; ++round) {
    writer.reset();
    writer.write_int(1);
    writer.set_null_at(1);
    writer.write_string("ab");
    EXPECT_EQ(to_hex(writer.view()), "0201026162");
    ASSERT_OK(reader.point_to(writer.view()));
    EXPECT_EQ(reader.read_int(), 1);
    EXPECT_TRUE(reader.is_null_at(1));
    EXPECT_FALSE(reader.is_null_at(2));
    EXPECT_EQ(reader.read_string(), "ab");
    EXPECT_TRUE(reader.ok());
    EXPECT_TRUE(reader.at_end());
  }
  // Growing past the initial buffer.
  writer.reset();
  const std::string big(1000, 'q');
  writer.write_string(big);
  writer.write_long(std::numeric_limits<int64_t>::min());
  writer.write_double(2.5);
  writer.write_decimal(Decimal{-5, 20, 0}, 20);
  writer.write_timestamp_ltz(TimestampLtz{-3, 999'999}, 9);
  ASSERT_OK(reader.point_to(writer.view()));
  EXPECT_EQ(reader.read_string(), big);
  EXPECT_EQ(reader.read_long(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(reader.read_double(), 2.5);
  EXPECT_TRUE(reader.read_decimal(20, 0) == (Decimal{-5, 20, 0}));
  EXPECT_TRUE(reader.read_timestamp_ltz(9) == (TimestampLtz{-3, 999'999}));
  EXPECT_TRUE(reader.at_end());
  EXPECT_OK(reader.status());
}

TEST(CompactedRowWriterTest, NestedValuesAreBlobsFromEncodeArrayAndMap) {
  const RowType types = {DataType::array(DataType::int_()),
                         DataType::map(DataType::int_(), DataType::boolean())};
  const auto values = list({int32_t{1}, Null{}, int32_t{3}});
  const GenericMap map(std::vector<Datum>{int32_t{5}}, std::vector<Datum>{true});
  CompactedRowWriter writer(2);
  ByteBuffer blob;
  ASSERT_OK(encode_array(RowFormat::kCompacted, DataType::int_(), *values, blob));
  writer.write_bytes(blob.view());
  blob.clear();
  ASSERT_OK(encode_map(RowFormat::kCompacted, DataType::int_(), DataType::boolean(), map, blob));
  writer.write_bytes(blob.view());
  const GenericRow expected({values, std::make_shared<const GenericMap>(map)});
  EXPECT_EQ(to_hex(writer.view()), hex_of(RowFormat::kCompacted, types, expected));

  CompactedRowReader reader(2);
  ASSERT_OK(reader.point_to(writer.view()));
  auto array = decode_array(RowFormat::kCompacted, DataType::int_(), reader.read_bytes());
  ASSERT_OK(array);
  EXPECT_EQ(**array, *values);
  auto decoded_map =
      decode_map(RowFormat::kCompacted, DataType::int_(), DataType::boolean(), reader.read_bytes());
  ASSERT_OK(decoded_map);
  EXPECT_EQ(**decoded_map, map);
}

TEST(CompactedRowWriterTest, ReaderFailsStickilyAndReportsTheByte) {
  CompactedRowReader reader(1);
  const std::vector<uint8_t> bytes = from_hex(
      "00"
      "05"
      "6162");
  ASSERT_OK(reader.point_to(bytes));
  EXPECT_EQ(reader.read_string(), "");
  EXPECT_FALSE(reader.ok());
  EXPECT_EQ(reader.read_int(), 0);
  EXPECT_THAT(reader.status(),
              StatusIsWith(ErrorCode::kCorruptMessage, "length past the end at byte 2"));
  EXPECT_THAT(reader.point_to({}), StatusIs(ErrorCode::kCorruptMessage));
}

}  // namespace
}  // namespace fluss
