// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/result.h"
#include "model/table_descriptor.h"
#include "sql/ast.h"

namespace fluss::sql {

// WITH options that become the table's distribution rather than properties.
inline constexpr std::string_view kBucketNumOption = "bucket.num";
inline constexpr std::string_view kBucketKeyOption = "bucket.key";

// Translates CREATE TABLE into the descriptor Fluss's Flink catalog would send
// (FlinkConversions.toFlussTable): columns with comments, the primary key, partition
// keys, `bucket.num` and `bucket.key` (comma-separated) as the distribution (bucket
// key defaulting to the primary key minus partition keys), `table.*` options as
// properties and every other option as a custom property; `auto-increment.fields`
// (comma-separated) marks auto-increment columns; with 'table.merge-engine' =
// 'aggregation', `fields.<col>.agg` and `fields.<col>.<function>.<param>` give a
// column its aggregate function (these stay custom properties too, as in Fluss). Errors:
// INVALID_CONFIG_EXCEPTION for a bad `bucket.num` or a `connector` other than fluss,
// INVALID_TABLE_EXCEPTION from the schema and descriptor builders (unknown key columns, ...).
Result<TableDescriptor> to_table_descriptor(const CreateTableStatement& statement);

// The CREATE TABLE statement that to_table_descriptor turns back into `descriptor`
// (SHOW CREATE TABLE): identifiers back-quoted, `bucket.num` / `bucket.key` in WITH
// before the properties and custom properties. `table` is written as given.
std::string to_create_table_sql(std::string_view table, const TableDescriptor& descriptor);

}  // namespace fluss::sql
