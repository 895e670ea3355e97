// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

namespace fluss::storage {

// The settings of one log tablet, with Fluss's keys and defaults (ConfigOptions).
struct LogConfig {
  // log.segment.file-size: a segment rolls before it would exceed this size.
  uint64_t segment_bytes = 1024ull * 1024 * 1024;
  // log.index.interval-size: bytes appended between two offset/time index entries.
  uint64_t index_interval_bytes = 4 * 1024;
  // log.index.file-size: the largest index file; a full index rolls the segment.
  uint64_t max_index_bytes = 10 * 1024 * 1024;
  // Rolls the active segment when its first batch was committed more than this
  // many milliseconds before a new append. Fluss has no such key (only
  // log.retention.roll-active-segment.enabled), so it is off by default and set
  // by code only.
  std::optional<int64_t> segment_ms = std::nullopt;
  // log.retention.roll-active-segment.enabled: TTL retention rolls a non-empty
  // active segment that has expired once the high watermark reached the log end,
  // so that the next retention run can delete it.
  bool roll_active_segment_on_retention = false;
  // log.flush.interval-messages: an append that leaves this many messages (offsets)
  // above the recovery point flushes the log. Fluss's default never flushes by count.
  int64_t flush_interval_messages = std::numeric_limits<int64_t>::max();
};

}  // namespace fluss::storage
