// SPDX-License-Identifier: Apache-2.0
#include "model/ids.h"

#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>
#include <unordered_set>

namespace fluss {
namespace {

TEST(StrongIdTest, IdsOfDifferentKindsDoNotConvert) {
  static_assert(!std::is_convertible_v<TableId, PartitionId>);
  static_assert(!std::is_convertible_v<BucketId, ServerId>);
  static_assert(!std::is_convertible_v<int64_t, TableId>);
  static_assert(!std::is_convertible_v<TableId, int64_t>);
  static_assert(std::is_same_v<SchemaId::ValueType, int32_t>);
  static_assert(std::is_same_v<WriterId::ValueType, int64_t>);
  static_assert(sizeof(BucketId) == 4 && sizeof(LogOffset) == 8);
}

TEST(StrongIdTest, ComparesHashesAndPrintsAsItsValue) {
  EXPECT_LT(TableId(1), TableId(2));
  EXPECT_EQ(BucketId(3), BucketId(3));
  std::unordered_set<TableId> set = {TableId(1), TableId(1), TableId(7)};
  EXPECT_EQ(set.size(), 2u);
  std::ostringstream os;
  os << LeaderEpoch(5);
  EXPECT_EQ(os.str(), "5");
  EXPECT_EQ(fmt::format("{}/{:>3}", PartitionId(-4), ServerId(9)), "-4/  9");
}

TEST(StrongIdTest, SentinelsAreFlussValues) {
  EXPECT_EQ(kNoWriterId.value(), -1);
  EXPECT_EQ(kNoBatchSequence.value(), -1);
  EXPECT_EQ(kNoLeaderEpoch.value(), -1);
  EXPECT_EQ(kUnknownTableId.value(), -1);
}

TEST(StrongIdTest, LogOffsetsHavePositionArithmetic) {
  EXPECT_EQ(LogOffset(10) + 5, LogOffset(15));
  EXPECT_EQ(LogOffset(15) - LogOffset(10), 5);
  EXPECT_EQ(next(LogOffset(41)), LogOffset(42));
}

}  // namespace
}  // namespace fluss
