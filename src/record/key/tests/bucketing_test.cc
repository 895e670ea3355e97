// SPDX-License-Identifier: Apache-2.0
#include "record/key/bucketing.h"

#include <gtest/gtest.h>

#include <string_view>

#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;

ByteView bytes(std::string_view s) { return as_bytes(s); }

const std::vector<uint8_t> k00_0a = {0x00, 0x0a};
const std::vector<uint8_t> k00_0a_0a_0a = {0x00, 0x0a, 0x0a, 0x0a};
constexpr std::string_view kUuid = "2bb87d68-baf9-4e64-90f9-f80910419fa6";
constexpr std::string_view kFox = "The quick brown fox jumps over the lazy dog";

int32_t bucket(LakeFormat lake, ByteView key, int32_t n) {
  auto r = BucketingFunction::of(lake).bucketing(key, n);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : -1;
}

TEST(BucketingTest, HashVectors) {
  // fluss-wire.md §8.4.
  EXPECT_EQ(murmur3_fluss({}), 0x087FCD5C);
  EXPECT_EQ(murmur3_fluss(bytes(kFox)), 0x1BC6F880);
  EXPECT_EQ(fluss_murmur_int(0), 0x2362F9DE);
  EXPECT_EQ(fluss_murmur_int(42), 0x43A46E1D);
  EXPECT_EQ(fluss_murmur_int(-77), 0x2EEB27DE);
  // Standard MurmurHash3 x86_32, seed 0 (Guava murmur3_32_fixed).
  EXPECT_EQ(murmur3_32({}), 0);
  EXPECT_EQ(murmur3_32(bytes("hello")), 0x248bfa47);
  EXPECT_EQ(murmur3_32(bytes(kFox)), 0x2e4ff723);
}

TEST(BucketingTest, FlussAndLanceVectors) {
  for (LakeFormat lake : {LakeFormat(), LakeFormat(DataLakeFormat::kLance)}) {
    EXPECT_EQ(bucket(lake, k00_0a, 7), 1);
    EXPECT_EQ(bucket(lake, k00_0a_0a_0a, 12), 0);
    EXPECT_EQ(bucket(lake, bytes(kUuid), 16), 6);
    EXPECT_EQ(bucket(lake, bytes(kFox), 8), 6);
  }
}

TEST(BucketingTest, PaimonVectors) {
  EXPECT_EQ(bucket(DataLakeFormat::kPaimon, k00_0a, 7), 1);
  EXPECT_EQ(bucket(DataLakeFormat::kPaimon, k00_0a_0a_0a, 12), 11);
  EXPECT_EQ(bucket(DataLakeFormat::kPaimon, bytes(kUuid), 16), 12);
  EXPECT_EQ(bucket(DataLakeFormat::kPaimon, bytes(kFox), 8), 0);
}

TEST(BucketingTest, IcebergVectors) {
  EXPECT_EQ(bucket(DataLakeFormat::kIceberg, k00_0a, 7), 3);
  EXPECT_EQ(bucket(DataLakeFormat::kIceberg, k00_0a_0a_0a, 12), 4);
  EXPECT_EQ(bucket(DataLakeFormat::kIceberg, bytes(kUuid), 16), 12);
  EXPECT_EQ(bucket(DataLakeFormat::kIceberg, bytes(kFox), 8), 3);
}

TEST(BucketingTest, TailBytesAreSignExtendedAsInJava) {
  // The Rust client zero-extends and puts this key in bucket 1; Java (the reference
  // for where data lives) puts it in 15.
  const std::vector<uint8_t> key = {0x01, 0x02, 0x03, 0x04, 0xff};
  EXPECT_EQ(bucket(std::nullopt, key, 16), 15);
  // INT 200 as a compacted key (c8 01): Java 6, Rust would say 10.
  const std::vector<uint8_t> int200 = {0xc8, 0x01};
  EXPECT_EQ(static_cast<uint32_t>(murmur3_fluss(int200)), 0x56aab02cu);
  EXPECT_EQ(bucket(std::nullopt, int200, 16), 6);
}

TEST(BucketingTest, HudiDecodesTheBigEndianHash) {
  // HudiKeyEncoder of INT 42: List["42"].hashCode() = 0x69d; Hudi puts it in bucket 3 of 10.
  const std::vector<uint8_t> key = {0x00, 0x00, 0x06, 0x9d};
  EXPECT_EQ(bucket(DataLakeFormat::kHudi, key, 10), 3);
  const std::vector<uint8_t> negative = {0x96, 0x61, 0xf2, 0x2b};  // sign bit masked off
  EXPECT_EQ(bucket(DataLakeFormat::kHudi, negative, 10), 9);
}

TEST(BucketingTest, RejectsKeysAndBucketCountsItCannotUse) {
  EXPECT_THAT(BucketingFunction::of(std::nullopt).bucketing({}, 3),
              StatusIs(ErrorCode::kCorruptMessage));
  EXPECT_THAT(BucketingFunction::of(DataLakeFormat::kIceberg).bucketing({}, 3),
              StatusIs(ErrorCode::kCorruptMessage));
  EXPECT_THAT(BucketingFunction::of(DataLakeFormat::kHudi).bucketing(k00_0a, 3),
              StatusIs(ErrorCode::kCorruptMessage));
  EXPECT_THAT(BucketingFunction::of(DataLakeFormat::kPaimon).bucketing(k00_0a, 0),
              StatusIs(ErrorCode::kInvalidTableException));
  // Paimon hashes an empty key like any other.
  EXPECT_EQ(bucket(DataLakeFormat::kPaimon, {}, 5), std::abs(0x087FCD5C % 5));
}

}  // namespace
}  // namespace fluss
