// SPDX-License-Identifier: Apache-2.0
// The one `fluss` binary. Each subcommand lives in its module; this file only
// wires them to the command line.
#include <CLI/CLI.hpp>
#include <malloc.h>
#include <cstdio>
#include <string>

#include "common/version.h"
#include "server_commands.h"
#include "tool_commands.h"

int main(int argc, char** argv) {
  // Fetches and produce requests allocate and free MiB-sized buffers at a high
  // rate. glibc's defaults hand such memory back to the kernel on every free, so
  // the next request faults every page in again (perf: ~45% of FetchLog time;
  // docs/benchmarks.md, "FetchLog on the server"). Keep buffers below 32 MiB on
  // the heap and up to 256 MiB of free heap before trimming.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  CLI::App app{
      "fluss-cpp: Apache Fluss's streaming storage in one native binary. It speaks Fluss's wire\n"
      "protocol, record formats and configuration keys, so Apache Fluss clients work unchanged.",
      "fluss"};
  app.set_version_flag("--version", std::string("fluss-cpp ") + fluss::kFlussCppVersion +
                                        " (Apache Fluss " + fluss::kFlussCompatibleVersion +
                                        " protocol and formats)");
  app.require_subcommand(0, 1);
  fluss::apps::add_server_commands(app);  // local, coordinator, tablet
  fluss::apps::add_tool_commands(app);    // sql, produce, consume, lookup, admin, bench
  CLI11_PARSE(app, argc, argv);
  if (app.get_subcommands().empty()) {
    std::printf("%s", app.help().c_str());
  }
  return 0;
}
