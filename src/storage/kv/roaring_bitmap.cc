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
  return std::vector<uint8_t>(out.data(), out.data() + out.size());
}

// ---------------------------------------------------------------------------
// RoaringBitmap64: Java's Roaring64Bitmap layout (RoaringBitmap 1.3.0).

namespace {

using Kind64 = RoaringBitmap64::Kind;
using Container64 = RoaringBitmap64::Container;

constexpr uint8_t kNode4 = 0;
constexpr uint8_t kNode16 = 1;
constexpr uint8_t kNode48 = 2;
constexpr uint8_t kNode256 = 3;
constexpr uint8_t kLeaf = 4;
constexpr uint8_t kEmptySlot48 = 0xFF;
constexpr int kHighBytes = 6;  // the 48-bit high part, big-endian
constexpr uint8_t kNotTrimmed = 0xFE;
constexpr uint32_t kFullCardinality = 65536;

using HighKey = std::array<uint8_t, kHighBytes>;

HighKey high_key_of(uint64_t value) {
  HighKey key;
  for (int i = 0; i < kHighBytes; ++i) key[i] = static_cast<uint8_t>(value >> (56 - 8 * i));
  return key;
}

uint64_t high_of(const HighKey& key) {
  uint64_t v = 0;
  for (uint8_t b : key) v = (v << 8) | b;
  return v;
}

template <typename F>
void for_each_low(const Container64& c, F&& f) {
  if (c.bitmap.empty()) {
    for (uint16_t v : c.array) f(v);
    return;
  }
  for (size_t w = 0; w < kBitmapWords; ++w) {
    for (uint64_t word = c.bitmap[w]; word != 0; word &= word - 1) {
      f(static_cast<uint16_t>(w * 64 + std::countr_zero(word)));
    }
  }
}

std::vector<std::pair<uint16_t, uint16_t>> runs_of(const Container64& c) {
  std::vector<std::pair<uint16_t, uint16_t>> runs;
  for_each_low(c, [&](uint16_t v) {
    if (!runs.empty() && uint32_t{runs.back().first} + runs.back().second + 1 == v) {
      ++runs.back().second;
    } else {
      runs.emplace_back(v, 0);
    }
  });
  return runs;
}

// Array content when it holds <= 4096 values, bitmap otherwise.
void settle(Container64& c) {
  if (c.bitmap.empty()) {
    c.cardinality = static_cast<uint32_t>(c.array.size());
    if (c.cardinality <= kArrayMaxSize) return;
    c.bitmap.assign(kBitmapWords, 0);
    for (uint16_t v : c.array) c.bitmap[v >> 6] |= uint64_t{1} << (v & 63);
    c.array.clear();
    c.array.shrink_to_fit();
    return;
  }
  c.cardinality = 0;
  for (uint64_t w : c.bitmap) c.cardinality += std::popcount(w);
  if (c.cardinality > kArrayMaxSize) return;
  std::vector<uint16_t> array;
  array.reserve(c.cardinality);
  for_each_low(c, [&](uint16_t v) { array.push_back(v); });
  c.array = std::move(array);
  c.bitmap.clear();
  c.bitmap.shrink_to_fit();
}

void union_content(Container64& mine, const Container64& theirs) {
  if (mine.bitmap.empty() && theirs.bitmap.empty() &&
      mine.array.size() + theirs.array.size() <= kArrayMaxSize) {
    std::vector<uint16_t> merged;
    merged.reserve(mine.array.size() + theirs.array.size());
    std::set_union(mine.array.begin(), mine.array.end(), theirs.array.begin(), theirs.array.end(),
                   std::back_inserter(merged));
    mine.array = std::move(merged);
    settle(mine);
    return;
  }
  if (mine.bitmap.empty()) {
    mine.bitmap.assign(kBitmapWords, 0);
    for (uint16_t v : mine.array) mine.bitmap[v >> 6] |= uint64_t{1} << (v & 63);
    mine.array.clear();
  }
  for_each_low(theirs, [&](uint16_t v) { mine.bitmap[v >> 6] |= uint64_t{1} << (v & 63); });
  settle(mine);
}

// Java's RunContainer.toEfficientContainer: runs unless array or bitmap is smaller.
Kind64 efficient_kind(const Container64& c) {
  const size_t run_bytes = 2 + 4 * runs_of(c).size();
  const size_t array_bytes = 2 + 2 * size_t{c.cardinality};
  if (run_bytes <= std::min<size_t>(kBitmapBytes, array_bytes)) return Kind64::kRun;
  return c.cardinality <= kArrayMaxSize ? Kind64::kArray : Kind64::kBitmap;
}

// The kind of mine.ior(theirs) in Java (mine already holds the union; `mine_full`
// is whether it was full before).
Kind64 union_kind(Kind64 mine, Kind64 theirs, bool mine_full, const Container64& result) {
  const bool full = result.cardinality == kFullCardinality;
  switch (mine) {
    case Kind64::kArray:
      if (theirs == Kind64::kArray) {
        if (result.cardinality <= kArrayMaxSize) return Kind64::kArray;
        return full ? Kind64::kRun : Kind64::kBitmap;
      }
      if (theirs == Kind64::kBitmap) return full ? Kind64::kRun : Kind64::kBitmap;
      return efficient_kind(result);
    case Kind64::kBitmap:
      if (theirs == Kind64::kArray) return Kind64::kBitmap;
      return full ? Kind64::kRun : Kind64::kBitmap;
    case Kind64::kRun:
      if (mine_full) return Kind64::kRun;
      if (theirs == Kind64::kBitmap) return full ? Kind64::kRun : Kind64::kBitmap;
      return efficient_kind(result);
  }
  return Kind64::kArray;
}

// Java's runOptimize() on one container of a Roaring64Bitmap: array and bitmap
// containers become runs when strictly smaller; runs stay runs.
Kind64 optimized_kind(const Container64& c, size_t runs) {
  if (c.kind == Kind64::kRun) return Kind64::kRun;
  const size_t bytes = c.kind == Kind64::kBitmap ? kBitmapBytes : 2 * size_t{c.cardinality};
  return bytes > 2 + 4 * runs ? Kind64::kRun : c.kind;
}

}  // namespace

