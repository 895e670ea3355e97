// SPDX-License-Identifier: Apache-2.0
// Random row types and values for round-trip tests of the row formats.
#pragma once

#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss::test {

// Random types and values. Values are what every format round-trips exactly:
// CHAR/BINARY values fit their length and end in a non-zero byte (IndexedRow
// pads and strips zeros), NaNs are the canonical quiet NaN (arrays canonicalize).
class RandomRows {
 public:
  explicit RandomRows(uint64_t seed) : rng_(seed) {}

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return uniform(0, 99) < percent; }

  DataType scalar_type() {
    switch (uniform(0, 15)) {
      case 0:
        return DataType::boolean();
      case 1:
        return DataType::tinyint();
      case 2:
        return DataType::smallint();
      case 3:
        return DataType::int_();
      case 4:
        return DataType::bigint();
      case 5:
        return DataType::float_();
      case 6:
        return DataType::double_();
      case 7:
        return DataType::char_(uniform(1, 12));
      case 8:
        return DataType::string();
      case 9:
        return DataType::binary(uniform(1, 12));
      case 10:
        return DataType::bytes();
      case 11: {
        const int p = uniform(1, 38);
        return DataType::decimal(p, uniform(0, p));
      }
      case 12:
        return DataType::date();
      case 13:
        return DataType::time(uniform(0, 3));
      case 14:
        return DataType::timestamp(uniform(0, 9));
      default:
        return DataType::timestamp_ltz(uniform(0, 9));
    }
  }

  DataType type(int depth) {
    DataType t;
    const int pick = depth > 0 ? uniform(0, 9) : 0;
    if (pick == 7) {
      t = DataType::array(type(depth - 1));
    } else if (pick == 8) {
      t = DataType::map(type(depth - 1), type(depth - 1));
    } else if (pick == 9) {
      t = DataType::row(fields(uniform(0, 4), depth - 1));
    } else {
      t = scalar_type();
    }
    return chance(30) ? t.not_null() : t;
  }

  std::vector<DataField> fields(int n, int depth) {
    std::vector<DataField> fs;
    for (int i = 0; i < n; ++i) fs.push_back({"f" + std::to_string(i), type(depth), {}, i});
    return fs;
  }

  RowType row_type(int n, int depth) {
    RowType types;
    for (int i = 0; i < n; ++i) types.push_back(type(depth));
    return types;
  }

  template <typename T>
  T integer() {
    switch (uniform(0, 4)) {
      case 0:
        return std::numeric_limits<T>::min();
      case 1:
        return std::numeric_limits<T>::max();
      case 2:
        return static_cast<T>(uniform(-200, 200));
      default:
        return static_cast<T>(rng_());
    }
  }

  std::string bytes(size_t max_len, bool nonzero_tail) {
    std::string s(uniform(0, static_cast<int>(max_len)), '\0');
    for (char& c : s) c = static_cast<char>(chance(20) ? 0 : uniform(1, 255));
    if (nonzero_tail && !s.empty() && s.back() == 0) s.back() = 'z';
    return s;
  }

  __int128 decimal_unscaled(int precision) {
    __int128 limit = 1;
    for (int i = 0; i < precision; ++i) limit *= 10;
    if (chance(20)) return chance(50) ? limit - 1 : -(limit - 1);  // max precision
    const unsigned __int128 r =
        (static_cast<unsigned __int128>(rng_()) << 64) | static_cast<unsigned __int128>(rng_());
    const __int128 v = static_cast<__int128>(r % static_cast<unsigned __int128>(limit));
    return chance(50) ? v : -v;
  }

  Datum value(const DataType& t) {
    if (t.nullable() && chance(15)) return Null{};
    switch (t.root()) {
      case TypeRoot::kBoolean:
        return chance(50);
      case TypeRoot::kTinyInt:
        return integer<int8_t>();
      case TypeRoot::kSmallInt:
        return integer<int16_t>();
      case TypeRoot::kInt:
      case TypeRoot::kDate:
        return integer<int32_t>();
      case TypeRoot::kTime:
        return uniform(0, 86'399'999);
      case TypeRoot::kBigInt:
        return integer<int64_t>();
      case TypeRoot::kFloat:
        if (chance(5)) return std::numeric_limits<float>::quiet_NaN();
        return static_cast<float>(integer<int32_t>()) / 7.0f;
      case TypeRoot::kDouble:
        if (chance(5)) return std::numeric_limits<double>::quiet_NaN();
        if (chance(5)) return -std::numeric_limits<double>::infinity();
        return static_cast<double>(integer<int64_t>()) / 3.0;
      case TypeRoot::kChar:
        return bytes(t.length(), true);
      case TypeRoot::kString:
        return bytes(20, false);
      case TypeRoot::kBinary:
        return Binary{bytes(t.length(), true)};
      case TypeRoot::kBytes:
        return Binary{bytes(20, false)};
      case TypeRoot::kDecimal:
        return Decimal{decimal_unscaled(t.precision()), t.precision(), t.scale()};
      case TypeRoot::kTimestampNtz:
      case TypeRoot::kTimestampLtz: {
        const int64_t millis = integer<int64_t>() / 4;
        const int32_t nanos = t.is_compact_timestamp() ? 0 : uniform(0, 999'999);
        if (t.root() == TypeRoot::kTimestampNtz) return TimestampNtz{millis, nanos};
        return TimestampLtz{millis, nanos};
      }
      case TypeRoot::kArray: {
        std::vector<Datum> elements(uniform(0, 40) < 35 ? uniform(0, 5) : uniform(30, 70));
        for (Datum& e : elements) e = value(t.element_type());
        return std::make_shared<const GenericArray>(std::move(elements));
      }
      case TypeRoot::kMap: {
        std::vector<Datum> keys(uniform(0, 4)), values(keys.size());
        for (size_t i = 0; i < keys.size(); ++i) {
          keys[i] = value(t.key_type());
          values[i] = value(t.value_type());
        }
        return std::make_shared<const GenericMap>(std::move(keys), std::move(values));
      }
      case TypeRoot::kRow: {
        std::vector<Datum> fs;
        for (const DataField& f : t.fields()) fs.push_back(value(f.type));
        return std::make_shared<const GenericRow>(std::move(fs));
      }
    }
    return Null{};
  }

  GenericRow row(const RowType& type) {
    std::vector<Datum> fs;
    for (const DataType& t : type) fs.push_back(value(t));
    return GenericRow(std::move(fs));
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

}  // namespace fluss::test
