// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>

#include "common/result.h"
#include "model/table_config.h"
#include "model/table_descriptor.h"

namespace fluss {

// What the coordinator knows when it validates a CREATE_TABLE.
struct TableValidationContext {
  // `max.bucket.num`: the most buckets a table (or one partition) may have.
  int32_t max_bucket_num = 128000;
  // `datalake.format` of the cluster, if one is configured.
  std::optional<DataLakeFormat> cluster_datalake_format = std::nullopt;
};

// Checks a descriptor as Fluss's coordinator does before creating a table
// (fluss-server TableDescriptorValidation.validateTableDescriptor), after
// apply_system_defaults. Errors carry Fluss's codes and messages naming the key or column:
//   INVALID_CONFIG_EXCEPTION: unknown `table.*` key or non-`table.*` key in properties,
//     malformed option value, missing/non-positive replication factor, log format not
//     ARROW/COMPACTED for a COMPACTED-KV PK table, zstd level outside 1..22, merge
//     engine on a log table, versioned merge engine without a ver column of type
//     INT/BIGINT/TIMESTAMP/TIMESTAMP_LTZ, aggregation with WAL changelog or bad
//     aggregate functions, agg functions without the aggregation engine, delete
//     behavior on a log table or ALLOW with FIRST_ROW/VERSIONED, tiered local
//     segments <= 0, local TTL > TTL, historical-partition lookups without auto
//     partitioning, the lake in Paimon, a primary key and exactly one partition key,
//     auto partition on a non-partitioned table,
//     table lake format differing from the cluster's when the lake is enabled;
//   INVALID_TABLE_EXCEPTION: no distribution or bucket count, ARRAY/MAP/ROW bucket or
//     primary key columns, unsupported partition key types (fluss-wire.md §8.6),
//     multi-key auto partitioning without a valid key or with pre-creation, reserved
//     system column names;
//   BUCKET_MAX_NUM_EXCEPTION: more buckets than max_bucket_num.
// Auto-partition time-format patterns are not checked (TODO(#2)).
Status validate_table_descriptor(const TableDescriptor& descriptor,
                                 const TableValidationContext& context = {});

// The cluster settings the coordinator fills a new table's gaps from.
struct SystemDefaults {
  int32_t default_bucket_number = 1;       // `default.bucket.number`
  int32_t default_replication_factor = 1;  // `default.replication.factor`
  std::optional<DataLakeFormat> cluster_datalake_format = std::nullopt;  // `datalake.format`
  bool cluster_datalake_table_enabled = false;
};

// The descriptor as the coordinator stores it (fluss-wire.md §10.5,
// CoordinatorService.applySystemDefaults): bucket count, replication factor,
// num-precreate 0 for multi-key auto partitioning, the cluster's lake format,
// delete behavior IGNORE for FIRST_ROW/VERSIONED/AGGREGATION PK tables, and for PK
// tables `table.kv.format-version` = 2 and standby replicas on.
// INVALID_TABLE_EXCEPTION if the table enables the lake and the cluster does not;
// INVALID_CONFIG_EXCEPTION for a kv format version above 2 or a malformed value.
Result<TableDescriptor> apply_system_defaults(const TableDescriptor& descriptor,
                                              const SystemDefaults& defaults);

}  // namespace fluss
