// SPDX-License-Identifier: Apache-2.0
#include "model/table_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unordered_set>

#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;
using test::StatusIsWith;

PartitionSpec spec_of(std::vector<PartitionSpec::Entry> entries) {
  return PartitionSpec(std::move(entries));
}

TEST(TablePathTest, PrintsLikeJava) {
  EXPECT_EQ(TablePath({"db", "t"}).to_string(), "db.t");
  EXPECT_EQ(fmt::format("{}", PhysicalTablePath{{"db", "t"}, std::nullopt}), "db.t");
  EXPECT_EQ(fmt::format("{}", PhysicalTablePath{{"db", "t"}, "2024$eu"}), "db.t(p=2024$eu)");
  EXPECT_EQ(fmt::format("{}", TableBucket(TableId(1), BucketId(2))),
            "TableBucket{tableId=1, bucket=2}");
  EXPECT_EQ(fmt::format("{}", TableBucket(TableId(1), PartitionId(5), BucketId(2))),
            "TableBucket{tableId=1, partitionId=5, bucket=2}");
}

TEST(TablePathTest, DetectsInvalidNamesWithJavasReasons) {
  EXPECT_EQ(detect_invalid_name("orders_2024-eu"), std::nullopt);
  EXPECT_EQ(detect_invalid_name(""), "the empty string is not allowed");
  EXPECT_EQ(detect_invalid_name("."), "'.' is not allowed");
  EXPECT_EQ(detect_invalid_name(".."), "'..' is not allowed");
  EXPECT_EQ(detect_invalid_name("a.b"),
            "'a.b' contains one or more characters other than ASCII alphanumerics, '_' and '-'");
  EXPECT_EQ(detect_invalid_name("caf\xC3\xA9"),
            "'caf\xC3\xA9' contains one or more characters other than ASCII alphanumerics, '_' "
            "and '-'");
  EXPECT_EQ(detect_invalid_name(std::string(200, 'a')), std::nullopt);
  const std::string long_name(201, 'a');
  EXPECT_EQ(detect_invalid_name(long_name),
            "the length of '" + long_name + "' is longer than the max allowed length 200");
  // 150 two-byte characters: 300 bytes but 150 UTF-16 units, as Java counts them.
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "\xC3\xA9";
  EXPECT_THAT(*detect_invalid_name(accents), testing::HasSubstr("contains one or more"));
}

TEST(TablePathTest, ValidationUsesTheNamesCode) {
  EXPECT_OK(TablePath({"fluss", "orders"}).validate());
  EXPECT_THAT(validate_database_name("a b"),
              StatusIsWith(ErrorCode::kInvalidDatabaseException, "Database name a b is invalid:"));
  EXPECT_THAT(TablePath({"db", ""}).validate(),
              StatusIsWith(ErrorCode::kInvalidTableException,
                           "Table name  is invalid: the empty string is not allowed"));
  EXPECT_THAT(validate_table_name("__internal"),
              StatusIsWith(ErrorCode::kInvalidTableException, "'__' is not allowed as prefix"));
  EXPECT_TRUE(TablePath({"db", "__internal"}).is_valid());  // prefix only matters on create
  EXPECT_FALSE(TablePath({"db", "a/b"}).is_valid());
}

TEST(TablePathTest, PhysicalPathChecksEveryPartitionValue) {
  EXPECT_TRUE((PhysicalTablePath{{"db", "t"}, "2024$eu"}).is_valid());
  EXPECT_FALSE((PhysicalTablePath{{"db", "t"}, "2024$e u"}).is_valid());
  EXPECT_FALSE((PhysicalTablePath{{"db", "t"}, ""}).is_valid());
}

TEST(TablePathTest, HashesAndOrders) {
  std::unordered_set<TableBucket> buckets = {TableBucket(TableId(1), BucketId(0)),
                                             TableBucket(TableId(1), PartitionId(0), BucketId(0)),
                                             TableBucket(TableId(1), BucketId(0))};
  EXPECT_EQ(buckets.size(), 2u);
  std::unordered_set<TablePath> paths = {{"a", "b"}, {"a", "b"}, {"a", "c"}};
  EXPECT_EQ(paths.size(), 2u);
  EXPECT_LT(TablePath({"a", "b"}), TablePath({"a", "c"}));
}

