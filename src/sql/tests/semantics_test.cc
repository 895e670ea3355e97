// SPDX-License-Identifier: Apache-2.0
// CREATE TABLE translation, VALUES typing and the WHERE analyser.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sql/expression_evaluator.h"
#include "sql/parser.h"
#include "sql/table_conversion.h"
#include "sql/where_analyzer.h"
#include "test_utils/status_matchers.h"

namespace fluss::sql {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

CreateTableStatement create_table(std::string_view sql) {
  Result<Statement> s = parse_statement(sql);
  EXPECT_TRUE((s.status()).ok()) << (s.status()) << " " << sql;
  return std::get<CreateTableStatement>(std::move(s).value());
}

TableDescriptor descriptor(std::string_view sql) {
  Result<TableDescriptor> d = to_table_descriptor(create_table(sql));
  EXPECT_TRUE((d.status()).ok()) << (d.status()) << " " << sql;
  return std::move(d).value();
}

TEST(TableConversionTest, QuickstartPrimaryKeyTable) {
  TableDescriptor d = descriptor(
      "CREATE TABLE pk_table (shop_id BIGINT, user_id BIGINT, num_orders INT, PRIMARY KEY "
      "(shop_id, user_id) NOT ENFORCED) WITH ('bucket.num' = '4');");
  EXPECT_THAT(d.schema().column_names(), ElementsAre("shop_id", "user_id", "num_orders"));
  EXPECT_THAT(d.schema().primary_key_column_names(), ElementsAre("shop_id", "user_id"));
  // Primary-key columns become NOT NULL.
  EXPECT_EQ(d.schema().columns()[0].type, DataType::bigint().not_null());
  EXPECT_EQ(d.bucket_count(), 4);
  EXPECT_THAT(d.bucket_keys(), ElementsAre("shop_id", "user_id"));
  EXPECT_TRUE(d.properties().empty());
  EXPECT_TRUE(d.custom_properties().empty());
}

TEST(TableConversionTest, OptionsSplitIntoDistributionPropertiesAndCustomProperties) {
  TableDescriptor d = descriptor(
      "CREATE TABLE t (id BIGINT COMMENT 'the id', dt STRING, v STRING, "
      "PRIMARY KEY (id, dt) NOT ENFORCED) COMMENT 'tbl' PARTITIONED BY (dt) "
      "WITH ('bucket.num' = '3', 'table.auto-partition.enabled' = 'true', "
      "'table.auto-partition.time-unit' = 'day', 'scan.startup.mode' = 'earliest')");
  EXPECT_EQ(d.comment(), "tbl");
  EXPECT_EQ(d.schema().columns()[0].comment, "the id");
  EXPECT_THAT(d.partition_keys(), ElementsAre("dt"));
  EXPECT_THAT(d.bucket_keys(), ElementsAre("id"));  // primary key minus partition keys
  EXPECT_EQ(d.bucket_count(), 3);
  EXPECT_EQ(d.properties(), (Properties{{"table.auto-partition.enabled", "true"},
                                        {"table.auto-partition.time-unit", "day"}}));
  EXPECT_EQ(d.custom_properties(), (Properties{{"scan.startup.mode", "earliest"}}));
}

TEST(TableConversionTest, LogTableWithBucketKeyAndAutoIncrement) {
  TableDescriptor d = descriptor(
      "CREATE TABLE log (a INT, b STRING) WITH ('bucket.key' = ' a ', 'bucket.num' = '2')");
  EXPECT_FALSE(d.has_primary_key());
  EXPECT_THAT(d.bucket_keys(), ElementsAre("a"));

  TableDescriptor ai = descriptor(
      "CREATE TABLE t (id BIGINT, uid BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH "
      "('auto-increment.fields' = 'uid')");
  EXPECT_THAT(ai.schema().auto_increment_column_names(), ElementsAre("uid"));
  EXPECT_EQ(ai.custom_properties(), (Properties{{"auto-increment.fields", "uid"}}));
  EXPECT_FALSE(ai.bucket_count());
}

TEST(TableConversionTest, AggregationMergeEngineReadsColumnFunctions) {
  TableDescriptor d = descriptor(
      "CREATE TABLE agg (id BIGINT, total BIGINT, tags STRING, other INT, PRIMARY KEY (id) NOT "
      "ENFORCED) WITH ('table.merge-engine' = 'aggregation', 'fields.total.agg' = 'SUM', "
      "'fields.tags.agg' = 'listagg', 'fields.tags.listagg.delimiter' = '|')");
  const std::vector<Column>& columns = d.schema().columns();
  EXPECT_FALSE(columns[0].agg_function);
  ASSERT_TRUE(columns[1].agg_function);
  EXPECT_EQ(columns[1].agg_function->type, AggFunctionType::kSum);
  ASSERT_TRUE(columns[2].agg_function);
  EXPECT_EQ(columns[2].agg_function->type, AggFunctionType::kListagg);
  EXPECT_EQ(columns[2].agg_function->parameters, (Properties{{"delimiter", "|"}}));
  EXPECT_FALSE(columns[3].agg_function);
  EXPECT_TRUE(d.custom_properties().contains("fields.total.agg"));

  // Without the aggregation merge engine the options are only custom properties.
  TableDescriptor plain = descriptor(
      "CREATE TABLE t (id BIGINT, total BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH "
      "('fields.total.agg' = 'sum')");
  EXPECT_FALSE(plain.schema().columns()[1].agg_function);

  Result<TableDescriptor> unknown = to_table_descriptor(
      create_table("CREATE TABLE t (id BIGINT, v BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH "
                   "('table.merge-engine' = 'aggregation', 'fields.v.agg' = 'median')"));
  EXPECT_THAT(unknown.status(),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "Unknown aggregation function for column 'v': median"));
}

