// SPDX-License-Identifier: Apache-2.0
#include "record/key/partition_name.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;

std::string str(const DataType& type, const Datum& value) {
  auto r = partition_value_to_string(type, value);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : "<error>";
}

TEST(PartitionNameTest, JavaVectors) {
  // PartitionUtilsTest.
  EXPECT_EQ(str(DataType::string(), std::string("Fluss")), "Fluss");
  EXPECT_EQ(str(DataType::char_(1), std::string("F")), "F");
  EXPECT_EQ(str(DataType::boolean(), true), "true");
  EXPECT_EQ(str(DataType::bytes(), Binary{"\x10\x20\x30\x40\x50\xff"}), "1020304050ff");
  EXPECT_EQ(str(DataType::binary(6), Binary{"\x10\x20\x30\x40\x50\xff"}), "1020304050ff");
  EXPECT_EQ(str(DataType::tinyint(), int8_t{100}), "100");
  EXPECT_EQ(str(DataType::smallint(), int16_t{-32760}), "-32760");
  EXPECT_EQ(str(DataType::int_(), int32_t{299000}), "299000");
  EXPECT_EQ(str(DataType::bigint(), int64_t{1748662955428}), "1748662955428");
  EXPECT_EQ(str(DataType::date(), int32_t{20235}), "2025-05-27");
  EXPECT_EQ(str(DataType::time(), int32_t{5402199}), "01-30-02_199");
  EXPECT_EQ(str(DataType::float_(), 5.73f), "5_73");
  EXPECT_EQ(str(DataType::double_(), 5.73), "5_73");
  for (const DataType& t : {DataType::timestamp(9), DataType::timestamp_ltz(9)}) {
    auto ts = [&t](int64_t millis, int32_t nanos) -> Datum {
      if (t.root() == TypeRoot::kTimestampNtz) return TimestampNtz{millis, nanos};
      return TimestampLtz{millis, nanos};
    };
    EXPECT_EQ(str(t, ts(1748662955428, 99988)), "2025-05-31-03-42-35_428099988");
    EXPECT_EQ(str(t, ts(1748662955428, 0)), "2025-05-31-03-42-35_428");
    EXPECT_EQ(str(t, ts(1748662955000, 99988)), "2025-05-31-03-42-35_000099988");
    EXPECT_EQ(str(t, ts(1748662955000, 0)), "2025-05-31-03-42-35_");
    EXPECT_EQ(str(t, ts(-1748662955428, 99988)), "1914-08-03-20-17-24_572099988");
  }
}

TEST(PartitionNameTest, FloatsUseJavaToString) {
  EXPECT_EQ(str(DataType::float_(), std::numeric_limits<float>::quiet_NaN()), "NaN");
  EXPECT_EQ(str(DataType::double_(), std::numeric_limits<double>::infinity()), "Inf");
  EXPECT_EQ(str(DataType::double_(), -std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(str(DataType::double_(), 1.0), "1_0");
  EXPECT_EQ(str(DataType::double_(), -0.0), "-0_0");
  EXPECT_EQ(str(DataType::double_(), 100.0), "100_0");
  EXPECT_EQ(str(DataType::double_(), 0.001), "0_001");
  EXPECT_EQ(str(DataType::double_(), 1e-4), "1_0E-4");
  EXPECT_EQ(str(DataType::double_(), 1234567.0), "1234567_0");
  EXPECT_EQ(str(DataType::double_(), 1e7), "1_0E7");
  EXPECT_EQ(str(DataType::double_(), 1.2345e21), "1_2345E21");
  EXPECT_EQ(str(DataType::float_(), 0.1f), "0_1");
  EXPECT_EQ(str(DataType::float_(), 3.4028235e38f), "3_4028235E38");
  EXPECT_EQ(str(DataType::double_(), 0.1 + 0.2), "0_30000000000000004");
}

TEST(PartitionNameTest, DatesAndTimesAtTheEdges) {
  EXPECT_EQ(str(DataType::date(), int32_t{0}), "1970-01-01");
  EXPECT_EQ(str(DataType::date(), int32_t{-1}), "1969-12-31");
  EXPECT_EQ(str(DataType::date(), int32_t{11016}), "2000-02-29");
  EXPECT_EQ(str(DataType::time(), int32_t{0}), "00-00-00_000");
  EXPECT_EQ(str(DataType::time(), int32_t{86'399'999}), "23-59-59_999");
  EXPECT_EQ(str(DataType::timestamp(3), TimestampNtz{0, 0}), "1970-01-01-00-00-00_");
  EXPECT_EQ(str(DataType::timestamp(3), TimestampNtz{-1, 0}), "1969-12-31-23-59-59_999");
}

TEST(PartitionNameTest, JoinsValuesWithDollar) {
  const std::vector<std::string> values = {"2025", "beijing", "1_5"};
  EXPECT_EQ(partition_name(values), "2025$beijing$1_5");
  EXPECT_EQ(partition_name(std::vector<std::string>{"only"}), "only");
  const RowType type = {DataType::int_(), DataType::string(), DataType::date()};
  const GenericRow row({int32_t{1}, std::string("eu"), int32_t{20235}});
  const std::vector<int> keys = {2, 1};
  auto name = partition_name(type, keys, row);
  ASSERT_OK(name);
  EXPECT_EQ(*name, "2025-05-27$eu");
}

TEST(PartitionNameTest, RejectsNullsAndNonPartitionTypes) {
  EXPECT_THAT(partition_value_to_string(DataType::string(), Null{}),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
  EXPECT_THAT(partition_value_to_string(DataType::decimal(10, 2), Decimal{1, 10, 2}),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
  EXPECT_THAT(partition_value_to_string(DataType::int_(), std::string("1")),
              StatusIs(ErrorCode::kPartitionSpecInvalidException));
}

}  // namespace
}  // namespace fluss
