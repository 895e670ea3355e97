// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as a Roaring bitmap (rbm32 values). Must never crash;
// whatever parses must serialize to bytes that parse back to the same set and
// serialize identically (the serialized form is canonical).
#include <cstdint>
#include <cstdlib>

#include "storage/kv/roaring_bitmap.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using fluss::storage::RoaringBitmap32;
  auto bitmap = RoaringBitmap32::deserialize({data, size});
  if (!bitmap.ok()) return 0;
  const std::vector<uint8_t> bytes = bitmap->serialize();
  auto reread = RoaringBitmap32::deserialize(bytes);
  if (!reread.ok() || !(*reread == *bitmap)) abort();
  if (reread->serialize() != bytes) abort();
  return 0;
}