// One ART node as Java keeps it: `keys` hold the child key bytes of Node4/16 by
// position (bytes past `count` are whatever Java left there), `index48` the slot
// of each key byte of a Node48 (0xFF = none), `mask256` the key bytes of a Node256.
struct RoaringBitmap64::Node {
  uint8_t type = kLeaf;
  int16_t count = 0;
  std::vector<uint8_t> prefix;
  std::array<uint8_t, 16> keys{};
  std::array<uint8_t, 256> index48{};
  std::array<uint64_t, 4> mask256{};
  std::vector<std::unique_ptr<Node>> children;
  HighKey leaf_key{};
  int64_t container_index = 0;

  static std::unique_ptr<Node> leaf(const HighKey& key, int64_t index) {
    auto n = std::make_unique<Node>();
    n->leaf_key = key;
    n->container_index = index;
    return n;
  }
  static std::unique_ptr<Node> inner(uint8_t type) {
    auto n = std::make_unique<Node>();
    n->type = type;
    n->children.resize(type == kNode4 ? 4 : type == kNode16 ? 16 : type == kNode48 ? 48 : 256);
    if (type == kNode48) n->index48.fill(kEmptySlot48);
    return n;
  }

  // The child for key byte `b`, or null.
  std::unique_ptr<Node>* find(uint8_t b) {
    switch (type) {
      case kNode4:
      case kNode16:
        for (int i = 0; i < count; ++i) {
          if (keys[i] == b) return &children[i];
        }
        return nullptr;
      case kNode48:
        return index48[b] == kEmptySlot48 ? nullptr : &children[index48[b]];
      case kNode256:
        return (mask256[b >> 6] >> (b & 63)) & 1 ? &children[b] : nullptr;
    }
    return nullptr;
  }

