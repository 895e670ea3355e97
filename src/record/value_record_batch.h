// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "model/ids.h"

namespace fluss {

// A value as the KV store keeps it and LOOKUP returns it (ValueEncoder,
// fluss-wire.md §6.4): [int16 LE schema id][row bytes in the table's KV format].
// The schema id is int32 in the API: decoding sign-extends the int16.
struct ValueRecord {
  SchemaId schema_id{0};
  ByteView row;
};

// Appends the encoded value of `row` under `schema_id` to `out`. A schema id
// outside int16 cannot be encoded: a programming error (ids come from the
// coordinator) that fails a FLUSS_CHECK.
void encode_value(SchemaId schema_id, ByteView row, ByteBuffer& out);
// Splits an encoded value (a view into `value`); fewer than 2 bytes is CORRUPT_MESSAGE.
Result<ValueRecord> decode_value(ByteView value);

inline constexpr int8_t kValueMagicV0 = 0;
inline constexpr size_t kValueBatchHeaderSize = 9;

// A non-owning view of a value record batch (DefaultValueRecordBatch, §6.5): the
// rows of a LIMIT_SCAN / SCAN_KV response. No CRC. Errors are CORRUPT_MESSAGE.
class ValueRecordBatch {
 public:
  // Views the batch at the start of `bytes`, checking magic and Length.
  static Result<ValueRecordBatch> parse(ByteView bytes);

  size_t size_in_bytes() const { return bytes_.size(); }
  int8_t magic() const { return static_cast<int8_t>(bytes_[4]); }
  int32_t record_count() const { return load_le<int32_t>(bytes_.data() + 5); }
  ByteView bytes() const { return bytes_; }
  ByteView records_bytes() const { return bytes_.subspan(kValueBatchHeaderSize); }

 private:
  explicit ValueRecordBatch(ByteView bytes) : bytes_(bytes) {}

  ByteView bytes_;
};

// A cursor over the records of a value batch, each [int32 Length][int16 schema
// id][row]. Overrunning lengths, a negative RecordCount, fewer records than it
// says and bytes after the last record are CORRUPT_MESSAGE naming the index.
class ValueRecordReader {
 public:
  explicit ValueRecordReader(const ValueRecordBatch& batch);

  // The next record, or nullopt after the last.
  Result<std::optional<ValueRecord>> next();

 private:
  ByteReader reader_;
  int32_t record_count_;
  int32_t index_ = 0;
};

// Builds one value batch: append values, then finish(). Not thread-safe.
class ValueRecordBatchBuilder {
 public:
  // One record of `row` under `schema_id` (as in encode_value).
  void append(SchemaId schema_id, ByteView row);
  // One record from an already-encoded value (as stored in the KV store);
  // shorter than 2 bytes is CORRUPT_MESSAGE.
  Status append_value(ByteView encoded_value);

  int32_t record_count() const { return record_count_; }
  size_t size_in_bytes() const { return kValueBatchHeaderSize + records_.size(); }

  // Appends the finished batch to `out`.
  void finish(ByteBuffer& out) const;

 private:
  ByteBuffer records_;
  int32_t record_count_ = 0;
};

}  // namespace fluss
