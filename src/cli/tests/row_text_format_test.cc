// SPDX-License-Identifier: Apache-2.0
// The JSON and CSV row forms of the tools, including malformed input.
#include "cli/row_text_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::cli {
namespace {

using test::StatusIsWith;

Schema orders_schema() {
  auto schema = Schema::builder()
                    .column("id", DataType::bigint())
                    .column("name", DataType::string())
                    .column("price", DataType::decimal(10, 2))
                    .column("day", DataType::date())
                    .column("ok", DataType::boolean())
                    .column("raw", DataType::bytes())
                    .column("tags", DataType::array(DataType::int_()))
                    .primary_key({"id"})
                    .build();
  return std::move(schema).value();
}

constexpr ErrorCode kError = ErrorCode::kInvalidTableException;

TEST(RowTextFormatTest, JsonObjectsAreTypedLikeInsertValues) {
  Schema schema = orders_schema();
  Result<GenericRow> row = row_from_json(
      R"({"id": 7, "name": "pen", "price": 1.5, "day": "2024-01-31", "ok": true,
          "raw": "x'0aff'", "tags": [1, 2]})",
      schema);
  ASSERT_OK(row.status());
  EXPECT_EQ(row_to_json(*row, schema.column_names(), schema.row_type()),
            R"({"id":7,"name":"pen","price":"1.50","day":"2024-01-31","ok":true,)"
            R"("raw":"x'0aff'","tags":"[1, 2]"})");

  Result<GenericRow> quoted =
      row_from_json(R"({"id": "9", "price": "2.25", "ok": "true"})", schema);
  ASSERT_OK(quoted.status());
  EXPECT_EQ(row_to_json(*quoted, schema.column_names(), schema.row_type()),
            R"({"id":9,"name":null,"price":"2.25","day":null,"ok":true,"raw":null,"tags":null})");

  Result<GenericRow> sparse = row_from_json(R"({"id": 8})", schema);
  ASSERT_OK(sparse.status());
  EXPECT_TRUE(sparse->is_null_at(1));
  EXPECT_EQ(row_to_json(*sparse, {"id", "name"}, {DataType::bigint(), DataType::string()}),
            R"({"id":8,"name":null})");
}

TEST(RowTextFormatTest, JsonErrorsNameTheColumnOrTheProblem) {
  Schema schema = orders_schema();
  EXPECT_THAT(row_from_json("{\"id\": 1,", schema).status(),
              StatusIsWith(kError, "not valid JSON"));
  EXPECT_THAT(row_from_json("[1, 2]", schema).status(),
              StatusIsWith(kError, "expected a JSON object"));
  EXPECT_THAT(row_from_json(R"({"nope": 1})", schema).status(),
              StatusIsWith(kError, "column 'nope' does not exist"));
  EXPECT_THAT(row_from_json(R"({"id": "x"})", schema).status(),
              StatusIsWith(kError, "column 'id' (BIGINT NOT NULL)"));
  EXPECT_THAT(row_from_json(R"({"name": "x"})", schema).status(),
              StatusIsWith(kError, "column 'id' (BIGINT NOT NULL): NULL is not allowed"));
  EXPECT_THAT(row_from_json(R"({"id": 1, "raw": "zz"})", schema).status(),
              StatusIsWith(kError, "'zz' is not hex bytes"));
  EXPECT_THAT(row_from_json(R"({"id": 1, "name": [1]})", schema).status(),
              StatusIsWith(kError, "cannot assign the JSON value [1]"));
}

TEST(RowTextFormatTest, KeysNeedEveryKeyColumnAndNothingElse) {
  Schema schema = orders_schema();
  Result<GenericRow> key = key_from_json(R"({"id": 3})", schema, {"id"});
  ASSERT_OK(key.status());
  EXPECT_EQ(*key, GenericRow(std::vector<Datum>{int64_t{3}}));
  EXPECT_THAT(key_from_json("{}", schema, {"id"}).status(),
              StatusIsWith(kError, "the key needs a value for column 'id'"));
  EXPECT_THAT(key_from_json(R"({"id": 3, "name": "a"})", schema, {"id"}).status(),
              StatusIsWith(kError, "'name' is not a key column"));
}

TEST(RowTextFormatTest, CsvQuotingNullsAndErrors) {
  Schema schema = orders_schema();
  Result<GenericRow> row = row_from_csv("-7,\"a,\"\"b\"\"\",-0.5,2024-01-31,false,0aff,", schema);
  ASSERT_OK(row.status());
  EXPECT_EQ(row_to_json(*row, schema.column_names(), schema.row_type()),
            R"({"id":-7,"name":"a,\"b\"","price":"-0.50","day":"2024-01-31","ok":false,)"
            R"("raw":"x'0aff'","tags":null})");
  Result<GenericRow> empty = row_from_csv("1,\"\",,,,,", schema);
  ASSERT_OK(empty.status());
  EXPECT_EQ((*empty)[1], Datum(std::string()));
  EXPECT_TRUE(empty->is_null_at(2));
  Result<GenericRow> tabs = row_from_csv("1\tx\t\t\t\t\t", schema, '\t');
  ASSERT_OK(tabs.status());

  EXPECT_THAT(row_from_csv("1,2", schema).status(),
              StatusIsWith(kError, "CSV line has 2 fields but the table has 7 columns"));
  EXPECT_THAT(row_from_csv("1,\"open,,,,,", schema).status(),
              StatusIsWith(kError, "unterminated quoted CSV field"));
  EXPECT_THAT(row_from_csv("x,,,,,,", schema).status(), StatusIsWith(kError, "column 'id'"));
  EXPECT_THAT(row_from_csv("1,,,2024-13-01,,,", schema).status(),
              StatusIsWith(kError, "column 'day'"));
}

TEST(RowTextFormatTest, RandomBytesNeverCrashTheReaders) {
  uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 random(seed);
  Schema schema = orders_schema();
  const std::string valid = R"({"id": 7, "name": "pen", "price": 1.5, "tags": [1, 2]})";
  for (int i = 0; i < 2000; ++i) {
    std::string line = valid;
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = random() % line.size();
      switch (random() % 3) {
        case 0:
          line[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          line.resize(at);
          break;
        default:
          line.insert(at, 1, "\",:{}[]0e-\\"[random() % 11]);
          break;
      }
      if (line.empty()) line = "{";
    }
    row_from_json(line, schema).status().ignore_error();
    row_from_csv(line, schema).status().ignore_error();
  }
}

}  // namespace
}  // namespace fluss::cli
