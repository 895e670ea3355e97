// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to the SQL front end: the statement splitter, the parser
// and what the shell does next with a parsed statement (CREATE TABLE translation,
// INSERT typing and WHERE analysis against that table). Must never crash or hang;
// errors are fine.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "sql/expression_evaluator.h"
#include "sql/parser.h"
#include "sql/statement_splitter.h"
#include "sql/table_conversion.h"
#include "sql/where_analyzer.h"

namespace {

// The last table a script created, so later statements of the same input are typed against it.
std::optional<fluss::TableDescriptor> table;

void exercise(const fluss::sql::Statement& statement) {
  using namespace fluss::sql;
  if (const auto* create = std::get_if<CreateTableStatement>(&statement)) {
    fluss::Result<fluss::TableDescriptor> d = to_table_descriptor(*create);
    if (d.ok()) table = std::move(d).value();
    return;
  }
  if (!table) return;
  const Expr* where = nullptr;
  if (const auto* insert = std::get_if<InsertStatement>(&statement)) {
    evaluate_insert(*insert, table->schema()).status().ignore_error();
  } else if (const auto* select = std::get_if<SelectStatement>(&statement)) {
    where = select->where.get();
  } else if (const auto* del = std::get_if<DeleteStatement>(&statement)) {
    where = del->where.get();
  }
  if (where != nullptr) {
    analyze_where(where, table->schema(), table->partition_keys(), table->bucket_keys())
        .status()
        .ignore_error();
    (void)expr_to_string(*where);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  table.reset();
  fluss::sql::SplitStatements split = fluss::sql::split_statements(text);
  for (const std::string& statement : split.statements) {
    fluss::Result<fluss::sql::Statement> parsed = fluss::sql::parse_statement(statement);
    if (parsed.ok()) exercise(*parsed);
  }
  fluss::sql::parse_script(text).status().ignore_error();
  return 0;
}
