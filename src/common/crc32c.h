// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace fluss {

// CRC-32C (Castagnoli) as java.util.zip.CRC32C computes it: the checksum of
// Fluss's log and KV batches (fluss-wire.md §5.3). crc32c("123456789") = 0xe3069283.
// Uses ISA-L's folding implementation (SSE4.2 + PCLMULQDQ).
uint32_t crc32c(ByteView bytes);

// The CRC of the concatenation of the bytes already covered by `crc` and `bytes`.
uint32_t crc32c_extend(uint32_t crc, ByteView bytes);

}  // namespace fluss
