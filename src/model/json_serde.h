// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "model/data_type.h"
#include "model/database_descriptor.h"
#include "model/schema.h"
#include "model/table_descriptor.h"

namespace fluss {

// The JSON documents Fluss exchanges for metadata (fluss-wire.md §10,
// docs/metadata-json.md): CreateTableRequest.table_json, GetTableSchemaResponse.schema_json,
// CreateDatabaseRequest.database_json, ... (Java *JsonSerde classes).
//
// Writers produce exactly Jackson's output for Fluss's serializers: compact, keys in
// Fluss's order, optional keys omitted as Fluss omits them, maps in java.util.HashMap
// iteration order. Readers accept what Fluss writes and more (keys in any order, absent
// optional keys, property values that are numbers or booleans), and reject anything
// malformed with a message naming the offending key path:
//   - table, schema, column and type documents: INVALID_TABLE_EXCEPTION (what Fluss's
//     coordinator answers a bad CREATE_TABLE with, and what a client reports for a bad
//     table_json/schema_json it received);
//   - database documents: INVALID_DATABASE_EXCEPTION.
// Thread-safe (no shared state).

std::string to_json(const DataType& type);
std::string to_json(const Column& column);
std::string to_json(const Schema& schema);
std::string to_json(const TableDescriptor& descriptor);
std::string to_json(const DatabaseDescriptor& descriptor);

Result<DataType> data_type_from_json(std::string_view json);
Result<Column> column_from_json(std::string_view json);
// Columns without ids get ids as Java's Schema.Builder.fromColumns assigns them.
Result<Schema> schema_from_json(std::string_view json);
// Also checks the descriptor's invariants (TableDescriptor::Builder::build).
Result<TableDescriptor> table_descriptor_from_json(std::string_view json);
Result<DatabaseDescriptor> database_descriptor_from_json(std::string_view json);

}  // namespace fluss