  // The children in ascending key order.
  template <typename F>
  void for_each_child(F&& f) const {
    switch (type) {
      case kNode4:
      case kNode16:
        for (int i = 0; i < count; ++i) f(keys[i], *children[i]);
        return;
      case kNode48:
        for (int b = 0; b < 256; ++b) {
          if (index48[b] != kEmptySlot48) f(static_cast<uint8_t>(b), *children[index48[b]]);
        }
        return;
      case kNode256:
        for (int b = 0; b < 256; ++b) {
          if ((mask256[b >> 6] >> (b & 63)) & 1) f(static_cast<uint8_t>(b), *children[b]);
        }
        return;
    }
  }
};

namespace {

using Node64 = RoaringBitmap64::Node;

// Java's NodeN.insert: add `child` under key byte `b`, growing the node
// (4 -> 16 -> 48 -> 256) when it is full.
std::unique_ptr<Node64> insert_child(std::unique_ptr<Node64> node, std::unique_ptr<Node64> child,
                                     uint8_t b) {
  if (node->type == kNode4 && node->count == 4) {
    auto grown = Node64::inner(kNode16);
    grown->prefix = node->prefix;
    grown->count = 4;
    for (int i = 0; i < 4; ++i) {
      grown->keys[i] = node->keys[i];
      grown->children[i] = std::move(node->children[i]);
    }
    node = std::move(grown);
  } else if (node->type == kNode16 && node->count == 16) {
    auto grown = Node64::inner(kNode48);
    grown->prefix = node->prefix;
    grown->count = 16;
    for (int i = 0; i < 16; ++i) {
      grown->index48[node->keys[i]] = static_cast<uint8_t>(i);
      grown->children[i] = std::move(node->children[i]);
    }
    node = std::move(grown);
  } else if (node->type == kNode48 && node->count == 48) {
    auto grown = Node64::inner(kNode256);
    grown->prefix = node->prefix;
    grown->count = 48;
    for (int k = 0; k < 256; ++k) {
      if (node->index48[k] == kEmptySlot48) continue;
      grown->children[k] = std::move(node->children[node->index48[k]]);
      grown->mask256[k >> 6] |= uint64_t{1} << (k & 63);
    }
    node = std::move(grown);
  }
  switch (node->type) {
    case kNode4:
    case kNode16: {
      int i = node->count;
      node->keys[i] = b;
      node->children[i] = std::move(child);
      for (; i > 0 && node->keys[i - 1] > node->keys[i]; --i) {
        std::swap(node->keys[i - 1], node->keys[i]);
        std::swap(node->children[i - 1], node->children[i]);
      }
      break;
    }
    case kNode48: {
      size_t pos = static_cast<size_t>(node->count);
      if (node->children[pos]) {
        pos = 0;
        while (node->children[pos]) ++pos;
      }
      node->children[pos] = std::move(child);
      node->index48[b] = static_cast<uint8_t>(pos);
      break;
    }
    default:
      node->children[b] = std::move(child);
      node->mask256[b >> 6] |= uint64_t{1} << (b & 63);
      break;
  }
  ++node->count;
  return node;
}

// Java's Art.insert of a key that is not in the tree.
std::unique_ptr<Node64> art_insert(std::unique_ptr<Node64> node, const HighKey& key, int depth,
                                   int64_t index) {
  if (!node) return Node64::leaf(key, index);
  if (node->type == kLeaf) {
    const HighKey other = node->leaf_key;
    int common = 0;
    while (depth + common < kHighBytes && other[depth + common] == key[depth + common]) ++common;
    node->prefix.clear();
    auto parent = Node64::inner(kNode4);
    parent->prefix.assign(key.begin() + depth, key.begin() + depth + common);
    parent = insert_child(std::move(parent), std::move(node), other[depth + common]);
    return insert_child(std::move(parent), Node64::leaf(key, index), key[depth + common]);
  }
  const int prefix_length = static_cast<int>(node->prefix.size());
  if (prefix_length > 0) {
    int mismatch = 0;
    while (mismatch < prefix_length && node->prefix[mismatch] == key[depth + mismatch]) ++mismatch;
    if (mismatch != prefix_length) {
      auto parent = Node64::inner(kNode4);
      parent->prefix.assign(node->prefix.begin(), node->prefix.begin() + mismatch);
      const uint8_t split = node->prefix[mismatch];
      node->prefix.erase(node->prefix.begin(), node->prefix.begin() + mismatch + 1);
      parent = insert_child(std::move(parent), std::move(node), split);
      return insert_child(std::move(parent), Node64::leaf(key, index), key[depth + mismatch]);
    }
    depth += prefix_length;
  }
  if (std::unique_ptr<Node64>* child = node->find(key[depth])) {
    *child = art_insert(std::move(*child), key, depth + 1, index);
    return node;
  }
  return insert_child(std::move(node), Node64::leaf(key, index), key[depth]);
}

const Node64* art_find(const Node64* node, const HighKey& key) {
  int depth = 0;
  while (node != nullptr) {
    if (node->type == kLeaf) return node->leaf_key == key ? node : nullptr;
    for (uint8_t b : node->prefix) {
      if (depth >= kHighBytes || key[depth++] != b) return nullptr;
    }
    if (depth >= kHighBytes) return nullptr;
    auto* child = const_cast<Node64*>(node)->find(key[depth++]);
    node = child ? child->get() : nullptr;
  }
  return nullptr;
}

template <typename F>
void for_each_leaf(const Node64* node, F&& f) {
  if (node == nullptr) return;
  if (node->type == kLeaf) {
    f(*node);
    return;
  }
  node->for_each_child([&](uint8_t, const Node64& child) { for_each_leaf(&child, f); });
}

// Parses one node and its subtree. `path` holds the key bytes fixed so far
// (`depth` of them); every leaf must agree with it.
Result<std::unique_ptr<Node64>> parse_node(ByteReader& in, HighKey& path, int depth,
                                           size_t& leaves) {
  FLUSS_ASSIGN_OR_RETURN(uint8_t type, in.read_le<uint8_t>());
  FLUSS_ASSIGN_OR_RETURN(int16_t count, in.read_le<int16_t>());
  FLUSS_ASSIGN_OR_RETURN(int8_t prefix_length, in.read_le<int8_t>());
  if (type > kLeaf) return in.error(fmt::format("unknown ART node type {}", type));
  if (prefix_length < 0 || depth + prefix_length > kHighBytes) {
    return in.error(fmt::format("ART prefix of {} bytes at depth {}", prefix_length, depth));
  }
  FLUSS_ASSIGN_OR_RETURN(ByteView prefix, in.read_bytes(static_cast<size_t>(prefix_length)));
  if (type == kLeaf) {
    auto leaf = std::make_unique<Node64>();
    leaf->count = count;
    leaf->prefix.assign(prefix.begin(), prefix.end());
    FLUSS_ASSIGN_OR_RETURN(ByteView key, in.read_bytes(kHighBytes));
    std::copy(key.begin(), key.end(), leaf->leaf_key.begin());
    FLUSS_ASSIGN_OR_RETURN(leaf->container_index, in.read_le<int64_t>());
    if (!std::equal(path.begin(), path.begin() + depth, leaf->leaf_key.begin())) {
      return in.error(
          fmt::format("ART leaf {:012x} off its path", high_of(leaf->leaf_key) & 0xFFFFFFFFFFFF));
    }
    ++leaves;
    return leaf;
  }
  std::copy(prefix.begin(), prefix.end(), path.begin() + depth);
  depth += prefix_length;
  if (depth >= kHighBytes) return in.error(fmt::format("ART inner node at depth {}", depth));
  auto node = Node64::inner(type);
  node->prefix.assign(prefix.begin(), prefix.end());
  node->count = count;
  const int capacity = static_cast<int>(node->children.size());
  if (count < 1 || count > capacity) {
    return in.error(fmt::format("ART node of type {} with {} children", type, count));
  }
  // The key bytes of the children, in the order the children follow.
  std::vector<uint8_t> order;
  switch (type) {
    case kNode4:
    case kNode16: {
      const int words = type == kNode4 ? 1 : 2;
      const int per_word = type == kNode4 ? 4 : 8;
      for (int w = 0; w < words; ++w) {
        FLUSS_ASSIGN_OR_RETURN(ByteView bytes, in.read_bytes(per_word));
        // Little-endian words whose most significant byte is the first key.
        for (int i = 0; i < per_word; ++i) node->keys[w * per_word + i] = bytes[per_word - 1 - i];
      }
      for (int i = 0; i < count; ++i) {
        if (i > 0 && node->keys[i] <= node->keys[i - 1]) {
          return in.error(fmt::format("ART node keys out of order at position {}", i));
        }
        order.push_back(node->keys[i]);
      }
      break;
    }
    case kNode48: {
      std::array<bool, 48> used{};
      for (int w = 0; w < 32; ++w) {
        FLUSS_ASSIGN_OR_RETURN(ByteView bytes, in.read_bytes(8));
        for (int i = 0; i < 8; ++i) node->index48[w * 8 + i] = bytes[7 - i];
      }
      for (int b = 0; b < 256; ++b) {
        const uint8_t slot = node->index48[b];
        if (slot == kEmptySlot48) continue;
        if (slot >= 48 || used[slot]) {
          return in.error(fmt::format("ART Node48 slot {} for key byte {}", slot, b));
        }
        used[slot] = true;
        order.push_back(static_cast<uint8_t>(b));
      }
      break;
    }
    default:
      for (auto& word : node->mask256) {
        FLUSS_ASSIGN_OR_RETURN(word, in.read_le<uint64_t>());
      }
      for (int b = 0; b < 256; ++b) {
        if ((node->mask256[b >> 6] >> (b & 63)) & 1) order.push_back(static_cast<uint8_t>(b));
      }
      break;
  }
  if (order.size() != static_cast<size_t>(count)) {
    return in.error(fmt::format("ART node claims {} children, has {} keys", count, order.size()));
  }
  for (uint8_t b : order) {
    path[depth] = b;
    FLUSS_ASSIGN_OR_RETURN(std::unique_ptr<Node64> child, parse_node(in, path, depth + 1, leaves));
    *node->find(b) = std::move(child);
  }
  return node;
}

void write_node(ByteBuffer& out, const Node64& node) {
  out.append_u8(node.type);
  out.append_le<int16_t>(node.count);
  out.append_u8(static_cast<uint8_t>(node.prefix.size()));
  out.append(ByteView(node.prefix));
  switch (node.type) {
    case kLeaf:
      out.append(ByteView(node.leaf_key.data(), node.leaf_key.size()));
      out.append_le<int64_t>(node.container_index);
      return;
    case kNode4:
    case kNode16: {
      const int words = node.type == kNode4 ? 1 : 2;
      const int per_word = node.type == kNode4 ? 4 : 8;
      for (int w = 0; w < words; ++w) {
        for (int i = per_word - 1; i >= 0; --i) out.append_u8(node.keys[w * per_word + i]);
      }
      break;
    }
    case kNode48:
      for (int w = 0; w < 32; ++w) {
        for (int i = 7; i >= 0; --i) out.append_u8(node.index48[w * 8 + i]);
      }
      break;
    default:
      for (uint64_t word : node.mask256) out.append_le<uint64_t>(word);
      break;
  }
  node.for_each_child([&](uint8_t, const Node64& child) { write_node(out, child); });
}

Result<Container64> parse_container(ByteReader& in, size_t slot) {
  FLUSS_ASSIGN_OR_RETURN(uint8_t kind, in.read_le<uint8_t>());
  FLUSS_ASSIGN_OR_RETURN(int32_t cardinality, in.read_le<int32_t>());
  if (cardinality < 0 || static_cast<uint32_t>(cardinality) > kFullCardinality) {
    return in.error(fmt::format("container slot {} with cardinality {}", slot, cardinality));
  }
  Container64 c;
  switch (kind) {
    case static_cast<uint8_t>(Kind64::kRun): {
      c.kind = Kind64::kRun;
      FLUSS_ASSIGN_OR_RETURN(uint16_t run_count, in.read_le<uint16_t>());
      if (in.remaining() / 4 < run_count) {
        return in.error(fmt::format("{} runs of container slot {} do not fit", run_count, slot));
      }
      c.bitmap.assign(kBitmapWords, 0);
      int64_t next_free = 0;  // runs must be sorted, apart and within 0..65535
      for (uint16_t r = 0; r < run_count; ++r) {
        FLUSS_ASSIGN_OR_RETURN(uint16_t start, in.read_le<uint16_t>());
        FLUSS_ASSIGN_OR_RETURN(uint16_t length, in.read_le<uint16_t>());
        if (start < next_free || uint32_t{start} + length > 0xFFFF) {
          return in.error(fmt::format("run {}+{} of container slot {}", start, length, slot));
        }
        next_free = int64_t{start} + length + 2;
        for (uint32_t v = start; v <= uint32_t{start} + length; ++v) {
          c.bitmap[v >> 6] |= uint64_t{1} << (v & 63);
        }
      }
      break;
    }
    case static_cast<uint8_t>(Kind64::kBitmap): {
      c.kind = Kind64::kBitmap;
      FLUSS_ASSIGN_OR_RETURN(ByteView words, in.read_bytes(kBitmapBytes));
      c.bitmap.resize(kBitmapWords);
      for (size_t w = 0; w < kBitmapWords; ++w)
        c.bitmap[w] = load_le<uint64_t>(words.data() + w * 8);
      break;
    }
    case static_cast<uint8_t>(Kind64::kArray): {
      c.kind = Kind64::kArray;
      if (in.remaining() / 2 < static_cast<size_t>(cardinality)) {
        return in.error(fmt::format("array container slot {} does not fit", slot));
      }
      c.array.resize(static_cast<size_t>(cardinality));
      for (int32_t k = 0; k < cardinality; ++k) {
        FLUSS_ASSIGN_OR_RETURN(c.array[k], in.read_le<uint16_t>());
        if (k > 0 && c.array[k] <= c.array[k - 1]) {
          return in.error(fmt::format("array container slot {} is not sorted", slot));
        }
      }
      break;
    }
    default:
      return in.error(fmt::format("container slot {} of unknown kind {}", slot, kind));
  }
  settle(c);
  if (c.cardinality != static_cast<uint32_t>(cardinality)) {
    return in.error(fmt::format("container slot {} claims {} values, holds {}", slot, cardinality,
                                c.cardinality));
  }
  return c;
}

void write_container(ByteBuffer& out, const Container64& c) {
  const auto runs = runs_of(c);
  const Kind64 kind = optimized_kind(c, runs.size());
  out.append_u8(static_cast<uint8_t>(kind));
  out.append_le<int32_t>(static_cast<int32_t>(c.cardinality));
  switch (kind) {
    case Kind64::kRun:
      out.append_le<uint16_t>(static_cast<uint16_t>(runs.size()));
      for (auto [start, length] : runs) {
        out.append_le<uint16_t>(start);
        out.append_le<uint16_t>(length);
      }
      return;
    case Kind64::kBitmap:
      if (c.bitmap.empty()) {  // a Java bitmap container with few values
        std::vector<uint64_t> words(kBitmapWords, 0);
        for (uint16_t v : c.array) words[v >> 6] |= uint64_t{1} << (v & 63);
        for (uint64_t w : words) out.append_le<uint64_t>(w);
      } else {
        for (uint64_t w : c.bitmap) out.append_le<uint64_t>(w);
      }
      return;
    case Kind64::kArray:
      for_each_low(c, [&](uint16_t v) { out.append_le<uint16_t>(v); });
      return;
  }
}

}  // namespace

