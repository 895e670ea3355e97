// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace fluss::sql {

// The code every SQL front-end error carries (lexing, parsing, typing of literals).
// Fluss has no parse-error code; statements are operations on tables, and the
// shell prints the message, which says what went wrong and where.
inline constexpr ErrorCode kSqlErrorCode = ErrorCode::kInvalidTableException;

// A 1-based line:column position in the statement text (columns count bytes).
struct Position {
  int line = 1;
  int column = 1;

  friend bool operator==(const Position&, const Position&) = default;
};

enum class TokenKind : uint8_t {
  kIdentifier,  // a word (keywords included) or a `back-quoted` identifier
  kString,      // '...' with '' read as ', text holds the unescaped value
  kHexString,   // X'0aff': text holds the hex digits
  kInteger,     // 123
  kDecimal,     // 1.5, .5, 1.
  kFloat,       // 1e10, 1.5E-3: approximate numerics
  kSymbol,      // ( ) , ; . = <> != < <= > >= + - * / [ ]
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // Identifiers as written (case kept), string values unescaped, symbols and numbers verbatim.
  std::string text;
  Position position;
  bool quoted = false;  // a `back-quoted` identifier: never a keyword

  // An unquoted identifier equal to `keyword` ignoring ASCII case.
  bool is_keyword(std::string_view keyword) const;
  bool is_symbol(std::string_view symbol) const {
    return kind == TokenKind::kSymbol && text == symbol;
  }
  // How a message shows the token: "'abc'" for a word, "end of input" for kEnd.
  std::string describe() const;
};

// Splits `sql` into tokens ending with one kEnd token; comments (-- to end of line,
// /* ... */) and white space are dropped. Fails with kSqlErrorCode on an unterminated
// string, identifier or comment, or a character that starts no token, naming its position.
Result<std::vector<Token>> tokenize(std::string_view sql);

// "SQL parse error at line L, column C: <what>".
Status parse_error(Position position, std::string_view what);

}  // namespace fluss::sql
