// SPDX-License-Identifier: Apache-2.0
// Feeds [api_key int16 BE][api_version int16 BE][payload] to the request decoder, as the
// server does with a frame's header and body. Every input either parses, and then re-encodes
// to bytes that parse to the same encoding, or fails with UNSUPPORTED_VERSION (header) or
// CORRUPT_MESSAGE (payload); nothing crashes. The payload is also fed to the request message
// of a second API picked from the key, so every message type sees every input.
#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/bytes.h"
#include "common/check.h"
#include "rpc/protocol/api_keys.h"
#include "rpc/protocol/request_decoder.h"

namespace {

void check_one(int16_t api_key, int16_t version, fluss::ByteView payload) {
  auto parsed = fluss::rpc::parse_request(api_key, version, payload);
  if (!parsed.ok()) {
    FLUSS_CHECK(parsed.status().is(fluss::ErrorCode::kUnsupportedVersion) ||
                    parsed.status().is(fluss::ErrorCode::kCorruptMessage),
                "{}", parsed.status().to_string());
    return;
  }
  fluss::ByteBuffer encoded;
  FLUSS_CHECK(fluss::rpc::serialize_message(**parsed, encoded).ok(), "re-encode failed");
  auto again = fluss::rpc::parse_request(api_key, version, encoded.view());
  FLUSS_CHECK(again.ok(), "re-parse failed: {}", again.status().to_string());
  fluss::ByteBuffer encoded_again;
  FLUSS_CHECK(fluss::rpc::serialize_message(**again, encoded_again).ok(), "re-encode failed");
  FLUSS_CHECK(encoded.string_view() == encoded_again.string_view(), "encoding is not stable");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const int16_t api_key = fluss::load_be<int16_t>(data);
  const int16_t version = fluss::load_be<int16_t>(data + 2);
  const fluss::ByteView payload(data + 4, size - 4);
  check_one(api_key, version, payload);

  const auto apis = fluss::rpc::all_apis();
  const auto& other = apis[static_cast<uint16_t>(api_key) % apis.size()];
  check_one(other.id(), other.max_version, payload);
  return 0;
}
