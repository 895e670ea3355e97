// SPDX-License-Identifier: Apache-2.0
// Admin: DDL and metadata calls to the coordinator; ListOffsets to the bucket leaders.
#include "fluss/admin.h"

#include <fmt/format.h>

#include <map>

#include "connection_impl.h"
#include "model/json_serde.h"
#include "rpc/protocol/errors.h"
#include "rpc/protocol/fluss_api.pb.h"
#include "type_conversion.h"

namespace fluss::client {

namespace proto = ::fluss::rpc::proto;
using detail::to_result;
using ::fluss::rpc::ApiKey;

namespace {

Result not_connected() {
  return Result::Error(ErrorCode::CLIENT_ERROR, "Admin is not connected (moved from?)");
}

void set_path(proto::PbTablePath* out, const TablePath& path) {
  out->set_database_name(path.database_name);
  out->set_table_name(path.table_name);
}

void set_spec(proto::PbPartitionSpec* out, const TableInfo* info,
              const std::unordered_map<std::string, std::string>& spec) {
  // In partition-key order when the table is known, so names match the server's.
  if (info != nullptr) {
    for (const std::string& key : info->partition_keys) {
      auto it = spec.find(key);
      if (it == spec.end()) continue;
      auto* kv = out->add_partition_key_values();
      kv->set_key(key);
      kv->set_value(it->second);
    }
    for (const auto& [key, value] : spec) {
      bool known = false;
      for (const std::string& k : info->partition_keys) known = known || k == key;
      if (known) continue;
      auto* kv = out->add_partition_key_values();
      kv->set_key(key);
      kv->set_value(value);
    }
    return;
  }
  for (const auto& [key, value] : spec) {
    auto* kv = out->add_partition_key_values();
    kv->set_key(key);
    kv->set_value(value);
  }
}

}  // namespace

Admin::Admin() = default;
Admin::~Admin() = default;
Admin::Admin(Admin&&) noexcept = default;
Admin& Admin::operator=(Admin&&) noexcept = default;
Admin::Admin(std::shared_ptr<detail::ConnectionImpl> impl) : impl_(std::move(impl)) {}

Result Admin::CreateDatabase(const std::string& database_name, const DatabaseDescriptor& descriptor,
                             bool ignore_if_exists) {
  if (!impl_) return not_connected();
  proto::CreateDatabaseRequest request;
  request.set_database_name(database_name);
  request.set_ignore_if_exists(ignore_if_exists);
  request.set_database_json(::fluss::to_json(detail::to_internal(descriptor)));
  return to_result(
      impl_->call_coordinator<proto::CreateDatabaseResponse>(ApiKey::kCreateDatabase, request)
          .status());
}

Result Admin::DropDatabase(const std::string& database_name, bool ignore_if_not_exists,
                           bool cascade) {
  if (!impl_) return not_connected();
  proto::DropDatabaseRequest request;
  request.set_database_name(database_name);
  request.set_ignore_if_not_exists(ignore_if_not_exists);
  request.set_cascade(cascade);
  return to_result(
      impl_->call_coordinator<proto::DropDatabaseResponse>(ApiKey::kDropDatabase, request)
          .status());
}

Result Admin::ListDatabases(std::vector<std::string>& out) {
  if (!impl_) return not_connected();
  proto::ListDatabasesRequest request;
  auto response =
      impl_->call_coordinator<proto::ListDatabasesResponse>(ApiKey::kListDatabases, request);
  if (!response.ok()) return to_result(response.status());
  out.assign(response->database_name().begin(), response->database_name().end());
  return Result::Success();
}

Result Admin::DatabaseExists(const std::string& database_name, bool& out) {
  if (!impl_) return not_connected();
  proto::DatabaseExistsRequest request;
  request.set_database_name(database_name);
  auto response =
      impl_->call_coordinator<proto::DatabaseExistsResponse>(ApiKey::kDatabaseExists, request);
  if (!response.ok()) return to_result(response.status());
  out = response->exists();
  return Result::Success();
}

Result Admin::GetDatabaseInfo(const std::string& database_name, DatabaseInfo& out) {
  if (!impl_) return not_connected();
  proto::GetDatabaseInfoRequest request;
  request.set_database_name(database_name);
  auto response =
      impl_->call_coordinator<proto::GetDatabaseInfoResponse>(ApiKey::kGetDatabaseInfo, request);
  if (!response.ok()) return to_result(response.status());
  auto descriptor = ::fluss::database_descriptor_from_json(response->database_json());
  if (!descriptor.ok()) return to_result(descriptor.status());
  out = detail::to_public(::fluss::DatabaseInfo{
      database_name, std::move(*descriptor), response->created_time(), response->modified_time()});
  return Result::Success();
}

Result Admin::CreateTable(const TablePath& table_path, const TableDescriptor& descriptor,
                          bool ignore_if_exists) {
  if (!impl_) return not_connected();
  auto internal = detail::to_internal(descriptor);
  if (!internal.ok()) {
    return Result::Error(
        ::fluss::rpc::wire_error_code(internal.status()),
        fmt::format("table '{}': {}", table_path.ToString(), internal.status().message()));
  }
  proto::CreateTableRequest request;
  set_path(request.mutable_table_path(), table_path);
  request.set_table_json(::fluss::to_json(*internal));
  request.set_ignore_if_exists(ignore_if_exists);
  return to_result(
      impl_->call_coordinator<proto::CreateTableResponse>(ApiKey::kCreateTable, request).status());
}

Result Admin::DropTable(const TablePath& table_path, bool ignore_if_not_exists) {
  if (!impl_) return not_connected();
  proto::DropTableRequest request;
  set_path(request.mutable_table_path(), table_path);
  request.set_ignore_if_not_exists(ignore_if_not_exists);
  Result result = to_result(
      impl_->call_coordinator<proto::DropTableResponse>(ApiKey::kDropTable, request).status());
  impl_->invalidate_leaders(detail::to_internal(table_path));
  return result;
}

Result Admin::GetTableInfo(const TablePath& table_path, TableInfo& out) {
  if (!impl_) return not_connected();
  proto::GetTableInfoRequest request;
  set_path(request.mutable_table_path(), table_path);
  auto response =
      impl_->call_coordinator<proto::GetTableInfoResponse>(ApiKey::kGetTableInfo, request);
  if (!response.ok()) return to_result(response.status());
  auto descriptor = ::fluss::table_descriptor_from_json(response->table_json());
  if (!descriptor.ok()) return to_result(descriptor.status());
  auto info = ::fluss::TableInfo::of(
      detail::to_internal(table_path), ::fluss::TableId(response->table_id()),
      ::fluss::SchemaId(response->schema_id()), *descriptor,
      response->has_remote_data_dir() ? std::optional<std::string>(response->remote_data_dir())
                                      : std::nullopt,
      response->created_time(), response->modified_time());
  if (!info.ok()) return to_result(info.status());
  out = detail::to_public(*info);
  return Result::Success();
}

Result Admin::ListTables(const std::string& database_name, std::vector<std::string>& out) {
  if (!impl_) return not_connected();
  proto::ListTablesRequest request;
  request.set_database_name(database_name);
  auto response = impl_->call_coordinator<proto::ListTablesResponse>(ApiKey::kListTables, request);
  if (!response.ok()) return to_result(response.status());
  out.assign(response->table_name().begin(), response->table_name().end());
  return Result::Success();
}

Result Admin::TableExists(const TablePath& table_path, bool& out) {
  if (!impl_) return not_connected();
  proto::TableExistsRequest request;
  set_path(request.mutable_table_path(), table_path);
  auto response =
      impl_->call_coordinator<proto::TableExistsResponse>(ApiKey::kTableExists, request);
  if (!response.ok()) return to_result(response.status());
  out = response->exists();
  return Result::Success();
}

Result Admin::AlterTable(const TablePath& table_path, const std::vector<TableChange>& changes,
                         bool ignore_if_not_exists) {
  if (!impl_) return not_connected();
  proto::AlterTableRequest request;
  set_path(request.mutable_table_path(), table_path);
  request.set_ignore_if_not_exists(ignore_if_not_exists);
  for (const TableChange& change : changes) {
    auto* config = request.add_config_changes();
    config->set_config_key(change.key);
    if (change.kind == TableChange::Kind::SetOption) {
      config->set_config_value(change.value);
      config->set_op_type(0);  // SET
    } else {
      config->set_op_type(1);  // DELETE
    }
  }
  Result result = to_result(
      impl_->call_coordinator<proto::AlterTableResponse>(ApiKey::kAlterTable, request).status());
  impl_->invalidate_leaders(detail::to_internal(table_path));
  return result;
}

Result Admin::CreatePartition(const TablePath& table_path,
                              const std::unordered_map<std::string, std::string>& partition_spec,
                              bool ignore_if_exists) {
  if (!impl_) return not_connected();
  TableInfo info;
  const TableInfo* known = GetTableInfo(table_path, info).Ok() ? &info : nullptr;
  proto::CreatePartitionRequest request;
  set_path(request.mutable_table_path(), table_path);
  set_spec(request.mutable_partition_spec(), known, partition_spec);
  request.set_ignore_if_not_exists(ignore_if_exists);  // sic: "ignore if exists" (fluss-wire §3.2)
  return to_result(
      impl_->call_coordinator<proto::CreatePartitionResponse>(ApiKey::kCreatePartition, request)
          .status());
}

Result Admin::DropPartition(const TablePath& table_path,
                            const std::unordered_map<std::string, std::string>& partition_spec,
                            bool ignore_if_not_exists) {
  if (!impl_) return not_connected();
  TableInfo info;
  const TableInfo* known = GetTableInfo(table_path, info).Ok() ? &info : nullptr;
  proto::DropPartitionRequest request;
  set_path(request.mutable_table_path(), table_path);
  set_spec(request.mutable_partition_spec(), known, partition_spec);
  request.set_ignore_if_not_exists(ignore_if_not_exists);
  return to_result(
      impl_->call_coordinator<proto::DropPartitionResponse>(ApiKey::kDropPartition, request)
          .status());
}

Result Admin::ListPartitionInfos(const TablePath& table_path, std::vector<PartitionInfo>& out) {
  return ListPartitionInfos(table_path, {}, out);
}

Result Admin::ListPartitionInfos(const TablePath& table_path,
                                 const std::unordered_map<std::string, std::string>& partial_spec,
                                 std::vector<PartitionInfo>& out) {
  if (!impl_) return not_connected();
  proto::ListPartitionInfosRequest request;
  set_path(request.mutable_table_path(), table_path);
  if (!partial_spec.empty()) {
    set_spec(request.mutable_partial_partition_spec(), nullptr, partial_spec);
  }
  auto response = impl_->call_coordinator<proto::ListPartitionInfosResponse>(
      ApiKey::kListPartitionInfos, request);
  if (!response.ok()) return to_result(response.status());
  out.clear();
  for (const auto& partition : response->partitions_info()) {
    std::string name;
    for (const auto& kv : partition.partition_spec().partition_key_values()) {
      if (!name.empty()) name += '$';
      name += kv.value();
    }
    out.push_back(PartitionInfo{partition.partition_id(), std::move(name)});
  }
  return Result::Success();
}

namespace {

Result list_offsets(detail::ConnectionImpl& impl, const TablePath& table_path,
                    const std::string* partition_name, const std::vector<int32_t>& bucket_ids,
                    const OffsetSpec& spec, std::unordered_map<int32_t, int64_t>& out) {
  ::fluss::TablePath path = detail::to_internal(table_path);
  auto meta = impl.table(path);
  if (!meta.ok()) return to_result(meta.status());
  int64_t partition_id = -1;
  if (partition_name != nullptr) {
    auto id = impl.partition_id(path, *partition_name);
    if (!id.ok()) return to_result(id.status());
    partition_id = *id;
  } else if ((*meta)->info.is_partitioned()) {
    return Result::Error(
        ErrorCode::CLIENT_ERROR,
        fmt::format("table '{}' is partitioned: use ListPartitionOffsets", table_path.ToString()));
  }
  std::vector<int32_t> buckets = bucket_ids;
  if (buckets.empty()) {
    for (int32_t b = 0; b < (*meta)->info.num_buckets(); ++b) buckets.push_back(b);
  }
  out.clear();
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::map<int32_t, std::pair<detail::Endpoint, std::vector<int32_t>>> by_leader;
    for (int32_t bucket : buckets) {
      if (out.count(bucket) > 0) continue;
      auto leader = impl.leader(path, partition_id, bucket, attempt > 0);
      if (!leader.ok()) return to_result(leader.status());
      auto& entry = by_leader[leader->id];
      entry.first = *leader;
      entry.second.push_back(bucket);
    }
    if (by_leader.empty()) break;
    Result retriable;
    for (auto& [leader_id, entry] : by_leader) {
      proto::ListOffsetsRequest request;
      request.set_follower_server_id(-1);
      request.set_offset_type(static_cast<int32_t>(spec.type));
      request.set_table_id((*meta)->info.table_id().value());
      if (partition_id >= 0) request.set_partition_id(partition_id);
      for (int32_t bucket : entry.second) request.add_bucket_id(bucket);
      if (spec.type == OffsetType::Timestamp) request.set_starttimestamp(spec.timestamp);
      auto response =
          impl.call<proto::ListOffsetsResponse>(entry.first, ApiKey::kListOffsets, 0, request);
      if (!response.ok()) {
        Result r = to_result(response.status());
        if (!r.IsRetriable()) return r;
        retriable = r;
        continue;
      }
      for (const auto& bucket : response->buckets_resp()) {
        ::fluss::Status status = ::fluss::rpc::error_of(bucket);
        if (!status.ok()) {
          Result r = to_result(status.with_context(
              fmt::format("bucket {} of table '{}'", bucket.bucket_id(), table_path.ToString())));
          if (!r.IsRetriable()) return r;
          retriable = r;
          continue;
        }
        out[bucket.bucket_id()] = bucket.offset();
      }
    }
    if (retriable.Ok()) return Result::Success();
    if (attempt == 2) return retriable;
    impl.invalidate_leaders(path);
  }
  return Result::Success();
}

}  // namespace

