// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

namespace fluss {

// The kind of change a log record carries (org.apache.fluss.record.ChangeType,
// fluss-wire.md §9). The byte values are the wire values.
enum class ChangeType : uint8_t {
  kAppendOnly = 0,    // +A: a log-table record
  kInsert = 1,        // +I: a new key of a primary-key table
  kUpdateBefore = 2,  // -U: the old image of an updated key
  kUpdateAfter = 3,   // +U: the new image of an updated key
  kDelete = 4,        // -D: a deleted key (its old image)
};

// The change type for a wire byte; nullopt for anything but 0..4.
inline std::optional<ChangeType> change_type_from_byte(uint8_t b) {
  if (b > 4) return std::nullopt;
  return static_cast<ChangeType>(b);
}

// "+A", "+I", "-U", "+U", "-D".
inline std::string_view short_string(ChangeType t) {
  switch (t) {
    case ChangeType::kAppendOnly: return "+A";
    case ChangeType::kInsert: return "+I";
    case ChangeType::kUpdateBefore: return "-U";
    case ChangeType::kUpdateAfter: return "+U";
    case ChangeType::kDelete: return "-D";
  }
  return "?";
}

inline std::ostream& operator<<(std::ostream& os, ChangeType t) { return os << short_string(t); }

}  // namespace fluss