TEST(TableConversionTest, ErrorsNameTheProblem) {
  auto error = [](std::string_view sql) {
    Result<TableDescriptor> d = to_table_descriptor(create_table(sql));
    EXPECT_FALSE(d.ok()) << sql;
    return d.status();
  };
  EXPECT_THAT(error("CREATE TABLE t (a INT) WITH ('bucket.num' = 'four')"),
              StatusIsWith(ErrorCode::kInvalidConfigException,
                           "option 'bucket.num' must be a positive integer, not 'four'"));
  EXPECT_THAT(error("CREATE TABLE t (a INT) WITH ('connector' = 'kafka')"),
              StatusIs(ErrorCode::kInvalidConfigException));
  EXPECT_THAT(error("CREATE TABLE t (a INT, PRIMARY KEY (b) NOT ENFORCED)"),
              StatusIs(ErrorCode::kInvalidTableException));
  EXPECT_THAT(error("CREATE TABLE t (a INT) PARTITIONED BY (zz)"),
              StatusIs(ErrorCode::kInvalidTableException));
}

TEST(TableConversionTest, ShowCreateTableRoundTrips) {
  const char* statements[] = {
      "CREATE TABLE pk_table (shop_id BIGINT, user_id BIGINT, num_orders INT, PRIMARY KEY "
      "(shop_id, user_id) NOT ENFORCED) WITH ('bucket.num' = '4')",
      "CREATE TABLE t (id BIGINT COMMENT 'it''s', dt STRING, `odd``name` ARRAY<ROW<a INT NOT "
      "NULL, b MAP<STRING, DECIMAL(20, 3)>>>, ts TIMESTAMP(3), ltz TIMESTAMP_LTZ(9), c CHAR(3), "
      "bin BINARY(4), raw BYTES, d DATE, tm TIME(3), f FLOAT, x DOUBLE, s SMALLINT, ti TINYINT, "
      "ok BOOLEAN, seq BIGINT, PRIMARY KEY (id, dt) NOT ENFORCED) COMMENT 'tbl' PARTITIONED BY "
      "(dt) WITH "
      "('table.auto-partition.enabled' = 'true', 'k' = 'v', 'auto-increment.fields' = 'seq')",
      "CREATE TABLE log (a INT, b STRING) WITH ('bucket.key' = 'a,b')",
  };
  for (const char* sql : statements) {
    TableDescriptor d = descriptor(sql);
    std::string shown = to_create_table_sql("db.t", d);
    SCOPED_TRACE(shown);
    TableDescriptor again = descriptor(shown);
    EXPECT_EQ(again, d);
    EXPECT_EQ(to_create_table_sql("db.t", again), shown);
  }
  EXPECT_EQ(to_create_table_sql("t", descriptor("CREATE TABLE t (k INT, v STRING COMMENT 'c', "
                                                "PRIMARY KEY (k) NOT ENFORCED) WITH "
                                                "('bucket.num' = '2')")),
            "CREATE TABLE t (\n"
            "  `k` INT NOT NULL,\n"
            "  `v` STRING COMMENT 'c',\n"
            "  CONSTRAINT `PK_k` PRIMARY KEY (`k`) NOT ENFORCED\n"
            ")\n"
            "WITH (\n"
            "  'bucket.num' = '2',\n"
            "  'bucket.key' = 'k'\n"
            ")");
}

