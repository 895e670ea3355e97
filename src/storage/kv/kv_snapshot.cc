// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_snapshot.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <limits>

#include "common/json_writer.h"

namespace fluss::storage {

namespace {

using Json = nlohmann::json;

constexpr int kVersion = 1;
constexpr std::string_view kVersionKey = "version";
constexpr std::string_view kTableIdKey = "table_id";
constexpr std::string_view kPartitionIdKey = "partition_id";
constexpr std::string_view kBucketIdKey = "bucket_id";
constexpr std::string_view kSnapshotIdKey = "snapshot_id";
constexpr std::string_view kSnapshotLocationKey = "snapshot_location";
constexpr std::string_view kKvSnapshotHandleKey = "kv_snapshot_handle";
constexpr std::string_view kSharedFilesKey = "shared_file_handles";
constexpr std::string_view kPrivateFilesKey = "private_file_handles";
constexpr std::string_view kKvFileHandleKey = "kv_file_handle";
constexpr std::string_view kPathKey = "path";
constexpr std::string_view kSizeKey = "size";
constexpr std::string_view kLocalPathKey = "local_path";
constexpr std::string_view kIncrementalSizeKey = "snapshot_incremental_size";
constexpr std::string_view kLogOffsetKey = "log_offset";
constexpr std::string_view kRowCountKey = "row_count";
constexpr std::string_view kAutoIncIdRangeKey = "auto_inc_id_range";
constexpr std::string_view kColumnIdKey = "column_id";
constexpr std::string_view kStartKey = "start";
constexpr std::string_view kEndKey = "end";

void write_file_handles(JsonWriter& w, std::string_view name,
                        const std::vector<KvFileHandleAndLocalPath>& files) {
  w.key(name);
  w.begin_array();
  for (const KvFileHandleAndLocalPath& f : files) {
    w.begin_object();
    w.key(kKvFileHandleKey);
    w.begin_object();
    w.field(kPathKey, f.kv_file_handle.path);
    w.field(kSizeKey, f.kv_file_handle.size);
    w.end_object();
    w.field(kLocalPathKey, f.local_path);
    w.end_object();
  }
  w.end_array();
}

class MetadataReader {
 public:
  explicit MetadataReader(std::string_view source) : source_(source) {}

  template <typename... Args>
  Status corrupt(fmt::format_string<Args...> format, Args&&... args) const {
    return Status(ErrorCode::kKvStorageException,
                  fmt::format("Corrupt kv snapshot metadata {}: {}", source_,
                              fmt::format(format, std::forward<Args>(args)...)));
  }

  Result<const Json*> member(const Json& object, std::string_view key,
                             std::string_view where) const {
    auto it = object.find(key);
    if (it == object.end()) return corrupt("{} has no '{}'", where, key);
    return &*it;
  }

  // The integer member `key` of `object`, within [min, max].
  template <typename T>
  Result<T> integer(const Json& object, std::string_view key, std::string_view where,
                    T min = std::numeric_limits<T>::min()) const {
    FLUSS_ASSIGN_OR_RETURN(const Json* v, member(object, key, where));
    if (!v->is_number_integer()) return corrupt("'{}' of {} is not an integer", key, where);
    if (v->is_number_unsigned()) {
      const auto u = v->get<uint64_t>();
      if (u <= static_cast<uint64_t>(std::numeric_limits<T>::max()) && static_cast<T>(u) >= min) {
        return static_cast<T>(u);
      }
    } else {
      const auto s = v->get<int64_t>();
      if (s >= min && s <= std::numeric_limits<T>::max()) return static_cast<T>(s);
    }
    return corrupt("'{}' of {} is out of range", key, where);
  }

  Result<std::string> string(const Json& object, std::string_view key,
                             std::string_view where) const {
    FLUSS_ASSIGN_OR_RETURN(const Json* v, member(object, key, where));
    if (!v->is_string()) return corrupt("'{}' of {} is not a string", key, where);
    return v->get<std::string>();
  }

  Result<const Json*> typed(const Json& object, std::string_view key, std::string_view where,
                            Json::value_t type, std::string_view type_name) const {
    FLUSS_ASSIGN_OR_RETURN(const Json* v, member(object, key, where));
    if (v->type() != type) return corrupt("'{}' of {} is not {}", key, where, type_name);
    return v;
  }

