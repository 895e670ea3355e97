// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace fluss::rpc::proto {
class ErrorResponse;
}  // namespace fluss::rpc::proto

namespace fluss::rpc {

// Errors.java's default text for `code` ("The table does not exist."); empty for NONE and for
// fluss-cpp's internal codes. Clients show it when a response carries no error_message.
std::string_view default_error_message(ErrorCode code);

// The code a Status travels as. Internal codes (>= 1000, never on the wire) become
// UNKNOWN_SERVER_ERROR; their meaning stays in the message (error_message_for_wire).
int32_t wire_error_code(const Status& status);

// The error_message to send for `status`, or empty when none is sent (Java's
// ApiError.fromThrowable): Fluss leaves the field out when the message is empty or repeats the
// code's default text. For internal codes the message is prefixed with the internal code's
// name; UNKNOWN_SERVER_ERROR messages (internal codes included) are cut to 2048 bytes, as Java
// cuts its stack traces.
std::string wire_error_message(const Status& status);

// An ERROR_RESPONSE payload for a failed `status` (fluss-wire.md §1.2, §1.8).
proto::ErrorResponse make_error_response(const Status& status);

// The Status an ErrorResponse carries: code from the wire (unknown codes become
// UNKNOWN_SERVER_ERROR, as in the Java client), message = error_message or the default text.
// Code 0 in an ErrorResponse is itself malformed and gives UNKNOWN_SERVER_ERROR.
Status status_from_error_response(const proto::ErrorResponse& response);

// Sets the error_code / error_message pair of any response message that has one (the
// Pb*RespForBucket messages, LimitScanResponse, ScanKvResponse, PbCreateAclRespInfo, ...);
// an OK status clears both (absent code = success).
template <typename PbMessage>
void set_error(PbMessage& message, const Status& status) {
  if (status.ok()) {
    message.clear_error_code();
    message.clear_error_message();
    return;
  }
  message.set_error_code(wire_error_code(status));
  if (std::string text = wire_error_message(status); !text.empty()) {
    message.set_error_message(std::move(text));
  } else {
    message.clear_error_message();
  }
}

// The Status of such a message's error pair: OK when error_code is absent or 0.
template <typename PbMessage>
Status error_of(const PbMessage& message) {
  if (!message.has_error_code() || message.error_code() == 0) return Status::OK();
  ErrorCode code = error_code_from_wire(message.error_code());
  return Status(code, message.has_error_message() ? message.error_message()
                                                  : std::string(default_error_message(code)));
}

}  // namespace fluss::rpc
