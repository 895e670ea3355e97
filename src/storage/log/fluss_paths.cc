// SPDX-License-Identifier: Apache-2.0
#include "storage/log/fluss_paths.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "common/check.h"

namespace fluss::storage {

namespace {

// A non-empty run of decimal digits that fits T; anything else (signs, spaces,
// overflow) is nullopt.
template <typename T>
std::optional<T> parse_decimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::string_view prefix_of(TabletType type) {
  return type == TabletType::kLog ? kLogTabletDirPrefix : kKvTabletDirPrefix;
}

}  // namespace

std::string filename_prefix_from_offset(LogOffset offset) {
  FLUSS_CHECK(offset.value() >= 0, "file name for negative offset {}", offset);
  return fmt::format("{:020}", offset.value());
}

std::string writer_snapshot_file_name(LogOffset offset) {
  return filename_prefix_from_offset(offset) + std::string(kWriterSnapshotFileSuffix);
}

std::optional<LogOffset> offset_from_file_name(std::string_view file_name,
                                               std::string_view suffix) {
  if (file_name.size() <= suffix.size() || !file_name.ends_with(suffix)) return std::nullopt;
  auto offset = parse_decimal<int64_t>(file_name.substr(0, file_name.size() - suffix.size()));
  if (!offset) return std::nullopt;
  return LogOffset(*offset);
}

std::string tablet_dir(std::string_view data_dir, const PhysicalTablePath& path,
                       const TableBucket& bucket, TabletType type) {
  FLUSS_CHECK(path.partition_name.has_value() == bucket.partition_id.has_value(),
              "tablet dir of {} for {}: partition name and partition id go together",
              path.to_string(), bucket.to_string());
  std::string dir;
  if (!data_dir.empty()) {
    dir.append(data_dir);
    if (!dir.ends_with('/')) dir += '/';
  }
  dir += fmt::format("{}/{}-{}/", path.table_path.database, path.table_path.table, bucket.table_id);
  if (path.partition_name) {
    dir += fmt::format("{}-{}{}/", *path.partition_name, kPartitionDirPrefix, *bucket.partition_id);
  }
  dir += fmt::format("{}{}", prefix_of(type), bucket.bucket);
  return dir;
}

Result<TabletDir> parse_tablet_dir(std::string_view dir) {
  auto error = [dir](std::string_view why) {
    return Status(ErrorCode::kLogStorageException,
                  fmt::format("Invalid tablet directory '{}': {}", dir, why));
  };
  // The path's components, last first, ignoring empty ones ("a//b/", a trailing '/').
  std::vector<std::string_view> parts;
  std::string_view rest = dir;
  while (!rest.empty()) {
    const size_t slash = rest.rfind('/');
    std::string_view part = slash == std::string_view::npos ? rest : rest.substr(slash + 1);
    if (!part.empty()) parts.push_back(part);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(0, slash);
  }
  if (parts.size() < 3) return error("expected <db>/<table>-<tableId>/log-<bucket> or kv-<bucket>");

  TabletDir out;
  const std::string_view tablet = parts[0];
  std::string_view bucket_digits;
  if (tablet.starts_with(kLogTabletDirPrefix)) {
    out.type = TabletType::kLog;
    bucket_digits = tablet.substr(kLogTabletDirPrefix.size());
  } else if (tablet.starts_with(kKvTabletDirPrefix)) {
    out.type = TabletType::kKv;
    bucket_digits = tablet.substr(kKvTabletDirPrefix.size());
  } else {
    return error(fmt::format("'{}' is not in the form 'log-<bucket>' or 'kv-<bucket>'", tablet));
  }
  auto bucket = parse_decimal<int32_t>(bucket_digits);
  if (!bucket) return error(fmt::format("invalid bucket id in '{}'", tablet));
  out.bucket.bucket = BucketId(*bucket);

  // A parent "<name>-p<...>" is a partition directory; a table directory's last
  // part is the decimal table id, which never starts with 'p'.
  size_t table_index = 1;
  const std::string_view parent = parts[1];
  const size_t parent_dash = parent.rfind('-');
  if (parent_dash != std::string_view::npos &&
      parent.substr(parent_dash + 1).starts_with(kPartitionDirPrefix)) {
    if (parts.size() < 4) {
      return error("expected <db>/<table>-<tableId>/<partition>-p<partitionId>/<tablet>");
    }
    const std::string_view partition_name = parent.substr(0, parent_dash);
    auto partition_id =
        parse_decimal<int64_t>(parent.substr(parent_dash + 1 + kPartitionDirPrefix.size()));
    if (partition_name.empty() || !partition_id) {
      return error(fmt::format("'{}' is not in the form '<partition>-p<partitionId>'", parent));
    }
    out.path.partition_name = std::string(partition_name);
    out.bucket.partition_id = PartitionId(*partition_id);
    table_index = 2;
  }

  const std::string_view table_dir = parts[table_index];
  const size_t dash = table_dir.rfind('-');
  if (dash == std::string_view::npos || dash == 0) {
    return error(fmt::format("'{}' is not in the form '<table>-<tableId>'", table_dir));
  }
  auto table_id = parse_decimal<int64_t>(table_dir.substr(dash + 1));
  if (!table_id) return error(fmt::format("invalid table id in '{}'", table_dir));
  out.path.table_path.table = std::string(table_dir.substr(0, dash));
  out.bucket.table_id = TableId(*table_id);
  out.path.table_path.database = std::string(parts[table_index + 1]);
  return out;
}

}  // namespace fluss::storage
