// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
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

// A set of uint64 values in the layout Java's Roaring64Bitmap.serialize(DataOutput)
// writes in RoaringBitmap 1.3.0 (Fluss's rbm64 aggregate; docs/merge-engines.md):
// the ART over the 48-bit high parts followed by the container slots, little-endian.
// That layout keeps implementation state (node kinds, slot order and capacity),
// so this class keeps it too and reproduces Java's bytes for what the aggregation
// does: deserialize, or_with, serialize (after Java's runOptimize). Not thread-safe.
class RoaringBitmap64 {
 public:
  RoaringBitmap64();
  ~RoaringBitmap64();
  RoaringBitmap64(RoaringBitmap64&&) noexcept;
  RoaringBitmap64& operator=(RoaringBitmap64&&) noexcept;

  // Parses Java's layout. Unknown tags and node kinds, truncation, lying counts
  // and sizes, leaves whose key disagrees with their path, containers unsorted,
  // overlapping or with a wrong cardinality, leaves naming a missing or shared
  // slot are CORRUPT_MESSAGE naming the part; bytes after the end are ignored.
  static Result<RoaringBitmap64> deserialize(ByteView bytes);

  // As Java's addLong (new high parts go to a new slot).
  void add(uint64_t value);
  bool contains(uint64_t value) const;
  uint64_t cardinality() const;
  // The values in ascending (unsigned) order.
  std::vector<uint64_t> values() const;

  // This |= other, as Java's Roaring64Bitmap.or: other's high parts in
  // ascending order, new ones appended to the slots, container kinds as Java's
  // container unions produce them.
  void or_with(const RoaringBitmap64& other);

  // Java's bytes after runOptimize() (array and bitmap containers become runs
  // when strictly smaller; run containers stay runs).
  std::vector<uint8_t> serialize() const;

  struct Node;
  // Java's container kind tags, as serialized.
  enum class Kind : uint8_t { kRun = 0, kBitmap = 1, kArray = 2 };
  // The low 16 bits of one high part: `array` (sorted) when the cardinality is
  // <= 4096, otherwise `bitmap` (1024 words); `kind` is Java's container class.
  struct Container {
    Kind kind = Kind::kArray;
    std::vector<uint16_t> array;
    std::vector<uint64_t> bitmap;
    uint32_t cardinality = 0;
  };

 private:
  int64_t add_container(Container container);
  Container* container_at(int64_t index);
  const Container* container_at(int64_t index) const;

  std::unique_ptr<Node> root_;
  uint64_t key_count_ = 0;
  // Java's Containers: arrays of slots (their length is the capacity Java grew
  // them to), the live count and the last used position.
  std::vector<std::vector<std::optional<Container>>> slots_;
  uint64_t container_count_ = 0;
  int32_t first_level_index_ = -1;
  int32_t second_level_index_ = 0;
};

}  // namespace fluss::storage
