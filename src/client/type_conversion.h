// SPDX-License-Identifier: Apache-2.0
// Conversions between the public value types (fluss/types.h, fluss/result.h) and the internal
// model (model/*.h, common/status.h).
#pragma once

#include "common/result.h"
#include "common/status.h"
#include "fluss/result.h"
#include "fluss/types.h"
#include "model/data_type.h"
#include "model/database_descriptor.h"
#include "model/table_descriptor.h"
#include "model/table_info.h"
#include "model/table_path.h"

namespace fluss::client::detail {

// The public Result of an internal Status: its wire code and message.
Result to_result(const ::fluss::Status& status);
// CLIENT_ERROR with the status's message (for checks the client makes itself).
Result client_error(const ::fluss::Status& status);
Result client_error(std::string message);

::fluss::Result<::fluss::DataType> to_internal(const DataType& type);
DataType to_public(const ::fluss::DataType& type);

::fluss::TablePath to_internal(const TablePath& path);
TablePath to_public(const ::fluss::TablePath& path);

::fluss::Result<::fluss::TableDescriptor> to_internal(const TableDescriptor& descriptor);
TableInfo to_public(const ::fluss::TableInfo& info);

::fluss::DatabaseDescriptor to_internal(const DatabaseDescriptor& descriptor);
DatabaseInfo to_public(const ::fluss::DatabaseInfo& info);

}  // namespace fluss::client::detail