RoaringBitmap64::RoaringBitmap64() = default;
RoaringBitmap64::~RoaringBitmap64() = default;
RoaringBitmap64::RoaringBitmap64(RoaringBitmap64&&) noexcept = default;
RoaringBitmap64& RoaringBitmap64::operator=(RoaringBitmap64&&) noexcept = default;

RoaringBitmap64::Container* RoaringBitmap64::container_at(int64_t index) {
  const auto first = static_cast<uint64_t>(index) >> 32;
  const auto second = static_cast<uint32_t>(index);
  if (index < 0 || first >= slots_.size() || second >= slots_[first].size()) return nullptr;
  auto& slot = slots_[first][second];
  return slot ? &*slot : nullptr;
}

const RoaringBitmap64::Container* RoaringBitmap64::container_at(int64_t index) const {
  return const_cast<RoaringBitmap64*>(this)->container_at(index);
}

// Java's Containers.addContainer: the next position of the last array, which
// grows by half its length (at least to fit).
int64_t RoaringBitmap64::add_container(Container container) {
  if (first_level_index_ == -1) {
    slots_.emplace_back(1);
    first_level_index_ = static_cast<int32_t>(slots_.size() - 1);
    second_level_index_ = 0;
  } else {
    ++second_level_index_;
  }
  auto& array = slots_[static_cast<size_t>(first_level_index_)];
  const size_t need = static_cast<size_t>(second_level_index_) + 1;
  if (need > array.size()) array.resize(std::max(need, array.size() + array.size() / 2));
  array[static_cast<size_t>(second_level_index_)] = std::move(container);
  ++container_count_;
  return (int64_t{first_level_index_} << 32) | second_level_index_;
}

