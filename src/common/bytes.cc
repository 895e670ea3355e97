// SPDX-License-Identifier: Apache-2.0
#include "common/bytes.h"

namespace fluss {

int uvarint32_size(uint32_t v) {
  int n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

int uvarint64_size(uint64_t v) {
  int n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

int encode_uvarint32(uint8_t* out, uint32_t v) {
  int n = 0;
  while (v >= 0x80) {
    out[n++] = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  out[n++] = static_cast<uint8_t>(v);
  return n;
}

int encode_uvarint64(uint8_t* out, uint64_t v) {
  int n = 0;
  while (v >= 0x80) {
    out[n++] = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  out[n++] = static_cast<uint8_t>(v);
  return n;
}

void ByteBuffer::append_uvarint32(uint32_t v) {
  uint8_t tmp[5];
  append(ByteView(tmp, static_cast<size_t>(encode_uvarint32(tmp, v))));
}

void ByteBuffer::append_uvarint64(uint64_t v) {
  uint8_t tmp[10];
  append(ByteView(tmp, static_cast<size_t>(encode_uvarint64(tmp, v))));
}

Result<uint32_t> ByteReader::read_uvarint32() {
  uint32_t result = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (position_ >= bytes_.size()) return truncated(1);
    const uint8_t b = bytes_[position_++];
    if (shift == 28 && (b & 0xF0) != 0) {
      return error(fmt::format("varint at byte {} does not fit in 32 bits", position_ - 5));
    }
    result |= static_cast<uint32_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return result;
  }
  return error("unreachable");
}

Result<uint64_t> ByteReader::read_uvarint64() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (position_ >= bytes_.size()) return truncated(1);
    const uint8_t b = bytes_[position_++];
    if (shift == 63 && (b & 0xFE) != 0) {
      return error(fmt::format("varint at byte {} does not fit in 64 bits", position_ - 10));
    }
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return result;
  }
  return error("unreachable");
}

Result<ByteView> ByteReader::read_bytes(size_t n) {
  FLUSS_RETURN_IF_ERROR(need(n));
  ByteView v = bytes_.subspan(position_, n);
  position_ += n;
  return v;
}

Status ByteReader::skip(size_t n) {
  FLUSS_RETURN_IF_ERROR(need(n));
  position_ += n;
  return Status::OK();
}

Status ByteReader::error(std::string_view message) const {
  return Status(error_code_, fmt::format("{}: {}", context_, message));
}

Status ByteReader::truncated(size_t n) const {
  return error(fmt::format("truncated: needs {} bytes at byte {} but only {} of {} remain", n,
                           position_, remaining(), bytes_.size()));
}

std::string to_hex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

GatherBytes::GatherBytes(ByteBuffer bytes) : owned_(std::move(bytes)) {
  if (!owned_.empty()) pieces_.push_back(Piece{.borrowed = false, .offset = 0, .view = {}});
}

void GatherBytes::open_owned() {
  if (pieces_.empty() || pieces_.back().borrowed) {
    pieces_.push_back(Piece{.borrowed = false, .offset = owned_.size(), .view = {}});
  }
}

size_t GatherBytes::owned_end(size_t index) const {
  for (size_t i = index + 1; i < pieces_.size(); ++i) {
    if (!pieces_[i].borrowed) return pieces_[i].offset;
  }
  return owned_.size();
}

void GatherBytes::append_borrowed(ByteView bytes, std::shared_ptr<const void> owner) {
  pieces_.push_back(Piece{.borrowed = true, .offset = 0, .view = bytes});
  if (owner != nullptr) owners_.push_back(std::move(owner));
}

std::span<uint8_t> GatherBytes::mutable_front() {
  if (pieces_.empty() || pieces_.front().borrowed) return {};
  return {owned_.data() + pieces_.front().offset, owned_end(0) - pieces_.front().offset};
}

size_t GatherBytes::size() const {
  size_t n = owned_.size();
  for (const Piece& piece : pieces_) {
    if (piece.borrowed) n += piece.view.size();
  }
  return n;
}

ByteBuffer GatherBytes::flatten() const {
  ByteBuffer out(size());
  for_each([&](ByteView piece) { out.append(piece); });
  return out;
}

}  // namespace fluss
