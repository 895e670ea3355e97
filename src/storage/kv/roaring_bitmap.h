// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace fluss::storage {

// A set of uint32 values in the Roaring portable serialization (the layout of
// Java's RoaringBitmap.serialize, what Fluss's rbm32 aggregate stores in a BYTES
// column; docs/merge-engines.md): 2^16 containers keyed by the high 16 bits,
// each an array, a bitmap or runs of the low 16 bits. A value type; only what
// the aggregation merger needs (add, union, serialize). Not thread-safe.
class RoaringBitmap32 {
 public:
  // Parses the portable format. Bad cookies, truncation, lying sizes, keys or
  // array values out of order and runs past 65535 are CORRUPT_MESSAGE naming
  // the container; bytes after the last container are ignored (as Java does).
  static Result<RoaringBitmap32> deserialize(ByteView bytes);

  void add(uint32_t value);
  bool contains(uint32_t value) const;
  uint64_t cardinality() const;
  // The values in ascending order.
  std::vector<uint32_t> values() const;

  // This |= other.
  void or_with(const RoaringBitmap32& other);

  // The portable format after Java's runOptimize(): each container as the
  // smallest of array, bitmap and runs.
  std::vector<uint8_t> serialize() const;

  friend bool operator==(const RoaringBitmap32& a, const RoaringBitmap32& b) {
    return a.values() == b.values();
  }

 private:
  // The low 16 bits of the values of one key: `array` (sorted, <= 4096 values)
  // unless `bitmap` (1024 words) is in use.
  struct Container {
    std::vector<uint16_t> array;
    std::vector<uint64_t> bitmap;
    uint32_t cardinality = 0;

    bool is_bitmap() const { return !bitmap.empty(); }
    void to_bitmap();
    void normalize();  // back to an array when it holds <= 4096 values
  };

  std::map<uint16_t, Container> containers_;
};

}  // namespace fluss::storage
