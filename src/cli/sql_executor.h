// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/result_sink.h"
#include "common/status.h"
#include "sql/ast.h"

namespace fluss::cli {

// The name of the catalog `fluss sql --bootstrap-servers` creates and uses.
inline constexpr std::string_view kDefaultCatalogName = "fluss_catalog";
// The database a Fluss catalog starts in (Fluss's `default-database`).
inline constexpr std::string_view kDefaultDatabase = "fluss";
// Session options the executor reads (SET 'key' = 'value').
inline constexpr std::string_view kRuntimeModeOption = "execution.runtime-mode";
inline constexpr std::string_view kResultModeOption = "sql-client.execution.result-mode";

struct SqlExecutorOptions {
  // When set, a Fluss catalog named kDefaultCatalogName is created over these servers
  // and used, as if CREATE CATALOG and USE CATALOG had been typed.
  std::optional<std::string> bootstrap_servers = std::nullopt;
  // Bootstrap addresses that mean another address: the SQL logic tests map Fluss's
  // quickstart address 'localhost:9123' to their in-process cluster this way.
  std::map<std::string, std::string> address_map = {};
};

// Executes the statements of `fluss sql` (docs/sql.md) against Fluss clusters through
// the client library: catalogs, databases, tables, writes, lookups, scans and the
// session options. Results and messages go to a ResultSink. One session: not
// thread-safe; used by one thread at a time.
class SqlExecutor {
 public:
  explicit SqlExecutor(SqlExecutorOptions options = {});
  ~SqlExecutor();
  SqlExecutor(const SqlExecutor&) = delete;
  SqlExecutor& operator=(const SqlExecutor&) = delete;

  // With options.bootstrap_servers: creates and uses the default catalog (connects).
  // Errors as CREATE CATALOG's. Without: nothing to do.
  Status connect();

  // Parses and executes one statement (a trailing ';' allowed). Errors carry the
  // Fluss error code of the failure (the parser's, the client's or the server's)
  // and a message naming the catalog, database, table, column or option concerned.
  Status execute(std::string_view statement, ResultSink& sink);
  Status execute(const sql::Statement& statement, ResultSink& sink);

  // True after QUIT / EXIT.
  bool quit_requested() const;

  // The catalog and database statements resolve names in ("" before USE CATALOG).
  std::string current_catalog() const;
  std::string current_database() const;

 private:
  class Session;
  std::unique_ptr<Session> session_;
};

}  // namespace fluss::cli
