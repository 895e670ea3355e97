// SPDX-License-Identifier: Apache-2.0
#include "record/key/partition_name.h"

#include <fmt/format.h>

#include <cmath>

#include "common/bytes.h"
#include "record/key/java_strings.h"

namespace fluss {

namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

// PartitionNameConverters.reformatFloat / reformatDouble.
std::string reformat(std::string java, bool nan, bool inf, bool negative) {
  if (nan) return "NaN";
  if (inf) return negative ? "-Inf" : "Inf";
  for (char& c : java) {
    if (c == '.') c = '_';
  }
  return java;
}

// PartitionNameConverters.milliToString: HH-mm-ss_SSS with Java's floor arithmetic.
std::string time_string(int32_t milli) {
  const int64_t hour = floor_div(milli, 3'600'000);
  const int64_t minute = floor_div(floor_mod(milli, 3'600'000), 60'000);
  const int64_t second = floor_div(floor_mod(floor_mod(milli, 3'600'000), 60'000), 1000);
  return fmt::format("{:02d}-{:02d}-{:02d}_{:03d}", hour, minute, second, floor_mod(milli, 1000));
}

// PartitionNameConverters.timestampToString: pattern yyyy-MM-dd-HH-mm-ss_ then the
// nano-of-second fraction with trailing zeros removed (no digits when zero).
std::string timestamp_string(int64_t millis, int32_t nanos) {
  const int64_t days = floor_div(millis, 86'400'000);
  const int64_t ms_of_day = floor_mod(millis, 86'400'000);
  const key_internal::CivilDate date = key_internal::civil_from_days(days);
  // "yyyy" is the year of era, padded to 4, with a '+' beyond 4 digits.
  const int64_t year_of_era = date.year > 0 ? date.year : 1 - date.year;
  std::string s =
      year_of_era > 9999 ? fmt::format("+{}", year_of_era) : fmt::format("{:04d}", year_of_era);
  s += fmt::format("-{:02d}-{:02d}-{:02d}-{:02d}-{:02d}_", date.month, date.day,
                   ms_of_day / 3'600'000, ms_of_day / 60'000 % 60, ms_of_day / 1000 % 60);
  int64_t fraction = (ms_of_day % 1000) * 1'000'000 + nanos;
  if (fraction == 0) return s;
  std::string digits = fmt::format("{:09d}", fraction);
  while (digits.back() == '0') digits.pop_back();
  return s + digits;
}

Status invalid(const DataType& type, std::string_view what) {
  return make_error(ErrorCode::kPartitionSpecInvalidException, "partition value of type {} {}",
                    type.to_string(), what);
}

template <typename T>
const T* get(const Datum& d) {
  return std::get_if<T>(&d);
}

}  // namespace

Result<std::string> partition_value_to_string(const DataType& type, const Datum& value) {
  if (is_null(value)) return invalid(type, "is null");
  switch (type.root()) {
    case TypeRoot::kChar:
    case TypeRoot::kString:
      if (auto* v = get<std::string>(value)) return *v;
      break;
    case TypeRoot::kBoolean:
      if (auto* v = get<bool>(value)) return std::string(*v ? "true" : "false");
      break;
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      if (auto* v = get<Binary>(value)) return to_hex(as_bytes(v->bytes));
      break;
    case TypeRoot::kTinyInt:
      if (auto* v = get<int8_t>(value)) return std::to_string(*v);
      break;
    case TypeRoot::kSmallInt:
      if (auto* v = get<int16_t>(value)) return std::to_string(*v);
      break;
    case TypeRoot::kInt:
      if (auto* v = get<int32_t>(value)) return std::to_string(*v);
      break;
    case TypeRoot::kBigInt:
      if (auto* v = get<int64_t>(value)) return std::to_string(*v);
      break;
    case TypeRoot::kDate:
      if (auto* v = get<int32_t>(value)) {
        const key_internal::CivilDate d = key_internal::civil_from_days(*v);
        return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
      }
      break;
    case TypeRoot::kTime:
      if (auto* v = get<int32_t>(value)) return time_string(*v);
      break;
    case TypeRoot::kFloat:
      if (auto* v = get<float>(value)) {
        return reformat(key_internal::java_float_to_string(*v), std::isnan(*v), std::isinf(*v),
                        *v < 0);
      }
      break;
    case TypeRoot::kDouble:
      if (auto* v = get<double>(value)) {
        return reformat(key_internal::java_double_to_string(*v), std::isnan(*v), std::isinf(*v),
                        *v < 0);
      }
      break;
    case TypeRoot::kTimestampNtz:
      if (auto* v = get<TimestampNtz>(value)) {
        return timestamp_string(v->millisecond, v->nano_of_millisecond);
      }
      break;
    case TypeRoot::kTimestampLtz:
      if (auto* v = get<TimestampLtz>(value)) {
        return timestamp_string(v->epoch_millisecond, v->nano_of_millisecond);
      }
      break;
    default:
      return invalid(type, "is not supported: not a partition key type");
  }
  return invalid(type, fmt::format("cannot be {}", datum_to_string(value)));
}

std::string partition_name(std::span<const std::string> values) {
  std::string name;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) name += kPartitionSpecSeparator;
    name += values[i];
  }
  return name;
}

Result<std::string> partition_name(const RowType& row_type,
                                   std::span<const int> partition_key_indexes,
                                   const GenericRow& row) {
  std::vector<std::string> values;
  values.reserve(partition_key_indexes.size());
  for (int i : partition_key_indexes) {
    if (i < 0 || static_cast<size_t>(i) >= row_type.size() ||
        static_cast<size_t>(i) >= row.arity()) {
      return make_error(ErrorCode::kPartitionSpecInvalidException,
                        "partition column {} not in a row of {}", i, row.arity());
    }
    auto v = partition_value_to_string(row_type[i], row[i]);
    if (!v.ok()) return v.status().with_context(fmt::format("partition column {}", i));
    values.push_back(std::move(v).value());
  }
  return partition_name(values);
}

}  // namespace fluss
