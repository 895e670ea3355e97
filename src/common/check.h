// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

namespace fluss::detail {

// Prints "file:line: check `cond` failed: message" to stderr and aborts.
[[noreturn]] void check_failed(const char* file, int line, const char* condition,
                               const std::string& message);

}  // namespace fluss::detail

// An invariant that must hold in every build: a storage server whose invariants are
// broken stops before it writes more. The message is fmt-style.
#define FLUSS_CHECK(cond, ...)                                                   \
  do {                                                                           \
    if (!(cond)) [[unlikely]]                                                    \
      ::fluss::detail::check_failed(__FILE__, __LINE__, #cond,                   \
                                    ::fmt::format("" __VA_ARGS__));              \
  } while (0)

// FLUSS_CHECK for hot paths: compiled out of release (NDEBUG) builds.
#ifdef NDEBUG
#define FLUSS_DCHECK(cond, ...) \
  do {                          \
  } while (0)
#else
#define FLUSS_DCHECK(cond, ...) FLUSS_CHECK(cond, __VA_ARGS__)
#endif
