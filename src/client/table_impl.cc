// SPDX-License-Identifier: Apache-2.0
#include "table_impl.h"

#include <fmt/format.h>

#include "record/key/partition_name.h"
#include "type_conversion.h"

namespace fluss::client::detail {

using ::fluss::ErrorCode;
using ::fluss::make_error;

::fluss::Result<std::vector<int>> TableImpl::indexes_of(
    const std::vector<std::string>& names) const {
  std::vector<int> out;
  for (const std::string& name : names) {
    auto it = columns->index.find(name);
    if (it == columns->index.end()) {
      return make_error(ErrorCode::kInvalidTableException, "table '{}' has no column '{}'",
                        info.table_path.ToString(), name);
    }
    out.push_back(static_cast<int>(it->second));
  }
  return out;
}

::fluss::Result<std::shared_ptr<TableImpl>> TableImpl::create(
    std::shared_ptr<ConnectionImpl> conn, std::shared_ptr<const TableMetadata> meta) {
  auto table = std::make_shared<TableImpl>();
  const ::fluss::TableInfo& info = meta->info;
  table->conn = std::move(conn);
  table->meta = meta;
  table->info = to_public(info);
  table->path = info.table_path();
  table->row_type = info.row_type();
  table->columns = ColumnMap::make(info.schema().column_names(), table->row_type);
  FLUSS_ASSIGN_OR_RETURN(table->primary_key_indexes, table->indexes_of(info.primary_keys()));
  FLUSS_ASSIGN_OR_RETURN(table->physical_key_indexes,
                         table->indexes_of(info.physical_primary_keys()));
  FLUSS_ASSIGN_OR_RETURN(table->bucket_key_indexes, table->indexes_of(info.bucket_keys()));
  FLUSS_ASSIGN_OR_RETURN(table->partition_key_indexes, table->indexes_of(info.partition_keys()));
  ::fluss::TableConfig config = info.table_config();
  FLUSS_ASSIGN_OR_RETURN(table->lake, config.datalake_format());
  FLUSS_ASSIGN_OR_RETURN(auto version, config.kv_format_version());
  table->kv_format_version = version.value_or(1);
  FLUSS_ASSIGN_OR_RETURN(table->log_format, config.log_format());
  FLUSS_ASSIGN_OR_RETURN(table->kv_format, config.kv_format());
  FLUSS_ASSIGN_OR_RETURN(table->compression.type, config.arrow_compression_type());
  FLUSS_ASSIGN_OR_RETURN(table->compression.zstd_level, config.arrow_compression_zstd_level());
  auto kind = info.is_default_bucket_key() ? ::fluss::BucketKeyKind::kDefault
                                           : ::fluss::BucketKeyKind::kCustom;
  std::vector<std::string> names = info.schema().column_names();
  if (info.has_primary_key()) {
    FLUSS_ASSIGN_OR_RETURN(
        auto encoding, ::fluss::primary_key_encoding(table->lake, table->kv_format_version, kind));
    FLUSS_ASSIGN_OR_RETURN(
        table->key_encoder,
        ::fluss::KeyEncoder::create(encoding, table->row_type, table->physical_key_indexes, names));
  }
  if (!table->bucket_key_indexes.empty()) {
    FLUSS_ASSIGN_OR_RETURN(
        auto encoding, ::fluss::bucket_key_encoding(table->lake, table->kv_format_version, kind));
    FLUSS_ASSIGN_OR_RETURN(
        table->bucket_encoder,
        ::fluss::KeyEncoder::create(encoding, table->row_type, table->bucket_key_indexes, names));
  }
  return table;
}

::fluss::Result<int64_t> TableImpl::partition_of(const ::fluss::GenericRow& row) const {
  if (!partitioned()) return int64_t{-1};
  FLUSS_ASSIGN_OR_RETURN(std::string name,
                         ::fluss::partition_name(row_type, partition_key_indexes, row));
  return conn->partition_id(path, name);
}

::fluss::Result<int32_t> TableImpl::bucket_of(const ::fluss::GenericRow& row) const {
  if (!bucket_encoder) return int32_t{-1};
  FLUSS_ASSIGN_OR_RETURN(auto bytes, bucket_encoder->encode_key(row));
  return ::fluss::BucketingFunction::of(lake).bucketing(bytes.view(), num_buckets());
}

std::unique_ptr<::fluss::MemoryLogRecordsBuilder> TableImpl::take_log_builder(
    const ::fluss::LogRecordBatchOptions& options) {
  {
    std::lock_guard lock(builders_mu_);
    if (!builders_.empty()) {
      std::unique_ptr<::fluss::MemoryLogRecordsBuilder> builder = std::move(builders_.back());
      builders_.pop_back();
      builder->reset(options);
      return builder;
    }
  }
  return log_format == ::fluss::LogFormat::kArrow
             ? std::make_unique<::fluss::MemoryLogRecordsBuilder>(options, row_type, compression)
             : std::make_unique<::fluss::MemoryLogRecordsBuilder>(options);
}

void TableImpl::return_log_builder(std::unique_ptr<::fluss::MemoryLogRecordsBuilder> builder) {
  // Enough for the batches a writer fills at once (one per bucket it writes to).
  constexpr size_t kPooled = 4;
  std::lock_guard lock(builders_mu_);
  if (builders_.size() < kPooled) builders_.push_back(std::move(builder));
}

}  // namespace fluss::client::detail
