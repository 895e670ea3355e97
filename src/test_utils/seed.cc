// SPDX-License-Identifier: Apache-2.0
#include "test_utils/seed.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <random>

namespace fluss::test {

uint64_t seed_from_env() {
  if (const char* env = std::getenv("FLUSS_TEST_SEED"); env != nullptr && *env != '\0') {
    return std::strtoull(env, nullptr, 10);
  }
  std::random_device rd;
  const uint64_t seed = (static_cast<uint64_t>(rd()) << 32) | rd();
  std::fprintf(stderr, "random test seed=%llu (rerun with FLUSS_TEST_SEED=%llu)\n",
               static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  return seed;
}

std::string seed_trace(uint64_t seed) {
  return fmt::format("seed={} (rerun with FLUSS_TEST_SEED={})", seed, seed);
}

}  // namespace fluss::test
