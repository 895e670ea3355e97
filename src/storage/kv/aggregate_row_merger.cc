// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/aggregate_row_merger.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <utility>

namespace fluss::storage {
namespace {

bool has_id(const std::vector<bool>& ids, int32_t id) {
  return id >= 0 && static_cast<size_t>(id) < ids.size() && ids[id];
}

// The merger of one target-column set (PartialAggregateRowMerger).
class PartialAggregateRowMerger final : public RowMerger {
 public:
  PartialAggregateRowMerger(AggregateRowMerger& parent, SchemaId schema_id,
                            std::vector<bool> target_ids)
      : parent_(parent), schema_id_(schema_id), target_ids_(std::move(target_ids)) {}

  Result<MergeOutcome> merge(std::optional<BinaryValue> old_value, BinaryValue new_value) override {
    return parent_.aggregate(old_value, new_value, schema_id_, &target_ids_);
  }
  Result<std::optional<OwnedValue>> remove(BinaryValue old_value) override {
    return parent_.partial_remove(old_value, schema_id_, target_ids_);
  }
  DeleteBehavior delete_behavior() const override { return parent_.delete_behavior(); }
  Result<RowMerger*> configure_target_columns(std::optional<std::span<const int32_t>>, SchemaId,
                                              const Schema&) override {
    return make_error(
        ErrorCode::kInvalidTargetColumn,
        "a partial-aggregate merger cannot be reconfigured with other target columns");
  }

 private:
  AggregateRowMerger& parent_;
  SchemaId schema_id_;
  std::vector<bool> target_ids_;
};

}  // namespace

AggregateRowMerger::AggregateRowMerger(KvFormat kv_format, SchemaGetter schema_getter,
                                       DeleteBehavior delete_behavior)
    : codecs_(kv_format, std::move(schema_getter)), delete_behavior_(delete_behavior) {}

AggregateRowMerger::~AggregateRowMerger() = default;

Result<AggregateRowMerger::Context*> AggregateRowMerger::context(const SchemaRowCodec& codec) {
  auto it = contexts_.find(codec.schema_id().value());
  if (it != contexts_.end()) return &it->second;
  Context ctx{.codec = &codec, .aggregators = {}, .functions = {}};
  const std::vector<Column>& columns = codec.schema().columns();
  for (int i = 0; i < codec.field_count(); ++i) {
    const Column& column = columns[i];
    const AggFunction function = effective_agg_function(column, codec.is_primary_key(i));
    FLUSS_ASSIGN_OR_RETURN(auto aggregator,
                           create_field_aggregator(function, column.type, column.name));
    ctx.aggregators.push_back(std::move(aggregator));
    ctx.functions.push_back(function.type);
  }
  return &contexts_.emplace(codec.schema_id().value(), std::move(ctx)).first->second;
}

Result<AggregateRowMerger::Context*> AggregateRowMerger::context(SchemaId schema_id) {
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* codec, codecs_.get(schema_id));
  return context(*codec);
}

Result<MergeOutcome> AggregateRowMerger::merge(std::optional<BinaryValue> old_value,
                                               BinaryValue new_value) {
  return aggregate(old_value, new_value, target_schema_id_.value_or(new_value.schema_id), nullptr);
}

