// SPDX-License-Identifier: Apache-2.0
#include "sql/parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_utils/status_matchers.h"

namespace fluss::sql {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

template <typename T>
T parse_as(std::string_view sql) {
  Result<Statement> s = parse_statement(sql);
  EXPECT_TRUE(s.ok()) << sql << ": " << s.status();
  if (!s.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*s)) << sql << ": parsed as variant " << s->index();
  if (!std::holds_alternative<T>(*s)) return T{};
  return std::get<T>(std::move(s).value());
}

std::string error_of(std::string_view sql) {
  Result<Statement> s = parse_statement(sql);
  EXPECT_FALSE(s.ok()) << sql;
  if (s.ok()) return "";
  EXPECT_EQ(s.status().code(), kSqlErrorCode);
  return std::string(s.status().message());
}

TEST(ParserTest, QuickstartStatementsParseVerbatim) {
  auto catalog = parse_as<CreateCatalogStatement>(
      "CREATE CATALOG fluss_catalog WITH ('type' = 'fluss', 'bootstrap.servers' = "
      "'localhost:9123');");
  EXPECT_EQ(catalog.name, "fluss_catalog");
  EXPECT_EQ(catalog.options,
            (Properties{{"type", "fluss"}, {"bootstrap.servers", "localhost:9123"}}));

  EXPECT_EQ(parse_as<UseCatalogStatement>("USE CATALOG fluss_catalog;").name, "fluss_catalog");

  auto table = parse_as<CreateTableStatement>(
      "CREATE TABLE pk_table (shop_id BIGINT, user_id BIGINT, num_orders INT, PRIMARY KEY "
      "(shop_id, user_id) NOT ENFORCED) WITH ('bucket.num' = '4');");
  EXPECT_EQ(table.table.name, "pk_table");
  ASSERT_EQ(table.columns.size(), 3u);
  EXPECT_EQ(table.columns[0].name, "shop_id");
  EXPECT_EQ(table.columns[0].type, DataType::bigint());
  EXPECT_EQ(table.columns[2].type, DataType::int_());
  ASSERT_TRUE(table.primary_key);
  EXPECT_THAT(table.primary_key->columns, ElementsAre("shop_id", "user_id"));
  EXPECT_EQ(table.options, (Properties{{"bucket.num", "4"}}));

  auto insert = parse_as<InsertStatement>("INSERT INTO pk_table VALUES (1234, 1234, 1);");
  EXPECT_EQ(insert.table.name, "pk_table");
  ASSERT_EQ(insert.rows.size(), 1u);
  EXPECT_EQ(insert.rows[0].size(), 3u);
  EXPECT_EQ(expr_to_string(*insert.rows[0][0]), "1234");

  auto select = parse_as<SelectStatement>("SELECT * FROM pk_table WHERE shop_id = 1234;");
  EXPECT_TRUE(select.items.empty());
  EXPECT_EQ(select.table.name, "pk_table");
  ASSERT_TRUE(select.where);
  EXPECT_EQ(expr_to_string(*select.where), "(shop_id = 1234)");
  EXPECT_FALSE(select.limit);
}

TEST(ParserTest, KeywordsAreCaseInsensitiveAndIdentifiersKeepCase) {
  auto s = parse_as<SelectStatement>("select `Select`, Abc from `My Table` where abc=1 limit 5");
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(expr_to_string(*s.items[0].expr), "Select");
  EXPECT_EQ(expr_to_string(*s.items[1].expr), "Abc");
  EXPECT_EQ(s.table.name, "My Table");
  EXPECT_EQ(s.limit, 5);
}

