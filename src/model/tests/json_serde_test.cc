// SPDX-License-Identifier: Apache-2.0
// Golden documents from Fluss's *JsonSerdeTest.java and fluss-wire.md §10, a seeded
// random round trip, and malformed input.
#include "model/json_serde.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;

DataField field(std::string name, DataType type, int32_t id = -1,
                std::optional<std::string> description = std::nullopt) {
  return DataField{.name = std::move(name),
                   .type = std::move(type),
                   .description = std::move(description),
                   .field_id = id};
}

Column column(std::string name, DataType type, std::optional<std::string> comment = std::nullopt,
              int32_t id = Column::kUnknownColumnId) {
  return Column{.name = std::move(name),
                .type = std::move(type),
                .comment = std::move(comment),
                .agg_function = std::nullopt,
                .id = id};
}

// Writes `value`, expects `json`, and reads it back to `value`.
template <typename T, typename Reader>
void expect_golden(const T& value, std::string_view json, Reader read) {
  EXPECT_EQ(to_json(value), json);
  Result<T> back = read(json);
  ASSERT_OK(back);
  EXPECT_EQ(*back, value) << json;
}

TEST(DataTypeJsonTest, EveryTypeMatchesFlussGoldenJson) {
  const std::vector<std::pair<DataType, std::string_view>> cases = {
      {DataType::boolean(), R"({"type":"BOOLEAN"})"},
      {DataType::tinyint(), R"({"type":"TINYINT"})"},
      {DataType::smallint(), R"({"type":"SMALLINT"})"},
      {DataType::int_(), R"({"type":"INTEGER"})"},
      {DataType::bigint(), R"({"type":"BIGINT"})"},
      {DataType::float_(), R"({"type":"FLOAT"})"},
      {DataType::double_(), R"({"type":"DOUBLE"})"},
      {DataType::decimal(10), R"({"type":"DECIMAL","precision":10,"scale":0})"},
      {DataType::decimal(15, 5), R"({"type":"DECIMAL","precision":15,"scale":5})"},
      {DataType::char_(), R"({"type":"CHAR","length":1})"},
      {DataType::char_(5), R"({"type":"CHAR","length":5})"},
      {DataType::string(), R"({"type":"STRING"})"},
      {DataType::binary(), R"({"type":"BINARY","length":1})"},
      {DataType::binary(100), R"({"type":"BINARY","length":100})"},
      {DataType::bytes(), R"({"type":"BYTES"})"},
      {DataType::date(), R"({"type":"DATE"})"},
      {DataType::time(), R"({"type":"TIME_WITHOUT_TIME_ZONE","precision":0})"},
      {DataType::time(3), R"({"type":"TIME_WITHOUT_TIME_ZONE","precision":3})"},
      {DataType::timestamp(), R"({"type":"TIMESTAMP_WITHOUT_TIME_ZONE","precision":6})"},
      {DataType::timestamp(3), R"({"type":"TIMESTAMP_WITHOUT_TIME_ZONE","precision":3})"},
      {DataType::timestamp_ltz(), R"({"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","precision":6})"},
      {DataType::timestamp_ltz(3), R"({"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","precision":3})"},
      {DataType::array(DataType::int_().not_null()),
       R"({"type":"ARRAY","element_type":{"type":"INTEGER","nullable":false}})"},
      {DataType::map(DataType::bigint().not_null(), DataType::int_().not_null()),
       R"({"type":"MAP","key_type":{"type":"BIGINT","nullable":false},"value_type":{"type":"INTEGER","nullable":false}})"},
      {DataType::row({field("f0", DataType::bigint()), field("f1", DataType::int_().not_null(), 1),
                      field("f2", DataType::string(), 2)}),
       R"({"type":"ROW","fields":[{"name":"f0","field_type":{"type":"BIGINT"},"field_id":-1},{"name":"f1","field_type":{"type":"INTEGER","nullable":false},"field_id":1},{"name":"f2","field_type":{"type":"STRING"},"field_id":2}]})"},
  };
  for (const auto& [type, json] : cases) {
    SCOPED_TRACE(type.to_string());
    expect_golden(type, json, data_type_from_json);
    // The NOT NULL twin carries "nullable":false right after "type".
    std::string not_null(json);
    not_null.insert(
        not_null.find(',') == std::string::npos ? not_null.size() - 1 : not_null.find(','),
        R"(,"nullable":false)");
    if (json.find(',') == std::string_view::npos) {
      not_null = std::string(json.substr(0, json.size() - 1)) + R"(,"nullable":false})";
    }
    expect_golden(type.not_null(), not_null, data_type_from_json);
  }
}

