// SPDX-License-Identifier: Apache-2.0
#include "record/key/bucketing.h"

#include <bit>
#include <limits>

namespace fluss {

namespace {

constexpr uint32_t kC1 = 0xcc9e2d51;
constexpr uint32_t kC2 = 0x1b873593;

uint32_t mix_k1(uint32_t k) {
  k *= kC1;
  k = std::rotl(k, 15);
  return k * kC2;
}

uint32_t mix_h1(uint32_t h, uint32_t k) {
  h ^= k;
  h = std::rotl(h, 13);
  return h * 5 + 0xe6546b64;
}

uint32_t fmix(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

}  // namespace

int32_t murmur3_fluss(ByteView bytes, int32_t seed) {
  const size_t aligned = bytes.size() - bytes.size() % 4;
  uint32_t h = static_cast<uint32_t>(seed);
  for (size_t i = 0; i < aligned; i += 4) h = mix_h1(h, mix_k1(load_le<uint32_t>(&bytes[i])));
  for (size_t i = aligned; i < bytes.size(); ++i) {
    // Java's byte is signed: 0xff mixes as 0xffffffff.
    h = mix_h1(h,
               mix_k1(static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(bytes[i])))));
  }
  return static_cast<int32_t>(fmix(h ^ static_cast<uint32_t>(bytes.size())));
}

int32_t fluss_murmur_int(int32_t code) {
  uint32_t k = mix_k1(static_cast<uint32_t>(code));
  k = std::rotl(k, 13);
  k = k * 5 + 0xe6546b64;
  k ^= 4;
  const auto h = static_cast<int32_t>(fmix(k));
  if (h >= 0) return h;
  if (h != std::numeric_limits<int32_t>::min()) return -h;
  return 0;
}

int32_t murmur3_32(ByteView bytes, int32_t seed) {
  const size_t aligned = bytes.size() - bytes.size() % 4;
  uint32_t h = static_cast<uint32_t>(seed);
  for (size_t i = 0; i < aligned; i += 4) h = mix_h1(h, mix_k1(load_le<uint32_t>(&bytes[i])));
  // The standard tail: up to 3 bytes (unsigned) folded into one block, mixed into h
  // without the rotate-and-add step.
  uint32_t k = 0;
  switch (bytes.size() & 3) {
    case 3:
      k ^= uint32_t{bytes[aligned + 2]} << 16;
      [[fallthrough]];
    case 2:
      k ^= uint32_t{bytes[aligned + 1]} << 8;
      [[fallthrough]];
    case 1:
      k ^= bytes[aligned];
      h ^= mix_k1(k);
  }
  return static_cast<int32_t>(fmix(h ^ static_cast<uint32_t>(bytes.size())));
}

Result<int32_t> BucketingFunction::bucketing(ByteView key, int32_t num_buckets) const {
  if (num_buckets <= 0) {
    return make_error(ErrorCode::kInvalidTableException, "number of buckets {} is not positive",
                      num_buckets);
  }
  if (!lake_ || *lake_ == DataLakeFormat::kLance) {
    if (key.empty()) return Status(ErrorCode::kCorruptMessage, "bucket key is empty");
    return fluss_murmur_int(murmur3_fluss(key)) % num_buckets;
  }
  switch (*lake_) {
    case DataLakeFormat::kLance:
      break;
    case DataLakeFormat::kPaimon: {
      const int32_t r = murmur3_fluss(key) % num_buckets;  // truncated, as Java's %
      return r < 0 ? -r : r;
    }
    case DataLakeFormat::kIceberg:
      if (key.empty()) return Status(ErrorCode::kCorruptMessage, "bucket key is empty");
      return (murmur3_32(key) & std::numeric_limits<int32_t>::max()) % num_buckets;
    case DataLakeFormat::kHudi:
      if (key.size() != 4) {
        return make_error(ErrorCode::kCorruptMessage,
                          "Hudi bucket key has {} bytes, not the 4 of HudiKeyEncoder", key.size());
      }
      return (load_be<int32_t>(key.data()) & std::numeric_limits<int32_t>::max()) % num_buckets;
  }
  return Status(ErrorCode::kCorruptMessage, "unknown data lake format");
}

}  // namespace fluss
