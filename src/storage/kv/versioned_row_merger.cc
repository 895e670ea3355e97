// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/versioned_row_merger.h"

#include <limits>
#include <utility>
#include <variant>

namespace fluss::storage {

Result<std::unique_ptr<VersionedRowMerger>> VersionedRowMerger::create(
    std::string version_column, std::optional<DeleteBehavior> delete_behavior, KvFormat kv_format,
    SchemaGetter schema_getter) {
  if (delete_behavior == DeleteBehavior::kAllow) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "DELETE is not supported for the versioned merge engine.");
  }
  return std::unique_ptr<VersionedRowMerger>(new VersionedRowMerger(
      std::move(version_column), delete_behavior.value_or(DeleteBehavior::kIgnore), kv_format,
      std::move(schema_getter)));
}

VersionedRowMerger::VersionedRowMerger(std::string version_column, DeleteBehavior delete_behavior,
                                       KvFormat kv_format, SchemaGetter schema_getter)
    : version_column_(std::move(version_column)),
      delete_behavior_(delete_behavior),
      codecs_(kv_format, std::move(schema_getter)) {}

Status VersionedRowMerger::configure(const SchemaRowCodec& codec) {
  std::optional<int> pos = codec.schema().column_index(version_column_);
  if (!pos) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "The version column '{}' for versioned merge engine doesn't exist in schema.",
                      version_column_);
  }
  const DataType& type = codec.row_type()[*pos];
  switch (type.root()) {
    case TypeRoot::kInt:
    case TypeRoot::kBigInt:
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz:
      break;
    default:
      return make_error(ErrorCode::kInvalidConfigException,
                        "The version column '{}' for versioned merge engine must be one type of "
                        "[INT, BIGINT, TIMESTAMP, TIMESTAMP_LTZ], but is {}.",
                        version_column_, type);
  }
  schema_id_ = codec.schema_id().value();
  position_ = *pos;
  type_ = type;
  return Status::OK();
}

Result<std::pair<int64_t, int32_t>> VersionedRowMerger::version_of(BinaryValue value) {
  FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* codec, codecs_.get(value.schema_id));
  FLUSS_ASSIGN_OR_RETURN(GenericRow row, codec->decode(value.row));
  // A null version (or a row of a schema without the column) is the minimum;
  // for INT that is Integer.MIN_VALUE, as in Fluss.
  const bool is_int = type_.root() == TypeRoot::kInt;
  std::pair<int64_t, int32_t> min{
      is_int ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min(), 0};
  if (static_cast<size_t>(position_) >= row.arity()) return min;
  const Datum& d = row[position_];
  if (const auto* v = std::get_if<int32_t>(&d)) return std::pair<int64_t, int32_t>{*v, 0};
  if (const auto* v = std::get_if<int64_t>(&d)) return std::pair<int64_t, int32_t>{*v, 0};
  if (const auto* v = std::get_if<TimestampNtz>(&d)) {
    return std::pair<int64_t, int32_t>{v->millisecond, v->nano_of_millisecond};
  }
  if (const auto* v = std::get_if<TimestampLtz>(&d)) {
    return std::pair<int64_t, int32_t>{v->epoch_millisecond, v->nano_of_millisecond};
  }
  return min;
}

Result<MergeOutcome> VersionedRowMerger::merge(std::optional<BinaryValue> old_value,
                                               BinaryValue new_value) {
  if (!old_value) return MergeOutcome::take_new();
  if (!schema_id_) {
    FLUSS_ASSIGN_OR_RETURN(const SchemaRowCodec* codec, codecs_.get(new_value.schema_id));
    FLUSS_RETURN_IF_ERROR(configure(*codec));
  }
  FLUSS_ASSIGN_OR_RETURN(auto old_version, version_of(*old_value));
  FLUSS_ASSIGN_OR_RETURN(auto new_version, version_of(new_value));
  // Equal versions: the new row wins.
  if (old_version <= new_version) return MergeOutcome::take_new();
  return MergeOutcome::unchanged();
}

Result<std::optional<OwnedValue>> VersionedRowMerger::remove(BinaryValue) {
  return make_error(ErrorCode::kDeletionDisabledException,
                    "DELETE is not supported for the versioned merge engine.");
}

Result<RowMerger*> VersionedRowMerger::configure_target_columns(
    std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
    const Schema& latest_schema) {
  if (target_columns) {
    return make_error(ErrorCode::kInvalidTargetColumn,
                      "Partial update is not supported for the versioned merge engine.");
  }
  if (schema_id_ != latest_schema_id.value()) {
    FLUSS_RETURN_IF_ERROR(configure(*codecs_.get_or_add(latest_schema_id, latest_schema)));
  }
  return this;
}

}  // namespace fluss::storage
