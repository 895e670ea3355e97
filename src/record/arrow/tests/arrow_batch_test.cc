// SPDX-License-Identifier: Apache-2.0
#include "record/arrow/arrow_batch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "record/arrow/arrow_message.h"
#include "record/tests/random_rows.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;
using test::StatusIsWith;

constexpr ArrowCompression kNone{.type = ArrowCompressionType::kNone};
constexpr ArrowCompression kZstd{.type = ArrowCompressionType::kZstd, .zstd_level = 3};
constexpr ArrowCompression kLz4{.type = ArrowCompressionType::kLz4Frame};
constexpr ArrowCompression kCodecs[] = {kNone, kZstd, kLz4};

std::string codec_name(const ArrowCompression& c) {
  switch (c.type) {
    case ArrowCompressionType::kNone:
      return "NONE";
    case ArrowCompressionType::kZstd:
      return "ZSTD";
    case ArrowCompressionType::kLz4Frame:
      return "LZ4_FRAME";
  }
  return "?";
}

ByteBuffer write_batch(const RowType& type, const std::vector<GenericRow>& rows,
                       ArrowCompression compression) {
  ArrowBatchWriter writer(type, compression);
  for (const GenericRow& row : rows) {
    Status s = writer.append(row);
    if (!s.ok()) throw std::runtime_error(s.to_string());
  }
  ByteBuffer out;
  Status s = writer.finish(out);
  if (!s.ok()) throw std::runtime_error(s.to_string());
  return out;
}

class ArrowBatchTest : public ::testing::Test {
 protected:
  const std::vector<DataField> fields_ = test::every_type_fields();
  const RowType type_ = test::row_type_of(fields_);
};

TEST_F(ArrowBatchTest, EveryTypeRoundTripsWithEveryCodec) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  for (const ArrowCompression& codec : kCodecs) {
    SCOPED_TRACE(codec_name(codec));
    ArrowBatchWriter writer(type_, codec);
    // The writer is reused: batches of different sizes, including empty ones.
    for (int count : {0, 1, 7, 200, 0, 33}) {
      std::vector<GenericRow> rows = gen.rows(type_, count);
      for (const GenericRow& row : rows) ASSERT_OK(writer.append(row));
      EXPECT_EQ(writer.row_count(), rows.size());
      ByteBuffer message;
      ASSERT_OK(writer.finish(message));
      EXPECT_EQ(writer.row_count(), 0u);
      EXPECT_EQ(message.size() % 8, 0u);
      auto decoded = read_arrow_batch(type_, message.view());
      ASSERT_OK(decoded);
      ASSERT_EQ(decoded->size(), rows.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ((*decoded)[i], rows[i]) << "row " << i;
      }
    }
  }
}

TEST_F(ArrowBatchTest, ExtremesAndEmptyValuesRoundTrip) {
  RowType type = {DataType::bigint(),     DataType::string(),
                  DataType::bytes(),      DataType::decimal(38, 0),
                  DataType::timestamp(9), DataType::timestamp_ltz(6),
                  DataType::time(9),      DataType::array(DataType::int_()),
                  DataType::double_()};
  __int128 max38 = 1;
  for (int i = 0; i < 38; ++i) max38 *= 10;
  std::vector<GenericRow> rows = {
      GenericRow(std::vector<Datum>{
          std::numeric_limits<int64_t>::min(), std::string(), Binary{},
          Decimal{.unscaled = max38 - 1, .precision = 38, .scale = 0}, TimestampNtz{-1, 999999},
          TimestampLtz{-86400000LL * 365 * 300, 1000}, int32_t{86399999},
          std::make_shared<const GenericArray>(), std::numeric_limits<double>::infinity()}),
      GenericRow(std::vector<Datum>{
          std::numeric_limits<int64_t>::max(), std::string("\0x", 2),
          Binary{std::string(1000, '\xff')},
          Decimal{.unscaled = -(max38 - 1), .precision = 38, .scale = 0}, TimestampNtz{0, 1},
          TimestampLtz{-1, 0}, int32_t{0},
          std::make_shared<const GenericArray>(std::vector<Datum>{Null{}, Null{}}), -0.0}),
  };
  for (const ArrowCompression& codec : kCodecs) {
    SCOPED_TRACE(codec_name(codec));
    ByteBuffer message = write_batch(type, rows, codec);
    auto decoded = read_arrow_batch(type, message.view());
    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, rows);
  }
}

