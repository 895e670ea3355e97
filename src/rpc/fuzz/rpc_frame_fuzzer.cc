// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes, in input-chosen chunks, through the frame decoder and
// parses every frame as a request, a response and an ErrorResponse. Nothing
// may crash or read out of bounds; every failure must be a Status.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "rpc/frame.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  if (size == 0) return 0;
  // The first byte picks the read size, so partial frames are exercised too.
  const size_t chunk = 1 + data[0] % 64;
  ByteView input(data + 1, size - 1);
  rpc::FrameDecoder decoder(/*max_frame_size=*/1 << 16);
  while (!input.empty()) {
    const size_t n = std::min(chunk, input.size());
    std::span<uint8_t> room = decoder.prepare(n);
    std::memcpy(room.data(), input.data(), n);
    decoder.commit(n);
    input = input.subspan(n);
    while (true) {
      Result<std::optional<ByteView>> frame = decoder.next();
      if (!frame.ok()) return 0;  // the stream is dead after a framing error
      if (!frame->has_value()) break;
      const ByteView bytes = **frame;
      if (Result<rpc::RequestFrame> request = rpc::parse_request(bytes); request.ok()) {
        (void)rpc::decode_error_payload(request->payload);
      }
      if (Result<rpc::ResponseFrame> response = rpc::parse_response(bytes); response.ok()) {
        const Status error = rpc::decode_error_payload(response->payload);
        ByteBuffer again;
        rpc::encode_error_payload(again, error);
      }
    }
  }
  return 0;
}
