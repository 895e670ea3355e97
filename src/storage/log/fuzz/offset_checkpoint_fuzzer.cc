// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as a text offset checkpoint file (high-watermark-checkpoint,
// recovery-point-offset-checkpoint). Must never crash; whatever parses must survive
// a write/read round trip unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/log/offset_checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluss;
  using namespace fluss::storage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<OffsetCheckpoint> offsets = parse_offset_checkpoint(text, "fuzz");
  if (!offsets.ok()) return 0;
  const std::string written = serialize_offset_checkpoint(*offsets);
  Result<OffsetCheckpoint> reread = parse_offset_checkpoint(written, "fuzz");
  if (!reread.ok() || *reread != *offsets || serialize_offset_checkpoint(*reread) != written) {
    abort();
  }
  return 0;
}
