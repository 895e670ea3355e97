// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/zk_data.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>

#include "common/bytes.h"

namespace fluss::server {

using Json = nlohmann::ordered_json;

namespace zk_paths {

std::string database(std::string_view name) { return fmt::format("{}/{}", kDatabases, name); }
std::string tables(std::string_view database_name) { return database(database_name) + "/tables"; }
std::string table(const TablePath& path) { return tables(path.database) + "/" + path.table; }
std::string schemas(const TablePath& path) { return table(path) + "/schemas"; }
std::string schema(const TablePath& path, SchemaId id) {
  return fmt::format("{}/{}", schemas(path), id.value());
}
std::string partitions(const TablePath& path) { return table(path) + "/partitions"; }
std::string partition(const TablePath& path, std::string_view partition_name) {
  return fmt::format("{}/{}", partitions(path), partition_name);
}
std::string tablet_server(ServerId id) {
  return fmt::format("{}/{}", kTabletServerIds, id.value());
}
std::string coordinator(std::string_view id) { return fmt::format("{}/{}", kCoordinatorIds, id); }
std::string table_assignment(TableId id) {
  return fmt::format("{}/{}", kTableAssignments, id.value());
}
std::string partition_assignment(PartitionId id) {
  return fmt::format("{}/{}", kPartitionAssignments, id.value());
}
std::string leader_and_isr(const TableBucket& bucket) {
  const std::string owner = bucket.partition_id ? partition_assignment(*bucket.partition_id)
                                                : table_assignment(bucket.table_id);
  return fmt::format("{}/buckets/{}/leader_isr", owner, bucket.bucket.value());
}

}  // namespace zk_paths

namespace {

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json properties_json(const Properties& properties) {
  Json object = Json::object();
  for (const Properties::Entry* e : properties.java_hash_map_order()) object[e->first] = e->second;
  return object;
}

Json buckets_json(const std::map<int32_t, BucketAssignment>& buckets) {
  // Java iterates a HashMap<Integer, ...>: bucket ids 0..n-1 come out ascending.
  Json object = Json::object();
  for (const auto& [bucket, assignment] : buckets)
    object[std::to_string(bucket)] = assignment.replicas;
  return object;
}

// Reads one document; every accessor names the key it failed on.
class Reader {
 public:
  Reader(std::string_view json, std::string_view what) : what_(what) {
    json_ = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  }

  Status check_object() const {
    if (json_.is_discarded() || !json_.is_object()) return error("", "is not a JSON object");
    return Status::OK();
  }
  bool has(const char* key) const { return json_.contains(key); }

