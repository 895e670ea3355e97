// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/partial_updater.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <utility>

namespace fluss::storage {
namespace {

std::vector<std::string> names_at(const Schema& schema, std::span<const int32_t> positions) {
  std::vector<std::string> names;
  for (int32_t pos : positions) names.push_back(schema.columns()[pos].name);
  return names;
}

std::vector<std::string> names_at(const Schema& schema, const std::vector<int>& positions) {
  std::vector<std::string> names;
  for (int pos : positions) names.push_back(schema.columns()[pos].name);
  return names;
}

}  // namespace

Result<std::unique_ptr<PartialUpdater>> PartialUpdater::create(
    SchemaRowCodecCache& cache, const SchemaRowCodec& target,
    std::span<const int32_t> target_columns) {
  const Schema& schema = target.schema();
  const int field_count = target.field_count();
  std::vector<bool> is_target(field_count, false);
  for (int32_t pos : target_columns) {
    if (pos < 0 || pos >= field_count) {
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "target column {} is out of range for schema {} with {} columns", pos,
                        target.schema_id(), field_count);
    }
    is_target[pos] = true;
  }
  const std::vector<int> pk = schema.primary_key_indexes();
  for (int pos : pk) {
    if (!is_target[pos]) {
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "The target write columns [{}] must contain the primary key columns [{}].",
                        fmt::join(names_at(schema, target_columns), ", "),
                        fmt::join(names_at(schema, pk), ", "));
    }
  }
  for (int i = 0; i < field_count; ++i) {
    if (!target.is_primary_key(i) && !target.row_type()[i].nullable()) {
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "Partial Update requires all columns except primary key to be nullable, "
                        "but column {} is NOT NULL.",
                        schema.columns()[i].name);
    }
  }
  return std::unique_ptr<PartialUpdater>(new PartialUpdater(cache, target, std::move(is_target)));
}

PartialUpdater::PartialUpdater(SchemaRowCodecCache& cache, const SchemaRowCodec& target,
                               std::vector<bool> is_target)
    : cache_(cache), target_(target), is_target_(std::move(is_target)), primary_key_only_(true) {
  for (int i = 0; i < target_.field_count(); ++i) {
    if (is_target_[i] != target_.is_primary_key(i)) primary_key_only_ = false;
  }
}

Result<MergeOutcome> PartialUpdater::update_row(std::optional<BinaryValue> old_value,
                                                BinaryValue partial_value) {
  if (primary_key_only_ && old_value) return MergeOutcome::unchanged();
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* partial_codec, cache_.get(partial_value.schema_id));
  const SchemaRowCodec* old_codec = nullptr;
  if (old_value) {
    FLUSS_ASSIGN_OR_RETURN(old_codec, cache_.get(old_value->schema_id));
  }
  if (target_.sliceable() && partial_codec->sliceable() &&
      (old_codec == nullptr || old_codec->sliceable())) {
    return update_sliced(old_codec, old_value, *partial_codec, partial_value);
  }
  FLUSS_ASSIGN_OR_RETURN(GenericRow partial, partial_codec->decode(partial_value.row));
  GenericRow old;
  if (old_value) {
    FLUSS_ASSIGN_OR_RETURN(old, old_codec->decode(old_value->row));
  }
  const size_t n = target_.field_count();
  GenericRow merged(n);
  for (size_t i = 0; i < n; ++i) {
    GenericRow& source = is_target_[i] ? partial : old;
    if (i < source.arity()) merged.set(i, std::move(source[i]));
  }
  FLUSS_ASSIGN_OR_RETURN(OwnedValue value, target_.encode(merged));
  return MergeOutcome::of(std::move(value));
}

Result<MergeOutcome> PartialUpdater::update_sliced(const SchemaRowCodec* old_codec,
                                                   std::optional<BinaryValue> old_value,
                                                   const SchemaRowCodec& partial_codec,
                                                   BinaryValue partial_value) {
  FLUSS_RETURN_IF_ERROR(partial_codec.slice(partial_value.row, partial_slices_));
  old_slices_.clear();
  if (old_value) FLUSS_RETURN_IF_ERROR(old_codec->slice(old_value->row, old_slices_));
  const size_t n = target_.field_count();
  sources_.assign(n, SliceSource{});
  for (size_t i = 0; i < n; ++i) {
    if (is_target_[i]) {
      if (i < partial_slices_.size()) sources_[i] = {partial_value.row, &partial_slices_[i]};
    } else if (i < old_slices_.size()) {
      sources_[i] = {old_value->row, &old_slices_[i]};
    }
  }
  OwnedValue value{.schema_id = target_.schema_id(), .row = {}};
  value.row.reserve(partial_value.row.size() + (old_value ? old_value->row.size() : 0));
  write_compacted_row(sources_, value.row);
  return MergeOutcome::of(std::move(value));
}

Result<std::optional<OwnedValue>> PartialUpdater::delete_row(BinaryValue old_value) {
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* old_codec, cache_.get(old_value.schema_id));
  FLUSS_ASSIGN_OR_RETURN(GenericRow old, old_codec->decode(old_value.row));
  bool others_null = true;
  for (size_t i = 0; i < old.arity(); ++i) {
    const bool target = i < is_target_.size() && is_target_[i];
    if (!target && !old.is_null_at(i)) others_null = false;
  }
  if (others_null) return std::optional<OwnedValue>();
  const size_t n = target_.field_count();
  GenericRow deleted(n);
  for (size_t i = 0; i < n; ++i) {
    if (is_target_[i] && !target_.is_primary_key(i)) continue;
    if (i < old.arity()) deleted.set(i, std::move(old[i]));
  }
  FLUSS_ASSIGN_OR_RETURN(OwnedValue value, target_.encode(deleted));
  return std::optional<OwnedValue>(std::move(value));
}

}  // namespace fluss::storage
