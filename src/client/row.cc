// SPDX-License-Identifier: Apache-2.0
// GenericRow, RowView and the read results (fluss/row.h) over detail::RowImpl / RowSet.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "row_internal.h"

namespace fluss::client {
namespace detail {

std::shared_ptr<const ColumnMap> ColumnMap::make(std::vector<std::string> names,
                                                 ::fluss::RowType types) {
  auto map = std::make_shared<ColumnMap>();
  for (size_t i = 0; i < names.size(); ++i) map->index.emplace(names[i], i);
  map->names = std::move(names);
  map->types = std::move(types);
  return map;
}

size_t ColumnMap::resolve(const std::string& name) const {
  auto it = index.find(name);
  if (it == index.end()) throw std::runtime_error(fmt::format("unknown column '{}'", name));
  return it->second;
}

GenericRow RowAccess::make_row(std::shared_ptr<const ColumnMap> columns) {
  GenericRow row(columns->names.size());
  row.impl_->columns = std::move(columns);
  return row;
}

void RowAccess::add_bucket(ScanRecords& out, const TableBucket& bucket,
                           std::vector<ScanRecord> records) {
  if (records.empty()) return;
  size_t begin = out.records_.size();
  for (ScanRecord& record : records) out.records_.push_back(std::move(record));
  out.buckets_.push_back({bucket, begin, out.records_.size()});
}

TypeId type_id_of(const ::fluss::DataType& type) {
  switch (type.root()) {
    case TypeRoot::kBoolean:
      return TypeId::Boolean;
    case TypeRoot::kTinyInt:
      return TypeId::TinyInt;
    case TypeRoot::kSmallInt:
      return TypeId::SmallInt;
    case TypeRoot::kInt:
      return TypeId::Int;
    case TypeRoot::kBigInt:
      return TypeId::BigInt;
    case TypeRoot::kFloat:
      return TypeId::Float;
    case TypeRoot::kDouble:
      return TypeId::Double;
    case TypeRoot::kChar:
      return TypeId::Char;
    case TypeRoot::kString:
      return TypeId::String;
    case TypeRoot::kBinary:
      return TypeId::Binary;
    case TypeRoot::kBytes:
      return TypeId::Bytes;
    case TypeRoot::kDecimal:
      return TypeId::Decimal;
    case TypeRoot::kDate:
      return TypeId::Date;
    case TypeRoot::kTime:
      return TypeId::Time;
    case TypeRoot::kTimestampNtz:
      return TypeId::Timestamp;
    case TypeRoot::kTimestampLtz:
      return TypeId::TimestampLtz;
    case TypeRoot::kArray:
      return TypeId::Array;
    case TypeRoot::kMap:
      return TypeId::Map;
    case TypeRoot::kRow:
      return TypeId::Row;
  }
  return TypeId::Unknown;
}

::fluss::Result<::fluss::Decimal> parse_decimal(const std::string& text, int precision, int scale) {
  auto bad = [&] {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError, "'{}' is not a DECIMAL",
                               text);
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  __int128 unscaled = 0;
  int int_digits = 0;
  int frac_digits = 0;
  bool dot = false;
  bool round_up = false;
  bool any = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return bad();
    any = true;
    if (dot) {
      if (frac_digits == scale) {
        // First dropped digit decides rounding (half up); later ones are ignored.
        if (!round_up && frac_digits == scale && c >= '5') round_up = true;
        frac_digits = scale + 1;
        continue;
      }
      if (frac_digits > scale) continue;
      ++frac_digits;
    } else {
      if (unscaled != 0 || c != '0') ++int_digits;
    }
    unscaled = unscaled * 10 + (c - '0');
    if (int_digits > 38) return bad();
  }
  if (!any) return bad();
  int kept_frac = std::min(frac_digits, scale);
  for (int k = kept_frac; k < scale; ++k) unscaled *= 10;
  if (round_up) unscaled += 1;
  __int128 limit = 1;
  for (int k = 0; k < precision; ++k) limit *= 10;
  if (unscaled >= limit) {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                               "'{}' does not fit DECIMAL({}, {})", text, precision, scale);
  }
  return ::fluss::Decimal{negative ? -unscaled : unscaled, precision, scale};
}