// (a INT NOT NULL, b STRING) = (1, "ab"), uncompressed: the body is Arrow's
// buffer layout with 8-byte padding, and the validity buffers are empty
// because there are no nulls.
TEST_F(ArrowBatchTest, UncompressedBodyLayoutIsArrows) {
  RowType type = {DataType::int_().not_null(), DataType::string()};
  ByteBuffer message =
      write_batch(type, {GenericRow(std::vector<Datum>{int32_t{1}, std::string("ab")})}, kNone);
  ByteView m = message.view();
  ASSERT_GE(m.size(), 8u + 24u);
  EXPECT_EQ(load_le<uint32_t>(m.data()), 0xFFFFFFFFu);
  const int32_t metadata_length = load_le<int32_t>(m.data() + 4);
  EXPECT_EQ(metadata_length % 8, 0);
  ASSERT_EQ(m.size(), 8u + static_cast<size_t>(metadata_length) + 24u);
  const std::string body = to_hex(m.subspan(8 + metadata_length));
  EXPECT_EQ(body,
            "0100000000000000"    // a values: int32 1, padding
            "0000000002000000"    // b offsets: 0, 2
            "6162000000000000");  // b data: "ab", padding
}

TEST_F(ArrowBatchTest, CompressionShrinksRepetitiveColumnsAndStoresTinyBuffersRaw) {
  RowType type = {DataType::bigint().not_null()};
  std::vector<GenericRow> rows;
  for (int i = 0; i < 4096; ++i) rows.emplace_back(std::vector<Datum>{int64_t{7}});
  const size_t plain = write_batch(type, rows, kNone).size();
  for (const ArrowCompression& codec : {kZstd, kLz4}) {
    ByteBuffer message = write_batch(type, rows, codec);
    EXPECT_LT(message.size(), plain / 10) << codec_name(codec);
    ASSERT_OK(read_arrow_batch(type, message.view()));
    // One row: the 8-byte buffer does not compress, so it is stored with the -1 prefix.
    ByteBuffer tiny = write_batch(type, {rows[0]}, codec);
    const std::string hex = to_hex(tiny.view());
    EXPECT_NE(hex.find("ffffffffffffffff0700000000000000"), std::string::npos) << hex;
    auto decoded = read_arrow_batch(type, tiny.view());
    ASSERT_OK(decoded);
    EXPECT_EQ(decoded->at(0), rows[0]);
  }
}

