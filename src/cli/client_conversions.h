// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fluss/client.h>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/data_type.h"
#include "model/schema.h"
#include "model/table_descriptor.h"
#include "record/change_type.h"
#include "record/generic_row.h"

namespace fluss::cli {

// Conversions between the public client API's value types (fluss::client, self-contained)
// and fluss-cpp's own (model, record), which the SQL front end works with.

// CLIENT_ERROR (-2) has no fluss::ErrorCode; it is carried as its raw value and
// named by error_label.
Status to_status(const client::Result& result);
// The Fluss error name of a status's code, "CLIENT_ERROR" included.
std::string error_label(const Status& status);

client::DataType to_client_type(const DataType& type);
DataType from_client_type(const client::DataType& type);

client::Schema to_client_schema(const Schema& schema);
// INVALID_TABLE_EXCEPTION when the schema does not build (names the column).
Result<Schema> from_client_schema(const client::Schema& schema);

client::TableDescriptor to_client_descriptor(const TableDescriptor& descriptor);
// The descriptor a table's info describes (SHOW CREATE TABLE).
Result<TableDescriptor> descriptor_of(const client::TableInfo& info);

// Writes `row` (laid out as `types`) into `out`, a row of the same width. ARRAY, MAP
// and ROW values fail with CLIENT_ERROR: the client's GenericRow has no setters for them.
Status to_client_row(const GenericRow& row, const RowType& types, client::GenericRow& out);

// The values of `view`, read as `types` (the view's columns, in order).
GenericRow from_row_view(const client::RowView& view, const RowType& types);

ChangeType from_client_change_type(client::ChangeType type);

}  // namespace fluss::cli
