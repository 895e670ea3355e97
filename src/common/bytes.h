// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.h"

namespace fluss {

static_assert(std::endian::native == std::endian::little, "fluss-cpp assumes a little-endian host");

using ByteView = std::span<const uint8_t>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_string_view(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

template <typename T>
T byte_swap(T v) {
  static_assert(std::is_trivially_copyable_v<T>);
  if constexpr (sizeof(T) == 1) {
    return v;
  } else {
    using U = std::conditional_t<sizeof(T) == 2, uint16_t,
                                 std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;
    static_assert(sizeof(U) == sizeof(T));
    U u;
    std::memcpy(&u, &v, sizeof(T));
    if constexpr (sizeof(T) == 2) u = __builtin_bswap16(u);
    if constexpr (sizeof(T) == 4) u = __builtin_bswap32(u);
    if constexpr (sizeof(T) == 8) u = __builtin_bswap64(u);
    std::memcpy(&v, &u, sizeof(T));
    return v;
  }
}

// Unaligned little- and big-endian loads and stores of integers and floats.
template <typename T>
T load_le(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <typename T>
T load_be(const uint8_t* p) {
  return byte_swap(load_le<T>(p));
}
template <typename T>
void store_le(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}
template <typename T>
void store_be(uint8_t* p, T v) {
  store_le(p, byte_swap(v));
}

// An allocator whose value-less construct() leaves bytes uninitialised, so a buffer can grow
// by bytes about to be overwritten (a socket read, an encoder) without zeroing them first.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>& /*other*/) noexcept {}
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// Bytes whose growth by resize() without a value is not zeroed (ByteBuffer's storage).
using Bytes = std::vector<uint8_t, DefaultInitAllocator<uint8_t>>;

// A growable byte buffer that writers append to; the owner of encoded batches,
// rows and frames before they are handed on.
class ByteBuffer {
 public:
  ByteBuffer() = default;
  explicit ByteBuffer(size_t reserve) { data_.reserve(reserve); }

  const uint8_t* data() const { return data_.data(); }
  uint8_t* data() { return data_.data(); }
  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  ByteView view() const { return {data_.data(), data_.size()}; }
  std::string_view string_view() const { return as_string_view(view()); }
  std::string to_string() const { return std::string(string_view()); }
  // Gives up the bytes (moved, not copied); the buffer is left empty.
  Bytes release() { return std::move(data_); }

  void clear() { data_.clear(); }
  void reserve(size_t n) { data_.reserve(n); }
  // New bytes are zero.
  void resize(size_t n) { data_.resize(n, 0); }
  // New bytes are left uninitialised: for room the caller overwrites in full.
  void resize_for_overwrite(size_t n) { data_.resize(n); }

  void append(ByteView bytes) { data_.insert(data_.end(), bytes.begin(), bytes.end()); }
  void append(std::string_view bytes) { append(as_bytes(bytes)); }
  void append_zeros(size_t n) { data_.resize(data_.size() + n, 0); }
  void append_u8(uint8_t v) { data_.push_back(v); }

  template <typename T>
  void append_le(T v) {
    const size_t at = grow(sizeof(T));
    store_le(data_.data() + at, v);
  }
  template <typename T>
  void append_be(T v) {
    const size_t at = grow(sizeof(T));
    store_be(data_.data() + at, v);
  }
  template <typename T>
  void put_le(size_t position, T v) {
    FLUSS_DCHECK(position + sizeof(T) <= data_.size(), "put_le past the end");
    store_le(data_.data() + position, v);
  }

  // Unsigned LEB128 (Fluss's VarLengthUtils; no zig-zag). A negative int32 takes
  // five bytes, a negative int64 ten.
  void append_uvarint32(uint32_t v);
  void append_uvarint64(uint64_t v);

 private:
  size_t grow(size_t n) {
    const size_t at = data_.size();
    data_.resize(at + n);
    return at;
  }

  Bytes data_;
};

// Number of bytes append_uvarint32/64 writes for `v`.
int uvarint32_size(uint32_t v);
int uvarint64_size(uint64_t v);
// Writes `v` at `out` (room for 5 / 10 bytes) and returns the bytes written.
int encode_uvarint32(uint8_t* out, uint32_t v);
int encode_uvarint64(uint8_t* out, uint64_t v);

// A bounds-checked cursor over bytes from the network or disk. Every read past
// the end, and every malformed varint, is an error with the code and the
// context given at construction ("log record batch: truncated: ..."), never an
// out-of-bounds access.
class ByteReader {
 public:
  ByteReader(ByteView bytes, ErrorCode error_code, std::string_view context)
      : bytes_(bytes), error_code_(error_code), context_(context) {}

  size_t position() const { return position_; }
  size_t remaining() const { return bytes_.size() - position_; }
  bool at_end() const { return position_ == bytes_.size(); }
  ByteView rest() const { return bytes_.subspan(position_); }

  template <typename T>
  Result<T> read_le() {
    FLUSS_RETURN_IF_ERROR(need(sizeof(T)));
    T v = load_le<T>(bytes_.data() + position_);
    position_ += sizeof(T);
    return v;
  }
  template <typename T>
  Result<T> read_be() {
    FLUSS_RETURN_IF_ERROR(need(sizeof(T)));
    T v = load_be<T>(bytes_.data() + position_);
    position_ += sizeof(T);
    return v;
  }
  Result<uint8_t> read_u8() { return read_le<uint8_t>(); }
  Result<uint32_t> read_uvarint32();
  Result<uint64_t> read_uvarint64();
  // A view of the next `n` bytes (no copy).
  Result<ByteView> read_bytes(size_t n);
  Status skip(size_t n);

  // An error of this reader's code: "<context>: <message>".
  Status error(std::string_view message) const;

 private:
  Status need(size_t n) const {
    if (n <= remaining()) [[likely]]
      return Status::OK();
    return truncated(n);
  }
  Status truncated(size_t n) const;

  ByteView bytes_;
  size_t position_ = 0;
  ErrorCode error_code_;
  std::string_view context_;
};

// A message in pieces for one scatter-gather write: bytes copied into an owned buffer, with
// borrowed buffers spliced in between without a copy (a record batch inside a request). A
// borrowed buffer stays alive as long as its owner, which the GatherBytes holds.
class GatherBytes {
 public:
  GatherBytes() = default;
  // Takes `bytes` as the first owned piece, without a copy.
  explicit GatherBytes(ByteBuffer bytes);

  // The owned buffer, to append small bytes to (they follow every piece so far).
  ByteBuffer& owned() {
    open_owned();
    return owned_;
  }
  void append(ByteView bytes) { owned().append(bytes); }
  void append_borrowed(ByteView bytes, std::shared_ptr<const void> owner);
  // The first piece when it is owned, to patch a header in place; empty otherwise.
  std::span<uint8_t> mutable_front();

  size_t size() const;
  bool empty() const { return size() == 0; }
  // Calls `visit(ByteView)` for each piece, in order.
  template <typename F>
  void for_each(F&& visit) const {
    for (size_t i = 0; i < pieces_.size(); ++i) {
      const Piece& piece = pieces_[i];
      visit(piece.borrowed ? piece.view
                           : ByteView(owned_.data() + piece.offset, owned_end(i) - piece.offset));
    }
  }
  // One contiguous copy (for tests and small messages).
  ByteBuffer flatten() const;

 private:
  // An owned piece runs from `offset` in owned_ to the next owned piece's offset, or to the
  // end of owned_ for the last one (owned_ grows behind it).
  struct Piece {
    bool borrowed = false;
    size_t offset = 0;  // owned
    ByteView view;      // borrowed
  };
  // Makes the last piece an owned one.
  void open_owned();
  // Where the owned piece `index` ends in owned_.
  size_t owned_end(size_t index) const;

  ByteBuffer owned_;
  std::vector<Piece> pieces_;
  std::vector<std::shared_ptr<const void>> owners_;
};

// Lowercase hex of `bytes` ("0a1bff"); for messages and partition names.
std::string to_hex(ByteView bytes);

}  // namespace fluss
