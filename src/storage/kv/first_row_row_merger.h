// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "storage/kv/row_merger.h"

namespace fluss::storage {

// Fluss's FirstRowRowMerger (table.merge-engine = first_row): the first row of a
// key is kept, later upserts are no-ops (kUnchanged). Deletes are IGNORE by
// default or DISABLE; ALLOW and partial updates are refused.
class FirstRowRowMerger final : public RowMerger {
 public:
  // INVALID_CONFIG_EXCEPTION for table.delete.behavior = ALLOW, with Fluss's message.
  static Result<std::unique_ptr<FirstRowRowMerger>> create(
      std::optional<DeleteBehavior> delete_behavior);

  Result<MergeOutcome> merge(std::optional<BinaryValue> old_value, BinaryValue new_value) override;
  // Never called (deletes are never ALLOW); DELETION_DISABLED_EXCEPTION.
  Result<std::optional<OwnedValue>> remove(BinaryValue old_value) override;
  DeleteBehavior delete_behavior() const override { return delete_behavior_; }
  // Target columns: INVALID_TARGET_COLUMN naming the engine.
  Result<RowMerger*> configure_target_columns(
      std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
      const Schema& latest_schema) override;

 private:
  explicit FirstRowRowMerger(DeleteBehavior delete_behavior) : delete_behavior_(delete_behavior) {}

  DeleteBehavior delete_behavior_;
};

}  // namespace fluss::storage
