// SPDX-License-Identifier: Apache-2.0
#include "model/data_type.h"

#include "common/check.h"

namespace fluss {

DataType DataType::char_(int length) {
  DataType t(TypeRoot::kChar);
  t.length_ = length;
  return t;
}

DataType DataType::binary(int length) {
  DataType t(TypeRoot::kBinary);
  t.length_ = length;
  return t;
}

DataType DataType::decimal(int precision, int scale) {
  DataType t(TypeRoot::kDecimal);
  t.precision_ = precision;
  t.scale_ = scale;
  return t;
}

DataType DataType::time(int precision) {
  DataType t(TypeRoot::kTime);
  t.precision_ = precision;
  return t;
}

DataType DataType::timestamp(int precision) {
  DataType t(TypeRoot::kTimestampNtz);
  t.precision_ = precision;
  return t;
}

DataType DataType::timestamp_ltz(int precision) {
  DataType t(TypeRoot::kTimestampLtz);
  t.precision_ = precision;
  return t;
}

DataType DataType::array(DataType element) {
  DataType t(TypeRoot::kArray);
  t.children_ = std::make_shared<const std::vector<DataType>>(std::vector<DataType>{element});
  return t;
}

DataType DataType::map(DataType key, DataType value) {
  DataType t(TypeRoot::kMap);
  t.children_ = std::make_shared<const std::vector<DataType>>(std::vector<DataType>{key, value});
  return t;
}

DataType DataType::row(std::vector<DataField> fields) {
  DataType t(TypeRoot::kRow);
  t.fields_ = std::make_shared<const std::vector<DataField>>(std::move(fields));
  return t;
}

DataType DataType::with_nullable(bool nullable) const {
  DataType t = *this;
  t.nullable_ = nullable;
  return t;
}

const DataType& DataType::element_type() const {
  FLUSS_CHECK(root_ == TypeRoot::kArray, "element_type() of {}", to_string());
  return (*children_)[0];
}

const DataType& DataType::key_type() const {
  FLUSS_CHECK(root_ == TypeRoot::kMap, "key_type() of {}", to_string());
  return (*children_)[0];
}

const DataType& DataType::value_type() const {
  FLUSS_CHECK(root_ == TypeRoot::kMap, "value_type() of {}", to_string());
  return (*children_)[1];
}

const std::vector<DataField>& DataType::fields() const {
  FLUSS_CHECK(root_ == TypeRoot::kRow, "fields() of {}", to_string());
  return *fields_;
}

bool DataType::is_fixed_length() const {
  switch (root_) {
    case TypeRoot::kBoolean:
    case TypeRoot::kTinyInt:
    case TypeRoot::kSmallInt:
    case TypeRoot::kInt:
    case TypeRoot::kBigInt:
    case TypeRoot::kFloat:
    case TypeRoot::kDouble:
    case TypeRoot::kDate:
    case TypeRoot::kTime:
      return true;
    case TypeRoot::kDecimal:
      return is_compact_decimal();
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz:
      return is_compact_timestamp();
    default:
      return false;
  }
}

std::string DataType::to_string() const {
  std::string s;
  switch (root_) {
    case TypeRoot::kBoolean:
      s = "BOOLEAN";
      break;
    case TypeRoot::kTinyInt:
      s = "TINYINT";
      break;
    case TypeRoot::kSmallInt:
      s = "SMALLINT";
      break;
    case TypeRoot::kInt:
      s = "INT";
      break;
    case TypeRoot::kBigInt:
      s = "BIGINT";
      break;
    case TypeRoot::kFloat:
      s = "FLOAT";
      break;
    case TypeRoot::kDouble:
      s = "DOUBLE";
      break;
    case TypeRoot::kChar:
      s = fmt::format("CHAR({})", length_);
      break;
    case TypeRoot::kString:
      s = "STRING";
      break;
    case TypeRoot::kBinary:
      s = fmt::format("BINARY({})", length_);
      break;
    case TypeRoot::kBytes:
      s = "BYTES";
      break;
    case TypeRoot::kDecimal:
      s = fmt::format("DECIMAL({}, {})", precision_, scale_);
      break;
    case TypeRoot::kDate:
      s = "DATE";
      break;
    case TypeRoot::kTime:
      s = fmt::format("TIME({})", precision_);
      break;
    case TypeRoot::kTimestampNtz:
      s = fmt::format("TIMESTAMP({})", precision_);
      break;
    case TypeRoot::kTimestampLtz:
      s = fmt::format("TIMESTAMP({}) WITH LOCAL TIME ZONE", precision_);
      break;
    case TypeRoot::kArray:
      s = fmt::format("ARRAY<{}>", element_type().to_string());
      break;
    case TypeRoot::kMap:
      s = fmt::format("MAP<{}, {}>", key_type().to_string(), value_type().to_string());
      break;
    case TypeRoot::kRow: {
      s = "ROW<";
      for (size_t i = 0; i < fields_->size(); ++i) {
        const DataField& f = (*fields_)[i];
        if (i > 0) s += ", ";
        s += fmt::format("`{}` {}", f.name, f.type.to_string());
        if (f.description) s += fmt::format(" '{}'", *f.description);
      }
      s += ">";
      break;
    }
  }
  if (!nullable_) s += " NOT NULL";
  return s;
}

bool operator==(const DataType& a, const DataType& b) {
  if (a.root_ != b.root_ || a.nullable_ != b.nullable_ || a.length_ != b.length_ ||
      a.precision_ != b.precision_ || a.scale_ != b.scale_) {
    return false;
  }
  if ((a.children_ == nullptr) != (b.children_ == nullptr)) return false;
  if (a.children_ && *a.children_ != *b.children_) return false;
  if ((a.fields_ == nullptr) != (b.fields_ == nullptr)) return false;
  if (a.fields_ && *a.fields_ != *b.fields_) return false;
  return true;
}

namespace {
struct RootName {
  TypeRoot root;
  const char* name;
};
constexpr RootName kRootNames[] = {
    {TypeRoot::kBoolean, "BOOLEAN"},
    {TypeRoot::kTinyInt, "TINYINT"},
    {TypeRoot::kSmallInt, "SMALLINT"},
    {TypeRoot::kInt, "INTEGER"},
    {TypeRoot::kBigInt, "BIGINT"},
    {TypeRoot::kFloat, "FLOAT"},
    {TypeRoot::kDouble, "DOUBLE"},
    {TypeRoot::kChar, "CHAR"},
    {TypeRoot::kString, "STRING"},
    {TypeRoot::kBinary, "BINARY"},
    {TypeRoot::kBytes, "BYTES"},
    {TypeRoot::kDecimal, "DECIMAL"},
    {TypeRoot::kDate, "DATE"},
    {TypeRoot::kTime, "TIME_WITHOUT_TIME_ZONE"},
    {TypeRoot::kTimestampNtz, "TIMESTAMP_WITHOUT_TIME_ZONE"},
    {TypeRoot::kTimestampLtz, "TIMESTAMP_WITH_LOCAL_TIME_ZONE"},
    {TypeRoot::kArray, "ARRAY"},
    {TypeRoot::kMap, "MAP"},
    {TypeRoot::kRow, "ROW"},
};
}  // namespace

const char* type_root_json_name(TypeRoot root) {
  for (const RootName& r : kRootNames) {
    if (r.root == root) return r.name;
  }
  return "UNKNOWN";
}

std::optional<TypeRoot> type_root_from_json_name(std::string_view name) {
  for (const RootName& r : kRootNames) {
    if (name == r.name) return r.root;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, const DataType& type) { return os << type.to_string(); }

}  // namespace fluss