Schema schema_of(std::string_view sql) { return descriptor(sql).schema(); }

InsertStatement insert_of(std::string_view sql) {
  Result<Statement> s = parse_statement(sql);
  EXPECT_TRUE((s.status()).ok()) << (s.status()) << " " << sql;
  return std::get<InsertStatement>(std::move(s).value());
}

Result<Datum> value_as(std::string_view expr, const DataType& type) {
  Result<ExprPtr> e = parse_expression(expr);
  if (!e.ok()) return e.status();
  return evaluate_constant(**e, type, "c");
}

TEST(ValuesTypingTest, QuickstartRow) {
  Schema schema = schema_of(
      "CREATE TABLE pk_table (shop_id BIGINT, user_id BIGINT, num_orders INT, PRIMARY KEY "
      "(shop_id, user_id) NOT ENFORCED)");
  Result<InsertRows> rows =
      evaluate_insert(insert_of("INSERT INTO pk_table VALUES (1234, 1234, 1);"), schema);
  ASSERT_OK(rows.status());
  EXPECT_THAT(rows->target_columns, IsEmpty());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0],
            GenericRow({Datum(int64_t{1234}), Datum(int64_t{1234}), Datum(int32_t{1})}));
}

TEST(ValuesTypingTest, EveryScalarType) {
  auto expect_value = [](std::string_view expr, const DataType& type, const Datum& want) {
    Result<Datum> got = value_as(expr, type);
    ASSERT_TRUE((got.status()).ok()) << (got.status()) << " " << expr << " as " << type;
    EXPECT_TRUE(datum_equals(*got, want)) << expr << " as " << type << ": " << datum_to_string(*got)
                                          << " vs " << datum_to_string(want);
  };
  expect_value("TRUE", DataType::boolean(), Datum(true));
  expect_value("NOT FALSE AND 1 < 2", DataType::boolean(), Datum(true));
  expect_value("-128", DataType::tinyint(), Datum(int8_t{-128}));
  expect_value("32767", DataType::smallint(), Datum(int16_t{32767}));
  expect_value("2 * (3 + 4)", DataType::int_(), Datum(int32_t{14}));
  expect_value("-9223372036854775808", DataType::bigint(), Datum(INT64_MIN));
  expect_value("7 / 2", DataType::int_(), Datum(int32_t{3}));
  expect_value("1.0", DataType::int_(), Datum(int32_t{1}));
  expect_value("1.5", DataType::float_(), Datum(1.5f));
  expect_value("1.5e3", DataType::double_(), Datum(1500.0));
  expect_value("7 / 2.0", DataType::double_(), Datum(3.5));
  expect_value("12.345", DataType::decimal(5, 2), Datum(Decimal{1235, 5, 2}));
  expect_value("-12.344", DataType::decimal(5, 2), Datum(Decimal{-1234, 5, 2}));
  expect_value("1.25e0", DataType::decimal(4, 1), Datum(Decimal{13, 4, 1}));
  expect_value("'ab'", DataType::char_(2), Datum(std::string("ab")));
  expect_value("'héllo'", DataType::string(), Datum(std::string("héllo")));
  expect_value("X'0aff'", DataType::binary(2), Datum(Binary{std::string("\x0a\xff", 2)}));
  expect_value("'raw'", DataType::bytes(), Datum(Binary{"raw"}));
  expect_value("DATE '1970-01-02'", DataType::date(), Datum(int32_t{1}));
  expect_value("'2000-03-01'", DataType::date(), Datum(int32_t{11017}));
  expect_value("TIME '01:00:00.5'", DataType::time(3), Datum(int32_t{3'600'500}));
  expect_value("TIMESTAMP '1970-01-01 00:00:01.123456789'", DataType::timestamp(9),
               Datum(TimestampNtz{1123, 456789}));
  expect_value("'1970-01-01T00:00:01.123456789'", DataType::timestamp(3),
               Datum(TimestampNtz{1123, 0}));
  expect_value("TIMESTAMP '1969-12-31 23:59:59.5'", DataType::timestamp(0),
               Datum(TimestampNtz{-1000, 0}));
  expect_value("'1970-01-02 00:00:00'", DataType::timestamp_ltz(6),
               Datum(TimestampLtz{86'400'000, 0}));
  expect_value("NULL", DataType::int_(), Datum(Null{}));
  expect_value("CAST('12' AS STRING)", DataType::string(), Datum(std::string("12")));
  expect_value("CAST(3 AS BIGINT) + 1", DataType::bigint(), Datum(int64_t{4}));
}

