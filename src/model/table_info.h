// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/ids.h"
#include "model/properties.h"
#include "model/schema.h"
#include "model/table_config.h"
#include "model/table_descriptor.h"
#include "model/table_path.h"

namespace fluss {

// Everything a created table is (org.apache.fluss.metadata.TableInfo): its path,
// id, current schema and schema id, the keys derived from the descriptor, the
// bucket count the coordinator settled on, properties, and times. What clients get
// from GetTableInfo and servers keep in their metadata cache. An immutable value.
class TableInfo {
 public:
  struct Params {
    TablePath table_path;
    TableId table_id = kUnknownTableId;
    SchemaId schema_id = kUnknownSchemaId;
    Schema schema;
    std::vector<std::string> bucket_keys;
    std::vector<std::string> partition_keys;
    int32_t num_buckets = 0;
    Properties properties;
    Properties custom_properties;
    std::optional<std::string> remote_data_dir;
    std::optional<std::string> comment;
    int64_t created_time_ms = 0;
    int64_t modified_time_ms = 0;
  };

  explicit TableInfo(Params params);

  // From a descriptor that has a bucket count (else INVALID_TABLE_EXCEPTION).
  static Result<TableInfo> of(TablePath table_path, TableId table_id, SchemaId schema_id,
                              const TableDescriptor& descriptor,
                              std::optional<std::string> remote_data_dir, int64_t created_time_ms,
                              int64_t modified_time_ms);

  const TablePath& table_path() const { return p_.table_path; }
  TableId table_id() const { return p_.table_id; }
  SchemaId schema_id() const { return p_.schema_id; }
  const Schema& schema() const { return p_.schema; }
  RowType row_type() const { return p_.schema.row_type(); }
  const std::vector<std::string>& primary_keys() const { return primary_keys_; }
  const std::vector<std::string>& physical_primary_keys() const { return physical_primary_keys_; }
  const std::vector<std::string>& bucket_keys() const { return p_.bucket_keys; }
  const std::vector<std::string>& partition_keys() const { return p_.partition_keys; }
  int32_t num_buckets() const { return p_.num_buckets; }
  const Properties& properties() const { return p_.properties; }
  const Properties& custom_properties() const { return p_.custom_properties; }
  // Typed reads of properties().
  TableConfig table_config() const { return TableConfig(p_.properties); }
  const std::optional<std::string>& remote_data_dir() const { return p_.remote_data_dir; }
  const std::optional<std::string>& comment() const { return p_.comment; }
  int64_t created_time_ms() const { return p_.created_time_ms; }
  int64_t modified_time_ms() const { return p_.modified_time_ms; }

  bool has_primary_key() const { return !primary_keys_.empty(); }
  bool has_bucket_key() const { return !p_.bucket_keys.empty(); }
  bool is_partitioned() const { return !p_.partition_keys.empty(); }
  bool is_default_bucket_key() const;

  // The descriptor this table would be created from (with its bucket count).
  Result<TableDescriptor> to_table_descriptor() const;

  std::string to_string() const;

  // Ignores the created and modified times, as Java does.
  friend bool operator==(const TableInfo& a, const TableInfo& b);

 private:
  Params p_;
  std::vector<std::string> primary_keys_;
  std::vector<std::string> physical_primary_keys_;
};

std::ostream& operator<<(std::ostream& os, const TableInfo& info);

}  // namespace fluss

FLUSS_MODEL_TO_STRING_FORMATTER(fluss::TableInfo)
