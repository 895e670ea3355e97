// SPDX-License-Identifier: Apache-2.0
#include "server/local/local_cluster.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>
#include <utility>

#include "common/config_options.h"
#include "common/io_context_pool.h"
#include "common/logging.h"
#include "server/base/store_metadata_reader.h"
#include "server/coordinator/coordinator_server.h"
#include "server/local/local_tablet_server_notifier.h"
#include "server/tablet/tablet_server.h"

namespace fluss::server {

namespace {

// Network threads shared by the coordinator and the tablet servers.
constexpr int kNetworkThreads = 2;

}  // namespace

LocalCluster::LocalCluster(LocalClusterOptions options) : options_(std::move(options)) {}

LocalCluster::~LocalCluster() { stop().ignore_error(); }

Result<std::unique_ptr<LocalCluster>> LocalCluster::start(LocalClusterOptions options) {
  if (!options.tablet_server_ports.empty() &&
      options.tablet_server_ports.size() != static_cast<size_t>(options.tablet_servers)) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "{} tablet server ports given for {} tablet servers",
                      options.tablet_server_ports.size(), options.tablet_servers);
  }
  if (options.tablet_servers < 1) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "a local cluster needs at least one tablet server, not {}",
                      options.tablet_servers);
  }
  std::error_code ec;
  options.data_dir = std::filesystem::absolute(options.data_dir, ec);
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return make_error(ErrorCode::kStorageException, "cannot create data directory {}: {}",
                      options.data_dir.string(), ec.message());
  }
  if (!options.config.contains(ConfigOptions::kRemoteDataDir) &&
      !options.config.contains(ConfigOptions::kRemoteDataDirs)) {
    options.config.set(ConfigOptions::kRemoteDataDir, (options.data_dir / "remote").string());
  }
  std::unique_ptr<LocalCluster> cluster(new LocalCluster(std::move(options)));
  if (Status opened = cluster->open(); !opened.ok()) {
    cluster->stop().ignore_error();
    return opened;
  }
  return cluster;
}

std::filesystem::path LocalCluster::tablet_server_data_dir(int index) const {
  return options_.data_dir / fmt::format("tablet-server-{}", index);
}

Status LocalCluster::open() {
  pool_ = std::make_unique<IoContextPool>(kNetworkThreads, "net");
  notifier_ = std::make_unique<LocalTabletServerNotifier>();
  FLUSS_ASSIGN_OR_RETURN(coordinator_,
                         CoordinatorServer::start(
                             CoordinatorServerOptions{
                                 .host = options_.host,
                                 .port = options_.port,
                                 .metadata_dir = (options_.data_dir / "metadata").string(),
                                 .config = options_.config,
                             },
                             *pool_, *notifier_));
  coordinator_port_ = coordinator_->port();
  // The tablet servers answer the metadata reads from the one shared store.
  reader_ = std::make_unique<StoreMetadataReader>(
      coordinator_->metadata(), StoreMetadataReaderOptions{
                                    .client_listener_name = "",
                                    .coordinator = [this]() -> std::optional<ServerEndpoint> {
                                      return ServerEndpoint{.id = ServerId(0),
                                                            .host = options_.host,
                                                            .port = coordinator_port_};
                                    },
                                });
  tablet_servers_.resize(options_.tablet_servers);
  tablet_ports_.resize(options_.tablet_servers);
  for (int i = 0; i < options_.tablet_servers; ++i) {
    if (!options_.tablet_server_ports.empty()) {
      tablet_ports_[i] = options_.tablet_server_ports.at(i);
    } else {
      tablet_ports_[i] = options_.port == 0 ? 0 : static_cast<uint16_t>(options_.port + 1 + i);
    }
    FLUSS_RETURN_IF_ERROR(start_tablet_server(i));
    tablet_ports_[i] = tablet_servers_[i]->port();
  }
  // Tables whose buckets cannot be placed (fewer tablet servers than before) do
  // not keep the others from being served.
  if (Status recovered = coordinator_->recover(); !recovered.ok()) {
    FLUSS_LOG_WARN("coordinator recovery: {}", recovered.to_string());
  }
  notifier_->flush();
  return Status::OK();
}

Status LocalCluster::start_tablet_server(int index) {
  Configuration config = options_.config;
  config.set(ConfigOptions::kDataDir, tablet_server_data_dir(index).string());
  config.set(ConfigOptions::kTabletServerId, index);
  FLUSS_ASSIGN_OR_RETURN(tablet_servers_[index],
                         TabletServer::start(
                             TabletServerOptions{
                                 .id = ServerId(index),
                                 .host = options_.host,
                                 .port = tablet_ports_[index],
                                 .config = std::move(config),
                             },
                             *pool_, coordinator_->metadata(), reader_.get()));
  notifier_->add(*tablet_servers_[index]);
  return Status::OK();
}

Status LocalCluster::restart_tablet_server(int index) {
  if (stopped_ || index < 0 || index >= static_cast<int>(tablet_servers_.size())) {
    return make_error(ErrorCode::kInvalidConfigException, "no running tablet server {}", index);
  }
  notifier_->remove(ServerId(index));
  Status stopped = tablet_servers_[index]->stop();
  tablet_servers_[index].reset();
  FLUSS_RETURN_IF_ERROR(stopped);
  FLUSS_RETURN_IF_ERROR(start_tablet_server(index));
  FLUSS_RETURN_IF_ERROR(coordinator_->recover());
  notifier_->flush();
  return Status::OK();
}

void LocalCluster::wait_for_notifications() {
  if (notifier_ != nullptr && !stopped_) notifier_->flush();
}

Status LocalCluster::stop() {
  if (stopped_) return Status::OK();
  stopped_ = true;
  Status first;
  if (coordinator_ != nullptr) coordinator_->stop_rpc();
  for (size_t i = 0; i < tablet_servers_.size(); ++i) {
    if (tablet_servers_[i] == nullptr) continue;
    notifier_->remove(ServerId(static_cast<int32_t>(i)));
    Status s = tablet_servers_[i]->stop();
    if (first.ok() && !s.ok()) first = s;
    tablet_servers_[i].reset();
  }
  reader_.reset();
  if (coordinator_ != nullptr) {
    Status s = coordinator_->stop();
    if (first.ok() && !s.ok()) first = s;
    coordinator_.reset();
  }
  if (pool_ != nullptr) pool_->stop();
  return first;
}

std::string LocalCluster::bootstrap_servers() const {
  return fmt::format("{}:{}", options_.host, coordinator_port());
}

uint16_t LocalCluster::coordinator_port() const { return coordinator_port_; }

std::vector<uint16_t> LocalCluster::tablet_server_ports() const { return tablet_ports_; }

}  // namespace fluss::server
