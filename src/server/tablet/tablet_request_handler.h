// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>

#include "common/result.h"
#include "rpc/protocol/api_keys.h"
#include "rpc/rpc_server.h"
#include "server/base/metadata_reader.h"
#include "server/tablet/tablet_service.h"

namespace fluss::server {

// The tablet server's rpc::RequestHandler (Fluss's TabletService behind the
// Netty server's RequestHandler): checks the API key and version
// (UNSUPPORTED_VERSION naming them), parses the request (CORRUPT_MESSAGE naming
// the API and fields), calls the TabletService -- or the MetadataReader for the
// metadata reads Fluss serves on both server kinds -- and encodes the response;
// a request-level Status becomes the ERROR_RESPONSE. An API Fluss defines but
// this server has no handler for is UNSUPPORTED_VERSION "... is not served by
// the tablet server". API_VERSIONS lists exactly served_apis() below.
//
// The service calls are synchronous and run on the network thread for now:
// appends to the page cache and RocksDB point writes are short, but a segment
// roll's fsync or a KV tablet opened by NOTIFY_LEADER_AND_ISR (which the
// in-process coordinator delivers on the server's control strand, also a
// network thread) blocks that thread; moving them behind run_blocking is to do.
// PRODUCE_LOG and PUT_KV with acks=-1 answer after the high watermark moves,
// which on a leader-only ISR is at once.
//
// The service and reader outlive the handler. Thread-safe.
class TabletRequestHandler final : public rpc::RequestHandler {
 public:
  // `metadata` may be null: the metadata reads are then not served.
  TabletRequestHandler(TabletService& service, MetadataReader* metadata);

  Task<Result<ByteBuffer>> handle(rpc::Request request) override;

  // The APIs answered (with `metadata`, the reads too), in key order.
  std::span<const rpc::ApiKey> served_apis() const;

 private:
  Result<ByteBuffer> dispatch(const rpc::Request& request);

  TabletService& service_;
  MetadataReader* const metadata_;
};

}  // namespace fluss::server
