// SPDX-License-Identifier: Apache-2.0
#include "sql/lexer.h"

#include <fmt/format.h>

#include <cctype>

namespace fluss::sql {
namespace {

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool is_ident_start(char c) {
  // Bytes >= 0x80 are UTF-8 sequences: letters of other scripts.
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_ident_part(char c) {
  return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> tokens;
    while (true) {
      FLUSS_RETURN_IF_ERROR(skip_blanks());
      Token token;
      token.position = position_;
      if (at_end()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      FLUSS_RETURN_IF_ERROR(next(token));
      tokens.push_back(std::move(token));
    }
  }

 private:
  bool at_end() const { return i_ >= sql_.size(); }
  char peek(size_t ahead = 0) const { return i_ + ahead < sql_.size() ? sql_[i_ + ahead] : '\0'; }
  void advance() {
    if (sql_[i_] == '\n') {
      ++position_.line;
      position_.column = 1;
    } else {
      ++position_.column;
    }
    ++i_;
  }

  Status skip_blanks() {
    while (!at_end()) {
      char c = peek();
      if (std::isspace(static_cast<unsigned char>(c))) {
        advance();
      } else if (c == '-' && peek(1) == '-') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '/' && peek(1) == '*') {
        Position start = position_;
        advance();
        advance();
        while (!(peek() == '*' && peek(1) == '/')) {
          if (at_end()) return parse_error(start, "unterminated comment '/*'");
          advance();
        }
        advance();
        advance();
      } else {
        break;
      }
    }
    return Status::OK();
  }

  // Reads a quoted run up to the closing `quote`, a doubled quote standing for itself.
  Status quoted(char quote, std::string& out, std::string_view what) {
    Position start = position_;
    advance();
    while (true) {
      if (at_end()) return parse_error(start, fmt::format("unterminated {}", what));
      char c = peek();
      if (c == quote) {
        if (peek(1) == quote) {
          out.push_back(c);
          advance();
          advance();
          continue;
        }
        advance();
        return Status::OK();
      }
      out.push_back(c);
      advance();
    }
  }

  Status next(Token& token) {
    char c = peek();
    if ((c == 'x' || c == 'X') && peek(1) == '\'') {
      token.kind = TokenKind::kHexString;
      advance();
      Position start = position_;
      FLUSS_RETURN_IF_ERROR(quoted('\'', token.text, "hex string literal"));
      if (token.text.size() % 2 != 0) {
        return parse_error(start, "hex string literal must have an even number of digits");
      }
      for (char h : token.text) {
        if (!std::isxdigit(static_cast<unsigned char>(h))) {
          return parse_error(start, fmt::format("'{}' is not a hex digit", h));
        }
      }
      return Status::OK();
    }
    if (is_ident_start(c)) {
      token.kind = TokenKind::kIdentifier;
      size_t begin = i_;
      while (!at_end() && is_ident_part(peek())) advance();
      token.text = std::string(sql_.substr(begin, i_ - begin));
      return Status::OK();
    }
    if (c == '`') {
      token.kind = TokenKind::kIdentifier;
      token.quoted = true;
      Position start = position_;
      FLUSS_RETURN_IF_ERROR(quoted('`', token.text, "quoted identifier '`'"));
      if (token.text.empty()) return parse_error(start, "empty quoted identifier");
      return Status::OK();
    }
    if (c == '\'') {
      token.kind = TokenKind::kString;
      return quoted('\'', token.text, "string literal");
    }
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number(token);
    static constexpr std::string_view kTwoChar[] = {"<>", "!=", "<=", ">="};
    for (std::string_view op : kTwoChar) {
      if (c == op[0] && peek(1) == op[1]) {
        token.kind = TokenKind::kSymbol;
        token.text = std::string(op);
        advance();
        advance();
        return Status::OK();
      }
    }
    static constexpr std::string_view kOneChar = "(),;.=<>+-*/[]";
    if (kOneChar.find(c) != std::string_view::npos) {
      token.kind = TokenKind::kSymbol;
      token.text = std::string(1, c);
      advance();
      return Status::OK();
    }
    return parse_error(position_, fmt::format("unexpected character '{}'", c));
  }

  Status number(Token& token) {
    size_t begin = i_;
    token.kind = TokenKind::kInteger;
    while (is_digit(peek())) advance();
    if (peek() == '.') {
      token.kind = TokenKind::kDecimal;
      advance();
      while (is_digit(peek())) advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      size_t sign = (peek(1) == '+' || peek(1) == '-') ? 1 : 0;
      if (is_digit(peek(1 + sign))) {
        token.kind = TokenKind::kFloat;
        advance();
        if (sign) advance();
        while (is_digit(peek())) advance();
      }
    }
    if (is_ident_start(peek())) {
      return parse_error(position_, fmt::format("unexpected character '{}' in a number", peek()));
    }
    token.text = std::string(sql_.substr(begin, i_ - begin));
    return Status::OK();
  }

  std::string_view sql_;
  size_t i_ = 0;
  Position position_;
};

}  // namespace

bool Token::is_keyword(std::string_view keyword) const {
  return kind == TokenKind::kIdentifier && !quoted && ieq(text, keyword);
}

std::string Token::describe() const {
  switch (kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kString:
      return fmt::format("'{}' (a string)", text);
    case TokenKind::kHexString:
      return fmt::format("X'{}'", text);
    case TokenKind::kIdentifier:
      return quoted ? fmt::format("'`{}`'", text) : fmt::format("'{}'", text);
    default:
      return fmt::format("'{}'", text);
  }
}

Result<std::vector<Token>> tokenize(std::string_view sql) { return Lexer(sql).run(); }

Status parse_error(Position position, std::string_view what) {
  return make_error(kSqlErrorCode, "SQL parse error at line {}, column {}: {}", position.line,
                    position.column, what);
}

}  // namespace fluss::sql
