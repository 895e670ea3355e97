// SPDX-License-Identifier: Apache-2.0
#include "connection_impl.h"

#include <fmt/format.h>

#include <future>

#include "common/logging.h"
#include "model/json_serde.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "writer_client.h"

namespace fluss::client::detail {

namespace proto = ::fluss::rpc::proto;
using ::fluss::ErrorCode;
using ::fluss::make_error;
using ::fluss::Status;

::fluss::Result<std::vector<Endpoint>> parse_bootstrap_servers(const std::string& text) {
  std::vector<Endpoint> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    // Trim blanks.
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty()) continue;
    size_t colon = item.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "bootstrap.servers: '{}' is not host:port", item);
    }
    std::string host = item.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    int port = 0;
    for (char c : item.substr(colon + 1)) {
      if (c < '0' || c > '9' || port > 65535) {
        return make_error(ErrorCode::kInvalidConfigException,
                          "bootstrap.servers: '{}' has a bad port", item);
      }
      port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "bootstrap.servers: '{}' has a bad port", item);
    }
    out.push_back(Endpoint{-1, host, static_cast<uint16_t>(port)});
  }
  if (out.empty()) {
    return make_error(ErrorCode::kInvalidConfigException, "bootstrap.servers is empty");
  }
  return out;
}

namespace {

// Runs on the network thread; holds no reference to the ConnectionImpl (the pool and the
// handshake live as long as the network thread).
::fluss::Task<> do_call(::fluss::rpc::ConnectionPool* pool, ApiVersionsHandshake* handshake,
                        Endpoint to, int16_t api, int16_t version, ::fluss::GatherBytes payload,
                        ::fluss::Clock::time_point deadline, ResponseCallback done) {
  auto connection = co_await pool->get(to.host, to.port);
  if (!connection.ok()) {
    done(connection.status());
    co_return;
  }
  auto chosen =
      handshake->choose(**connection, static_cast<::fluss::rpc::ApiKey>(api), version, version);
  if (!chosen.ok()) {
    done(chosen.status());
    co_return;
  }
  auto response = co_await (*connection)->call(api, *chosen, std::move(payload), deadline);
  done(std::move(response));
}

std::string path_key(const ::fluss::TablePath& path) { return path.database + "." + path.table; }

std::string_view server_type_name(int32_t type) {
  switch (type) {
    case static_cast<int32_t>(::fluss::rpc::ServerType::kCoordinator):
      return "coordinator";
    case static_cast<int32_t>(::fluss::rpc::ServerType::kTabletServer):
      return "tablet server";
    default:
      return "server";
  }
}

}  // namespace

// ---- ApiVersionsHandshake ----

::fluss::Task<::fluss::Status> ApiVersionsHandshake::run(
    std::shared_ptr<::fluss::rpc::ServerConnection> connection) {
  proto::ApiVersionsRequest request;
  request.set_client_software_name("fluss-cpp");
  request.set_client_software_version("0.1.0");
  ::fluss::ByteBuffer payload;
  if (Status status = ::fluss::rpc::serialize_message(request, payload); !status.ok()) {
    co_return status;
  }
  auto response =
      co_await connection->call(static_cast<int16_t>(::fluss::rpc::ApiKey::kApiVersions), 0,
                                std::move(payload), ::fluss::Clock::now() + timeout_);
  const std::string context = fmt::format("API_VERSIONS handshake with {}", connection->address());
  if (!response.ok()) co_return response.status().with_context(context);
  auto parsed = ::fluss::rpc::parse<proto::ApiVersionsResponse>(response->view(), "API_VERSIONS");
  if (!parsed.ok()) co_return parsed.status().with_context(context);
  Server server;
  server.connection = connection;
  server.server_type = parsed->has_server_type() ? parsed->server_type() : -1;
  for (const auto& api : parsed->api_versions()) {
    server.versions[static_cast<int16_t>(api.api_key())] = {
        static_cast<int16_t>(api.min_version()), static_cast<int16_t>(api.max_version())};
  }
  std::lock_guard lock(mu_);
  // Forget connections that are gone (a new one may reuse an address in memory).
  std::erase_if(servers_, [](const auto& entry) { return entry.second.connection.expired(); });
  servers_[connection.get()] = std::move(server);
  co_return Status::OK();
}

