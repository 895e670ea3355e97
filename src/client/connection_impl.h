// SPDX-License-Identifier: Apache-2.0
// The shared state behind a public Connection: the network thread, the RPC connection pool,
// the metadata cache (servers, tables, partitions, bucket leaders) and the write path.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/io_context_pool.h"
#include "common/result.h"
#include "fluss/configuration.h"
#include "fluss/types.h"
#include "model/table_info.h"
#include "rpc/protocol/api_keys.h"
#include "rpc/protocol/request_decoder.h"
#include "rpc/rpc_client.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace fluss::client::detail {

class WriterClient;

struct Endpoint {
  int32_t id = -1;  // -1 for a bootstrap address
  std::string host;
  uint16_t port = 0;

  std::string to_string() const { return host + ":" + std::to_string(port); }
};

// Parses "host:port[,host:port...]" (IPv6 as "[::1]:9123"); INVALID_CONFIG_EXCEPTION.
::fluss::Result<std::vector<Endpoint>> parse_bootstrap_servers(const std::string& text);

// A table as the cache knows it: the internal TableInfo plus its bucket leaders.
struct TableMetadata {
  ::fluss::TableInfo info;
  std::vector<int32_t> leaders;  // per bucket of a non-partitioned table; -1 = unknown
};

using ResponseCallback = std::function<void(::fluss::Result<::fluss::ByteBuffer>)>;

// The API_VERSIONS handshake of every new connection (fluss-wire §1.4) and the version
// choice of every call on it (§1.5): what each live connection's server advertised.
// Thread-safe; run() on the network thread.
class ApiVersionsHandshake : public ::fluss::rpc::ConnectionHandshake {
 public:
  explicit ApiVersionsHandshake(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  // Sends API_VERSIONS first on `connection` and keeps the answer; the error (named
  // "API_VERSIONS handshake with <address>") when the server does not answer it.
  ::fluss::Task<::fluss::Status> run(
      std::shared_ptr<::fluss::rpc::ServerConnection> connection) override;

  // The version to send `api` in on `connection`: the highest of the client's
  // [client_min, client_max] the server serves. UNSUPPORTED_VERSION naming the API and the
  // server when it does not serve the API or none of those versions. A connection without a
  // handshake gets client_max.
  ::fluss::Result<int16_t> choose(const ::fluss::rpc::ServerConnection& connection,
                                  ::fluss::rpc::ApiKey api, int16_t client_min, int16_t client_max);

 private:
  struct Server {
    std::weak_ptr<::fluss::rpc::ServerConnection> connection;
    int32_t server_type = -1;
    std::map<int16_t, std::pair<int16_t, int16_t>> versions;  // api key -> [min, max]
  };

  const std::chrono::milliseconds timeout_;
  std::mutex mu_;
  std::map<const ::fluss::rpc::ServerConnection*, Server> servers_;  // guarded by mu_
};

// Thread-safe. Owned through shared_ptr by the public handles; the last one destroys it, which
// stops the writer and the network thread (never from the network thread: callbacks hold no
// reference to it).
class ConnectionImpl {
 public:
  static ::fluss::Result<std::shared_ptr<ConnectionImpl>> create(const Configuration& config);
  ~ConnectionImpl();

  const Configuration& config() const { return config_; }

