// SPDX-License-Identifier: Apache-2.0
// Test data shared by record_test's Arrow tests and arrow_interop_test: a
// schema with every Fluss type Arrow carries, and seeded random rows for it
// (nulls, empty strings and containers, extreme values).
#pragma once

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss::test {

inline DataField arrow_field(std::string name, DataType type) {
  return DataField{std::move(name), std::move(type), std::nullopt, -1};
}

// One column per type mapping of fluss-wire.md §5.10.3 (every TIME/TIMESTAMP
// unit), nullable and NOT NULL, and nested ARRAY/MAP/ROW.
inline std::vector<DataField> arrow_all_types_fields() {
  return {
      arrow_field("id", DataType::int_().not_null()),
      arrow_field("bool", DataType::boolean()),
      arrow_field("tinyint", DataType::tinyint()),
      arrow_field("smallint", DataType::smallint()),
      arrow_field("int", DataType::int_()),
      arrow_field("bigint", DataType::bigint()),
      arrow_field("bigint_nn", DataType::bigint().not_null()),
      arrow_field("float", DataType::float_()),
      arrow_field("double", DataType::double_()),
      arrow_field("char", DataType::char_(5)),
      arrow_field("string", DataType::string()),
      arrow_field("binary", DataType::binary(4)),
      arrow_field("bytes", DataType::bytes()),
      arrow_field("decimal_compact", DataType::decimal(10, 2)),
      arrow_field("decimal_wide", DataType::decimal(38, 10)),
      arrow_field("date", DataType::date()),
      arrow_field("time0", DataType::time(0)),
      arrow_field("time3", DataType::time(3)),
      arrow_field("time6", DataType::time(6)),
      arrow_field("time9", DataType::time(9)),
      arrow_field("ts0", DataType::timestamp(0)),
      arrow_field("ts3", DataType::timestamp(3)),
      arrow_field("ts6", DataType::timestamp(6)),
      arrow_field("ts9", DataType::timestamp(9)),
      arrow_field("ltz3", DataType::timestamp_ltz(3)),
      arrow_field("ltz6", DataType::timestamp_ltz(6)),
      arrow_field("ltz9", DataType::timestamp_ltz(9)),
      arrow_field("array_int", DataType::array(DataType::int_())),
      arrow_field("array_string", DataType::array(DataType::string().not_null())),
      arrow_field("map", DataType::map(DataType::string().not_null(), DataType::bigint())),
      arrow_field("row", DataType::row({arrow_field("a", DataType::int_()),
                                        arrow_field("b", DataType::string()),
                                        arrow_field("c", DataType::array(DataType::double_()))})),
      arrow_field("array_row",
                  DataType::array(DataType::row({arrow_field("x", DataType::bigint().not_null()),
                                                 arrow_field("y", DataType::bytes())}))),
  };
}

inline RowType arrow_row_type(const std::vector<DataField>& fields) {
  RowType type;
  for (const DataField& f : fields) type.push_back(f.type);
  return type;
}

// Random values; `rng` is seeded by the caller from seed_from_env().
class ArrowValueGenerator {
 public:
  explicit ArrowValueGenerator(uint64_t seed) : rng_(seed) {}

  Datum value(const DataType& type, int depth = 0) {
    if (type.nullable() && chance(6)) return Null{};
    switch (type.root()) {
      case TypeRoot::kBoolean:
        return chance(2);
      case TypeRoot::kTinyInt:
        return static_cast<int8_t>(pick_extreme<int8_t>());
      case TypeRoot::kSmallInt:
        return static_cast<int16_t>(pick_extreme<int16_t>());
      case TypeRoot::kInt:
        return pick_extreme<int32_t>();
      case TypeRoot::kBigInt:
        return pick_extreme<int64_t>();
      case TypeRoot::kFloat: {
        static constexpr float kSpecial[] = {0.0f,
                                             -0.0f,
                                             1.5f,
                                             std::numeric_limits<float>::max(),
                                             std::numeric_limits<float>::lowest(),
                                             std::numeric_limits<float>::denorm_min()};
        if (chance(3)) return kSpecial[uniform(0, 5)];
        return static_cast<float>(uniform(-1000000, 1000000)) / 7.0f;
      }
      case TypeRoot::kDouble: {
        static constexpr double kSpecial[] = {0.0,
                                              -0.0,
                                              2.25,
                                              std::numeric_limits<double>::max(),
                                              std::numeric_limits<double>::lowest(),
                                              std::numeric_limits<double>::denorm_min()};
        if (chance(3)) return kSpecial[uniform(0, 5)];
        return static_cast<double>(pick_extreme<int32_t>()) / 3.0;
      }
      case TypeRoot::kChar:
      case TypeRoot::kString:
        return text(chance(4) ? 0 : uniform(1, 12));
      case TypeRoot::kBinary:
        return Binary{bytes(type.length())};
      case TypeRoot::kBytes:
        return Binary{bytes(chance(4) ? 0 : uniform(1, 20))};
      case TypeRoot::kDecimal: {
        __int128 bound = 1;
        for (int i = 0; i < type.precision(); ++i) bound *= 10;
        __int128 v;
        if (chance(4)) {
          v = chance(2) ? bound - 1 : -(bound - 1);
        } else {
          v = static_cast<__int128>(pick_extreme<int64_t>()) * uniform(1, 1000);
          v %= bound;
        }
        return Decimal{.unscaled = v, .precision = type.precision(), .scale = type.scale()};
      }
      case TypeRoot::kDate:
        return static_cast<int32_t>(uniform(-800000, 2900000));
      case TypeRoot::kTime: {
        // Milliseconds of the day, truncated to what the precision keeps.
        int32_t ms = static_cast<int32_t>(uniform(0, 86399999));
        if (type.precision() == 0) ms -= ms % 1000;
        return ms;
      }
      case TypeRoot::kTimestampNtz:
      case TypeRoot::kTimestampLtz: {
        int64_t ms =
            static_cast<int64_t>(uniform(-4000000000LL, 4000000000LL)) * 1000 + uniform(0, 999);
        int32_t nano = 0;
        if (type.precision() == 0) ms -= ((ms % 1000) + 1000) % 1000;
        if (type.precision() > 3 && type.precision() <= 6) nano = uniform(0, 999) * 1000;
        if (type.precision() > 6) nano = uniform(0, 999999);
        if (type.root() == TypeRoot::kTimestampNtz) return TimestampNtz{ms, nano};
        return TimestampLtz{ms, nano};
      }
      case TypeRoot::kArray: {
        std::vector<Datum> elements;
        const int n = depth > 2 || chance(5) ? 0 : uniform(1, 4);
        for (int i = 0; i < n; ++i) elements.push_back(value(type.element_type(), depth + 1));
        return std::make_shared<const GenericArray>(std::move(elements));
      }
      case TypeRoot::kMap: {
        std::vector<Datum> keys;
        std::vector<Datum> values;
        const int n = depth > 2 || chance(5) ? 0 : uniform(1, 3);
        for (int i = 0; i < n; ++i) {
          keys.push_back(value(type.key_type(), depth + 1));
          values.push_back(value(type.value_type(), depth + 1));
        }
        return std::make_shared<const GenericMap>(std::move(keys), std::move(values));
      }
      case TypeRoot::kRow: {
        std::vector<Datum> fields;
        for (const DataField& f : type.fields()) fields.push_back(value(f.type, depth + 1));
        return std::make_shared<const GenericRow>(std::move(fields));
      }
    }
    return Null{};
  }

  GenericRow row(const RowType& type) {
    std::vector<Datum> fields;
    for (const DataType& t : type) fields.push_back(value(t));
    return GenericRow(std::move(fields));
  }

  std::vector<GenericRow> rows(const RowType& type, int count) {
    std::vector<GenericRow> out;
    for (int i = 0; i < count; ++i) out.push_back(row(type));
    return out;
  }

 private:
  bool chance(int one_in) { return uniform(0, one_in - 1) == 0; }
  int64_t uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  template <typename T>
  T pick_extreme() {
    switch (uniform(0, 5)) {
      case 0:
        return std::numeric_limits<T>::min();
      case 1:
        return std::numeric_limits<T>::max();
      case 2:
        return 0;
      default:
        return static_cast<T>(
            uniform(std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
    }
  }
  std::string text(int64_t n) {
    static constexpr const char* kPieces[] = {"a", "Z", "0", " ", "é", "漢", "🙂", "\"", "\\"};
    std::string s;
    for (int64_t i = 0; i < n; ++i) s += kPieces[uniform(0, 8)];
    return s;
  }
  std::string bytes(int64_t n) {
    std::string s(static_cast<size_t>(n), '\0');
    for (char& c : s) c = static_cast<char>(uniform(0, 255));
    return s;
  }

  std::mt19937_64 rng_;
};

}  // namespace fluss::test