::fluss::Result<int16_t> ApiVersionsHandshake::choose(
    const ::fluss::rpc::ServerConnection& connection, ::fluss::rpc::ApiKey api, int16_t client_min,
    int16_t client_max) {
  std::lock_guard lock(mu_);
  auto server = servers_.find(&connection);
  if (server == servers_.end()) return client_max;
  auto range = server->second.versions.find(static_cast<int16_t>(api));
  if (range == server->second.versions.end()) {
    return make_error(ErrorCode::kUnsupportedVersion,
                      "the {} at {} does not serve {} (API key {}) by its API_VERSIONS answer",
                      server_type_name(server->second.server_type), connection.address(),
                      ::fluss::rpc::api_key_name(api), static_cast<int16_t>(api));
  }
  const auto [server_min, server_max] = range->second;
  const int16_t version = std::min(client_max, server_max);
  if (version < std::max(client_min, server_min)) {
    return make_error(ErrorCode::kUnsupportedVersion,
                      "the {} at {} serves {} versions [{}, {}]; this client speaks [{}, {}]",
                      server_type_name(server->second.server_type), connection.address(),
                      ::fluss::rpc::api_key_name(api), server_min, server_max, client_min,
                      client_max);
  }
  return version;
}

ConnectionImpl::ConnectionImpl(Configuration config, std::vector<Endpoint> bootstrap)
    : config_(std::move(config)),
      bootstrap_(std::move(bootstrap)),
      io_(std::make_unique<::fluss::IoContextPool>(1, "fluss-client")),
      handshake_(std::make_unique<ApiVersionsHandshake>(
          std::chrono::milliseconds(std::min<uint64_t>(config_.request_timeout_ms, INT32_MAX)))),
      pool_(std::make_unique<::fluss::rpc::ConnectionPool>(io_->at(0).get_executor(),
                                                           handshake_.get())) {}

ConnectionImpl::~ConnectionImpl() {
  {
    std::lock_guard lock(writer_mu_);
    if (writer_) writer_->close();
    writer_.reset();
  }
  pool_->close_all();
  io_->stop();
}

::fluss::Result<std::shared_ptr<ConnectionImpl>> ConnectionImpl::create(
    const Configuration& config) {
  FLUSS_ASSIGN_OR_RETURN(auto bootstrap, parse_bootstrap_servers(config.bootstrap_servers));
  std::shared_ptr<ConnectionImpl> impl(new ConnectionImpl(config, std::move(bootstrap)));
  FLUSS_RETURN_IF_ERROR(impl->refresh_cluster());
  return impl;
}

void ConnectionImpl::call_async(const Endpoint& to, ::fluss::rpc::ApiKey api, int16_t version,
                                const google::protobuf::Message& request, ResponseCallback done) {
  ::fluss::ByteBuffer payload;
  if (Status status = ::fluss::rpc::serialize_message(request, payload); !status.ok()) {
    done(std::move(status));
    return;
  }
  call_async(to, api, version, ::fluss::GatherBytes(std::move(payload)), std::move(done));
}

void ConnectionImpl::call_async(const Endpoint& to, ::fluss::rpc::ApiKey api, int16_t version,
                                ::fluss::GatherBytes payload, ResponseCallback done) {
  auto deadline = ::fluss::Clock::now() + std::chrono::milliseconds(config_.request_timeout_ms);
  asio::co_spawn(io_->at(0),
                 do_call(pool_.get(), handshake_.get(), to, static_cast<int16_t>(api), version,
                         std::move(payload), deadline, std::move(done)),
                 asio::detached);
}

::fluss::Result<::fluss::ByteBuffer> ConnectionImpl::call(
    const Endpoint& to, ::fluss::rpc::ApiKey api, int16_t version,
    const google::protobuf::Message& request) {
  auto promise = std::make_shared<std::promise<::fluss::Result<::fluss::ByteBuffer>>>();
  auto future = promise->get_future();
  call_async(to, api, version, request, [promise](::fluss::Result<::fluss::ByteBuffer> response) {
    promise->set_value(std::move(response));
  });
  auto response = future.get();
  if (!response.ok()) {
    return response.status().with_context(
        fmt::format("{} to {}", ::fluss::rpc::api_key_name(api), to.to_string()));
  }
  return response;
}

// ---- Metadata ----

