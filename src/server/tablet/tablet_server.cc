// SPDX-License-Identifier: Apache-2.0
#include "server/tablet/tablet_server.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "common/config_options.h"
#include "common/logging.h"
#include "storage/fs/posix_file_system.h"
#include "storage/kv/auto_increment.h"
#include "storage/kv/auto_increment.h"

namespace fluss::server {

namespace {

int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Keeps the first error.
void keep_first(Status& first, Status next) {
  if (first.ok() && !next.ok()) first = std::move(next);
}

}  // namespace

TabletServer::TabletServer(TabletServerOptions options, IoContextPool& pool,
                           MetadataManager& metadata)
    : options_(std::move(options)),
      pool_(pool),
      metadata_(metadata),
      control_(asio::make_strand(pool.at(0).get_executor())) {}

Result<std::unique_ptr<TabletServer>> TabletServer::start(TabletServerOptions options,
                                                          IoContextPool& pool,
                                                          MetadataManager& metadata,
                                                          MetadataReader* reads) {
  std::unique_ptr<TabletServer> server(new TabletServer(std::move(options), pool, metadata));
  if (Status opened = server->open(reads); !opened.ok()) {
    server->stop().ignore_error();  // releases what open() got to
    return opened;
  }
  return server;
}

namespace {

// A table's auto-increment counter in the metadata store.
class MetadataSequenceIdCounter final : public storage::SequenceIdCounter {
 public:
  MetadataSequenceIdCounter(MetadataManager& metadata, TablePath table, int32_t column_id)
      : metadata_(metadata), table_(std::move(table)), column_id_(column_id) {}
  Result<int64_t> get_and_add(int64_t delta) override {
    return metadata_.auto_increment_get_and_add(table_, column_id_, delta);
  }

 private:
  MetadataManager& metadata_;
  const TablePath table_;
  const int32_t column_id_;
};

}  // namespace

Status TabletServer::open(MetadataReader* reads) {
  const Configuration& config = options_.config;
  FLUSS_ASSIGN_OR_RETURN(storage::LogManagerConfig log_config,
                         storage::LogManagerConfig::from_configuration(config));
  std::string data_dir = log_config.data_dir;
  fs_ = std::make_unique<storage::PosixFileSystem>();
  FLUSS_ASSIGN_OR_RETURN(logs_, storage::LogManager::open(*fs_, std::move(log_config)));
  FLUSS_ASSIGN_OR_RETURN(kvs_, storage::KvManager::create(config, data_dir));
  // Auto-increment ids come in blocks from the column's counter in the metadata store
  // (Java's ZkSequenceIDCounter), shared by every bucket of the table on every server.
  kvs_->set_auto_increment_counter_factory([&metadata = metadata_](const TableInfo& table)
                                               -> std::shared_ptr<storage::SequenceIdCounter> {
    const Column* column = table.schema().column(table.schema().auto_increment_column_names()[0]);
    return std::make_shared<MetadataSequenceIdCounter>(metadata, table.table_path(),
                                                       column == nullptr ? -1 : column->id);
  });
  replicas_ = std::make_unique<replication::ReplicaManager>(options_.id, *logs_, kvs_.get());
  tables_ = std::make_unique<MetadataTableSource>(metadata_);
  service_ = std::make_unique<TabletService>(*replicas_, *tables_, [this]() -> Result<WriterId> {
    return metadata_.allocate_writer_ids(1);
  });
  blocking_ = std::make_unique<asio::thread_pool>(1);
  FLUSS_ASSIGN_OR_RETURN(
      duties_, replication::BackgroundDuties::start(pool_.at(0).get_executor(), *blocking_,
                                                    *replicas_, *logs_, kvs_.get(), config));
  handler_ = std::make_unique<TabletRequestHandler>(*service_, reads);
  FLUSS_ASSIGN_OR_RETURN(rpc::RpcServerOptions rpc_options,
                         rpc::RpcServerOptions::from_configuration(config));
  rpc_options.host = options_.host;
  rpc_options.port = options_.port;
  FLUSS_ASSIGN_OR_RETURN(rpc_server_, rpc::RpcServer::start(pool_, *handler_, rpc_options));
  FLUSS_RETURN_IF_ERROR(register_waiting());
  FLUSS_LOG_INFO("tablet server {} listening on {} with data in {}", options_.id,
                 rpc_server_->address(), data_dir);
  return Status::OK();
}

Status TabletServer::register_waiting() {
  const auto deadline = std::chrono::steady_clock::now() + options_.registration_timeout;
  std::chrono::milliseconds backoff{20};
  bool logged = false;
  while (true) {
    Status registered = register_again();
    if (!registered.is(ErrorCode::kNodeExists) || std::chrono::steady_clock::now() >= deadline) {
      return registered;
    }
    if (!logged) {
      FLUSS_LOG_INFO("{}; waiting up to {} ms for it to go", registered.message(),
                     options_.registration_timeout.count());
      logged = true;
    }
    // Start-up only: the old session's node goes when ZooKeeper times it out.
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(500));
  }
}

Status TabletServer::register_again() {
  TabletServerRegistration registration{.listeners = options_.advertised_listeners.empty()
                                                         ? listeners()
                                                         : options_.advertised_listeners,
                                        .register_timestamp_ms = wall_clock_ms()};
  Status registered = metadata_.register_tablet_server(options_.id, registration);
  if (!registered.ok()) {
    return registered.with_context(
        fmt::format("registering tablet server {} ({})", options_.id, registration.listeners));
  }
  return Status::OK();
}

TabletServer::~TabletServer() { stop().ignore_error(); }

std::string TabletServer::listeners() const {
  return fmt::format("{}://{}:{}", options_.listener_name, options_.host, port());
}

bool TabletServer::post(std::function<void(TabletService&)> call) {
  std::optional<Gate::Holder> holder = control_gate_.try_enter();
  if (!holder || service_ == nullptr) return false;
  asio::post(control_,
             [this, holder = std::move(*holder), call = std::move(call)]() { call(*service_); });
  return true;
}

Status TabletServer::stop() {
  if (stopped_) return Status::OK();
  stopped_ = true;
  Status first;
  // Parked long-poll fetches answer now, so the RPC server's drain does not wait
  // for their deadlines.
  if (service_ != nullptr) service_->close_delayed_fetches();
  if (rpc_server_ != nullptr) {
    asio::co_spawn(pool_.at(0), rpc_server_->stop(), asio::use_future).get();
  }
  if (duties_ != nullptr) {
    asio::co_spawn(pool_.at(0), duties_->stop(), asio::use_future).get();
  }
  duties_.reset();
  if (blocking_ != nullptr) blocking_->join();
  blocking_.reset();
  asio::co_spawn(control_, control_gate_.close(), asio::use_future).get();
  if (rpc_server_ != nullptr) {
    keep_first(first, metadata_.unregister_tablet_server(options_.id));
  }
  rpc_server_.reset();
  handler_.reset();
  service_.reset();
  tables_.reset();
  replicas_.reset();
  if (kvs_ != nullptr) keep_first(first, kvs_->close());
  if (logs_ != nullptr) keep_first(first, logs_->close());
  kvs_.reset();
  logs_.reset();
  if (first.ok()) FLUSS_LOG_INFO("tablet server {} stopped cleanly", options_.id);
  return first;
}

}  // namespace fluss::server
