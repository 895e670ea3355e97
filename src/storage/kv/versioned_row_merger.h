// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "storage/kv/row_merger.h"
#include "storage/kv/schema_row_codec.h"

namespace fluss::storage {

// Fluss's VersionedRowMerger (table.merge-engine = versioned): an upsert
// replaces the stored row only if its version column
// (table.merge-engine.versioned.ver-column: INT, BIGINT, TIMESTAMP or
// TIMESTAMP_LTZ) is >= the stored one; an older version is kUnchanged. A null
// version is the smallest value of its type. Deletes are IGNORE by default or
// DISABLE; ALLOW and partial updates are refused.
class VersionedRowMerger final : public RowMerger {
 public:
  // INVALID_CONFIG_EXCEPTION for table.delete.behavior = ALLOW, with Fluss's message.
  static Result<std::unique_ptr<VersionedRowMerger>> create(
      std::string version_column, std::optional<DeleteBehavior> delete_behavior, KvFormat kv_format,
      SchemaGetter schema_getter);

  // Before the first configure_target_columns() the version column is looked
  // up in the new value's schema.
  Result<MergeOutcome> merge(std::optional<BinaryValue> old_value, BinaryValue new_value) override;
  // Never called (deletes are never ALLOW); DELETION_DISABLED_EXCEPTION.
  Result<std::optional<OwnedValue>> remove(BinaryValue old_value) override;
  DeleteBehavior delete_behavior() const override { return delete_behavior_; }
  // Target columns: INVALID_TARGET_COLUMN naming the engine. A version column
  // missing from `latest_schema` or of another type: INVALID_CONFIG_EXCEPTION.
  Result<RowMerger*> configure_target_columns(
      std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
      const Schema& latest_schema) override;

 private:
  VersionedRowMerger(std::string version_column, DeleteBehavior delete_behavior, KvFormat kv_format,
                     SchemaGetter schema_getter);
  Status configure(const SchemaRowCodec& codec);
  Result<std::pair<int64_t, int32_t>> version_of(BinaryValue value);

  std::string version_column_;
  DeleteBehavior delete_behavior_;
  SchemaRowCodecCache codecs_;
  std::optional<int32_t> schema_id_;  // of the configured comparator
  int position_ = -1;                 // of the version column
  DataType type_;
};

}  // namespace fluss::storage