  Result<std::vector<KvFileHandleAndLocalPath>> file_handles(const Json& handle,
                                                             std::string_view key) const {
    FLUSS_ASSIGN_OR_RETURN(const Json* array, typed(handle, key, kKvSnapshotHandleKey,
                                                    Json::value_t::array, "an array"));
    std::vector<KvFileHandleAndLocalPath> files;
    files.reserve(array->size());
    for (size_t i = 0; i < array->size(); ++i) {
      const Json& item = (*array)[i];
      const std::string where = fmt::format("{}[{}]", key, i);
      if (!item.is_object()) return corrupt("{} is not an object", where);
      FLUSS_ASSIGN_OR_RETURN(const Json* file, typed(item, kKvFileHandleKey, where,
                                                     Json::value_t::object, "an object"));
      const std::string file_where = fmt::format("{}.{}", where, kKvFileHandleKey);
      KvFileHandleAndLocalPath f;
      FLUSS_ASSIGN_OR_RETURN(f.kv_file_handle.path, string(*file, kPathKey, file_where));
      FLUSS_ASSIGN_OR_RETURN(f.kv_file_handle.size,
                             integer<int64_t>(*file, kSizeKey, file_where, 0));
      FLUSS_ASSIGN_OR_RETURN(f.local_path, string(item, kLocalPathKey, where));
      if (f.local_path.empty() || f.local_path == "." || f.local_path == ".." ||
          f.local_path.find('/') != std::string::npos ||
          f.local_path.find('\0') != std::string::npos) {
        return corrupt("'{}' of {} is not a file name: \"{}\"", kLocalPathKey, where, f.local_path);
      }
      files.push_back(std::move(f));
    }
    return files;
  }