Result Admin::ListOffsets(const TablePath& table_path, const std::vector<int32_t>& bucket_ids,
                          const OffsetSpec& offset_spec,
                          std::unordered_map<int32_t, int64_t>& out) {
  if (!impl_) return not_connected();
  return list_offsets(*impl_, table_path, nullptr, bucket_ids, offset_spec, out);
}

Result Admin::ListPartitionOffsets(const TablePath& table_path, const std::string& partition_name,
                                   const std::vector<int32_t>& bucket_ids,
                                   const OffsetSpec& offset_spec,
                                   std::unordered_map<int32_t, int64_t>& out) {
  if (!impl_) return not_connected();
  return list_offsets(*impl_, table_path, &partition_name, bucket_ids, offset_spec, out);
}

Result Admin::GetLatestLakeSnapshot(const TablePath& table_path, LakeSnapshot&) {
  if (!impl_) return not_connected();
  return Result::Error(ErrorCode::LAKE_STORAGE_NOT_CONFIGURED_EXCEPTION,
                       fmt::format("table '{}': no data lake is configured (fluss-cpp has no "
                                   "lake tiering)",
                                   table_path.ToString()));
}

Result Admin::GetServerNodes(std::vector<ServerNode>& out) {
  if (!impl_) return not_connected();
  ::fluss::Status status = impl_->refresh_cluster();
  if (!status.ok()) return to_result(status);
  out.clear();
  if (auto coordinator = impl_->coordinator()) {
    out.push_back(ServerNode{coordinator->id, coordinator->host, coordinator->port,
                             "CoordinatorServer", fmt::format("cs-{}", coordinator->id)});
  }
  for (const auto& server : impl_->tablet_servers()) {
    out.push_back(ServerNode{server.id, server.host, server.port, "TabletServer",
                             fmt::format("ts-{}", server.id)});
  }
  return Result::Success();
}

}  // namespace fluss::client
