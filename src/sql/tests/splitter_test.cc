// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sql/statement_splitter.h"

namespace fluss::sql {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(StatementSplitterTest, SplitsOnSemicolonsAndTrims) {
  SplitStatements s = split_statements("  USE CATALOG c ;\nSHOW TABLES;;  ;SELECT 1 ;  ");
  EXPECT_THAT(s.statements, ElementsAre("USE CATALOG c", "SHOW TABLES", "SELECT 1"));
  EXPECT_EQ(s.incomplete, "");
}

TEST(StatementSplitterTest, IgnoresSemicolonsInStringsIdentifiersAndComments) {
  SplitStatements s =
      split_statements("SELECT 'a;b''c;' FROM `x;y`; -- not; here\nSELECT /* ; */ 2;");
  EXPECT_THAT(s.statements,
              ElementsAre("SELECT 'a;b''c;' FROM `x;y`", "-- not; here\nSELECT /* ; */ 2"));
  EXPECT_EQ(s.incomplete, "");
}

TEST(StatementSplitterTest, ReportsAnIncompleteTrailingStatement) {
  SplitStatements s = split_statements("SHOW TABLES; SELECT *\nFROM t");
  EXPECT_THAT(s.statements, ElementsAre("SHOW TABLES"));
  EXPECT_EQ(s.incomplete, "SELECT *\nFROM t");

  EXPECT_EQ(split_statements("SELECT 'open;").incomplete, "SELECT 'open;");
  EXPECT_EQ(split_statements("SELECT `open;").incomplete, "SELECT `open;");
  EXPECT_EQ(split_statements("/* open comment; ").incomplete, "/* open comment;");
  EXPECT_THAT(split_statements("SELECT 'open;").statements, IsEmpty());
}

TEST(StatementSplitterTest, TrailingBlanksAndCommentsAreNotAStatement) {
  EXPECT_EQ(split_statements("SHOW TABLES;  -- done\n  /* really */ ").incomplete, "");
  EXPECT_THAT(split_statements("").statements, IsEmpty());
  EXPECT_THAT(split_statements("-- only a comment").statements, IsEmpty());
  EXPECT_EQ(split_statements("-- only a comment").incomplete, "");
}

}  // namespace
}  // namespace fluss::sql
