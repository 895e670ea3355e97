// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "test_utils/status_matchers.h"

// `ASSERT_OK_AND_ASSIGN(auto x, f());` declares x from f()'s value, or fails the
// test with f()'s status.
#ifndef ASSERT_OK_AND_ASSIGN
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(FLUSS_CONCAT(_fluss_assign_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)    \
  auto tmp = (expr);                                 \
  ASSERT_TRUE(tmp.ok()) << tmp.status().to_string(); \
  lhs = std::move(tmp).value()
#endif
