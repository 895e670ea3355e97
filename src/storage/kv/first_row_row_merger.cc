// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/first_row_row_merger.h"

namespace fluss::storage {

Result<std::unique_ptr<FirstRowRowMerger>> FirstRowRowMerger::create(
    std::optional<DeleteBehavior> delete_behavior) {
  if (delete_behavior == DeleteBehavior::kAllow) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "DELETE is not supported for the first_row merge engine.");
  }
  return std::unique_ptr<FirstRowRowMerger>(
      new FirstRowRowMerger(delete_behavior.value_or(DeleteBehavior::kIgnore)));
}

Result<MergeOutcome> FirstRowRowMerger::merge(std::optional<BinaryValue> old_value, BinaryValue) {
  if (!old_value) return MergeOutcome::take_new();
  return MergeOutcome::unchanged();
}

Result<std::optional<OwnedValue>> FirstRowRowMerger::remove(BinaryValue) {
  return make_error(ErrorCode::kDeletionDisabledException,
                    "DELETE is not supported for the first_row merge engine.");
}

Result<RowMerger*> FirstRowRowMerger::configure_target_columns(
    std::optional<std::span<const int32_t>> target_columns, SchemaId, const Schema&) {
  if (!target_columns) return this;
  return make_error(ErrorCode::kInvalidTargetColumn,
                    "Partial update is not supported for the first_row merge engine.");
}

}  // namespace fluss::storage