TEST(DataTypeJsonTest, RowFieldsMayLackIdsAndDescriptionsRoundTrip) {
  DataType row = value_or_throw(data_type_from_json(
      R"({"type":"ROW","nullable":false,"fields":[{"name":"f0","field_type":{"type":"BIGINT"}},{"name":"f1","field_type":{"type":"INTEGER","nullable":false},"field_id":1}]})"));
  EXPECT_EQ(row, DataType::row(
                     {field("f0", DataType::bigint()), field("f1", DataType::int_().not_null(), 1)})
                     .not_null());
  DataType described = DataType::row({field("a", DataType::string(), 3, "the \"a\"\n")});
  EXPECT_EQ(
      to_json(described),
      R"({"type":"ROW","fields":[{"name":"a","field_type":{"type":"STRING"},"description":"the \"a\"\n","field_id":3}]})");
  EXPECT_EQ(value_or_throw(data_type_from_json(to_json(described))), described);
}

TEST(ColumnJsonTest, MatchesFlussGoldenJson) {
  expect_golden(column("a", DataType::string()),
                R"({"name":"a","data_type":{"type":"STRING"},"id":-1})", column_from_json);
  expect_golden(column("b", DataType::int_(), "hello b"),
                R"({"name":"b","data_type":{"type":"INTEGER"},"comment":"hello b","id":-1})",
                column_from_json);
  expect_golden(
      column("d", DataType::int_().not_null(), "hello c", 2),
      R"({"name":"d","data_type":{"type":"INTEGER","nullable":false},"comment":"hello c","id":2})",
      column_from_json);
  expect_golden(
      column("e",
             DataType::row({field("f", DataType::string()), field("g", DataType::string(), 1)}),
             "hello c", 2),
      R"({"name":"e","data_type":{"type":"ROW","fields":[{"name":"f","field_type":{"type":"STRING"},"field_id":-1},{"name":"g","field_type":{"type":"STRING"},"field_id":1}]},"comment":"hello c","id":2})",
      column_from_json);
  // Older writers had no ids.
  EXPECT_EQ(value_or_throw(column_from_json(R"({"name":"a","data_type":{"type":"STRING"}})")),
            column("a", DataType::string()));
}

TEST(ColumnJsonTest, ReadsAggFunctionsLeniently) {
  Column c = value_or_throw(column_from_json(
      R"({"name":"s","data_type":{"type":"STRING"},"agg_function":{"type":"String-Agg","parameters":{"delimiter":1}},"id":4})"));
  ASSERT_TRUE(c.agg_function);
  EXPECT_EQ(c.agg_function->type, AggFunctionType::kStringAgg);
  EXPECT_EQ(c.agg_function->parameters.get("delimiter"), "1");
  // A function this version does not know is dropped, as Java does.
  c = value_or_throw(column_from_json(
      R"({"name":"s","data_type":{"type":"STRING"},"agg_function":{"type":"median"},"id":4})"));
  EXPECT_FALSE(c.agg_function);
}

Schema schema_0() {
  return value_or_throw(Schema::builder()
                            .column("a", DataType::int_())
                            .with_comment("a is first column")
                            .column("b", DataType::string())
                            .with_comment("b is second column")
                            .column("c", DataType::char_(10))
                            .with_comment("c is third column")
                            .primary_key({"a", "c"})
                            .build());
}