TEST(ParserTest, DatabaseStatements) {
  auto create = parse_as<CreateDatabaseStatement>(
      "CREATE DATABASE IF NOT EXISTS cat.my_db COMMENT 'it''s mine' WITH ('k' = 'v')");
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.database.catalog, "cat");
  EXPECT_EQ(create.database.name, "my_db");
  EXPECT_EQ(create.comment, "it's mine");
  EXPECT_EQ(create.options, (Properties{{"k", "v"}}));
  EXPECT_FALSE(parse_as<CreateDatabaseStatement>("CREATE DATABASE d").if_not_exists);

  auto drop = parse_as<DropDatabaseStatement>("DROP DATABASE IF EXISTS d CASCADE");
  EXPECT_TRUE(drop.if_exists);
  EXPECT_EQ(drop.behavior, DropBehavior::kCascade);
  EXPECT_EQ(parse_as<DropDatabaseStatement>("DROP DATABASE d RESTRICT").behavior,
            DropBehavior::kRestrict);
  EXPECT_EQ(parse_as<DropDatabaseStatement>("DROP DATABASE d").behavior, DropBehavior::kRestrict);
  parse_as<ShowDatabasesStatement>("SHOW DATABASES");
  EXPECT_EQ(parse_as<UseDatabaseStatement>("USE fluss").database.name, "fluss");
}

TEST(ParserTest, TableStatements) {
  auto create = parse_as<CreateTableStatement>(
      "CREATE TABLE IF NOT EXISTS cat.db.orders (\n"
      "  id BIGINT NOT NULL COMMENT 'order id',\n"
      "  dt STRING,\n"
      "  CONSTRAINT pk PRIMARY KEY (id, dt) NOT ENFORCED\n"
      ") COMMENT 'orders' PARTITIONED BY (dt) WITH ('bucket.num' = '2', 'bucket.key' = 'id')");
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.table.to_string(), "cat.db.orders");
  EXPECT_EQ(create.columns[0].type, DataType::bigint().not_null());
  EXPECT_EQ(create.columns[0].comment, "order id");
  EXPECT_EQ(create.primary_key->constraint_name, "pk");
  EXPECT_EQ(create.comment, "orders");
  EXPECT_THAT(create.partition_keys, ElementsAre("dt"));

  auto drop = parse_as<DropTableStatement>("DROP TABLE IF EXISTS db.t");
  EXPECT_TRUE(drop.if_exists);
  EXPECT_EQ(drop.table.database, "db");
  EXPECT_FALSE(parse_as<ShowTablesStatement>("SHOW TABLES").database);
  EXPECT_EQ(parse_as<ShowTablesStatement>("SHOW TABLES FROM db").database->name, "db");
  EXPECT_EQ(parse_as<ShowTablesStatement>("SHOW TABLES IN c.db").database->catalog, "c");
  EXPECT_EQ(parse_as<DescribeTableStatement>("DESCRIBE t").table.name, "t");
  EXPECT_EQ(parse_as<DescribeTableStatement>("DESC db.t").table.database, "db");
  EXPECT_EQ(parse_as<ShowCreateTableStatement>("SHOW CREATE TABLE t").table.name, "t");
  EXPECT_EQ(parse_as<ShowPartitionsStatement>("SHOW PARTITIONS t").table.name, "t");

  auto set = parse_as<AlterTableSetStatement>(
      "ALTER TABLE t SET ('table.datalake.enabled' = 'true', 'x' = 'y')");
  EXPECT_EQ(set.options, (Properties{{"table.datalake.enabled", "true"}, {"x", "y"}}));
  auto reset = parse_as<AlterTableResetStatement>("ALTER TABLE t RESET ('a', 'b')");
  EXPECT_THAT(reset.keys, ElementsAre("a", "b"));
}

TEST(ParserTest, DmlStatements) {
  auto insert = parse_as<InsertStatement>(
      "INSERT INTO t (a, b) VALUES (1, 'x'), (-2, NULL), (3 + 4, CAST(5 AS STRING))");
  EXPECT_THAT(insert.columns, ElementsAre("a", "b"));
  ASSERT_EQ(insert.rows.size(), 3u);
  EXPECT_EQ(expr_to_string(*insert.rows[1][0]), "(-2)");
  EXPECT_EQ(expr_to_string(*insert.rows[2][0]), "(3 + 4)");
  EXPECT_EQ(expr_to_string(*insert.rows[2][1]), "CAST(5 AS STRING)");

  auto select = parse_as<SelectStatement>("SELECT a, b + 1 AS c, d e FROM t LIMIT 3");
  ASSERT_EQ(select.items.size(), 3u);
  EXPECT_EQ(select.items[1].alias, "c");
  EXPECT_EQ(select.items[2].alias, "e");
  EXPECT_FALSE(select.where);

  auto del = parse_as<DeleteStatement>("DELETE FROM t WHERE a = 1 AND b = 'x'");
  EXPECT_EQ(expr_to_string(*del.where), "((a = 1) AND (b = 'x'))");

  auto update = parse_as<UpdateStatement>("UPDATE t SET b = 'y', c = c * 2 WHERE a = 1");
  ASSERT_EQ(update.assignments.size(), 2u);
  EXPECT_EQ(update.assignments[1].column, "c");
  EXPECT_EQ(expr_to_string(*update.assignments[1].value), "(c * 2)");
  EXPECT_EQ(expr_to_string(*update.where), "(a = 1)");
}

