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

// ---------------------------------------------------------------------------
// RoaringBitmap64: Java's Roaring64Bitmap layout (RoaringBitmap 1.3.0).

struct JavaVector {
  const char* a;
  const char* b;
  const char* aggregated;
};

constexpr JavaVector kJavaVectors[] = {
#include "storage/kv/tests/data/rbm64_java_vectors.inc"
};

RoaringBitmap64 bitmap64_of(std::initializer_list<uint64_t> values) {
  RoaringBitmap64 b;
  for (uint64_t v : values) b.add(v);
  return b;
}

// Hand-computed from the layout (docs/merge-engines.md), checked against Java.
TEST(RoaringBitmap64Test, TwoHighPartsGoldenBytes) {
  const auto expected =
      hex("01 0200000000000000"  // not empty; 2 keys
                                 // Node4, 2 children, prefix 00 00 00; child keys 00, 01
                                 // (little-endian int)
          "00 0200 03 000000 00000100"
          "04 0000 00 000000000000 0000000000000000"  // leaf: high part 0, slot 0
          "04 0000 00 000000010000 0100000000000000"  // leaf: high part 2^16, slot 1
          // one slot array of length 2; two array containers {1} and {5}
          "01000000 fe 02000000 01 02 01000000 0100 01 02 01000000 0500"
          "0200000000000000 00000000 01000000");  // 2 containers, last position 0/1
  RoaringBitmap64 b = bitmap64_of({1, (uint64_t{1} << 32) + 5});
  EXPECT_EQ(b.serialize(), expected);
  ASSERT_OK_AND_ASSIGN(auto parsed, RoaringBitmap64::deserialize(expected));
  EXPECT_EQ(parsed.values(), (std::vector<uint64_t>{1, (uint64_t{1} << 32) + 5}));
  EXPECT_EQ(parsed.serialize(), expected);
}

TEST(RoaringBitmap64Test, RunContainerAndEmptyGoldenBytes) {
  RoaringBitmap64 b;
  for (uint64_t v = 100; v < 110; ++v) b.add(v);
  // One leaf; the array {100..109} is written as one run (runOptimize).
  EXPECT_EQ(b.serialize(), hex("01 0100000000000000 04 0000 00 000000000000 0000000000000000"
                               "01000000 fe 01000000 01 00 0a000000 0100 6400 0900"
                               "0100000000000000 00000000 00000000"));
  EXPECT_EQ(RoaringBitmap64().serialize(), hex("00"));
  ASSERT_OK_AND_ASSIGN(auto empty, RoaringBitmap64::deserialize(hex("00")));
  EXPECT_EQ(empty.cardinality(), 0u);
}

// Byte-for-byte what Java's FieldRoaringBitmap64Agg produces: each input
// re-serializes to itself, and the union serializes to Java's bytes.
TEST(RoaringBitmap64Test, MatchesJavaVectors) {
  for (size_t i = 0; i < std::size(kJavaVectors); ++i) {
    SCOPED_TRACE(i);
    const JavaVector& v = kJavaVectors[i];
    ASSERT_OK_AND_ASSIGN(auto a, RoaringBitmap64::deserialize(hex(v.a)));
    ASSERT_OK_AND_ASSIGN(auto b, RoaringBitmap64::deserialize(hex(v.b)));
    EXPECT_EQ(a.serialize(), hex(v.a));
    EXPECT_EQ(b.serialize(), hex(v.b));
    std::set<uint64_t> model;
    for (uint64_t x : a.values()) model.insert(x);
    for (uint64_t x : b.values()) model.insert(x);
    a.or_with(b);
    EXPECT_EQ(a.serialize(), hex(v.aggregated));
    EXPECT_EQ(a.values(), std::vector<uint64_t>(model.begin(), model.end()));
  }
}

TEST(RoaringBitmap64Test, UnionMatchesASetModel) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  auto draw = [&](int mode) -> uint64_t {
    switch (mode) {
      case 0:
        return rng() % 100;
      case 1:
        return (rng() % 300) << 16 | (rng() % 8);
      case 2:
        return rng();
      default:
        return (rng() % 4) << 40 | (rng() % 60) << 16 | (rng() % 70000);
    }
  };
  for (int round = 0; round < 40; ++round) {
    RoaringBitmap64 acc;
    std::set<uint64_t> model;
    for (int step = 0; step < 4; ++step) {
      RoaringBitmap64 in;
      const int mode = static_cast<int>(rng() % 4);
      const int n = static_cast<int>(rng() % 300);
      for (int k = 0; k < n; ++k) {
        const uint64_t x = draw(mode);
        in.add(x);
        model.insert(x);
      }
      ASSERT_OK_AND_ASSIGN(auto in_read, RoaringBitmap64::deserialize(in.serialize()));
      ASSERT_OK_AND_ASSIGN(acc, RoaringBitmap64::deserialize(acc.serialize()));
      acc.or_with(in_read);
    }
    EXPECT_EQ(acc.values(), std::vector<uint64_t>(model.begin(), model.end()));
    EXPECT_EQ(acc.cardinality(), model.size());
    for (uint64_t x : model) ASSERT_TRUE(acc.contains(x)) << x;
    ASSERT_OK_AND_ASSIGN(auto reread, RoaringBitmap64::deserialize(acc.serialize()));
    EXPECT_EQ(reread.serialize(), acc.serialize());
  }
}

