// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "common/result.h"

namespace fluss::test {

inline const Status& status_of(const Status& s) { return s; }
template <typename T>
const Status& status_of(const Result<T>& r) {
  return r.status();
}

// The value of `r`, or throws with the status text (gtest reports it as a
// failure). For fixture helpers, which cannot use ASSERT_*.
template <typename T>
T value_or_throw(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.status().to_string());
  return std::move(r).value();
}

// Matches a Status or Result whose code is `code`.
MATCHER_P(StatusIs, code, fmt::format("has status {}", error_name(code))) {
  const Status& s = ::fluss::test::status_of(arg);
  *result_listener << "status is " << s.to_string();
  return s.code() == code;
}

// Matches a Status or Result whose code is `code` and whose message contains `text`.
MATCHER_P2(StatusIsWith, code, text,
           fmt::format("has status {} with message containing \"{}\"", error_name(code), text)) {
  const Status& s = ::fluss::test::status_of(arg);
  *result_listener << "status is " << s.to_string();
  return s.code() == code && s.message().find(text) != std::string_view::npos;
}

}  // namespace fluss::test

#define ASSERT_OK(expr)                                               \
  do {                                                                \
    const ::fluss::Status _fluss_s = ::fluss::test::status_of(expr);         \
    ASSERT_TRUE(_fluss_s.ok()) << _fluss_s.to_string();               \
  } while (0)
#define EXPECT_OK(expr)                                               \
  do {                                                                \
    const ::fluss::Status _fluss_s = ::fluss::test::status_of(expr);         \
    EXPECT_TRUE(_fluss_s.ok()) << _fluss_s.to_string();               \
  } while (0)