TEST(ParserTest, SessionStatements) {
  auto set = parse_as<SetStatement>("SET 'execution.runtime-mode' = 'streaming';");
  EXPECT_EQ(set.key, "execution.runtime-mode");
  EXPECT_EQ(set.value, "streaming");
  EXPECT_FALSE(parse_as<SetStatement>("SET").key);
  EXPECT_EQ(parse_as<ResetStatement>("RESET 'a.b'").key, "a.b");
  EXPECT_FALSE(parse_as<ResetStatement>("RESET;").key);
  parse_as<HelpStatement>("HELP");
  parse_as<QuitStatement>("quit;");
  parse_as<QuitStatement>("EXIT");
}

TEST(ParserTest, EveryType) {
  struct Case {
    const char* sql;
    DataType type;
  };
  const Case cases[] = {
      {"BOOLEAN", DataType::boolean()},
      {"TINYINT", DataType::tinyint()},
      {"SMALLINT", DataType::smallint()},
      {"INT", DataType::int_()},
      {"INTEGER NOT NULL", DataType::int_().not_null()},
      {"BIGINT NULL", DataType::bigint()},
      {"FLOAT", DataType::float_()},
      {"DOUBLE", DataType::double_()},
      {"DOUBLE PRECISION", DataType::double_()},
      {"DECIMAL", DataType::decimal(10, 0)},
      {"DECIMAL(20)", DataType::decimal(20, 0)},
      {"DECIMAL(38, 18)", DataType::decimal(38, 18)},
      {"NUMERIC(5,2)", DataType::decimal(5, 2)},
      {"CHAR", DataType::char_(1)},
      {"CHAR(10)", DataType::char_(10)},
      {"VARCHAR", DataType::string()},
      {"VARCHAR(2147483647)", DataType::string()},
      {"STRING", DataType::string()},
      {"BINARY(16)", DataType::binary(16)},
      {"VARBINARY", DataType::bytes()},
      {"BYTES", DataType::bytes()},
      {"DATE", DataType::date()},
      {"TIME", DataType::time(0)},
      {"TIME(3) WITHOUT TIME ZONE", DataType::time(3)},
      {"TIMESTAMP", DataType::timestamp(6)},
      {"TIMESTAMP(3)", DataType::timestamp(3)},
      {"TIMESTAMP(9) WITHOUT TIME ZONE", DataType::timestamp(9)},
      {"TIMESTAMP_LTZ", DataType::timestamp_ltz(6)},
      {"TIMESTAMP_LTZ(3)", DataType::timestamp_ltz(3)},
      {"TIMESTAMP(2) WITH LOCAL TIME ZONE", DataType::timestamp_ltz(2)},
      {"ARRAY<INT NOT NULL>", DataType::array(DataType::int_().not_null())},
      {"MAP<STRING, ARRAY<BIGINT>>",
       DataType::map(DataType::string(), DataType::array(DataType::bigint()))},
      {"ROW<a INT, b STRING NOT NULL>",
       DataType::row(
           {DataField{"a", DataType::int_()}, DataField{"b", DataType::string().not_null()}})},
      {"ROW(a INT COMMENT 'x')",
       DataType::row({DataField{.name = "a", .type = DataType::int_(), .description = "x"}})},
      {"ARRAY<ROW<`x y` MAP<INT, INT>>> NOT NULL",
       DataType::array(
           DataType::row({DataField{"x y", DataType::map(DataType::int_(), DataType::int_())}}))
           .not_null()},
  };
  for (const Case& c : cases) {
    Result<DataType> t = parse_data_type(c.sql);
    ASSERT_TRUE((t.status()).ok()) << (t.status()) << " " << c.sql;
    EXPECT_EQ(*t, c.type) << c.sql << " parsed as " << t->to_string();
  }
}

