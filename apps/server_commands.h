// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace CLI {
class App;
}  // namespace CLI

namespace fluss::apps {

// Adds `fluss local`, `fluss coordinator` and `fluss tablet` to `app`. Each
// subcommand's callback runs the server and exits the process with its status.
void add_server_commands(CLI::App& app);

}  // namespace fluss::apps
