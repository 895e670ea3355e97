// SPDX-License-Identifier: Apache-2.0
// RocksDbKv's writer-side reads: multi_get_for_update must see exactly what multi_get sees
// while memtables fill, switch and flush (tiny write buffers force switches).
#include "storage/kv/rocksdb_kv.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/configuration.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::value_or_throw;

TEST(RocksDbKvTest, MultiGetForUpdateMatchesMultiGetAcrossMemtableSwitches) {
  const uint64_t seed = fluss::test::seed_from_env();
  SCOPED_TRACE(fluss::test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  test::TempDir dir;
  Configuration config;
  config.set_string("kv.rocksdb.writebuffer.size", "64kb");
  config.set_string("kv.rocksdb.writebuffer.count", "4");
  auto resources = value_or_throw(KvSharedResources::create(config));
  auto kv = value_or_throw(RocksDbKv::open(dir.path() + "/db", "test", resources));
  std::map<std::string, std::string> model;
  auto key_of = [](uint64_t n) { return "key-" + std::to_string(n); };
  int64_t offset = 0;
  for (int round = 0; round < 300; ++round) {
    KvWriteBatch batch;
    std::map<std::string, std::optional<std::string>> changes;  // one change per key
    for (int i = 0; i < 50; ++i) {
      const std::string key = key_of(rng() % 2000);
      if (rng() % 4 == 0) {
        changes[key] = std::nullopt;
      } else {
        changes[key] = std::string(100 + rng() % 200, static_cast<char>('a' + rng() % 26));
      }
    }
    for (const auto& [key, value] : changes) {
      if (value) {
        batch.put(as_bytes(key), as_bytes(*value));
        model[key] = *value;
      } else {
        batch.remove(as_bytes(key));
        model.erase(key);
      }
    }
    ASSERT_OK(kv->write(batch, LogOffset(++offset)));
    if (round % 97 == 96) ASSERT_OK(kv->flush_memtables());
    // Present, deleted and never written keys.
    std::vector<std::string> probe;
    for (int i = 0; i < 64; ++i) probe.push_back(key_of(rng() % 2500));
    std::vector<ByteView> keys;
    for (const std::string& k : probe) keys.push_back(as_bytes(k));
    const auto expected = value_or_throw(kv->multi_get(keys));
    const auto actual = value_or_throw(kv->multi_get_for_update(keys));
    ASSERT_EQ(actual, expected) << "round " << round;
    for (size_t i = 0; i < probe.size(); ++i) {
      const auto it = model.find(probe[i]);
      ASSERT_EQ(actual[i], it == model.end() ? std::nullopt : std::optional(it->second))
          << probe[i] << " in round " << round;
    }
  }
}

}  // namespace
}  // namespace fluss::storage
