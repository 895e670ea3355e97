// SPDX-License-Identifier: Apache-2.0
#include "storage/log/writer_snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "storage/log/fluss_paths.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

constexpr std::string_view kFile = "00000000000000000100.writer_snapshot";

// As Jackson writes it for two writers.
constexpr std::string_view kTwoWriters =
    R"({"version":1,"writer_id_entries":[)"
    R"({"writer_id":3,"last_batch_sequence":12,"last_batch_base_offset":99,"offset_delta":4,"last_batch_timestamp":1732500000000},)"
    R"({"writer_id":9223372036854775807,"last_batch_sequence":2147483647,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":-1}]})";

std::vector<WriterSnapshotEntry> two_writers() {
  return {
      {WriterId(3), BatchSequence(12), LogOffset(99), 4, 1732500000000},
      {WriterId(INT64_MAX), BatchSequence(INT32_MAX), LogOffset(0), 0, -1},
  };
}

Result<std::vector<WriterSnapshotEntry>> parse(std::string_view json) {
  return parse_writer_snapshot(json, kFile);
}

TEST(WriterSnapshotTest, WritesFlussJsonExactly) {
  EXPECT_EQ(serialize_writer_snapshot(two_writers()), kTwoWriters);
  EXPECT_EQ(serialize_writer_snapshot({}), R"({"version":1,"writer_id_entries":[]})");
}

TEST(WriterSnapshotTest, ReadsWhatItWrites) {
  EXPECT_EQ(value_or_throw(parse(kTwoWriters)), two_writers());
  EXPECT_TRUE(value_or_throw(parse(R"({"version":1,"writer_id_entries":[]})")).empty());
}

TEST(WriterSnapshotTest, ReadsAnyKeyOrderAndWhitespace) {
  const std::string pretty = R"({
    "writer_id_entries" : [ {
      "last_batch_timestamp" : 5, "offset_delta" : 1, "last_batch_base_offset" : 8,
      "last_batch_sequence" : 0, "writer_id" : 1, "unknown" : "ignored"
    } ],
    "version" : 1
  })";
  const auto entries = value_or_throw(parse(pretty));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0], (WriterSnapshotEntry{WriterId(1), BatchSequence(0), LogOffset(8), 1, 5}));
}

TEST(WriterSnapshotTest, CorruptSnapshotsAreErrorsNamingTheFile) {
  const char* corrupt[] = {
      "",
      "not json",
      "[]",
      "{}",
      R"({"version":2,"writer_id_entries":[]})",
      R"({"version":"1","writer_id_entries":[]})",
      R"({"version":1})",
      R"({"version":1,"writer_id_entries":{}})",
      R"({"version":1,"writer_id_entries":[1]})",
      // a missing key, a string, a float, out of the INT range, negative values
      R"({"version":1,"writer_id_entries":[{"writer_id":1,"last_batch_sequence":0,"last_batch_base_offset":0,"offset_delta":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":"1","last_batch_sequence":0,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":1.5,"last_batch_sequence":0,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":1,"last_batch_sequence":2147483648,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":1,"last_batch_sequence":0,"last_batch_base_offset":18446744073709551615,"offset_delta":0,"last_batch_timestamp":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":-1,"last_batch_sequence":0,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":1,"last_batch_sequence":-1,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":1,"last_batch_sequence":0,"last_batch_base_offset":3,"offset_delta":4,"last_batch_timestamp":0}]})",
      R"({"version":1,"writer_id_entries":[{"writer_id":1,"last_batch_sequence":0,"last_batch_base_offset":3,"offset_delta":-1,"last_batch_timestamp":0}]})",
      // a writer listed twice
      R"({"version":1,"writer_id_entries":[{"writer_id":1,"last_batch_sequence":0,"last_batch_base_offset":0,"offset_delta":0,"last_batch_timestamp":0},{"writer_id":1,"last_batch_sequence":1,"last_batch_base_offset":1,"offset_delta":0,"last_batch_timestamp":0}]})",
  };
  for (const char* json : corrupt) {
    EXPECT_THAT(parse(json), StatusIsWith(ErrorCode::kLogStorageException,
                                          "Corrupt writer snapshot " + std::string(kFile)))
        << json;
  }
}

TEST(WriterSnapshotTest, EveryTruncationIsCorrupt) {
  for (size_t n = 0; n < kTwoWriters.size(); ++n) {
    EXPECT_THAT(parse(kTwoWriters.substr(0, n)), StatusIs(ErrorCode::kLogStorageException))
        << "first " << n << " bytes";
  }
}

TEST(WriterSnapshotTest, FlippedBitsNeverCrashAndWhatParsesRoundTrips) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  int rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string json(kTwoWriters);
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f)
      json[rng() % json.size()] ^= static_cast<char>(1 << (rng() % 8));
    Result<std::vector<WriterSnapshotEntry>> r = parse(json);
    if (!r.ok()) {
      ++rejected;
      continue;
    }
    EXPECT_EQ(value_or_throw(parse(serialize_writer_snapshot(*r))), *r) << json;
  }
  EXPECT_GT(rejected, 1000);
}

TEST(WriterSnapshotTest, FileNamesCarryTheOffsetIn20Digits) {
  EXPECT_EQ(writer_snapshot_file_name(LogOffset(100)), kFile);
  EXPECT_EQ(writer_snapshot_file_name(LogOffset(INT64_MAX)),
            "09223372036854775807.writer_snapshot");
  EXPECT_EQ(offset_from_file_name(kFile, kWriterSnapshotFileSuffix), LogOffset(100));
  EXPECT_EQ(offset_from_file_name("5.writer_snapshot", kWriterSnapshotFileSuffix), LogOffset(5));
  EXPECT_EQ(
      offset_from_file_name("09223372036854775807.writer_snapshot", kWriterSnapshotFileSuffix),
      LogOffset(INT64_MAX));
  for (std::string_view bad :
       {".writer_snapshot", "abc.writer_snapshot", "-1.writer_snapshot", "+1.writer_snapshot",
        "1 .writer_snapshot", "1.log", "00000000000000000100.writer_snapshot.deleted",
        "09223372036854775808.writer_snapshot"}) {
    EXPECT_EQ(offset_from_file_name(bad, kWriterSnapshotFileSuffix), std::nullopt) << bad;
  }
  EXPECT_EQ(offset_from_file_name("00000000000000000007.log", kLogFileSuffix), LogOffset(7));
}

TEST(WriterSnapshotTest, StraySnapshotsAreThoseWithoutASegmentButTheCleanShutdownOne) {
  const std::vector<LogOffset> snapshots = {LogOffset(5), LogOffset(2), LogOffset(42)};
  // The largest stray (42) is above every segment: a clean shutdown's snapshot, kept.
  EXPECT_EQ(stray_writer_snapshots(snapshots, std::vector<LogOffset>{LogOffset(5)}),
            std::vector<LogOffset>{LogOffset(2)});
  // Below the largest segment base offset nothing stray is kept.
  EXPECT_EQ(stray_writer_snapshots(snapshots, std::vector<LogOffset>{LogOffset(42)}),
            (std::vector<LogOffset>{LogOffset(2), LogOffset(5)}));
  EXPECT_EQ(stray_writer_snapshots(snapshots, {}),
            (std::vector<LogOffset>{LogOffset(2), LogOffset(5)}));
  EXPECT_TRUE(stray_writer_snapshots({}, std::vector<LogOffset>{LogOffset(0)}).empty());
}

}  // namespace
}  // namespace fluss::storage