  Result<int64_t> int64(const char* key) const {
    auto it = json_.find(key);
    if (it == json_.end()) return error(key, "is missing");
    if (!it->is_number_integer()) return error(key, "is not an integer");
    return it->get<int64_t>();
  }
  Result<int32_t> int32(const char* key) const {
    FLUSS_ASSIGN_OR_RETURN(int64_t v, int64(key));
    if (v < INT32_MIN || v > INT32_MAX) return error(key, "is out of the int range");
    return static_cast<int32_t>(v);
  }
  Result<std::optional<std::string>> optional_string(const char* key) const {
    auto it = json_.find(key);
    if (it == json_.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) return error(key, "is not a string");
    return std::optional<std::string>(it->get<std::string>());
  }
  Result<std::string> string(const char* key) const {
    FLUSS_ASSIGN_OR_RETURN(std::optional<std::string> s, optional_string(key));
    if (!s) return error(key, "is missing");
    return std::move(*s);
  }
  Result<std::vector<std::string>> strings(const char* key) const {
    std::vector<std::string> out;
    auto it = json_.find(key);
    if (it == json_.end()) return out;
    if (!it->is_array()) return error(key, "is not an array");
    for (const Json& e : *it) {
      if (!e.is_string()) return error(key, "has an element that is not a string");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  Result<std::vector<int32_t>> ints(const Json& array, const std::string& key) const {
    std::vector<int32_t> out;
    if (!array.is_array()) return error(key, "is not an array");
    for (const Json& e : array) {
      if (!e.is_number_integer() || e.get<int64_t>() < INT32_MIN || e.get<int64_t>() > INT32_MAX) {
        return error(key, "has an element that is not an int");
      }
      out.push_back(e.get<int32_t>());
    }
    return out;
  }
  Result<std::vector<int32_t>> ints(const char* key) const {
    auto it = json_.find(key);
    if (it == json_.end()) return error(key, "is missing");
    return ints(*it, key);
  }
  // Values may be strings, numbers or booleans (Java reads them with asText()).
  Result<Properties> properties(const char* key) const {
    Properties out;
    auto it = json_.find(key);
    if (it == json_.end()) return error(key, "is missing");
    if (!it->is_object()) return error(key, "is not an object");
    for (const auto& [k, v] : it->items()) {
      if (v.is_string()) {
        out.set(k, v.get<std::string>());
      } else if (v.is_number() || v.is_boolean()) {
        out.set(k, v.dump());
      } else {
        return error(fmt::format("{}.{}", key, k), "is not a string");
      }
    }
    return out;
  }
  Result<std::map<int32_t, BucketAssignment>> buckets(const char* key) const {
    std::map<int32_t, BucketAssignment> out;
    auto it = json_.find(key);
    if (it == json_.end()) return error(key, "is missing");
    if (!it->is_object()) return error(key, "is not an object");
    for (const auto& [k, v] : it->items()) {
      int32_t bucket = 0;
      auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), bucket);
      if (ec != std::errc() || end != k.data() + k.size()) {
        return error(fmt::format("{}.{}", key, k), "is not a bucket id");
      }
      FLUSS_ASSIGN_OR_RETURN(out[bucket].replicas, ints(v, fmt::format("{}.{}", key, k)));
    }
    return out;
  }
  Result<std::optional<double>> optional_double(const char* key) const {
    auto it = json_.find(key);
    if (it == json_.end()) return std::optional<double>();
    if (!it->is_number()) return error(key, "is not a number");
    return std::optional<double>(it->get<double>());
  }

  Status error(std::string_view key, std::string_view why) const {
    if (key.empty()) return make_error(ErrorCode::kStorageException, "{} JSON {}", what_, why);
    return make_error(ErrorCode::kStorageException, "{} JSON: '{}' {}", what_, key, why);
  }

