// SPDX-License-Identifier: Apache-2.0
#include "cli/row_text_format.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "cli/result_printer.h"
#include "sql/ast.h"
#include "sql/expression_evaluator.h"
#include "sql/lexer.h"

namespace fluss::cli {
namespace {

using Json = nlohmann::json;
constexpr ErrorCode kFormatError = ErrorCode::kInvalidTableException;

sql::ExprPtr literal(sql::Literal::Kind kind, std::string text) {
  return std::make_shared<const sql::Expr>(
      sql::Expr{.node = sql::Literal{.kind = kind, .text = std::move(text)}});
}

sql::ExprPtr constructor(sql::ConstructorExpr::Kind kind, std::vector<sql::ExprPtr> items) {
  return std::make_shared<const sql::Expr>(
      sql::Expr{.node = sql::ConstructorExpr{.kind = kind, .items = std::move(items)}});
}

sql::ExprPtr csv_field_to_expr(const std::string& field, bool quoted, const DataType& type);

// A JSON value as the literal (or constructor) an INSERT would have written for a
// column of `type`.
Result<sql::ExprPtr> json_to_expr(const Json& value, const DataType& type,
                                  std::string_view column) {
  using Kind = sql::Literal::Kind;
  switch (value.type()) {
    case Json::value_t::null:
      return literal(Kind::kNull, "");
    case Json::value_t::boolean:
      return literal(Kind::kBoolean, value.get<bool>() ? "TRUE" : "FALSE");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return literal(Kind::kInteger, value.dump());
    case Json::value_t::number_float: {
      std::string text = value.dump();
      bool exponent = text.find_first_of("eE") != std::string::npos;
      return literal(exponent ? Kind::kFloat : Kind::kDecimal, std::move(text));
    }
    case Json::value_t::string: {
      const std::string& s = value.get_ref<const std::string&>();
      switch (type.root()) {
        case TypeRoot::kBoolean:
        case TypeRoot::kTinyInt:
        case TypeRoot::kSmallInt:
        case TypeRoot::kInt:
        case TypeRoot::kBigInt:
        case TypeRoot::kFloat:
        case TypeRoot::kDouble:
        case TypeRoot::kDecimal:
          // "2.25" for a DECIMAL (JSON numbers lose exactness in many writers).
          return csv_field_to_expr(s, /*quoted=*/true, type);
        default:
          break;
      }
      if (type.root() == TypeRoot::kBinary || type.root() == TypeRoot::kBytes) {
        // Binary values are written as hex, as the tools print them (x'0aff' or 0aff).
        std::string hex = s;
        if (hex.size() >= 3 && (hex[0] == 'x' || hex[0] == 'X') && hex[1] == '\'' &&
            hex.back() == '\'') {
          hex = hex.substr(2, hex.size() - 3);
        }
        bool valid = hex.size() % 2 == 0 &&
                     hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
        if (!valid) {
          return make_error(kFormatError, "column '{}' ({}): '{}' is not hex bytes", column,
                            type.to_string(), s);
        }
        return literal(Kind::kBinary, std::move(hex));
      }
      return literal(Kind::kString, s);
    }
    case Json::value_t::array: {
      if (type.root() != TypeRoot::kArray) break;
      std::vector<sql::ExprPtr> items;
      for (const Json& item : value) {
        FLUSS_ASSIGN_OR_RETURN(sql::ExprPtr e, json_to_expr(item, type.element_type(), column));
        items.push_back(std::move(e));
      }
      return constructor(sql::ConstructorExpr::Kind::kArray, std::move(items));
    }
    case Json::value_t::object: {
      std::vector<sql::ExprPtr> items;
      if (type.root() == TypeRoot::kMap) {
        for (const auto& [key, item] : value.items()) {
          FLUSS_ASSIGN_OR_RETURN(sql::ExprPtr k, json_to_expr(Json(key), type.key_type(), column));
          FLUSS_ASSIGN_OR_RETURN(sql::ExprPtr v, json_to_expr(item, type.value_type(), column));
          items.push_back(std::move(k));
          items.push_back(std::move(v));
        }
        return constructor(sql::ConstructorExpr::Kind::kMap, std::move(items));
      }
      if (type.root() == TypeRoot::kRow) {
        for (const DataField& field : type.fields()) {
          auto it = value.find(field.name);
          FLUSS_ASSIGN_OR_RETURN(
              sql::ExprPtr e, json_to_expr(it == value.end() ? Json() : *it, field.type, column));
          items.push_back(std::move(e));
        }
        return constructor(sql::ConstructorExpr::Kind::kRow, std::move(items));
      }
      break;
    }
    default:
      break;
  }
  return make_error(kFormatError, "column '{}' ({}): cannot assign the JSON value {}", column,
                    type.to_string(), value.dump());
}

Result<Json> parse_json_object(std::string_view text) {
  Json object = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return make_error(kFormatError, "not valid JSON: {}", text);
  if (!object.is_object()) {
    return make_error(kFormatError, "expected a JSON object of column values, got: {}", text);
  }
  return object;
}

Result<Datum> typed(const sql::ExprPtr& expr, const Column& column) {
  return sql::evaluate_constant(*expr, column.type, column.name);
}

// A CSV field as the literal INSERT would have for the column type.
sql::ExprPtr csv_field_to_expr(const std::string& field, bool quoted, const DataType& type) {
  using Kind = sql::Literal::Kind;
  if (field.empty() && !quoted) return literal(Kind::kNull, "");
  switch (type.root()) {
    case TypeRoot::kBoolean: {
      std::string upper;
      for (char c : field) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (upper == "TRUE" || upper == "FALSE") return literal(Kind::kBoolean, upper);
      break;
    }
    case TypeRoot::kTinyInt:
    case TypeRoot::kSmallInt:
    case TypeRoot::kInt:
    case TypeRoot::kBigInt:
    case TypeRoot::kFloat:
    case TypeRoot::kDouble:
    case TypeRoot::kDecimal: {
      std::string_view digits = field;
      bool negative = !digits.empty() && digits[0] == '-';
      if (negative || (!digits.empty() && digits[0] == '+')) digits.remove_prefix(1);
      bool exponent = digits.find_first_of("eE") != std::string_view::npos;
      bool point = digits.find('.') != std::string_view::npos;
      bool numeric =
          !digits.empty() && digits.find_first_not_of("0123456789.eE+-") == std::string_view::npos;
      if (!numeric) break;
      Kind kind = exponent ? Kind::kFloat : (point ? Kind::kDecimal : Kind::kInteger);
      sql::ExprPtr number = literal(kind, std::string(digits));
      if (!negative) return number;
      return std::make_shared<const sql::Expr>(
          sql::Expr{.node = sql::UnaryExpr{.op = sql::UnaryExpr::Op::kNegate, .operand = number}});
    }
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      if (field.size() % 2 == 0 &&
          field.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
        return literal(Kind::kBinary, field);
      }
      break;
    default:
      break;
  }
  return literal(Kind::kString, field);
}

}  // namespace

Result<GenericRow> row_from_json(std::string_view json, const Schema& schema) {
  FLUSS_ASSIGN_OR_RETURN(Json object, parse_json_object(json));
  const std::vector<Column>& columns = schema.columns();
  for (const auto& [name, value] : object.items()) {
    if (!schema.column(name)) {
      return make_error(kFormatError, "column '{}' does not exist; the columns are {}", name,
                        fmt::join(schema.column_names(), ", "));
    }
  }
  GenericRow row(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    auto it = object.find(columns[i].name);
    FLUSS_ASSIGN_OR_RETURN(sql::ExprPtr e, json_to_expr(it == object.end() ? Json() : *it,
                                                        columns[i].type, columns[i].name));
    FLUSS_ASSIGN_OR_RETURN(Datum d, typed(e, columns[i]));
    row.set(i, std::move(d));
  }
  return row;
}

Result<GenericRow> key_from_json(std::string_view json, const Schema& schema,
                                 const std::vector<std::string>& columns) {
  FLUSS_ASSIGN_OR_RETURN(Json object, parse_json_object(json));
  for (const auto& [name, value] : object.items()) {
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
      return make_error(kFormatError, "'{}' is not a key column; the key is {}", name,
                        fmt::join(columns, ", "));
    }
  }
  GenericRow key(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column* column = schema.column(columns[i]);
    if (column == nullptr) {
      return make_error(kFormatError, "column '{}' does not exist", columns[i]);
    }
    auto it = object.find(columns[i]);
    if (it == object.end()) {
      return make_error(kFormatError, "the key needs a value for column '{}'", columns[i]);
    }
    FLUSS_ASSIGN_OR_RETURN(sql::ExprPtr e, json_to_expr(*it, column->type, column->name));
    FLUSS_ASSIGN_OR_RETURN(Datum d, typed(e, *column));
    key.set(i, std::move(d));
  }
  return key;
}