Status ConnectionImpl::apply_metadata(const void* raw) {
  const auto& response = *static_cast<const proto::MetadataResponse*>(raw);
  std::lock_guard lock(mu_);
  if (response.has_coordinator_server()) {
    const auto& node = response.coordinator_server();
    coordinator_ = Endpoint{node.node_id(), node.host(), static_cast<uint16_t>(node.port())};
  }
  if (response.tablet_servers_size() > 0) tablet_servers_.clear();
  for (const auto& node : response.tablet_servers()) {
    tablet_servers_[node.node_id()] =
        Endpoint{node.node_id(), node.host(), static_cast<uint16_t>(node.port())};
  }
  for (const auto& table : response.table_metadata()) {
    auto descriptor = ::fluss::table_descriptor_from_json(table.table_json());
    if (!descriptor.ok()) return descriptor.status();
    ::fluss::TablePath path{table.table_path().database_name(), table.table_path().table_name()};
    auto info = ::fluss::TableInfo::of(
        path, ::fluss::TableId(table.table_id()), ::fluss::SchemaId(table.schema_id()), *descriptor,
        table.has_remote_data_dir() ? std::optional<std::string>(table.remote_data_dir())
                                    : std::nullopt,
        table.created_time(), table.modified_time());
    if (!info.ok()) return info.status();
    auto meta = std::make_shared<TableMetadata>(TableMetadata{std::move(*info), {}});
    meta->leaders.assign(static_cast<size_t>(std::max(meta->info.num_buckets(), 0)), -1);
    for (const auto& bucket : table.bucket_metadata()) {
      if (bucket.bucket_id() >= 0 &&
          static_cast<size_t>(bucket.bucket_id()) < meta->leaders.size()) {
        meta->leaders[static_cast<size_t>(bucket.bucket_id())] =
            bucket.has_leader_id() ? bucket.leader_id() : -1;
      }
    }
    tables_[path_key(path)] = std::move(meta);
  }
  for (const auto& partition : response.partition_metadata()) {
    std::vector<int32_t> leaders;
    for (const auto& bucket : partition.bucket_metadata()) {
      if (bucket.bucket_id() < 0 || bucket.bucket_id() > 1 << 20) continue;
      if (leaders.size() <= static_cast<size_t>(bucket.bucket_id())) {
        leaders.resize(static_cast<size_t>(bucket.bucket_id()) + 1, -1);
      }
      leaders[static_cast<size_t>(bucket.bucket_id())] =
          bucket.has_leader_id() ? bucket.leader_id() : -1;
    }
    partition_leaders_[partition.partition_id()] = std::move(leaders);
    for (const auto& [path, meta] : tables_) {
      if (meta->info.table_id().value() == partition.table_id()) {
        partition_ids_[{path, partition.partition_name()}] = partition.partition_id();
      }
    }
  }
  return Status::OK();
}

Status ConnectionImpl::fetch_metadata(const ::fluss::TablePath* table,
                                      const std::string* partition_name) {
  proto::MetadataRequest request;
  if (table != nullptr) {
    auto* path = request.add_table_path();
    path->set_database_name(table->database);
    path->set_table_name(table->table);
    if (partition_name != nullptr) {
      auto* physical = request.add_partitions_path();
      physical->set_database_name(table->database);
      physical->set_table_name(table->table);
      physical->set_partition_name(*partition_name);
    }
  }
  // Any known server answers GET_METADATA; try the known ones, then the bootstrap list.
  std::vector<Endpoint> candidates;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, endpoint] : tablet_servers_) candidates.push_back(endpoint);
    if (coordinator_) candidates.push_back(*coordinator_);
  }
  candidates.insert(candidates.end(), bootstrap_.begin(), bootstrap_.end());
  Status last = make_error(ErrorCode::kNetworkException, "no server to ask for metadata");
  for (const Endpoint& endpoint : candidates) {
    auto response =
        call<proto::MetadataResponse>(endpoint, ::fluss::rpc::ApiKey::kGetMetadata, 0, request);
    if (response.ok()) return apply_metadata(&*response);
    last = response.status();
    // Only a network failure makes another server worth asking.
    if (!last.is(ErrorCode::kNetworkException) && !last.is(ErrorCode::kRequestTimeOut)) {
      return last;
    }
  }
  return last;
}

Status ConnectionImpl::refresh_cluster() { return fetch_metadata(nullptr, nullptr); }

::fluss::Result<Endpoint> ConnectionImpl::coordinator_endpoint() {
  {
    std::lock_guard lock(mu_);
    if (coordinator_) return *coordinator_;
  }
  return bootstrap_.front();
}

std::optional<Endpoint> ConnectionImpl::coordinator() {
  std::lock_guard lock(mu_);
  return coordinator_;
}

std::vector<Endpoint> ConnectionImpl::tablet_servers() {
  std::lock_guard lock(mu_);
  std::vector<Endpoint> out;
  for (const auto& [id, endpoint] : tablet_servers_) out.push_back(endpoint);
  return out;
}

::fluss::Result<Endpoint> ConnectionImpl::tablet_server(int32_t id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    {
      std::lock_guard lock(mu_);
      auto it = tablet_servers_.find(id);
      if (it != tablet_servers_.end()) return it->second;
    }
    if (attempt == 0) FLUSS_RETURN_IF_ERROR(refresh_cluster());
  }
  return make_error(ErrorCode::kLeaderNotAvailableException, "tablet server {} is not alive", id);
}

