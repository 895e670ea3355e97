// SPDX-License-Identifier: Apache-2.0
#include "server/coordinator/coordinator_server.h"

#include <atomic>
#include <chrono>
#include <utility>

#include "common/config_options.h"
#include "common/logging.h"
#include "storage/fs/posix_file_system.h"

namespace fluss::server {

// The RPC server's handler while the service does not exist yet: the service
// needs the bound port (GET_METADATA reports it), which exists only once the
// RpcServer listens. Nobody knows the port before start() returns, so the
// window is for port scanners only.
class CoordinatorServer::StartingHandler final : public rpc::RequestHandler {
 public:
  void set(rpc::RequestHandler* target) { target_.store(target); }

  Task<Result<ByteBuffer>> handle(rpc::Request request) override {
    rpc::RequestHandler* target = target_.load();
    if (target == nullptr) {
      co_return Status(ErrorCode::kNetworkException, "the coordinator is starting");
    }
    co_return co_await target->handle(std::move(request));
  }

 private:
  std::atomic<rpc::RequestHandler*> target_{nullptr};
};

CoordinatorServer::CoordinatorServer(CoordinatorServerOptions options, IoContextPool& pool)
    : options_(std::move(options)), pool_(pool) {}

CoordinatorServer::~CoordinatorServer() { stop().ignore_error(); }

Result<std::unique_ptr<CoordinatorServer>> CoordinatorServer::start(
    CoordinatorServerOptions options, IoContextPool& pool, TabletServerNotifier& notifier) {
  std::unique_ptr<CoordinatorServer> server(new CoordinatorServer(std::move(options), pool));
  if (Status opened = server->open(notifier); !opened.ok()) {
    server->stop().ignore_error();
    return opened;
  }
  return server;
}

Status CoordinatorServer::open(TabletServerNotifier& notifier) {
  const Configuration& config = options_.config;
  MetadataStore* store = options_.store;
  if (store == nullptr) {
    fs_ = std::make_unique<storage::PosixFileSystem>();
    FLUSS_ASSIGN_OR_RETURN(embedded_store_,
                           EmbeddedMetadataStore::open(*fs_, {.dir = options_.metadata_dir}));
    store = embedded_store_.get();
  }
  metadata_ = std::make_unique<MetadataManager>(*store);
  FLUSS_RETURN_IF_ERROR(create_default_database());

  FLUSS_ASSIGN_OR_RETURN(rpc::RpcServerOptions rpc_options,
                         rpc::RpcServerOptions::from_configuration(config));
  rpc_options.host = options_.host;
  rpc_options.port = options_.port;
  starting_ = std::make_unique<StartingHandler>();
  FLUSS_ASSIGN_OR_RETURN(rpc_server_, rpc::RpcServer::start(pool_, *starting_, rpc_options));

  CoordinatorServiceOptions service_options;
  service_options.coordinator = ServerEndpoint{
      .id = ServerId(0), .host = options_.host, .port = static_cast<int32_t>(port())};
  service_options.client_listener_name = "";  // the first listener of each tablet server
  service_options.coordinator_epoch = options_.coordinator_epoch;
  if (options_.become_leader) {
    FLUSS_ASSIGN_OR_RETURN(service_options.coordinator_epoch, options_.become_leader(port()));
  }
  FLUSS_ASSIGN_OR_RETURN(service_options.default_bucket_number,
                         config.get(ConfigOptions::kDefaultBucketNumber));
  FLUSS_ASSIGN_OR_RETURN(service_options.default_replication_factor,
                         config.get(ConfigOptions::kDefaultReplicationFactor));
  FLUSS_ASSIGN_OR_RETURN(service_options.max_bucket_num, config.get(ConfigOptions::kMaxBucketNum));
  FLUSS_ASSIGN_OR_RETURN(service_options.max_partition_num,
                         config.get(ConfigOptions::kMaxPartitionNum));
  FLUSS_ASSIGN_OR_RETURN(service_options.remote_data_dir,
                         config.get_optional(ConfigOptions::kRemoteDataDir));
  service_ = std::make_unique<CoordinatorService>(*metadata_, notifier, std::move(service_options));
  handler_ = std::make_unique<CoordinatorRequestHandler>(*service_);
  starting_->set(handler_.get());
  if (embedded_store_ != nullptr) {
    FLUSS_LOG_INFO("coordinator listening on {} with metadata in {}", rpc_server_->address(),
                   options_.metadata_dir);
  } else {
    FLUSS_LOG_INFO("coordinator listening on {}", rpc_server_->address());
  }
  return Status::OK();
}

// Like Fluss's coordinator: a store without any database gets `fluss`, the
// default database of the Flink catalog (so the quickstart's CREATE TABLE after
// USE CATALOG works on a fresh cluster). A user who dropped every database gets
// it back at the next start, as in Fluss.
Status CoordinatorServer::create_default_database() {
  FLUSS_ASSIGN_OR_RETURN(std::vector<std::string> databases, metadata_->list_databases());
  if (!databases.empty()) return Status::OK();
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  FLUSS_RETURN_IF_ERROR(
      metadata_->create_database(std::string(kDefaultDatabase), DatabaseDescriptor{}, now_ms));
  FLUSS_LOG_INFO("created the default database '{}' because no database exists", kDefaultDatabase);
  return Status::OK();
}

void CoordinatorServer::stop_rpc() {
  if (rpc_stopped_) return;
  rpc_stopped_ = true;
  if (rpc_server_ != nullptr) {
    asio::co_spawn(pool_.at(0), rpc_server_->stop(), asio::use_future).get();
  }
}

Status CoordinatorServer::stop() {
  if (stopped_) return Status::OK();
  stop_rpc();
  stopped_ = true;
  rpc_server_.reset();
  handler_.reset();
  service_.reset();
  starting_.reset();
  metadata_.reset();
  embedded_store_.reset();  // every commit was fsynced; closing releases the directory lock
  return Status::OK();
}

}  // namespace fluss::server
