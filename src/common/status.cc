// SPDX-License-Identifier: Apache-2.0
#include "common/status.h"

namespace fluss {

Status::Status(ErrorCode code, std::string message)
    : rep_(code == ErrorCode::kNone ? nullptr : new Rep{code, std::move(message)}) {}

Status::Status(const Status& other) : rep_(other.ok() ? nullptr : new Rep(*other.rep_)) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) rep_.reset(other.ok() ? nullptr : new Rep(*other.rep_));
  return *this;
}

std::string Status::to_string() const {
  if (ok()) return "OK";
  if (rep_->message.empty()) return std::string(error_name(rep_->code));
  return fmt::format("{}: {}", error_name(rep_->code), rep_->message);
}

Status Status::with_context(std::string_view context) const {
  if (ok()) return Status();
  return Status(rep_->code, fmt::format("{}: {}", context, rep_->message));
}

std::ostream& operator<<(std::ostream& os, const Status& status) {
  return os << status.to_string();
}

std::ostream& operator<<(std::ostream& os, ErrorCode code) { return os << error_name(code); }

std::string_view error_name(ErrorCode code) {
  switch (code) {
#define FLUSS_ERROR_NAME(value, name, enumerator, retriable) \
  case ErrorCode::enumerator:                                \
    return #name;
    FLUSS_ERROR_CODES(FLUSS_ERROR_NAME)
#undef FLUSS_ERROR_NAME
    case ErrorCode::kCancelled:
      return "CANCELLED";
    case ErrorCode::kNodeExists:
      return "NODE_EXISTS";
    case ErrorCode::kNoNode:
      return "NO_NODE";
    case ErrorCode::kBadVersion:
      return "BAD_VERSION";
    case ErrorCode::kNotEmpty:
      return "NOT_EMPTY";
    case ErrorCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
  }
  return "UNKNOWN_ERROR_CODE";
}

bool is_retriable(ErrorCode code) {
  switch (code) {
#define FLUSS_ERROR_RETRIABLE(value, name, enumerator, retriable) \
  case ErrorCode::enumerator:                                     \
    return retriable;
    FLUSS_ERROR_CODES(FLUSS_ERROR_RETRIABLE)
#undef FLUSS_ERROR_RETRIABLE
    case ErrorCode::kCancelled:
    case ErrorCode::kNodeExists:
    case ErrorCode::kNoNode:
    case ErrorCode::kBadVersion:
    case ErrorCode::kNotEmpty:
    case ErrorCode::kInvalidArgument:
      return false;
  }
  return false;
}

ErrorCode error_code_from_wire(int32_t code) {
  switch (code) {
#define FLUSS_ERROR_FROM_WIRE(value, name, enumerator, retriable) \
  case value:                                                     \
    return ErrorCode::enumerator;
    FLUSS_ERROR_CODES(FLUSS_ERROR_FROM_WIRE)
#undef FLUSS_ERROR_FROM_WIRE
  }
  return ErrorCode::kUnknownServerError;
}

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
#define FLUSS_ERROR_FROM_NAME(value, wire_name, enumerator, retriable) \
  if (name == #wire_name) return ErrorCode::enumerator;
  FLUSS_ERROR_CODES(FLUSS_ERROR_FROM_NAME)
#undef FLUSS_ERROR_FROM_NAME
  return std::nullopt;
}

}  // namespace fluss