::fluss::Result<Endpoint> ConnectionImpl::any_tablet_server() {
  for (int attempt = 0; attempt < 2; ++attempt) {
    {
      std::lock_guard lock(mu_);
      if (!tablet_servers_.empty()) return tablet_servers_.begin()->second;
    }
    if (attempt == 0) FLUSS_RETURN_IF_ERROR(refresh_cluster());
  }
  return make_error(ErrorCode::kLeaderNotAvailableException, "no tablet server is alive");
}

::fluss::Result<std::shared_ptr<const TableMetadata>> ConnectionImpl::table(
    const ::fluss::TablePath& path, bool refresh) {
  if (!refresh) {
    std::lock_guard lock(mu_);
    auto it = tables_.find(path_key(path));
    if (it != tables_.end()) return it->second;
  }
  FLUSS_RETURN_IF_ERROR(fetch_metadata(&path, nullptr));
  std::lock_guard lock(mu_);
  auto it = tables_.find(path_key(path));
  if (it == tables_.end()) {
    return make_error(ErrorCode::kTableNotExist, "table '{}' does not exist", path_key(path));
  }
  return it->second;
}

::fluss::Result<int64_t> ConnectionImpl::partition_id(const ::fluss::TablePath& path,
                                                      const std::string& partition_name,
                                                      bool refresh) {
  if (!refresh) {
    std::lock_guard lock(mu_);
    auto it = partition_ids_.find({path_key(path), partition_name});
    if (it != partition_ids_.end()) return it->second;
  }
  FLUSS_RETURN_IF_ERROR(fetch_metadata(&path, &partition_name));
  std::lock_guard lock(mu_);
  auto it = partition_ids_.find({path_key(path), partition_name});
  if (it == partition_ids_.end()) {
    return make_error(ErrorCode::kPartitionNotExists, "partition '{}' of table '{}' does not exist",
                      partition_name, path_key(path));
  }
  return it->second;
}

std::optional<Endpoint> ConnectionImpl::cached_leader(const ::fluss::TablePath& path,
                                                      int64_t partition_id, int32_t bucket) {
  std::lock_guard lock(mu_);
  const std::vector<int32_t>* leaders = nullptr;
  if (partition_id < 0) {
    auto it = tables_.find(path_key(path));
    if (it != tables_.end()) leaders = &it->second->leaders;
  } else {
    auto it = partition_leaders_.find(partition_id);
    if (it != partition_leaders_.end()) leaders = &it->second;
  }
  if (leaders == nullptr || bucket < 0 || static_cast<size_t>(bucket) >= leaders->size()) {
    return std::nullopt;
  }
  auto server = tablet_servers_.find((*leaders)[static_cast<size_t>(bucket)]);
  if (server == tablet_servers_.end()) return std::nullopt;
  return server->second;
}

::fluss::Result<Endpoint> ConnectionImpl::leader(const ::fluss::TablePath& path,
                                                 int64_t partition_id, int32_t bucket,
                                                 bool refresh) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fetch = refresh || attempt > 0;
    int32_t leader_id = -1;
    std::string partition_name;
    if (partition_id < 0) {
      FLUSS_ASSIGN_OR_RETURN(auto meta, table(path, fetch));
      if (bucket < 0 || static_cast<size_t>(bucket) >= meta->leaders.size()) {
        return make_error(ErrorCode::kUnknownTableOrBucketException, "table '{}' has no bucket {}",
                          path_key(path), bucket);
      }
      leader_id = meta->leaders[static_cast<size_t>(bucket)];
    } else {
      if (fetch) {
        std::string name;
        {
          std::lock_guard lock(mu_);
          for (const auto& [key, id] : partition_ids_) {
            if (id == partition_id) name = key.second;
          }
        }
        FLUSS_RETURN_IF_ERROR(table(path, true).status());
        if (!name.empty()) FLUSS_RETURN_IF_ERROR(this->partition_id(path, name, true).status());
      }
      std::lock_guard lock(mu_);
      auto it = partition_leaders_.find(partition_id);
      if (it != partition_leaders_.end() && bucket >= 0 &&
          static_cast<size_t>(bucket) < it->second.size()) {
        leader_id = it->second[static_cast<size_t>(bucket)];
      }
    }
    if (leader_id >= 0) return tablet_server(leader_id);
    if (refresh) break;
  }
  return make_error(ErrorCode::kLeaderNotAvailableException,
                    "no leader for bucket {} of table '{}'{}", bucket, path_key(path),
                    partition_id >= 0 ? fmt::format(" (partition {})", partition_id) : "");
}

void ConnectionImpl::invalidate_leaders(const ::fluss::TablePath& path) {
  std::lock_guard lock(mu_);
  tables_.erase(path_key(path));
}

WriterClient& ConnectionImpl::writer() {
  std::lock_guard lock(writer_mu_);
  if (!writer_) writer_ = std::make_unique<WriterClient>(this);
  return *writer_;
}

}  // namespace fluss::client::detail
