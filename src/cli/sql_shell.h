// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/sql_executor.h"
#include "common/status.h"

namespace fluss::cli {

struct SqlShellOptions {
  std::string prompt = "Flink SQL> ";
  std::string continuation_prompt = "> ";
  // Where interactive input is remembered between sessions; empty: no history file.
  std::string history_file = {};
};

// "<CODE_NAME>: message", CLIENT_ERROR included.
std::string status_text(const Status& status);

// "[ERROR] Could not execute SQL statement. Reason:\n<CODE_NAME>: message": how the
// shell reports a failed statement (Flink's wording, Fluss's error name).
std::string format_error(const Status& status);

// Reads statements ending in ';' from `in` (one or many per line, or spread over
// lines), executing each as soon as it is complete; output and errors go to `out`.
// Stops at the first failing statement and returns its status, or at QUIT. A
// statement left without ';' at the end of input is executed too.
Status run_sql_stream(SqlExecutor& executor, std::istream& in, std::ostream& out);

// The same over a script held in memory (`fluss sql -f file`, `-e 'statements'`).
Status run_sql_script(SqlExecutor& executor, std::string_view script, std::ostream& out);

// The interactive shell on the terminal: libedit line editing and history, a prompt
// that changes while a statement is incomplete, Ctrl-C stops a running statement
// (a streaming SELECT) and Ctrl-D or QUIT ends the session. Failed statements are
// reported and the session goes on. Returns the process exit code.
int run_interactive_shell(SqlExecutor& executor, const SqlShellOptions& options);

}  // namespace fluss::cli
