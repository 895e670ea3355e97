// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

// The two documents of Fluss's CompletedSnapshotJsonSerdeTest, as Jackson writes them.
constexpr std::string_view kFiles =
    R"("kv_snapshot_handle":{)"
    R"("shared_file_handles":[{"kv_file_handle":{"path":"oss://bucket/snapshot/shared/t1.sst","size":1},"local_path":"localPath1"},)"
    R"({"kv_file_handle":{"path":"oss://bucket/snapshot/shared/t2.sst","size":2},"local_path":"localPath2"}],)"
    R"("private_file_handles":[{"kv_file_handle":{"path":"oss://bucket/snapshot/snapshot1/t3","size":3},"local_path":"localPath3"},)"
    R"({"kv_file_handle":{"path":"oss://bucket/snapshot/snapshot1/t4","size":4},"local_path":"localPath4"}],)"
    R"("snapshot_incremental_size":5},)";

std::string fluss_json_1() {
  return std::string(R"({"version":1,"table_id":1,"bucket_id":1,"snapshot_id":1,)"
                     R"("snapshot_location":"oss://bucket/snapshot",)") +
         std::string(kFiles) + R"("log_offset":10})";
}

std::string fluss_json_2() {
  return std::string(R"({"version":1,"table_id":1,"partition_id":10,"bucket_id":1,"snapshot_id":1,)"
                     R"("snapshot_location":"oss://bucket/snapshot",)") +
         std::string(kFiles) +
         R"("log_offset":10,"row_count":1234,"auto_inc_id_range":[{"column_id":2,"start":10000,"end":20000}]})";
}

CompletedSnapshot fluss_snapshot_1() {
  return CompletedSnapshot{
      .table_bucket = TableBucket(TableId(1), BucketId(1)),
      .snapshot_id = 1,
      .snapshot_location = "oss://bucket/snapshot",
      .kv_snapshot_handle =
          {
              .shared_file_handles = {{{"oss://bucket/snapshot/shared/t1.sst", 1}, "localPath1"},
                                      {{"oss://bucket/snapshot/shared/t2.sst", 2}, "localPath2"}},
              .private_file_handles = {{{"oss://bucket/snapshot/snapshot1/t3", 3}, "localPath3"},
                                       {{"oss://bucket/snapshot/snapshot1/t4", 4}, "localPath4"}},
              .snapshot_incremental_size = 5,
          },
      .log_offset = LogOffset(10),
      .row_count = std::nullopt,
      .auto_inc_id_ranges = {},
  };
}

CompletedSnapshot fluss_snapshot_2() {
  CompletedSnapshot s = fluss_snapshot_1();
  s.table_bucket = TableBucket(TableId(1), PartitionId(10), BucketId(1));
  s.row_count = 1234;
  s.auto_inc_id_ranges = {{.column_id = 2, .start = 10000, .end = 20000}};
  return s;
}

Result<CompletedSnapshot> parse(std::string_view json) {
  return completed_snapshot_from_json(json, "/remote/kv/db/t-1/1/snap-1/_METADATA");
}

TEST(KvSnapshotTest, WritesFlussJsonExactly) {
  EXPECT_EQ(to_json(fluss_snapshot_1()), fluss_json_1());
  EXPECT_EQ(to_json(fluss_snapshot_2()), fluss_json_2());
}

TEST(KvSnapshotTest, ReadsFlussJson) {
  EXPECT_EQ(value_or_throw(parse(fluss_json_1())), fluss_snapshot_1());
  EXPECT_EQ(value_or_throw(parse(fluss_json_2())), fluss_snapshot_2());
}

TEST(KvSnapshotTest, ReadsKeysInAnyOrderAndWhitespace) {
  const std::string json = R"({ "log_offset": 7, "bucket_id": 0, "snapshot_id": 3,
      "kv_snapshot_handle": {"snapshot_incremental_size": 0, "private_file_handles": [],
                             "shared_file_handles": []},
      "snapshot_location": "/r/snap-3", "table_id": 5, "version": 1 })";
  const CompletedSnapshot s = value_or_throw(parse(json));
  EXPECT_EQ(s.table_bucket, TableBucket(TableId(5), BucketId(0)));
  EXPECT_EQ(s.snapshot_id, 3);
  EXPECT_EQ(s.log_offset, LogOffset(7));
  EXPECT_EQ(
      to_json(s),
      R"({"version":1,"table_id":5,"bucket_id":0,"snapshot_id":3,"snapshot_location":"/r/snap-3",)"
      R"("kv_snapshot_handle":{"shared_file_handles":[],"private_file_handles":[],)"
      R"("snapshot_incremental_size":0},"log_offset":7})");
}

