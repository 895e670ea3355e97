// SPDX-License-Identifier: Apache-2.0
// Runs one tests/sql/*.test script (sqllogictest shape, tests/sql/README.md) against an
// in-process cluster: `sql_logic_test <file.test>`. Exit code 0 when every record passes.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/result_printer.h"
#include "cli/sql_executor.h"
#include "cli/sql_shell.h"
#include "test_utils/test_cluster.h"

namespace fluss::cli {
namespace {

// The address Fluss's quickstart uses; the runner maps it to its own cluster.
constexpr std::string_view kQuickstartAddress = "localhost:9123";
constexpr std::string_view kBootstrapVariable = "${BOOTSTRAP}";

struct Record {
  enum class Kind { kStatementOk, kStatementError, kQuery, kOutput, kRestart };
  Kind kind = Kind::kStatementOk;
  int line = 0;
  std::string sql;
  std::string error_fragment;         // kStatementError
  bool rowsort = false;               // kQuery
  std::vector<std::string> expected;  // kQuery rows, kOutput lines
};

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Parses the records of a script: blocks separated by blank lines; '#' lines are comments.
bool parse_script(std::istream& in, std::vector<Record>& records, std::string& error) {
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  size_t i = 0;
  while (i < lines.size()) {
    std::string head = trim(lines[i]);
    if (head.empty() || head[0] == '#') {
      ++i;
      continue;
    }
    Record r;
    r.line = static_cast<int>(i + 1);
    if (head == "restart") {
      r.kind = Record::Kind::kRestart;
      records.push_back(std::move(r));
      ++i;
      continue;
    }
    if (head == "statement ok") {
      r.kind = Record::Kind::kStatementOk;
    } else if (starts_with(head, "statement error")) {
      r.kind = Record::Kind::kStatementError;
      r.error_fragment = trim(head.substr(std::string_view("statement error").size()));
    } else if (starts_with(head, "query")) {
      r.kind = Record::Kind::kQuery;
      r.rowsort = head.find("rowsort") != std::string::npos;
    } else if (head == "output") {
      r.kind = Record::Kind::kOutput;
    } else {
      error = "line " + std::to_string(i + 1) + ": unknown record '" + head + "'";
      return false;
    }
    ++i;
    bool expecting = false;
    for (; i < lines.size() && !trim(lines[i]).empty(); ++i) {
      if (!expecting && trim(lines[i]) == "----") {
        expecting = true;
      } else if (expecting) {
        r.expected.push_back(lines[i]);
      } else {
        r.sql += lines[i] + "\n";
      }
    }
    if ((r.kind == Record::Kind::kQuery || r.kind == Record::Kind::kOutput) && !expecting) {
      error = "line " + std::to_string(r.line) + ": a query needs '----' and its expected rows";
      return false;
    }
    records.push_back(std::move(r));
  }
  return true;
}

// Collects what a statement produced: every table and streamed row, as cells.
class CollectingSink : public ResultSink {
 public:
  void info(std::string_view) override {}
  void text(std::string_view text) override {
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) rows.push_back({line});
  }
  void table(const ResultTable& table) override {
    bool ops = !table.ops.empty();
    for (size_t r = 0; r < table.rows.size(); ++r) {
      std::vector<std::string> cells;
      if (ops) cells.emplace_back(short_string(table.ops[r]));
      cells.insert(cells.end(), table.rows[r].begin(), table.rows[r].end());
      rows.push_back(std::move(cells));
    }
  }
  void stream_begin(const std::vector<std::string>&, const std::vector<DataType>& types) override {
    stream_types_ = types;
  }
  void stream_row(const GenericRow& row, ChangeType op) override {
    std::vector<std::string> cells{std::string(short_string(op))};
    for (size_t i = 0; i < stream_types_.size() && i < row.arity(); ++i) {
      cells.push_back(format_value(row[i], stream_types_[i]));
    }
    rows.push_back(std::move(cells));
  }
  void stream_end() override {}

  std::vector<std::vector<std::string>> rows;

 private:
  std::vector<DataType> stream_types_;
};

std::string join(const std::vector<std::string>& cells, std::string_view separator) {
  std::string s;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) s += separator;
    s += cells[i];
  }
  return s;
}

std::string substitute(std::string sql, const std::string& bootstrap) {
  for (size_t at = sql.find(kBootstrapVariable); at != std::string::npos;
       at = sql.find(kBootstrapVariable, at + bootstrap.size())) {
    sql.replace(at, kBootstrapVariable.size(), bootstrap);
  }
  return sql;
}

// Runs the records; prints each failure; returns the number of failures.
int run(const std::string& file, const std::vector<Record>& records, test::TestCluster& cluster) {
  SqlExecutor executor(SqlExecutorOptions{
      .address_map = {{std::string(kQuickstartAddress), cluster.bootstrap_servers()}}});
  int failures = 0;
  auto fail = [&](const Record& r, const std::string& what) {
    ++failures;
    std::cerr << file << ":" << r.line << ": " << what << "\n  SQL: " << r.sql << "\n";
  };
  for (const Record& r : records) {
    if (r.kind == Record::Kind::kRestart) {
      cluster.restart();
      continue;
    }
    std::string sql = substitute(r.sql, cluster.bootstrap_servers());
    if (r.kind == Record::Kind::kOutput) {
      std::ostringstream out;
      PrintingResultSink sink(out);
      Status s = executor.execute(sql, sink);
      if (!s.ok()) out << format_error(s) << '\n';
      std::string expected;
      for (const std::string& line : r.expected) expected += line + "\n";
      if (out.str() != expected)
        fail(r, "output differs.\nExpected:\n" + expected + "Actual:\n" + out.str());
      continue;
    }
    CollectingSink sink;
    Status s = executor.execute(sql, sink);
    if (r.kind == Record::Kind::kStatementError) {
      if (s.ok()) {
        fail(r, "expected an error containing '" + r.error_fragment + "', but it succeeded");
      } else if (status_text(s).find(r.error_fragment) == std::string::npos) {
        fail(r, "expected an error containing '" + r.error_fragment + "', got: " + status_text(s));
      }
      continue;
    }
    if (!s.ok()) {
      fail(r, "failed: " + status_text(s));
      continue;
    }
    if (r.kind != Record::Kind::kQuery) continue;
    bool tabs = std::any_of(r.expected.begin(), r.expected.end(),
                            [](const std::string& l) { return l.find('\t') != std::string::npos; });
    std::vector<std::string> actual;
    for (const auto& cells : sink.rows) actual.push_back(join(cells, tabs ? "\t" : " "));
    std::vector<std::string> expected = r.expected;
    if (r.rowsort) {
      std::sort(actual.begin(), actual.end());
      std::sort(expected.begin(), expected.end());
    }
    if (actual != expected) {
      fail(r,
           "rows differ.\nExpected:\n" + join(expected, "\n") + "\nActual:\n" + join(actual, "\n"));
    }
  }
  return failures;
}

}  // namespace
}  // namespace fluss::cli

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: sql_logic_test <file.test>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 2;
  }
  std::vector<fluss::cli::Record> records;
  std::string error;
  if (!fluss::cli::parse_script(in, records, error)) {
    std::cerr << argv[1] << ": " << error << "\n";
    return 2;
  }
  fluss::test::TestCluster cluster;
  int failures = fluss::cli::run(argv[1], records, cluster);
  std::cerr << argv[1] << ": " << records.size() << " records, " << failures << " failed\n";
  return failures == 0 ? 0 : 1;
}
