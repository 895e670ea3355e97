// SPDX-License-Identifier: Apache-2.0
// Out-of-line parts of the public value types (fluss/types.h, fluss/result.h).
#include "fluss/types.h"

#include <fmt/format.h>

#include <string>

#include "common/error_code.h"
#include "fluss/result.h"

namespace fluss::client {

std::string ErrorCode::Name(int32_t code) {
  if (code == CLIENT_ERROR) return "CLIENT_ERROR";
  ::fluss::ErrorCode internal = ::fluss::error_code_from_wire(code);
  if (internal == ::fluss::ErrorCode::kUnknownServerError && code != UNKNOWN_SERVER_ERROR) {
    return fmt::format("UNKNOWN_ERROR_{}", code);
  }
  return std::string(::fluss::error_name(internal));
}

// Civil-from-days and days-from-civil (Howard Hinnant's algorithms, proleptic Gregorian).
Date Date::FromYMD(int year, int month, int day) {
  int y = year - (month <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int mp = (month + 9) % 12;
  int doy = (153 * mp + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return {era * 146097 + doe - 719468};
}

namespace {
struct Civil {
  int year;
  int month;
  int day;
};
Civil civil_from_days(int32_t days) {
  int z = days + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = yoe + era * 400;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int d = doy - (153 * mp + 2) / 5 + 1;
  int m = mp < 10 ? mp + 3 : mp - 9;
  return {m <= 2 ? y + 1 : y, m, d};
}
}  // namespace

int Date::Year() const { return civil_from_days(days_since_epoch).year; }
int Date::Month() const { return civil_from_days(days_since_epoch).month; }
int Date::Day() const { return civil_from_days(days_since_epoch).day; }

const char* ChangeTypeShortString(ChangeType type) {
  switch (type) {
    case ChangeType::AppendOnly:
      return "+A";
    case ChangeType::Insert:
      return "+I";
    case ChangeType::UpdateBefore:
      return "-U";
    case ChangeType::UpdateAfter:
      return "+U";
    case ChangeType::Delete:
      return "-D";
  }
  return "?";
}

DataType DataType::Array(DataType element) {
  DataType type(TypeId::Array);
  type.element_type_ = std::make_shared<DataType>(std::move(element));
  return type;
}

DataType DataType::Map(DataType key, DataType value) {
  DataType type(TypeId::Map);
  type.key_type_ = std::make_shared<DataType>(std::move(key));
  type.value_type_ = std::make_shared<DataType>(std::move(value));
  return type;
}

DataType DataType::Row(std::vector<std::pair<std::string, DataType>> fields) {
  DataType type(TypeId::Row);
  for (auto& [name, field_type] : fields) {
    type.row_field_names_.push_back(std::move(name));
    type.row_field_types_.push_back(std::make_shared<DataType>(std::move(field_type)));
  }
  return type;
}

std::string DataType::ToString() const {
  std::string text;
  switch (id_) {
    case TypeId::Unknown:
      text = "UNKNOWN";
      break;
    case TypeId::Boolean:
      text = "BOOLEAN";
      break;
    case TypeId::TinyInt:
      text = "TINYINT";
      break;
    case TypeId::SmallInt:
      text = "SMALLINT";
      break;
    case TypeId::Int:
      text = "INT";
      break;
    case TypeId::BigInt:
      text = "BIGINT";
      break;
    case TypeId::Float:
      text = "FLOAT";
      break;
    case TypeId::Double:
      text = "DOUBLE";
      break;
    case TypeId::String:
      text = "STRING";
      break;
    case TypeId::Bytes:
      text = "BYTES";
      break;
    case TypeId::Date:
      text = "DATE";
      break;
    case TypeId::Time:
      text = fmt::format("TIME({})", precision_);
      break;
    case TypeId::Timestamp:
      text = fmt::format("TIMESTAMP({})", precision_);
      break;
    case TypeId::TimestampLtz:
      text = fmt::format("TIMESTAMP_LTZ({})", precision_);
      break;
    case TypeId::Decimal:
      text = fmt::format("DECIMAL({}, {})", precision_, scale_);
      break;
    case TypeId::Char:
      text = fmt::format("CHAR({})", precision_);
      break;
    case TypeId::Binary:
      text = fmt::format("BINARY({})", precision_);
      break;
    case TypeId::Array:
      text = fmt::format("ARRAY<{}>", element_type_ ? element_type_->ToString() : "?");
      break;
    case TypeId::Map:
      text = fmt::format("MAP<{}, {}>", key_type_ ? key_type_->ToString() : "?",
                         value_type_ ? value_type_->ToString() : "?");
      break;
    case TypeId::Row: {
      text = "ROW<";
      for (size_t i = 0; i < row_field_names_.size(); ++i) {
        if (i > 0) text += ", ";
        text += fmt::format("`{}` {}", row_field_names_[i], row_field_types_[i]->ToString());
      }
      text += ">";
      break;
    }
  }
  if (!nullable_) text += " NOT NULL";
  return text;
}

Schema Schema::Builder::Build() {
  Schema schema{columns_, primary_keys_};
  for (Column& column : schema.columns) {
    for (const std::string& key : schema.primary_keys) {
      if (column.name == key) column.data_type = column.data_type.NotNull();
    }
  }
  return schema;
}

}  // namespace fluss::client
