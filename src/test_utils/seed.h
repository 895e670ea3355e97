// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

namespace fluss::test {

// The seed for a randomized test: FLUSS_TEST_SEED if set, else a fresh random
// one. Print it (seed_trace) so that a failure can be replayed.
uint64_t seed_from_env();

// "seed=123 (rerun with FLUSS_TEST_SEED=123)", for SCOPED_TRACE.
std::string seed_trace(uint64_t seed);

}  // namespace fluss::test
