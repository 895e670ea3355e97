// SPDX-License-Identifier: Apache-2.0
// Random typed rows for the record module's tests (record_test, and
// arrow_interop_test): random DataTypes of every Fluss type, random values for a
// type, and a fixed schema with a column of every type. Seed the generator from
// seed_from_env() and SCOPED_TRACE(seed_trace(seed)) so that a failure replays.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss::test {

// Which values RandomRows makes. In both ranges STRING and CHAR values are UTF-8
// text (NUL, multi-byte characters, quotes); CHAR(n) values take at most n bytes;
// CHAR and BINARY values end in a non-zero byte (IndexedRow pads them with zeros
// and strips those); NaNs are the canonical quiet NaN (arrays canonicalize).
enum class ValueRange : uint8_t {
  // What every encoder of the module round-trips exactly -- the row formats, the
  // compacted key encoding and Arrow -- so that one row can go through all of them:
  // BINARY(n) values of exactly n bytes (Arrow's FixedSizeBinary); TIME and
  // TIMESTAMP values truncated to their precision, TIMESTAMP(4..9) within an int64
  // count of micro- or nanoseconds (Arrow's units, fluss-wire.md §5.10.3); DATE
  // within 0000-01-01..9999-12-31 (which a JavaScript Date also holds, for
  // arrow_interop_test); MAP keys never null (Arrow's map keys are NOT NULL).
  kEveryEncoder,
  // What the row formats and the compacted key round-trip: also BINARY(n) values
  // shorter than n, any int32 DATE, any millisecond of the day for TIME(0..2),
  // TIMESTAMP millis over all of int64 with any nanos at every precision, null
  // MAP keys.
  kRowFormats,
};

// Random Fluss types and values from one std::mt19937_64. Values are null (in a
// nullable type) 15% of the time, and favour the edges: integer and
// floating extremes, empty and long strings, empty and large containers,
// DECIMALs of all nines, timestamps at the ends of their range.
class RandomRows {
 public:
  explicit RandomRows(uint64_t seed, ValueRange range = ValueRange::kEveryEncoder)
      : rng_(seed), range_(range) {}

