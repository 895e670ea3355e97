// SPDX-License-Identifier: Apache-2.0
#pragma once

// The TCP framing of Fluss's RPC (docs/rpc-frames.md; fluss-wire.md §1.1, §1.2):
// every message is an int32 big-endian length and that many bytes. A request
// carries api key, api version and request id before its protobuf payload; a
// response carries a response type and (except SERVER_FAILURE) the request id.

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace fluss::rpc {

// ResponseType.java.
enum class ResponseType : int8_t {
  kSuccess = 0,        // the API's response message
  kError = 1,          // an ErrorResponse for one request
  kServerFailure = 2,  // an ErrorResponse for the connection; no request id; then close
};
std::ostream& operator<<(std::ostream& os, ResponseType type);

inline constexpr size_t kLengthFieldSize = 4;
inline constexpr size_t kRequestHeaderSize = 8;   // api key, api version, request id
inline constexpr size_t kResponseHeaderSize = 5;  // response type, request id
// netty.server.max-request-size's default; the limit counts the length field.
inline constexpr int64_t kDefaultMaxRequestSize = 100 * 1024 * 1024;

struct RequestHeader {
  int16_t api_key = 0;
  int16_t api_version = 0;
  int32_t request_id = 0;
  bool operator==(const RequestHeader&) const = default;
};
std::ostream& operator<<(std::ostream& os, const RequestHeader& header);

// A decoded request; `payload` points into the bytes it was parsed from.
struct RequestFrame {
  RequestHeader header;
  ByteView payload;
};

// A decoded response; `request_id` is absent for SERVER_FAILURE.
struct ResponseFrame {
  ResponseType type = ResponseType::kSuccess;
  std::optional<int32_t> request_id;
  ByteView payload;
};

// Appenders of whole frames (length included) to `out`.
void encode_request(ByteBuffer& out, RequestHeader header, ByteView payload);
// The length field and header of a request frame whose `payload_size` bytes of payload
// follow separately (a scatter-gather write).
void encode_request_head(ByteBuffer& out, RequestHeader header, size_t payload_size);
void encode_success_response(ByteBuffer& out, int32_t request_id, ByteView payload);
// An ERROR_RESPONSE carrying `error` (which must not be OK) for `request_id`.
void encode_error_response(ByteBuffer& out, int32_t request_id, const Status& error);
void encode_server_failure(ByteBuffer& out, const Status& error);

// The ErrorResponse message (proto2: 1 int32 error_code required, 2 string
// error_message optional) of rpc::make_error_response, Java's ApiError rule
// (docs/rpc-frames.md): the message is omitted when empty or equal to the
// code's default text; internal codes (>= 1000) go out as UNKNOWN_SERVER_ERROR
// with their name in front of the message.
void encode_error_payload(ByteBuffer& out, const Status& error);
// The error an ErrorResponse carries (rpc::status_from_error_response); never
// OK. A payload that does not parse or lacks error_code is CORRUPT_MESSAGE; code
// 0 and codes we do not know become UNKNOWN_SERVER_ERROR, as in the Java
// client; an absent message becomes the code's default text.
Status decode_error_payload(ByteView payload);

// Parses the bytes after the length field. CORRUPT_MESSAGE when the header is
// short or the response type unknown.
Result<RequestFrame> parse_request(ByteView frame);
Result<ResponseFrame> parse_response(ByteView frame);

// Splits a byte stream into frames: any split of the stream into reads gives
// the same frames. Network bytes are read straight into its buffer:
//   auto room = decoder.prepare(64 * 1024);   // read up to room.size() bytes
//   decoder.commit(n);
//   while (auto frame = decoder.next()) ...  // Result<optional<ByteView>>
// A length that is negative, zero, or (with its 4 bytes) larger than
// `max_frame_size` is a CORRUPT_MESSAGE error; the stream cannot continue
// after it. Not thread-safe.
class FrameDecoder {
 public:
  explicit FrameDecoder(int64_t max_frame_size = kDefaultMaxRequestSize)
      : max_frame_size_(max_frame_size) {}

  // Room for at least `min_bytes` more bytes. Invalidates views from next().
  std::span<uint8_t> prepare(size_t min_bytes);
  // Marks `n` bytes of the last prepare() as received.
  void commit(size_t n);
  // prepare + copy + commit.
  void append(ByteView bytes);

  // The next whole frame without its length field, nullopt if more bytes are
  // needed. The view stays valid until the next prepare() or append().
  Result<std::optional<ByteView>> next();

  // Bytes received but not yet returned as frames.
  size_t buffered() const { return end_ - begin_; }

  // A large frame read past the buffer: its first `head_size` bytes (the request header),
  // and a body buffer of the rest's exact size whose first `filled` bytes are in. The reader
  // fills the remainder straight from the socket and owns the body: no copy after the kernel's.
  struct LargeFrame {
    ByteBuffer head;
    ByteBuffer body;
    size_t filled = 0;
  };
  // When the next frame is at least `min_size` bytes, its length field and first `head_size`
  // bytes are buffered and the frame is not yet whole: takes it out of the decoder (which is
  // then empty). nullopt otherwise; a bad length is left for next() to report.
  std::optional<LargeFrame> take_large_frame(size_t min_size, size_t head_size);

 private:
  int64_t max_frame_size_;
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last received byte
};

}  // namespace fluss::rpc