TEST_F(ArrowBatchTest, AppendRejectsBadValuesAndLeavesTheBatchUnchanged) {
  RowType type = {DataType::int_().not_null(), DataType::array(DataType::string().not_null()),
                  DataType::decimal(5, 2), DataType::binary(2)};
  auto list = [](std::vector<Datum> v) {
    return std::make_shared<const GenericArray>(std::move(v));
  };
  GenericRow good({int32_t{1}, list({std::string("x")}),
                   Decimal{.unscaled = 12345, .precision = 5, .scale = 2}, Binary{"ab"}});
  ArrowBatchWriter writer(type, kZstd);
  ASSERT_OK(writer.append(good));
  EXPECT_THAT(writer.append(GenericRow(std::vector<Datum>{Null{}, Null{}, Null{}, Null{}})),
              StatusIsWith(ErrorCode::kCorruptMessage, "column 0"));
  EXPECT_THAT(writer.append(GenericRow(std::vector<Datum>{int64_t{1}, Null{}, Null{}, Null{}})),
              StatusIsWith(ErrorCode::kCorruptMessage, "unexpected int64"));
  // Fails inside the list after its first element went in.
  EXPECT_THAT(writer.append(GenericRow(std::vector<Datum>{
                  int32_t{2}, list({std::string("y"), Null{}}), Null{}, Null{}})),
              StatusIsWith(ErrorCode::kCorruptMessage, "column 1.element"));
  EXPECT_THAT(
      writer.append(GenericRow(
          {int32_t{2}, Null{}, Decimal{.unscaled = 1, .precision = 5, .scale = 3}, Null{}})),
      StatusIsWith(ErrorCode::kCorruptMessage, "column 2"));
  EXPECT_THAT(
      writer.append(GenericRow(
          {int32_t{2}, Null{}, Decimal{.unscaled = 100000, .precision = 5, .scale = 2}, Null{}})),
      StatusIsWith(ErrorCode::kCorruptMessage, "does not fit"));
  EXPECT_THAT(
      writer.append(GenericRow(std::vector<Datum>{int32_t{2}, Null{}, Null{}, Binary{"abc"}})),
      StatusIsWith(ErrorCode::kCorruptMessage, "BINARY(2)"));
  EXPECT_THAT(writer.append(GenericRow(std::vector<Datum>{int32_t{2}})),
              StatusIsWith(ErrorCode::kCorruptMessage, "row of 1 fields"));
  EXPECT_EQ(writer.row_count(), 1u);
  GenericRow other({int32_t{3}, Null{}, Null{}, Null{}});
  ASSERT_OK(writer.append(other));
  ByteBuffer message;
  ASSERT_OK(writer.finish(message));
  auto decoded = read_arrow_batch(type, message.view());
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, (std::vector<GenericRow>{good, other}));
}

TEST_F(ArrowBatchTest, EstimatedSizeGrowsWithRows) {
  ArrowBatchWriter writer(type_, kNone);
  const size_t empty = writer.estimated_size();
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  for (const GenericRow& row : gen.rows(type_, 50)) ASSERT_OK(writer.append(row));
  EXPECT_GT(writer.estimated_size(), empty + 50 * 100);
  ByteBuffer message;
  ASSERT_OK(writer.finish(message));
  EXPECT_EQ(writer.estimated_size(), empty);
}

// ---------------------------------------------------------------------------
// Projection

TEST_F(ArrowBatchTest, ProjectionEqualsDecodeThenProject) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  test::RandomRows gen(seed);
  std::mt19937_64& rng = gen.rng();
  const std::vector<GenericRow> rows = gen.rows(type_, 60);
  for (const ArrowCompression& codec : kCodecs) {
    SCOPED_TRACE(codec_name(codec));
    ByteBuffer message = write_batch(type_, rows, codec);
    for (int round = 0; round < 20; ++round) {
      std::vector<int> columns;
      for (int c = 0; c < static_cast<int>(type_.size()); ++c) {
        if (rng() % 3 == 0) columns.push_back(c);
      }
      if (columns.empty()) columns.push_back(static_cast<int>(rng() % type_.size()));
      RowType projected_type;
      for (int c : columns) projected_type.push_back(type_[c]);
      ByteBuffer projected;
      ASSERT_OK(project_arrow_batch(type_, message.view(), columns, projected));
      EXPECT_LE(projected.size(), message.size());
      auto decoded = read_arrow_batch(projected_type, projected.view());
      ASSERT_OK(decoded);
      ASSERT_EQ(decoded->size(), rows.size());
      for (size_t r = 0; r < rows.size(); ++r) {
        for (size_t i = 0; i < columns.size(); ++i) {
          ASSERT_TRUE(datum_equals((*decoded)[r][i], rows[r][columns[i]]))
              << "row " << r << " column " << columns[i];
        }
      }
    }
  }
}