TEST(ValuesTypingTest, NestedTypes) {
  DataType row = DataType::row(
      {DataField{"x", DataType::int_()}, DataField{"y", DataType::array(DataType::string())}});
  Result<Datum> got = value_as("ROW(1, ARRAY['a', NULL])", row);
  ASSERT_OK(got.status());
  EXPECT_EQ(datum_to_string(*got),
            datum_to_string(Datum(std::make_shared<const GenericRow>(std::vector<Datum>{
                Datum(int32_t{1}), Datum(std::make_shared<const GenericArray>(std::vector<Datum>{
                                       Datum(std::string("a")), Datum(Null{})}))}))));
  Result<Datum> map =
      value_as("MAP['k', 1, 'j', 2]", DataType::map(DataType::string(), DataType::bigint()));
  ASSERT_OK(map.status());
  const auto& m = std::get<std::shared_ptr<const GenericMap>>(*map);
  EXPECT_EQ(m->size(), 2u);
  EXPECT_THAT(value_as("ARRAY[1, 'x']", DataType::array(DataType::int_())).status(),
              StatusIsWith(kSqlErrorCode, "column 'c[2]' (INT): cannot assign 'x' (a string)"));
  EXPECT_THAT(value_as("ROW(1)", row).status(),
              StatusIsWith(kSqlErrorCode, "ROW(...) has 1 values for 2 fields"));
}

