// SPDX-License-Identifier: Apache-2.0
#include "rpc/frame.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "rpc/protocol/request_decoder.h"

namespace fluss::rpc {
namespace {

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

void encode_request_head(ByteBuffer& out, RequestHeader header, size_t payload_size) {
  const size_t length = kRequestHeaderSize + payload_size;
  FLUSS_CHECK(length <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
              "frame of {} bytes does not fit an int32 length", length);
  out.append_be<int32_t>(static_cast<int32_t>(length));
  out.append_be<int16_t>(header.api_key);
  out.append_be<int16_t>(header.api_version);
  out.append_be<int32_t>(header.request_id);
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
  // error_code, the one required field, is always set: this cannot fail.
  const Status encoded = serialize_message(make_error_response(error), out);
  FLUSS_CHECK(encoded.ok(), "ErrorResponse does not encode: {}", encoded);
}

Status decode_error_payload(ByteView payload) {
  proto::ErrorResponse response;
  FLUSS_RETURN_IF_ERROR(parse_message(payload, response, "ErrorResponse"));
  return status_from_error_response(response);
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

std::optional<FrameDecoder::LargeFrame> FrameDecoder::take_large_frame(size_t min_size,
                                                                       size_t head_size) {
  if (buffered() < kLengthFieldSize + head_size) return std::nullopt;
  const int32_t length = load_be<int32_t>(buffer_.data() + begin_);
  if (length <= 0 || static_cast<size_t>(length) < std::max(min_size, head_size) ||
      static_cast<int64_t>(length) + static_cast<int64_t>(kLengthFieldSize) > max_frame_size_ ||
      buffered() >= kLengthFieldSize + static_cast<size_t>(length)) {
    return std::nullopt;
  }
  LargeFrame frame;
  const uint8_t* head = buffer_.data() + begin_ + kLengthFieldSize;
  frame.head.append(ByteView(head, head_size));
  frame.filled = buffered() - kLengthFieldSize - head_size;
  frame.body.resize_for_overwrite(static_cast<size_t>(length) - head_size);
  std::memcpy(frame.body.data(), head + head_size, frame.filled);
  begin_ = end_ = 0;
  return frame;
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
