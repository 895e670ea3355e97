// SPDX-License-Identifier: Apache-2.0
#include "record/generic_row.h"

#include <fmt/format.h>

#include <cstring>

#include "common/bytes.h"
#include "record/key/java_strings.h"

namespace fluss {

std::string to_plain_string(const Decimal& decimal) {
  return key_internal::decimal_to_plain_string(decimal.unscaled, decimal.scale);
}

namespace {

std::string int128_to_string(__int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
  std::string digits;
  while (u != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (negative) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

bool vectors_equal(const std::vector<Datum>& a, const std::vector<Datum>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!datum_equals(a[i], b[i])) return false;
  }
  return true;
}

template <typename T>
bool pointees_equal(const std::shared_ptr<const T>& a, const std::shared_ptr<const T>& b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr) return false;
  return *a == *b;
}

}  // namespace

bool datum_equals(const Datum& a, const Datum& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&b](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b);
        if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          return x == y || std::memcmp(&x, &y, sizeof(T)) == 0;
        } else if constexpr (std::is_same_v<T, std::shared_ptr<const GenericArray>> ||
                             std::is_same_v<T, std::shared_ptr<const GenericMap>> ||
                             std::is_same_v<T, std::shared_ptr<const GenericRow>>) {
          return pointees_equal(x, y);
        } else {
          return x == y;
        }
      },
      a);
}

std::string datum_to_string(const Datum& d) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Null>) {
          return "NULL";
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "TRUE" : "FALSE";
        } else if constexpr (std::is_same_v<T, int8_t> || std::is_same_v<T, int16_t>) {
          return std::to_string(static_cast<int>(x));
        } else if constexpr (std::is_same_v<T, std::string>) {
          return fmt::format("'{}'", x);
        } else if constexpr (std::is_same_v<T, Binary>) {
          return fmt::format("x'{}'", to_hex(as_bytes(x.bytes)));
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return fmt::format("{}E-{}", int128_to_string(x.unscaled), x.scale);
        } else if constexpr (std::is_same_v<T, TimestampNtz>) {
          return fmt::format("TIMESTAMP({}ms+{}ns)", x.millisecond, x.nano_of_millisecond);
        } else if constexpr (std::is_same_v<T, TimestampLtz>) {
          return fmt::format("TIMESTAMP_LTZ({}ms+{}ns)", x.epoch_millisecond,
                             x.nano_of_millisecond);
        } else if constexpr (std::is_same_v<T, std::shared_ptr<const GenericArray>>) {
          std::string s = "[";
          for (size_t i = 0; i < x->size(); ++i) {
            if (i > 0) s += ", ";
            s += datum_to_string((*x)[i]);
          }
          return s + "]";
        } else if constexpr (std::is_same_v<T, std::shared_ptr<const GenericMap>>) {
          std::string s = "{";
          for (size_t i = 0; i < x->size(); ++i) {
            if (i > 0) s += ", ";
            s += datum_to_string(x->keys()[i]) + "=" + datum_to_string(x->values()[i]);
          }
          return s + "}";
        } else if constexpr (std::is_same_v<T, std::shared_ptr<const GenericRow>>) {
          return x->to_string();
        } else {
          return fmt::format("{}", x);
        }
      },
      d);
}

bool operator==(const GenericArray& a, const GenericArray& b) {
  return vectors_equal(a.elements_, b.elements_);
}

bool operator==(const GenericMap& a, const GenericMap& b) {
  return vectors_equal(a.keys_, b.keys_) && vectors_equal(a.values_, b.values_);
}

bool operator==(const GenericRow& a, const GenericRow& b) {
  return vectors_equal(a.fields_, b.fields_);
}

std::string GenericRow::to_string() const {
  std::string s = "(";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) s += ", ";
    s += datum_to_string(fields_[i]);
  }
  return s + ")";
}

std::ostream& operator<<(std::ostream& os, const GenericRow& row) { return os << row.to_string(); }

}  // namespace fluss
