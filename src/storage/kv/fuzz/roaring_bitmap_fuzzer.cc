// SPDX-License-Identifier: Apache-2.0
// Parses arbitrary bytes as Roaring bitmaps: rbm32 values (the portable format) and
// rbm64 values (Java's Roaring64Bitmap layout). Must never crash; whatever parses must
// serialize to bytes that parse back to the same set and serialize identically. The
// rbm64 input is also split in two: the union of two parsed halves must hold exactly
// both sets and survive a round trip.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <vector>

#include "storage/kv/roaring_bitmap.h"

namespace {

using fluss::ByteView;
using fluss::storage::RoaringBitmap32;
using fluss::storage::RoaringBitmap64;

void check32(ByteView input) {
  auto bitmap = RoaringBitmap32::deserialize(input);
  if (!bitmap.ok()) return;
  const std::vector<uint8_t> bytes = bitmap->serialize();
  auto reread = RoaringBitmap32::deserialize(bytes);
  if (!reread.ok() || !(*reread == *bitmap)) abort();
  if (reread->serialize() != bytes) abort();
}

void check64(ByteView input) {
  auto bitmap = RoaringBitmap64::deserialize(input);
  if (!bitmap.ok()) return;
  const std::vector<uint8_t> bytes = bitmap->serialize();
  auto reread = RoaringBitmap64::deserialize(bytes);
  if (!reread.ok() || reread->values() != bitmap->values()) abort();
  if (reread->serialize() != bytes) abort();
}

void check64_union(ByteView a_bytes, ByteView b_bytes) {
  auto a = RoaringBitmap64::deserialize(a_bytes);
  auto b = RoaringBitmap64::deserialize(b_bytes);
  if (!a.ok() || !b.ok()) return;
  const std::vector<uint64_t> av = a->values();
  const std::vector<uint64_t> bv = b->values();
  std::vector<uint64_t> expected;
  std::set_union(av.begin(), av.end(), bv.begin(), bv.end(), std::back_inserter(expected));
  a->or_with(*b);
  if (a->values() != expected) abort();
  auto reread = RoaringBitmap64::deserialize(a->serialize());
  if (!reread.ok() || reread->values() != expected) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteView input(data, size);
  check32(input);
  check64(input);
  if (size >= 2) {
    // The first byte picks the split point.
    const size_t split = 1 + data[0] % (size - 1);
    check64_union(input.subspan(1, split - 1), input.subspan(split));
  }
  return 0;
}
