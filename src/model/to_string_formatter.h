// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <string_view>

// Gives a model type with a `std::string to_string() const` its fmt::formatter
// (use at global scope, after the type): FLUSS_MODEL_TO_STRING_FORMATTER(fluss::TablePath)
#define FLUSS_MODEL_TO_STRING_FORMATTER(T)                                 \
  template <>                                                              \
  struct fmt::formatter<T> : fmt::formatter<std::string_view> {            \
    auto format(const T& v, fmt::format_context& ctx) const {              \
      return fmt::formatter<std::string_view>::format(v.to_string(), ctx); \
    }                                                                      \
  };
