// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/to_string_formatter.h"

namespace fluss {

// A string-to-string map that remembers insertion order: table properties, custom
// properties, aggregation-function parameters. Equality ignores order, as Java's
// Map.equals does. Small (a handful of entries), so lookups scan.
//
// Order matters only for JSON: Fluss's Java writers iterate a java.util.HashMap, and
// java_hash_map_order() reproduces that order (docs/metadata-json.md), so documents
// we write match Java's byte for byte and documents we read round-trip.
class Properties {
 public:
  using Entry = std::pair<std::string, std::string>;

  Properties() = default;
  Properties(std::initializer_list<Entry> entries);

  // Sets `key`, keeping its position if it was present (as HashMap.put does).
  void set(std::string key, std::string value);
  // Removes `key`; returns whether it was present.
  bool erase(std::string_view key);
  std::optional<std::string_view> get(std::string_view key) const;
  bool contains(std::string_view key) const { return get(key).has_value(); }
  // Sets every entry of `other` (Map.putAll).
  void set_all(const Properties& other);

  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  // Insertion order.
  const std::vector<Entry>& entries() const { return entries_; }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

  // The entries in the iteration order of a java.util.HashMap that had them put in
  // insertion order: by bucket (String.hashCode spread, capacity the smallest power
  // of two >= 16 holding them at load factor 0.75), then insertion order.
  std::vector<const Entry*> java_hash_map_order() const;

  // "{k1=v1, k2=v2}" in insertion order, like Java's AbstractMap.toString.
  std::string to_string() const;

  friend bool operator==(const Properties& a, const Properties& b);

 private:
  std::vector<Entry> entries_;
};

// Java's String.hashCode of a UTF-8 string (computed over its UTF-16 code units).
int32_t java_string_hash(std::string_view utf8);

std::ostream& operator<<(std::ostream& os, const Properties& properties);

}  // namespace fluss

FLUSS_MODEL_TO_STRING_FORMATTER(fluss::Properties)