Result<RoaringBitmap64> RoaringBitmap64::deserialize(ByteView bytes) {
  ByteReader in(bytes, ErrorCode::kCorruptMessage, "roaring64 bitmap");
  RoaringBitmap64 out;
  FLUSS_ASSIGN_OR_RETURN(uint8_t tag, in.read_le<uint8_t>());
  if (tag == 0) return out;
  if (tag != 1) return in.error(fmt::format("unknown emptiness tag {}", tag));
  FLUSS_ASSIGN_OR_RETURN(out.key_count_, in.read_le<uint64_t>());
  HighKey path{};
  size_t leaves = 0;
  FLUSS_ASSIGN_OR_RETURN(out.root_, parse_node(in, path, 0, leaves));
  if (leaves != out.key_count_) {
    return in.error(fmt::format("ART claims {} keys, has {} leaves", out.key_count_, leaves));
  }

  FLUSS_ASSIGN_OR_RETURN(int32_t arrays, in.read_le<int32_t>());
  if (arrays < 0 || in.remaining() / 5 < static_cast<size_t>(arrays)) {
    return in.error(fmt::format("{} container arrays do not fit", arrays));
  }
  size_t live = 0;
  for (int32_t a = 0; a < arrays; ++a) {
    FLUSS_ASSIGN_OR_RETURN(uint8_t trim_tag, in.read_le<uint8_t>());
    (void)trim_tag;  // Java ignores it
    FLUSS_ASSIGN_OR_RETURN(int32_t length, in.read_le<int32_t>());
    if (length < 0 || in.remaining() < static_cast<size_t>(length)) {
      return in.error(fmt::format("container array {} of {} slots does not fit", a, length));
    }
    auto& array = out.slots_.emplace_back(static_cast<size_t>(length));
    for (int32_t s = 0; s < length; ++s) {
      FLUSS_ASSIGN_OR_RETURN(uint8_t present, in.read_le<uint8_t>());
      if (present == 0) continue;
      if (present != 1) return in.error(fmt::format("slot {} with null tag {}", s, present));
      FLUSS_ASSIGN_OR_RETURN(array[static_cast<size_t>(s)],
                             parse_container(in, static_cast<size_t>(s)));
      ++live;
    }
  }
  FLUSS_ASSIGN_OR_RETURN(out.container_count_, in.read_le<uint64_t>());
  FLUSS_ASSIGN_OR_RETURN(out.first_level_index_, in.read_le<int32_t>());
  FLUSS_ASSIGN_OR_RETURN(out.second_level_index_, in.read_le<int32_t>());
  if (out.container_count_ != live) {
    return in.error(fmt::format("{} containers claimed, {} present", out.container_count_, live));
  }
  if (out.first_level_index_ != arrays - 1 || out.second_level_index_ < 0 ||
      (arrays > 0 && static_cast<size_t>(out.second_level_index_) >= out.slots_.back().size())) {
    return in.error(fmt::format("last container position {}/{} outside the {} arrays",
                                out.first_level_index_, out.second_level_index_, arrays));
  }
  // Every leaf names its own live slot.
  std::vector<std::vector<bool>> named(out.slots_.size());
  for (size_t a = 0; a < out.slots_.size(); ++a) named[a].resize(out.slots_[a].size());
  Status bad;
  for_each_leaf(out.root_.get(), [&](const Node& leaf) {
    if (!bad.ok()) return;
    const int64_t index = leaf.container_index;
    if (out.container_at(index) == nullptr ||
        named[static_cast<uint64_t>(index) >> 32][static_cast<uint32_t>(index)]) {
      bad = in.error(fmt::format("ART leaf names missing or shared container {}", index));
      return;
    }
    named[static_cast<uint64_t>(index) >> 32][static_cast<uint32_t>(index)] = true;
  });
  FLUSS_RETURN_IF_ERROR(bad);
  return out;
}