TEST_F(ArrowBatchTest, ProjectionCopiesCompressedBuffersVerbatim) {
  RowType type = {DataType::string(), DataType::bigint()};
  std::vector<GenericRow> rows;
  for (int i = 0; i < 1000; ++i) {
    rows.push_back(GenericRow(
        std::vector<Datum>{std::string(40, static_cast<char>('a' + i % 3)), int64_t{i}}));
  }
  ByteBuffer message = write_batch(type, rows, kZstd);
  ByteBuffer projected;
  const int columns[] = {1};
  ASSERT_OK(project_arrow_batch(type, message.view(), columns, projected));
  // Column 1's compressed values buffer appears byte for byte in both messages.
  ByteBuffer only_bigint = write_batch(
      {DataType::bigint()},
      [&] {
        std::vector<GenericRow> r;
        for (const GenericRow& row : rows) r.push_back(GenericRow(std::vector<Datum>{row[1]}));
        return r;
      }(),
      kZstd);
  const std::string tail =
      to_hex(only_bigint.view()).substr(to_hex(only_bigint.view()).size() - 64);
  EXPECT_NE(to_hex(projected.view()).find(tail), std::string::npos);
  auto decoded = read_arrow_batch({DataType::bigint()}, projected.view());
  ASSERT_OK(decoded);
  EXPECT_EQ((*decoded)[999][0], Datum(int64_t{999}));
}

TEST_F(ArrowBatchTest, ProjectionRejectsBadColumnLists) {
  ByteBuffer message = write_batch(type_, {}, kNone);
  ByteBuffer out;
  for (std::vector<int> columns : std::vector<std::vector<int>>{{}, {2, 1}, {1, 1}, {-1}, {99}}) {
    EXPECT_THAT(project_arrow_batch(type_, message.view(), columns, out),
                StatusIs(ErrorCode::kInvalidColumnProjection));
  }
  const int ok_columns[] = {0};
  EXPECT_THAT(project_arrow_batch({DataType::int_()}, message.view(), ok_columns, out),
              StatusIsWith(ErrorCode::kCorruptMessage, "field nodes"));
}

// ---------------------------------------------------------------------------
// Corrupt input

class ArrowBatchCorruptTest : public ::testing::Test {
 protected:
  const RowType type_ = {DataType::int_().not_null(), DataType::string()};
  ByteBuffer message_ =
      write_batch(type_, {GenericRow(std::vector<Datum>{int32_t{1}, std::string("ab")})}, kNone);

  size_t body_start() const { return 8 + load_le<int32_t>(message_.data() + 4); }
  Result<std::vector<GenericRow>> read(ByteView bytes) { return read_arrow_batch(type_, bytes); }
};

TEST_F(ArrowBatchCorruptTest, BadContinuationMarker) {
  message_.data()[0] = 0x00;
  EXPECT_THAT(read(message_.view()), StatusIsWith(ErrorCode::kCorruptMessage, "continuation"));
}

TEST_F(ArrowBatchCorruptTest, MetadataLengthPastTheEnd) {
  message_.put_le<int32_t>(4, 1 << 20);
  EXPECT_THAT(read(message_.view()), StatusIsWith(ErrorCode::kCorruptMessage, "metadata length"));
  message_.put_le<int32_t>(4, -8);
  EXPECT_THAT(read(message_.view()), StatusIsWith(ErrorCode::kCorruptMessage, "metadata length"));
}

TEST_F(ArrowBatchCorruptTest, GarbageFlatbufferFailsVerification) {
  for (size_t i = 8; i < body_start(); ++i) message_.data()[i] = 0xAB;
  EXPECT_THAT(read(message_.view()), StatusIsWith(ErrorCode::kCorruptMessage, "verification"));
}

TEST_F(ArrowBatchCorruptTest, EveryTruncationIsAnError) {
  for (size_t n = 0; n < message_.size(); ++n) {
    EXPECT_THAT(read(message_.view().first(n)), StatusIs(ErrorCode::kCorruptMessage)) << n;
  }
}

