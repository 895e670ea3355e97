// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "model/ids.h"
#include "model/schema.h"
#include "model/table_config.h"

namespace fluss::storage {

// A value as the KV store keeps it (fluss-wire.md §6.4 without the 2-byte
// prefix): the schema id of the row and the row bytes in the table's kv format
// (table.kv.format, CompactedRow by default). A view: the bytes belong to the
// caller (a KV batch, a RocksDB read, the pre-write buffer).
struct BinaryValue {
  SchemaId schema_id;
  std::span<const uint8_t> row;
};

// An owned BinaryValue, for rows a merger builds.
struct OwnedValue {
  SchemaId schema_id;
  Bytes row;

  BinaryValue view() const { return {schema_id, row}; }
};

// What merge() decided for an upsert.
struct MergeOutcome {
  enum class Kind : uint8_t {
    kUnchanged,  // keep the old value; no change, no changelog (first_row, an older version)
    kTakeNew,    // store the new value as it came
    kMerged,     // store `merged`
  };
  Kind kind = Kind::kTakeNew;
  OwnedValue merged;  // only for kMerged

  static MergeOutcome unchanged() { return {Kind::kUnchanged, {}}; }
  static MergeOutcome take_new() { return {Kind::kTakeNew, {}}; }
  static MergeOutcome of(OwnedValue merged) { return {Kind::kMerged, std::move(merged)}; }
};

// Looks up a table's schema by id (schema evolution: old rows may carry older ids).
using SchemaGetter = std::function<Result<std::shared_ptr<const Schema>>(SchemaId)>;

// Fluss's RowMerger (server/kv/rowmerger): how a primary-key table combines the
// stored row of a key with an incoming upsert or delete, per table.merge-engine.
// Implementations: the default merger (last write wins, partial updates by
// target columns), first_row, versioned and aggregation (docs/merge-engines.md).
// Call configure_target_columns() for every PutKv request and merge through the
// merger it returns: merged rows are written in that latest schema. Row bytes
// are untrusted: corrupt ones are CORRUPT_MESSAGE, an unknown schema id the
// SchemaGetter's error. Not thread-safe: one per KvTablet, called under the
// tablet's write serialisation.
class RowMerger {
 public:
  virtual ~RowMerger() = default;

  // Merges an upsert of `new_value` into `old_value` (nullopt: the key is absent).
  virtual Result<MergeOutcome> merge(std::optional<BinaryValue> old_value,
                                     BinaryValue new_value) = 0;

  // A delete of a present key; called only when delete_behavior() is kAllow.
  // nullopt: remove the key (changelog -D); a value: store it instead (-U/+U),
  // e.g. a partial delete that nulls the target columns.
  virtual Result<std::optional<OwnedValue>> remove(BinaryValue old_value) = 0;

  // True only for the default merger's whole-row merge (last write wins, a change
  // never depends on the old row): the tablet then skips reading old values for
  // upserts under table.changelog.image = WAL (fluss-wire.md §6.3).
  virtual bool is_default() const { return false; }

  // table.delete.behavior as this merge engine applies it (first_row and
  // versioned default to kIgnore; the default merger to kAllow).
  virtual DeleteBehavior delete_behavior() const = 0;

  // The merger to use for a PutKv request with `target_columns` (column
  // positions in `latest_schema`; nullopt: a full-row update). Engines without
  // partial updates answer INVALID_TARGET_COLUMN naming the engine.
  // The result is owned by this merger (cached per column set) and lives as long.
  virtual Result<RowMerger*> configure_target_columns(
      std::optional<std::span<const int32_t>> target_columns, SchemaId latest_schema_id,
      const Schema& latest_schema) = 0;
};

// The merger for a table (RowMerger.create): table.merge-engine, its options
// (versioned.ver-column, the per-field aggregate functions) and
// table.delete.behavior, with Fluss's errors for invalid combinations.
Result<std::unique_ptr<RowMerger>> create_row_merger(const TableConfig& table_config,
                                                     KvFormat kv_format,
                                                     SchemaGetter schema_getter);

}  // namespace fluss::storage
