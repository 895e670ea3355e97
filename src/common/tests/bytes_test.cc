// SPDX-License-Identifier: Apache-2.0
#include "common/bytes.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

std::string hex(const ByteBuffer& b) { return to_hex(b.view()); }

TEST(ByteBufferTest, WritesLittleAndBigEndian) {
  ByteBuffer b;
  b.append_le<int32_t>(46);
  b.append_be<int32_t>(46);
  b.append_le<int64_t>(-1);
  b.append_le<int16_t>(1);
  EXPECT_EQ(hex(b), "2e0000000000002effffffffffffffff0100");
  b.put_le<int32_t>(0, 0x01020304);
  EXPECT_EQ(hex(b).substr(0, 8), "04030201");
}

TEST(ByteBufferTest, ResizeZeroesNewBytesAndReleaseGivesUpTheBytes) {
  ByteBuffer b;
  b.append(std::string_view("\xff\xff\xff\xff", 4));
  b.resize(1);
  b.resize(4);  // the old 0xff bytes are still in the capacity: resize must zero them
  EXPECT_EQ(hex(b), "ff000000");
  b.append_zeros(2);
  EXPECT_EQ(hex(b), "ff0000000000");
  // resize_for_overwrite only makes room; the caller writes every byte of it.
  b.resize_for_overwrite(8);
  ASSERT_EQ(b.size(), 8u);
  std::memset(b.data() + 6, 0xab, 2);
  EXPECT_EQ(hex(b), "ff0000000000abab");
  Bytes released = b.release();
  EXPECT_EQ(released.size(), 8u);
  EXPECT_TRUE(b.empty());
}

TEST(VarintTest, EncodesAsUnsignedLeb128WithoutZigZag) {
  struct Case {
    uint64_t value;
    const char* hex;
  };
  for (const Case& c : {Case{0, "00"}, Case{1, "01"}, Case{127, "7f"}, Case{128, "8001"},
                        Case{300, "ac02"}, Case{0xFFFFFFFFu, "ffffffff0f"}}) {
    ByteBuffer b;
    b.append_uvarint32(static_cast<uint32_t>(c.value));
    EXPECT_EQ(hex(b), c.hex) << c.value;
    EXPECT_EQ(uvarint32_size(static_cast<uint32_t>(c.value)), static_cast<int>(b.size()));
  }
  // A negative int64 takes ten bytes (fluss-wire.md §8.3: BIGINT -1).
  ByteBuffer b;
  b.append_uvarint64(static_cast<uint64_t>(int64_t{-1}));
  EXPECT_EQ(hex(b), "ffffffffffffffffff01");
  // A negative int32 takes five.
  ByteBuffer c;
  c.append_uvarint32(static_cast<uint32_t>(-1));
  EXPECT_EQ(hex(c), "ffffffff0f");
}

TEST(VarintTest, RoundTripsRandomValues) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  ByteBuffer b;
  std::vector<uint64_t> values;
  for (int i = 0; i < 10000; ++i) {
    const uint64_t v = rng() >> (rng() % 64);
    values.push_back(v);
    b.append_uvarint64(v);
    b.append_uvarint32(static_cast<uint32_t>(v));
  }
  ByteReader r(b.view(), ErrorCode::kCorruptMessage, "test");
  for (uint64_t v : values) {
    EXPECT_EQ(r.read_uvarint64().value(), v);
    EXPECT_EQ(r.read_uvarint32().value(), static_cast<uint32_t>(v));
  }
  EXPECT_TRUE(r.at_end());
}

TEST(ByteReaderTest, TruncationIsAnErrorWithTheReadersCodeAndContext) {
  const uint8_t bytes[] = {1, 2, 3};
  ByteReader r(ByteView(bytes, 3), ErrorCode::kCorruptRecordException, "log record batch");
  EXPECT_EQ(r.read_le<uint16_t>().value(), 0x0201);
  EXPECT_THAT(r.read_le<int32_t>(), test::StatusIsWith(ErrorCode::kCorruptRecordException,
                                                       "log record batch: truncated"));
  EXPECT_EQ(r.position(), 2u);  // a failed read does not move the cursor
  EXPECT_THAT(r.read_bytes(2), test::StatusIs(ErrorCode::kCorruptRecordException));
  EXPECT_EQ(r.read_u8().value(), 3);
  EXPECT_THAT(r.read_uvarint32(), test::StatusIs(ErrorCode::kCorruptRecordException));
}

TEST(ByteReaderTest, RejectsOverlongVarints) {
  const uint8_t five_high[] = {0xff, 0xff, 0xff, 0xff, 0x7f};
  ByteReader r(ByteView(five_high, 5), ErrorCode::kCorruptMessage, "row");
  EXPECT_THAT(r.read_uvarint32(), test::StatusIsWith(ErrorCode::kCorruptMessage, "32 bits"));
  const uint8_t eleven[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  ByteReader r64(ByteView(eleven, 11), ErrorCode::kCorruptMessage, "row");
  EXPECT_THAT(r64.read_uvarint64(), test::StatusIsWith(ErrorCode::kCorruptMessage, "64 bits"));
  const uint8_t unterminated[] = {0x80, 0x80};
  ByteReader r2(ByteView(unterminated, 2), ErrorCode::kCorruptMessage, "row");
  EXPECT_THAT(r2.read_uvarint64(), test::StatusIsWith(ErrorCode::kCorruptMessage, "truncated"));
}

TEST(GatherBytesTest, SplicesBorrowedPiecesBetweenOwnedBytesInOrder) {
  auto batch = std::make_shared<std::string>("BATCH");
  std::weak_ptr<std::string> watch = batch;
  GatherBytes bytes(ByteBuffer{});
  bytes.owned().append_u8('a');
  bytes.append_borrowed(as_bytes(*batch), batch);
  bytes.append(as_bytes(std::string_view("bc")));
  bytes.owned().append_u8('d');  // grows the last owned piece
  bytes.append_borrowed(as_bytes(std::string_view("!")), nullptr);
  batch.reset();
  EXPECT_FALSE(watch.expired()) << "the GatherBytes keeps the borrowed buffer's owner";
  EXPECT_EQ(bytes.size(), 10u);
  EXPECT_EQ(bytes.flatten().string_view(), "aBATCHbcd!");
  int pieces = 0;
  bytes.for_each([&](ByteView) { ++pieces; });
  EXPECT_EQ(pieces, 4);
}

TEST(GatherBytesTest, StartsFromAByteBufferWithoutCopying) {
  ByteBuffer first;
  first.append(as_bytes(std::string_view("head")));
  const uint8_t* data = first.data();
  GatherBytes bytes(std::move(first));
  bytes.for_each([&](ByteView piece) { EXPECT_EQ(piece.data(), data); });
  EXPECT_EQ(bytes.flatten().string_view(), "head");
  EXPECT_TRUE(GatherBytes().empty());
}

}  // namespace
}  // namespace fluss
