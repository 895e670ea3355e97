// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "common/bytes.h"

namespace fluss::test {

// Bytes from hex text; spaces are ignored ("0a05 666c" -> 4 bytes).
inline std::string unhex(std::string_view text) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  std::string out;
  int high = -1;
  for (char c : text) {
    if (c == ' ') continue;
    if (high < 0) {
      high = nibble(c);
    } else {
      out.push_back(static_cast<char>(high << 4 | nibble(c)));
      high = -1;
    }
  }
  return out;
}

inline std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// The message's encoding as a std::string (deterministic for our messages: no maps).
inline std::string encode(const google::protobuf::Message& message) {
  std::string out;
  message.SerializePartialToString(&out);
  return out;
}

}  // namespace fluss::test
