// SPDX-License-Identifier: Apache-2.0
#include "record/kv_record_batch.h"

#include <limits>
#include <utility>

#include "common/crc32c.h"

namespace fluss {
namespace {

constexpr size_t kLengthOffset = 0;
constexpr size_t kMagicOffset = 4;
constexpr size_t kCrcOffset = 5;
constexpr size_t kSchemaIdOffset = 9;
constexpr size_t kAttributesOffset = 11;
constexpr size_t kWriterIdOffset = 12;
constexpr size_t kBatchSequenceOffset = 20;
constexpr size_t kRecordCountOffset = 24;

}  // namespace

Result<KvRecordBatch> KvRecordBatch::parse(ByteView bytes) {
  if (bytes.size() < kKvBatchHeaderSize) {
    return make_error(ErrorCode::kCorruptMessage,
                      "kv record batch: {} bytes cannot hold the {}-byte header", bytes.size(),
                      kKvBatchHeaderSize);
  }
  const int8_t magic = static_cast<int8_t>(bytes[kMagicOffset]);
  if (magic != kKvMagicV0) {
    return make_error(ErrorCode::kCorruptMessage, "kv record batch: unknown magic {}", magic);
  }
  const int32_t length = load_le<int32_t>(bytes.data() + kLengthOffset);
  if (length < 0 || static_cast<size_t>(length) + kKvOverhead < kKvBatchHeaderSize) {
    return make_error(ErrorCode::kCorruptMessage,
                      "kv record batch: Length {} is below the {}-byte header", length,
                      kKvBatchHeaderSize);
  }
  const size_t size = static_cast<size_t>(length) + kKvOverhead;
  if (size > bytes.size()) {
    return make_error(ErrorCode::kCorruptMessage,
                      "kv record batch: size {} exceeds the {} bytes given", size, bytes.size());
  }
  return KvRecordBatch(bytes.first(size));
}

Status KvRecordBatch::ensure_valid() const {
  const uint32_t stored = crc();
  const uint32_t computed = compute_crc();
  if (stored != computed) {
    return make_error(ErrorCode::kCorruptMessage,
                      "kv record batch (schema {}, {} records): stored CRC 0x{:08x} != computed "
                      "CRC 0x{:08x}",
                      schema_id(), record_count(), stored, computed);
  }
  if (record_count() < 0) {
    return make_error(ErrorCode::kCorruptMessage, "kv record batch: negative RecordCount {}",
                      record_count());
  }
  return Status::OK();
}

int8_t KvRecordBatch::magic() const { return static_cast<int8_t>(bytes_[kMagicOffset]); }
uint32_t KvRecordBatch::crc() const { return load_le<uint32_t>(bytes_.data() + kCrcOffset); }
Status set_writer_state(std::span<uint8_t> batch, WriterId writer_id,
                        BatchSequence batch_sequence) {
  FLUSS_ASSIGN_OR_RETURN(KvRecordBatch view, KvRecordBatch::parse(batch));
  store_le<int64_t>(batch.data() + kWriterIdOffset, writer_id.value());
  store_le<int32_t>(batch.data() + kBatchSequenceOffset, batch_sequence.value());
  store_le<uint32_t>(batch.data() + kCrcOffset, view.compute_crc());
  return Status::OK();
}

uint32_t KvRecordBatch::compute_crc() const { return crc32c(bytes_.subspan(kSchemaIdOffset)); }
SchemaId KvRecordBatch::schema_id() const {
  return SchemaId(load_le<int16_t>(bytes_.data() + kSchemaIdOffset));
}
uint8_t KvRecordBatch::attributes() const { return bytes_[kAttributesOffset]; }
WriterId KvRecordBatch::writer_id() const {
  return WriterId(load_le<int64_t>(bytes_.data() + kWriterIdOffset));
}
BatchSequence KvRecordBatch::batch_sequence() const {
  return BatchSequence(load_le<int32_t>(bytes_.data() + kBatchSequenceOffset));
}
int32_t KvRecordBatch::record_count() const {
  return load_le<int32_t>(bytes_.data() + kRecordCountOffset);
}

std::ostream& operator<<(std::ostream& os, const KvRecordBatch& batch) {
  return os << fmt::format("KvRecordBatch(records {} size {} schema {} writer {} seq {})",
                           batch.record_count(), batch.size_in_bytes(), batch.schema_id(),
                           batch.writer_id(), batch.batch_sequence());
}

KvRecordReader::KvRecordReader(const KvRecordBatch& batch)
    : reader_(batch.records_bytes(), ErrorCode::kCorruptMessage, "kv record batch"),
      record_count_(batch.record_count()) {}

Result<std::optional<KvRecord>> KvRecordReader::next() {
  if (index_ >= record_count_) {
    if (!reader_.at_end()) {
      return make_error(ErrorCode::kCorruptMessage,
                        "kv record batch: {} bytes after the last of {} records",
                        reader_.remaining(), record_count_);
    }
    return std::nullopt;
  }
  auto fail = [&](std::string_view what) {
    return make_error(ErrorCode::kCorruptMessage, "kv record batch: record {} of {}: {}", index_,
                      record_count_, what);
  };
  if (reader_.remaining() < 4) {
    return fail(fmt::format("{} bytes left, a record needs at least 4", reader_.remaining()));
  }
  const int32_t length = reader_.read_le<int32_t>().value();
  if (length < 1 || static_cast<size_t>(length) > reader_.remaining()) {
    return fail(fmt::format("Length {} outside [1, {}]", length, reader_.remaining()));
  }
  ByteReader record(reader_.read_bytes(static_cast<size_t>(length)).value(),
                    ErrorCode::kCorruptMessage, "kv record");
  auto key_length = record.read_uvarint32();
  if (!key_length.ok()) return fail("bad key length varint");
  if (*key_length > record.remaining()) {
    return fail(fmt::format("key length {} exceeds the {} bytes left in the record", *key_length,
                            record.remaining()));
  }
  KvRecord out{.key = record.read_bytes(*key_length).value(), .value = std::nullopt};
  if (!record.at_end()) out.value = record.rest();
  ++index_;
  return out;
}

KvRecordBatchBuilder::KvRecordBatchBuilder(KvRecordBatchOptions options) : options_(options) {
  FLUSS_CHECK(std::in_range<int16_t>(options.schema_id.value()),
              "schema id {} does not fit the int16 SchemaId of a kv batch header",
              options.schema_id);
}

void KvRecordBatchBuilder::append(ByteView key, std::optional<ByteView> value) {
  const size_t value_size = value ? value->size() : 0;
  const size_t length = static_cast<size_t>(uvarint32_size(static_cast<uint32_t>(key.size()))) +
                        key.size() + value_size;
  FLUSS_CHECK(length < static_cast<size_t>(std::numeric_limits<int32_t>::max()) &&
                  record_count_ < std::numeric_limits<int32_t>::max(),
              "kv record of {} bytes", length);
  records_.append_le<int32_t>(static_cast<int32_t>(length));
  records_.append_uvarint32(static_cast<uint32_t>(key.size()));
  records_.append(key);
  if (value) records_.append(*value);
  ++record_count_;
}

void KvRecordBatchBuilder::finish(ByteBuffer& out) const {
  const size_t size = size_in_bytes();
  FLUSS_CHECK(size - kKvOverhead <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
              "kv batch of {} bytes", size);
  const size_t start = out.size();
  out.reserve(start + size);
  out.append_le<int32_t>(static_cast<int32_t>(size - kKvOverhead));
  out.append_u8(static_cast<uint8_t>(kKvMagicV0));
  out.append_le<uint32_t>(0);  // CRC, below
  // The constructor checked that the schema id fits.
  out.append_le<int16_t>(static_cast<int16_t>(options_.schema_id.value()));
  out.append_u8(0);  // Attributes: unused
  out.append_le<int64_t>(options_.writer_id.value());
  out.append_le<int32_t>(options_.batch_sequence.value());
  out.append_le<int32_t>(record_count_);
  out.append(records_.view());
  const size_t crc_start = start + kSchemaIdOffset;
  out.put_le<uint32_t>(start + kCrcOffset,
                       crc32c(ByteView(out.data() + crc_start, out.size() - crc_start)));
}

}  // namespace fluss
