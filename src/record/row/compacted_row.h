// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/check.h"
#include "record/generic_row.h"

namespace fluss {

// Writes CompactedRows field by field without a GenericRow (Fluss's
// CompactedRowWriter): the fast path of the client and KV write paths. Fields
// are written in column order; a null field is set_null_at() and nothing else.
// The buffer is reused across rows (reset()). Layout: fluss-wire.md §7.2,
// docs/row-formats.md. Not thread-safe; one writer per thread.
class CompactedRowWriter {
 public:
  // A writer for rows of `field_count` fields (0 for keys: no null bit-set).
  explicit CompactedRowWriter(int field_count);

  // Starts a new row, keeping the buffer.
  void reset();

  // `pos` < field_count.
  void set_null_at(int pos) {
    FLUSS_DCHECK(static_cast<size_t>(pos >> 3) < header_size_, "null bit {} out of range", pos);
    buffer_[pos >> 3] |= static_cast<uint8_t>(1u << (pos & 7));
  }
  void write_boolean(bool v) { reserve(1)[0] = v ? 1 : 0, ++position_; }
  void write_byte(int8_t v) { reserve(1)[0] = static_cast<uint8_t>(v), ++position_; }
  void write_short(int16_t v) { put_fixed(v); }
  // INT, DATE, TIME: an unsigned LEB128 of the two's complement bits (5 bytes if negative).
  void write_int(int32_t v) { put_varint(static_cast<uint32_t>(v), 5); }
  // BIGINT: the same with 64 bits (10 bytes if negative).
  void write_long(int64_t v) { put_varint(static_cast<uint64_t>(v), 10); }
  void write_float(float v) { put_fixed(v); }
  void write_double(double v) { put_fixed(v); }
  // STRING and CHAR(n): uvarint length, then the UTF-8 bytes (no padding).
  void write_string(std::string_view v) { write_bytes(as_bytes(v)); }
  // BYTES and BINARY(n), and the blobs of nested ARRAY / MAP / ROW values
  // (encode_array / encode_map / encode_row of row_codec.h, format kCompacted).
  void write_bytes(ByteView v);
  // DECIMAL(p, s): p <= 18 as write_long of the unscaled value; else its minimal
  // big-endian two's complement bytes. The caller guarantees at most p digits.
  void write_decimal(const Decimal& v, int precision);
  // TIMESTAMP(p): p <= 3 as write_long(millis); else millis then write_int(nanos).
  void write_timestamp_ntz(const TimestampNtz& v, int precision);
  void write_timestamp_ltz(const TimestampLtz& v, int precision);

  // The row written since reset(); valid until the next write or reset().
  ByteView view() const { return {buffer_.data(), position_}; }
  size_t size() const { return position_; }

 private:
  uint8_t* reserve(size_t n) {
    if (buffer_.size() - position_ < n) [[unlikely]]
      grow(n);
    return buffer_.data() + position_;
  }
  void grow(size_t n);
  template <typename U>
  void put_varint(U v, size_t max_bytes) {
    uint8_t* p = reserve(max_bytes);
    uint8_t* const start = p;
    while (v >= 0x80) {
      *p++ = static_cast<uint8_t>(v | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    position_ += p - start;
  }
  template <typename T>
  void put_fixed(T v) {
    store_le(reserve(sizeof(T)), v);
    position_ += sizeof(T);
  }

  size_t header_size_;
  std::vector<uint8_t> buffer_;
  size_t position_;
};

// Reads a CompactedRow field by field (Fluss's CompactedRowReader) from untrusted
// bytes. Reads never go out of bounds: a read past the end or a malformed value
// returns a zero value and fails the reader, and every later read fails too;
// check ok() after the fields (or after each one, for the field in the message).
// Views returned by read_string/read_bytes point into the row. Not thread-safe.
class CompactedRowReader {
 public:
  // A reader for rows of `field_count` fields (0 for keys).
  explicit CompactedRowReader(int field_count);

  // Starts reading `row`; CORRUPT_MESSAGE if it is shorter than its null bit-set.
  Status point_to(ByteView row);

  // `pos` < field_count.
  bool is_null_at(int pos) const {
    FLUSS_DCHECK(static_cast<size_t>(pos >> 3) < header_size_, "null bit {} out of range", pos);
    return (row_[pos >> 3] >> (pos & 7)) & 1;
  }
  bool read_boolean() { return read_u8() != 0; }
  int8_t read_byte() { return static_cast<int8_t>(read_u8()); }
  int16_t read_short() { return read_fixed<int16_t>(); }
  int32_t read_int() {
    if (position_ < row_.size() && row_[position_] < 0x80) [[likely]]
      return row_[position_++];
    return read_int_slow();
  }
  int64_t read_long() {
    if (position_ < row_.size() && row_[position_] < 0x80) [[likely]]
      return row_[position_++];
    return read_long_slow();
  }
  float read_float() { return read_fixed<float>(); }
  double read_double() { return read_fixed<double>(); }
  std::string_view read_string() { return as_string_view(read_bytes()); }
  ByteView read_bytes();
  // Fails on more digits than `precision`, and on malformed unscaled bytes.
  Decimal read_decimal(int precision, int scale);
  TimestampNtz read_timestamp_ntz(int precision);
  TimestampLtz read_timestamp_ltz(int precision);

  bool ok() const { return error_ == nullptr; }
  bool at_end() const { return position_ == row_.size(); }
  size_t position() const { return position_; }
  // OK, or CORRUPT_MESSAGE "CompactedRow: <what> at byte <n>" for the first failure.
  Status status() const;

 private:
  void fail(const char* what);
  uint8_t read_u8() {
    if (position_ >= row_.size()) [[unlikely]] {
      fail("truncated");
      return 0;
    }
    return row_[position_++];
  }
  template <typename T>
  T read_fixed() {
    if (row_.size() - position_ < sizeof(T)) [[unlikely]] {
      fail("truncated");
      return T{};
    }
    T v = load_le<T>(row_.data() + position_);
    position_ += sizeof(T);
    return v;
  }
  int32_t read_nanos();
  int32_t read_int_slow();
  int64_t read_long_slow();

  size_t header_size_;
  ByteView row_;
  size_t position_ = 0;
  const char* error_ = nullptr;
  size_t error_position_ = 0;
};

}  // namespace fluss