constexpr std::string_view kSchemaJson0 =
    R"({"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER","nullable":false},"comment":"a is first column","id":0},{"name":"b","data_type":{"type":"STRING"},"comment":"b is second column","id":1},{"name":"c","data_type":{"type":"CHAR","nullable":false,"length":10},"comment":"c is third column","id":2}],"primary_key":["a","c"],"highest_field_id":2})";

Schema schema_1() {
  return value_or_throw(Schema::builder()
                            .from_columns({column("a", DataType::int_()),
                                           column("b", DataType::string(), "b is second column"),
                                           column("c", DataType::timestamp(), "c is third column")})
                            .primary_key({"a"})
                            .build());
}

constexpr std::string_view kSchemaJson1 =
    R"({"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER","nullable":false},"id":0},{"name":"b","data_type":{"type":"STRING"},"comment":"b is second column","id":1},{"name":"c","data_type":{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","precision":6},"comment":"c is third column","id":2}],"primary_key":["a"],"highest_field_id":2})";

TEST(SchemaJsonTest, MatchesFlussGoldenJson) {
  expect_golden(schema_0(), kSchemaJson0, schema_from_json);
  expect_golden(schema_1(), kSchemaJson1, schema_from_json);
  expect_golden(value_or_throw(Schema::builder().from_schema(schema_1()).build()), kSchemaJson1,
                schema_from_json);

  expect_golden(
      value_or_throw(Schema::builder()
                         .column("a", DataType::bigint())
                         .with_comment("a is first column")
                         .column("b", DataType::string())
                         .with_comment("b is second column")
                         .column("c", DataType::timestamp(6))
                         .with_comment("c is third column")
                         .build()),
      R"({"version":1,"columns":[{"name":"a","data_type":{"type":"BIGINT"},"comment":"a is first column","id":0},{"name":"b","data_type":{"type":"STRING"},"comment":"b is second column","id":1},{"name":"c","data_type":{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","precision":6},"comment":"c is third column","id":2}],"highest_field_id":2})",
      schema_from_json);

  expect_golden(
      value_or_throw(Schema::builder()
                         .column("a", DataType::int_())
                         .with_comment("a is first column")
                         .column("b", DataType::int_())
                         .with_comment("b is second column")
                         .column("c", DataType::char_(10))
                         .with_comment("c is third column")
                         .primary_key({"a", "c"})
                         .enable_auto_increment("b")
                         .build()),
      R"({"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER","nullable":false},"comment":"a is first column","id":0},{"name":"b","data_type":{"type":"INTEGER"},"comment":"b is second column","id":1},{"name":"c","data_type":{"type":"CHAR","nullable":false,"length":10},"comment":"c is third column","id":2}],"primary_key":["a","c"],"auto_increment_column":["b"],"highest_field_id":2})",
      schema_from_json);

  // Nested field ids are renumbered after the column's own id.
  expect_golden(
      value_or_throw(
          Schema::builder()
              .column("a", DataType::int_())
              .with_comment("a is first column")
              .column("b", DataType::row({field("c", DataType::int_(), 0, "a is first column"),
                                          field("d", DataType::int_(), 1, "a is first column")}))
              .with_comment("b is second column")
              .build()),
      R"({"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER"},"comment":"a is first column","id":0},{"name":"b","data_type":{"type":"ROW","fields":[{"name":"c","field_type":{"type":"INTEGER"},"description":"a is first column","field_id":2},{"name":"d","field_type":{"type":"INTEGER"},"description":"a is first column","field_id":3}]},"comment":"b is second column","id":1}],"highest_field_id":3})",
      schema_from_json);
}