 private:
  std::string_view source_;
};

}  // namespace

int64_t CompletedSnapshot::total_size() const {
  int64_t total = 0;
  for (const auto& f : kv_snapshot_handle.shared_file_handles) total += f.kv_file_handle.size;
  for (const auto& f : kv_snapshot_handle.private_file_handles) total += f.kv_file_handle.size;
  return total;
}

std::ostream& operator<<(std::ostream& os, const CompletedSnapshot& s) {
  return os << fmt::format(
             "CompletedSnapshot{{tableBucket={}, snapshotID={}, snapshotLocation={}, "
             "logOffset={}, sharedFiles={}, privateFiles={}, incrementalSize={}}}",
             s.table_bucket.to_string(), s.snapshot_id, s.snapshot_location, s.log_offset,
             s.kv_snapshot_handle.shared_file_handles.size(),
             s.kv_snapshot_handle.private_file_handles.size(),
             s.kv_snapshot_handle.snapshot_incremental_size);
}

std::string to_json(const CompletedSnapshot& s) {
  JsonWriter w;
  w.begin_object();
  w.field(kVersionKey, kVersion);
  w.field(kTableIdKey, s.table_bucket.table_id.value());
  if (s.table_bucket.partition_id) w.field(kPartitionIdKey, s.table_bucket.partition_id->value());
  w.field(kBucketIdKey, s.table_bucket.bucket.value());
  w.field(kSnapshotIdKey, s.snapshot_id);
  w.field(kSnapshotLocationKey, s.snapshot_location);
  w.key(kKvSnapshotHandleKey);
  w.begin_object();
  write_file_handles(w, kSharedFilesKey, s.kv_snapshot_handle.shared_file_handles);
  write_file_handles(w, kPrivateFilesKey, s.kv_snapshot_handle.private_file_handles);
  w.field(kIncrementalSizeKey, s.kv_snapshot_handle.snapshot_incremental_size);
  w.end_object();
  w.field(kLogOffsetKey, s.log_offset.value());
  if (s.row_count) w.field(kRowCountKey, *s.row_count);
  if (!s.auto_inc_id_ranges.empty()) {
    w.key(kAutoIncIdRangeKey);
    w.begin_array();
    for (const AutoIncIdRange& r : s.auto_inc_id_ranges) {
      w.begin_object();
      w.field(kColumnIdKey, r.column_id);
      w.field(kStartKey, r.start);
      w.field(kEndKey, r.end);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return w.take();
}

Result<CompletedSnapshot> completed_snapshot_from_json(std::string_view json,
                                                       std::string_view source) {
  const MetadataReader r(source);
  Json doc;
  try {
    doc = Json::parse(json.begin(), json.end());
  } catch (const Json::exception& e) {
    return r.corrupt("{}", e.what());
  }
  if (!doc.is_object()) return r.corrupt("the document is not a JSON object");
  constexpr std::string_view kDoc = "the document";
  FLUSS_ASSIGN_OR_RETURN(int32_t version, r.integer<int32_t>(doc, kVersionKey, kDoc));
  if (version != kVersion)
    return r.corrupt("unsupported version {}, expected {}", version, kVersion);

  CompletedSnapshot s;
  FLUSS_ASSIGN_OR_RETURN(int64_t table_id, r.integer<int64_t>(doc, kTableIdKey, kDoc, 0));
  s.table_bucket.table_id = TableId(table_id);
  if (doc.find(kPartitionIdKey) != doc.end()) {
    FLUSS_ASSIGN_OR_RETURN(int64_t partition_id, r.integer<int64_t>(doc, kPartitionIdKey, kDoc, 0));
    s.table_bucket.partition_id = PartitionId(partition_id);
  }
  FLUSS_ASSIGN_OR_RETURN(int32_t bucket, r.integer<int32_t>(doc, kBucketIdKey, kDoc, 0));
  s.table_bucket.bucket = BucketId(bucket);
  FLUSS_ASSIGN_OR_RETURN(s.snapshot_id, r.integer<int64_t>(doc, kSnapshotIdKey, kDoc, 0));
  FLUSS_ASSIGN_OR_RETURN(s.snapshot_location, r.string(doc, kSnapshotLocationKey, kDoc));

  FLUSS_ASSIGN_OR_RETURN(const Json* handle, r.typed(doc, kKvSnapshotHandleKey, kDoc,
                                                     Json::value_t::object, "an object"));
  FLUSS_ASSIGN_OR_RETURN(s.kv_snapshot_handle.shared_file_handles,
                         r.file_handles(*handle, kSharedFilesKey));
  FLUSS_ASSIGN_OR_RETURN(s.kv_snapshot_handle.private_file_handles,
                         r.file_handles(*handle, kPrivateFilesKey));
  FLUSS_ASSIGN_OR_RETURN(s.kv_snapshot_handle.snapshot_incremental_size,
                         r.integer<int64_t>(*handle, kIncrementalSizeKey, kKvSnapshotHandleKey, 0));

  FLUSS_ASSIGN_OR_RETURN(int64_t log_offset, r.integer<int64_t>(doc, kLogOffsetKey, kDoc, 0));
  s.log_offset = LogOffset(log_offset);
  if (doc.find(kRowCountKey) != doc.end()) {
    FLUSS_ASSIGN_OR_RETURN(s.row_count, r.integer<int64_t>(doc, kRowCountKey, kDoc, 0));
  }
  if (doc.find(kAutoIncIdRangeKey) != doc.end()) {
    FLUSS_ASSIGN_OR_RETURN(const Json* ranges, r.typed(doc, kAutoIncIdRangeKey, kDoc,
                                                       Json::value_t::array, "an array"));
    for (size_t i = 0; i < ranges->size(); ++i) {
      const Json& item = (*ranges)[i];
      const std::string where = fmt::format("{}[{}]", kAutoIncIdRangeKey, i);
      if (!item.is_object()) return r.corrupt("{} is not an object", where);
      AutoIncIdRange range;
      FLUSS_ASSIGN_OR_RETURN(range.column_id, r.integer<int32_t>(item, kColumnIdKey, where, 0));
      FLUSS_ASSIGN_OR_RETURN(range.start, r.integer<int64_t>(item, kStartKey, where));
      FLUSS_ASSIGN_OR_RETURN(range.end, r.integer<int64_t>(item, kEndKey, where));
      s.auto_inc_id_ranges.push_back(range);
    }
  }
  return s;
}

}  // namespace fluss::storage