TEST(KvSnapshotTest, EscapesStringsAsJackson) {
  CompletedSnapshot s = fluss_snapshot_1();
  s.snapshot_location = "/r/\"q\"\\\x01\n";
  const std::string json = to_json(s);
  EXPECT_THAT(json, testing::HasSubstr(R"("snapshot_location":"/r/\"q\"\\\u0001\n")"));
  EXPECT_EQ(value_or_throw(parse(json)), s);
}

TEST(KvSnapshotTest, TotalSizeCountsSharedAndPrivateFiles) {
  EXPECT_EQ(fluss_snapshot_1().total_size(), 10);
}

TEST(KvSnapshotTest, RejectsMalformedDocumentsNamingTheFileAndKey) {
  const std::string good = fluss_json_1();
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    const size_t pos = s.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    return s.replace(pos, from.size(), to);
  };
  const std::pair<std::string, std::string> cases[] = {
      {"", "snap-1/_METADATA"},
      {"[]", "not a JSON object"},
      {good.substr(0, good.size() - 1), "snap-1/_METADATA"},
      {replaced(R"("version":1)", R"("version":2)"), "unsupported version 2"},
      {replaced(R"("table_id":1,)", ""), "has no 'table_id'"},
      {replaced(R"("table_id":1)", R"("table_id":-1)"),
       "'table_id' of the document is out of range"},
      {replaced(R"("bucket_id":1)", R"("bucket_id":2147483648)"), "'bucket_id'"},
      {replaced(R"("snapshot_id":1)", R"("snapshot_id":"1")"),
       "'snapshot_id' of the document is not an integer"},
      {replaced(R"("snapshot_location":"oss://bucket/snapshot")", R"("snapshot_location":1)"),
       "not a string"},
      {replaced(R"("log_offset":10)", R"("log_offset":1.5)"), "'log_offset'"},
      {replaced(R"("log_offset":10)", R"("log_offset":18446744073709551615)"), "out of range"},
      {replaced(R"("size":1)", R"("size":-1)"), "'size' of shared_file_handles[0].kv_file_handle"},
      {replaced(R"("local_path":"localPath1")", R"("local_path":"../../etc/passwd")"),
       "not a file name"},
      {replaced(R"("local_path":"localPath3")", R"("local_path":"")"), "private_file_handles[0]"},
      {replaced(R"("local_path":"localPath3")", R"("local_path":"..")"), "not a file name"},
      {replaced(R"("shared_file_handles":[)", R"("shared_file_handles":1,"x":[)"),
       "'shared_file_handles'"},
      {replaced(R"("snapshot_incremental_size":5)", R"("snapshot_incremental_size":null)"),
       "'snapshot_incremental_size'"},
      {replaced(R"("kv_snapshot_handle":{)", R"("kv_snapshot_handle":"s","x":{)"),
       "'kv_snapshot_handle'"},
  };
  for (const auto& [json, why] : cases) {
    SCOPED_TRACE(json);
    EXPECT_THAT(parse(json), StatusIsWith(ErrorCode::kKvStorageException, why));
  }
  EXPECT_THAT(parse(good + R"(,"row_count":[1])"), StatusIs(ErrorCode::kKvStorageException));
  std::string bad_range = fluss_json_2();
  bad_range.replace(bad_range.find(R"("start":10000)"), 13, R"("start":true)");
  EXPECT_THAT(parse(bad_range),
              StatusIsWith(ErrorCode::kKvStorageException, "auto_inc_id_range[0]"));
}

TEST(KvSnapshotTest, SurvivesFlippedBitsAndTruncation) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  const std::string good = fluss_json_2();
  for (int i = 0; i < 2000; ++i) {
    std::string bad = good;
    if (i % 2 == 0) {
      bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
    } else {
      bad.resize(rng() % bad.size());
    }
    Result<CompletedSnapshot> parsed = parse(bad);
    if (parsed.ok()) {
      // Whatever still parses must round-trip.
      EXPECT_EQ(value_or_throw(parse(to_json(*parsed))), *parsed);
    } else {
      EXPECT_THAT(parsed, StatusIs(ErrorCode::kKvStorageException));
    }
  }
}

}  // namespace
}  // namespace fluss::storage
