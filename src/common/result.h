// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "common/check.h"
#include "common/status.h"

namespace fluss {

// A T or a non-OK Status. Converts implicitly from both, so a function returning
// Result<T> can `return value;` or `return status;`.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "use Status");

 public:
  // An error, so that a forgotten assignment is never mistaken for a value
  // (Asio's co_spawn needs a default-constructible result type).
  Result() : status_(ErrorCode::kUnknownServerError, "Result never assigned") {}
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  template <typename U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status> &&
             !std::is_same_v<std::decay_t<U>, Result<T>>)
  Result(U&& value) : value_(std::in_place, std::forward<U>(value)) {}  // NOLINT
  Result(Status status) : status_(std::move(status)) {                    // NOLINT
    FLUSS_CHECK(!status_.ok(), "Result built from an OK Status has no value");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  T& value() & { return checked(), *value_; }
  const T& value() const& { return checked(), *value_; }
  T value() && { return checked(), std::move(*value_); }
  T value_or(T fallback) && { return ok() ? std::move(*value_) : std::move(fallback); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void checked() const { FLUSS_CHECK(ok(), "value() on error: {}", status_.to_string()); }

  Status status_;
  std::optional<T> value_;
};

}  // namespace fluss

// `FLUSS_ASSIGN_OR_RETURN(auto x, f());` declares x from f()'s value, or returns
// f()'s error. FLUSS_CO_ASSIGN_OR_RETURN is the same with co_return.
#define FLUSS_ASSIGN_OR_RETURN(lhs, expr) \
  FLUSS_ASSIGN_OR_RETURN_IMPL(FLUSS_CONCAT(_fluss_result_, __LINE__), lhs, expr, return)

#define FLUSS_CO_ASSIGN_OR_RETURN(lhs, expr) \
  FLUSS_ASSIGN_OR_RETURN_IMPL(FLUSS_CONCAT(_fluss_result_, __LINE__), lhs, expr, co_return)

#define FLUSS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr, ret) \
  auto tmp = (expr);                                     \
  if (!tmp.ok()) [[unlikely]]                            \
    ret std::move(tmp).status();                         \
  lhs = std::move(tmp).value()
