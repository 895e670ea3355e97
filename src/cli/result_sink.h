// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>
#include <vector>

#include "model/data_type.h"
#include "record/change_type.h"
#include "record/generic_row.h"

namespace fluss::cli {

struct ResultTable;

// Where the SqlExecutor sends what a statement produces: the terminal
// (PrintingResultSink) or a test that collects rows. Called on the executing thread.
class ResultSink {
 public:
  virtual ~ResultSink() = default;

  // A one-line outcome, e.g. "Execute statement succeeded." (printed as "[INFO] ...").
  virtual void info(std::string_view message) = 0;
  // Text printed as it is (SHOW CREATE TABLE, HELP).
  virtual void text(std::string_view text) = 0;
  // A complete result (batch mode, SHOW, DESCRIBE, lookups).
  virtual void table(const ResultTable& table) = 0;
  // A streaming result: begin, rows as they arrive, end (after LIMIT or cancel).
  virtual void stream_begin(const std::vector<std::string>& column_names,
                            const std::vector<DataType>& column_types) = 0;
  virtual void stream_row(const GenericRow& row, ChangeType op) = 0;
  virtual void stream_end() = 0;
  // True once the user asked to stop a running statement (Ctrl-C in the shell).
  virtual bool cancelled() const { return false; }
};

}  // namespace fluss::cli
