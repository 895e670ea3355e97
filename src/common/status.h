// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/error_code.h"

namespace fluss {

// Success, or a Fluss ErrorCode plus a message that names the thing concerned
// ("bucket 3 of table 17: batch at offset 120 failed its CRC"). OK is a null
// pointer, so returning OK costs as much as returning a bool.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status OK() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  ErrorCode code() const { return ok() ? ErrorCode::kNone : rep_->code; }
  std::string_view message() const { return ok() ? std::string_view() : rep_->message; }
  bool is(ErrorCode code) const { return this->code() == code; }
  bool is_retriable() const { return fluss::is_retriable(code()); }

  // "NOT_LEADER_OR_FOLLOWER: bucket 3 of table 17 is led by 2", or "OK".
  std::string to_string() const;

  // The same code with "context: " put in front of the message.
  Status with_context(std::string_view context) const;

  // Explicitly drops an error that the caller has decided not to handle.
  void ignore_error() const {}

 private:
  struct Rep {
    ErrorCode code;
    std::string message;
  };
  std::unique_ptr<Rep> rep_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);
std::ostream& operator<<(std::ostream& os, ErrorCode code);

// Builds a Status from a code and a fmt-style message:
//   return make_error(ErrorCode::kCorruptMessage, "frame of {} bytes is too short", n);
template <typename... Args>
Status make_error(ErrorCode code, fmt::format_string<Args...> format, Args&&... args) {
  return Status(code, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace fluss

template <>
struct fmt::formatter<fluss::Status> : fmt::formatter<std::string_view> {
  auto format(const fluss::Status& s, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(s.to_string(), ctx);
  }
};

template <>
struct fmt::formatter<fluss::ErrorCode> : fmt::formatter<std::string_view> {
  auto format(fluss::ErrorCode c, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(fluss::error_name(c), ctx);
  }
};

#define FLUSS_CONCAT_INNER(a, b) a##b
#define FLUSS_CONCAT(a, b) FLUSS_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function if it is an error.
#define FLUSS_RETURN_IF_ERROR(expr)                       \
  do {                                                    \
    ::fluss::Status _fluss_status = (expr);               \
    if (!_fluss_status.ok()) [[unlikely]]                 \
      return _fluss_status;                               \
  } while (0)

// The same, for coroutines.
#define FLUSS_CO_RETURN_IF_ERROR(expr)                    \
  do {                                                    \
    ::fluss::Status _fluss_status = (expr);               \
    if (!_fluss_status.ok()) [[unlikely]]                 \
      co_return _fluss_status;                            \
  } while (0)
