// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>

#include "common/bytes.h"
#include "common/status.h"
#include "model/ids.h"

namespace fluss {

// Constants of the KV batch (DefaultKvRecordBatch; docs/batch-formats.md,
// fluss-wire.md §6.1).
inline constexpr int8_t kKvMagicV0 = 0;
inline constexpr size_t kKvOverhead = 4;  // the Length field
inline constexpr size_t kKvBatchHeaderSize = 28;

// One record of a KV batch (DefaultKvRecord, §6.2), viewed in the batch's bytes:
// the encoded primary key and the row in the table's KV format, or no value for
// a delete.
struct KvRecord {
  ByteView key;
  std::optional<ByteView> value;
};

// A non-owning view of one KV record batch, the records of a PUT_KV request for
// one bucket (§6.1). parse() checks the magic and Length against the bytes given;
// ensure_valid() checks the CRC. Errors are CORRUPT_MESSAGE, the code of Java's
// DefaultKvRecordBatch.ensureValid. The viewed bytes must outlive the view.
// schema_id() is the header's int16 SchemaId sign-extended to the API's int32.
class KvRecordBatch {
 public:
  // Views the batch at the start of `bytes` (which may hold more after it).
  static Result<KvRecordBatch> parse(ByteView bytes);

  // CRC-32C over [SchemaId, end) and RecordCount >= 0.
  Status ensure_valid() const;
  bool is_valid() const { return ensure_valid().ok(); }

  size_t size_in_bytes() const { return bytes_.size(); }
  int8_t magic() const;
  uint32_t crc() const;
  uint32_t compute_crc() const;
  SchemaId schema_id() const;
  uint8_t attributes() const;
  WriterId writer_id() const;
  BatchSequence batch_sequence() const;
  int32_t record_count() const;
  ByteView bytes() const { return bytes_; }
  ByteView records_bytes() const { return bytes_.subspan(kKvBatchHeaderSize); }

 private:
  explicit KvRecordBatch(ByteView bytes) : bytes_(bytes) {}

  ByteView bytes_;
};

// Stamps a writer's idempotence fields into a batch held in writable memory (the client does
// so when it first sends the batch, and again after its writer id was reset) and rewrites the
// CRC. Same checks as KvRecordBatch::parse.
Status set_writer_state(std::span<uint8_t> batch, WriterId writer_id, BatchSequence batch_sequence);

// "KvRecordBatch(records 2 size 45 schema 1 writer -1 seq -1)".
std::ostream& operator<<(std::ostream& os, const KvRecordBatch& batch);

// A cursor over the records of a KV batch. Lengths that overrun the batch or
// their record, bad key-length varints, fewer records than RecordCount and
// bytes left after the last record are CORRUPT_MESSAGE naming the record index.
class KvRecordReader {
 public:
  explicit KvRecordReader(const KvRecordBatch& batch);

  // The next record, or nullopt after the last.
  Result<std::optional<KvRecord>> next();

 private:
  ByteReader reader_;
  int32_t record_count_;
  int32_t index_ = 0;
};

struct KvRecordBatchOptions {
  SchemaId schema_id{0};  // written as the header's int16 SchemaId: must fit in it
  WriterId writer_id = kNoWriterId;
  BatchSequence batch_sequence = kNoBatchSequence;
};

// Builds one KV batch (KvRecordBatchBuilder): append records, then finish() writes
// the header and CRC. Not thread-safe. A schema id outside int16 is a programming
// error (ids come from the coordinator) and fails a FLUSS_CHECK here.
class KvRecordBatchBuilder {
 public:
  explicit KvRecordBatchBuilder(KvRecordBatchOptions options);

  // An upsert of `key` to the row bytes `value`, or a delete when `value` is nullopt.
  void append(ByteView key, std::optional<ByteView> value);

  int32_t record_count() const { return record_count_; }
  size_t size_in_bytes() const { return kKvBatchHeaderSize + records_.size(); }

  // Appends the finished batch to `out`.
  void finish(ByteBuffer& out) const;

 private:
  KvRecordBatchOptions options_;
  ByteBuffer records_;
  int32_t record_count_ = 0;
};

}  // namespace fluss