TEST(SchemaJsonTest, AggregationFunctionsMatchFlussGoldenJson) {
  auto agg = [](AggFunctionType type, Properties params = {}) {
    return AggFunction{.type = type, .parameters = std::move(params)};
  };
  Schema schema = value_or_throw(
      Schema::builder()
          .column("product_id", DataType::bigint().not_null())
          .column("total_sales", DataType::bigint(), agg(AggFunctionType::kSum))
          .column("max_price", DataType::decimal(10, 2), agg(AggFunctionType::kMax))
          .column("last_update_time", DataType::timestamp(),
                  agg(AggFunctionType::kLastValueIgnoreNulls))
          .column("tags", DataType::string(), agg(AggFunctionType::kListagg, {{"delimiter", ";"}}))
          .column("categories", DataType::string(),
                  agg(AggFunctionType::kStringAgg, {{"delimiter", "|"}}))
          .column("labels", DataType::string(), agg(AggFunctionType::kListagg))
          .primary_key({"product_id"})
          .build());
  expect_golden(
      schema,
      R"({"version":1,"columns":[{"name":"product_id","data_type":{"type":"BIGINT","nullable":false},"id":0},{"name":"total_sales","data_type":{"type":"BIGINT"},"agg_function":{"type":"sum"},"id":1},{"name":"max_price","data_type":{"type":"DECIMAL","precision":10,"scale":2},"agg_function":{"type":"max"},"id":2},{"name":"last_update_time","data_type":{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","precision":6},"agg_function":{"type":"last_value_ignore_nulls"},"id":3},{"name":"tags","data_type":{"type":"STRING"},"agg_function":{"type":"listagg","parameters":{"delimiter":";"}},"id":4},{"name":"categories","data_type":{"type":"STRING"},"agg_function":{"type":"string_agg","parameters":{"delimiter":"|"}},"id":5},{"name":"labels","data_type":{"type":"STRING"},"agg_function":{"type":"listagg"},"id":6}],"primary_key":["product_id"],"highest_field_id":6})",
      schema_from_json);
}

TEST(SchemaJsonTest, OldDocumentsWithoutIdsGetIdsInColumnOrder) {
  EXPECT_EQ(
      value_or_throw(schema_from_json(
          R"({"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER","nullable":false},"comment":"a is first column"},{"name":"b","data_type":{"type":"STRING"},"comment":"b is second column"},{"name":"c","data_type":{"type":"CHAR","nullable":false,"length":10},"comment":"c is third column"}],"primary_key":["a","c"]})")),
      schema_0());
  EXPECT_EQ(
      value_or_throw(schema_from_json(
          R"({"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER","nullable":false}},{"name":"b","data_type":{"type":"STRING"},"comment":"b is second column"},{"name":"c","data_type":{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","precision":6},"comment":"c is third column"}],"primary_key":["a"]})")),
      schema_1());
}

TEST(TableDescriptorJsonTest, MatchesFlussGoldenJsonIncludingHashMapOrder) {
  TableDescriptor first = value_or_throw(TableDescriptor::builder()
                                             .schema(schema_0())
                                             .comment("first table")
                                             .partitioned_by({"c"})
                                             .distributed_by(16, {"a"})
                                             .property("option-1", "100")
                                             .property("option-2", "200")
                                             .custom_property("custom-1", "\"value-1\"")
                                             .build());
  expect_golden(
      first,
      std::string(R"({"version":1,"schema":)") + std::string(kSchemaJson0) +
          R"(,"comment":"first table","partition_key":["c"],"bucket_key":["a"],"bucket_count":16,"properties":{"option-2":"200","option-1":"100"},"custom_properties":{"custom-1":"\"value-1\""}})",
      table_descriptor_from_json);

  TableDescriptor second = value_or_throw(TableDescriptor::builder()
                                              .schema(schema_1())
                                              .distributed_by(32)
                                              .property("option-3", "300")
                                              .property("option-4", "400")
                                              .log_format(LogFormat::kIndexed)
                                              .kv_format(KvFormat::kIndexed)
                                              .build());
  // A PK table's empty bucket key becomes its physical primary key.
  EXPECT_EQ(second.bucket_keys(), std::vector<std::string>{"a"});
  expect_golden(
      second,
      std::string(R"({"version":1,"schema":)") + std::string(kSchemaJson1) +
          R"(,"partition_key":[],"bucket_key":["a"],"bucket_count":32,"properties":{"option-3":"300","option-4":"400","table.log.format":"INDEXED","table.kv.format":"INDEXED"},"custom_properties":{}})",
      table_descriptor_from_json);
}