std::string decimal_to_string(const ::fluss::Decimal& decimal) {
  __int128 v = decimal.unscaled;
  bool negative = v < 0;
  if (negative) v = -v;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  if (decimal.scale > 0) {
    while (static_cast<int>(digits.size()) <= decimal.scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - decimal.scale, '.');
  }
  return negative ? "-" + digits : digits;
}

namespace {

::fluss::Status mismatch(const std::string& column, const ::fluss::DataType& type,
                         const char* given) {
  return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                             "column '{}' of type {} cannot take a {} value", column,
                             type.to_string(), given);
}

::fluss::Result<::fluss::Datum> integer_datum(int64_t v, const ::fluss::DataType& type,
                                              const std::string& column) {
  auto range = [&](int64_t lo, int64_t hi) -> ::fluss::Status {
    if (v < lo || v > hi) {
      return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                                 "value {} is out of range for column '{}' of type {}", v, column,
                                 type.to_string());
    }
    return ::fluss::Status::OK();
  };
  switch (type.root()) {
    case TypeRoot::kTinyInt:
      FLUSS_RETURN_IF_ERROR(range(INT8_MIN, INT8_MAX));
      return ::fluss::Datum(static_cast<int8_t>(v));
    case TypeRoot::kSmallInt:
      FLUSS_RETURN_IF_ERROR(range(INT16_MIN, INT16_MAX));
      return ::fluss::Datum(static_cast<int16_t>(v));
    case TypeRoot::kInt:
      FLUSS_RETURN_IF_ERROR(range(INT32_MIN, INT32_MAX));
      return ::fluss::Datum(static_cast<int32_t>(v));
    case TypeRoot::kBigInt:
      return ::fluss::Datum(v);
    case TypeRoot::kFloat:
      return ::fluss::Datum(static_cast<float>(v));
    case TypeRoot::kDouble:
      return ::fluss::Datum(static_cast<double>(v));
    case TypeRoot::kDecimal: {
      FLUSS_ASSIGN_OR_RETURN(auto decimal,
                             parse_decimal(std::to_string(v), type.precision(), type.scale()));
      return ::fluss::Datum(decimal);
    }
    default:
      return mismatch(column, type, "integer");
  }
}

