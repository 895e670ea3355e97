// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/schema_row_codec.h"

#include <utility>

namespace fluss::storage {

RowFormat row_format_of(KvFormat kv_format) {
  return kv_format == KvFormat::kIndexed ? RowFormat::kIndexed : RowFormat::kCompacted;
}

SchemaRowCodec::SchemaRowCodec(SchemaId schema_id, std::shared_ptr<const Schema> schema,
                               RowFormat format)
    : schema_id_(schema_id),
      schema_(std::move(schema)),
      format_(format),
      row_type_(schema_->row_type()),
      primary_key_(row_type_.size(), false) {
  for (int pos : schema_->primary_key_indexes()) primary_key_[pos] = true;
  const std::vector<Column>& columns = schema_->columns();
  for (size_t i = 0; i < columns.size(); ++i) {
    position_of_id_.emplace(columns[i].id, static_cast<int>(i));
  }
}

std::optional<int> SchemaRowCodec::position_of_id(int32_t column_id) const {
  auto it = position_of_id_.find(column_id);
  if (it == position_of_id_.end()) return std::nullopt;
  return it->second;
}

Result<GenericRow> SchemaRowCodec::decode(std::span<const uint8_t> row) const {
  return decode_row(format_, row_type_, row);
}

Result<OwnedValue> SchemaRowCodec::encode(const GenericRow& row) const {
  ByteBuffer out;
  FLUSS_RETURN_IF_ERROR(encode_row(format_, row_type_, row, out));
  return OwnedValue{.schema_id = schema_id_, .row = out.release()};
}

SchemaRowCodecCache::SchemaRowCodecCache(KvFormat kv_format, SchemaGetter schema_getter)
    : format_(row_format_of(kv_format)), schema_getter_(std::move(schema_getter)) {}

Result<const SchemaRowCodec*> SchemaRowCodecCache::get(SchemaId schema_id) {
  auto it = codecs_.find(schema_id.value());
  if (it != codecs_.end()) return it->second.get();
  if (!schema_getter_) {
    return make_error(ErrorCode::kSchemaNotExist, "schema {} is unknown to the row merger",
                      schema_id);
  }
  FLUSS_ASSIGN_OR_RETURN(std::shared_ptr<const Schema> schema, schema_getter_(schema_id));
  if (schema == nullptr) {
    return make_error(ErrorCode::kSchemaNotExist, "schema {} not found", schema_id);
  }
  auto codec = std::make_unique<const SchemaRowCodec>(schema_id, std::move(schema), format_);
  const SchemaRowCodec* raw = codec.get();
  codecs_.emplace(schema_id.value(), std::move(codec));
  return raw;
}

const SchemaRowCodec* SchemaRowCodecCache::get_or_add(SchemaId schema_id, const Schema& schema) {
  auto it = codecs_.find(schema_id.value());
  if (it != codecs_.end()) return it->second.get();
  auto codec = std::make_unique<const SchemaRowCodec>(
      schema_id, std::make_shared<const Schema>(schema), format_);
  const SchemaRowCodec* raw = codec.get();
  codecs_.emplace(schema_id.value(), std::move(codec));
  return raw;
}

}  // namespace fluss::storage
