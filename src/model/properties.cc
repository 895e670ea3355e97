// SPDX-License-Identifier: Apache-2.0
#include "model/properties.h"

#include <algorithm>

namespace fluss {

Properties::Properties(std::initializer_list<Entry> entries) {
  for (const Entry& e : entries) set(e.first, e.second);
}

void Properties::set(std::string key, std::string value) {
  for (Entry& e : entries_) {
    if (e.first == key) {
      e.second = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(key), std::move(value));
}

bool Properties::erase(std::string_view key) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.first == key; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

std::optional<std::string_view> Properties::get(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.first == key) return e.second;
  }
  return std::nullopt;
}

void Properties::set_all(const Properties& other) {
  for (const Entry& e : other.entries_) set(e.first, e.second);
}

int32_t java_string_hash(std::string_view utf8) {
  uint32_t h = 0;
  auto mix = [&h](uint32_t unit) { h = 31 * h + unit; };
  size_t i = 0;
  while (i < utf8.size()) {
    const auto b0 = static_cast<uint8_t>(utf8[i]);
    uint32_t cp = 0xFFFD;  // what Java's decoder makes of a malformed sequence
    size_t len = 1;
    if (b0 < 0x80) {
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07;
    }
    if (len > 1) {
      bool ok = i + len <= utf8.size();
      for (size_t k = 1; ok && k < len; ++k) {
        const auto b = static_cast<uint8_t>(utf8[i + k]);
        ok = (b & 0xC0) == 0x80;
        cp = (cp << 6) | (b & 0x3F);
      }
      if (!ok) {
        cp = 0xFFFD;
        len = 1;
      }
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      mix(0xD800 + (cp >> 10));
      mix(0xDC00 + (cp & 0x3FF));
    } else {
      mix(cp);
    }
  }
  return static_cast<int32_t>(h);
}

std::vector<const Properties::Entry*> Properties::java_hash_map_order() const {
  uint32_t capacity = 16;
  while (entries_.size() > capacity * 3 / 4) capacity *= 2;
  std::vector<std::pair<uint32_t, const Entry*>> keyed;
  keyed.reserve(entries_.size());
  for (const Entry& e : entries_) {
    const auto h = static_cast<uint32_t>(java_string_hash(e.first));
    keyed.emplace_back((h ^ (h >> 16)) & (capacity - 1), &e);
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Entry*> out;
  out.reserve(keyed.size());
  for (const auto& k : keyed) out.push_back(k.second);
  return out;
}

std::string Properties::to_string() const {
  std::string s = "{";
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i > 0) s += ", ";
    s += entries_[i].first;
    s += '=';
    s += entries_[i].second;
  }
  s += '}';
  return s;
}

bool operator==(const Properties& a, const Properties& b) {
  if (a.size() != b.size()) return false;
  for (const Properties::Entry& e : a.entries_) {
    auto v = b.get(e.first);
    if (!v || *v != e.second) return false;
  }
  return true;
}

std::ostream& operator<<(std::ostream& os, const Properties& properties) {
  return os << properties.to_string();
}

}  // namespace fluss
