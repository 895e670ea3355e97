// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/data_type.h"
#include "sql/ast.h"

namespace fluss::sql {

// Parses one statement (an optional trailing ';' allowed) of the grammar in
// docs/sql.md. Errors carry kSqlErrorCode and read
// "SQL parse error at line L, column C: expected X but found 'Y'".
Result<Statement> parse_statement(std::string_view sql);

// Parses statements separated by ';' (empty statements skipped).
Result<std::vector<Statement>> parse_script(std::string_view sql);

// Parses a data type alone, e.g. "MAP<STRING, ARRAY<INT NOT NULL>>".
Result<DataType> parse_data_type(std::string_view sql);

// Parses an expression alone, e.g. "a = 1 AND b IS NOT NULL".
Result<ExprPtr> parse_expression(std::string_view sql);

}  // namespace fluss::sql
