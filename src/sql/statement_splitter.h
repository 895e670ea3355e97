// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fluss::sql {

// What the shell reads: the complete statements of its input so far and the text
// after the last ';' that is not yet a statement.
struct SplitStatements {
  // Each without its ';', trimmed of surrounding white space; empty statements dropped.
  std::vector<std::string> statements;
  // Text after the last ';' holding more than white space and comments, or an open
  // string, quoted identifier or comment; empty when the input ends a statement.
  std::string incomplete;
};

// Splits on ';' outside '...' strings, `...` identifiers, -- line and /* */ block
// comments. Never fails: unterminated quotes end up in `incomplete`.
SplitStatements split_statements(std::string_view input);

}  // namespace fluss::sql