::fluss::Result<::fluss::Datum> to_datum(const Value& value, const ::fluss::DataType& type,
                                         const std::string& column) {
  return std::visit(
      [&](const auto& v) -> ::fluss::Result<::fluss::Datum> {
        using V = std::decay_t<decltype(v)>;
        TypeRoot root = type.root();
        if constexpr (std::is_same_v<V, std::monostate>) {
          return ::fluss::Datum(::fluss::Null{});
        } else if constexpr (std::is_same_v<V, bool>) {
          if (root != TypeRoot::kBoolean) return mismatch(column, type, "BOOLEAN");
          return ::fluss::Datum(v);
        } else if constexpr (std::is_same_v<V, int32_t> || std::is_same_v<V, int64_t>) {
          if (root == TypeRoot::kDate) return ::fluss::Datum(static_cast<int32_t>(v));
          return integer_datum(static_cast<int64_t>(v), type, column);
        } else if constexpr (std::is_same_v<V, float> || std::is_same_v<V, double>) {
          if (root == TypeRoot::kFloat) return ::fluss::Datum(static_cast<float>(v));
          if (root == TypeRoot::kDouble) return ::fluss::Datum(static_cast<double>(v));
          if (root == TypeRoot::kDecimal) {
            FLUSS_ASSIGN_OR_RETURN(auto decimal, parse_decimal(fmt::format("{:f}", v),
                                                               type.precision(), type.scale()));
            return ::fluss::Datum(decimal);
          }
          return mismatch(column, type, "floating-point");
        } else if constexpr (std::is_same_v<V, std::string>) {
          if (root == TypeRoot::kString || root == TypeRoot::kChar) return ::fluss::Datum(v);
          if (root == TypeRoot::kDecimal) {
            auto decimal = parse_decimal(v, type.precision(), type.scale());
            if (!decimal.ok())
              return decimal.status().with_context(fmt::format("column '{}'", column));
            return ::fluss::Datum(*decimal);
          }
          if (root == TypeRoot::kBytes || root == TypeRoot::kBinary) {
            return ::fluss::Datum(::fluss::Binary{v});
          }
          return mismatch(column, type, "STRING");
        } else if constexpr (std::is_same_v<V, std::vector<uint8_t>>) {
          if (root != TypeRoot::kBytes && root != TypeRoot::kBinary) {
            return mismatch(column, type, "BYTES");
          }
          return ::fluss::Datum(::fluss::Binary{std::string(v.begin(), v.end())});
        } else if constexpr (std::is_same_v<V, Date>) {
          if (root != TypeRoot::kDate) return mismatch(column, type, "DATE");
          return ::fluss::Datum(v.days_since_epoch);
        } else if constexpr (std::is_same_v<V, Time>) {
          if (root != TypeRoot::kTime) return mismatch(column, type, "TIME");
          return ::fluss::Datum(v.millis_since_midnight);
        } else if constexpr (std::is_same_v<V, TimestampValue>) {
          if (root == TypeRoot::kTimestampNtz) {
            return ::fluss::Datum(
                ::fluss::TimestampNtz{v.value.epoch_millis, v.value.nano_of_millisecond});
          }
          if (root == TypeRoot::kTimestampLtz) {
            return ::fluss::Datum(
                ::fluss::TimestampLtz{v.value.epoch_millis, v.value.nano_of_millisecond});
          }
          return mismatch(column, type, "TIMESTAMP");
        } else {
          static_assert(std::is_same_v<V, DecimalText>);
          if (root != TypeRoot::kDecimal) return mismatch(column, type, "DECIMAL");
          auto decimal = parse_decimal(v.text, type.precision(), type.scale());
          if (!decimal.ok())
            return decimal.status().with_context(fmt::format("column '{}'", column));
          return ::fluss::Datum(*decimal);
        }
      },
      value);
}

}  // namespace

::fluss::Result<::fluss::GenericRow> to_internal_row(const GenericRow& row,
                                                     const ColumnMap& columns,
                                                     const std::vector<int>* positions,
                                                     bool check_not_null) {
  const RowImpl* impl = RowAccess::impl(row);
  if (impl == nullptr) {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError, "the row is empty");
  }
  size_t expected = positions != nullptr ? positions->size() : columns.names.size();
  if (impl->values.size() != expected) {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                               "the row has {} fields, expected {}", impl->values.size(), expected);
  }
  ::fluss::GenericRow out(columns.names.size());
  for (size_t i = 0; i < impl->values.size(); ++i) {
    size_t column = positions != nullptr ? static_cast<size_t>((*positions)[i]) : i;
    const ::fluss::DataType& type = columns.types[column];
    FLUSS_ASSIGN_OR_RETURN(::fluss::Datum datum,
                           to_datum(impl->values[i], type, columns.names[column]));
    if (check_not_null && ::fluss::is_null(datum) && !type.nullable()) {
      return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                                 "column '{}' is NOT NULL but the row has no value for it",
                                 columns.names[column]);
    }
    out.set(column, std::move(datum));
  }
  return out;
}

}  // namespace detail

// ---- GenericRow ----

GenericRow::GenericRow() : impl_(std::make_unique<detail::RowImpl>()) {}
GenericRow::GenericRow(size_t field_count) : impl_(std::make_unique<detail::RowImpl>()) {
  impl_->values.resize(field_count);
}
GenericRow::~GenericRow() = default;
GenericRow::GenericRow(GenericRow&&) noexcept = default;
GenericRow& GenericRow::operator=(GenericRow&&) noexcept = default;

size_t GenericRow::FieldCount() const { return impl_ ? impl_->values.size() : 0; }

void GenericRow::Reset() {
  if (!impl_) return;
  for (auto& value : impl_->values) value = std::monostate{};
}

