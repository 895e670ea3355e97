// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "common/result.h"
#include "model/ids.h"
#include "model/schema.h"
#include "model/table_info.h"

namespace fluss::server {

// Where the tablet server learns the tables of the buckets it is told to lead:
// NotifyLeaderAndIsr carries only the physical path and the bucket, so (as Fluss's
// TabletServer reads the table from ZooKeeper) the table's TableInfo and older
// schemas come from here. The server wires it to its metadata (the
// MetadataManager, or a cache filled by UpdateMetadata); tests use a fake.
//
// Implementations are called from any request thread and must be thread-safe.
class TableMetadataSource {
 public:
  virtual ~TableMetadataSource() = default;

  // The table's current TableInfo; TABLE_NOT_EXIST naming the id if unknown.
  virtual Result<TableInfo> get_table_info(TableId table_id) const = 0;

  // Schema `schema_id` of the table (for rows written before an ALTER);
  // SCHEMA_NOT_EXIST naming both ids if unknown.
  virtual Result<std::shared_ptr<const Schema>> get_schema(TableId table_id,
                                                           SchemaId schema_id) const = 0;
};

}  // namespace fluss::server
