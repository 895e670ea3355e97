// SPDX-License-Identifier: Apache-2.0
#include "common/crc32c.h"

#include <isa-l/crc.h>

namespace fluss {

// ISA-L's crc32_iscsi neither pre- nor post-inverts: feed it the inverted running
// value and invert what it returns.
uint32_t crc32c_extend(uint32_t crc, ByteView bytes) {
  return ~crc32_iscsi(const_cast<uint8_t*>(bytes.data()), static_cast<int>(bytes.size()), ~crc);
}

uint32_t crc32c(ByteView bytes) { return crc32c_extend(0, bytes); }

}  // namespace fluss