TEST(TableDescriptorJsonTest, ReaderToleratesAbsentOptionalKeysAndNumericValues) {
  TableDescriptor d = value_or_throw(table_descriptor_from_json(
      R"({"schema":{"columns":[{"name":"a","data_type":{"type":"INTEGER"}}]},"bucket_count":4,"properties":{"table.replication.factor":3,"table.datalake.enabled":true}})"));
  EXPECT_EQ(d.bucket_count(), 4);
  EXPECT_TRUE(d.bucket_keys().empty());
  EXPECT_TRUE(d.partition_keys().empty());
  EXPECT_EQ(d.properties().get("table.replication.factor"), "3");
  EXPECT_EQ(d.properties().get("table.datalake.enabled"), "true");
  EXPECT_EQ(d.schema().highest_field_id(), 0);
  // No distribution at all on a log table stays absent.
  d = value_or_throw(table_descriptor_from_json(
      R"({"schema":{"columns":[{"name":"a","data_type":{"type":"INTEGER"}}]}})"));
  EXPECT_FALSE(d.distribution());
  EXPECT_EQ(
      to_json(d),
      R"({"version":1,"schema":{"version":1,"columns":[{"name":"a","data_type":{"type":"INTEGER"},"id":0}],"highest_field_id":0},"partition_key":[],"properties":{},"custom_properties":{}})");
}

TEST(TableDescriptorJsonTest, WriterEscapesAsJackson) {
  TableDescriptor d = value_or_throw(
      TableDescriptor::builder()
          .schema(value_or_throw(Schema::builder().column("a", DataType::int_()).build()))
          .comment(std::string("q\"b\\s/\x01\x1f\t\n\r\b\f\xC3\xA9\x7f"))
          .build());
  EXPECT_EQ(to_json(d).substr(0, 0), "");
  EXPECT_THAT(
      to_json(d),
      testing::HasSubstr("\"comment\":\"q\\\"b\\\\s/\\u0001\\u001F\\t\\n\\r\\b\\f\xC3\xA9\x7f\""));
  EXPECT_EQ(value_or_throw(table_descriptor_from_json(to_json(d))), d);
}

TEST(DatabaseDescriptorJsonTest, MatchesFlussShape) {
  DatabaseDescriptor d{.comment = "db comment", .custom_properties = {{"k1", "v1"}, {"k2", "v2"}}};
  expect_golden(d,
                R"({"version":1,"comment":"db comment","custom_properties":{"k1":"v1","k2":"v2"}})",
                database_descriptor_from_json);
  expect_golden(DatabaseDescriptor{}, R"({"version":1,"custom_properties":{}})",
                database_descriptor_from_json);
  EXPECT_THAT(database_descriptor_from_json("[1]"), StatusIs(ErrorCode::kInvalidDatabaseException));
  EXPECT_THAT(database_descriptor_from_json(R"({"comment":5})"),
              StatusIsWith(ErrorCode::kInvalidDatabaseException, "'comment' is not a string"));
}

TEST(PropertiesTest, IteratesInJavaHashMapOrder) {
  EXPECT_EQ(java_string_hash(""), 0);
  EXPECT_EQ(java_string_hash("a"), 97);
  EXPECT_EQ(java_string_hash("hello"), 99162322);
  EXPECT_EQ(java_string_hash("\xC3\xA9"), 0xE9);                          // one UTF-16 unit
  EXPECT_EQ(java_string_hash("\xF0\x9F\x98\x80"), 0xD83D * 31 + 0xDE00);  // a surrogate pair
  Properties p{{"option-1", "100"}, {"option-2", "200"}};
  auto order = p.java_hash_map_order();
  ASSERT_EQ(order.size(), 2u);
  EXPECT_EQ(order[0]->first, "option-2");
  EXPECT_EQ(p, (Properties{{"option-2", "200"}, {"option-1", "100"}}));
  EXPECT_NE(p, (Properties{{"option-2", "200"}}));
}

