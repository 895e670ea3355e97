// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>

namespace fluss {

// The layout of the records section of a log batch (org.apache.fluss.metadata.LogFormat,
// table property `table.log.format`; fluss-wire.md §5.9).
enum class LogFormat : uint8_t {
  kArrow,      // one Arrow IPC RecordBatch message (the default)
  kIndexed,    // IndexedRow records
  kCompacted,  // CompactedRow records
};

// "ARROW", "INDEXED", "COMPACTED": the config values.
inline std::string_view log_format_name(LogFormat format) {
  switch (format) {
    case LogFormat::kArrow:
      return "ARROW";
    case LogFormat::kIndexed:
      return "INDEXED";
    case LogFormat::kCompacted:
      return "COMPACTED";
  }
  return "?";
}

inline std::ostream& operator<<(std::ostream& os, LogFormat format) {
  return os << log_format_name(format);
}

}  // namespace fluss