  // Sends one request to `to` in `version` and calls `done` with the response payload (on the
  // network thread). Never blocks. A server that does not serve `api` in `version` (by its
  // API_VERSIONS answer) fails the call locally with UNSUPPORTED_VERSION.
  void call_async(const Endpoint& to, ::fluss::rpc::ApiKey api, int16_t version,
                  const google::protobuf::Message& request, ResponseCallback done);
  // The same with an encoded payload whose borrowed pieces (record batches) are written to
  // the socket without a copy.
  void call_async(const Endpoint& to, ::fluss::rpc::ApiKey api, int16_t version,
                  ::fluss::GatherBytes payload, ResponseCallback done);
  // Blocking form; REQUEST_TIME_OUT after client.request-timeout.
  ::fluss::Result<::fluss::ByteBuffer> call(const Endpoint& to, ::fluss::rpc::ApiKey api,
                                            int16_t version,
                                            const google::protobuf::Message& request);
  template <typename Response>
  ::fluss::Result<Response> call(const Endpoint& to, ::fluss::rpc::ApiKey api, int16_t version,
                                 const google::protobuf::Message& request) {
    FLUSS_ASSIGN_OR_RETURN(auto payload, call(to, api, version, request));
    return ::fluss::rpc::parse<Response>(payload.view(), ::fluss::rpc::api_key_name(api));
  }
  // To the coordinator (a bootstrap server until the coordinator is known); one retry after a
  // metadata refresh on a network error.
  template <typename Response>
  ::fluss::Result<Response> call_coordinator(::fluss::rpc::ApiKey api,
                                             const google::protobuf::Message& request) {
    FLUSS_ASSIGN_OR_RETURN(Endpoint coordinator, coordinator_endpoint());
    auto response = call<Response>(coordinator, api, 0, request);
    if (!response.ok() && response.status().is(::fluss::ErrorCode::kNetworkException)) {
      FLUSS_RETURN_IF_ERROR(refresh_cluster());
      FLUSS_ASSIGN_OR_RETURN(coordinator, coordinator_endpoint());
      response = call<Response>(coordinator, api, 0, request);
    }
    return response;
  }

  // ---- Metadata ----
  // GET_METADATA without tables: the coordinator and the live tablet servers.
  ::fluss::Status refresh_cluster();
  ::fluss::Result<Endpoint> coordinator_endpoint();
  ::fluss::Result<Endpoint> tablet_server(int32_t id);
  // Any live tablet server (for INIT_WRITER).
  ::fluss::Result<Endpoint> any_tablet_server();
  std::vector<Endpoint> tablet_servers();
  std::optional<Endpoint> coordinator();

  // The table's cached metadata, fetched when absent or when `refresh`.
  ::fluss::Result<std::shared_ptr<const TableMetadata>> table(const ::fluss::TablePath& path,
                                                              bool refresh = false);
  // The id of a partition by name, fetched when absent or when `refresh`; PARTITION_NOT_EXISTS.
  ::fluss::Result<int64_t> partition_id(const ::fluss::TablePath& path,
                                        const std::string& partition_name, bool refresh = false);
  // The leader of a bucket (partition_id -1 for non-partitioned tables), from the cache unless
  // `refresh`; LEADER_NOT_AVAILABLE_EXCEPTION when there is none.
  ::fluss::Result<Endpoint> leader(const ::fluss::TablePath& path, int64_t partition_id,
                                   int32_t bucket, bool refresh = false);
  // The bucket's leader if the cache knows it and its server; never fetches, so the network
  // thread may call it.
  std::optional<Endpoint> cached_leader(const ::fluss::TablePath& path, int64_t partition_id,
                                        int32_t bucket);
  // Forgets what the cache knows about a table's leaders (after NOT_LEADER_OR_FOLLOWER and
  // friends); the next leader() fetches them again.
  void invalidate_leaders(const ::fluss::TablePath& path);

  // The shared write path (RecordAccumulator + sender), created on first use.
  WriterClient& writer();

 private:
  explicit ConnectionImpl(Configuration config, std::vector<Endpoint> bootstrap);
  ::fluss::Status apply_metadata(const void* response);  // proto::MetadataResponse
  ::fluss::Status fetch_metadata(const ::fluss::TablePath* table,
                                 const std::string* partition_name);

  const Configuration config_;
  const std::vector<Endpoint> bootstrap_;
  std::unique_ptr<::fluss::IoContextPool> io_;
  std::unique_ptr<ApiVersionsHandshake> handshake_;  // before pool_, which uses it
  std::unique_ptr<::fluss::rpc::ConnectionPool> pool_;

  std::mutex mu_;
  std::optional<Endpoint> coordinator_;                                 // guarded by mu_
  std::map<int32_t, Endpoint> tablet_servers_;                          // guarded by mu_
  std::map<std::string, std::shared_ptr<const TableMetadata>> tables_;  // by "db.table"; mu_
  // (table path, partition name) -> partition id, and (partition id) -> bucket leaders.
  std::map<std::pair<std::string, std::string>, int64_t> partition_ids_;  // guarded by mu_
  std::map<int64_t, std::vector<int32_t>> partition_leaders_;             // guarded by mu_

  std::mutex writer_mu_;
  std::unique_ptr<WriterClient> writer_;  // guarded by writer_mu_ (creation only)
};

}  // namespace fluss::client::detail