// ---------------------------------------------------------------------------------------
// Random round trip.

class RandomSchemas {
 public:
  explicit RandomSchemas(uint64_t seed) : rng_(seed) {}

  DataType type(int depth = 0) {
    const int pick = static_cast<int>(rng_() % (depth < 3 ? 19 : 16));
    DataType t;
    switch (pick) {
      case 0:
        t = DataType::boolean();
        break;
      case 1:
        t = DataType::tinyint();
        break;
      case 2:
        t = DataType::smallint();
        break;
      case 3:
        t = DataType::int_();
        break;
      case 4:
        t = DataType::bigint();
        break;
      case 5:
        t = DataType::float_();
        break;
      case 6:
        t = DataType::double_();
        break;
      case 7:
        t = DataType::char_(1 + static_cast<int>(rng_() % 300));
        break;
      case 8:
        t = DataType::string();
        break;
      case 9:
        t = DataType::binary(1 + static_cast<int>(rng_() % 300));
        break;
      case 10:
        t = DataType::bytes();
        break;
      case 11: {
        const int p = 1 + static_cast<int>(rng_() % 38);
        t = DataType::decimal(p, static_cast<int>(rng_() % (p + 1)));
        break;
      }
      case 12:
        t = DataType::date();
        break;
      case 13:
        t = DataType::time(static_cast<int>(rng_() % 10));
        break;
      case 14:
        t = DataType::timestamp(static_cast<int>(rng_() % 10));
        break;
      case 15:
        t = DataType::timestamp_ltz(static_cast<int>(rng_() % 10));
        break;
      case 16:
        t = DataType::array(type(depth + 1));
        break;
      case 17:
        t = DataType::map(type(depth + 1), type(depth + 1));
        break;
      default: {
        std::vector<DataField> fields;
        const int n = 1 + static_cast<int>(rng_() % 3);
        for (int i = 0; i < n; ++i) {
          std::optional<std::string> description;
          if (rng_() % 2) description = text();
          fields.push_back(field(fmt::format("f{}", i), type(depth + 1), -1, description));
        }
        t = DataType::row(std::move(fields));
      }
    }
    return rng_() % 3 == 0 ? t.not_null() : t;
  }

  // Any bytes a UTF-8 JSON string can hold, escapes included.
  std::string text() {
    static const std::vector<std::string> kPieces = {
        "a", "Z",  "_",    " ",        "\"",           "\\",
        "/", "\n", "\x01", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
        "0"};
    std::string s;
    const int n = static_cast<int>(rng_() % 6);
    for (int i = 0; i < n; ++i) s += kPieces[rng_() % kPieces.size()];
    return s;
  }

  TableDescriptor descriptor() {
    Schema::Builder b = Schema::builder();
    const int n = 1 + static_cast<int>(rng_() % 6);
    for (int i = 0; i < n; ++i) {
      b.column(fmt::format("c{}", i), type());
      if (rng_() % 2) b.with_comment(text());
    }
    const bool pk = rng_() % 2;
    if (pk) b.primary_key({"c0"});
    Schema schema = value_or_throw(b.build());
    TableDescriptor::Builder d = TableDescriptor::builder();
    d.schema(schema);
    if (rng_() % 2) d.comment(text());
    if (rng_() % 2) {
      std::vector<std::string> bucket_keys;
      if (!pk && rng_() % 2) bucket_keys.push_back(fmt::format("c{}", rng_() % n));
      d.distributed_by(rng_() % 2 ? std::optional<int32_t>(1 + rng_() % 64) : std::nullopt,
                       bucket_keys);
    }
    const int props = static_cast<int>(rng_() % 20);
    for (int i = 0; i < props; ++i) d.property(fmt::format("table.p{}", rng_() % 40), text());
    for (int i = 0; i < props / 2; ++i) d.custom_property(text(), text());
    return value_or_throw(d.build());
  }

