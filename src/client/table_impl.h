// SPDX-License-Identifier: Apache-2.0
// The shared state of a public Table: its metadata plus what writers, lookupers and scanners
// derive from it once (row type, key encoders, bucketing, formats).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "connection_impl.h"
#include "fluss/types.h"
#include "model/table_config.h"
#include "record/arrow/arrow_batch.h"
#include "record/generic_row.h"
#include "record/key/bucketing.h"
#include "record/key/key_encoder.h"
#include "record/memory_log_records_builder.h"
#include "row_internal.h"

namespace fluss::client::detail {

class LookupBatcher;  // table.cc

struct TableImpl {
  std::shared_ptr<ConnectionImpl> conn;
  std::shared_ptr<const TableMetadata> meta;
  TableInfo info;  // public form
  ::fluss::TablePath path;
  ::fluss::RowType row_type;
  std::shared_ptr<const ColumnMap> columns;
  std::vector<int> primary_key_indexes;   // all primary-key columns
  std::vector<int> physical_key_indexes;  // primary key minus partition keys
  std::vector<int> bucket_key_indexes;
  std::vector<int> partition_key_indexes;
  std::unique_ptr<::fluss::KeyEncoder> key_encoder;     // physical primary key (PK tables)
  std::unique_ptr<::fluss::KeyEncoder> bucket_encoder;  // bucket key; null without one
  ::fluss::LakeFormat lake;
  int kv_format_version = 1;
  ::fluss::LogFormat log_format = ::fluss::LogFormat::kArrow;
  ::fluss::KvFormat kv_format = ::fluss::KvFormat::kCompacted;
  ::fluss::ArrowCompression compression;
  std::atomic<uint32_t> round_robin{0};
  // Shared by every Lookuper of this table; created by the first lookup.
  std::once_flag lookup_batcher_once;
  std::shared_ptr<LookupBatcher> lookup_batcher;

  // A log batch builder for this table's format, reused when one is pooled: its Arrow
  // columns then start with the capacity of a full batch instead of growing (and copying)
  // from empty in every batch. Thread-safe.
  std::unique_ptr<::fluss::MemoryLogRecordsBuilder> take_log_builder(
      const ::fluss::LogRecordBatchOptions& options);
  // Gives back the builder of a finished batch (a few are kept; the rest are freed).
  void return_log_builder(std::unique_ptr<::fluss::MemoryLogRecordsBuilder> builder);

  static ::fluss::Result<std::shared_ptr<TableImpl>> create(std::shared_ptr<ConnectionImpl> conn,
                                                            std::shared_ptr<const TableMetadata>);

  int64_t table_id() const { return meta->info.table_id().value(); }
  int32_t num_buckets() const { return meta->info.num_buckets(); }
  int32_t schema_id() const { return meta->info.schema_id().value(); }
  bool partitioned() const { return !partition_key_indexes.empty(); }

  // The partition id of a row of a partitioned table (-1 otherwise); PARTITION_NOT_EXISTS.
  ::fluss::Result<int64_t> partition_of(const ::fluss::GenericRow& row) const;
  // The bucket of a row by its bucket key; -1 when the table has no bucket key.
  ::fluss::Result<int32_t> bucket_of(const ::fluss::GenericRow& row) const;
  // Positions of `names` in the schema; CLIENT_ERROR-worthy message for an unknown one.
  ::fluss::Result<std::vector<int>> indexes_of(const std::vector<std::string>& names) const;

 private:
  std::mutex builders_mu_;
  std::vector<std::unique_ptr<::fluss::MemoryLogRecordsBuilder>> builders_;  // builders_mu_
};

}  // namespace fluss::client::detail
