// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/row_merger.h"

#include <utility>

namespace fluss::storage {
namespace {

// Last write wins (no table.merge-engine). Partial updates come with the
// PartialUpdater; until then a target-column request is refused.
class DefaultRowMerger final : public RowMerger {
 public:
  explicit DefaultRowMerger(DeleteBehavior delete_behavior) : delete_behavior_(delete_behavior) {}

  Result<MergeOutcome> merge(std::optional<BinaryValue>, BinaryValue) override {
    return MergeOutcome{.kind = MergeOutcome::Kind::kTakeNew, .merged = {}};
  }
  Result<std::optional<OwnedValue>> remove(BinaryValue) override { return std::nullopt; }
  DeleteBehavior delete_behavior() const override { return delete_behavior_; }
  Result<RowMerger*> configure_target_columns(
      std::optional<std::span<const int32_t>> target_columns, SchemaId, const Schema&) override {
    if (!target_columns) return this;
    return make_error(ErrorCode::kInvalidTargetColumn,
                      "partial updates by target columns are not supported yet");
  }

 private:
  DeleteBehavior delete_behavior_;
};

}  // namespace

Result<std::unique_ptr<RowMerger>> create_row_merger(const TableConfig& table_config,
                                                     KvFormat /*kv_format*/,
                                                     SchemaGetter /*schema_getter*/) {
  FLUSS_ASSIGN_OR_RETURN(auto engine, table_config.merge_engine());
  if (engine) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "table.merge-engine '{}' is not supported yet", static_cast<int>(*engine));
  }
  FLUSS_ASSIGN_OR_RETURN(auto delete_behavior, table_config.delete_behavior());
  return std::unique_ptr<RowMerger>(std::make_unique<DefaultRowMerger>(delete_behavior));
}

}  // namespace fluss::storage
