// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "record/key/key_encoder.h"

namespace fluss {

// MurmurHashUtils.hashUnsafeBytes (Flink's variant of MurmurHash3 x86_32): 4-byte
// little-endian blocks, then each tail byte mixed on its own, SIGN-extended like a
// Java byte (fluss-wire.md §8.4; the Rust client zero-extends and disagrees).
int32_t murmur3_fluss(ByteView bytes, int32_t seed = 42);

// MathUtils.murmurHash: scrambles a hash code into a non-negative int.
int32_t fluss_murmur_int(int32_t code);

// Standard MurmurHash3 x86_32 (Guava's murmur3_32_fixed), for Iceberg bucketing.
int32_t murmur3_32(ByteView bytes, int32_t seed = 0);

// Maps encoded bucket-key bytes to a bucket, as BucketingFunction.of(lake):
//   none, Lance: fluss_murmur_int(murmur3_fluss(key)) % n   (key must be non-empty)
//   Paimon:      abs(murmur3_fluss(key) % n)
//   Iceberg:     (murmur3_32(key) & INT_MAX) % n            (key must be non-empty)
//   Hudi:        (int32 big-endian of the 4 key bytes & INT_MAX) % n
// A value type; cheap to copy and thread-safe.
class BucketingFunction {
 public:
  static BucketingFunction of(LakeFormat lake) { return BucketingFunction(lake); }

  // The bucket of `bucket_key` among `num_buckets` (> 0, else INVALID_TABLE_EXCEPTION).
  // A key the function cannot hash (empty, or not 4 bytes for Hudi) is CORRUPT_MESSAGE.
  Result<int32_t> bucketing(ByteView bucket_key, int32_t num_buckets) const;

  LakeFormat lake() const { return lake_; }

 private:
  explicit BucketingFunction(LakeFormat lake) : lake_(lake) {}

  LakeFormat lake_;
};

}  // namespace fluss
