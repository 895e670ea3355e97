// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to the SQL front end: the splitter, the parser and, for a
// CREATE TABLE, its translation into a TableDescriptor. Must never crash or hang;
// errors are fine.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sql/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fluss::Result<fluss::sql::Statement> statement = fluss::sql::parse_statement(text);
  (void)statement;
  fluss::Result<std::vector<fluss::sql::Statement>> script = fluss::sql::parse_script(text);
  (void)script;
  return 0;
}
