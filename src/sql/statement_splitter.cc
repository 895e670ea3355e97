// SPDX-License-Identifier: Apache-2.0
#include "sql/statement_splitter.h"

#include <cctype>

namespace fluss::sql {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

SplitStatements split_statements(std::string_view input) {
  SplitStatements out;
  size_t start = 0;
  // Whether the current statement holds anything but blanks and comments.
  bool has_content = false;
  size_t i = 0;
  bool open = false;  // inside an unterminated quote or comment at the end
  while (i < input.size()) {
    char c = input[i];
    if (c == '\'' || c == '`') {
      has_content = true;
      size_t j = i + 1;
      open = true;
      while (j < input.size()) {
        if (input[j] == c) {
          if (j + 1 < input.size() && input[j + 1] == c) {
            j += 2;
            continue;
          }
          open = false;
          break;
        }
        ++j;
      }
      i = j + 1;
    } else if (c == '-' && i + 1 < input.size() && input[i + 1] == '-') {
      size_t nl = input.find('\n', i);
      i = nl == std::string_view::npos ? input.size() : nl + 1;
    } else if (c == '/' && i + 1 < input.size() && input[i + 1] == '*') {
      size_t close = input.find("*/", i + 2);
      if (close == std::string_view::npos) {
        open = true;
        i = input.size();
      } else {
        i = close + 2;
      }
    } else if (c == ';') {
      if (has_content) out.statements.emplace_back(trim(input.substr(start, i - start)));
      has_content = false;
      start = ++i;
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) has_content = true;
      ++i;
    }
  }
  if (has_content || open) out.incomplete = std::string(trim(input.substr(start)));
  return out;
}

}  // namespace fluss::sql