TEST(ResolvedPartitionSpecTest, NamesJoinValuesWithDollar) {
  auto spec = test::value_or_throw(ResolvedPartitionSpec::of({"dt", "region"}, {"2024", "eu"}));
  EXPECT_EQ(spec.partition_name(), "2024$eu");
  EXPECT_EQ(spec.qualified_name(), "dt=2024/region=eu");
  EXPECT_EQ(fmt::format("{}", spec), "dt=2024/region=eu");
  EXPECT_EQ(
      test::value_or_throw(ResolvedPartitionSpec::from_partition_name({"dt", "region"}, "2024$eu")),
      spec);
  EXPECT_EQ(test::value_or_throw(ResolvedPartitionSpec::from_qualified_name("dt=2024/region=eu")),
            spec);
  EXPECT_EQ(spec.to_partition_spec().to_string(), "PartitionSpec{{dt=2024, region=eu}}");
}

TEST(ResolvedPartitionSpecTest, ReordersASpecToTheKeys) {
  PartitionSpec spec = spec_of({{"region", "eu"}, {"dt", "2024"}});
  auto resolved =
      test::value_or_throw(ResolvedPartitionSpec::from_partition_spec({"dt", "region"}, spec));
  EXPECT_EQ(resolved.partition_name(), "2024$eu");
  EXPECT_THAT(ResolvedPartitionSpec::from_partition_spec({"dt", "hour"}, spec),
              StatusIsWith(ErrorCode::kPartitionSpecInvalidException, "'hour'"));
  auto sub = test::value_or_throw(ResolvedPartitionSpec::of({"region"}, {"eu"}));
  EXPECT_TRUE(test::value_or_throw(resolved.contains(sub)));
  auto other = test::value_or_throw(ResolvedPartitionSpec::of({"region"}, {"us"}));
  EXPECT_FALSE(test::value_or_throw(resolved.contains(other)));
  auto unknown = test::value_or_throw(ResolvedPartitionSpec::of({"x"}, {"us"}));
  EXPECT_THAT(resolved.contains(unknown), StatusIs(ErrorCode::kPartitionSpecInvalidException));
}

TEST(ResolvedPartitionSpecTest, RejectsMismatchedCountsAndBadQualifiedNames) {
  EXPECT_THAT(ResolvedPartitionSpec::from_partition_name({"a", "b"}, "x"),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
  // Java's split drops trailing empty values: "x$" has one value.
  EXPECT_THAT(ResolvedPartitionSpec::from_partition_name({"a", "b"}, "x$"),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
  EXPECT_THAT(ResolvedPartitionSpec::from_qualified_name("a=1/b"),
              StatusIsWith(ErrorCode::kPartitionSpecInvalidException, "got: b"));
}

TEST(ResolvedPartitionSpecTest, ValidatesValuesAndReservedPrefixOnCreate) {
  EXPECT_OK(validate_partition_values({"2024", "eu-1"}, PartitionUse::kCreate));
  EXPECT_THAT(validate_partition_values({"2024", "e u"}, PartitionUse::kLookup),
              StatusIsWith(ErrorCode::kPartitionSpecInvalidException,
                           "The partition value e u is invalid: 'e u' contains"));
  EXPECT_OK(validate_partition_values({"__historical__"}, PartitionUse::kLookup));
  EXPECT_THAT(validate_partition_values({"__historical__"}, PartitionUse::kCreate),
              StatusIsWith(ErrorCode::kPartitionSpecInvalidException, "reserved"));
  const TablePath table{"db", "t"};
  EXPECT_OK(
      validate_partition_spec(table, {"dt"}, spec_of({{"dt", "2024"}}), PartitionUse::kCreate));
  EXPECT_THAT(
      validate_partition_spec(table, {"dt", "r"}, spec_of({{"dt", "2024"}}), PartitionUse::kCreate),
      StatusIsWith(ErrorCode::kPartitionSpecInvalidException,
                   "PartitionSpec size is not equal to partition keys size for "
                   "partitioned table db.t."));
  EXPECT_THAT(
      validate_partition_spec(table, {"r"}, spec_of({{"dt", "2024"}}), PartitionUse::kCreate),
      StatusIsWith(ErrorCode::kPartitionSpecInvalidException,
                   "does not contain partition key 'r' for partitioned table db.t."));
}

}  // namespace
}  // namespace fluss