TEST(ValuesTypingTest, MismatchesNameTheColumnAndValue) {
  auto message = [](std::string_view expr, const DataType& type) {
    Result<Datum> got = value_as(expr, type);
    EXPECT_FALSE(got.ok()) << expr;
    return std::string(got.status().message());
  };
  EXPECT_EQ(message("300", DataType::tinyint()), "column 'c' (TINYINT): 300 is out of range");
  EXPECT_EQ(message("1.5", DataType::int_()), "column 'c' (INT): 1.5 is not an integer");
  EXPECT_EQ(message("'abc'", DataType::int_()), "column 'c' (INT): cannot assign 'abc' (a string)");
  EXPECT_EQ(message("NULL", DataType::int_().not_null()),
            "column 'c' (INT NOT NULL): NULL is not allowed: it is NOT NULL");
  EXPECT_EQ(message("1000.5", DataType::decimal(4, 1)),
            "column 'c' (DECIMAL(4, 1)): 1000.5 does not fit");
  EXPECT_EQ(message("'abc'", DataType::char_(2)),
            "column 'c' (CHAR(2)): 'abc' is longer than 2 characters");
  EXPECT_EQ(message("'2024-02-30'", DataType::date()),
            "column 'c' (DATE): '2024-02-30' is not a date 'yyyy-mm-dd'");
  EXPECT_EQ(message("1", DataType::boolean()), "column 'c' (BOOLEAN): cannot assign 1");
  EXPECT_THAT(message("1 / 0", DataType::int_()), HasSubstr("division by zero"));
  EXPECT_THAT(message("a + 1", DataType::int_()),
              HasSubstr("column 'a' cannot be used here: a constant is expected"));
  EXPECT_THAT(message("99999999999999999999999999999999999999 * 10", DataType::decimal(38, 0)),
              HasSubstr("numeric overflow"));
  EXPECT_THAT(message("'a' + 1", DataType::int_()), HasSubstr("cannot apply '+'"));
  // 38-digit values: rescaling or adding past 38 digits is an error, never an overflow.
  const std::string big = "99999999999999999999999999999999999999";
  EXPECT_EQ(message(big, DataType::decimal(38, 10)),
            fmt::format("column 'c' (DECIMAL(38, 10)): {} does not fit", big));
  EXPECT_THAT(message(big + " + " + big, DataType::decimal(38, 0)),
              HasSubstr("numeric overflow in '+'"));
  EXPECT_THAT(message("-" + big + " - " + big, DataType::decimal(38, 0)),
              HasSubstr("numeric overflow in '-'"));
  EXPECT_THAT(message(big + " + 0.5", DataType::decimal(38, 0)),
              HasSubstr("numeric overflow in '+'"));
  EXPECT_THAT(message("1e300", DataType::float_()), HasSubstr("1e+300 is out of range"));
  Result<Datum> compared = value_as(big + " > 0.5", DataType::boolean());
  ASSERT_TRUE(compared.ok()) << compared.status();
  EXPECT_TRUE(datum_equals(*compared, Datum(true)));
}

TEST(ValuesTypingTest, ColumnListsAndRowErrors) {
  Schema schema = schema_of(
      "CREATE TABLE t (k INT, a STRING, b BIGINT NOT NULL, c DOUBLE, PRIMARY KEY (k) NOT "
      "ENFORCED)");
  Result<InsertRows> partial =
      evaluate_insert(insert_of("INSERT INTO t (b, k) VALUES (5, 1), (6, 2)"), schema);
  ASSERT_OK(partial.status());
  EXPECT_THAT(partial->target_columns, ElementsAre(2, 0));
  EXPECT_EQ(partial->rows[1],
            GenericRow({Datum(int32_t{2}), Datum(Null{}), Datum(int64_t{6}), Datum(Null{})}));

  EXPECT_THAT(evaluate_insert(insert_of("INSERT INTO t (k, zz) VALUES (1, 2)"), schema).status(),
              StatusIsWith(ErrorCode::kInvalidTargetColumn, "table t has no column 'zz'"));
  EXPECT_THAT(evaluate_insert(insert_of("INSERT INTO t (b) VALUES (1)"), schema).status(),
              StatusIsWith(ErrorCode::kInvalidTargetColumn, "'k' is missing"));
  EXPECT_THAT(evaluate_insert(insert_of("INSERT INTO t (k, a) VALUES (1, 'x')"), schema).status(),
              StatusIsWith(kSqlErrorCode, "column 'b' is NOT NULL and must be given"));
  EXPECT_THAT(evaluate_insert(insert_of("INSERT INTO t VALUES (1, 'x', 2)"), schema).status(),
              StatusIsWith(kSqlErrorCode, "row 1 has 3 values but 4 columns are written"));
  EXPECT_THAT(
      evaluate_insert(insert_of("INSERT INTO t VALUES (1, 'x', 2, 0.5), (2, 'y', 'z', 1)"), schema)
          .status(),
      StatusIsWith(kSqlErrorCode, "row 2: column 'b' (BIGINT NOT NULL): cannot assign 'z'"));
}

