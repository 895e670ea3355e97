// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "model/data_type.h"

namespace fluss {

// DECIMAL(p, s): the unscaled value as a 128-bit integer (p <= 38 always fits).
// Compact decimals (p <= 18) keep it within int64.
struct Decimal {
  __int128 unscaled = 0;
  int precision = 10;
  int scale = 0;

  friend bool operator==(const Decimal&, const Decimal&) = default;
};

// Java's BigDecimal.toPlainString: "123.45", "-0.05", "7".
std::string to_plain_string(const Decimal& decimal);

// TIMESTAMP(p) WITHOUT TIME ZONE: wall-clock milliseconds since 1970-01-01 plus
// nanoseconds within the millisecond (0..999'999), as Fluss's TimestampNtz.
struct TimestampNtz {
  int64_t millisecond = 0;
  int32_t nano_of_millisecond = 0;

  friend bool operator==(const TimestampNtz&, const TimestampNtz&) = default;
};

// TIMESTAMP(p) WITH LOCAL TIME ZONE: an instant, as Fluss's TimestampLtz.
struct TimestampLtz {
  int64_t epoch_millisecond = 0;
  int32_t nano_of_millisecond = 0;

  friend bool operator==(const TimestampLtz&, const TimestampLtz&) = default;
};

// Raw bytes of BINARY(n) / BYTES values, distinct from STRING's UTF-8 std::string.
struct Binary {
  std::string bytes;

  friend bool operator==(const Binary&, const Binary&) = default;
};

class GenericArray;
class GenericMap;
class GenericRow;

// One field value. Which alternative holds is fixed by the field's DataType:
//   null                      -> Null (any nullable type)
//   BOOLEAN                   -> bool
//   TINYINT / SMALLINT        -> int8_t / int16_t
//   INT, DATE (days), TIME (ms of day) -> int32_t
//   BIGINT                    -> int64_t
//   FLOAT / DOUBLE            -> float / double
//   CHAR / STRING             -> std::string (UTF-8)
//   BINARY / BYTES            -> Binary
//   DECIMAL                   -> Decimal
//   TIMESTAMP / TIMESTAMP_LTZ -> TimestampNtz / TimestampLtz
//   ARRAY / MAP / ROW         -> shared_ptr to an immutable GenericArray / GenericMap / GenericRow
using Null = std::monostate;
using Datum = std::variant<Null, bool, int8_t, int16_t, int32_t, int64_t, float, double,
                           std::string, Binary, Decimal, TimestampNtz, TimestampLtz,
                           std::shared_ptr<const GenericArray>, std::shared_ptr<const GenericMap>,
                           std::shared_ptr<const GenericRow>>;

inline bool is_null(const Datum& d) { return std::holds_alternative<Null>(d); }

// Deep equality: nested values compare by content, floats bitwise-equal or ==.
bool datum_equals(const Datum& a, const Datum& b);
// Human-readable form for messages and test failures: 1, 'ab', x'0aff', NULL, [1, 2], {k=v}, (1, 'a').
std::string datum_to_string(const Datum& d);

// The values of an ARRAY.
class GenericArray {
 public:
  GenericArray() = default;
  explicit GenericArray(std::vector<Datum> elements) : elements_(std::move(elements)) {}

  size_t size() const { return elements_.size(); }
  const Datum& operator[](size_t i) const { return elements_[i]; }
  const std::vector<Datum>& elements() const { return elements_; }

  friend bool operator==(const GenericArray& a, const GenericArray& b);

 private:
  std::vector<Datum> elements_;
};

// The entries of a MAP, in insertion order (Fluss maps are unordered; the row
// formats keep the order they are given).
class GenericMap {
 public:
  GenericMap() = default;
  GenericMap(std::vector<Datum> keys, std::vector<Datum> values)
      : keys_(std::move(keys)), values_(std::move(values)) {}

  size_t size() const { return keys_.size(); }
  const std::vector<Datum>& keys() const { return keys_; }
  const std::vector<Datum>& values() const { return values_; }

  friend bool operator==(const GenericMap& a, const GenericMap& b);

 private:
  std::vector<Datum> keys_;
  std::vector<Datum> values_;
};

// A row of values, one per field (Fluss's GenericRow): what the client builds
// and what row decoders return.
class GenericRow {
 public:
  GenericRow() = default;
  explicit GenericRow(size_t arity) : fields_(arity) {}
  explicit GenericRow(std::vector<Datum> fields) : fields_(std::move(fields)) {}

  size_t arity() const { return fields_.size(); }
  const Datum& operator[](size_t i) const { return fields_[i]; }
  Datum& operator[](size_t i) { return fields_[i]; }
  const std::vector<Datum>& fields() const { return fields_; }
  bool is_null_at(size_t i) const { return is_null(fields_[i]); }

  void set(size_t i, Datum value) { fields_[i] = std::move(value); }

  std::string to_string() const;

  friend bool operator==(const GenericRow& a, const GenericRow& b);

 private:
  std::vector<Datum> fields_;
};

std::ostream& operator<<(std::ostream& os, const GenericRow& row);

}  // namespace fluss
