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
  return ::fluss::to_plain_string(decimal);
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

::fluss::Result<::fluss::Datum> to_datum(const UserValue& value, const ::fluss::DataType& type,
                                         const std::string& column);

// A nested value's element: converted to `type`, and a null refused where `type` is NOT NULL.
::fluss::Result<::fluss::Datum> to_element(const UserValue& value, const ::fluss::DataType& type,
                                           const std::string& name) {
  FLUSS_ASSIGN_OR_RETURN(::fluss::Datum datum, to_datum(value, type, name));
  if (::fluss::is_null(datum) && !type.nullable()) {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                               "'{}' of type {} cannot be null", name, type.to_string());
  }
  return datum;
}

::fluss::Result<::fluss::Datum> array_datum(const NestedArray& array, const ::fluss::DataType& type,
                                            const std::string& column) {
  if (type.root() != TypeRoot::kArray) return mismatch(column, type, "ARRAY");
  std::vector<::fluss::Datum> elements;
  elements.reserve(array.elements.size());
  for (size_t i = 0; i < array.elements.size(); ++i) {
    FLUSS_ASSIGN_OR_RETURN(auto element, to_element(array.elements[i], type.element_type(),
                                                    fmt::format("{}[{}]", column, i)));
    elements.push_back(std::move(element));
  }
  return ::fluss::Datum(std::make_shared<const ::fluss::GenericArray>(std::move(elements)));
}

::fluss::Result<::fluss::Datum> map_datum(const NestedMap& map, const ::fluss::DataType& type,
                                          const std::string& column) {
  if (type.root() != TypeRoot::kMap) return mismatch(column, type, "MAP");
  std::vector<::fluss::Datum> keys;
  std::vector<::fluss::Datum> values;
  for (size_t i = 0; i < map.keys.size(); ++i) {
    const std::string key_name = fmt::format("{} key {}", column, i);
    FLUSS_ASSIGN_OR_RETURN(auto key, to_element(map.keys[i], type.key_type(), key_name));
    if (::fluss::is_null(key)) {
      return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                                 "'{}': a MAP key cannot be null", key_name);
    }
    FLUSS_ASSIGN_OR_RETURN(auto value, to_element(map.values[i], type.value_type(),
                                                  fmt::format("{} value {}", column, i)));
    keys.push_back(std::move(key));
    values.push_back(std::move(value));
  }
  return ::fluss::Datum(
      std::make_shared<const ::fluss::GenericMap>(std::move(keys), std::move(values)));
}

::fluss::Result<::fluss::Datum> row_datum(const NestedRow& row, const ::fluss::DataType& type,
                                          const std::string& column) {
  if (type.root() != TypeRoot::kRow) return mismatch(column, type, "ROW");
  const auto& fields = type.fields();
  if (row.fields.size() != fields.size()) {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                               "column '{}' of type {} takes {} fields, the row has {}", column,
                               type.to_string(), fields.size(), row.fields.size());
  }
  std::vector<::fluss::Datum> out;
  out.reserve(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    FLUSS_ASSIGN_OR_RETURN(auto field, to_element(row.fields[i], fields[i].type,
                                                  fmt::format("{}.{}", column, fields[i].name)));
    out.push_back(std::move(field));
  }
  return ::fluss::Datum(std::make_shared<const ::fluss::GenericRow>(std::move(out)));
}

