// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "rpc/protocol/api_keys.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace fluss::rpc {

// Turns request payloads from the network into messages, with an error that names the API and
// what is wrong where Fluss's Java server stays silent (fluss-wire.md §1.8). Stateless and
// thread-safe: plain functions over the ApiKey table.

// The API of a request header, if Fluss defines `api_key` and `version` lies in its range.
// UNSUPPORTED_VERSION otherwise: "unknown API key 1099" / "PUT_KV (1016) version 3 is not
// supported (versions 0..2)".
Result<const ApiInfo*> check_api_version(int16_t api_key, int16_t version);

// UNSUPPORTED_VERSION "GET_TABLE_STATS (1059) is not served by the coordinator": what a server
// answers for an API it has no handler for.
Status api_not_served(int16_t api_key, ServerType server);

// Parses `payload` into `out` (of any message type), replacing its contents.
// CORRUPT_MESSAGE "<context>: ..." when the bytes are not a valid protobuf encoding of the
// message, or when required fields are missing (each named by its path, e.g.
// "buckets_req[0].records"). Unknown fields are kept and ignored, as in Fluss.
Status parse_message(ByteView payload, google::protobuf::Message& out, std::string_view context);

// The request message of API `api_key` at `version`, parsed from `payload`: the header check of
// check_api_version, then parse_message with the API named in the error
// ("PRODUCE_LOG (1014) v0 request: missing required field(s) acks, table_id").
Result<std::unique_ptr<google::protobuf::Message>> parse_request(int16_t api_key, int16_t version,
                                                                 ByteView payload);
Result<std::unique_ptr<google::protobuf::Message>> parse_request(ApiKey api_key, int16_t version,
                                                                 ByteView payload);

// Typed form for code that knows the message type:
//   FLUSS_ASSIGN_OR_RETURN(auto request, parse<proto::FetchLogRequest>(payload, "FETCH_LOG"));
template <typename T>
Result<T> parse(ByteView payload, std::string_view context) {
  T message;
  FLUSS_RETURN_IF_ERROR(parse_message(payload, message, context));
  return message;
}

// Appends the encoding of `message` to `out`. UNKNOWN_SERVER_ERROR naming the message type and
// the missing field(s) when a required field is unset: Fluss's parser would reject the bytes,
// so they are never produced.
Status serialize_message(const google::protobuf::Message& message, ByteBuffer& out);

}  // namespace fluss::rpc
