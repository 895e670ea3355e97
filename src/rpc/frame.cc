// SPDX-License-Identifier: Apache-2.0
#include "rpc/frame.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace fluss::rpc {
namespace {

// proto2 wire types and the two ErrorResponse field tags.
constexpr uint32_t kWireVarint = 0;
constexpr uint32_t kWireFixed64 = 1;
constexpr uint32_t kWireLengthDelimited = 2;
constexpr uint32_t kWireFixed32 = 5;
constexpr uint8_t kErrorCodeTag = (1 << 3) | kWireVarint;              // 0x08
constexpr uint8_t kErrorMessageTag = (2 << 3) | kWireLengthDelimited;  // 0x12

// The decoder keeps at most this much memory once a large frame has gone.
constexpr size_t kRetainedBufferSize = 1 << 20;

// Reserves the length field and returns its position; finish_frame fills it.
size_t start_frame(ByteBuffer& out) {
  const size_t at = out.size();
  out.append_be<int32_t>(0);
  return at;
}
void finish_frame(ByteBuffer& out, size_t at) {
  const size_t length = out.size() - at - kLengthFieldSize;
  FLUSS_CHECK(length <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
              "frame of {} bytes does not fit an int32 length", length);
  store_be<int32_t>(out.data() + at, static_cast<int32_t>(length));
}

int32_t wire_code(ErrorCode code) {
  const int32_t value = static_cast<int32_t>(code);
  return value >= 1000 ? static_cast<int32_t>(ErrorCode::kUnknownServerError) : value;
}

}  // namespace

std::ostream& operator<<(std::ostream& os, ResponseType type) {
  switch (type) {
    case ResponseType::kSuccess:
      return os << "SUCCESS_RESPONSE";
    case ResponseType::kError:
      return os << "ERROR_RESPONSE";
    case ResponseType::kServerFailure:
      return os << "SERVER_FAILURE";
  }
  return os << "ResponseType(" << static_cast<int>(type) << ")";
}

std::ostream& operator<<(std::ostream& os, const RequestHeader& header) {
  return os << "{api_key=" << header.api_key << ", api_version=" << header.api_version
            << ", request_id=" << header.request_id << "}";
}

void encode_request(ByteBuffer& out, RequestHeader header, ByteView payload) {
  out.reserve(out.size() + kLengthFieldSize + kRequestHeaderSize + payload.size());
  const size_t at = start_frame(out);
  out.append_be<int16_t>(header.api_key);
  out.append_be<int16_t>(header.api_version);
  out.append_be<int32_t>(header.request_id);
  out.append(payload);
  finish_frame(out, at);
}

void encode_success_response(ByteBuffer& out, int32_t request_id, ByteView payload) {
  out.reserve(out.size() + kLengthFieldSize + kResponseHeaderSize + payload.size());
  const size_t at = start_frame(out);
  out.append_u8(static_cast<uint8_t>(ResponseType::kSuccess));
  out.append_be<int32_t>(request_id);
  out.append(payload);
  finish_frame(out, at);
}

void encode_error_response(ByteBuffer& out, int32_t request_id, const Status& error) {
  const size_t at = start_frame(out);
  out.append_u8(static_cast<uint8_t>(ResponseType::kError));
  out.append_be<int32_t>(request_id);
  encode_error_payload(out, error);
  finish_frame(out, at);
}

void encode_server_failure(ByteBuffer& out, const Status& error) {
  const size_t at = start_frame(out);
  out.append_u8(static_cast<uint8_t>(ResponseType::kServerFailure));
  encode_error_payload(out, error);
  finish_frame(out, at);
}

void encode_error_payload(ByteBuffer& out, const Status& error) {
  FLUSS_DCHECK(!error.ok(), "an ErrorResponse needs an error");
  out.append_u8(kErrorCodeTag);
  // proto2 int32: negative values are sign-extended to ten bytes.
  out.append_uvarint64(static_cast<uint64_t>(static_cast<int64_t>(wire_code(error.code()))));
  if (!error.message().empty()) {
    out.append_u8(kErrorMessageTag);
    out.append_uvarint64(error.message().size());
    out.append(error.message());
  }
}