namespace {
void set_value(detail::RowImpl* impl, size_t idx, detail::Value value) {
  if (impl == nullptr) throw std::runtime_error("GenericRow: the row was moved from");
  // An index past the end grows the row, as the official client's GenericRow does.
  if (idx >= impl->values.size()) {
    if (impl->columns) {
      throw std::out_of_range(
          fmt::format("GenericRow: field {} of a {}-column row", idx, impl->values.size()));
    }
    impl->values.resize(idx + 1);
  }
  impl->values[idx] = std::move(value);
}
}  // namespace

void GenericRow::SetNull(size_t idx) { set_value(impl_.get(), idx, std::monostate{}); }
void GenericRow::SetBool(size_t idx, bool value) { set_value(impl_.get(), idx, value); }
void GenericRow::SetInt32(size_t idx, int32_t value) { set_value(impl_.get(), idx, value); }
void GenericRow::SetInt64(size_t idx, int64_t value) { set_value(impl_.get(), idx, value); }
void GenericRow::SetFloat32(size_t idx, float value) { set_value(impl_.get(), idx, value); }
void GenericRow::SetFloat64(size_t idx, double value) { set_value(impl_.get(), idx, value); }
void GenericRow::SetString(size_t idx, std::string value) {
  set_value(impl_.get(), idx, std::move(value));
}
void GenericRow::SetBytes(size_t idx, std::vector<uint8_t> value) {
  set_value(impl_.get(), idx, std::move(value));
}
void GenericRow::SetDate(size_t idx, Date value) { set_value(impl_.get(), idx, value); }
void GenericRow::SetTime(size_t idx, Time value) { set_value(impl_.get(), idx, value); }
void GenericRow::SetTimestampNtz(size_t idx, Timestamp value) {
  set_value(impl_.get(), idx, detail::TimestampValue{value, false});
}
void GenericRow::SetTimestampLtz(size_t idx, Timestamp value) {
  set_value(impl_.get(), idx, detail::TimestampValue{value, true});
}
void GenericRow::SetDecimal(size_t idx, const std::string& value) {
  set_value(impl_.get(), idx, detail::DecimalText{value});
}

size_t GenericRow::ColumnIndex(const std::string& name) const {
  if (!impl_ || !impl_->columns) {
    throw std::runtime_error(fmt::format(
        "GenericRow: name-based access to '{}' needs a row from Table::NewRow()", name));
  }
  return impl_->columns->resolve(name);
}

bool GenericRow::IsNull(size_t idx) const {
  return !impl_ || idx >= impl_->values.size() ||
         std::holds_alternative<std::monostate>(impl_->values[idx]);
}

void GenericRow::Set(const std::string& name, std::nullptr_t) { SetNull(ColumnIndex(name)); }
void GenericRow::Set(const std::string& name, bool value) { SetBool(ColumnIndex(name), value); }
void GenericRow::Set(const std::string& name, int32_t value) { SetInt32(ColumnIndex(name), value); }
void GenericRow::Set(const std::string& name, int64_t value) { SetInt64(ColumnIndex(name), value); }
void GenericRow::Set(const std::string& name, float value) { SetFloat32(ColumnIndex(name), value); }
void GenericRow::Set(const std::string& name, double value) {
  SetFloat64(ColumnIndex(name), value);
}
void GenericRow::Set(const std::string& name, const char* value) { Set(name, std::string(value)); }
void GenericRow::Set(const std::string& name, std::string value) {
  size_t idx = ColumnIndex(name);
  if (impl_->columns->types[idx].root() == TypeRoot::kDecimal) {
    SetDecimal(idx, value);
  } else {
    SetString(idx, std::move(value));
  }
}
void GenericRow::Set(const std::string& name, std::vector<uint8_t> value) {
  SetBytes(ColumnIndex(name), std::move(value));
}
void GenericRow::Set(const std::string& name, Date value) { SetDate(ColumnIndex(name), value); }
void GenericRow::Set(const std::string& name, Time value) { SetTime(ColumnIndex(name), value); }
void GenericRow::Set(const std::string& name, Timestamp value) {
  size_t idx = ColumnIndex(name);
  if (impl_->columns->types[idx].root() == TypeRoot::kTimestampLtz) {
    SetTimestampLtz(idx, value);
  } else {
    SetTimestampNtz(idx, value);
  }
}

