// SPDX-License-Identifier: Apache-2.0
#include "record/value_record_batch.h"

#include <limits>
#include <utility>

namespace fluss {

void encode_value(SchemaId schema_id, ByteView row, ByteBuffer& out) {
  FLUSS_CHECK(std::in_range<int16_t>(schema_id.value()),
              "schema id {} does not fit the int16 schema id of a kv value", schema_id);
  out.append_le<int16_t>(static_cast<int16_t>(schema_id.value()));
  out.append(row);
}

Result<ValueRecord> decode_value(ByteView value) {
  if (value.size() < 2) {
    return make_error(ErrorCode::kCorruptMessage, "kv value of {} bytes has no 2-byte schema id",
                      value.size());
  }
  return ValueRecord{.schema_id = SchemaId(load_le<int16_t>(value.data())),
                     .row = value.subspan(2)};
}

Result<ValueRecordBatch> ValueRecordBatch::parse(ByteView bytes) {
  if (bytes.size() < kValueBatchHeaderSize) {
    return make_error(ErrorCode::kCorruptMessage,
                      "value record batch: {} bytes cannot hold the {}-byte header", bytes.size(),
                      kValueBatchHeaderSize);
  }
  const int8_t magic = static_cast<int8_t>(bytes[4]);
  if (magic != kValueMagicV0) {
    return make_error(ErrorCode::kCorruptMessage, "value record batch: unknown magic {}", magic);
  }
  const int32_t length = load_le<int32_t>(bytes.data());
  if (length < 0 || static_cast<size_t>(length) + 4 < kValueBatchHeaderSize ||
      static_cast<size_t>(length) + 4 > bytes.size()) {
    return make_error(ErrorCode::kCorruptMessage, "value record batch: Length {} outside [{}, {}]",
                      length, kValueBatchHeaderSize - 4, bytes.size() - 4);
  }
  ValueRecordBatch batch(bytes.first(static_cast<size_t>(length) + 4));
  if (batch.record_count() < 0) {
    return make_error(ErrorCode::kCorruptMessage, "value record batch: negative RecordCount {}",
                      batch.record_count());
  }
  return batch;
}

ValueRecordReader::ValueRecordReader(const ValueRecordBatch& batch)
    : reader_(batch.records_bytes(), ErrorCode::kCorruptMessage, "value record batch"),
      record_count_(batch.record_count()) {}

Result<std::optional<ValueRecord>> ValueRecordReader::next() {
  if (index_ >= record_count_) {
    if (!reader_.at_end()) {
      return make_error(ErrorCode::kCorruptMessage,
                        "value record batch: {} bytes after the last of {} records",
                        reader_.remaining(), record_count_);
    }
    return std::nullopt;
  }
  if (reader_.remaining() < 4) {
    return make_error(ErrorCode::kCorruptMessage,
                      "value record batch: record {} of {}: {} bytes left, a record needs 6",
                      index_, record_count_, reader_.remaining());
  }
  const int32_t length = reader_.read_le<int32_t>().value();
  if (length < 2 || static_cast<size_t>(length) > reader_.remaining()) {
    return make_error(ErrorCode::kCorruptMessage,
                      "value record batch: record {} of {}: Length {} outside [2, {}]", index_,
                      record_count_, length, reader_.remaining());
  }
  ++index_;
  return decode_value(reader_.read_bytes(static_cast<size_t>(length)).value()).value();
}

void ValueRecordBatchBuilder::append(SchemaId schema_id, ByteView row) {
  FLUSS_CHECK(row.size() + 2 < static_cast<size_t>(std::numeric_limits<int32_t>::max()) &&
                  record_count_ < std::numeric_limits<int32_t>::max(),
              "value of {} bytes", row.size());
  records_.append_le<int32_t>(static_cast<int32_t>(row.size() + 2));
  encode_value(schema_id, row, records_);
  ++record_count_;
}

Status ValueRecordBatchBuilder::append_value(ByteView encoded_value) {
  FLUSS_ASSIGN_OR_RETURN(const ValueRecord value, decode_value(encoded_value));
  append(value.schema_id, value.row);
  return Status::OK();
}

void ValueRecordBatchBuilder::finish(ByteBuffer& out) const {
  const size_t size = size_in_bytes();
  FLUSS_CHECK(size - 4 <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
              "value batch of {} bytes", size);
  out.append_le<int32_t>(static_cast<int32_t>(size - 4));
  out.append_u8(static_cast<uint8_t>(kValueMagicV0));
  out.append_le<int32_t>(record_count_);
  out.append(records_.view());
}

}  // namespace fluss