namespace {

Result<std::pair<int32_t, std::string>> read_error_payload(ByteView payload) {
  ByteReader reader(payload, ErrorCode::kCorruptMessage, "ErrorResponse");
  std::optional<int32_t> code;
  std::string message;
  while (!reader.at_end()) {
    FLUSS_ASSIGN_OR_RETURN(const uint64_t tag, reader.read_uvarint64());
    const uint64_t field = tag >> 3;
    switch (tag & 7) {
      case kWireVarint: {
        FLUSS_ASSIGN_OR_RETURN(const uint64_t value, reader.read_uvarint64());
        if (field == 1) code = static_cast<int32_t>(static_cast<uint32_t>(value));
        break;
      }
      case kWireFixed64:
        FLUSS_RETURN_IF_ERROR(reader.skip(8));
        break;
      case kWireLengthDelimited: {
        FLUSS_ASSIGN_OR_RETURN(const uint64_t length, reader.read_uvarint64());
        if (length > reader.remaining()) {
          return reader.error(fmt::format("field {} claims {} bytes, {} remain", field, length,
                                          reader.remaining()));
        }
        FLUSS_ASSIGN_OR_RETURN(const ByteView bytes, reader.read_bytes(length));
        if (field == 2) message.assign(as_string_view(bytes));
        break;
      }
      case kWireFixed32:
        FLUSS_RETURN_IF_ERROR(reader.skip(4));
        break;
      default:
        return reader.error(fmt::format("field {} has unsupported wire type {}", field, tag & 7));
    }
  }
  if (!code) return reader.error("required field error_code (1) is missing");
  if (*code == 0) return reader.error("error_code is 0 (NONE) in an error response");
  return std::pair(*code, std::move(message));
}

}  // namespace

Status decode_error_payload(ByteView payload) {
  Result<std::pair<int32_t, std::string>> read = read_error_payload(payload);
  if (!read.ok()) return std::move(read).status();
  return Status(error_code_from_wire(read->first), std::move(read->second));
}

Result<RequestFrame> parse_request(ByteView frame) {
  ByteReader reader(frame, ErrorCode::kCorruptMessage, "request frame");
  RequestFrame request;
  FLUSS_ASSIGN_OR_RETURN(request.header.api_key, reader.read_be<int16_t>());
  FLUSS_ASSIGN_OR_RETURN(request.header.api_version, reader.read_be<int16_t>());
  FLUSS_ASSIGN_OR_RETURN(request.header.request_id, reader.read_be<int32_t>());
  request.payload = reader.rest();
  return request;
}

Result<ResponseFrame> parse_response(ByteView frame) {
  ByteReader reader(frame, ErrorCode::kCorruptMessage, "response frame");
  ResponseFrame response;
  FLUSS_ASSIGN_OR_RETURN(const uint8_t type, reader.read_u8());
  if (type > static_cast<uint8_t>(ResponseType::kServerFailure)) {
    return reader.error(fmt::format("unknown response type {}", type));
  }
  response.type = static_cast<ResponseType>(type);
  if (response.type != ResponseType::kServerFailure) {
    FLUSS_ASSIGN_OR_RETURN(response.request_id, reader.read_be<int32_t>());
  }
  response.payload = reader.rest();
  return response;
}

std::span<uint8_t> FrameDecoder::prepare(size_t min_bytes) {
  if (begin_ == end_) {
    begin_ = end_ = 0;
    if (buffer_.size() > kRetainedBufferSize) {
      buffer_.resize(kRetainedBufferSize);
      buffer_.shrink_to_fit();
    }
  }
  if (buffer_.size() - end_ < min_bytes) {
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < min_bytes) {
      buffer_.resize(std::max(end_ + min_bytes, 2 * buffer_.size()));
    }
  }
  return {buffer_.data() + end_, buffer_.size() - end_};
}

void FrameDecoder::commit(size_t n) {
  FLUSS_CHECK(n <= buffer_.size() - end_, "commit of {} bytes past the prepared room", n);
  end_ += n;
}

void FrameDecoder::append(ByteView bytes) {
  std::span<uint8_t> room = prepare(bytes.size());
  if (!bytes.empty()) std::memcpy(room.data(), bytes.data(), bytes.size());
  commit(bytes.size());
}

Result<std::optional<ByteView>> FrameDecoder::next() {
  if (buffered() < kLengthFieldSize) return std::optional<ByteView>();
  const int32_t length = load_be<int32_t>(buffer_.data() + begin_);
  if (length <= 0) {
    return make_error(ErrorCode::kCorruptMessage, "frame length {} is not positive", length);
  }
  if (static_cast<int64_t>(length) + static_cast<int64_t>(kLengthFieldSize) > max_frame_size_) {
    return make_error(ErrorCode::kCorruptMessage,
                      "frame of {} bytes exceeds the maximum of {} bytes "
                      "(netty.server.max-request-size, length field included)",
                      static_cast<int64_t>(length) + 4, max_frame_size_);
  }
  if (buffered() - kLengthFieldSize < static_cast<size_t>(length)) {
    return std::optional<ByteView>();
  }
  const ByteView frame(buffer_.data() + begin_ + kLengthFieldSize, static_cast<size_t>(length));
  begin_ += kLengthFieldSize + static_cast<size_t>(length);
  return std::optional<ByteView>(frame);
}

}  // namespace fluss::rpc