// ---- RowView ----

namespace {
const ::fluss::GenericRow& row_of(const std::shared_ptr<const detail::RowSet>& data, size_t index) {
  if (!data) throw std::runtime_error("RowView: no row");
  return data->rows.at(index);
}

const ::fluss::Datum& field_of(const std::shared_ptr<const detail::RowSet>& data, size_t index,
                               size_t idx) {
  const ::fluss::GenericRow& row = row_of(data, index);
  if (idx >= row.arity()) {
    throw std::out_of_range(fmt::format("RowView: field {} of a {}-field row", idx, row.arity()));
  }
  return row[idx];
}

[[noreturn]] void wrong_type(const std::shared_ptr<const detail::RowSet>& data, size_t idx,
                             const char* getter) {
  throw std::runtime_error(fmt::format("RowView::{}: column '{}' is {}", getter,
                                       data->columns->names.at(idx),
                                       data->columns->types.at(idx).to_string()));
}

template <typename T>
const T* get_as(const ::fluss::Datum& datum) {
  return std::get_if<T>(&datum);
}
}  // namespace

size_t RowView::FieldCount() const { return data_ ? data_->columns->names.size() : 0; }

TypeId RowView::GetType(size_t idx) const {
  if (!data_ || idx >= data_->columns->types.size()) return TypeId::Unknown;
  return detail::type_id_of(data_->columns->types[idx]);
}

const std::string& RowView::ColumnName(size_t idx) const {
  if (!data_) throw std::runtime_error("RowView: no row");
  return data_->columns->names.at(idx);
}

size_t RowView::ColumnIndex(const std::string& name) const {
  if (!data_) throw std::runtime_error("RowView: no row");
  return data_->columns->resolve(name);
}

bool RowView::IsNull(size_t idx) const { return ::fluss::is_null(field_of(data_, index_, idx)); }

bool RowView::GetBool(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return false;
  if (auto v = get_as<bool>(d)) return *v;
  wrong_type(data_, idx, "GetBool");
}

int32_t RowView::GetInt32(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return 0;
  if (auto v = get_as<int8_t>(d)) return *v;
  if (auto v = get_as<int16_t>(d)) return *v;
  if (auto v = get_as<int32_t>(d)) return *v;
  wrong_type(data_, idx, "GetInt32");
}

int64_t RowView::GetInt64(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return 0;
  if (auto v = get_as<int64_t>(d)) return *v;
  if (auto v = get_as<int8_t>(d)) return *v;
  if (auto v = get_as<int16_t>(d)) return *v;
  if (auto v = get_as<int32_t>(d)) return *v;
  wrong_type(data_, idx, "GetInt64");
}

float RowView::GetFloat32(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return 0;
  if (auto v = get_as<float>(d)) return *v;
  wrong_type(data_, idx, "GetFloat32");
}

double RowView::GetFloat64(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return 0;
  if (auto v = get_as<double>(d)) return *v;
  if (auto v = get_as<float>(d)) return *v;
  wrong_type(data_, idx, "GetFloat64");
}

std::string_view RowView::GetString(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return {};
  if (auto v = get_as<std::string>(d)) return *v;
  wrong_type(data_, idx, "GetString");
}

std::pair<const uint8_t*, size_t> RowView::GetBytes(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return {nullptr, 0};
  if (auto v = get_as<::fluss::Binary>(d)) {
    return {reinterpret_cast<const uint8_t*>(v->bytes.data()), v->bytes.size()};
  }
  wrong_type(data_, idx, "GetBytes");
}

Date RowView::GetDate(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return {};
  if (GetType(idx) == TypeId::Date) return Date{std::get<int32_t>(d)};
  wrong_type(data_, idx, "GetDate");
}

Time RowView::GetTime(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return {};
  if (GetType(idx) == TypeId::Time) return Time{std::get<int32_t>(d)};
  wrong_type(data_, idx, "GetTime");
}

Timestamp RowView::GetTimestamp(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return {};
  if (auto v = get_as<::fluss::TimestampNtz>(d)) return {v->millisecond, v->nano_of_millisecond};
  if (auto v = get_as<::fluss::TimestampLtz>(d)) {
    return {v->epoch_millisecond, v->nano_of_millisecond};
  }
  wrong_type(data_, idx, "GetTimestamp");
}

