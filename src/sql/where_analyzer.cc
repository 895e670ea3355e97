// SPDX-License-Identifier: Apache-2.0
#include "sql/where_analyzer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "sql/expression_evaluator.h"

namespace fluss::sql {
namespace {

void conjuncts(const ExprPtr& e, std::vector<ExprPtr>& out) {
  if (const auto* b = std::get_if<BinaryExpr>(&e->node); b && b->op == BinaryExpr::Op::kAnd) {
    conjuncts(b->left, out);
    conjuncts(b->right, out);
    return;
  }
  out.push_back(e);
}

bool is_constant(const Expr& e) {
  struct V {
    bool operator()(const Literal&) const { return true; }
    bool operator()(const ColumnRef&) const { return false; }
    bool operator()(const UnaryExpr& u) const { return is_constant(*u.operand); }
    bool operator()(const BinaryExpr& b) const {
      return is_constant(*b.left) && is_constant(*b.right);
    }
    bool operator()(const IsNullExpr& n) const { return is_constant(*n.operand); }
    bool operator()(const CastExpr& c) const { return is_constant(*c.operand); }
    bool operator()(const ConstructorExpr& c) const {
      return std::all_of(c.items.begin(), c.items.end(),
                         [](const ExprPtr& i) { return is_constant(*i); });
    }
  };
  return std::visit(V{}, e.node);
}

Status check_columns(const Expr& e, const Schema& schema) {
  if (const auto* c = std::get_if<ColumnRef>(&e.node)) {
    if (schema.column(c->name) == nullptr) {
      return make_error(
          kSqlErrorCode, "at line {}, column {}: column '{}' does not exist; the columns are {}",
          e.position.line, e.position.column, c->name, fmt::join(schema.column_names(), ", "));
    }
    return Status::OK();
  }
  struct V {
    const Schema& schema;
    Status operator()(const Literal&) const { return Status::OK(); }
    Status operator()(const ColumnRef&) const { return Status::OK(); }
    Status operator()(const UnaryExpr& u) const { return check_columns(*u.operand, schema); }
    Status operator()(const BinaryExpr& b) const {
      FLUSS_RETURN_IF_ERROR(check_columns(*b.left, schema));
      return check_columns(*b.right, schema);
    }
    Status operator()(const IsNullExpr& n) const { return check_columns(*n.operand, schema); }
    Status operator()(const CastExpr& c) const { return check_columns(*c.operand, schema); }
    Status operator()(const ConstructorExpr& c) const {
      for (const ExprPtr& i : c.items) FLUSS_RETURN_IF_ERROR(check_columns(*i, schema));
      return Status::OK();
    }
  };
  return std::visit(V{schema}, e.node);
}

struct Equality {
  std::string column;
  ExprPtr value;
};

std::optional<Equality> as_key_equality(const Expr& e) {
  const auto* b = std::get_if<BinaryExpr>(&e.node);
  if (b == nullptr || b->op != BinaryExpr::Op::kEq) return std::nullopt;
  const auto* lc = std::get_if<ColumnRef>(&b->left->node);
  const auto* rc = std::get_if<ColumnRef>(&b->right->node);
  // `k = NULL` matches nothing: not a key, left to the filter.
  auto usable = [](const ExprPtr& e) {
    const auto* l = std::get_if<Literal>(&e->node);
    return is_constant(*e) && !(l && l->kind == Literal::Kind::kNull);
  };
  if (lc && usable(b->right)) return Equality{lc->name, b->right};
  if (rc && usable(b->left)) return Equality{rc->name, b->left};
  return std::nullopt;
}

}  // namespace

Result<WhereAnalysis> analyze_where(const Expr* where, const Schema& schema,
                                    const std::vector<std::string>& partition_keys,
                                    const std::vector<std::string>& bucket_keys) {
  WhereAnalysis out;
  if (where == nullptr) return out;
  FLUSS_RETURN_IF_ERROR(check_columns(*where, schema));
  std::vector<ExprPtr> parts;
  conjuncts(std::make_shared<const Expr>(*where), parts);

  // column -> (conjunct index, count of equalities on it)
  std::map<std::string, std::pair<size_t, int>> equalities;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (auto eq = as_key_equality(*parts[i])) {
      auto& entry = equalities[eq->column];
      entry.first = i;
      ++entry.second;
    }
  }
  auto covers = [&](const std::vector<std::string>& columns) {
    return !columns.empty() && std::all_of(columns.begin(), columns.end(), [&](const auto& c) {
      auto it = equalities.find(c);
      return it != equalities.end() && it->second.second == 1;
    });
  };

  std::vector<std::string> pk = schema.primary_key_column_names();
  std::vector<std::string> physical = physical_primary_key(pk, partition_keys);
  bool bucket_key_is_proper_prefix =
      !bucket_keys.empty() && bucket_keys.size() < physical.size() &&
      std::equal(bucket_keys.begin(), bucket_keys.end(), physical.begin());
  std::vector<std::string> prefix_columns = bucket_keys;
  prefix_columns.insert(prefix_columns.end(), partition_keys.begin(), partition_keys.end());

  if (!pk.empty() && covers(pk)) {
    out.path = AccessPath::kLookup;
    out.key_columns = pk;
  } else if (bucket_key_is_proper_prefix && covers(prefix_columns)) {
    out.path = AccessPath::kPrefixLookup;
    out.key_columns = prefix_columns;
  } else {
    out.residual = std::move(parts);
    return out;
  }

  std::vector<bool> used(parts.size(), false);
  std::vector<Datum> values;
  for (const std::string& name : out.key_columns) {
    size_t index = equalities[name].first;
    used[index] = true;
    const Column* column = schema.column(name);
    FLUSS_ASSIGN_OR_RETURN(
        Datum d, evaluate_constant(*as_key_equality(*parts[index])->value, column->type, name));
    values.push_back(std::move(d));
  }
  out.key = GenericRow(std::move(values));
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!used[i]) out.residual.push_back(parts[i]);
  }
  return out;
}

}  // namespace fluss::sql