void RoaringBitmap64::add(uint64_t value) {
  const HighKey key = high_key_of(value);
  const auto low = static_cast<uint16_t>(value);
  if (const Node* leaf = art_find(root_.get(), key)) {
    Container& c = *container_at(leaf->container_index);
    Container one;
    one.array.push_back(low);
    one.cardinality = 1;
    union_content(c, one);
    if (c.kind == Kind::kArray && c.cardinality > kArrayMaxSize) c.kind = Kind::kBitmap;
    return;
  }
  Container c;
  c.array.push_back(low);
  c.cardinality = 1;
  const int64_t index = add_container(std::move(c));
  root_ = art_insert(std::move(root_), key, 0, index);
  ++key_count_;
}

bool RoaringBitmap64::contains(uint64_t value) const {
  const Node* leaf = art_find(root_.get(), high_key_of(value));
  if (leaf == nullptr) return false;
  const Container& c = *container_at(leaf->container_index);
  const auto low = static_cast<uint16_t>(value);
  if (!c.bitmap.empty()) return (c.bitmap[low >> 6] >> (low & 63)) & 1;
  return std::binary_search(c.array.begin(), c.array.end(), low);
}

uint64_t RoaringBitmap64::cardinality() const {
  uint64_t n = 0;
  for_each_leaf(root_.get(),
                [&](const Node& leaf) { n += container_at(leaf.container_index)->cardinality; });
  return n;
}