Result<GenericRow> row_from_csv(std::string_view line, const Schema& schema, char delimiter) {
  struct Field {
    std::string text;
    bool quoted = false;
  };
  std::vector<Field> fields(1);
  bool in_quotes = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    Field& f = fields.back();
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          f.text += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        f.text += c;
      }
    } else if (c == '"' && f.text.empty() && !f.quoted) {
      in_quotes = true;
      f.quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else if (c == '\r' && i + 1 == line.size()) {
      // A CRLF line ending.
    } else {
      f.text += c;
    }
  }
  if (in_quotes) return make_error(kFormatError, "unterminated quoted CSV field: {}", line);
  const std::vector<Column>& columns = schema.columns();
  if (fields.size() != columns.size()) {
    return make_error(kFormatError, "CSV line has {} fields but the table has {} columns ({})",
                      fields.size(), columns.size(), fmt::join(schema.column_names(), ", "));
  }
  GenericRow row(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    sql::ExprPtr e = csv_field_to_expr(fields[i].text, fields[i].quoted, columns[i].type);
    FLUSS_ASSIGN_OR_RETURN(Datum d, typed(e, columns[i]));
    row.set(i, std::move(d));
  }
  return row;
}

std::string row_to_json(const GenericRow& row, const std::vector<std::string>& names,
                        const std::vector<DataType>& types) {
  // Columns keep their table order.
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (size_t i = 0; i < names.size() && i < types.size() && i < row.arity(); ++i) {
    const Datum& d = row[i];
    nlohmann::ordered_json value;
    if (is_null(d)) {
      value = nullptr;
    } else if (const auto* b = std::get_if<bool>(&d)) {
      value = *b;
    } else if (const auto* v8 = std::get_if<int8_t>(&d)) {
      value = *v8;
    } else if (const auto* v16 = std::get_if<int16_t>(&d)) {
      value = *v16;
    } else if (const auto* v32 = std::get_if<int32_t>(&d);
               v32 && types[i].root() == TypeRoot::kInt) {
      value = *v32;
    } else if (const auto* v64 = std::get_if<int64_t>(&d)) {
      value = *v64;
    } else if (const auto* f = std::get_if<float>(&d)) {
      value = *f;
    } else if (const auto* db = std::get_if<double>(&d)) {
      value = *db;
    } else {
      value = format_value(d, types[i]);
    }
    object[names[i]] = std::move(value);
  }
  return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace fluss::cli