Result<MergeOutcome> AggregateRowMerger::aggregate(std::optional<BinaryValue> old_value,
                                                   BinaryValue new_value, SchemaId target_schema_id,
                                                   const std::vector<bool>* target_ids) {
  if (!old_value) return MergeOutcome::take_new();
  FLUSS_ASSIGN_OR_RETURN(Context * target, context(target_schema_id));
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* old_codec, codecs_.get(old_value->schema_id));
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* new_codec, codecs_.get(new_value.schema_id));
  const SchemaRowCodec& codec = *target->codec;
  const bool same_schema = old_codec == &codec && new_codec == &codec;
  if (same_schema && codec.sliceable()) {
    return aggregate_sliced(*target, *old_value, new_value, target_ids);
  }
  FLUSS_ASSIGN_OR_RETURN(GenericRow old_row, old_codec->decode(old_value->row));
  FLUSS_ASSIGN_OR_RETURN(GenericRow new_row, new_codec->decode(new_value.row));
  const std::vector<Column>& columns = codec.schema().columns();
  GenericRow merged(codec.field_count());
  for (int i = 0; i < codec.field_count(); ++i) {
    const int32_t id = columns[i].id;
    const std::optional<int> old_pos = same_schema ? i : old_codec->position_of_id(id);
    if (target_ids != nullptr && !has_id(*target_ids, id)) {
      // Not a target column: keep the stored value (null for a column it lacks).
      if (old_pos) merged.set(i, std::move(old_row[*old_pos]));
      continue;
    }
    const std::optional<int> new_pos = same_schema ? i : new_codec->position_of_id(id);
    Datum accumulator = old_pos ? std::move(old_row[*old_pos]) : Datum();
    Datum input = new_pos ? std::move(new_row[*new_pos]) : Datum();
    FLUSS_ASSIGN_OR_RETURN(Datum value,
                           target->aggregators[i]->agg(std::move(accumulator), std::move(input)));
    merged.set(i, std::move(value));
  }
  FLUSS_ASSIGN_OR_RETURN(OwnedValue value, codec.encode(merged));
  return MergeOutcome::of(std::move(value));
}

Result<MergeOutcome> AggregateRowMerger::aggregate_sliced(const Context& context,
                                                          BinaryValue old_value,
                                                          BinaryValue new_value,
                                                          const std::vector<bool>* target_ids) {
  const SchemaRowCodec& codec = *context.codec;
  FLUSS_RETURN_IF_ERROR(codec.slice(old_value.row, old_slices_));
  FLUSS_RETURN_IF_ERROR(codec.slice(new_value.row, new_slices_));
  const std::vector<Column>& columns = codec.schema().columns();
  const int n = codec.field_count();
  computed_.clear();
  computed_slices_.assign(n, SchemaRowCodec::FieldSlice{});
  sources_.assign(n, SliceSource{});
  using Slice = SchemaRowCodec::FieldSlice;
  for (int i = 0; i < n; ++i) {
    const Slice& o = old_slices_[i];
    const Slice& in = new_slices_[i];
    const SliceSource old_source{old_value.row, &o};
    const SliceSource new_source{new_value.row, &in};
    if (target_ids != nullptr && !has_id(*target_ids, columns[i].id)) {
      sources_[i] = old_source;
      continue;
    }
    switch (context.functions[i]) {
      case AggFunctionType::kLastValue:
        sources_[i] = new_source;
        continue;
      case AggFunctionType::kLastValueIgnoreNulls:
        sources_[i] = in.is_null ? old_source : new_source;
        continue;
      case AggFunctionType::kFirstValue:
      case AggFunctionType::kFirstValueIgnoreNulls:
        sources_[i] = o.is_null ? new_source : old_source;
        continue;
      default:
        break;
    }
    // Every other function returns the non-null side when one side is null.
    if (o.is_null || in.is_null) {
      sources_[i] = o.is_null ? new_source : old_source;
      continue;
    }
    const DataType& type = codec.row_type()[i];
    auto field = [](std::span<const uint8_t> row, const Slice& s) {
      return row.subspan(s.begin, s.end - s.begin);
    };
    FLUSS_ASSIGN_OR_RETURN(Datum accumulator, read_compacted_field(type, field(old_value.row, o)));
    FLUSS_ASSIGN_OR_RETURN(Datum input, read_compacted_field(type, field(new_value.row, in)));
    FLUSS_ASSIGN_OR_RETURN(Datum merged,
                           context.aggregators[i]->agg(std::move(accumulator), std::move(input)));
    Slice& out = computed_slices_[i];
    if (!is_null(merged)) {
      out.begin = static_cast<uint32_t>(computed_.size());
      append_compacted_field(type, merged, field_writer_, computed_);
      out.end = static_cast<uint32_t>(computed_.size());
      out.is_null = false;
    }
    sources_[i] = {{}, &out};  // the row is set below, once computed_ stops growing
  }
  for (int i = 0; i < n; ++i) {
    if (sources_[i].slice == &computed_slices_[i]) sources_[i].row = computed_;
  }
  OwnedValue value{.schema_id = codec.schema_id(), .row = {}};
  value.row.reserve(old_value.row.size() + new_value.row.size());
  write_compacted_row(sources_, value.row);
  return MergeOutcome::of(std::move(value));
}

