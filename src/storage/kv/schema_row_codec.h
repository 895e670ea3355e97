// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "model/schema.h"
#include "model/table_config.h"
#include "record/generic_row.h"
#include "record/row/compacted_row.h"
#include "record/row/row_codec.h"
#include "storage/kv/row_merger.h"

namespace fluss::storage {

// The row format a table's kv format names (table.kv.format).
RowFormat row_format_of(KvFormat kv_format);

// One schema version of a table as the row mergers need it: its columns, the
// row codec of the table's kv format, the column-id -> position map (schema
// evolution matches columns by id) and the primary-key positions. Immutable.
class SchemaRowCodec {
 public:
  SchemaRowCodec(SchemaId schema_id, std::shared_ptr<const Schema> schema, RowFormat format);

  SchemaId schema_id() const { return schema_id_; }
  const Schema& schema() const { return *schema_; }
  const RowType& row_type() const { return row_type_; }
  int field_count() const { return static_cast<int>(row_type_.size()); }
  RowFormat format() const { return format_; }
  bool is_primary_key(int pos) const { return primary_key_[pos]; }
  // The position of the column with id `column_id`, or nullopt.
  std::optional<int> position_of_id(int32_t column_id) const;

  // Decodes a row of this schema (CORRUPT_MESSAGE naming the field on bad bytes).
  Result<GenericRow> decode(std::span<const uint8_t> row) const;
  // Encodes `row` (arity field_count()) into an owned value of this schema.
  Result<OwnedValue> encode(const GenericRow& row) const;

  // The bytes of one field of a CompactedRow (after its null bit-set).
  struct FieldSlice {
    uint32_t begin = 0;
    uint32_t end = 0;
    bool is_null = true;
  };
  // Whether rows of this schema can be cut into field slices: CompactedRow
  // without ARRAY / MAP / ROW columns (whose nested bytes only the full
  // decoder checks).
  bool sliceable() const { return sliceable_; }
  // Cuts a CompactedRow into its fields (sliceable() only), checking every
  // field as the reader does and that nothing trails: CORRUPT_MESSAGE naming
  // the field otherwise.
  Status slice(std::span<const uint8_t> row, std::vector<FieldSlice>& out) const;

 private:
  SchemaId schema_id_;
  std::shared_ptr<const Schema> schema_;
  RowFormat format_;
  RowType row_type_;
  std::vector<bool> primary_key_;
  std::unordered_map<int32_t, int> position_of_id_;
  bool sliceable_;
};

// One non-null scalar field of a CompactedRow (a FieldSlice's bytes) as a
// Datum, and back (appended to `out`; `scratch` is a reusable
// CompactedRowWriter(0)). Types as SchemaRowCodec::sliceable().
Result<Datum> read_compacted_field(const DataType& type, std::span<const uint8_t> bytes);
void append_compacted_field(const DataType& type, const Datum& value, CompactedRowWriter& scratch,
                            Bytes& out);

// Appends a CompactedRow of `field_count` fields to `out`: field i is taken
// from `sources[i]` (a row and its slices; null pointer: a null field).
struct SliceSource {
  std::span<const uint8_t> row;
  const SchemaRowCodec::FieldSlice* slice = nullptr;
};
void write_compacted_row(std::span<const SliceSource> sources, Bytes& out);

// The SchemaRowCodec of each schema id a merger meets, built on first use through
// the SchemaGetter and kept (a table has few schema versions). Not thread-safe.
class SchemaRowCodecCache {
 public:
  SchemaRowCodecCache(KvFormat kv_format, SchemaGetter schema_getter);

  // The codec of `schema_id`; the getter's error (SCHEMA_NOT_EXIST, ...) otherwise.
  Result<const SchemaRowCodec*> get(SchemaId schema_id);
  // Registers `schema` under `schema_id` (the latest schema handed to
  // configure_target_columns) unless the id is known already.
  const SchemaRowCodec* get_or_add(SchemaId schema_id, const Schema& schema);

  RowFormat format() const { return format_; }

 private:
  RowFormat format_;
  SchemaGetter schema_getter_;
  std::map<int32_t, std::unique_ptr<const SchemaRowCodec>> codecs_;
};

}  // namespace fluss::storage
