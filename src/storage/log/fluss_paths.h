// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_path.h"

namespace fluss::storage {

// Names of a tablet server's local directories and files (Java FlussPaths;
// docs/log-storage.md, fluss-wire.md §12.1). Pure string functions: nothing here
// touches a file system.

inline constexpr std::string_view kLogTabletDirPrefix = "log-";
inline constexpr std::string_view kKvTabletDirPrefix = "kv-";
inline constexpr std::string_view kPartitionDirPrefix = "p";
inline constexpr std::string_view kLogFileSuffix = ".log";
inline constexpr std::string_view kIndexFileSuffix = ".index";
inline constexpr std::string_view kTimeIndexFileSuffix = ".timeindex";
inline constexpr std::string_view kWriterSnapshotFileSuffix = ".writer_snapshot";
inline constexpr std::string_view kDeletedFileSuffix = ".deleted";
// The clean-shutdown marker (Java LogManager.CLEAN_SHUTDOWN_FILE). Fluss keeps one
// per data directory, written by the LogManager; LogTablet::close() writes it into
// the tablet directory until our LogManager exists.
inline constexpr std::string_view kCleanShutdownFileName = ".fluss_cleanshutdown";

// "00000000000000000042": `offset` zero-padded to 20 digits, so that file names
// sort numerically. `offset` must be >= 0.
std::string filename_prefix_from_offset(LogOffset offset);

// "<20-digit offset>.writer_snapshot": the writer snapshot covering the log up to
// `offset` (exclusive).
std::string writer_snapshot_file_name(LogOffset offset);

// The offset of a file named "<decimal digits><suffix>" (e.g. "…0042.writer_snapshot"
// with kWriterSnapshotFileSuffix); nullopt for any other name or an offset that does
// not fit int64.
std::optional<LogOffset> offset_from_file_name(std::string_view file_name, std::string_view suffix);

enum class TabletType { kLog, kKv };

// A tablet directory's identity, as parsed back from its path.
struct TabletDir {
  PhysicalTablePath path;
  TableBucket bucket;
  TabletType type = TabletType::kLog;

  friend bool operator==(const TabletDir&, const TabletDir&) = default;
};

// "<data_dir>/<db>/<table>-<tableId>/log-<bucket>" (kv-<bucket> for kKv); for a
// partition "<data_dir>/<db>/<table>-<tableId>/<partitionName>-p<partitionId>/log-<bucket>".
// An empty `data_dir` gives the relative path. A partition name in `path` requires
// a partition id in `bucket` and the reverse (checked).
std::string tablet_dir(std::string_view data_dir, const PhysicalTablePath& path,
                       const TableBucket& bucket, TabletType type);

// Parses the last components of a tablet directory path (trailing '/' allowed).
// Names are split at their LAST '-', so table and partition names may contain '-'.
// A parent "<name>-p<digits>" is a partition directory. Anything else (missing
// components, empty names, non-decimal ids, a prefix other than log-/kv-) is
// LOG_STORAGE_EXCEPTION naming the directory.
Result<TabletDir> parse_tablet_dir(std::string_view dir);

}  // namespace fluss::storage