 private:
  std::mt19937_64 rng_;
};

TEST(JsonRoundTripTest, RandomDescriptorsSurviveWriteAndRead) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  RandomSchemas random(seed);
  for (int i = 0; i < 300; ++i) {
    TableDescriptor d = random.descriptor();
    const std::string json = to_json(d);
    Result<TableDescriptor> back = table_descriptor_from_json(json);
    ASSERT_OK(back);
    ASSERT_EQ(*back, d) << json;
    ASSERT_EQ(to_json(*back), json);
    ASSERT_EQ(value_or_throw(schema_from_json(to_json(d.schema()))), d.schema());
    for (const Column& c : d.schema().columns()) {
      ASSERT_EQ(value_or_throw(data_type_from_json(to_json(c.type))), c.type) << to_json(c.type);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Malformed documents.

TEST(JsonMalformedTest, RejectsBrokenSyntaxWithInvalidTable) {
  for (std::string_view bad :
       {"", "{", "nul", "{\"schema\":}", "[]", "42", "\"s\"",
        "{\"schema\":{\"columns\":[]}} trailing", "{\"a\":\"\xC3\"}" /* invalid UTF-8 */}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(table_descriptor_from_json(bad), StatusIsWith(ErrorCode::kInvalidTableException,
                                                              "Failed to parse table descriptor"));
  }
}

TEST(JsonMalformedTest, EveryTruncationAndBitFlipIsRejectedOrStillConsistent) {
  const std::string json = to_json(value_or_throw(TableDescriptor::builder()
                                                      .schema(schema_0())
                                                      .comment("first table")
                                                      .partitioned_by({"c"})
                                                      .distributed_by(16, {"a"})
                                                      .property("option-1", "100")
                                                      .build()));
  for (size_t n = 0; n < json.size(); ++n) {
    EXPECT_THAT(table_descriptor_from_json(json.substr(0, n)),
                StatusIs(ErrorCode::kInvalidTableException))
        << "prefix of " << n << " bytes";
  }
  int accepted = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = json;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      Result<TableDescriptor> d = table_descriptor_from_json(flipped);
      if (!d.ok()) {
        ASSERT_THAT(d, StatusIs(ErrorCode::kInvalidTableException)) << flipped;
        continue;
      }
      // A flip inside a string value can still be a valid document: it must round-trip.
      ++accepted;
      ASSERT_EQ(value_or_throw(table_descriptor_from_json(to_json(*d))), *d) << flipped;
    }
  }
  EXPECT_GT(accepted, 0);
}