struct Table {
  Schema schema;
  std::vector<std::string> partition_keys;
  std::vector<std::string> bucket_keys;
};

Table table_of(std::string_view sql) {
  TableDescriptor d = descriptor(sql);
  return Table{d.schema(), d.partition_keys(), d.bucket_keys()};
}

Result<WhereAnalysis> analyze(const Table& t, std::string_view where) {
  Result<ExprPtr> e = parse_expression(where);
  if (!e.ok()) return e.status();
  return analyze_where(e->get(), t.schema, t.partition_keys, t.bucket_keys);
}

TEST(WhereAnalyzerTest, EqualityOnTheWholePrimaryKeyIsALookup) {
  Table t = table_of(
      "CREATE TABLE pk_table (shop_id BIGINT, user_id BIGINT, num_orders INT, PRIMARY KEY "
      "(shop_id, user_id) NOT ENFORCED)");
  Result<WhereAnalysis> a = analyze(t, "user_id = 7 AND 1234 = shop_id AND num_orders > 1");
  ASSERT_OK(a.status());
  EXPECT_EQ(a->path, AccessPath::kLookup);
  EXPECT_THAT(a->key_columns, ElementsAre("shop_id", "user_id"));
  EXPECT_EQ(a->key, GenericRow({Datum(int64_t{1234}), Datum(int64_t{7})}));
  ASSERT_EQ(a->residual.size(), 1u);
  EXPECT_EQ(expr_to_string(*a->residual[0]), "(num_orders > 1)");

  // The quickstart's query names only part of the key (which is also the bucket key): a scan.
  Result<WhereAnalysis> scan = analyze(t, "shop_id = 1234");
  ASSERT_OK(scan.status());
  EXPECT_EQ(scan->path, AccessPath::kScan);
  EXPECT_EQ(scan->residual.size(), 1u);
}

TEST(WhereAnalyzerTest, EqualityOnBucketKeyAndPartitionKeysIsAPrefixLookup) {
  Table t = table_of(
      "CREATE TABLE t (a INT, b INT, dt STRING, v STRING, PRIMARY KEY (a, b, dt) NOT ENFORCED) "
      "PARTITIONED BY (dt) WITH ('bucket.key' = 'a')");
  Result<WhereAnalysis> a = analyze(t, "dt = '2024' AND a = -1");
  ASSERT_OK(a.status());
  EXPECT_EQ(a->path, AccessPath::kPrefixLookup);
  EXPECT_THAT(a->key_columns, ElementsAre("a", "dt"));
  EXPECT_EQ(a->key, GenericRow({Datum(int32_t{-1}), Datum(std::string("2024"))}));
  EXPECT_THAT(a->residual, IsEmpty());

  Result<WhereAnalysis> full = analyze(t, "a = 1 AND b = 2 AND dt = 'x'");
  ASSERT_OK(full.status());
  EXPECT_EQ(full->path, AccessPath::kLookup);
  EXPECT_THAT(full->key_columns, ElementsAre("a", "b", "dt"));

  // Without the partition key, or with OR, or a key given twice or equal to NULL: a scan.
  for (std::string_view where :
       {"a = 1", "a = NULL AND dt = 'x'", "a = 1 OR dt = 'x'", "a = 1 AND a = 2 AND dt = 'x'",
        "a > 1 AND dt = 'x'", "a = b AND dt = 'x'"}) {
    Result<WhereAnalysis> s = analyze(t, where);
    ASSERT_TRUE((s.status()).ok()) << (s.status()) << " " << where;
    EXPECT_EQ(s->path, AccessPath::kScan) << where;
  }
}

