// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_path.h"

namespace fluss::storage {

// The text checkpoint files of a data directory (Java OffsetCheckpointFile over
// CheckpointFile): one offset per table bucket, e.g. the recovery point or the high
// watermark of every tablet. Format in docs/log-storage.md (fluss-wire.md §12.2).
// These functions only produce and consume the bytes; the caller writes them
// through the FileSystem atomically (temp file, fsync, rename).
using OffsetCheckpoint = std::map<TableBucket, LogOffset>;

inline constexpr int32_t kOffsetCheckpointVersion = 0;
inline constexpr std::string_view kRecoveryPointCheckpointFile = "recovery-point-offset-checkpoint";
inline constexpr std::string_view kHighWatermarkCheckpointFile = "high-watermark-checkpoint";

// "0\n<count>\n" then one line per bucket, in TableBucket order:
// "<tableId> <bucket> <offset>\n" or "<tableId> <partitionId> <bucket> <offset>\n".
std::string serialize_offset_checkpoint(const OffsetCheckpoint& offsets);

// Parses a checkpoint file's text; `location` names the file in errors. As in Java,
// empty text (or only the version line) is an empty checkpoint, fields are split at
// runs of whitespace, "\r\n" ends a line too, and a bucket listed twice keeps its
// last offset. Errors are LOG_STORAGE_EXCEPTION naming the file and the 1-based line:
// a version other than 0, a malformed count or entry line (not 3 or 4 decimal
// fields, a value outside int32/int64), or an entry count that differs from the
// header's.
Result<OffsetCheckpoint> parse_offset_checkpoint(std::string_view text, std::string_view location);

}  // namespace fluss::storage
