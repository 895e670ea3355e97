// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/roaring_bitmap.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "storage/kv/tests/row_merger_fixture.h"
#include "test_utils/seed.h"

namespace fluss::storage {
namespace {

RoaringBitmap32 bitmap_of(std::initializer_list<uint32_t> values) {
  RoaringBitmap32 b;
  for (uint32_t v : values) b.add(v);
  return b;
}

std::vector<uint8_t> hex(std::string_view text) {
  std::vector<uint8_t> out;
  std::string digits;
  for (char c : text) {
    if (c != ' ') digits += c;
  }
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// Golden bytes of the portable format as Java's RoaringBitmap.serialize writes
// it after runOptimize (docs/merge-engines.md).
TEST(RoaringBitmap32Test, ArrayContainerGoldenBytes) {
  // Cookie 12346, one container; key 0, cardinality - 1 = 2; offset 16; 1, 2, 3.
  const auto expected = hex("3a300000 01000000 00000200 10000000 0100 0200 0300");
  EXPECT_EQ(bitmap_of({1, 2, 3}).serialize(), expected);
  ASSERT_OK_AND_ASSIGN(auto parsed, RoaringBitmap32::deserialize(expected));
  EXPECT_EQ(parsed.values(), (std::vector<uint32_t>{1, 2, 3}));
}

TEST(RoaringBitmap32Test, RunContainerGoldenBytes) {
  RoaringBitmap32 b;
  for (uint32_t v = 0; v < 10; ++v) b.add(v);
  // Cookie 12347 | (1 - 1) << 16, run flags 01, key 0 cardinality - 1 = 9, no
  // offsets (fewer than 4 containers), one run: start 0, length - 1 = 9.
  const auto expected = hex("3b300000 01 00000900 0100 0000 0900");
  EXPECT_EQ(b.serialize(), expected);
  ASSERT_OK_AND_ASSIGN(auto parsed, RoaringBitmap32::deserialize(expected));
  EXPECT_EQ(parsed, b);
}

TEST(RoaringBitmap32Test, EmptyBitmap) {
  const auto expected = hex("3a300000 00000000");
  EXPECT_EQ(RoaringBitmap32().serialize(), expected);
  ASSERT_OK_AND_ASSIGN(auto parsed, RoaringBitmap32::deserialize(expected));
  EXPECT_EQ(parsed.cardinality(), 0u);
}

TEST(RoaringBitmap32Test, BitmapContainersAndManyKeysRoundTrip) {
  RoaringBitmap32 b;
  for (uint32_t v = 0; v <= 2 * 4096; v += 2) b.add(v);  // 4097 values, no runs: bitmap
  for (uint32_t k = 1; k < 6; ++k) b.add(k << 16 | 7);   // more keys: offsets written
  b.add(0xFFFFFFFFu);
  const std::vector<uint8_t> bytes = b.serialize();
  ASSERT_OK_AND_ASSIGN(auto parsed, RoaringBitmap32::deserialize(bytes));
  EXPECT_EQ(parsed, b);
  EXPECT_EQ(parsed.cardinality(), 4097u + 5 + 1);
  EXPECT_TRUE(parsed.contains(0xFFFFFFFFu));
  EXPECT_FALSE(parsed.contains(1));
  EXPECT_EQ(parsed.serialize(), bytes);
}

TEST(RoaringBitmap32Test, UnionMatchesASetModel) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 20; ++round) {
    RoaringBitmap32 acc;
    std::set<uint32_t> model;
    for (int part = 0; part < 4; ++part) {
      RoaringBitmap32 in;
      const int n = static_cast<int>(rng() % 6000);
      const uint32_t base = static_cast<uint32_t>(rng() % 4) << 16;
      const bool dense = rng() % 2;
      uint32_t v = base + static_cast<uint32_t>(rng() % 1000);
      for (int i = 0; i < n; ++i) {
        v += dense ? 1 + static_cast<uint32_t>(rng() % 2) : static_cast<uint32_t>(rng() % 5000);
        in.add(v);
        model.insert(v);
      }
      ASSERT_OK_AND_ASSIGN(auto reread, RoaringBitmap32::deserialize(in.serialize()));
      acc.or_with(reread);
    }
    EXPECT_EQ(acc.values(), std::vector<uint32_t>(model.begin(), model.end()));
    ASSERT_OK_AND_ASSIGN(auto reread, RoaringBitmap32::deserialize(acc.serialize()));
    EXPECT_EQ(reread, acc);
  }
}

TEST(RoaringBitmap32Test, CorruptInputIsRejected) {
  RoaringBitmap32 b;
  for (uint32_t v = 0; v < 10; ++v) b.add(v);
  b.add(1u << 16 | 3);
  for (const std::vector<uint8_t>& valid : {bitmap_of({1, 2, 3}).serialize(), b.serialize()}) {
    // Every truncation.
    for (size_t n = 0; n < valid.size(); ++n) {
      EXPECT_THAT(RoaringBitmap32::deserialize(ByteView(valid).first(n)),
                  test::StatusIs(ErrorCode::kCorruptMessage))
          << n;
    }
    // Flipped bits never crash; what parses is a well-formed bitmap.
    for (size_t bit = 0; bit < valid.size() * 8; ++bit) {
      std::vector<uint8_t> flipped = valid;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      auto parsed = RoaringBitmap32::deserialize(flipped);
      if (!parsed.ok()) continue;
      auto reread = RoaringBitmap32::deserialize(parsed->serialize());
      ASSERT_TRUE(reread.ok());
      EXPECT_EQ(reread->values(), parsed->values());
    }
  }
  // Wrong cookie.
  EXPECT_THAT(RoaringBitmap32::deserialize(hex("39300000 00000000")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "unknown cookie"));
  // A size that lies.
  EXPECT_THAT(RoaringBitmap32::deserialize(hex("3a300000 ffff0000 00000000")),
              test::StatusIs(ErrorCode::kCorruptMessage));
  // Keys out of order.
  EXPECT_THAT(RoaringBitmap32::deserialize(
                  hex("3a300000 02000000 01000000 00000000 18000000 1a000000 0100 0200")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "container key 0 after key 1"));
  // Unsorted array.
  EXPECT_THAT(RoaringBitmap32::deserialize(hex("3a300000 01000000 00000100 10000000 0200 0100")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "not sorted"));
  // A run past 65535.
  EXPECT_THAT(RoaringBitmap32::deserialize(hex("3b300000 01 00000900 0100 f0ff 2000")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "passes 65535"));
}

}  // namespace
}  // namespace fluss::storage
