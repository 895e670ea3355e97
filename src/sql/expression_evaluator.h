// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/data_type.h"
#include "model/schema.h"
#include "record/generic_row.h"
#include "sql/ast.h"

namespace fluss::sql {

// Evaluates a constant expression (literals, + - * /, comparisons, AND/OR/NOT,
// IS [NOT] NULL, CAST, ARRAY[...], MAP[...], ROW(...); no column references) and
// casts the result to `type`, as an INSERT into a column of that type does:
// integers must fit, decimals are rounded half-up to the scale and must fit the
// precision, strings must fit CHAR(n)/BINARY(n), DATE/TIME/TIMESTAMP accept their
// literals and strings in ISO form ('2024-01-31', '12:30:00.5',
// '2024-01-31 12:30:00'; TIMESTAMP_LTZ strings are read as UTC), NULL needs a
// nullable type. Errors (kSqlErrorCode) name `column` and the value.
Result<Datum> evaluate_constant(const Expr& expr, const DataType& type, std::string_view column);

// The row that column references read when an expression is evaluated over a row
// (WHERE filters, UPDATE ... SET c = c + 1): `row` is laid out as `schema`. Both outlive
// the evaluation.
struct RowScope {
  const Schema& schema;
  const GenericRow& row;
};

// evaluate_constant with column references reading `scope`.
Result<Datum> evaluate_on_row(const Expr& expr, const DataType& type, std::string_view column,
                              const RowScope& scope);

// A WHERE predicate over one row: true when it holds, false when it is FALSE or NULL.
// Errors (kSqlErrorCode): an unknown column, values that do not compare, a non-BOOLEAN result.
Result<bool> evaluate_predicate(const Expr& expr, const RowScope& scope);

// The rows of an INSERT, typed against the table's schema.
struct InsertRows {
  // The schema positions of the columns listed (INSERT INTO t (a, b) ...), in the order
  // listed; empty when no list was given and every column is written.
  std::vector<int> target_columns;
  // Full-width rows: columns not listed are NULL.
  std::vector<GenericRow> rows;
};

// Types every VALUES row against `schema`. Errors: INVALID_TARGET_COLUMN for an
// unknown column in the list, or a listed column set missing a primary-key column;
// kSqlErrorCode for a row of the wrong width, a NOT NULL column left out, or a value
// that does not fit its column (the message names row and column).
Result<InsertRows> evaluate_insert(const InsertStatement& insert, const Schema& schema);

// Days since 1970-01-01 of 'YYYY-MM-DD', if valid.
std::optional<int32_t> parse_date(std::string_view text);

}  // namespace fluss::sql
