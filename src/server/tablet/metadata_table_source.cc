// SPDX-License-Identifier: Apache-2.0
#include "server/tablet/metadata_table_source.h"

#include <string>
#include <vector>

#include "server/base/store_metadata_reader.h"

namespace fluss::server {

Result<TablePath> MetadataTableSource::path_of(TableId table_id) const {
  {
    std::lock_guard lock(mu_);
    auto it = paths_.find(table_id.value());
    if (it != paths_.end()) return it->second;
  }
  // Scan without the lock: the store has its own.
  std::map<int64_t, TablePath> found;
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> databases, metadata_.list_databases());
  for (const std::string& database : databases) {
    Result<std::vector<std::string>> tables = metadata_.list_tables(database);
    if (!tables.ok()) continue;  // dropped meanwhile
    for (const std::string& table : *tables) {
      TablePath path{database, table};
      Result<TableRegistration> registration = metadata_.get_table(path);
      if (registration.ok()) found.emplace(registration->table_id.value(), std::move(path));
    }
  }
  std::lock_guard lock(mu_);
  for (auto& [id, path] : found) paths_.insert_or_assign(id, path);
  auto it = paths_.find(table_id.value());
  if (it == paths_.end()) {
    return make_error(ErrorCode::kTableNotExist, "Table with id {} does not exist.", table_id);
  }
  return it->second;
}

Result<TableInfo> MetadataTableSource::get_table_info(TableId table_id) const {
  FLUSS_ASSIGN_OR_RETURN(TablePath path, path_of(table_id));
  Result<TableRegistration> registration = metadata_.get_table(path);
  if (!registration.ok() || registration->table_id != table_id) {
    // Dropped (and maybe re-created under a new id): forget the stale path.
    std::lock_guard lock(mu_);
    paths_.erase(table_id.value());
    return make_error(ErrorCode::kTableNotExist, "Table with id {} does not exist.", table_id);
  }
  FLUSS_ASSIGN_OR_RETURN(SchemaInfo schema, metadata_.get_latest_schema(path));
  return make_table_info(path, std::move(registration).value(), std::move(schema));
}

Result<std::shared_ptr<const Schema>> MetadataTableSource::get_schema(TableId table_id,
                                                                      SchemaId schema_id) const {
  const std::pair<int64_t, int32_t> key{table_id.value(), schema_id.value()};
  {
    std::lock_guard lock(mu_);
    auto it = schemas_.find(key);
    if (it != schemas_.end()) return it->second;
  }
  FLUSS_ASSIGN_OR_RETURN(TablePath path, path_of(table_id));
  Result<SchemaInfo> schema = metadata_.get_schema(path, schema_id);
  if (!schema.ok()) {
    if (schema.status().is(ErrorCode::kSchemaNotExist)) {
      return make_error(ErrorCode::kSchemaNotExist, "Schema {} of table {} (id {}) does not exist.",
                        schema_id, path, table_id);
    }
    return schema.status();
  }
  auto shared = std::make_shared<const Schema>(std::move(schema->schema));
  std::lock_guard lock(mu_);
  schemas_.emplace(key, shared);
  return shared;
}

}  // namespace fluss::server
