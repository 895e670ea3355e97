// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/roaring_bitmap.h"

#include <algorithm>
#include <bit>
#include <string>

namespace fluss::storage {
namespace {

constexpr uint32_t kSerialCookieNoRun = 12346;
constexpr uint32_t kSerialCookie = 12347;
constexpr uint32_t kNoOffsetThreshold = 4;
constexpr uint32_t kArrayMaxSize = 4096;
constexpr size_t kBitmapWords = 1024;
constexpr size_t kBitmapBytes = kBitmapWords * 8;

// Runs of consecutive values: (start, length - 1) pairs.
std::vector<std::pair<uint16_t, uint16_t>> runs_of(const std::vector<uint16_t>& sorted) {
  std::vector<std::pair<uint16_t, uint16_t>> runs;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    runs.emplace_back(sorted[i], static_cast<uint16_t>(j - i));
    i = j + 1;
  }
  return runs;
}

}  // namespace

void RoaringBitmap32::Container::to_bitmap() {
  if (is_bitmap()) return;
  bitmap.assign(kBitmapWords, 0);
  for (uint16_t v : array) bitmap[v >> 6] |= uint64_t{1} << (v & 63);
  array.clear();
  array.shrink_to_fit();
}

void RoaringBitmap32::Container::normalize() {
  if (!is_bitmap() || cardinality > kArrayMaxSize) return;
  array.clear();
  for (size_t w = 0; w < kBitmapWords; ++w) {
    for (uint64_t word = bitmap[w]; word != 0; word &= word - 1) {
      array.push_back(static_cast<uint16_t>(w * 64 + std::countr_zero(word)));
    }
  }
  bitmap.clear();
  bitmap.shrink_to_fit();
}

Result<RoaringBitmap32> RoaringBitmap32::deserialize(ByteView bytes) {
  ByteReader in(bytes, ErrorCode::kCorruptMessage, "roaring bitmap");
  FLUSS_ASSIGN_OR_RETURN(uint32_t cookie, in.read_le<uint32_t>());
  bool has_run;
  uint32_t size;
  std::vector<uint8_t> run_flags;
  if ((cookie & 0xFFFF) == kSerialCookie) {
    has_run = true;
    size = (cookie >> 16) + 1;
    FLUSS_ASSIGN_OR_RETURN(ByteView flags, in.read_bytes((size + 7) / 8));
    run_flags.assign(flags.begin(), flags.end());
  } else if (cookie == kSerialCookieNoRun) {
    has_run = false;
    FLUSS_ASSIGN_OR_RETURN(size, in.read_le<uint32_t>());
    if (size > 65536) return in.error(fmt::format("{} containers (at most 65536)", size));
  } else {
    return in.error(fmt::format("unknown cookie {}", cookie));
  }
  // The descriptive header: key and cardinality - 1 of each container.
  if (in.remaining() / 4 < size) return in.error(fmt::format("{} containers do not fit", size));
  std::vector<std::pair<uint16_t, uint32_t>> header(size);
  for (uint32_t i = 0; i < size; ++i) {
    FLUSS_ASSIGN_OR_RETURN(uint16_t key, in.read_le<uint16_t>());
    FLUSS_ASSIGN_OR_RETURN(uint16_t card, in.read_le<uint16_t>());
    if (i > 0 && key <= header[i - 1].first) {
      return in.error(fmt::format("container key {} after key {}", key, header[i - 1].first));
    }
    header[i] = {key, uint32_t{card} + 1};
  }
  if (!has_run || size >= kNoOffsetThreshold) FLUSS_RETURN_IF_ERROR(in.skip(size * size_t{4}));

  RoaringBitmap32 out;
  for (uint32_t i = 0; i < size; ++i) {
    const auto [key, card] = header[i];
    Container c;
    if (has_run && ((run_flags[i / 8] >> (i % 8)) & 1)) {
      FLUSS_ASSIGN_OR_RETURN(uint16_t run_count, in.read_le<uint16_t>());
      c.bitmap.assign(kBitmapWords, 0);
      for (uint16_t r = 0; r < run_count; ++r) {
        FLUSS_ASSIGN_OR_RETURN(uint16_t start, in.read_le<uint16_t>());
        FLUSS_ASSIGN_OR_RETURN(uint16_t length, in.read_le<uint16_t>());
        if (uint32_t{start} + length > 0xFFFF) {
          return in.error(
              fmt::format("run {}+{} of container {} passes 65535", start, length, key));
        }
        for (uint32_t v = start; v <= uint32_t{start} + length; ++v) {
          c.bitmap[v >> 6] |= uint64_t{1} << (v & 63);
        }
      }
      for (uint64_t w : c.bitmap) c.cardinality += std::popcount(w);
      c.normalize();
    } else if (card > kArrayMaxSize) {
      FLUSS_ASSIGN_OR_RETURN(ByteView words, in.read_bytes(kBitmapBytes));
      c.bitmap.resize(kBitmapWords);
      for (size_t w = 0; w < kBitmapWords; ++w) {
        c.bitmap[w] = load_le<uint64_t>(words.data() + w * 8);
        c.cardinality += std::popcount(c.bitmap[w]);
      }
      c.normalize();
    } else {
      c.array.resize(card);
      for (uint32_t k = 0; k < card; ++k) {
        FLUSS_ASSIGN_OR_RETURN(c.array[k], in.read_le<uint16_t>());
        if (k > 0 && c.array[k] <= c.array[k - 1]) {
          return in.error(fmt::format("array container {} is not sorted", key));
        }
      }
      c.cardinality = card;
    }
    if (c.cardinality > 0) out.containers_.emplace(key, std::move(c));
  }
  return out;
}

