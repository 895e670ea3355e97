// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "storage/kv/field_aggregators.h"
#include "storage/kv/row_merger.h"
#include "storage/kv/schema_row_codec.h"

namespace fluss::storage {

// Fluss's AggregateRowMerger (table.merge-engine = aggregation): every column
// folds the incoming value into the stored one with its aggregate function
// (the schema's per-column agg_function; primary-key columns last_value, the
// others last_value_ignore_nulls by default). The merged row is written in the
// target schema (the latest one given to configure_target_columns), columns
// matched by id across schema versions. A delete removes the row (ALLOW) or is
// ignored (IGNORE, the default) or refused (DISABLE). Target columns give a
// partial-aggregation merger: only they aggregate, the others keep their
// stored values, and a delete nulls them. Not thread-safe.
class AggregateRowMerger final : public RowMerger {
 public:
  AggregateRowMerger(KvFormat kv_format, SchemaGetter schema_getter,
                     DeleteBehavior delete_behavior);
  ~AggregateRowMerger() override;

  // A bad function for a column's type is INVALID_CONFIG_EXCEPTION naming the
  // column, reported by the first merge that meets the schema.
  Result<MergeOutcome> merge(std::optional<BinaryValue> old_value, BinaryValue new_value) override;
  Result<std::optional<OwnedValue>> remove(BinaryValue old_value) override;
  DeleteBehavior delete_behavior() const override { return delete_behavior_; }
  Result<RowMerger*> configure_target_columns(
      std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
      const Schema& latest_schema) override;

  // The aggregate step shared with the partial merger. `target_ids` (indexed
  // by column id; null: every column) are the columns that aggregate.
  Result<MergeOutcome> aggregate(std::optional<BinaryValue> old_value, BinaryValue new_value,
                                 SchemaId target_schema_id, const std::vector<bool>* target_ids);
  // A partial delete of the `target_ids` columns (AggregateRowMerger's
  // PartialAggregateRowMerger.delete).
  Result<std::optional<OwnedValue>> partial_remove(BinaryValue old_value, SchemaId target_schema_id,
                                                   const std::vector<bool>& target_ids);

 private:
  struct Context {
    const SchemaRowCodec* codec;
    std::vector<std::unique_ptr<FieldAggregator>> aggregators;
    std::vector<AggFunctionType> functions;
  };
  // Old, new and target rows of one sliceable schema: the value-picking
  // functions copy field bytes, the others decode just their two fields.
  Result<MergeOutcome> aggregate_sliced(const Context& context, BinaryValue old_value,
                                        BinaryValue new_value, const std::vector<bool>* target_ids);
  Result<Context*> context(const SchemaRowCodec& codec);
  Result<Context*> context(SchemaId schema_id);

  SchemaRowCodecCache codecs_;
  DeleteBehavior delete_behavior_;
  std::map<int32_t, Context> contexts_;
  std::optional<SchemaId> target_schema_id_;
  std::map<std::pair<int32_t, std::vector<int32_t>>, std::unique_ptr<RowMerger>> partial_mergers_;
  // Scratch space of aggregate_sliced.
  std::vector<SchemaRowCodec::FieldSlice> old_slices_;
  std::vector<SchemaRowCodec::FieldSlice> new_slices_;
  std::vector<SchemaRowCodec::FieldSlice> computed_slices_;
  Bytes computed_;
  CompactedRowWriter field_writer_{0};
  std::vector<SliceSource> sources_;
};

}  // namespace fluss::storage
