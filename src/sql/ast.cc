// SPDX-License-Identifier: Apache-2.0
#include "sql/ast.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace fluss::sql {

const char* binary_op_symbol(BinaryExpr::Op op) {
  switch (op) {
    case BinaryExpr::Op::kEq:
      return "=";
    case BinaryExpr::Op::kNe:
      return "<>";
    case BinaryExpr::Op::kLt:
      return "<";
    case BinaryExpr::Op::kLe:
      return "<=";
    case BinaryExpr::Op::kGt:
      return ">";
    case BinaryExpr::Op::kGe:
      return ">=";
    case BinaryExpr::Op::kAnd:
      return "AND";
    case BinaryExpr::Op::kOr:
      return "OR";
    case BinaryExpr::Op::kAdd:
      return "+";
    case BinaryExpr::Op::kSub:
      return "-";
    case BinaryExpr::Op::kMul:
      return "*";
    case BinaryExpr::Op::kDiv:
      return "/";
  }
  return "?";
}

namespace {

struct Printer {
  std::string operator()(const Literal& l) const {
    switch (l.kind) {
      case Literal::Kind::kString:
        return quote_string(l.text);
      case Literal::Kind::kBinary:
        return fmt::format("X'{}'", l.text);
      case Literal::Kind::kDate:
        return "DATE " + quote_string(l.text);
      case Literal::Kind::kTime:
        return "TIME " + quote_string(l.text);
      case Literal::Kind::kTimestamp:
        return "TIMESTAMP " + quote_string(l.text);
      default:
        return l.text;
    }
  }
  std::string operator()(const ColumnRef& c) const { return c.name; }
  std::string operator()(const UnaryExpr& u) const {
    const char* op =
        u.op == UnaryExpr::Op::kNot ? "NOT " : (u.op == UnaryExpr::Op::kNegate ? "-" : "+");
    return fmt::format("({}{})", op, expr_to_string(*u.operand));
  }
  std::string operator()(const BinaryExpr& b) const {
    return fmt::format("({} {} {})", expr_to_string(*b.left), binary_op_symbol(b.op),
                       expr_to_string(*b.right));
  }
  std::string operator()(const IsNullExpr& e) const {
    return fmt::format("({} IS {}NULL)", expr_to_string(*e.operand), e.negated ? "NOT " : "");
  }
  std::string operator()(const CastExpr& c) const {
    return fmt::format("CAST({} AS {})", expr_to_string(*c.operand), c.type.to_string());
  }
  std::string operator()(const ConstructorExpr& c) const {
    std::vector<std::string> items;
    for (const ExprPtr& item : c.items) items.push_back(expr_to_string(*item));
    switch (c.kind) {
      case ConstructorExpr::Kind::kArray:
        return fmt::format("ARRAY[{}]", fmt::join(items, ", "));
      case ConstructorExpr::Kind::kMap:
        return fmt::format("MAP[{}]", fmt::join(items, ", "));
      case ConstructorExpr::Kind::kRow:
        return fmt::format("ROW({})", fmt::join(items, ", "));
    }
    return "?";
  }
};

}  // namespace

std::string quote_string(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string quote_identifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string expr_to_string(const Expr& expr) { return std::visit(Printer{}, expr.node); }

std::string ObjectName::to_string() const {
  std::string out;
  if (catalog) out += *catalog + ".";
  if (database) out += *database + ".";
  return out + name;
}

}  // namespace fluss::sql
