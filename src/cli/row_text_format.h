// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/schema.h"
#include "record/generic_row.h"

namespace fluss::cli {

// The text forms of rows that `fluss produce`, `consume` and `lookup` read and write
// (docs/sql.md, "Tools"). Values are typed exactly as INSERT ... VALUES types them
// (sql::evaluate_constant), so a DATE column takes '2024-01-31' in either form.

// A JSON object naming columns: {"id": 1, "name": "a", "tags": ["x"]}. Columns not
// named are NULL. Numbers, strings, booleans and null are values; arrays are ARRAY
// values, objects are MAP values (string keys) or ROW values (by field name).
// Errors (INVALID_TABLE_EXCEPTION): malformed JSON, an unknown column, a value that
// does not fit its column (named), a missing NOT NULL column.
Result<GenericRow> row_from_json(std::string_view json, const Schema& schema);

// The same, but only `columns` (in that order) make up the row: lookup keys.
Result<GenericRow> key_from_json(std::string_view json, const Schema& schema,
                                 const std::vector<std::string>& columns);

// One CSV line (RFC 4180 quoting, `delimiter` between fields) with one field per
// column in schema order. An empty unquoted field is NULL; a quoted one is ''.
// Errors as row_from_json, plus a field count that is not the column count.
Result<GenericRow> row_from_csv(std::string_view line, const Schema& schema, char delimiter = ',');

// A row as one JSON object line: numbers and booleans as JSON values, everything
// else as the strings the SQL shell prints (format_value), NULL as null.
std::string row_to_json(const GenericRow& row, const std::vector<std::string>& names,
                        const std::vector<DataType>& types);

}  // namespace fluss::cli