void RoaringBitmap32::add(uint32_t value) {
  Container& c = containers_[static_cast<uint16_t>(value >> 16)];
  const auto low = static_cast<uint16_t>(value);
  if (c.is_bitmap()) {
    uint64_t& word = c.bitmap[low >> 6];
    const uint64_t bit = uint64_t{1} << (low & 63);
    if (!(word & bit)) word |= bit, ++c.cardinality;
    return;
  }
  auto it = std::lower_bound(c.array.begin(), c.array.end(), low);
  if (it != c.array.end() && *it == low) return;
  c.array.insert(it, low);
  ++c.cardinality;
  if (c.cardinality > kArrayMaxSize) c.to_bitmap();
}

bool RoaringBitmap32::contains(uint32_t value) const {
  auto it = containers_.find(static_cast<uint16_t>(value >> 16));
  if (it == containers_.end()) return false;
  const Container& c = it->second;
  const auto low = static_cast<uint16_t>(value);
  if (c.is_bitmap()) return (c.bitmap[low >> 6] >> (low & 63)) & 1;
  return std::binary_search(c.array.begin(), c.array.end(), low);
}

uint64_t RoaringBitmap32::cardinality() const {
  uint64_t n = 0;
  for (const auto& [key, c] : containers_) n += c.cardinality;
  return n;
}

std::vector<uint32_t> RoaringBitmap32::values() const {
  std::vector<uint32_t> out;
  for (const auto& [key, c] : containers_) {
    const uint32_t high = uint32_t{key} << 16;
    if (!c.is_bitmap()) {
      for (uint16_t v : c.array) out.push_back(high | v);
      continue;
    }
    for (size_t w = 0; w < kBitmapWords; ++w) {
      for (uint64_t word = c.bitmap[w]; word != 0; word &= word - 1) {
        out.push_back(high | static_cast<uint32_t>(w * 64 + std::countr_zero(word)));
      }
    }
  }
  return out;
}

