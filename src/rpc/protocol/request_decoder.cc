// SPDX-License-Identifier: Apache-2.0
#include "rpc/protocol/request_decoder.h"

#include <google/protobuf/message.h>

#include <limits>

namespace fluss::rpc {

Result<const ApiInfo*> check_api_version(int16_t api_key, int16_t version) {
  const ApiInfo* api = find_api(api_key);
  if (api == nullptr) {
    return make_error(ErrorCode::kUnsupportedVersion, "unknown API key {}", api_key);
  }
  if (!api->supports_version(version)) {
    return make_error(ErrorCode::kUnsupportedVersion,
                      "{} version {} is not supported (versions {}..{})", describe_api_key(api_key),
                      version, api->min_version, api->max_version);
  }
  return api;
}

Status api_not_served(int16_t api_key, ServerType server) {
  return make_error(ErrorCode::kUnsupportedVersion, "{} is not served by the {}",
                    describe_api_key(api_key), server_type_name(server));
}

Status parse_message(ByteView payload, google::protobuf::Message& out, std::string_view context) {
  if (payload.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return make_error(ErrorCode::kCorruptMessage, "{}: payload of {} bytes is too large to parse",
                      context, payload.size());
  }
  // Partial parse: a missing required field is reported below by name, not logged by protobuf.
  if (!out.ParsePartialFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: {} bytes are not a valid {} (bad tag, length or nesting)", context,
                      payload.size(), out.GetTypeName());
  }
  if (!out.IsInitialized()) {
    return make_error(ErrorCode::kCorruptMessage, "{}: {} is missing required field(s) {}", context,
                      out.GetTypeName(), out.InitializationErrorString());
  }
  return Status::OK();
}

Result<std::unique_ptr<google::protobuf::Message>> parse_request(int16_t api_key, int16_t version,
                                                                 ByteView payload) {
  FLUSS_ASSIGN_OR_RETURN(const ApiInfo* api, check_api_version(api_key, version));
  std::unique_ptr<google::protobuf::Message> request = api->new_request();
  FLUSS_RETURN_IF_ERROR(parse_message(
      payload, *request, fmt::format("{} v{} request", describe_api_key(api_key), version)));
  return request;
}

Result<std::unique_ptr<google::protobuf::Message>> parse_request(ApiKey api_key, int16_t version,
                                                                 ByteView payload) {
  return parse_request(static_cast<int16_t>(api_key), version, payload);
}

Status serialize_message(const google::protobuf::Message& message, ByteBuffer& out) {
  if (!message.IsInitialized()) {
    return make_error(ErrorCode::kUnknownServerError,
                      "{} is missing required field(s) {} and cannot be sent",
                      message.GetTypeName(), message.InitializationErrorString());
  }
  const size_t size = message.ByteSizeLong();
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return make_error(ErrorCode::kUnknownServerError, "{} of {} bytes is too large to encode",
                      message.GetTypeName(), size);
  }
  const size_t start = out.size();
  out.resize(start + size);
  message.SerializePartialToArray(out.data() + start, static_cast<int>(size));
  return Status::OK();
}

}  // namespace fluss::rpc