TEST(ParserTest, TypeErrorsNameTheLimit) {
  EXPECT_THAT(parse_data_type("DECIMAL(39, 2)").status().message(),
              HasSubstr("DECIMAL precision must be between 1 and 38, not 39"));
  EXPECT_THAT(parse_data_type("DECIMAL(5, 6)").status().message(),
              HasSubstr("DECIMAL scale must be between 0 and the precision 5, not 6"));
  EXPECT_THAT(parse_data_type("TIMESTAMP(10)").status().message(),
              HasSubstr("TIMESTAMP precision must be between 0 and 9, not 10"));
  EXPECT_THAT(parse_data_type("VARCHAR(10)").status().message(),
              HasSubstr("VARCHAR(10) is not supported by Fluss: use STRING"));
  EXPECT_THAT(parse_data_type("VARBINARY(3)").status().message(),
              HasSubstr("VARBINARY(3) is not supported by Fluss: use BYTES"));
  EXPECT_THAT(parse_data_type("MAP<INT>").status().message(),
              HasSubstr("expected ',' but found '>'"));
  EXPECT_THAT(parse_data_type("UUID").status().message(),
              HasSubstr("expected a data type but found 'UUID'"));
}

TEST(ParserTest, ExpressionsAndPrecedence) {
  auto text = [](std::string_view sql) {
    Result<ExprPtr> e = parse_expression(sql);
    EXPECT_TRUE((e.status()).ok()) << (e.status()) << " " << sql;
    return e.ok() ? expr_to_string(**e) : std::string();
  };
  EXPECT_EQ(text("a = 1 OR b = 2 AND NOT c"), "((a = 1) OR ((b = 2) AND (NOT c)))");
  EXPECT_EQ(text("1 + 2 * 3 - 4 / 2"), "((1 + (2 * 3)) - (4 / 2))");
  EXPECT_EQ(text("(1 + 2) * 3"), "((1 + 2) * 3)");
  EXPECT_EQ(text("a IS NULL AND b IS NOT NULL"), "((a IS NULL) AND (b IS NOT NULL))");
  EXPECT_EQ(text("a <> 1 AND a != 2 AND a < 3 AND a <= 4 AND a > 5 AND a >= 6"),
            "((((((a <> 1) AND (a <> 2)) AND (a < 3)) AND (a <= 4)) AND (a > 5)) AND (a >= 6))");
  EXPECT_EQ(text("TRUE AND FALSE OR NULL"), "((TRUE AND FALSE) OR NULL)");
  EXPECT_EQ(text("DATE '2024-01-31'"), "DATE '2024-01-31'");
  EXPECT_EQ(text("TIMESTAMP '2024-01-31 10:00:00'"), "TIMESTAMP '2024-01-31 10:00:00'");
  EXPECT_EQ(text("TIME '10:00:00'"), "TIME '10:00:00'");
  EXPECT_EQ(text("-1.5e3 + .5 + 1."), "(((-1.5e3) + .5) + 1.)");
  EXPECT_EQ(text("X'0aFF'"), "X'0aFF'");
  EXPECT_EQ(text("CAST(a AS DECIMAL(5, 2))"), "CAST(a AS DECIMAL(5, 2))");
  EXPECT_EQ(text("ARRAY[1, 2]"), "ARRAY[1, 2]");
  EXPECT_EQ(text("MAP['a', 1]"), "MAP['a', 1]");
  EXPECT_EQ(text("ROW(1, 'x')"), "ROW(1, 'x')");
  EXPECT_EQ(text("t.a = date"), "(a = date)");
  EXPECT_EQ(text("'it''s'"), "'it''s'");
}

TEST(ParserTest, CommentsAreIgnored) {
  auto s = parse_as<SelectStatement>(
      "-- leading comment\nSELECT /* inline; with semicolon */ a\nFROM t -- trailing");
  EXPECT_EQ(s.table.name, "t");
}