TEST_F(ArrowBatchCorruptTest, BufferOutsideTheBody) {
  // The data buffer of column 1 is {offset 16, length 2}: make it 2000 long.
  std::string hex = to_hex(message_.view().first(body_start()));
  const std::string entry =
      "1000000000000000"
      "0200000000000000";
  const size_t at = hex.find(entry);
  ASSERT_NE(at, std::string::npos);
  message_.put_le<int64_t>(at / 2 + 8, 2000);
  EXPECT_THAT(read(message_.view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "column 1: data buffer [16, +2000)"));
}

TEST_F(ArrowBatchCorruptTest, OffsetsNotMonotonic) {
  message_.put_le<int32_t>(body_start() + 8, 5);  // offsets [5, 2]
  EXPECT_THAT(read(message_.view()), StatusIsWith(ErrorCode::kCorruptMessage,
                                                  "column 1: offsets buffer is not monotonic"));
  message_.put_le<int32_t>(body_start() + 8, 0);
  message_.put_le<int32_t>(body_start() + 12, 9);  // offsets [0, 9] past the 2-byte data
  EXPECT_THAT(read(message_.view()), StatusIsWith(ErrorCode::kCorruptMessage, "offsets run to 9"));
}

TEST_F(ArrowBatchCorruptTest, WrongNodeAndBufferCounts) {
  EXPECT_THAT(
      read_arrow_batch({DataType::int_(), DataType::string(), DataType::int_()}, message_.view()),
      StatusIsWith(ErrorCode::kCorruptMessage, "column 2: the message has no field node"));
  EXPECT_THAT(read_arrow_batch({DataType::int_()}, message_.view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "the row type takes"));
  EXPECT_THAT(read_arrow_batch({DataType::int_(), DataType::int_()}, message_.view()),
              StatusIs(ErrorCode::kCorruptMessage));
}

TEST_F(ArrowBatchCorruptTest, BadDecompressedLength) {
  RowType type = {DataType::int_().not_null()};
  std::vector<GenericRow> rows(1000, GenericRow(std::vector<Datum>{int32_t{5}}));
  for (const ArrowCompression& codec : {kZstd, kLz4}) {
    SCOPED_TRACE(codec_name(codec));
    ByteBuffer message = write_batch(type, rows, codec);
    const size_t body = 8 + load_le<int32_t>(message.data() + 4);
    // The validity buffer is empty (no nulls): the values buffer starts the body.
    ASSERT_EQ(load_le<int64_t>(message.data() + body), 4000);
    for (int64_t lie : {int64_t{3999}, int64_t{4001}, int64_t{-2}, int64_t{1} << 40}) {
      message.put_le<int64_t>(body, lie);
      EXPECT_THAT(read_arrow_batch(type, message.view()),
                  StatusIsWith(ErrorCode::kCorruptMessage, "column 0: values buffer"))
          << lie;
    }
  }
}

TEST_F(ArrowBatchCorruptTest, RandomBitFlipsNeverCrash) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  const std::vector<DataField> fields = test::every_type_fields();
  const RowType type = test::row_type_of(fields);
  test::RandomRows gen(seed);
  std::mt19937_64& rng = gen.rng();
  const std::vector<GenericRow> rows = gen.rows(type, 8);
  for (const ArrowCompression& codec : kCodecs) {
    const ByteBuffer clean = write_batch(type, rows, codec);
    for (int round = 0; round < 300; ++round) {
      ByteBuffer bytes;
      bytes.append(clean.view());
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f) bytes.data()[rng() % bytes.size()] ^= 1u << (rng() % 8);
      auto decoded = read_arrow_batch(type, bytes.view());
      if (!decoded.ok()) {
        EXPECT_THAT(decoded, StatusIs(ErrorCode::kCorruptMessage));
      }
    }
  }
}

