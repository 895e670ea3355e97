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
#include "common/server_config.h"
#include "server/local/local_cluster.h"

namespace fluss::apps {

namespace {

struct LocalArgs {
  std::string data_dir;
  int port = 9123;
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

void run_local(const LocalArgs& args) {
  Result<Configuration> config = load_config(args.config_file, args.dynamic);
  if (!config.ok()) fail("configuration", config.status());
  server::LocalClusterOptions options;
  options.port = static_cast<uint16_t>(args.port);
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

  int received = 0;
  signals.async_wait([&received](const asio::error_code& ec, int signal) {
    if (!ec) received = signal;
  });
  io.run();
  std::printf("fluss local: %s received, stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  Status stopped = cluster.stop();
  started->reset();
  if (!stopped.ok()) fail("stop", stopped);
  std::printf("fluss local: stopped cleanly\n");
  std::exit(0);
}

[[noreturn]] void cluster_mode_unavailable(const char* role) {
  std::fprintf(stderr,
               "fluss %s: separate coordinator and tablet server processes share their metadata\n"
               "through ZooKeeper, which arrives with the cluster milestone; the embedded\n"
               "metadata store of this build lives inside one process. Run `fluss local\n"
               "--tablet-servers N` for a coordinator and N tablet servers in one process.\n",
               role);
  std::exit(2);
}

}  // namespace

void add_server_commands(CLI::App& app) {
  static LocalArgs local;
  CLI::App* sub = app.add_subcommand(
      "local", "run a coordinator and tablet server(s) in one process (the embedded default)");
  sub->add_option("--data-dir", local.data_dir,
                  "where data and metadata live (default: data.dir, else ./fluss-data)");
  sub->add_option("--port", local.port,
                  "the coordinator's port on 127.0.0.1; tablet server i listens on port+1+i "
                  "(0: any free ports)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--tablet-servers", local.tablet_servers, "how many tablet servers")
      ->check(CLI::Range(1, 64));
  sub->add_option("--config", local.config_file, "a server.yaml with Fluss configuration keys");
  sub->add_option("-D", local.dynamic, "a configuration key=value (repeatable)");
  sub->callback([] { run_local(local); });

  static std::string config_file;
  for (const char* role : {"coordinator", "tablet"}) {
    CLI::App* cluster = app.add_subcommand(
        role, std::string("run the ") + (role[0] == 'c' ? "coordinator" : "a tablet server") +
                  " from a server.yaml (needs ZooKeeper: not in this build)");
    cluster->add_option("--config", config_file, "server.yaml");
    cluster->allow_extras();
    cluster->callback([role] { cluster_mode_unavailable(role); });
  }
}

}  // namespace fluss::apps