TEST(ParserTest, ErrorsNamePositionExpectationAndToken) {
  EXPECT_EQ(error_of("SELECT * FORM t"),
            "SQL parse error at line 1, column 10: expected FROM but found 'FORM'");
  EXPECT_EQ(error_of("CREATE TABLE t (\n  a INT,\n  b FOO\n)"),
            "SQL parse error at line 3, column 5: expected a data type but found 'FOO'");
  EXPECT_EQ(error_of("INSERT INTO t VALUES (1, 2"),
            "SQL parse error at line 1, column 27: expected ')' but found end of input");
  EXPECT_EQ(error_of("SELECT * FROM t WHERE"),
            "SQL parse error at line 1, column 22: expected an expression but found end of input");
  EXPECT_EQ(error_of("SELECT * FROM t x"),
            "SQL parse error at line 1, column 17: expected end of statement but found 'x'");
  EXPECT_EQ(error_of("SELECT 'abc"),
            "SQL parse error at line 1, column 8: unterminated string literal");
  EXPECT_EQ(error_of("SELECT a FROM t /* open"),
            "SQL parse error at line 1, column 17: unterminated comment '/*'");
  EXPECT_EQ(error_of("SELECT a # b FROM t"),
            "SQL parse error at line 1, column 10: unexpected character '#'");
  EXPECT_EQ(error_of("SELEC 1"),
            "SQL parse error at line 1, column 1: expected a statement (CREATE, DROP, USE, SHOW, "
            "DESCRIBE, ALTER, INSERT, SELECT, UPDATE, DELETE, SET, RESET, HELP, QUIT) but found "
            "'SELEC'");
  EXPECT_THAT(error_of("CREATE TABLE t (a INT, PRIMARY KEY (a))"),
              HasSubstr("column 39: expected NOT ENFORCED but found ')': Flink supports only "
                        "PRIMARY KEY (...) NOT ENFORCED"));
  EXPECT_THAT(error_of("CREATE TABLE t (a INT, a INT)"),
              HasSubstr("column 24: column 'a' is declared twice"));
  EXPECT_THAT(error_of("CREATE CATALOG c WITH ('a' = 'b', 'a' = 'c')"),
              HasSubstr("option 'a' is given twice"));
  EXPECT_THAT(error_of("CREATE CATALOG c WITH (type = 'b')"),
              HasSubstr("expected option key string but found 'type'"));
  EXPECT_THAT(error_of("INSERT INTO t VALUES (1), (1, 2)"),
              HasSubstr("column 27: row 2 has 2 values but the first row has 1"));
  EXPECT_THAT(error_of("SET execution.runtime-mode = 'x'"),
              HasSubstr("expected quoted option key, as in SET 'key' = 'value' but found "
                        "'execution'"));
  EXPECT_THAT(error_of("SELECT * FROM t LIMIT 99999999999999999999"),
              HasSubstr("LIMIT row count 99999999999999999999 is out of range"));
  EXPECT_THAT(error_of("SELECT 12abc FROM t"), HasSubstr("unexpected character 'a' in a number"));
  EXPECT_THAT(error_of("SELECT X'abc' FROM t"), HasSubstr("even number of digits"));
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(10000, '(');
  EXPECT_THAT(error_of("SELECT " + deep + "1 FROM t"), HasSubstr("nested deeper than 200"));
  std::string types;
  for (int i = 0; i < 1000; ++i) types += "ARRAY<";
  EXPECT_THAT(parse_data_type(types + "INT").status().message(),
              HasSubstr("nested deeper than 200"));
}

TEST(ParserTest, ScriptsSplitOnSemicolons) {
  Result<std::vector<Statement>> script =
      parse_script("USE CATALOG c;; SHOW TABLES; SELECT * FROM t");
  ASSERT_OK(script.status());
  ASSERT_EQ(script->size(), 3u);
  EXPECT_TRUE(std::holds_alternative<SelectStatement>((*script)[2]));
  EXPECT_OK(parse_script("").status());
  EXPECT_THAT(parse_script("SHOW TABLES SHOW TABLES").status().message(),
              HasSubstr("expected end of statement but found 'SHOW'"));
}

}  // namespace
}  // namespace fluss::sql