TEST(JsonMalformedTest, NamesTheOffendingKey) {
  const std::string cols = R"({"schema":{"columns":[{"name":"a","data_type":)";
  struct Case {
    std::string json;
    std::string message;
  };
  const std::vector<Case> cases = {
      {R"({"partition_key":[]})", "missing required key 'schema'"},
      {R"({"schema":{}})", "missing required key 'schema.columns'"},
      {R"({"schema":{"columns":{}}})", "'schema.columns' is not an array"},
      {R"({"schema":{"columns":[1]}})", "'schema.columns[0]' is not an object"},
      {R"({"schema":{"columns":[{"data_type":{"type":"INTEGER"}}]}})",
       "missing required key 'schema.columns[0].name'"},
      {cols + R"({"type":"INT"}}]}})",
       "'schema.columns[0].data_type.type' is an unknown data type 'INT'"},
      {cols + R"({"type":"CHAR"}}]}})",
       "missing required key 'schema.columns[0].data_type.length'"},
      {cols + R"({"type":"CHAR","length":0}}]}})", "'schema.columns[0].data_type.length' of CHAR"},
      {cols + R"({"type":"CHAR","length":"3"}}]}})", "is not an integer"},
      {cols + R"({"type":"BINARY","length":4294967296}}]}})", "out of the INT range"},
      {cols + R"({"type":"DECIMAL","precision":39,"scale":0}}]}})", "precision' of DECIMAL"},
      {cols + R"({"type":"DECIMAL","precision":5,"scale":6}}]}})", "scale' of DECIMAL"},
      {cols + R"({"type":"TIMESTAMP_WITHOUT_TIME_ZONE","precision":10}}]}})", "precision"},
      {cols + R"({"type":"INTEGER","nullable":"no"}}]}})", "nullable' is not a boolean"},
      {cols + R"({"type":"ARRAY"}}]}})",
       "missing required key 'schema.columns[0].data_type.element_type'"},
      {cols + R"({"type":"MAP","key_type":{"type":"INTEGER"}}}]}})", "value_type"},
      {cols +
           R"({"type":"ROW","fields":[{"name":"x","field_type":{"type":"INTEGER"}},{"name":"x","field_type":{"type":"INTEGER"}}]}}]}})",
       "repeats the field name 'x'"},
      {R"({"schema":{"columns":[]},"partition_key":"a"})", "'partition_key' is not an array"},
      {R"({"schema":{"columns":[]},"partition_key":[1]})", "'partition_key[0]' is not a string"},
      {R"({"schema":{"columns":[]},"properties":[]})", "'properties' is not an object"},
      {R"({"schema":{"columns":[]},"bucket_count":1.5})", "'bucket_count' is not an integer"},
      {R"({"schema":{"columns":[]},"comment":{}})", "'comment' is not a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    EXPECT_THAT(table_descriptor_from_json(c.json),
                StatusIsWith(ErrorCode::kInvalidTableException, c.message));
  }
}

TEST(JsonMalformedTest, RefusesDeepNesting) {
  std::string json = R"({"schema":{"columns":[{"name":"a","data_type":)";
  for (int i = 0; i < 100; ++i) json += R"({"type":"ARRAY","element_type":)";
  json += R"({"type":"INTEGER"})";
  for (int i = 0; i < 100; ++i) json += "}";
  json += "}]}}";
  EXPECT_THAT(table_descriptor_from_json(json),
              StatusIsWith(ErrorCode::kInvalidTableException, "deeper than"));
  // Deep but non-type nesting is the parser's business and must not crash either.
  EXPECT_THAT(table_descriptor_from_json(std::string(100000, '[')),
              StatusIs(ErrorCode::kInvalidTableException));
}

TEST(JsonMalformedTest, InconsistentSchemasAreInvalidTables) {
  EXPECT_THAT(
      schema_from_json(
          R"({"columns":[{"name":"a","data_type":{"type":"INTEGER"},"id":0},{"name":"a","data_type":{"type":"INTEGER"},"id":1}]})"),
      StatusIsWith(ErrorCode::kInvalidTableException, "must not contain duplicate fields"));
  EXPECT_THAT(
      schema_from_json(
          R"({"columns":[{"name":"a","data_type":{"type":"INTEGER"},"id":0},{"name":"b","data_type":{"type":"INTEGER"}}]})"),
      StatusIsWith(ErrorCode::kInvalidTableException, "All columns must have columnId"));
  EXPECT_THAT(
      schema_from_json(
          R"({"columns":[{"name":"a","data_type":{"type":"INTEGER"}}],"primary_key":["b"]})"),
      StatusIsWith(ErrorCode::kInvalidTableException,
                   "should include all primary key constraint [b]"));
  EXPECT_THAT(
      schema_from_json(
          R"({"columns":[{"name":"a","data_type":{"type":"INTEGER"},"id":5}],"highest_field_id":2})"),
      StatusIsWith(ErrorCode::kInvalidTableException, "Highest field ID (2)"));
  EXPECT_THAT(
      table_descriptor_from_json(
          R"({"schema":{"columns":[{"name":"a","data_type":{"type":"INTEGER"}}]},"partition_key":["x"]})"),
      StatusIsWith(ErrorCode::kInvalidTableException,
                   "Partition key 'x' does not exist in the schema."));
}

}  // namespace
}  // namespace fluss
