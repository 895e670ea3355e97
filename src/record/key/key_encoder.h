// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "model/data_type.h"
#include "model/table_config.h"
#include "record/generic_row.h"

namespace fluss {

// `table.datalake.format` is model's DataLakeFormat; std::nullopt = no lake format.
using LakeFormat = std::optional<DataLakeFormat>;

// How key columns become bytes (fluss-wire.md §8.2, §8.3; docs/row-formats.md).
enum class KeyEncoding : uint8_t {
  kCompacted,  // CompactedKeyEncoder: CompactedRow fields without null bit-set
  kPaimon,     // PaimonKeyEncoder: a Paimon BinaryRow (AlignedRow) of the key columns
  kIceberg,    // IcebergKeyEncoder: one column in Iceberg's single-value binary form
  kHudi,       // HudiKeyEncoder: 4-byte big-endian List<String>.hashCode(); bucket keys only
};

// Whether the bucket key is the physical primary key (the default for PK tables).
enum class BucketKeyKind : uint8_t { kDefault, kCustom };

// The encoder of primary-key bytes (KV keys, LOOKUP keys) for a table, as
// KeyEncoder.ofPrimaryKeyEncoder: Hudi tables use Compacted; kv format version 1
// uses the lake's encoder; version 2 uses it only for a default bucket key, else
// Compacted (so that PREFIX_LOOKUP works). Other versions: UNSUPPORTED_VERSION.
// Prefix-lookup keys follow the same rule over the bucket-key columns.
Result<KeyEncoding> primary_key_encoding(LakeFormat lake, int kv_format_version,
                                         BucketKeyKind bucket_key);

// The encoder of bucket-key bytes (what bucketing hashes), as
// KeyEncoder.ofBucketKeyEncoder: the primary-key encoder for a default bucket key
// (except Hudi), else the lake's encoder (Compacted with no lake or Lance).
Result<KeyEncoding> bucket_key_encoding(LakeFormat lake, int kv_format_version,
                                        BucketKeyKind bucket_key);

// The lake's own key encoder (KeyEncoder.of): Compacted for none/Lance.
KeyEncoding lake_key_encoding(LakeFormat lake);

// Encodes the key columns of rows of one table. Immutable after create(); safe to
// share between threads (encode_key keeps no state).
class KeyEncoder {
 public:
  // `row_type` is the full row; `key_indexes` the key columns in key order;
  // `column_names` the names of all columns, for messages (may be empty).
  // Unsupported key column types for the encoding (e.g. ARRAY in a Paimon key, or
  // Iceberg with more than one column) are INVALID_TABLE_EXCEPTION.
  static Result<std::unique_ptr<KeyEncoder>> create(KeyEncoding encoding, const RowType& row_type,
                                                    std::vector<int> key_indexes,
                                                    std::vector<std::string> column_names = {});

  // Appends the key bytes of `row` to `out`. A null key column (Compacted,
  // Iceberg) or a value of the wrong type is CORRUPT_MESSAGE naming the column.
  Status encode_key(const GenericRow& row, ByteBuffer& out) const;
  // The same, as a new buffer.
  Result<ByteBuffer> encode_key(const GenericRow& row) const;

  KeyEncoding encoding() const { return encoding_; }
  const std::vector<int>& key_indexes() const { return key_indexes_; }

 private:
  KeyEncoder(KeyEncoding encoding, RowType row_type, std::vector<int> key_indexes,
             std::vector<std::string> column_names);

  std::string column_name(size_t index) const;
  Status encode_paimon(const GenericRow& row, ByteBuffer& out) const;
  Status encode_iceberg(const GenericRow& row, ByteBuffer& out) const;
  Status encode_hudi(const GenericRow& row, ByteBuffer& out) const;

  KeyEncoding encoding_;
  RowType row_type_;
  std::vector<int> key_indexes_;
  std::vector<std::string> column_names_;
  RowType key_types_;
};

// Decodes a Compacted key back into its columns (`key_types` in key order); for
// tests and tools. CORRUPT_MESSAGE on malformed bytes.
Result<GenericRow> decode_compacted_key(const RowType& key_types, ByteView bytes);

}  // namespace fluss
