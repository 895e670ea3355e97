// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/default_row_merger.h"

#include <utility>

namespace fluss::storage {
namespace {

// The merger of one target-column set: every write goes through its PartialUpdater.
class PartialUpdateRowMerger final : public RowMerger {
 public:
  PartialUpdateRowMerger(std::unique_ptr<PartialUpdater> updater, DeleteBehavior delete_behavior)
      : updater_(std::move(updater)), delete_behavior_(delete_behavior) {}

  Result<MergeOutcome> merge(std::optional<BinaryValue> old_value, BinaryValue new_value) override {
    return updater_->update_row(old_value, new_value);
  }
  Result<std::optional<OwnedValue>> remove(BinaryValue old_value) override {
    return updater_->delete_row(old_value);
  }
  DeleteBehavior delete_behavior() const override { return delete_behavior_; }
  Result<RowMerger*> configure_target_columns(std::optional<std::span<const int32_t>>, SchemaId,
                                              const Schema&) override {
    return make_error(ErrorCode::kInvalidTargetColumn,
                      "a partial-update merger cannot be reconfigured with other target columns");
  }

 private:
  std::unique_ptr<PartialUpdater> updater_;
  DeleteBehavior delete_behavior_;
};

// TargetColumns.specifiesAllSchemaFieldIndexes: every position of the schema, none outside.
bool covers_all_columns(std::span<const int32_t> target_columns, int field_count) {
  if (static_cast<int>(target_columns.size()) < field_count) return false;
  std::vector<bool> covered(field_count, false);
  for (int32_t pos : target_columns) {
    if (pos < 0 || pos >= field_count) return false;
    covered[pos] = true;
  }
  for (bool c : covered) {
    if (!c) return false;
  }
  return true;
}

}  // namespace

DefaultRowMerger::DefaultRowMerger(KvFormat kv_format, SchemaGetter schema_getter,
                                   DeleteBehavior delete_behavior)
    : codecs_(kv_format, std::move(schema_getter)), delete_behavior_(delete_behavior) {}

DefaultRowMerger::~DefaultRowMerger() = default;

Result<MergeOutcome> DefaultRowMerger::merge(std::optional<BinaryValue>, BinaryValue) {
  return MergeOutcome::take_new();
}

Result<std::optional<OwnedValue>> DefaultRowMerger::remove(BinaryValue) {
  return std::optional<OwnedValue>();
}

Result<RowMerger*> DefaultRowMerger::configure_target_columns(
    std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
    const Schema& latest_schema) {
  if (!target_columns ||
      covers_all_columns(*target_columns, static_cast<int>(latest_schema.columns().size()))) {
    return this;
  }
  auto key = std::make_pair(latest_schema_id.value(),
                            std::vector<int32_t>(target_columns->begin(), target_columns->end()));
  auto it = partial_mergers_.find(key);
  if (it != partial_mergers_.end()) return it->second.get();
  const SchemaRowCodec* target = codecs_.get_or_add(latest_schema_id, latest_schema);
  FLUSS_ASSIGN_OR_RETURN(auto updater, PartialUpdater::create(codecs_, *target, *target_columns));
  auto merger = std::make_unique<PartialUpdateRowMerger>(std::move(updater), delete_behavior_);
  RowMerger* raw = merger.get();
  partial_mergers_.emplace(std::move(key), std::move(merger));
  return raw;
}

}  // namespace fluss::storage
