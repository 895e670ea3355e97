// SPDX-License-Identifier: Apache-2.0
#include "common/crc32c.h"

#include <gtest/gtest.h>

#include <random>

#include "test_utils/seed.h"

namespace fluss {
namespace {

// Bit-at-a-time reference (reflected polynomial 0x82F63B78).
uint32_t reference_crc32c(ByteView bytes) {
  uint32_t crc = 0xFFFFFFFF;
  for (uint8_t b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78 & (0u - (crc & 1)));
  }
  return ~crc;
}

TEST(Crc32cTest, StandardCheckValue) {
  EXPECT_EQ(crc32c(as_bytes("123456789")), 0xe3069283u);
  EXPECT_EQ(crc32c(ByteView()), 0u);
}

TEST(Crc32cTest, MatchesReferenceAndExtendsIncrementally) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 200; ++i) {
    std::vector<uint8_t> data(rng() % 5000);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    const ByteView all(data.data(), data.size());
    ASSERT_EQ(crc32c(all), reference_crc32c(all));
    const size_t split = data.empty() ? 0 : rng() % data.size();
    EXPECT_EQ(crc32c_extend(crc32c(all.first(split)), all.subspan(split)), crc32c(all));
  }
}

}  // namespace
}  // namespace fluss