::fluss::Result<::fluss::Datum> to_datum(const UserValue& value, const ::fluss::DataType& type,
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
        } else if constexpr (std::is_same_v<V, std::shared_ptr<const NestedArray>>) {
          return array_datum(*v, type, column);
        } else if constexpr (std::is_same_v<V, std::shared_ptr<const NestedMap>>) {
          return map_datum(*v, type, column);
        } else if constexpr (std::is_same_v<V, std::shared_ptr<const NestedRow>>) {
          return row_datum(*v, type, column);
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

namespace {

// A value of the column's own scalar type (BIGINT from SetInt64, INT from SetInt32, ...) goes
// straight into `out`, without to_datum's checks and Result; false for anything else.
template <typename T>
bool set_if_holds(const UserValue& value, ::fluss::Datum& out) {
  const T* v = std::get_if<T>(&value);
  if (v != nullptr) out = *v;
  return v != nullptr;
}

bool set_exact_scalar(const UserValue& value, TypeRoot root, ::fluss::Datum& out) {
  switch (root) {
    case TypeRoot::kBigInt:
      return set_if_holds<int64_t>(value, out);
    case TypeRoot::kInt:
      return set_if_holds<int32_t>(value, out);
    case TypeRoot::kDouble:
      return set_if_holds<double>(value, out);
    case TypeRoot::kFloat:
      return set_if_holds<float>(value, out);
    case TypeRoot::kBoolean:
      return set_if_holds<bool>(value, out);
    default:
      return false;
  }
}

// A mutable `Impl` (from an rvalue row): STRING/CHAR values are moved out, not copied. `out`
// is reused when it has the table's arity (a writer converts every row into the same one).
template <typename Impl>
::fluss::Status convert_row(Impl* impl, const ColumnMap& columns, const std::vector<int>* positions,
                            bool check_not_null, ::fluss::GenericRow& out) {
  if (impl == nullptr) {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError, "the row is empty");
  }
  size_t expected = positions != nullptr ? positions->size() : columns.names.size();
  if (impl->values.size() != expected) {
    return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                               "the row has {} fields, expected {}", impl->values.size(), expected);
  }
  if (out.arity() != columns.names.size()) {
    out = ::fluss::GenericRow(columns.names.size());
  } else if (positions != nullptr) {
    for (size_t i = 0; i < out.arity(); ++i) out.set(i, ::fluss::Null{});
  }
  for (size_t i = 0; i < impl->values.size(); ++i) {
    size_t column = positions != nullptr ? static_cast<size_t>((*positions)[i]) : i;
    const ::fluss::DataType& type = columns.types[column];
    auto& value = impl->values[i];
    if (set_exact_scalar(value, type.root(), out[column])) continue;
    if constexpr (!std::is_const_v<Impl>) {
      if (auto* text = std::get_if<std::string>(&value);
          text != nullptr && (type.root() == TypeRoot::kString || type.root() == TypeRoot::kChar)) {
        out.set(column, ::fluss::Datum(std::move(*text)));
        continue;
      }
    }
    FLUSS_ASSIGN_OR_RETURN(::fluss::Datum datum, to_datum(value, type, columns.names[column]));
    if (check_not_null && ::fluss::is_null(datum) && !type.nullable()) {
      return ::fluss::make_error(::fluss::ErrorCode::kUnknownServerError,
                                 "column '{}' is NOT NULL but the row has no value for it",
                                 columns.names[column]);
    }
    out.set(column, std::move(datum));
  }
  return ::fluss::Status::OK();
}

}  // namespace

::fluss::Result<::fluss::GenericRow> to_internal_row(const GenericRow& row,
                                                     const ColumnMap& columns,
                                                     const std::vector<int>* positions,
                                                     bool check_not_null) {
  ::fluss::GenericRow out;
  FLUSS_RETURN_IF_ERROR(convert_row(RowAccess::impl(row), columns, positions, check_not_null, out));
  return out;
}

::fluss::Status to_internal_row(const GenericRow& row, const ColumnMap& columns,
                                const std::vector<int>* positions, bool check_not_null,
                                ::fluss::GenericRow& out) {
  return convert_row(RowAccess::impl(row), columns, positions, check_not_null, out);
}