 private:
  Json json_;
  std::string_view what_;
};

}  // namespace

DatabaseInfo DatabaseRegistration::to_info(std::string database_name) const {
  return DatabaseInfo{
      .database_name = std::move(database_name),
      .descriptor = DatabaseDescriptor{.comment = comment, .custom_properties = custom_properties},
      .created_time_ms = created_time_ms,
      .modified_time_ms = modified_time_ms};
}

std::string to_json(const DatabaseRegistration& r) {
  Json j = Json::object();
  j["version"] = 1;
  if (r.comment) j["comment"] = *r.comment;
  j["custom_properties"] = properties_json(r.custom_properties);
  j["created_time"] = r.created_time_ms;
  j["modified_time"] = r.modified_time_ms;
  return dump(j);
}

std::string to_json(const TableRegistration& r) {
  Json j = Json::object();
  j["version"] = 1;
  j["table_id"] = r.table_id.value();
  if (r.comment) j["comment"] = *r.comment;
  if (!r.partition_keys.empty()) j["partition_key"] = r.partition_keys;
  if (!r.bucket_keys.empty()) j["bucket_key"] = r.bucket_keys;
  j["bucket_count"] = r.bucket_count;
  j["properties"] = properties_json(r.properties);
  j["custom_properties"] = properties_json(r.custom_properties);
  if (r.remote_data_dir) j["remote_data_dir"] = *r.remote_data_dir;
  j["created_time"] = r.created_time_ms;
  j["modified_time"] = r.modified_time_ms;
  return dump(j);
}

std::string to_json(const PartitionRegistration& r) {
  Json j = Json::object();
  j["version"] = 1;
  j["table_id"] = r.table_id.value();
  j["partition_id"] = r.partition_id.value();
  if (r.remote_data_dir) j["remote_data_dir"] = *r.remote_data_dir;
  return dump(j);
}

std::string to_json(const TableAssignment& a) {
  Json j = Json::object();
  j["version"] = 1;
  j["buckets"] = buckets_json(a.buckets);
  return dump(j);
}

std::string to_json(const PartitionAssignment& a) {
  Json j = Json::object();
  j["version"] = 1;
  j["table_id"] = a.table_id.value();
  j["buckets"] = buckets_json(a.buckets);
  return dump(j);
}

std::string to_json(const LeaderAndIsr& l) {
  Json j = Json::object();
  j["version"] = 2;
  j["leader"] = l.leader.value();
  j["leader_epoch"] = l.leader_epoch.value();
  j["isr"] = l.isr;
  j["coordinator_epoch"] = l.coordinator_epoch;
  j["bucket_epoch"] = l.bucket_epoch;
  j["standby_replicas"] = l.standby_replicas;
  return dump(j);
}

std::string to_json(const TabletServerRegistration& r) {
  Json j = Json::object();
  j["version"] = 4;
  j["listeners"] = r.listeners;
  j["register_timestamp"] = r.register_timestamp_ms;
  if (r.rack) j["rack"] = *r.rack;
  if (r.cpu_cores) j["cpu_cores"] = *r.cpu_cores;
  if (r.memory_bytes) j["memory_bytes"] = *r.memory_bytes;
  return dump(j);
}

std::string to_json(const CoordinatorAddress& a) {
  Json j = Json::object();
  j["version"] = 2;
  j["id"] = a.id;
  j["listeners"] = a.listeners;
  return dump(j);
}

Result<CoordinatorAddress> coordinator_address_from_json(std::string_view json) {
  Reader r(json, "coordinator address");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  CoordinatorAddress out;
  FLUSS_ASSIGN_OR_RETURN(int32_t version, r.int32("version"));
  FLUSS_ASSIGN_OR_RETURN(out.id, r.string("id"));
  if (version == 1) {
    // Version 1 had host and port of the one CLIENT listener.
    FLUSS_ASSIGN_OR_RETURN(std::string host, r.string("host"));
    FLUSS_ASSIGN_OR_RETURN(int32_t port, r.int32("port"));
    out.listeners = fmt::format("CLIENT://{}:{}", host, port);
  } else {
    FLUSS_ASSIGN_OR_RETURN(out.listeners, r.string("listeners"));
  }
  return out;
}

Result<DatabaseRegistration> database_registration_from_json(std::string_view json) {
  Reader r(json, "database registration");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  DatabaseRegistration out;
  FLUSS_ASSIGN_OR_RETURN(out.comment, r.optional_string("comment"));
  FLUSS_ASSIGN_OR_RETURN(out.custom_properties, r.properties("custom_properties"));
  FLUSS_ASSIGN_OR_RETURN(out.created_time_ms, r.int64("created_time"));
  FLUSS_ASSIGN_OR_RETURN(out.modified_time_ms, r.int64("modified_time"));
  return out;
}

Result<TableRegistration> table_registration_from_json(std::string_view json) {
  Reader r(json, "table registration");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  TableRegistration out;
  FLUSS_ASSIGN_OR_RETURN(int64_t id, r.int64("table_id"));
  out.table_id = TableId(id);
  FLUSS_ASSIGN_OR_RETURN(out.comment, r.optional_string("comment"));
  FLUSS_ASSIGN_OR_RETURN(out.partition_keys, r.strings("partition_key"));
  FLUSS_ASSIGN_OR_RETURN(out.bucket_keys, r.strings("bucket_key"));
  FLUSS_ASSIGN_OR_RETURN(out.bucket_count, r.int32("bucket_count"));
  FLUSS_ASSIGN_OR_RETURN(out.properties, r.properties("properties"));
  FLUSS_ASSIGN_OR_RETURN(out.custom_properties, r.properties("custom_properties"));
  FLUSS_ASSIGN_OR_RETURN(out.remote_data_dir, r.optional_string("remote_data_dir"));
  FLUSS_ASSIGN_OR_RETURN(out.created_time_ms, r.int64("created_time"));
  FLUSS_ASSIGN_OR_RETURN(out.modified_time_ms, r.int64("modified_time"));
  return out;
}

Result<PartitionRegistration> partition_registration_from_json(std::string_view json) {
  Reader r(json, "partition registration");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  PartitionRegistration out;
  FLUSS_ASSIGN_OR_RETURN(int64_t table_id, r.int64("table_id"));
  FLUSS_ASSIGN_OR_RETURN(int64_t partition_id, r.int64("partition_id"));
  out.table_id = TableId(table_id);
  out.partition_id = PartitionId(partition_id);
  FLUSS_ASSIGN_OR_RETURN(out.remote_data_dir, r.optional_string("remote_data_dir"));
  return out;
}

Result<TableAssignment> table_assignment_from_json(std::string_view json) {
  Reader r(json, "table assignment");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  TableAssignment out;
  FLUSS_ASSIGN_OR_RETURN(out.buckets, r.buckets("buckets"));
  return out;
}

Result<PartitionAssignment> partition_assignment_from_json(std::string_view json) {
  Reader r(json, "partition assignment");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  PartitionAssignment out;
  FLUSS_ASSIGN_OR_RETURN(int64_t table_id, r.int64("table_id"));
  out.table_id = TableId(table_id);
  FLUSS_ASSIGN_OR_RETURN(out.buckets, r.buckets("buckets"));
  return out;
}

Result<LeaderAndIsr> leader_and_isr_from_json(std::string_view json) {
  Reader r(json, "leader and isr");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  LeaderAndIsr out;
  FLUSS_ASSIGN_OR_RETURN(int32_t version, r.int32("version"));
  FLUSS_ASSIGN_OR_RETURN(int32_t leader, r.int32("leader"));
  FLUSS_ASSIGN_OR_RETURN(int32_t epoch, r.int32("leader_epoch"));
  out.leader = ServerId(leader);
  out.leader_epoch = LeaderEpoch(epoch);
  FLUSS_ASSIGN_OR_RETURN(out.isr, r.ints("isr"));
  FLUSS_ASSIGN_OR_RETURN(out.coordinator_epoch, r.int32("coordinator_epoch"));
  FLUSS_ASSIGN_OR_RETURN(out.bucket_epoch, r.int32("bucket_epoch"));
  if (version >= 2) {
    FLUSS_ASSIGN_OR_RETURN(out.standby_replicas, r.ints("standby_replicas"));
  }
  return out;
}

Result<TabletServerRegistration> tablet_server_registration_from_json(std::string_view json) {
  Reader r(json, "tablet server registration");
  FLUSS_RETURN_IF_ERROR(r.check_object());
  TabletServerRegistration out;
  FLUSS_ASSIGN_OR_RETURN(int32_t version, r.int32("version"));
  if (version == 1) {
    // Version 1 had host and port of the one CLIENT listener.
    FLUSS_ASSIGN_OR_RETURN(std::string host, r.string("host"));
    FLUSS_ASSIGN_OR_RETURN(int32_t port, r.int32("port"));
    out.listeners = fmt::format("CLIENT://{}:{}", host, port);
  } else {
    FLUSS_ASSIGN_OR_RETURN(out.listeners, r.string("listeners"));
  }
  if (version >= 3) {
    FLUSS_ASSIGN_OR_RETURN(out.rack, r.optional_string("rack"));
  }
  if (version >= 4) {
    FLUSS_ASSIGN_OR_RETURN(out.cpu_cores, r.optional_double("cpu_cores"));
    if (r.has("memory_bytes")) {
      FLUSS_ASSIGN_OR_RETURN(out.memory_bytes, r.int64("memory_bytes"));
    }
  }
  FLUSS_ASSIGN_OR_RETURN(out.register_timestamp_ms, r.int64("register_timestamp"));
  return out;
}

std::string encode_sequence(int64_t value) {
  ByteBuffer out;
  out.append_be<int64_t>(value);
  return out.to_string();
}

Result<int64_t> decode_sequence(std::string_view bytes, std::string_view path) {
  if (bytes.size() != 8) {
    return make_error(ErrorCode::kStorageException, "id counter {} holds {} bytes, not 8", path,
                      bytes.size());
  }
  return load_be<int64_t>(reinterpret_cast<const uint8_t*>(bytes.data()));
}

std::string encode_coordinator_epoch(int32_t epoch) { return std::to_string(epoch); }

Result<int32_t> decode_coordinator_epoch(std::string_view bytes) {
  int32_t epoch = 0;
  auto [end, ec] = std::from_chars(bytes.data(), bytes.data() + bytes.size(), epoch);
  if (bytes.empty() || ec != std::errc() || end != bytes.data() + bytes.size()) {
    return make_error(ErrorCode::kStorageException, "coordinator epoch {} is not an int: '{}'",
                      zk_paths::kCoordinatorEpoch, bytes.substr(0, 32));
  }
  return epoch;
}

}  // namespace fluss::server
