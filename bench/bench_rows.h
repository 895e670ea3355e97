// SPDX-License-Identifier: Apache-2.0
// The ~1 KiB mixed-type row the benchmarks share: 4 INT, 4 BIGINT, 2 DOUBLE,
// BOOLEAN, TIMESTAMP(3), DECIMAL(10,2) and 7 STRING of ~130 bytes of words.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss::bench {

inline RowType mixed_row_type() {
  RowType t;
  for (int i = 0; i < 4; ++i) t.push_back(DataType::int_());
  for (int i = 0; i < 4; ++i) t.push_back(DataType::bigint());
  t.push_back(DataType::double_());
  t.push_back(DataType::double_());
  t.push_back(DataType::boolean());
  t.push_back(DataType::timestamp(3));
  t.push_back(DataType::decimal(10, 2));
  for (int i = 0; i < 7; ++i) t.push_back(DataType::string());
  return t;
}

// Row `r` of a batch, its values drawn from `rng`.
inline GenericRow mixed_row(std::mt19937_64& rng, int r) {
  static constexpr const char* kWords[] = {"fluss",  "stream",  "arrow",  "table", "bucket",
                                           "log",    "offset",  "server", "lake",  "kv",
                                           "tiered", "replica", "leader", "scan",  "batch"};
  std::vector<Datum> f;
  f.reserve(20);
  for (int i = 0; i < 4; ++i) f.emplace_back(static_cast<int32_t>(rng() % 100000));
  for (int i = 0; i < 4; ++i) f.emplace_back(static_cast<int64_t>(1700000000000 + r * 13 + i));
  f.emplace_back(static_cast<double>(rng() % 1000000) / 100.0);
  f.emplace_back(static_cast<double>(r) * 0.5);
  f.emplace_back(rng() % 2 == 0);
  f.emplace_back(TimestampNtz{1700000000000 + r, 0});
  f.emplace_back(
      Decimal{.unscaled = static_cast<__int128>(rng() % 10000000), .precision = 10, .scale = 2});
  for (int i = 0; i < 7; ++i) {
    std::string s;
    while (s.size() < 120 + rng() % 20) {
      s += kWords[rng() % 15];
      s += ' ';
    }
    f.emplace_back(std::move(s));
  }
  return GenericRow(std::move(f));
}

}  // namespace fluss::bench
