// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
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
};

}  // namespace fluss::storage
