// SPDX-License-Identifier: Apache-2.0
// `fluss local | coordinator | tablet`: the server subcommands.
#include "server_commands.h"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/asio.h"
#include "common/config_options.h"
#include "common/io_context_pool.h"
#include "common/server_config.h"
#include "server/base/listeners.h"
#include "server/cluster/cluster_coordinator.h"
#include "server/cluster/cluster_tablet_server.h"
#include "server/local/local_cluster.h"

namespace fluss::apps {

namespace {

struct LocalArgs {
  std::string data_dir;
  int port = 9123;
  bool port_given = false;  // --port wins over bind.listeners
  int tablet_servers = 1;
  std::string config_file;
  std::vector<std::string> dynamic;  // -D key=value
};

[[noreturn]] void fail(const std::string& what, const Status& status) {
  std::fprintf(stderr, "fluss: %s: %s\n", what.c_str(), status.to_string().c_str());
  std::exit(1);
}

// server.yaml (if given) with the -D properties on top.
Result<Configuration> load_config(const std::string& file,
                                  const std::vector<std::string>& dynamic) {
  LoadedServerConfig loaded;
  if (!file.empty()) {
    FLUSS_ASSIGN_OR_RETURN(loaded, load_server_yaml(file));
  }
  std::vector<std::pair<std::string, std::string>> properties;
  for (const std::string& argument : dynamic) {
    FLUSS_ASSIGN_OR_RETURN(auto property, parse_dynamic_property(argument));
    properties.push_back(std::move(property));
  }
  FLUSS_RETURN_IF_ERROR(apply_dynamic_properties(properties, loaded));
  for (const std::string& warning : loaded.warnings) {
    std::fprintf(stderr, "fluss: warning: %s\n", warning.c_str());
  }
  return std::move(loaded.config);
}

// Blocks until SIGINT or SIGTERM; returns the signal's name. `signals` was
// installed before the server started, so an early signal is not lost.
const char* wait_for_stop_signal(asio::io_context& io, asio::signal_set& signals) {
  int received = 0;
  signals.async_wait([&received](const asio::error_code& ec, int signal) {
    if (!ec) received = signal;
  });
  io.run();
  return received == SIGINT ? "SIGINT" : "SIGTERM";
}

void run_local(const LocalArgs& args) {
  Result<Configuration> config = load_config(args.config_file, args.dynamic);
  if (!config.ok()) fail("configuration", config.status());
  server::LocalClusterOptions options;
  options.port = static_cast<uint16_t>(args.port);
  // Without --port, the coordinator's listener comes from bind.listeners
  // ("FLUSS://host:port"), as Fluss's servers read it.
  if (std::optional<std::string_view> listeners = config->raw_value(ConfigOptions::kBindListeners);
      listeners && !args.port_given) {
    Result<server::TabletServerAddress> listener = server::parse_listener(*listeners);
    if (!listener.ok()) fail("bind.listeners", listener.status());
    options.host = listener->host;
    options.port = listener->port;
  }
  options.tablet_servers = args.tablet_servers;
  if (!args.data_dir.empty()) {
    options.data_dir = args.data_dir;
  } else if (std::optional<std::string_view> dir = config->raw_value(ConfigOptions::kDataDir)) {
    options.data_dir = std::string(*dir);
  }
  options.config = std::move(config).value();

  // Installed before the servers start: Asio's handler forwards SIGINT/SIGTERM,
  // whichever thread receives it, to io.run() below.
  asio::io_context io;
  asio::signal_set signals(io, SIGINT, SIGTERM);

  Result<std::unique_ptr<server::LocalCluster>> started =
      server::LocalCluster::start(std::move(options));
  if (!started.ok()) fail("local cluster", started.status());
  server::LocalCluster& cluster = **started;
  std::printf("fluss local: coordinator at %s (bootstrap.servers)\n",
              cluster.bootstrap_servers().c_str());
  const std::vector<uint16_t> ports = cluster.tablet_server_ports();
  for (size_t i = 0; i < ports.size(); ++i) {
    std::printf("fluss local: tablet server %zu at %s:%u\n", i, cluster.options().host.c_str(),
                static_cast<unsigned>(ports[i]));
  }
  std::printf("fluss local: data in %s\n", cluster.options().data_dir.c_str());
  std::printf("fluss local: ready; Ctrl-C or SIGTERM stops it\n");
  std::fflush(stdout);

  std::printf("fluss local: %s received, stopping\n", wait_for_stop_signal(io, signals));
  std::fflush(stdout);
  Status stopped = cluster.stop();
  started->reset();
  if (!stopped.ok()) fail("stop", stopped);
  std::printf("fluss local: stopped cleanly\n");
  std::exit(0);
}

struct ClusterArgs {
  std::string config_file;
  std::vector<std::string> dynamic;  // -D key=value
};

// Network threads of one cluster server process.
constexpr int kNetworkThreads = 2;

// server.yaml (required for a cluster server) with -D on top.
Configuration load_cluster_config(const char* role, const ClusterArgs& args) {
  if (args.config_file.empty()) {
    fail(role, Status(ErrorCode::kInvalidConfigException,
                      "--config <server.yaml> is required (zookeeper.address, bind.listeners, "
                      "data.dir, remote.data.dir, tablet-server.id)"));
  }
  Result<Configuration> config = load_config(args.config_file, args.dynamic);
  if (!config.ok()) fail("configuration", config.status());
  // A missing key is named together with the file it is missing from.
  if (Result<server::ZooKeeperOptions> zookeeper = server::ZooKeeperOptions::from(*config);
      !zookeeper.ok()) {
    fail(args.config_file, zookeeper.status());
  }
  return std::move(config).value();
}

void run_coordinator(const ClusterArgs& args) {
  Configuration config = load_cluster_config("coordinator", args);
  asio::io_context io;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  IoContextPool pool(kNetworkThreads, "net");
  Result<std::unique_ptr<server::ClusterCoordinator>> started =
      server::ClusterCoordinator::start(config, pool);
  if (!started.ok()) fail("coordinator", started.status());
  server::ClusterCoordinator& coordinator = **started;
  std::printf("fluss coordinator: %s listening on %s\n", coordinator.id().c_str(),
              coordinator.bound_listener().c_str());
  if (coordinator.listeners() != coordinator.bound_listener()) {
    std::printf("fluss coordinator: advertised as %s\n", coordinator.listeners().c_str());
  }
  std::printf("fluss coordinator: ZooKeeper %s\n", coordinator.zookeeper_address().c_str());
  std::printf("fluss coordinator: ready; Ctrl-C or SIGTERM stops it\n");
  std::fflush(stdout);
  std::printf("fluss coordinator: %s received, stopping\n", wait_for_stop_signal(io, signals));
  std::fflush(stdout);
  Status stopped = coordinator.stop();
  started->reset();
  pool.stop();
  if (!stopped.ok()) fail("stop", stopped);
  std::printf("fluss coordinator: stopped cleanly\n");
  std::exit(0);
}

void run_tablet(const ClusterArgs& args) {
  Configuration config = load_cluster_config("tablet", args);
  if (!config.contains(ConfigOptions::kTabletServerId)) {
    fail(args.config_file, Status(ErrorCode::kInvalidConfigException,
                                  "tablet-server.id is not set: every tablet server of a cluster "
                                  "needs its own id (e.g. tablet-server.id: 0)"));
  }
  asio::io_context io;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  IoContextPool pool(kNetworkThreads, "net");
  Result<std::unique_ptr<server::ClusterTabletServer>> started =
      server::ClusterTabletServer::start(config, pool);
  if (!started.ok()) fail("tablet server", started.status());
  server::ClusterTabletServer& tablet = **started;
  std::printf("fluss tablet: server %d listening on %s\n", tablet.id().value(),
              tablet.listeners().c_str());
  std::printf("fluss tablet: data in %s\n", tablet.data_dir().c_str());
  std::printf("fluss tablet: ZooKeeper %s\n", tablet.zookeeper_address().c_str());
  std::printf("fluss tablet: ready; Ctrl-C or SIGTERM stops it\n");
  std::fflush(stdout);
  std::printf("fluss tablet: %s received, stopping\n", wait_for_stop_signal(io, signals));
  std::fflush(stdout);
  Status stopped = tablet.stop();
  started->reset();
  pool.stop();
  if (!stopped.ok()) fail("stop", stopped);
  std::printf("fluss tablet: stopped cleanly\n");
  std::exit(0);
}

}  // namespace

void add_server_commands(CLI::App& app) {
  static LocalArgs local;
  CLI::App* sub = app.add_subcommand(
      "local", "run a coordinator and tablet server(s) in one process (the embedded default)");
  sub->add_option("--data-dir", local.data_dir,
                  "where data and metadata live (default: data.dir, else ./fluss-data)");
  sub->add_option("--port", local.port,
                  "the coordinator's port (default: bind.listeners, else 9123); tablet server i "
                  "listens on port+1+i (0: any free ports)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--tablet-servers", local.tablet_servers, "how many tablet servers")
      ->check(CLI::Range(1, 64));
  sub->add_option("--config", local.config_file, "a server.yaml with Fluss configuration keys");
  sub->add_option("-D", local.dynamic, "a configuration key=value (repeatable)");
  sub->callback([sub] {
    local.port_given = sub->count("--port") > 0;
    run_local(local);
  });

  static ClusterArgs cluster;
  for (const char* role : {"coordinator", "tablet"}) {
    const bool coordinator = role[0] == 'c';
    CLI::App* sub_cluster = app.add_subcommand(
        role, std::string("run the ") + (coordinator ? "coordinator" : "a tablet server") +
                  " of a cluster from a server.yaml (metadata in ZooKeeper)");
    sub_cluster->add_option("--config", cluster.config_file,
                            "server.yaml (zookeeper.address, bind.listeners, data.dir, "
                            "remote.data.dir" +
                                std::string(coordinator ? ")" : ", tablet-server.id)"));
    sub_cluster->add_option("-D", cluster.dynamic, "a configuration key=value (repeatable)");
    sub_cluster->callback([coordinator] {
      if (coordinator) {
        run_coordinator(cluster);
      } else {
        run_tablet(cluster);
      }
    });
  }
}

}  // namespace fluss::apps
