// SPDX-License-Identifier: Apache-2.0
// Public fluss-cpp client API: Admin, the DDL and metadata operations served by the coordinator
// (offsets by the tablet servers).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "fluss/result.h"
#include "fluss/types.h"

namespace fluss::client {

namespace detail {
class ConnectionImpl;
}  // namespace detail

// Move-only handle from Connection::GetAdmin. Calls block until the server answers (or the
// client.request-timeout passes: REQUEST_TIME_OUT). An Admin may be used from one thread at a
// time; it keeps its connection's shared state alive.
class Admin {
 public:
  Admin();
  ~Admin();
  Admin(Admin&&) noexcept;
  Admin& operator=(Admin&&) noexcept;
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  bool Available() const { return impl_ != nullptr; }

  // Databases. Errors: DATABASE_ALREADY_EXIST, DATABASE_NOT_EXIST, DATABASE_NOT_EMPTY.
  Result CreateDatabase(const std::string& database_name, const DatabaseDescriptor& descriptor,
                        bool ignore_if_exists = false);
  Result DropDatabase(const std::string& database_name, bool ignore_if_not_exists = false,
                      bool cascade = true);
  Result ListDatabases(std::vector<std::string>& out);
  Result DatabaseExists(const std::string& database_name, bool& out);
  Result GetDatabaseInfo(const std::string& database_name, DatabaseInfo& out);

  // Tables. Errors: TABLE_ALREADY_EXIST, TABLE_NOT_EXIST, DATABASE_NOT_EXIST,
  // INVALID_TABLE_EXCEPTION, INVALID_CONFIG_EXCEPTION.
  Result CreateTable(const TablePath& table_path, const TableDescriptor& descriptor,
                     bool ignore_if_exists = false);
  Result DropTable(const TablePath& table_path, bool ignore_if_not_exists = false);
  Result GetTableInfo(const TablePath& table_path, TableInfo& out);
  Result ListTables(const std::string& database_name, std::vector<std::string>& out);
  Result TableExists(const TablePath& table_path, bool& out);
  // ALTER TABLE ... SET ('k' = 'v') / RESET ('k'). Error: INVALID_ALTER_TABLE_EXCEPTION.
  Result AlterTable(const TablePath& table_path, const std::vector<TableChange>& changes,
                    bool ignore_if_not_exists = false);

  // Partitions. The spec maps every partition key to its value.
  // Errors: PARTITION_ALREADY_EXISTS, PARTITION_NOT_EXISTS, PARTITION_SPEC_INVALID_EXCEPTION,
  // TABLE_NOT_PARTITIONED_EXCEPTION.
  Result CreatePartition(const TablePath& table_path,
                         const std::unordered_map<std::string, std::string>& partition_spec,
                         bool ignore_if_exists = false);
  Result DropPartition(const TablePath& table_path,
                       const std::unordered_map<std::string, std::string>& partition_spec,
                       bool ignore_if_not_exists = false);
  Result ListPartitionInfos(const TablePath& table_path, std::vector<PartitionInfo>& out);
  // Only the partitions matching a partial spec.
  Result ListPartitionInfos(const TablePath& table_path,
                            const std::unordered_map<std::string, std::string>& partial_spec,
                            std::vector<PartitionInfo>& out);

  // Offsets of buckets (all buckets when bucket_ids is empty): out maps bucket id -> offset.
  Result ListOffsets(const TablePath& table_path, const std::vector<int32_t>& bucket_ids,
                     const OffsetSpec& offset_spec, std::unordered_map<int32_t, int64_t>& out);
  Result ListPartitionOffsets(const TablePath& table_path, const std::string& partition_name,
                              const std::vector<int32_t>& bucket_ids, const OffsetSpec& offset_spec,
                              std::unordered_map<int32_t, int64_t>& out);

  // LAKE_STORAGE_NOT_CONFIGURED_EXCEPTION unless the cluster has a lake.
  Result GetLatestLakeSnapshot(const TablePath& table_path, LakeSnapshot& out);

  // The coordinator and every live tablet server.
  Result GetServerNodes(std::vector<ServerNode>& out);

 private:
  friend class Connection;
  explicit Admin(std::shared_ptr<detail::ConnectionImpl> impl);
  std::shared_ptr<detail::ConnectionImpl> impl_;
};

}  // namespace fluss::client