  std::mt19937_64& rng() { return rng_; }
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  int64_t uniform64(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  bool chance(int percent) { return uniform(0, 99) < percent; }

  // ---------------------------------------------------------------------------
  // Types

  // Any of the 16 non-nested type roots, with random length/precision/scale.
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
        return DataType::time(uniform(0, 9));
      case 14:
        return DataType::timestamp(uniform(0, 9));
      default:
        return DataType::timestamp_ltz(uniform(0, 9));
    }
  }

  // A scalar type, or (while `depth` > 0, three times in ten) an ARRAY, MAP or ROW
  // (of 0..4 fields) of types at most `depth` - 1 deep. NOT NULL three times in ten.
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

  // Fields f0..f{n-1} (field ids 0..n-1) of random types.
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

  // ---------------------------------------------------------------------------
  // Values

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
        return integer<int32_t>();
      case TypeRoot::kBigInt:
        return integer<int64_t>();
      case TypeRoot::kFloat:
        return floating<float>();
      case TypeRoot::kDouble:
        return floating<double>();
      case TypeRoot::kChar:
        return char_text(t.length());
      case TypeRoot::kString:
        return text(text_pieces());
      case TypeRoot::kBinary: {
        const int n = range_ == ValueRange::kEveryEncoder ? t.length() : uniform(0, t.length());
        std::string b = bytes(static_cast<size_t>(n));
        if (!b.empty() && b.back() == '\0') b.back() = 'z';
        return Binary{std::move(b)};
      }
      case TypeRoot::kBytes:
        return Binary{bytes(byte_length())};
      case TypeRoot::kDecimal:
        return Decimal{decimal_unscaled(t.precision()), t.precision(), t.scale()};
      case TypeRoot::kDate:
        if (range_ == ValueRange::kRowFormats) return integer<int32_t>();
        return static_cast<int32_t>(bounded(kDay0000, kDay9999));
      case TypeRoot::kTime: {
        int32_t ms = static_cast<int32_t>(bounded(0, 86'399'999));
        if (range_ == ValueRange::kEveryEncoder && t.precision() < 3) {
          ms -= ms % kPow10[3 - t.precision()];
        }
        return ms;
      }
      case TypeRoot::kTimestampNtz: {
        const auto [millis, nanos] = timestamp(t.precision());
        return TimestampNtz{millis, nanos};
      }
      case TypeRoot::kTimestampLtz: {
        const auto [millis, nanos] = timestamp(t.precision());
        return TimestampLtz{millis, nanos};
      }
      case TypeRoot::kArray: {
        // Mostly short; sometimes past one 64-bit word of null bits.
        std::vector<Datum> elements(uniform(0, 40) < 35 ? uniform(0, 5) : uniform(30, 70));
        for (Datum& e : elements) e = value(t.element_type());
        return std::make_shared<const GenericArray>(std::move(elements));
      }
      case TypeRoot::kMap: {
        const DataType key_type =
            range_ == ValueRange::kEveryEncoder ? t.key_type().not_null() : t.key_type();
        std::vector<Datum> keys(uniform(0, 4)), values(keys.size());
        for (size_t i = 0; i < keys.size(); ++i) {
          keys[i] = value(key_type);
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

  std::vector<GenericRow> rows(const RowType& type, int count) {
    std::vector<GenericRow> out;
    for (int i = 0; i < count; ++i) out.push_back(row(type));
    return out;
  }

 private:
  static constexpr int64_t kDay0000 = -719'528;   // 0000-01-01
  static constexpr int64_t kDay9999 = 2'932'896;  // 9999-12-31
  static constexpr int32_t kPow10[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000};

  template <typename T>
  T integer() {
    switch (uniform(0, 5)) {
      case 0:
        return std::numeric_limits<T>::min();
      case 1:
        return std::numeric_limits<T>::max();
      case 2:
        return 0;
      case 3:
        return static_cast<T>(uniform(-200, 200));
      default:
        return static_cast<T>(rng_());
    }
  }

  // In [lo, hi] (which holds 0): an end, zero, a small value or any.
  int64_t bounded(int64_t lo, int64_t hi) {
    switch (uniform(0, 5)) {
      case 0:
        return lo;
      case 1:
        return hi;
      case 2:
        return 0;
      case 3:
        return std::clamp<int64_t>(uniform(-200, 200), lo, hi);
      default:
        return uniform64(lo, hi);
    }
  }

  template <typename F>
  F floating() {
    if (chance(30)) {
      switch (uniform(0, 9)) {
        case 0:
          return std::numeric_limits<F>::quiet_NaN();
        case 1:
          return std::numeric_limits<F>::infinity();
        case 2:
          return -std::numeric_limits<F>::infinity();
        case 3:
          return F{0};
        case 4:
          return -F{0};
        case 5:
          return std::numeric_limits<F>::max();
        case 6:
          return std::numeric_limits<F>::lowest();
        case 7:
          return std::numeric_limits<F>::denorm_min();
        case 8:
          return std::numeric_limits<F>::min();
        default:
          return F{1.5};
      }
    }
    return static_cast<F>(integer<int64_t>()) / F{7};
  }

  // Text of `n` pieces: ASCII, NUL, quotes and 2-, 3- and 4-byte UTF-8.
  std::string text(int n) {
    static constexpr std::string_view kPieces[] = {
        "a", "Z", "0", " ", std::string_view("\0", 1), "é", "漢", "🙂", "\"", "\\"};
    std::string s;
    for (int i = 0; i < n; ++i) s += kPieces[uniform(0, 9)];
    return s;
  }

  // Empty one time in five; long (past a one-byte varint length) one in twenty.
  int text_pieces() {
    if (chance(20)) return 0;
    if (chance(5)) return uniform(40, 150);
    return uniform(1, 12);
  }

  // UTF-8 of at most `max_bytes` bytes, not ending in NUL.
  std::string char_text(int max_bytes) {
    std::string s;
    const int pieces = uniform(0, max_bytes);
    for (int i = 0; i < pieces; ++i) {
      std::string piece = text(1);
      if (s.size() + piece.size() > static_cast<size_t>(max_bytes)) break;
      s += piece;
    }
    if (!s.empty() && s.back() == '\0') s.back() = 'z';
    return s;
  }

  size_t byte_length() {
    if (chance(20)) return 0;
    if (chance(5)) return static_cast<size_t>(uniform(100, 300));
    return static_cast<size_t>(uniform(1, 20));
  }

  // Any bytes, zero one time in five.
  std::string bytes(size_t n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(chance(20) ? 0 : uniform(1, 255));
    return s;
  }

  // Zero, all nines (the most digits `precision` holds) either sign, or any.
  __int128 decimal_unscaled(int precision) {
    __int128 limit = 1;
    for (int i = 0; i < precision; ++i) limit *= 10;
    if (chance(5)) return 0;
    if (chance(20)) return chance(50) ? limit - 1 : -(limit - 1);
    const unsigned __int128 r =
        (static_cast<unsigned __int128>(rng_()) << 64) | static_cast<unsigned __int128>(rng_());
    const __int128 v = static_cast<__int128>(r % static_cast<unsigned __int128>(limit));
    return chance(50) ? v : -v;
  }

  // Millis and nanos of millisecond for a TIMESTAMP(_LTZ) of `precision`.
  std::pair<int64_t, int32_t> timestamp(int precision) {
    if (range_ == ValueRange::kRowFormats) {
      const int64_t millis = integer<int64_t>();
      return {millis, precision <= 3 ? 0 : uniform(0, 999'999)};
    }
    // Arrow stores seconds (precision 0), millis (1..3), micros (4..6) or nanos.
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    const int64_t bound =
        precision <= 3 ? kMax : (precision <= 6 ? kMax / 1'000 : kMax / 1'000'000) - 1;
    int64_t millis = bounded(precision <= 3 ? std::numeric_limits<int64_t>::min() : -bound, bound);
    int32_t nanos = 0;
    if (precision < 3) {
      millis -= millis % kPow10[3 - precision];
    } else if (precision > 3) {
      nanos = uniform(0, 999'999);
      nanos -= nanos % kPow10[9 - precision];
    }
    return {millis, nanos};
  }

  std::mt19937_64 rng_;
  ValueRange range_;
};

// ---------------------------------------------------------------------------
// A fixed schema with a column of every type (the Arrow tests' and
// arrow_interop_test's): one per type mapping of fluss-wire.md §5.10.3, every
// TIME/TIMESTAMP unit, nullable and NOT NULL, nested ARRAY/MAP/ROW.

inline DataField named_field(std::string name, DataType type) {
  return DataField{std::move(name), std::move(type), std::nullopt, -1};
}

inline std::vector<DataField> every_type_fields() {
  return {
      named_field("id", DataType::int_().not_null()),
      named_field("bool", DataType::boolean()),
      named_field("tinyint", DataType::tinyint()),
      named_field("smallint", DataType::smallint()),
      named_field("int", DataType::int_()),
      named_field("bigint", DataType::bigint()),
      named_field("bigint_nn", DataType::bigint().not_null()),
      named_field("float", DataType::float_()),
      named_field("double", DataType::double_()),
      named_field("char", DataType::char_(5)),
      named_field("string", DataType::string()),
      named_field("binary", DataType::binary(4)),
      named_field("bytes", DataType::bytes()),
      named_field("decimal_compact", DataType::decimal(10, 2)),
      named_field("decimal_wide", DataType::decimal(38, 10)),
      named_field("date", DataType::date()),
      named_field("time0", DataType::time(0)),
      named_field("time3", DataType::time(3)),
      named_field("time6", DataType::time(6)),
      named_field("time9", DataType::time(9)),
      named_field("ts0", DataType::timestamp(0)),
      named_field("ts3", DataType::timestamp(3)),
      named_field("ts6", DataType::timestamp(6)),
      named_field("ts9", DataType::timestamp(9)),
      named_field("ltz3", DataType::timestamp_ltz(3)),
      named_field("ltz6", DataType::timestamp_ltz(6)),
      named_field("ltz9", DataType::timestamp_ltz(9)),
      named_field("array_int", DataType::array(DataType::int_())),
      named_field("array_string", DataType::array(DataType::string().not_null())),
      named_field("map", DataType::map(DataType::string().not_null(), DataType::bigint())),
      named_field("row", DataType::row({named_field("a", DataType::int_()),
                                        named_field("b", DataType::string()),
                                        named_field("c", DataType::array(DataType::double_()))})),
      named_field("array_row",
                  DataType::array(DataType::row({named_field("x", DataType::bigint().not_null()),
                                                 named_field("y", DataType::bytes())}))),
  };
}

// The types of `fields`, in order.
inline RowType row_type_of(const std::vector<DataField>& fields) {
  RowType type;
  for (const DataField& f : fields) type.push_back(f.type);
  return type;
}

}  // namespace fluss::test
