// SPDX-License-Identifier: Apache-2.0
// Public fluss-cpp client API: Connection, the entry point.
#pragma once

#include <memory>

#include "fluss/admin.h"
#include "fluss/configuration.h"
#include "fluss/result.h"
#include "fluss/table.h"
#include "fluss/types.h"

namespace fluss::client {

namespace detail {
class ConnectionImpl;
}  // namespace detail

// A client's connection to a Fluss cluster: one network thread, pooled RPC connections to the
// coordinator and tablet servers, a metadata cache, and the shared write buffer. Thread-safe;
// move-only. Admins, Tables, writers and scanners made from it share its state and keep it
// alive; destroying the last of them stops the network thread.
class Connection {
 public:
  Connection();
  ~Connection();
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects to the first answering server of config.bootstrap_servers and loads the cluster's
  // metadata. Errors: NETWORK_EXCEPTION (no bootstrap server answered),
  // INVALID_CONFIG_EXCEPTION (unparsable bootstrap.servers).
  static Result Create(const Configuration& config, Connection& out);

  bool Available() const { return impl_ != nullptr; }
  Result GetAdmin(Admin& out);
  // TABLE_NOT_EXIST when the table is unknown.
  Result GetTable(const TablePath& table_path, Table& out);

 private:
  std::shared_ptr<detail::ConnectionImpl> impl_;
};

}  // namespace fluss::client