::fluss::Status to_internal_row(GenericRow&& row, const ColumnMap& columns,
                                const std::vector<int>* positions, bool check_not_null,
                                ::fluss::GenericRow& out) {
  return convert_row(RowAccess::impl(row), columns, positions, check_not_null, out);
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
void set_value(detail::RowImpl* impl, size_t idx, detail::UserValue value) {
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

void GenericRow::SetArray(size_t idx, ArrayWriter&& value) {
  set_value(impl_.get(), idx, detail::RowAccess::take(value));
}
void GenericRow::SetMap(size_t idx, MapWriter&& value) {
  set_value(impl_.get(), idx, detail::RowAccess::take(value));
}
void GenericRow::SetRow(size_t idx, GenericRow&& value) {
  set_value(impl_.get(), idx, detail::RowAccess::take(value));
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

void GenericRow::Set(const std::string& name, ArrayWriter&& value) {
  SetArray(ColumnIndex(name), std::move(value));
}
void GenericRow::Set(const std::string& name, MapWriter&& value) {
  SetMap(ColumnIndex(name), std::move(value));
}
void GenericRow::Set(const std::string& name, GenericRow&& value) {
  SetRow(ColumnIndex(name), std::move(value));
}

// ---- ArrayWriter and MapWriter ----

namespace detail {

std::shared_ptr<const NestedArray> RowAccess::take(ArrayWriter& array) {
  auto out = std::make_shared<NestedArray>();
  if (array.impl_) out->elements = std::move(array.impl_->values);
  array.impl_ = std::make_unique<RowImpl>();
  return out;
}

std::shared_ptr<const NestedMap> RowAccess::take(MapWriter& map) {
  auto out = std::make_shared<NestedMap>();
  if (map.impl_) *out = std::move(map.impl_->entries);
  map.impl_ = std::make_unique<MapImpl>();
  return out;
}

std::shared_ptr<const NestedRow> RowAccess::take(GenericRow& row) {
  auto out = std::make_shared<NestedRow>();
  if (row.impl_) out->fields = std::move(row.impl_->values);
  row.impl_ = std::make_unique<RowImpl>();
  return out;
}

}  // namespace detail

namespace {
void set_element(detail::RowImpl* impl, size_t idx, detail::UserValue value) {
  if (impl == nullptr || idx >= impl->values.size()) {
    throw std::out_of_range(fmt::format("ArrayWriter: element {} of a {}-element array", idx,
                                        impl == nullptr ? 0 : impl->values.size()));
  }
  impl->values[idx] = std::move(value);
}
}  // namespace

ArrayWriter::ArrayWriter(size_t size) : impl_(std::make_unique<detail::RowImpl>()) {
  impl_->values.resize(size);
}
ArrayWriter::~ArrayWriter() = default;
ArrayWriter::ArrayWriter(ArrayWriter&&) noexcept = default;
ArrayWriter& ArrayWriter::operator=(ArrayWriter&&) noexcept = default;
size_t ArrayWriter::Size() const { return impl_ ? impl_->values.size() : 0; }
void ArrayWriter::SetNull(size_t idx) { set_element(impl_.get(), idx, std::monostate{}); }
void ArrayWriter::SetBool(size_t idx, bool value) { set_element(impl_.get(), idx, value); }
void ArrayWriter::SetInt32(size_t idx, int32_t value) { set_element(impl_.get(), idx, value); }
void ArrayWriter::SetInt64(size_t idx, int64_t value) { set_element(impl_.get(), idx, value); }
void ArrayWriter::SetFloat32(size_t idx, float value) { set_element(impl_.get(), idx, value); }
void ArrayWriter::SetFloat64(size_t idx, double value) { set_element(impl_.get(), idx, value); }
void ArrayWriter::SetString(size_t idx, std::string value) {
  set_element(impl_.get(), idx, std::move(value));
}
void ArrayWriter::SetBytes(size_t idx, std::vector<uint8_t> value) {
  set_element(impl_.get(), idx, std::move(value));
}
void ArrayWriter::SetDate(size_t idx, Date value) { set_element(impl_.get(), idx, value); }
void ArrayWriter::SetTime(size_t idx, Time value) { set_element(impl_.get(), idx, value); }
void ArrayWriter::SetTimestampNtz(size_t idx, Timestamp value) {
  set_element(impl_.get(), idx, detail::TimestampValue{value, false});
}
void ArrayWriter::SetTimestampLtz(size_t idx, Timestamp value) {
  set_element(impl_.get(), idx, detail::TimestampValue{value, true});
}
void ArrayWriter::SetDecimal(size_t idx, const std::string& value) {
  set_element(impl_.get(), idx, detail::DecimalText{value});
}
void ArrayWriter::SetArray(size_t idx, ArrayWriter&& value) {
  set_element(impl_.get(), idx, detail::RowAccess::take(value));
}
void ArrayWriter::SetMap(size_t idx, MapWriter&& value) {
  set_element(impl_.get(), idx, detail::RowAccess::take(value));
}
void ArrayWriter::SetRow(size_t idx, GenericRow&& value) {
  set_element(impl_.get(), idx, detail::RowAccess::take(value));
}

MapWriter::MapWriter() : impl_(std::make_unique<detail::MapImpl>()) {}
MapWriter::~MapWriter() = default;
MapWriter::MapWriter(MapWriter&&) noexcept = default;
MapWriter& MapWriter::operator=(MapWriter&&) noexcept = default;
size_t MapWriter::Size() const { return impl_ ? impl_->entries.keys.size() : 0; }

#define FLUSS_MAP_SETTERS(Suffix, Type, Make)                                      \
  void MapWriter::SetKey##Suffix(Type v) { impl_->key = detail::UserValue(Make); } \
  void MapWriter::SetValue##Suffix(Type v) { impl_->value = detail::UserValue(Make); }
FLUSS_MAP_SETTERS(Bool, bool, v)
FLUSS_MAP_SETTERS(Int32, int32_t, v)
FLUSS_MAP_SETTERS(Int64, int64_t, v)
FLUSS_MAP_SETTERS(Float32, float, v)
FLUSS_MAP_SETTERS(Float64, double, v)
FLUSS_MAP_SETTERS(String, std::string, std::move(v))
FLUSS_MAP_SETTERS(Bytes, std::vector<uint8_t>, std::move(v))
FLUSS_MAP_SETTERS(Date, Date, v)
FLUSS_MAP_SETTERS(Time, Time, v)
FLUSS_MAP_SETTERS(TimestampNtz, Timestamp, (detail::TimestampValue{v, false}))
FLUSS_MAP_SETTERS(TimestampLtz, Timestamp, (detail::TimestampValue{v, true}))
FLUSS_MAP_SETTERS(Decimal, const std::string&, detail::DecimalText{v})
#undef FLUSS_MAP_SETTERS

void MapWriter::SetValueNull() { impl_->value = std::monostate{}; }
void MapWriter::SetValueArray(ArrayWriter&& value) {
  impl_->value = detail::RowAccess::take(value);
}
void MapWriter::SetValueMap(MapWriter&& value) { impl_->value = detail::RowAccess::take(value); }
void MapWriter::SetValueRow(GenericRow&& value) { impl_->value = detail::RowAccess::take(value); }

void MapWriter::Commit() {
  if (!impl_ || !impl_->key) throw std::logic_error("MapWriter::Commit: no key was set");
  impl_->entries.keys.push_back(std::move(*impl_->key));
  impl_->entries.values.push_back(std::move(impl_->value));
  impl_->key.reset();
  impl_->value = std::monostate{};
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

Value RowView::GetValue(size_t idx) const {
  const auto& d = field_of(data_, index_, idx);
  auto ref = std::make_shared<detail::ValueRef>();
  ref->owner = data_;
  ref->datum = &d;
  ref->type = &data_->columns->types.at(idx);
  return detail::RowAccess::value(std::move(ref));
}

// ---- Value ----

namespace {

const detail::ValueRef& ref_of(const std::shared_ptr<const detail::ValueRef>& ref) {
  if (!ref) throw std::runtime_error("Value: no value");
  return *ref;
}

// The datum of a leaf getter: not null, else std::runtime_error naming the getter.
const ::fluss::Datum& leaf(const std::shared_ptr<const detail::ValueRef>& ref, const char* getter) {
  const detail::ValueRef& r = ref_of(ref);
  if (::fluss::is_null(*r.datum)) {
    throw std::runtime_error(
        fmt::format("Value::{}: the {} value is null", getter, r.type->to_string()));
  }
  return *r.datum;
}

[[noreturn]] void value_mismatch(const std::shared_ptr<const detail::ValueRef>& ref,
                                 const char* getter) {
  throw std::runtime_error(
      fmt::format("Value::{}: the value is {}", getter, ref->type->to_string()));
}

Value child(const detail::ValueRef& parent, const ::fluss::Datum& datum,
            const ::fluss::DataType& type) {
  auto ref = std::make_shared<detail::ValueRef>();
  ref->owner = parent.owner;
  ref->datum = &datum;
  ref->type = &type;
  return detail::RowAccess::value(std::move(ref));
}

template <typename T>
const T& nested(const std::shared_ptr<const detail::ValueRef>& ref, const char* getter) {
  const auto* v = std::get_if<std::shared_ptr<const T>>(&leaf(ref, getter));
  if (v == nullptr || *v == nullptr) value_mismatch(ref, getter);
  return **v;
}

}  // namespace

TypeId Value::Type() const { return detail::type_id_of(*ref_of(ref_).type); }
std::string Value::TypeString() const { return ref_of(ref_).type->to_string(); }
bool Value::IsNull() const { return ::fluss::is_null(*ref_of(ref_).datum); }

bool Value::GetBool() const {
  if (auto v = get_as<bool>(leaf(ref_, "GetBool"))) return *v;
  value_mismatch(ref_, "GetBool");
}
int32_t Value::GetInt32() const {
  const auto& d = leaf(ref_, "GetInt32");
  if (auto v = get_as<int8_t>(d)) return *v;
  if (auto v = get_as<int16_t>(d)) return *v;
  if (auto v = get_as<int32_t>(d); v && Type() != TypeId::Date && Type() != TypeId::Time) {
    return *v;
  }
  value_mismatch(ref_, "GetInt32");
}
int64_t Value::GetInt64() const {
  if (auto v = get_as<int64_t>(leaf(ref_, "GetInt64"))) return *v;
  return GetInt32();
}
float Value::GetFloat32() const {
  if (auto v = get_as<float>(leaf(ref_, "GetFloat32"))) return *v;
  value_mismatch(ref_, "GetFloat32");
}
double Value::GetFloat64() const {
  const auto& d = leaf(ref_, "GetFloat64");
  if (auto v = get_as<double>(d)) return *v;
  if (auto v = get_as<float>(d)) return *v;
  value_mismatch(ref_, "GetFloat64");
}
std::string_view Value::GetString() const {
  if (auto v = get_as<std::string>(leaf(ref_, "GetString"))) return *v;
  value_mismatch(ref_, "GetString");
}
std::pair<const uint8_t*, size_t> Value::GetBytes() const {
  if (auto v = get_as<::fluss::Binary>(leaf(ref_, "GetBytes"))) {
    return {reinterpret_cast<const uint8_t*>(v->bytes.data()), v->bytes.size()};
  }
  value_mismatch(ref_, "GetBytes");
}
Date Value::GetDate() const {
  const auto& d = leaf(ref_, "GetDate");
  if (Type() == TypeId::Date) return Date{std::get<int32_t>(d)};
  value_mismatch(ref_, "GetDate");
}
Time Value::GetTime() const {
  const auto& d = leaf(ref_, "GetTime");
  if (Type() == TypeId::Time) return Time{std::get<int32_t>(d)};
  value_mismatch(ref_, "GetTime");
}
Timestamp Value::GetTimestamp() const {
  const auto& d = leaf(ref_, "GetTimestamp");
  if (auto v = get_as<::fluss::TimestampNtz>(d)) return {v->millisecond, v->nano_of_millisecond};
  if (auto v = get_as<::fluss::TimestampLtz>(d)) {
    return {v->epoch_millisecond, v->nano_of_millisecond};
  }
  value_mismatch(ref_, "GetTimestamp");
}
std::string Value::GetDecimalString() const {
  if (auto v = get_as<::fluss::Decimal>(leaf(ref_, "GetDecimalString"))) {
    return detail::decimal_to_string(*v);
  }
  value_mismatch(ref_, "GetDecimalString");
}

size_t Value::Size() const {
  const ::fluss::Datum& d = leaf(ref_, "Size");
  if (auto v = get_as<std::shared_ptr<const ::fluss::GenericArray>>(d)) return (*v)->size();
  if (auto v = get_as<std::shared_ptr<const ::fluss::GenericMap>>(d)) return (*v)->size();
  value_mismatch(ref_, "Size");
}
size_t Value::FieldCount() const { return nested<::fluss::GenericRow>(ref_, "FieldCount").arity(); }

Value Value::At(size_t i) const {
  const auto& array = nested<::fluss::GenericArray>(ref_, "At");
  if (i >= array.size()) {
    throw std::out_of_range(fmt::format("Value::At: element {} of {}", i, array.size()));
  }
  return child(*ref_, array[i], ref_->type->element_type());
}
Value Value::KeyAt(size_t i) const {
  const auto& map = nested<::fluss::GenericMap>(ref_, "KeyAt");
  if (i >= map.size()) {
    throw std::out_of_range(fmt::format("Value::KeyAt: entry {} of {}", i, map.size()));
  }
  return child(*ref_, map.keys()[i], ref_->type->key_type());
}
Value Value::ValueAt(size_t i) const {
  const auto& map = nested<::fluss::GenericMap>(ref_, "ValueAt");
  if (i >= map.size()) {
    throw std::out_of_range(fmt::format("Value::ValueAt: entry {} of {}", i, map.size()));
  }
  return child(*ref_, map.values()[i], ref_->type->value_type());
}
Value Value::Field(size_t i) const {
  const auto& row = nested<::fluss::GenericRow>(ref_, "Field");
  const auto& fields = ref_->type->fields();
  if (i >= row.arity() || i >= fields.size()) {
    throw std::out_of_range(fmt::format("Value::Field: field {} of {}", i, fields.size()));
  }
  return child(*ref_, row[i], fields[i].type);
}
Value Value::Field(const std::string& name) const {
  (void)nested<::fluss::GenericRow>(ref_, "Field");  // a ROW, not null
  const auto& fields = ref_->type->fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return Field(i);
  }
  throw std::runtime_error(
      fmt::format("Value::Field: {} has no field '{}'", ref_->type->to_string(), name));
}

namespace {

// A value as Flink SQL prints it; nested values as Flink's CAST to STRING does:
// [a, b], {k=v}, (x, y), with NULL for null elements and strings unquoted.
std::string sql_text(const ::fluss::Datum& d, const ::fluss::DataType& type) {
  if (::fluss::is_null(d)) return "NULL";
  switch (type.root()) {
    case TypeRoot::kDate: {
      Date date{std::get<int32_t>(d)};
      return fmt::format("{:04}-{:02}-{:02}", date.Year(), date.Month(), date.Day());
    }
    case TypeRoot::kTime: {
      Time time{std::get<int32_t>(d)};
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
      if (auto v = std::get_if<::fluss::TimestampNtz>(&d)) {
        return format_timestamp(v->millisecond, v->nano_of_millisecond, type.precision());
      }
      if (auto v = std::get_if<::fluss::TimestampLtz>(&d)) {
        return format_timestamp(v->epoch_millisecond, v->nano_of_millisecond, type.precision());
      }
      break;
    }
    case TypeRoot::kDecimal:
      if (auto v = std::get_if<::fluss::Decimal>(&d)) return detail::decimal_to_string(*v);
      break;
    case TypeRoot::kChar:
    case TypeRoot::kString:
      if (auto v = std::get_if<std::string>(&d)) return *v;
      break;
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      if (auto v = std::get_if<::fluss::Binary>(&d)) {
        std::string text = "x'";
        for (char c : v->bytes) text += fmt::format("{:02x}", static_cast<uint8_t>(c));
        return text + "'";
      }
      break;
    case TypeRoot::kBoolean:
      if (auto v = std::get_if<bool>(&d)) return *v ? "TRUE" : "FALSE";
      break;
    case TypeRoot::kFloat:
      if (auto v = std::get_if<float>(&d)) return fmt::format("{}", *v);
      break;
    case TypeRoot::kDouble:
      if (auto v = std::get_if<double>(&d)) return fmt::format("{}", *v);
      break;
    case TypeRoot::kArray:
      if (auto v = std::get_if<std::shared_ptr<const ::fluss::GenericArray>>(&d); v && *v) {
        std::string text = "[";
        for (size_t i = 0; i < (*v)->size(); ++i) {
          if (i > 0) text += ", ";
          text += sql_text((**v)[i], type.element_type());
        }
        return text + "]";
      }
      break;
    case TypeRoot::kMap:
      if (auto v = std::get_if<std::shared_ptr<const ::fluss::GenericMap>>(&d); v && *v) {
        std::string text = "{";
        for (size_t i = 0; i < (*v)->size(); ++i) {
          if (i > 0) text += ", ";
          text += sql_text((*v)->keys()[i], type.key_type()) + "=" +
                  sql_text((*v)->values()[i], type.value_type());
        }
        return text + "}";
      }
      break;
    case TypeRoot::kRow:
      if (auto v = std::get_if<std::shared_ptr<const ::fluss::GenericRow>>(&d); v && *v) {
        const auto& fields = type.fields();
        std::string text = "(";
        for (size_t i = 0; i < (*v)->arity() && i < fields.size(); ++i) {
          if (i > 0) text += ", ";
          text += sql_text((**v)[i], fields[i].type);
        }
        return text + ")";
      }
      break;
    default:
      break;
  }
  // Integers, and any datum that does not match its type (never from the decoders).
  return ::fluss::datum_to_string(d);
}

}  // namespace

std::string RowView::GetAsString(size_t idx) const {
  return sql_text(field_of(data_, index_, idx), data_->columns->types.at(idx));
}

std::string Value::ToString() const {
  const detail::ValueRef& ref = ref_of(ref_);
  return sql_text(*ref.datum, *ref.type);
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
