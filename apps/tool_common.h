// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fluss/client.h>
#include <string>

#include "common/result.h"
#include "model/schema.h"

namespace fluss::apps {

// Fluss's default client bootstrap address.
inline constexpr const char* kDefaultBootstrap = "127.0.0.1:9123";

// "db.table", or "table" in Fluss's default database `fluss`.
client::TablePath parse_table_path(const std::string& text);

// A connection to `bootstrap` with further client options (Fluss keys).
Result<client::Connection> connect(const std::string& bootstrap,
                                   const std::map<std::string, std::string>& options = {});

// A table of the connection with its schema in fluss-cpp's types.
struct OpenTable {
  client::Table table;
  Schema schema;
};
Result<OpenTable> open_table(client::Connection& connection, const client::TablePath& path);

// Prints "fluss <tool>: CODE_NAME: message" to stderr and returns exit code 1.
int report(const char* tool, const Status& status);

}  // namespace fluss::apps
