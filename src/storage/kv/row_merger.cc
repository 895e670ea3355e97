// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/row_merger.h"

#include <string>
#include <utility>

#include "common/config_options.h"
#include "storage/kv/aggregate_row_merger.h"
#include "storage/kv/default_row_merger.h"
#include "storage/kv/first_row_row_merger.h"
#include "storage/kv/versioned_row_merger.h"

namespace fluss::storage {

Result<std::unique_ptr<RowMerger>> create_row_merger(const TableConfig& table_config,
                                                     KvFormat kv_format,
                                                     SchemaGetter schema_getter) {
  FLUSS_ASSIGN_OR_RETURN(auto engine, table_config.merge_engine());
  // Unset table.delete.behavior: each engine has its own default.
  std::optional<DeleteBehavior> delete_behavior;
  FLUSS_ASSIGN_OR_RETURN(auto delete_text,
                         table_config.get_optional(ConfigOptions::kTableDeleteBehavior));
  if (delete_text) {
    FLUSS_ASSIGN_OR_RETURN(delete_behavior, table_config.delete_behavior());
  }
  if (!engine) {
    return std::unique_ptr<RowMerger>(std::make_unique<DefaultRowMerger>(
        kv_format, std::move(schema_getter), delete_behavior.value_or(DeleteBehavior::kAllow)));
  }
  switch (*engine) {
    case MergeEngineType::kFirstRow: {
      FLUSS_ASSIGN_OR_RETURN(auto merger, FirstRowRowMerger::create(delete_behavior));
      return std::unique_ptr<RowMerger>(std::move(merger));
    }
    case MergeEngineType::kVersioned: {
      std::optional<std::string_view> column = table_config.merge_engine_version_column();
      if (!column) {
        return make_error(ErrorCode::kInvalidConfigException,
                          "'{}' must be set for versioned merge engine.",
                          ConfigOptions::kTableMergeEngineVersionColumn.key);
      }
      FLUSS_ASSIGN_OR_RETURN(
          auto merger, VersionedRowMerger::create(std::string(*column), delete_behavior, kv_format,
                                                  std::move(schema_getter)));
      return std::unique_ptr<RowMerger>(std::move(merger));
    }
    case MergeEngineType::kAggregation:
      return std::unique_ptr<RowMerger>(std::make_unique<AggregateRowMerger>(
          kv_format, std::move(schema_getter), delete_behavior.value_or(DeleteBehavior::kIgnore)));
  }
  return make_error(ErrorCode::kInvalidConfigException, "Unsupported merge engine type: {}",
                    to_string(*engine));
}

}  // namespace fluss::storage
