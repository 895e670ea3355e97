// SPDX-License-Identifier: Apache-2.0
#include "sql/parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_utils/status_matchers.h"

namespace fluss::sql {
namespace {

TEST(ParserTest, ParsesQuickstartCatalog) {
  auto s = parse_statement(
      "CREATE CATALOG fluss_catalog WITH ('type' = 'fluss', 'bootstrap.servers' = "
      "'localhost:9123');");
  ASSERT_OK(s.status());
}

}  // namespace
}  // namespace fluss::sql
