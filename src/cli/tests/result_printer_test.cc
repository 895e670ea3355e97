// SPDX-License-Identifier: Apache-2.0
// Flink tableau printing: value formats, borders, alignment, truncation, row counts.
#include "cli/result_printer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace fluss::cli {
namespace {

TEST(ResultPrinterTest, FormatsValuesAsFlinksSqlClient) {
  EXPECT_EQ(format_value(Datum(Null{}), DataType::int_()), "<NULL>");
  EXPECT_EQ(format_value(Datum(true), DataType::boolean()), "TRUE");
  EXPECT_EQ(format_value(Datum(int64_t{-1234}), DataType::bigint()), "-1234");
  EXPECT_EQ(format_value(Datum(int32_t{19753}), DataType::date()), "2024-01-31");
  EXPECT_EQ(format_value(Datum(int32_t{-1}), DataType::date()), "1969-12-31");
  EXPECT_EQ(format_value(Datum(int32_t{45'296'500}), DataType::time()), "12:34:56");
  EXPECT_EQ(format_value(Datum(int32_t{45'296'500}), DataType::time(3)), "12:34:56.500");
  EXPECT_EQ(format_value(Datum(TimestampNtz{1706704496123, 456000}), DataType::timestamp(6)),
            "2024-01-31 12:34:56.123456");
  EXPECT_EQ(format_value(Datum(TimestampNtz{-1, 0}), DataType::timestamp(3)),
            "1969-12-31 23:59:59.999");
  EXPECT_EQ(format_value(Datum(TimestampLtz{0, 0}), DataType::timestamp_ltz(0)),
            "1970-01-01 00:00:00");
  EXPECT_EQ(format_value(Datum(Decimal{-5, 10, 2}), DataType::decimal(10, 2)), "-0.05");
  EXPECT_EQ(format_value(Datum(Decimal{12345, 10, 2}), DataType::decimal(10, 2)), "123.45");
  EXPECT_EQ(format_value(Datum(1.0), DataType::double_()), "1.0");
  EXPECT_EQ(format_value(Datum(1.5f), DataType::float_()), "1.5");
  EXPECT_EQ(format_value(Datum(1e20), DataType::double_()), "1.0E20");
  EXPECT_EQ(format_value(Datum(Binary{std::string("\x0a\xff", 2)}), DataType::bytes()), "x'0aff'");
  auto array = std::make_shared<const GenericArray>(
      std::vector<Datum>{int32_t{1}, Datum(Null{}), int32_t{3}});
  EXPECT_EQ(format_value(Datum(array), DataType::array(DataType::int_())), "[1, <NULL>, 3]");
  auto map = std::make_shared<const GenericMap>(std::vector<Datum>{std::string("k")},
                                                std::vector<Datum>{int32_t{19753}});
  EXPECT_EQ(format_value(Datum(map), DataType::map(DataType::string(), DataType::date())),
            "{k=2024-01-31}");
}

TEST(ResultPrinterTest, PrintsABorderedRightAlignedTableWithTheRowCount) {
  ResultTable table{.column_names = {"shop_id", "user_id", "num_orders"},
                    .column_types = {DataType::bigint(), DataType::bigint(), DataType::int_()}};
  table.add_row(GenericRow({int64_t{1234}, int64_t{1234}, int32_t{1}}));
  std::ostringstream out;
  print_table(table, out);
  EXPECT_EQ(out.str(),
            "+---------+---------+------------+\n"
            "| shop_id | user_id | num_orders |\n"
            "+---------+---------+------------+\n"
            "|    1234 |    1234 |          1 |\n"
            "+---------+---------+------------+\n"
            "1 row in set\n");
}

TEST(ResultPrinterTest, EmptyResultsAndLongCells) {
  ResultTable empty{.column_names = {"a"}, .column_types = {DataType::int_()}};
  std::ostringstream none;
  print_table(empty, none);
  EXPECT_EQ(none.str(), "Empty set\n");

  ResultTable table{.column_names = {"s"}, .column_types = {DataType::string()}};
  table.add_row(GenericRow({std::string(40, 'x')}));
  table.add_row(GenericRow({std::string("é")}));
  std::ostringstream out;
  print_table(table, out);
  std::string border = "+" + std::string(32, '-') + "+\n";
  EXPECT_EQ(out.str(), border + "| " + std::string(29, ' ') + "s |\n" + border + "| " +
                           std::string(27, 'x') + "... |\n| " + std::string(29, ' ') + "é |\n" +
                           border + "2 rows in set\n");
}

TEST(ResultPrinterTest, ChangelogResultsPrintAnOpColumn) {
  ResultTable table{.column_names = {"k"}, .column_types = {DataType::int_()}};
  table.add_row(GenericRow(std::vector<Datum>{int32_t{1}}), ChangeType::kInsert);
  table.add_row(GenericRow(std::vector<Datum>{int32_t{1}}), ChangeType::kDelete);
  std::ostringstream out;
  print_table(table, out);
  EXPECT_EQ(out.str(),
            "+----+---+\n"
            "| op | k |\n"
            "+----+---+\n"
            "| +I | 1 |\n"
            "| -D | 1 |\n"
            "+----+---+\n"
            "2 rows in set\n");
}

TEST(ResultPrinterTest, StreamingTablesSizeColumnsByType) {
  std::ostringstream out;
  StreamingTablePrinter printer({"id", "name"}, {DataType::int_(), DataType::string()}, out);
  printer.print_header();
  printer.print_row(GenericRow({int32_t{7}, std::string("bob")}), ChangeType::kAppendOnly);
  printer.finish();
  std::string border = "+----+-------------+--------------------------------+\n";
  EXPECT_EQ(out.str(), border + "| op |          id |                           name |\n" + border +
                           "| +A |           7 |                            bob |\n" + border +
                           "Received a total of 1 row\n");
  EXPECT_EQ(column_width_for_type(DataType::bigint(), 3), 20u);
  EXPECT_EQ(column_width_for_type(DataType::boolean(), 12), 12u);
  EXPECT_EQ(column_width_for_type(DataType::timestamp(3), 2), 23u);
}

}  // namespace
}  // namespace fluss::cli
