// SPDX-License-Identifier: Apache-2.0
#include "storage/log/fluss_paths.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using test::StatusIsWith;
using test::value_or_throw;

PhysicalTablePath table(std::string db, std::string name,
                        std::optional<std::string> partition = std::nullopt) {
  return PhysicalTablePath{TablePath{std::move(db), std::move(name)}, std::move(partition)};
}

TEST(FlussPathsTest, OffsetsArePaddedTo20Digits) {
  EXPECT_EQ(filename_prefix_from_offset(LogOffset(0)), "00000000000000000000");
  EXPECT_EQ(filename_prefix_from_offset(LogOffset(1234)), "00000000000000001234");
}

TEST(FlussPathsTest, NonPartitionedTabletDirs) {
  const TableBucket bucket(TableId(17), BucketId(3));
  EXPECT_EQ(tablet_dir("/data", table("fluss", "orders"), bucket, TabletType::kLog),
            "/data/fluss/orders-17/log-3");
  EXPECT_EQ(tablet_dir("/data/", table("fluss", "orders"), bucket, TabletType::kKv),
            "/data/fluss/orders-17/kv-3");
  EXPECT_EQ(tablet_dir("", table("fluss", "orders"), bucket, TabletType::kLog),
            "fluss/orders-17/log-3");
}

TEST(FlussPathsTest, PartitionedTabletDirs) {
  const TableBucket bucket(TableId(17), PartitionId(5), BucketId(0));
  EXPECT_EQ(tablet_dir("/data", table("db", "orders", "2024$eu"), bucket, TabletType::kLog),
            "/data/db/orders-17/2024$eu-p5/log-0");
}

TEST(FlussPathsTest, ParsesTabletDirsBack) {
  const TabletDir plain{table("fluss", "orders"), TableBucket(TableId(17), BucketId(3)),
                        TabletType::kLog};
  EXPECT_EQ(value_or_throw(parse_tablet_dir("/data/fluss/orders-17/log-3")), plain);
  EXPECT_EQ(value_or_throw(parse_tablet_dir("fluss/orders-17/log-3/")), plain);

  const TabletDir partitioned{table("db", "orders", "2024$eu"),
                              TableBucket(TableId(17), PartitionId(5), BucketId(0)),
                              TabletType::kKv};
  EXPECT_EQ(value_or_throw(parse_tablet_dir("/data/db/orders-17/2024$eu-p5/kv-0")), partitioned);
}

TEST(FlussPathsTest, NamesMayContainDashesBecauseTheLastDashSplits) {
  const TabletDir dashed{table("my-db", "my-table-2", "a-p1"),
                         TableBucket(TableId(9), PartitionId(7), BucketId(11)), TabletType::kLog};
  const std::string dir = tablet_dir("/d", dashed.path, dashed.bucket, dashed.type);
  EXPECT_EQ(dir, "/d/my-db/my-table-2-9/a-p1-p7/log-11");
  EXPECT_EQ(value_or_throw(parse_tablet_dir(dir)), dashed);

  // A table whose name looks like a partition directory is still a table.
  const TabletDir tricky{table("db", "x-p1"), TableBucket(TableId(5), BucketId(0)),
                         TabletType::kLog};
  EXPECT_EQ(
      value_or_throw(parse_tablet_dir(tablet_dir("/d", tricky.path, tricky.bucket, tricky.type))),
      tricky);
}

TEST(FlussPathsTest, MalformedTabletDirsAreErrorsNamingTheDir) {
  for (std::string_view bad : {
           "",
           "/",
           "orders-17/log-3",                 // no database
           "/data/db/orders-17/log-",         // no bucket
           "/data/db/orders-17/log-x",        // non-decimal bucket
           "/data/db/orders-17/log--1",       // negative bucket
           "/data/db/orders-17/data-1",       // neither log- nor kv-
           "/data/db/orders/log-1",           // no table id
           "/data/db/orders-x/log-1",         // non-decimal table id
           "/data/db/-17/log-1",              // empty table name
           "/data/db/orders-17/eu-px/log-1",  // non-decimal partition id
           "/data/db/orders-17/-p5/log-1",    // empty partition name
           "orders-17/eu-p5/log-1",           // partitioned, no database
           "/data/db/orders-17/log-99999999999",
       }) {
    EXPECT_THAT(parse_tablet_dir(bad),
                StatusIsWith(ErrorCode::kLogStorageException,
                             fmt::format("Invalid tablet directory '{}'", bad)))
        << bad;
  }
}

}  // namespace
}  // namespace fluss::storage
