// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_pre_write_buffer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using Flushed = std::vector<std::pair<std::string, KvPreWriteBuffer::Value>>;

Flushed flush(KvPreWriteBuffer& buffer, int64_t up_to) {
  Flushed out;
  EXPECT_OK(buffer.flush(
      LogOffset(up_to),
      [&out](std::string_view key, const KvPreWriteBuffer::Value& value) {
        out.emplace_back(std::string(key), value);
      },
      [] { return Status::OK(); }));
  return out;
}

TEST(KvPreWriteBufferTest, GetReturnsTheNewestChangeOfAKey) {
  KvPreWriteBuffer buffer;
  EXPECT_EQ(buffer.get("k"), nullptr);
  buffer.put("k", "v1", LogOffset(0));
  buffer.put("k", "v2", LogOffset(2));
  buffer.put("j", std::nullopt, LogOffset(3));
  ASSERT_NE(buffer.get("k"), nullptr);
  EXPECT_EQ(*buffer.get("k"), "v2");
  ASSERT_NE(buffer.get("j"), nullptr);
  EXPECT_FALSE(buffer.get("j")->has_value());
  EXPECT_EQ(buffer.size(), 3u);
}

TEST(KvPreWriteBufferTest, TruncateFallsBackToTheOlderChange) {
  KvPreWriteBuffer buffer;
  buffer.put("k", "v1", LogOffset(0));
  buffer.put("k", "v2", LogOffset(2));
  buffer.put("j", "x", LogOffset(3));
  buffer.truncate_to(LogOffset(2));
  EXPECT_EQ(*buffer.get("k"), "v1");
  EXPECT_EQ(buffer.get("j"), nullptr);
  buffer.truncate_to(LogOffset(0));
  EXPECT_EQ(buffer.get("k"), nullptr);
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.pending_bytes(), 0u);
}

TEST(KvPreWriteBufferTest, FlushHandsOverTheCommittedPrefixInOffsetOrder) {
  KvPreWriteBuffer buffer;
  buffer.put("a", "1", LogOffset(0));
  buffer.put("b", "2", LogOffset(1));
  buffer.put("a", std::nullopt, LogOffset(2));
  buffer.put("c", "3", LogOffset(5));
  const Flushed flushed = flush(buffer, 3);
  ASSERT_EQ(flushed.size(), 3u);
  EXPECT_EQ(flushed[0], (std::pair<std::string, KvPreWriteBuffer::Value>("a", "1")));
  EXPECT_EQ(flushed[2].first, "a");
  EXPECT_FALSE(flushed[2].second.has_value());
  EXPECT_EQ(buffer.get("a"), nullptr);
  EXPECT_EQ(buffer.get("b"), nullptr);
  EXPECT_EQ(*buffer.get("c"), "3");
  // A truncation below the flushed prefix cannot resurrect flushed entries.
  buffer.truncate_to(LogOffset(0));
  EXPECT_TRUE(buffer.empty());
}

TEST(KvPreWriteBufferTest, FlushedKeyWithANewerChangeKeepsIt) {
  KvPreWriteBuffer buffer;
  buffer.put("a", "1", LogOffset(0));
  buffer.put("a", "2", LogOffset(4));
  flush(buffer, 1);
  EXPECT_EQ(*buffer.get("a"), "2");
  buffer.truncate_to(LogOffset(4));
  EXPECT_EQ(buffer.get("a"), nullptr);  // the older change is in RocksDB now
}

TEST(KvPreWriteBufferTest, FailedCommitDropsNothing) {
  KvPreWriteBuffer buffer;
  buffer.put("a", "1", LogOffset(0));
  const Status s = buffer.flush(
      LogOffset(10), [](std::string_view, const KvPreWriteBuffer::Value&) {},
      [] { return make_error(ErrorCode::kKvStorageException, "disk full"); });
  EXPECT_THAT(s, test::StatusIs(ErrorCode::kKvStorageException));
  EXPECT_EQ(*buffer.get("a"), "1");
  EXPECT_EQ(buffer.size(), 1u);
}

}  // namespace
}  // namespace fluss::storage