TEST(RoaringBitmap64Test, CorruptInputIsRejected) {
  std::vector<std::vector<uint8_t>> valid = {
      bitmap64_of({1, (uint64_t{1} << 32) + 5}).serialize(),
      hex(kJavaVectors[0].a),
  };
  for (const std::vector<uint8_t>& bytes : valid) {
    for (size_t n = 0; n < bytes.size(); ++n) {
      EXPECT_THAT(RoaringBitmap64::deserialize(ByteView(bytes).first(n)),
                  test::StatusIs(ErrorCode::kCorruptMessage))
          << n;
    }
    // Every bit of the first 128 bytes (the headers and the tree), then every 7th bit:
    // each flip of a size field re-parses a large bitmap under ASan (CI time).
    for (size_t bit = 0; bit < bytes.size() * 8; bit += bit < 128 * 8 ? 1 : 7) {
      std::vector<uint8_t> flipped = bytes;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      auto parsed = RoaringBitmap64::deserialize(flipped);
      if (!parsed.ok()) continue;
      const std::vector<uint8_t> again = parsed->serialize();
      ASSERT_OK_AND_ASSIGN(auto reread, RoaringBitmap64::deserialize(again));
      EXPECT_EQ(reread.values(), parsed->values());
    }
  }
  const std::string leaf1 = "04 0000 00 000000000000 0000000000000000";
  const std::string slots1 = "01000000 fe 01000000 01 02 01000000 0100";
  const std::string tail1 = "0100000000000000 00000000 00000000";
  ASSERT_OK(
      RoaringBitmap64::deserialize(hex("01 0100000000000000" + leaf1 + slots1 + tail1)).status());
  EXPECT_THAT(RoaringBitmap64::deserialize(hex("02")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "emptiness tag"));
  // A key count that lies.
  EXPECT_THAT(RoaringBitmap64::deserialize(hex("01 0200000000000000" + leaf1 + slots1 + tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "2 keys"));
  // Unknown node type.
  EXPECT_THAT(RoaringBitmap64::deserialize(hex("01 0100000000000000 07 0000 00")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "node type 7"));
  // A Node4 claiming more children than it holds keys for.
  EXPECT_THAT(RoaringBitmap64::deserialize(hex("01 0100000000000000 00 0500 00 00000000")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "children"));
  // A leaf off its path: under child key 01 of the root (the key bytes are written
  // little-endian, so the first key is the last byte), the key starts with 00.
  EXPECT_THAT(RoaringBitmap64::deserialize(
                  hex("01 0100000000000000 00 0100 00 00000001" + leaf1 + slots1 + tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "off its path"));
  // A leaf naming a missing slot.
  EXPECT_THAT(RoaringBitmap64::deserialize(hex(
                  "01 0100000000000000 04 0000 00 000000000000 0500000000000000" + slots1 + tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "missing or shared"));
  // Unknown null tag, unknown container kind, wrong cardinality, unsorted array.
  EXPECT_THAT(RoaringBitmap64::deserialize(
                  hex("01 0100000000000000" + leaf1 + "01000000 fe 01000000 07" + tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "null tag 7"));
  EXPECT_THAT(RoaringBitmap64::deserialize(hex("01 0100000000000000" + leaf1 +
                                               "01000000 fe 01000000 01 09 01000000 0100" + tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "unknown kind 9"));
  EXPECT_THAT(RoaringBitmap64::deserialize(
                  hex("01 0100000000000000" + leaf1 +
                      "01000000 fe 01000000 01 00 05000000 0100 0100 0000" + tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "claims 5 values"));
  EXPECT_THAT(
      RoaringBitmap64::deserialize(hex("01 0100000000000000" + leaf1 +
                                       "01000000 fe 01000000 01 02 02000000 0200 0100" + tail1)),
      test::StatusIsWith(ErrorCode::kCorruptMessage, "not sorted"));
  // Overlapping runs.
  EXPECT_THAT(RoaringBitmap64::deserialize(hex("01 0100000000000000" + leaf1 +
                                               "01000000 fe 01000000 01 00 06000000 0200"
                                               "0100 0200 0300 0100" +
                                               tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "run 3+1"));
  // A lying slot-array length and container count.
  EXPECT_THAT(RoaringBitmap64::deserialize(
                  hex("01 0100000000000000" + leaf1 + "01000000 fe ffffff7f 01" + tail1)),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "does not fit"));
  EXPECT_THAT(RoaringBitmap64::deserialize(hex("01 0100000000000000" + leaf1 + slots1 +
                                               "0200000000000000 00000000 00000000")),
              test::StatusIsWith(ErrorCode::kCorruptMessage, "2 containers claimed"));
}

}  // namespace
}  // namespace fluss::storage
