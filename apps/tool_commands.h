// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

namespace fluss::apps {

// Adds `fluss sql`, `produce`, `consume`, `lookup`, `admin` (tool_commands.cc) and
// `bench` (bench_command.cc) to the `fluss` binary. Each subcommand runs in its
// callback and ends the process with its exit code.
void add_tool_commands(CLI::App& app);
void add_bench_command(CLI::App& app);

}  // namespace fluss::apps