TEST(ArrowBodyCodecTest, AcceptsJavasEmptyBufferAndStoredBuffers) {
  std::vector<uint8_t> out{1, 2, 3};
  // Arrow Java: an empty buffer is a zero prefix and no frame.
  ByteBuffer empty;
  empty.append_le<int64_t>(0);
  ASSERT_OK(arrow::decompress_buffer(arrow::fb::CompressionType::ZSTD, empty.view(), out, "t"));
  EXPECT_TRUE(out.empty());
  ByteBuffer stored;
  stored.append_le<int64_t>(-1);
  stored.append("abc");
  ASSERT_OK(
      arrow::decompress_buffer(arrow::fb::CompressionType::LZ4_FRAME, stored.view(), out, "t"));
  EXPECT_EQ(std::string(out.begin(), out.end()), "abc");
  EXPECT_THAT(arrow::decompress_buffer(arrow::fb::CompressionType::ZSTD, ByteView(), out, "t"),
              StatusIsWith(ErrorCode::kCorruptMessage, "no uncompressed-length prefix"));
}

TEST(ArrowBodyCodecTest, CompressedBuffersRoundTripAndLiesAreCaught) {
  std::string raw(100000, 'x');
  for (size_t i = 0; i < raw.size(); i += 7) raw[i] = static_cast<char>(i);
  for (ArrowCompression c : {kZstd, kLz4}) {
    ByteBuffer compressed;
    ASSERT_OK(arrow::compress_buffer(c, as_bytes(raw), nullptr, compressed));
    EXPECT_LT(compressed.size(), raw.size());
    const auto codec = c.type == ArrowCompressionType::kZstd
                           ? arrow::fb::CompressionType::ZSTD
                           : arrow::fb::CompressionType::LZ4_FRAME;
    std::vector<uint8_t> out;
    ASSERT_OK(arrow::decompress_buffer(codec, compressed.view(), out, "t"));
    EXPECT_EQ(std::string(out.begin(), out.end()), raw);
    // Truncated frame.
    EXPECT_THAT(
        arrow::decompress_buffer(codec, compressed.view().first(compressed.size() - 5), out, "t"),
        StatusIs(ErrorCode::kCorruptMessage));
  }
}

// Regenerates the fuzzer's seed corpus: FLUSS_TEST_WRITE_CORPUS=1 record_test
// --gtest_filter=*WritesFuzzCorpus --gtest_also_run_disabled_tests
TEST(ArrowBatchFuzzCorpus, DISABLED_WritesFuzzCorpus) {
  const char* source = std::getenv("FLUSS_SOURCE_DIR");
  ASSERT_NE(source, nullptr);
  const std::filesystem::path dir =
      std::filesystem::path(source) / "src/record/fuzz/corpus/arrow_batch_fuzzer";
  std::filesystem::create_directories(dir);
  // The fuzzer's row types (first byte picks one); see arrow_batch_fuzzer.cc.
  const std::vector<RowType> types = {
      {DataType::int_().not_null(), DataType::string()},
      {DataType::boolean(), DataType::bigint(), DataType::double_(), DataType::bytes(),
       DataType::decimal(20, 2), DataType::timestamp(9), DataType::time(3), DataType::binary(3)},
      {DataType::array(DataType::int_()),
       DataType::map(DataType::string().not_null(), DataType::bigint()),
       DataType::row({test::named_field("a", DataType::int_()),
                      test::named_field("b", DataType::array(DataType::string()))})},
  };
  test::RandomRows gen(42);  // a fixed seed: the corpus is checked in
  int n = 0;
  for (size_t t = 0; t < types.size(); ++t) {
    for (const ArrowCompression& codec : kCodecs) {
      ByteBuffer message = write_batch(types[t], gen.rows(types[t], 3), codec);
      std::ofstream out(dir / fmt::format("seed_{}_{}", t, codec_name(codec)), std::ios::binary);
      out.put(static_cast<char>(t));
      out.write(reinterpret_cast<const char*>(message.data()),
                static_cast<std::streamsize>(message.size()));
      ++n;
    }
  }
  EXPECT_EQ(n, 9);
}

}  // namespace
}  // namespace fluss
