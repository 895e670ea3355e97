// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace fluss::storage {

// The settings of one log tablet, with Fluss's keys and defaults (ConfigOptions).
struct LogConfig {
  // log.segment.file-size: a segment rolls before it would exceed this size.
  uint64_t segment_bytes = 1024ull * 1024 * 1024;
  // log.index.interval-size: bytes appended between two offset/time index entries.
  uint64_t index_interval_bytes = 4 * 1024;
  // log.index.file-size: the largest index file; a full index rolls the segment.
  uint64_t max_index_bytes = 10 * 1024 * 1024;
};

}  // namespace fluss::storage
