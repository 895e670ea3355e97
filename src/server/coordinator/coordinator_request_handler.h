// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>

#include "common/result.h"
#include "rpc/protocol/api_keys.h"
#include "rpc/rpc_server.h"
#include "server/coordinator/coordinator_service.h"

namespace fluss::server {

// The coordinator's rpc::RequestHandler (Fluss's CoordinatorService behind the
// Netty server's RequestHandler): checks the API key and version
// (UNSUPPORTED_VERSION naming them), parses the request (CORRUPT_MESSAGE naming
// the API and fields), calls the CoordinatorService and encodes its response; a
// failed Status becomes the ERROR_RESPONSE. An API Fluss defines that has no
// handler here is UNSUPPORTED_VERSION "... is not served by the coordinator".
// API_VERSIONS lists exactly served_apis().
//
// The service calls are synchronous (one mutex; metadata commits fsync the
// journal) and run on the network thread for now: metadata changes are rare.
// DESIGN.md §5's coordinator strand replaces the mutex later.
//
// The service outlives the handler. Thread-safe.
class CoordinatorRequestHandler final : public rpc::RequestHandler {
 public:
  explicit CoordinatorRequestHandler(CoordinatorService& service) : service_(service) {}

  Task<Result<ByteBuffer>> handle(rpc::Request request) override;

  // The APIs answered, in key order.
  static std::span<const rpc::ApiKey> served_apis();

 private:
  Result<ByteBuffer> dispatch(const rpc::Request& request);

  CoordinatorService& service_;
};

}  // namespace fluss::server