TEST(WhereAnalyzerTest, LogTablesScanAndErrorsNameColumns) {
  Table t = table_of("CREATE TABLE log (a INT, b STRING)");
  Result<WhereAnalysis> s = analyze(t, "a = 1");
  ASSERT_OK(s.status());
  EXPECT_EQ(s->path, AccessPath::kScan);
  Result<WhereAnalysis> none = analyze_where(nullptr, t.schema, {}, {});
  ASSERT_OK(none.status());
  EXPECT_EQ(none->path, AccessPath::kScan);
  EXPECT_THAT(none->residual, IsEmpty());
  EXPECT_THAT(analyze(t, "zz = 1").status(),
              StatusIsWith(kSqlErrorCode, "column 'zz' does not exist; the columns are a, b"));

  Table pk = table_of("CREATE TABLE t (k INT, v INT, PRIMARY KEY (k) NOT ENFORCED)");
  EXPECT_THAT(analyze(pk, "k = 'x'").status(),
              StatusIsWith(kSqlErrorCode, "column 'k' (INT NOT NULL): cannot assign 'x'"));
}

MATCHER_P(OkWith, value, "") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status().to_string();
    return false;
  }
  return *arg == value;
}

Result<bool> holds(const Schema& schema, const GenericRow& row, std::string_view predicate) {
  Result<ExprPtr> e = parse_expression(predicate);
  if (!e.ok()) return e.status();
  return evaluate_predicate(**e, RowScope{schema, row});
}

TEST(RowEvaluationTest, PredicatesReadTheRowWithThreeValuedLogic) {
  Schema schema = schema_of("CREATE TABLE t (a INT, b STRING, d DATE, x DECIMAL(5, 2))");
  GenericRow row({int32_t{7}, std::string("ab"), int32_t{19753}, Decimal{150, 5, 2}});
  EXPECT_THAT(holds(schema, row, "a = 7 AND b = 'ab'"), OkWith(true));
  EXPECT_THAT(holds(schema, row, "a > 7 OR b <> 'ab'"), OkWith(false));
  EXPECT_THAT(holds(schema, row, "a + 1 = 8 AND x = 1.5"), OkWith(true));
  EXPECT_THAT(holds(schema, row, "d = DATE '2024-01-31'"), OkWith(true));
  EXPECT_THAT(holds(schema, row, "d < DATE '2024-01-01'"), OkWith(false));

  GenericRow nulls({Datum(Null{}), Datum(Null{}), Datum(Null{}), Datum(Null{})});
  EXPECT_THAT(holds(schema, nulls, "a = 7"), OkWith(false));
  EXPECT_THAT(holds(schema, nulls, "NOT (a = 7)"), OkWith(false));
  EXPECT_THAT(holds(schema, nulls, "a IS NULL AND b IS NULL"), OkWith(true));
}

TEST(RowEvaluationTest, ErrorsNameTheColumnOrTheMismatch) {
  Schema schema = schema_of("CREATE TABLE t (a INT, b STRING)");
  GenericRow row({int32_t{1}, std::string("x")});
  EXPECT_THAT(holds(schema, row, "zz = 1").status(),
              StatusIsWith(kSqlErrorCode, "column 'zz' does not exist; the columns are a, b"));
  EXPECT_THAT(holds(schema, row, "a = 'x'").status(),
              StatusIsWith(kSqlErrorCode, "cannot compare 1 with 'x' (a string)"));
  EXPECT_THAT(holds(schema, row, "a + 1").status(),
              StatusIsWith(kSqlErrorCode, "a condition must be BOOLEAN"));
}

TEST(RowEvaluationTest, AssignmentsMayReadTheRowAndAreCastToTheColumn) {
  Schema schema = schema_of("CREATE TABLE t (a INT, b SMALLINT)");
  GenericRow row({int32_t{41}, int16_t{2}});
  Result<ExprPtr> e = parse_expression("a + b - 1");
  ASSERT_OK(e.status());
  EXPECT_THAT(evaluate_on_row(**e, DataType::bigint(), "c", RowScope{schema, row}),
              OkWith(Datum(int64_t{42})));
  Result<ExprPtr> big = parse_expression("a * 1000");
  ASSERT_OK(big.status());
  EXPECT_THAT(evaluate_on_row(**big, DataType::smallint(), "b", RowScope{schema, row}).status(),
              StatusIsWith(kSqlErrorCode, "column 'b' (SMALLINT)"));
}

}  // namespace
}  // namespace fluss::sql
