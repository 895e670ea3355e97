// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/to_string_formatter.h"

namespace fluss {

// The root of a Fluss data type (org.apache.fluss.types.DataTypeRoot).
enum class TypeRoot : uint8_t {
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kFloat,
  kDouble,
  kChar,
  kString,
  kBinary,
  kBytes,
  kDecimal,
  kDate,
  kTime,          // TIME(p) WITHOUT TIME ZONE; values are milliseconds of the day
  kTimestampNtz,  // TIMESTAMP(p) WITHOUT TIME ZONE
  kTimestampLtz,  // TIMESTAMP(p) WITH LOCAL TIME ZONE
  kArray,
  kMap,
  kRow,
};

struct DataField;

// A Fluss data type: a root, nullability, and the root's parameters (length of
// CHAR/BINARY, precision and scale of DECIMAL, precision of TIME/TIMESTAMP) or
// children (ARRAY element, MAP key and value, ROW fields). An immutable value;
// copies share their children. Defaults are Fluss's: CHAR(1), BINARY(1),
// DECIMAL(10, 0), TIME(0), TIMESTAMP(6), TIMESTAMP_LTZ(6).
class DataType {
 public:
  static constexpr int kMaxDecimalPrecision = 38;
  static constexpr int kMaxTimePrecision = 9;

  // BOOLEAN; every factory returns a nullable type: use .not_null() for NOT NULL.
  DataType() : DataType(TypeRoot::kBoolean) {}

  static DataType boolean() { return DataType(TypeRoot::kBoolean); }
  static DataType tinyint() { return DataType(TypeRoot::kTinyInt); }
  static DataType smallint() { return DataType(TypeRoot::kSmallInt); }
  static DataType int_() { return DataType(TypeRoot::kInt); }
  static DataType bigint() { return DataType(TypeRoot::kBigInt); }
  static DataType float_() { return DataType(TypeRoot::kFloat); }
  static DataType double_() { return DataType(TypeRoot::kDouble); }
  static DataType char_(int length = 1);
  static DataType string() { return DataType(TypeRoot::kString); }
  static DataType binary(int length = 1);
  static DataType bytes() { return DataType(TypeRoot::kBytes); }
  static DataType decimal(int precision = 10, int scale = 0);
  static DataType date() { return DataType(TypeRoot::kDate); }
  static DataType time(int precision = 0);
  static DataType timestamp(int precision = 6);
  static DataType timestamp_ltz(int precision = 6);
  static DataType array(DataType element);
  static DataType map(DataType key, DataType value);
  static DataType row(std::vector<DataField> fields);

  TypeRoot root() const { return root_; }
  bool nullable() const { return nullable_; }
  DataType with_nullable(bool nullable) const;
  DataType not_null() const { return with_nullable(false); }

  // CHAR and BINARY.
  int length() const { return length_; }
  // DECIMAL, TIME, TIMESTAMP, TIMESTAMP_LTZ.
  int precision() const { return precision_; }
  // DECIMAL.
  int scale() const { return scale_; }
  // ARRAY.
  const DataType& element_type() const;
  // MAP.
  const DataType& key_type() const;
  const DataType& value_type() const;
  // ROW.
  const std::vector<DataField>& fields() const;

  // Fixed-size types whose values fit in 8 bytes in every row format
  // (not STRING/BYTES/ARRAY/MAP/ROW, not DECIMAL with p > 18, not TIMESTAMP with p > 3).
  bool is_fixed_length() const;
  // DECIMAL(p <= 18) is stored as an unscaled int64 ("compact", Decimal.isCompact).
  bool is_compact_decimal() const { return precision_ <= 18; }
  // TIMESTAMP(p <= 3) is stored as milliseconds only (TimestampNtz.isCompact).
  bool is_compact_timestamp() const { return precision_ <= 3; }

  // Flink SQL spelling: "INT NOT NULL", "DECIMAL(10, 2)", "ARRAY<STRING>",
  // "ROW<`a` INT, `b` STRING>", "TIMESTAMP(6) WITH LOCAL TIME ZONE".
  std::string to_string() const;

  // Equal roots, nullability, parameters and children.
  friend bool operator==(const DataType& a, const DataType& b);

 private:
  explicit DataType(TypeRoot root) : root_(root) {}

  TypeRoot root_;
  bool nullable_ = true;
  int length_ = 0;
  int precision_ = 0;
  int scale_ = 0;
  // ARRAY: [element]; MAP: [key, value]. Shared: types are immutable.
  std::shared_ptr<const std::vector<DataType>> children_;
  std::shared_ptr<const std::vector<DataField>> fields_;
};

// A named field of a ROW type (org.apache.fluss.types.DataField).
struct DataField {
  std::string name;
  DataType type;
  std::optional<std::string> description = std::nullopt;
  int32_t field_id = -1;

  friend bool operator==(const DataField&, const DataField&) = default;
};

// The wire/JSON name of a root: "INTEGER", "TIMESTAMP_WITH_LOCAL_TIME_ZONE", ... (§10.3).
const char* type_root_json_name(TypeRoot root);
std::optional<TypeRoot> type_root_from_json_name(std::string_view name);

std::ostream& operator<<(std::ostream& os, const DataType& type);

}  // namespace fluss

FLUSS_MODEL_TO_STRING_FORMATTER(fluss::DataType)

namespace fluss {

// The field types of a row, in column order: what row codecs, key encoders and
// the Arrow writer are given (nested ROW types carry their fields in DataType).
using RowType = std::vector<DataType>;

}  // namespace fluss
