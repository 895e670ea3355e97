// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "storage/kv/partial_updater.h"
#include "storage/kv/row_merger.h"
#include "storage/kv/schema_row_codec.h"

namespace fluss::storage {

// Fluss's DefaultRowMerger, the merger of tables without table.merge-engine:
// the last write wins, a delete removes the row (table.delete.behavior,
// default ALLOW). configure_target_columns() hands out a partial-update merger
// (PartialUpdater) per target-column set, kept for the merger's lifetime.
class DefaultRowMerger final : public RowMerger {
 public:
  DefaultRowMerger(KvFormat kv_format, SchemaGetter schema_getter, DeleteBehavior delete_behavior);
  ~DefaultRowMerger() override;

  Result<MergeOutcome> merge(std::optional<BinaryValue> old_value, BinaryValue new_value) override;
  Result<std::optional<OwnedValue>> remove(BinaryValue old_value) override;
  DeleteBehavior delete_behavior() const override { return delete_behavior_; }
  bool is_default() const override { return true; }
  // Target columns naming every column are a full-row update (this merger).
  Result<RowMerger*> configure_target_columns(
      std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
      const Schema& latest_schema) override;

 private:
  SchemaRowCodecCache codecs_;
  DeleteBehavior delete_behavior_;
  std::map<std::pair<int32_t, std::vector<int32_t>>, std::unique_ptr<RowMerger>> partial_mergers_;
};

}  // namespace fluss::storage