std::vector<uint64_t> RoaringBitmap64::values() const {
  std::vector<uint64_t> out;
  for_each_leaf(root_.get(), [&](const Node& leaf) {
    const uint64_t high = high_of(leaf.leaf_key) << 16;
    for_each_low(*container_at(leaf.container_index), [&](uint16_t v) { out.push_back(high | v); });
  });
  return out;
}

void RoaringBitmap64::or_with(const RoaringBitmap64& other) {
  if (&other == this) return;
  for_each_leaf(other.root_.get(), [&](const Node& theirs_leaf) {
    const Container& theirs = *other.container_at(theirs_leaf.container_index);
    if (const Node* leaf = art_find(root_.get(), theirs_leaf.leaf_key)) {
      Container& mine = *container_at(leaf->container_index);
      const bool mine_full = mine.cardinality == kFullCardinality;
      union_content(mine, theirs);
      mine.kind = union_kind(mine.kind, theirs.kind, mine_full, mine);
      return;
    }
    const int64_t index = add_container(theirs);
    root_ = art_insert(std::move(root_), theirs_leaf.leaf_key, 0, index);
    ++key_count_;
  });
}

std::vector<uint8_t> RoaringBitmap64::serialize() const {
  ByteBuffer out;
  if (!root_) {
    out.append_u8(0);
    return std::vector<uint8_t>(out.data(), out.data() + out.size());
  }
  out.append_u8(1);
  out.append_le<uint64_t>(key_count_);
  write_node(out, *root_);
  out.append_le<int32_t>(static_cast<int32_t>(slots_.size()));
  for (const auto& array : slots_) {
    out.append_u8(kNotTrimmed);
    out.append_le<int32_t>(static_cast<int32_t>(array.size()));
    for (const auto& slot : array) {
      out.append_u8(slot ? 1 : 0);
      if (slot) write_container(out, *slot);
    }
  }
  out.append_le<uint64_t>(container_count_);
  out.append_le<int32_t>(first_level_index_);
  out.append_le<int32_t>(second_level_index_);
  return std::vector<uint8_t>(out.data(), out.data() + out.size());
}

}  // namespace fluss::storage