bool RowView::IsDecimal(size_t idx) const { return GetType(idx) == TypeId::Decimal; }

std::string RowView::GetDecimalString(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return {};
  if (auto v = get_as<::fluss::Decimal>(d)) return detail::decimal_to_string(*v);
  wrong_type(data_, idx, "GetDecimalString");
}

namespace {
std::string format_timestamp(int64_t millis, int32_t nanos, int precision) {
  int64_t days = millis >= 0 ? millis / 86400000 : (millis - 86399999) / 86400000;
  int64_t ms_of_day = millis - days * 86400000;
  Date date{static_cast<int32_t>(days)};
  Time time{static_cast<int32_t>(ms_of_day)};
  std::string text = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", date.Year(), date.Month(),
                                 date.Day(), time.Hour(), time.Minute(), time.Second());
  if (precision > 0) {
    int64_t fraction = static_cast<int64_t>(time.Millis()) * 1000000 + nanos;  // 9 digits
    std::string digits = fmt::format("{:09}", fraction);
    text += "." + digits.substr(0, static_cast<size_t>(std::min(precision, 9)));
  }
  return text;
}
}  // namespace

std::string RowView::GetAsString(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  if (::fluss::is_null(d)) return "NULL";
  const ::fluss::DataType& type = data_->columns->types.at(idx);
  switch (type.root()) {
    case TypeRoot::kDate: {
      Date date = GetDate(idx);
      return fmt::format("{:04}-{:02}-{:02}", date.Year(), date.Month(), date.Day());
    }
    case TypeRoot::kTime: {
      Time time = GetTime(idx);
      std::string text =
          fmt::format("{:02}:{:02}:{:02}", time.Hour(), time.Minute(), time.Second());
      if (type.precision() > 0) {
        text += "." + fmt::format("{:03}", time.Millis())
                          .substr(0, static_cast<size_t>(std::min(type.precision(), 3)));
      }
      return text;
    }
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz: {
      Timestamp ts = GetTimestamp(idx);
      return format_timestamp(ts.epoch_millis, ts.nano_of_millisecond, type.precision());
    }
    case TypeRoot::kDecimal:
      return GetDecimalString(idx);
    case TypeRoot::kChar:
    case TypeRoot::kString:
      return std::string(GetString(idx));
    case TypeRoot::kBinary:
    case TypeRoot::kBytes: {
      auto [data, size] = GetBytes(idx);
      std::string text = "x'";
      for (size_t i = 0; i < size; ++i) text += fmt::format("{:02x}", data[i]);
      return text + "'";
    }
    case TypeRoot::kBoolean:
      return GetBool(idx) ? "TRUE" : "FALSE";
    case TypeRoot::kFloat:
      return fmt::format("{}", GetFloat32(idx));
    case TypeRoot::kDouble:
      return fmt::format("{}", GetFloat64(idx));
    case TypeRoot::kTinyInt:
    case TypeRoot::kSmallInt:
    case TypeRoot::kInt:
    case TypeRoot::kBigInt:
      return std::to_string(GetInt64(idx));
    default:
      return ::fluss::datum_to_string(d);
  }
}

// ---- ScanRecords ----

std::vector<TableBucket> ScanRecords::Buckets() const {
  std::vector<TableBucket> out;
  out.reserve(buckets_.size());
  for (const Range& range : buckets_) out.push_back(range.bucket);
  return out;
}

BucketRecords ScanRecords::Records(const TableBucket& bucket) const {
  for (size_t i = 0; i < buckets_.size(); ++i) {
    if (buckets_[i].bucket == bucket) return BucketAt(i);
  }
  return BucketRecords(bucket, {});
}

BucketRecords ScanRecords::BucketAt(size_t index) const {
  const Range& range = buckets_.at(index);
  return BucketRecords(range.bucket,
                       std::vector<ScanRecord>(records_.begin() + static_cast<long>(range.begin),
                                               records_.begin() + static_cast<long>(range.end)));
}

}  // namespace fluss::client
