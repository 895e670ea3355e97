// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/result_sink.h"
#include "model/data_type.h"
#include "record/change_type.h"
#include "record/generic_row.h"

namespace fluss::cli {

// A value as Flink's SQL client prints it (tableau mode): NULL as <NULL>, booleans
// TRUE / FALSE, DATE yyyy-mm-dd, TIME hh:mm:ss[.fff], TIMESTAMP with the type's
// fractional digits, DECIMAL with its scale, BINARY as x'0aff', ARRAY [a, b], MAP
// {k=v}, ROW (a, b). `type` tells DATE / TIME from INT and gives precisions.
std::string format_value(const Datum& value, const DataType& type);

// The result of a statement that returns rows, cells already formatted. `ops` is
// empty, or one change type per row (a streaming or changelog result: an `op`
// column is printed first, as Flink does in streaming mode).
struct ResultTable {
  std::vector<std::string> column_names = {};
  std::vector<DataType> column_types = {};
  std::vector<std::vector<std::string>> rows = {};
  std::vector<ChangeType> ops = {};

  // Appends `row` (laid out as column_types) formatted.
  void add_row(const GenericRow& row, std::optional<ChangeType> op = std::nullopt);
};

// How the printer sizes columns (Flink's tableau style, docs/sql.md): batch results
// fit the content; streaming results size columns by type before the first row arrives.
inline constexpr size_t kMaxColumnWidth = 30;  // sql-client.display.max-column-width

// Prints `table` as Flink's SQL client does in batch tableau mode: a +---+ bordered
// table, values right-aligned, cells longer than kMaxColumnWidth cut with "...", then
// "N rows in set" ("1 row in set"; "Empty set" with no rows and no table).
void print_table(const ResultTable& table, std::ostream& out);

// A streaming result printed as rows arrive: a header sized from the column types,
// then one line per row with its op, and "Received a total of N rows" at the end.
class StreamingTablePrinter {
 public:
  // `out` outlives the printer.
  StreamingTablePrinter(std::vector<std::string> column_names, std::vector<DataType> column_types,
                        std::ostream& out);

  void print_header();
  void print_row(const GenericRow& row, ChangeType op);
  // The closing border and the row count.
  void finish();

  int64_t rows() const { return rows_; }

 private:
  std::vector<std::string> column_names_;
  std::vector<DataType> column_types_;
  std::vector<size_t> widths_;  // op column first
  std::ostream& out_;
  int64_t rows_ = 0;
};

// The column width Flink gives a type in streaming mode (at least the name's length).
size_t column_width_for_type(const DataType& type, size_t name_length);

// A ResultSink that prints to a stream as Flink's SQL client does: "[INFO] ..." lines,
// print_table for results, StreamingTablePrinter for streams. `cancel` (may be null)
// is polled by cancelled(); both it and `out` outlive the sink.
class PrintingResultSink : public ResultSink {
 public:
  explicit PrintingResultSink(std::ostream& out, const std::atomic<bool>* cancel = nullptr)
      : out_(out), cancel_(cancel) {}

  void info(std::string_view message) override;
  void text(std::string_view text) override;
  void table(const ResultTable& table) override;
  void stream_begin(const std::vector<std::string>& column_names,
                    const std::vector<DataType>& column_types) override;
  void stream_row(const GenericRow& row, ChangeType op) override;
  void stream_end() override;
  bool cancelled() const override;

 private:
  std::ostream& out_;
  const std::atomic<bool>* cancel_;
  std::optional<StreamingTablePrinter> stream_;
};

}  // namespace fluss::cli
