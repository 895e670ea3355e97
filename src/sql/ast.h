// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/data_type.h"
#include "model/properties.h"
#include "sql/lexer.h"

namespace fluss::sql {

// The syntax tree of the Flink SQL statements `fluss sql` accepts (docs/sql.md).
// Plain values: every node owns its children (expressions share immutable subtrees).

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

// A literal as written; numbers keep their text so that typing can be exact.
struct Literal {
  enum class Kind : uint8_t {
    kNull,
    kBoolean,    // text "TRUE" / "FALSE"
    kInteger,    // 123
    kDecimal,    // 1.50 (exact)
    kFloat,      // 1.5e3 (approximate, DOUBLE)
    kString,     // 'abc' (text unescaped)
    kBinary,     // X'0aff' (text = hex digits)
    kDate,       // DATE '2024-01-31'
    kTime,       // TIME '12:00:00.5'
    kTimestamp,  // TIMESTAMP '2024-01-31 12:00:00'
  };
  Kind kind = Kind::kNull;
  std::string text = {};
};

struct ColumnRef {
  std::string name = {};
};

struct UnaryExpr {
  enum class Op : uint8_t { kNot, kNegate, kPlus };
  Op op;
  ExprPtr operand = {};
};

struct BinaryExpr {
  enum class Op : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr, kAdd, kSub, kMul, kDiv };
  Op op;
  ExprPtr left = {};
  ExprPtr right = {};
};

struct IsNullExpr {
  ExprPtr operand = {};
  bool negated = false;  // IS NOT NULL
};

struct CastExpr {
  ExprPtr operand = {};
  DataType type = {};
};

// ARRAY[a, b], MAP[k1, v1, k2, v2], ROW(a, b).
struct ConstructorExpr {
  enum class Kind : uint8_t { kArray, kMap, kRow };
  Kind kind;
  std::vector<ExprPtr> items = {};
};

struct Expr {
  std::variant<Literal, ColumnRef, UnaryExpr, BinaryExpr, IsNullExpr, CastExpr, ConstructorExpr>
      node;
  Position position = {};
};

const char* binary_op_symbol(BinaryExpr::Op op);
// 'text' with inner quotes doubled: a SQL string literal.
std::string quote_string(std::string_view text);
// `name` with inner back quotes doubled: a SQL identifier.
std::string quote_identifier(std::string_view name);
// The expression as SQL, fully parenthesized where it nests: for messages and tests.
std::string expr_to_string(const Expr& expr);

// [catalog.][database.]name, parts as written.
struct ObjectName {
  std::optional<std::string> catalog = {};
  std::optional<std::string> database = {};
  std::string name = {};
  Position position = {};

  // "cat.db.t" with only the parts given.
  std::string to_string() const;
};

struct ColumnDefinition {
  std::string name = {};
  DataType type = {};
  std::optional<std::string> comment = {};
  Position position = {};
};

struct PrimaryKeyDefinition {
  std::optional<std::string> constraint_name = {};  // CONSTRAINT name PRIMARY KEY (...)
  std::vector<std::string> columns = {};
  Position position = {};
};

struct CreateCatalogStatement {
  std::string name = {};
  Properties options = {};
};
struct UseCatalogStatement {
  std::string name = {};
};
struct CreateDatabaseStatement {
  ObjectName database = {};  // [catalog.]db: `name` is the database
  bool if_not_exists = false;
  std::optional<std::string> comment = {};
  Properties options = {};
};
enum class DropBehavior : uint8_t { kRestrict, kCascade };
struct DropDatabaseStatement {
  ObjectName database = {};
  bool if_exists = false;
  DropBehavior behavior = DropBehavior::kRestrict;
};
struct ShowDatabasesStatement {};
struct UseDatabaseStatement {
  ObjectName database = {};
};
struct CreateTableStatement {
  ObjectName table = {};
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns = {};
  std::optional<PrimaryKeyDefinition> primary_key = {};
  std::optional<std::string> comment = {};
  std::vector<std::string> partition_keys = {};
  Properties options = {};  // WITH (...), in the order written
};
struct DropTableStatement {
  ObjectName table = {};
  bool if_exists = false;
};
struct ShowTablesStatement {
  std::optional<ObjectName> database = {};  // FROM / IN [catalog.]db
};
struct DescribeTableStatement {
  ObjectName table = {};
};
struct ShowCreateTableStatement {
  ObjectName table = {};
};
struct ShowPartitionsStatement {
  ObjectName table = {};
};
struct AlterTableSetStatement {
  ObjectName table = {};
  Properties options = {};
};
struct AlterTableResetStatement {
  ObjectName table = {};
  std::vector<std::string> keys = {};
};
struct InsertStatement {
  ObjectName table = {};
  std::vector<std::string> columns = {};  // empty: every column in order
  std::vector<std::vector<ExprPtr>> rows = {};
};
struct SelectItem {
  ExprPtr expr = {};
  std::optional<std::string> alias = {};
};
struct SelectStatement {
  std::vector<SelectItem> items = {};  // empty: SELECT *
  ObjectName table = {};
  ExprPtr where = {};  // null: no WHERE
  std::optional<int64_t> limit = {};
};
struct DeleteStatement {
  ObjectName table = {};
  ExprPtr where = {};
};
struct Assignment {
  std::string column = {};
  ExprPtr value = {};
  Position position = {};
};
struct UpdateStatement {
  ObjectName table = {};
  std::vector<Assignment> assignments = {};
  ExprPtr where = {};  // null: no WHERE
};
// SET 'k' = 'v' (key set), or SET alone (list the session options).
struct SetStatement {
  std::optional<std::string> key = {};
  std::optional<std::string> value = {};
};
// RESET 'k', or RESET alone (every session option).
struct ResetStatement {
  std::optional<std::string> key = {};
};
struct HelpStatement {};
struct QuitStatement {};  // QUIT and EXIT

using Statement = std::variant<
    CreateCatalogStatement, UseCatalogStatement, CreateDatabaseStatement, DropDatabaseStatement,
    ShowDatabasesStatement, UseDatabaseStatement, CreateTableStatement, DropTableStatement,
    ShowTablesStatement, DescribeTableStatement, ShowCreateTableStatement, ShowPartitionsStatement,
    AlterTableSetStatement, AlterTableResetStatement, InsertStatement, SelectStatement,
    DeleteStatement, UpdateStatement, SetStatement, ResetStatement, HelpStatement, QuitStatement>;

}  // namespace fluss::sql