void RoaringBitmap32::or_with(const RoaringBitmap32& other) {
  for (const auto& [key, theirs] : other.containers_) {
    auto [it, inserted] = containers_.try_emplace(key, theirs);
    if (inserted) continue;
    Container& mine = it->second;
    if (!mine.is_bitmap() && !theirs.is_bitmap()) {
      std::vector<uint16_t> merged;
      merged.reserve(mine.array.size() + theirs.array.size());
      std::set_union(mine.array.begin(), mine.array.end(), theirs.array.begin(), theirs.array.end(),
                     std::back_inserter(merged));
      mine.array = std::move(merged);
      mine.cardinality = static_cast<uint32_t>(mine.array.size());
      if (mine.cardinality > kArrayMaxSize) mine.to_bitmap();
      continue;
    }
    mine.to_bitmap();
    if (theirs.is_bitmap()) {
      for (size_t w = 0; w < kBitmapWords; ++w) mine.bitmap[w] |= theirs.bitmap[w];
    } else {
      for (uint16_t v : theirs.array) mine.bitmap[v >> 6] |= uint64_t{1} << (v & 63);
    }
    mine.cardinality = 0;
    for (uint64_t w : mine.bitmap) mine.cardinality += std::popcount(w);
  }
}

std::vector<uint8_t> RoaringBitmap32::serialize() const {
  // runOptimize: an array container becomes runs when 2 + 4 * runs < 2 *
  // cardinality, a bitmap one when 2 + 4 * runs < 8192 (Java's rules).
  struct Planned {
    uint16_t key;
    uint32_t cardinality;
    std::vector<uint16_t> values;  // sorted, for array and run containers
    std::vector<std::pair<uint16_t, uint16_t>> runs;
    const std::vector<uint64_t>* bitmap = nullptr;  // for bitmap containers
    bool is_run = false;
  };
  std::vector<Planned> plan;
  bool has_run = false;
  for (const auto& [key, c] : containers_) {
    Planned p{.key = key, .cardinality = c.cardinality, .values = {}, .runs = {}};
    if (c.is_bitmap()) {
      std::vector<uint16_t> values;
      values.reserve(c.cardinality);
      for (size_t w = 0; w < kBitmapWords; ++w) {
        for (uint64_t word = c.bitmap[w]; word != 0; word &= word - 1) {
          values.push_back(static_cast<uint16_t>(w * 64 + std::countr_zero(word)));
        }
      }
      auto runs = runs_of(values);
      if (2 + 4 * runs.size() < kBitmapBytes) {
        p.is_run = true;
        p.runs = std::move(runs);
      } else {
        p.bitmap = &c.bitmap;
      }
    } else {
      auto runs = runs_of(c.array);
      if (2 + 4 * runs.size() < 2 * c.array.size()) {
        p.is_run = true;
        p.runs = std::move(runs);
      } else {
        p.values = c.array;
      }
    }
    has_run |= p.is_run;
    plan.push_back(std::move(p));
  }

  const auto size = static_cast<uint32_t>(plan.size());
  ByteBuffer out;
  if (has_run) {
    out.append_le<uint16_t>(kSerialCookie);
    out.append_le<uint16_t>(static_cast<uint16_t>(size - 1));
    std::vector<uint8_t> flags((size + 7) / 8, 0);
    for (uint32_t i = 0; i < size; ++i) {
      if (plan[i].is_run) flags[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    }
    out.append(ByteView(flags));
  } else {
    out.append_le<uint32_t>(kSerialCookieNoRun);
    out.append_le<uint32_t>(size);
  }
  for (const Planned& p : plan) {
    out.append_le<uint16_t>(p.key);
    out.append_le<uint16_t>(static_cast<uint16_t>(p.cardinality - 1));
  }
  if (!has_run || size >= kNoOffsetThreshold) {
    uint32_t offset = static_cast<uint32_t>(out.size()) + 4 * size;
    for (const Planned& p : plan) {
      out.append_le<uint32_t>(offset);
      offset += p.is_run   ? 2 + 4 * static_cast<uint32_t>(p.runs.size())
                : p.bitmap ? kBitmapBytes
                           : 2 * p.cardinality;
    }
  }
  for (const Planned& p : plan) {
    if (p.is_run) {
      out.append_le<uint16_t>(static_cast<uint16_t>(p.runs.size()));
      for (auto [start, length] : p.runs) {
        out.append_le<uint16_t>(start);
        out.append_le<uint16_t>(length);
      }
    } else if (p.bitmap) {
      for (uint64_t w : *p.bitmap) out.append_le<uint64_t>(w);
    } else {
      for (uint16_t v : p.values) out.append_le<uint16_t>(v);
    }
  }
  return out.release();
}

}  // namespace fluss::storage
