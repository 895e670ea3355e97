// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "common/result.h"
#include "storage/kv/row_merger.h"
#include "storage/kv/schema_row_codec.h"

namespace fluss::storage {

// Fluss's PartialUpdater: an upsert or delete that touches only the target
// columns of a row, the other columns keeping their stored values. Rows are
// written in the target (latest) schema; an old row of an older schema is read
// by position, the columns it lacks being null (columns are only ever added at
// the end). Not thread-safe; owned by the DefaultRowMerger's cache.
class PartialUpdater {
 public:
  // INVALID_TARGET_COLUMN when `target_columns` (positions in the target
  // schema) miss a primary-key column or a column outside them is NOT NULL,
  // naming the columns as Fluss does; also for positions out of range.
  // `cache` and `target` outlive the updater.
  static Result<std::unique_ptr<PartialUpdater>> create(SchemaRowCodecCache& cache,
                                                        const SchemaRowCodec& target,
                                                        std::span<const int32_t> target_columns);

  // The target columns from `partial_value`, the others from `old_value` (null
  // when absent). Only the primary key targeted and a stored row: kUnchanged.
  Result<MergeOutcome> update_row(std::optional<BinaryValue> old_value, BinaryValue partial_value);

  // A delete of the target columns: nullopt (remove the row) when every column
  // outside them is null in `old_value`; otherwise the row with its target
  // non-key columns set to null.
  Result<std::optional<OwnedValue>> delete_row(BinaryValue old_value);

 private:
  PartialUpdater(SchemaRowCodecCache& cache, const SchemaRowCodec& target,
                 std::vector<bool> is_target);

  // CompactedRow rows are merged as field slices, without decoding values.
  Result<MergeOutcome> update_sliced(const SchemaRowCodec* old_codec,
                                     std::optional<BinaryValue> old_value,
                                     const SchemaRowCodec& partial_codec,
                                     BinaryValue partial_value);

  SchemaRowCodecCache& cache_;
  const SchemaRowCodec& target_;
  std::vector<bool> is_target_;  // by position in the target schema
  bool primary_key_only_;
  // Scratch space of update_sliced.
  std::vector<SchemaRowCodec::FieldSlice> old_slices_;
  std::vector<SchemaRowCodec::FieldSlice> partial_slices_;
  std::vector<SliceSource> sources_;
};

}  // namespace fluss::storage
