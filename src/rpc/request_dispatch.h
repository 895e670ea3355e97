// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>

#include "common/bytes.h"
#include "common/result.h"
#include "rpc/protocol/api_keys.h"
#include "rpc/protocol/request_decoder.h"
#include "rpc/rpc_server.h"

namespace fluss::rpc {

// Helpers for the RequestHandlers of the servers (Fluss's RequestHandler +
// RpcGatewayService dispatch): parse the request message, call the service,
// encode the response. Header-only templates; stateless.

// How parse errors name a request: "PRODUCE_LOG (1014) v0 request".
inline std::string request_context(const RequestHeader& header) {
  return fmt::format("{} v{} request", describe_api_key(header.api_key), header.api_version);
}

// The SUCCESS_RESPONSE payload of `message`.
template <typename Message>
Result<ByteBuffer> encode_response(const Message& message) {
  ByteBuffer out;
  FLUSS_RETURN_IF_ERROR(serialize_message(message, out));
  return out;
}

// A failed Result travels as an ERROR_RESPONSE (the RpcServer encodes the Status).
template <typename Message>
Result<ByteBuffer> encode_response(const Result<Message>& result) {
  if (!result.ok()) return result.status();
  return encode_response(*result);
}

// Parses `request`'s payload as `RequestMessage` (CORRUPT_MESSAGE naming the API
// and the fields) and encodes what `call(message)` returns: a response message or
// a Result of one. `call` gets the message by non-const reference (PRODUCE_LOG
// assigns offsets in place).
template <typename RequestMessage, typename Call>
Result<ByteBuffer> serve(const Request& request, Call&& call) {
  FLUSS_ASSIGN_OR_RETURN(
      RequestMessage message,
      parse<RequestMessage>(request.payload.view(), request_context(request.header)));
  return encode_response(std::forward<Call>(call)(message));
}

}  // namespace fluss::rpc