Result<std::optional<OwnedValue>> AggregateRowMerger::remove(BinaryValue) {
  return std::optional<OwnedValue>();
}

Result<std::optional<OwnedValue>> AggregateRowMerger::partial_remove(
    BinaryValue old_value, SchemaId target_schema_id, const std::vector<bool>& target_ids) {
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* old_codec, codecs_.get(old_value.schema_id));
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* codec, codecs_.get(target_schema_id));
  FLUSS_ASSIGN_OR_RETURN(GenericRow old_row, old_codec->decode(old_value.row));
  const std::vector<Column>& old_columns = old_codec->schema().columns();
  bool keep = false;
  for (size_t i = 0; i < old_row.arity() && !keep; ++i) {
    keep = !has_id(target_ids, old_columns[i].id) && !old_row.is_null_at(i);
  }
  if (!keep) return std::optional<OwnedValue>();
  const std::vector<Column>& columns = codec->schema().columns();
  GenericRow deleted(codec->field_count());
  for (int i = 0; i < codec->field_count(); ++i) {
    const int32_t id = columns[i].id;
    if (has_id(target_ids, id) && !codec->is_primary_key(i)) continue;
    const std::optional<int> old_pos = old_codec->position_of_id(id);
    if (old_pos) deleted.set(i, std::move(old_row[*old_pos]));
  }
  FLUSS_ASSIGN_OR_RETURN(OwnedValue value, codec->encode(deleted));
  return std::optional<OwnedValue>(std::move(value));
}

Result<RowMerger*> AggregateRowMerger::configure_target_columns(
    std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
    const Schema& latest_schema) {
  const SchemaRowCodec* codec = codecs_.get_or_add(latest_schema_id, latest_schema);
  if (!target_columns) {
    target_schema_id_ = latest_schema_id;
    return this;
  }
  auto key = std::make_pair(latest_schema_id.value(),
                            std::vector<int32_t>(target_columns->begin(), target_columns->end()));
  auto it = partial_mergers_.find(key);
  if (it != partial_mergers_.end()) return it->second.get();

  const std::vector<Column>& columns = codec->schema().columns();
  std::vector<bool> is_target(columns.size(), false);
  std::vector<bool> target_ids;
  for (int32_t pos : *target_columns) {
    if (pos < 0 || static_cast<size_t>(pos) >= columns.size()) {
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "target column {} is out of range for schema {} with {} columns", pos,
                        latest_schema_id, columns.size());
    }
    is_target[pos] = true;
    const int32_t id = columns[pos].id;
    if (id < 0) {
      return make_error(ErrorCode::kInvalidTargetColumn, "column '{}' has no column id",
                        columns[pos].name);
    }
    if (static_cast<size_t>(id) >= target_ids.size()) target_ids.resize(id + 1, false);
    target_ids[id] = true;
  }
  const std::vector<int> pk = codec->schema().primary_key_indexes();
  for (int pos : pk) {
    if (!is_target[pos]) {
      std::vector<std::string> names;
      for (int p : pk) names.push_back(columns[p].name);
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "The target write columns must contain the primary key columns [{}].",
                        fmt::join(names, ", "));
    }
  }
  for (int i = 0; i < codec->field_count(); ++i) {
    if (!codec->is_primary_key(i) && !codec->row_type()[i].nullable()) {
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "Partial aggregate requires all columns except primary key to be "
                        "nullable, but column {} is NOT NULL.",
                        columns[i].name);
    }
  }
  FLUSS_RETURN_IF_ERROR(context(*codec).status());
  auto merger =
      std::make_unique<PartialAggregateRowMerger>(*this, latest_schema_id, std::move(target_ids));
  RowMerger* raw = merger.get();
  partial_mergers_.emplace(std::move(key), std::move(merger));
  return raw;
}

}  // namespace fluss::storage
