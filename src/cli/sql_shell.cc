// SPDX-License-Identifier: Apache-2.0
#include "cli/sql_shell.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <editline/readline.h>
#include <iostream>
#include <sstream>

#include "cli/client_conversions.h"
#include "cli/result_printer.h"
#include "sql/statement_splitter.h"

namespace fluss::cli {
namespace {

// Set by SIGINT while a statement runs; the sink reports it as cancelled.
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted.store(true, std::memory_order_relaxed); }

// Installs on_interrupt for the lifetime of one statement, so Ctrl-C stops the
// statement (a streaming SELECT) rather than the shell.
class InterruptScope {
 public:
  InterruptScope() {
    g_interrupted.store(false, std::memory_order_relaxed);
    struct sigaction action = {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptScope() { sigaction(SIGINT, &previous_, nullptr); }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  struct sigaction previous_ = {};
};

// Runs the complete statements of `split`, reporting each failure. Returns the first
// failure (when `stop_on_error`) or OK.
Status run_statements(SqlExecutor& executor, const std::vector<std::string>& statements,
                      ResultSink& sink, std::ostream& out, bool stop_on_error) {
  for (const std::string& statement : statements) {
    if (executor.quit_requested()) return Status::OK();
    Status s = executor.execute(statement, sink);
    if (!s.ok()) {
      out << format_error(s) << '\n';
      out.flush();
      if (stop_on_error) return s;
    }
  }
  return Status::OK();
}

}  // namespace

std::string status_text(const Status& status) {
  return error_label(status) + ": " + std::string(status.message());
}

std::string format_error(const Status& status) {
  return "[ERROR] Could not execute SQL statement. Reason:\n" + status_text(status);
}

Status run_sql_stream(SqlExecutor& executor, std::istream& in, std::ostream& out) {
  PrintingResultSink sink(out);
  std::string pending;
  std::string line;
  while (!executor.quit_requested() && std::getline(in, line)) {
    pending += line;
    pending += '\n';
    sql::SplitStatements split = sql::split_statements(pending);
    FLUSS_RETURN_IF_ERROR(run_statements(executor, split.statements, sink, out, true));
    pending = std::move(split.incomplete);
  }
  if (executor.quit_requested()) return Status::OK();
  sql::SplitStatements rest = sql::split_statements(pending + ";");
  return run_statements(executor, rest.statements, sink, out, true);
}

Status run_sql_script(SqlExecutor& executor, std::string_view script, std::ostream& out) {
  std::istringstream in{std::string(script)};
  return run_sql_stream(executor, in, out);
}

int run_interactive_shell(SqlExecutor& executor, const SqlShellOptions& options) {
  if (!options.history_file.empty()) {
    using_history();
    read_history(options.history_file.c_str());
  }
  std::cout << "Welcome to the fluss-cpp SQL shell (Flink SQL syntax). Statements end with ';'.\n"
               "Type HELP; for the statements, QUIT; or Ctrl-D to leave.\n\n";
  PrintingResultSink sink(std::cout, &g_interrupted);
  std::string pending;
  while (!executor.quit_requested()) {
    const std::string& prompt = pending.empty() ? options.prompt : options.continuation_prompt;
    char* raw = readline(prompt.c_str());
    if (raw == nullptr) {  // Ctrl-D
      std::cout << '\n';
      break;
    }
    std::string line(raw);
    std::free(raw);
    pending += line;
    pending += '\n';
    sql::SplitStatements split = sql::split_statements(pending);
    if (split.statements.empty()) {
      if (split.incomplete.empty()) pending.clear();
      continue;
    }
    // History keeps what was typed for the completed statements, as one entry.
    std::string typed = pending.substr(0, pending.size() - split.incomplete.size());
    while (!typed.empty() && (typed.back() == '\n' || typed.back() == ' ')) typed.pop_back();
    for (char& c : typed) {
      if (c == '\n') c = ' ';
    }
    add_history(typed.c_str());
    if (!options.history_file.empty()) write_history(options.history_file.c_str());
    {
      InterruptScope interrupts;
      run_statements(executor, split.statements, sink, std::cout, false).ignore_error();
    }
    std::cout << '\n';
    pending = std::move(split.incomplete);
  }
  std::cout << "Shutting down the session...\ndone.\n";
  return 0;
}

}  // namespace fluss::cli
