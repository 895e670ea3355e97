// SPDX-License-Identifier: Apache-2.0
#include "model/table_info.h"

#include <fmt/ranges.h>

namespace fluss {

TableInfo::TableInfo(Params params)
    : p_(std::move(params)),
      primary_keys_(p_.schema.primary_key_column_names()),
      physical_primary_keys_(physical_primary_key(primary_keys_, p_.partition_keys)) {}

Result<TableInfo> TableInfo::of(TablePath table_path, TableId table_id, SchemaId schema_id,
                                const TableDescriptor& descriptor,
                                std::optional<std::string> remote_data_dir, int64_t created_time_ms,
                                int64_t modified_time_ms) {
  if (!descriptor.bucket_count()) {
    return make_error(ErrorCode::kInvalidTableException,
                      "Bucket count is required for creating table info of {}.", table_path);
  }
  return TableInfo(Params{.table_path = std::move(table_path),
                          .table_id = table_id,
                          .schema_id = schema_id,
                          .schema = descriptor.schema(),
                          .bucket_keys = descriptor.bucket_keys(),
                          .partition_keys = descriptor.partition_keys(),
                          .num_buckets = *descriptor.bucket_count(),
                          .properties = descriptor.properties(),
                          .custom_properties = descriptor.custom_properties(),
                          .remote_data_dir = std::move(remote_data_dir),
                          .comment = descriptor.comment(),
                          .created_time_ms = created_time_ms,
                          .modified_time_ms = modified_time_ms});
}

bool TableInfo::is_default_bucket_key() const {
  if (has_primary_key()) return p_.bucket_keys == physical_primary_keys_;
  return p_.bucket_keys.empty();
}

Result<TableDescriptor> TableInfo::to_table_descriptor() const {
  return TableDescriptor::builder()
      .schema(p_.schema)
      .partitioned_by(p_.partition_keys)
      .distributed_by(p_.num_buckets, p_.bucket_keys)
      .properties(p_.properties)
      .custom_properties(p_.custom_properties)
      .comment(p_.comment)
      .build();
}

std::string TableInfo::to_string() const {
  return fmt::format(
      "TableInfo{{tablePath={}, tableId={}, schemaId={}, schema={}, physicalPrimaryKeys=[{}], "
      "bucketKeys=[{}], partitionKeys=[{}], numBuckets={}, properties={}, customProperties={}, "
      "remoteDataDir={}, comment='{}', createdTime={}, modifiedTime={}}}",
      p_.table_path, p_.table_id, p_.schema_id, p_.schema, fmt::join(physical_primary_keys_, ", "),
      fmt::join(p_.bucket_keys, ", "), fmt::join(p_.partition_keys, ", "), p_.num_buckets,
      p_.properties, p_.custom_properties, p_.remote_data_dir.value_or("null"),
      p_.comment.value_or("null"), p_.created_time_ms, p_.modified_time_ms);
}

bool operator==(const TableInfo& a, const TableInfo& b) {
  return a.p_.table_id == b.p_.table_id && a.p_.schema_id == b.p_.schema_id &&
         a.p_.num_buckets == b.p_.num_buckets && a.p_.table_path == b.p_.table_path &&
         a.p_.schema == b.p_.schema && a.p_.bucket_keys == b.p_.bucket_keys &&
         a.p_.partition_keys == b.p_.partition_keys && a.p_.properties == b.p_.properties &&
         a.p_.custom_properties == b.p_.custom_properties &&
         a.p_.remote_data_dir == b.p_.remote_data_dir && a.p_.comment == b.p_.comment;
}

std::ostream& operator<<(std::ostream& os, const TableInfo& info) { return os << info.to_string(); }

}  // namespace fluss
