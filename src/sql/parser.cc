// SPDX-License-Identifier: Apache-2.0
#include "sql/parser.h"

#include <fmt/format.h>

#include <charconv>
#include <initializer_list>
#include <limits>
#include <utility>

namespace fluss::sql {
namespace {

// Expressions and types nest at most this deep, so hostile input cannot exhaust the stack.
constexpr int kMaxDepth = 200;

// Words that end or structure a clause: never read as a bare identifier.
constexpr std::string_view kReserved[] = {
    "SELECT", "FROM",  "WHERE",       "LIMIT",   "AND",  "OR",     "NOT",     "NULL",
    "TRUE",   "FALSE", "IS",          "AS",      "SET",  "VALUES", "PRIMARY", "CONSTRAINT",
    "CAST",   "WITH",  "PARTITIONED", "COMMENT", "INTO", "RESET"};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Statement> statement();
  Result<DataType> data_type();
  Result<ExprPtr> expression() { return or_expr(); }

  // Accepts an optional ';' then requires the end of input.
  Status finish() {
    accept_symbol(";");
    if (peek().kind != TokenKind::kEnd) return expected("end of statement");
    return Status::OK();
  }
  bool at_end() const { return peek().kind == TokenKind::kEnd; }
  bool accept_symbol(std::string_view s) {
    if (!peek().is_symbol(s)) return false;
    ++pos_;
    return true;
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& take() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  Status expected(std::string_view what) const {
    return parse_error(peek().position,
                       fmt::format("expected {} but found {}", what, peek().describe()));
  }
  bool accept(std::string_view keyword) {
    if (!peek().is_keyword(keyword)) return false;
    ++pos_;
    return true;
  }
  Status expect(std::string_view keyword) {
    if (accept(keyword)) return Status::OK();
    return expected(keyword);
  }
  Status expect_symbol(std::string_view s) {
    if (accept_symbol(s)) return Status::OK();
    return expected(fmt::format("'{}'", s));
  }
  static bool reserved(const Token& t) {
    for (std::string_view word : kReserved) {
      if (t.is_keyword(word)) return true;
    }
    return false;
  }

  Result<std::string> identifier(std::string_view what) {
    const Token& t = peek();
    if (t.kind != TokenKind::kIdentifier || reserved(t)) return expected(what);
    return take().text;
  }
  Result<std::string> string_literal(std::string_view what) {
    if (peek().kind != TokenKind::kString) return expected(what);
    return take().text;
  }
  Result<int64_t> integer(std::string_view what) {
    const Token& t = peek();
    int64_t value = 0;
    if (t.kind != TokenKind::kInteger) return expected(what);
    auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), value);
    if (ec != std::errc() || end != t.text.data() + t.text.size()) {
      return parse_error(t.position, fmt::format("{} {} is out of range", what, t.text));
    }
    take();
    return value;
  }
  Result<int> small_integer(std::string_view what) {
    Position at = peek().position;
    FLUSS_ASSIGN_OR_RETURN(int64_t value, integer(what));
    if (value > std::numeric_limits<int32_t>::max()) {
      return parse_error(at, fmt::format("{} {} is out of range", what, value));
    }
    return static_cast<int>(value);
  }

  Result<ObjectName> object_name(std::string_view what) {
    ObjectName name;
    name.position = peek().position;
    std::vector<std::string> parts;
    FLUSS_ASSIGN_OR_RETURN(std::string first, identifier(what));
    parts.push_back(std::move(first));
    while (accept_symbol(".")) {
      if (parts.size() == 3) return expected("at most catalog.database.name");
      FLUSS_ASSIGN_OR_RETURN(std::string part, identifier(what));
      parts.push_back(std::move(part));
    }
    name.name = std::move(parts.back());
    if (parts.size() >= 2) name.database = std::move(parts[parts.size() - 2]);
    if (parts.size() == 3) name.catalog = std::move(parts[0]);
    return name;
  }
  // A database: [catalog.]db, returned with the database in `name`.
  Result<ObjectName> database_name() {
    ObjectName name;
    name.position = peek().position;
    FLUSS_ASSIGN_OR_RETURN(name.name, identifier("database name"));
    if (accept_symbol(".")) {
      name.catalog = std::move(name.name);
      FLUSS_ASSIGN_OR_RETURN(name.name, identifier("database name"));
    }
    return name;
  }

  // ( 'k' = 'v' [, ...] )
  Result<Properties> options() {
    FLUSS_RETURN_IF_ERROR(expect_symbol("("));
    Properties props;
    do {
      Position at = peek().position;
      FLUSS_ASSIGN_OR_RETURN(std::string key, string_literal("option key string"));
      FLUSS_RETURN_IF_ERROR(expect_symbol("="));
      FLUSS_ASSIGN_OR_RETURN(std::string value, string_literal("option value string"));
      if (props.contains(key)) {
        return parse_error(at, fmt::format("option '{}' is given twice", key));
      }
      props.set(std::move(key), std::move(value));
    } while (accept_symbol(","));
    FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
    return props;
  }

  Result<std::vector<std::string>> column_list(std::string_view what) {
    FLUSS_RETURN_IF_ERROR(expect_symbol("("));
    std::vector<std::string> names;
    do {
      Position at = peek().position;
      FLUSS_ASSIGN_OR_RETURN(std::string name, identifier(what));
      for (const std::string& n : names) {
        if (n == name) return parse_error(at, fmt::format("column '{}' is listed twice", name));
      }
      names.push_back(std::move(name));
    } while (accept_symbol(","));
    FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
    return names;
  }

  Result<Statement> create();
  Result<Statement> create_table();
  Result<Statement> drop();
  Result<Statement> show();
  Result<Statement> alter();
  Result<Statement> insert();
  Result<Statement> select();
  Result<Statement> update();
  Result<Statement> set();

  Result<DataType> type_with_nullability();
  Result<DataType> base_type();
  Result<std::optional<int>> optional_length(std::string_view what);

  Result<ExprPtr> or_expr();
  Result<ExprPtr> and_expr();
  Result<ExprPtr> not_expr();
  Result<ExprPtr> comparison();
  Result<ExprPtr> additive();
  Result<ExprPtr> multiplicative();
  Result<ExprPtr> unary();
  Result<ExprPtr> primary();
  Result<std::vector<ExprPtr>> expr_list(std::string_view close);

  Status enter() {
    if (++depth_ > kMaxDepth) {
      return parse_error(peek().position,
                         fmt::format("expression or type nested deeper than {}", kMaxDepth));
    }
    return Status::OK();
  }
  struct DepthGuard {
    int& depth;
    ~DepthGuard() { --depth; }
  };

  static ExprPtr make(Position at, auto node) {
    return std::make_shared<const Expr>(Expr{.node = std::move(node), .position = at});
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

Result<Statement> Parser::statement() {
  const Token& t = peek();
  if (t.is_keyword("CREATE")) return create();
  if (t.is_keyword("DROP")) return drop();
  if (t.is_keyword("SHOW")) return show();
  if (t.is_keyword("ALTER")) return alter();
  if (t.is_keyword("INSERT")) return insert();
  if (t.is_keyword("SELECT")) return select();
  if (t.is_keyword("UPDATE")) return update();
  if (t.is_keyword("SET")) return set();
  if (accept("USE")) {
    if (accept("CATALOG")) {
      FLUSS_ASSIGN_OR_RETURN(std::string name, identifier("catalog name"));
      return UseCatalogStatement{.name = std::move(name)};
    }
    FLUSS_ASSIGN_OR_RETURN(ObjectName db, database_name());
    return UseDatabaseStatement{.database = std::move(db)};
  }
  if (accept("DESCRIBE") || accept("DESC")) {
    accept("TABLE");
    FLUSS_ASSIGN_OR_RETURN(ObjectName table, object_name("table name"));
    return DescribeTableStatement{.table = std::move(table)};
  }
  if (accept("DELETE")) {
    FLUSS_RETURN_IF_ERROR(expect("FROM"));
    DeleteStatement del;
    FLUSS_ASSIGN_OR_RETURN(del.table, object_name("table name"));
    if (accept("WHERE")) {
      FLUSS_ASSIGN_OR_RETURN(del.where, expression());
    }
    return del;
  }
  if (accept("RESET")) {
    ResetStatement reset;
    if (peek().kind == TokenKind::kString) reset.key = take().text;
    return reset;
  }
  if (accept("HELP")) return HelpStatement{};
  if (accept("QUIT") || accept("EXIT")) return QuitStatement{};
  return expected(
      "a statement (CREATE, DROP, USE, SHOW, DESCRIBE, ALTER, INSERT, SELECT, UPDATE, DELETE, "
      "SET, RESET, HELP, QUIT)");
}

Result<Statement> Parser::create() {
  take();  // CREATE
  if (accept("CATALOG")) {
    CreateCatalogStatement cat;
    FLUSS_ASSIGN_OR_RETURN(cat.name, identifier("catalog name"));
    FLUSS_RETURN_IF_ERROR(expect("WITH"));
    FLUSS_ASSIGN_OR_RETURN(cat.options, options());
    return cat;
  }
  if (accept("DATABASE")) {
    CreateDatabaseStatement db;
    if (accept("IF")) {
      FLUSS_RETURN_IF_ERROR(expect("NOT"));
      FLUSS_RETURN_IF_ERROR(expect("EXISTS"));
      db.if_not_exists = true;
    }
    FLUSS_ASSIGN_OR_RETURN(db.database, database_name());
    if (accept("COMMENT")) {
      FLUSS_ASSIGN_OR_RETURN(db.comment, string_literal("comment string"));
    }
    if (accept("WITH")) {
      FLUSS_ASSIGN_OR_RETURN(db.options, options());
    }
    return db;
  }
  if (peek().is_keyword("TABLE")) return create_table();
  return expected("CATALOG, DATABASE or TABLE");
}

Result<Statement> Parser::create_table() {
  take();  // TABLE
  CreateTableStatement ct;
  if (accept("IF")) {
    FLUSS_RETURN_IF_ERROR(expect("NOT"));
    FLUSS_RETURN_IF_ERROR(expect("EXISTS"));
    ct.if_not_exists = true;
  }
  FLUSS_ASSIGN_OR_RETURN(ct.table, object_name("table name"));
  FLUSS_RETURN_IF_ERROR(expect_symbol("("));
  do {
    Position at = peek().position;
    if (peek().is_keyword("PRIMARY") || peek().is_keyword("CONSTRAINT")) {
      if (ct.primary_key) return parse_error(at, "the primary key is declared twice");
      PrimaryKeyDefinition pk{.position = at};
      if (accept("CONSTRAINT")) {
        FLUSS_ASSIGN_OR_RETURN(pk.constraint_name, identifier("constraint name"));
      }
      FLUSS_RETURN_IF_ERROR(expect("PRIMARY"));
      FLUSS_RETURN_IF_ERROR(expect("KEY"));
      FLUSS_ASSIGN_OR_RETURN(pk.columns, column_list("primary key column name"));
      if (!accept("NOT")) {
        return parse_error(peek().position,
                           fmt::format("expected NOT ENFORCED but found {}: Flink supports only "
                                       "PRIMARY KEY (...) NOT ENFORCED",
                                       peek().describe()));
      }
      FLUSS_RETURN_IF_ERROR(expect("ENFORCED"));
      ct.primary_key = std::move(pk);
      continue;
    }
    ColumnDefinition col{.position = at};
    FLUSS_ASSIGN_OR_RETURN(col.name, identifier("column name or PRIMARY KEY"));
    for (const ColumnDefinition& c : ct.columns) {
      if (c.name == col.name) {
        return parse_error(at, fmt::format("column '{}' is declared twice", col.name));
      }
    }
    FLUSS_ASSIGN_OR_RETURN(col.type, type_with_nullability());
    if (accept("COMMENT")) {
      FLUSS_ASSIGN_OR_RETURN(col.comment, string_literal("comment string"));
    }
    ct.columns.push_back(std::move(col));
  } while (accept_symbol(","));
  FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
  if (accept("COMMENT")) {
    FLUSS_ASSIGN_OR_RETURN(ct.comment, string_literal("comment string"));
  }
  if (accept("PARTITIONED")) {
    FLUSS_RETURN_IF_ERROR(expect("BY"));
    FLUSS_ASSIGN_OR_RETURN(ct.partition_keys, column_list("partition column name"));
  }
  if (accept("WITH")) {
    FLUSS_ASSIGN_OR_RETURN(ct.options, options());
  }
  return ct;
}

Result<Statement> Parser::drop() {
  take();  // DROP
  if (accept("DATABASE")) {
    DropDatabaseStatement db;
    if (accept("IF")) {
      FLUSS_RETURN_IF_ERROR(expect("EXISTS"));
      db.if_exists = true;
    }
    FLUSS_ASSIGN_OR_RETURN(db.database, database_name());
    if (accept("CASCADE")) {
      db.behavior = DropBehavior::kCascade;
    } else {
      accept("RESTRICT");
    }
    return db;
  }
  if (accept("TABLE")) {
    DropTableStatement t;
    if (accept("IF")) {
      FLUSS_RETURN_IF_ERROR(expect("EXISTS"));
      t.if_exists = true;
    }
    FLUSS_ASSIGN_OR_RETURN(t.table, object_name("table name"));
    return t;
  }
  return expected("DATABASE or TABLE");
}

Result<Statement> Parser::show() {
  take();  // SHOW
  if (accept("DATABASES")) return ShowDatabasesStatement{};
  if (accept("TABLES")) {
    ShowTablesStatement s;
    if (accept("FROM") || accept("IN")) {
      FLUSS_ASSIGN_OR_RETURN(s.database, database_name());
    }
    return s;
  }
  if (accept("CREATE")) {
    FLUSS_RETURN_IF_ERROR(expect("TABLE"));
    FLUSS_ASSIGN_OR_RETURN(ObjectName table, object_name("table name"));
    return ShowCreateTableStatement{.table = std::move(table)};
  }
  if (accept("PARTITIONS")) {
    FLUSS_ASSIGN_OR_RETURN(ObjectName table, object_name("table name"));
    return ShowPartitionsStatement{.table = std::move(table)};
  }
  return expected("DATABASES, TABLES, CREATE TABLE or PARTITIONS");
}

Result<Statement> Parser::alter() {
  take();  // ALTER
  FLUSS_RETURN_IF_ERROR(expect("TABLE"));
  FLUSS_ASSIGN_OR_RETURN(ObjectName table, object_name("table name"));
  if (accept("SET")) {
    AlterTableSetStatement s{.table = std::move(table)};
    FLUSS_ASSIGN_OR_RETURN(s.options, options());
    return s;
  }
  if (accept("RESET")) {
    AlterTableResetStatement r{.table = std::move(table)};
    FLUSS_RETURN_IF_ERROR(expect_symbol("("));
    do {
      FLUSS_ASSIGN_OR_RETURN(std::string key, string_literal("option key string"));
      r.keys.push_back(std::move(key));
    } while (accept_symbol(","));
    FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
    return r;
  }
  return expected("SET or RESET");
}

Result<Statement> Parser::insert() {
  take();  // INSERT
  FLUSS_RETURN_IF_ERROR(expect("INTO"));
  InsertStatement ins;
  FLUSS_ASSIGN_OR_RETURN(ins.table, object_name("table name"));
  if (peek().is_symbol("(")) {
    FLUSS_ASSIGN_OR_RETURN(ins.columns, column_list("column name"));
  }
  FLUSS_RETURN_IF_ERROR(expect("VALUES"));
  do {
    Position at = peek().position;
    FLUSS_RETURN_IF_ERROR(expect_symbol("("));
    FLUSS_ASSIGN_OR_RETURN(std::vector<ExprPtr> row, expr_list(")"));
    if (!ins.rows.empty() && row.size() != ins.rows.front().size()) {
      return parse_error(at, fmt::format("row {} has {} values but the first row has {}",
                                         ins.rows.size() + 1, row.size(), ins.rows.front().size()));
    }
    ins.rows.push_back(std::move(row));
  } while (accept_symbol(","));
  return ins;
}

Result<Statement> Parser::select() {
  take();  // SELECT
  SelectStatement sel;
  if (!accept_symbol("*")) {
    do {
      SelectItem item;
      FLUSS_ASSIGN_OR_RETURN(item.expr, expression());
      if (accept("AS")) {
        FLUSS_ASSIGN_OR_RETURN(item.alias, identifier("alias"));
      } else if (peek().kind == TokenKind::kIdentifier && !reserved(peek())) {
        item.alias = take().text;
      }
      sel.items.push_back(std::move(item));
    } while (accept_symbol(","));
  }
  FLUSS_RETURN_IF_ERROR(expect("FROM"));
  FLUSS_ASSIGN_OR_RETURN(sel.table, object_name("table name"));
  if (accept("WHERE")) {
    FLUSS_ASSIGN_OR_RETURN(sel.where, expression());
  }
  if (accept("LIMIT")) {
    FLUSS_ASSIGN_OR_RETURN(sel.limit, integer("LIMIT row count"));
  }
  return sel;
}

Result<Statement> Parser::update() {
  take();  // UPDATE
  UpdateStatement up;
  FLUSS_ASSIGN_OR_RETURN(up.table, object_name("table name"));
  FLUSS_RETURN_IF_ERROR(expect("SET"));
  do {
    Assignment a{.position = peek().position};
    FLUSS_ASSIGN_OR_RETURN(a.column, identifier("column name"));
    FLUSS_RETURN_IF_ERROR(expect_symbol("="));
    FLUSS_ASSIGN_OR_RETURN(a.value, expression());
    up.assignments.push_back(std::move(a));
  } while (accept_symbol(","));
  if (accept("WHERE")) {
    FLUSS_ASSIGN_OR_RETURN(up.where, expression());
  }
  return up;
}

Result<Statement> Parser::set() {
  take();  // SET
  SetStatement s;
  if (at_end() || peek().is_symbol(";")) return s;
  FLUSS_ASSIGN_OR_RETURN(s.key, string_literal("quoted option key, as in SET 'key' = 'value'"));
  FLUSS_RETURN_IF_ERROR(expect_symbol("="));
  FLUSS_ASSIGN_OR_RETURN(s.value, string_literal("quoted option value"));
  return s;
}

// ---- types ----

Result<DataType> Parser::data_type() { return type_with_nullability(); }

Result<DataType> Parser::type_with_nullability() {
  FLUSS_RETURN_IF_ERROR(enter());
  DepthGuard guard{depth_};
  FLUSS_ASSIGN_OR_RETURN(DataType type, base_type());
  if (accept("NOT")) {
    FLUSS_RETURN_IF_ERROR(expect("NULL"));
    return type.not_null();
  }
  accept("NULL");
  return type;
}

Result<std::optional<int>> Parser::optional_length(std::string_view what) {
  if (!accept_symbol("(")) return std::optional<int>();
  FLUSS_ASSIGN_OR_RETURN(int n, small_integer(what));
  FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
  return std::optional<int>(n);
}

Result<DataType> Parser::base_type() {
  const Token& t = peek();
  Position at = t.position;
  if (t.kind != TokenKind::kIdentifier || t.quoted) return expected("a data type");
  auto simple = [&](std::initializer_list<std::string_view> names) {
    for (std::string_view n : names) {
      if (t.is_keyword(n)) return true;
    }
    return false;
  };
  auto check_precision = [&](std::optional<int> p, int max, std::string_view name) -> Status {
    if (p && (*p < 0 || *p > max)) {
      return parse_error(
          at, fmt::format("{} precision must be between 0 and {}, not {}", name, max, *p));
    }
    return Status::OK();
  };
  if (simple({"BOOLEAN", "BOOL"})) return take(), DataType::boolean();
  if (simple({"TINYINT"})) return take(), DataType::tinyint();
  if (simple({"SMALLINT"})) return take(), DataType::smallint();
  if (simple({"INT", "INTEGER"})) return take(), DataType::int_();
  if (simple({"BIGINT"})) return take(), DataType::bigint();
  if (simple({"FLOAT"})) return take(), DataType::float_();
  if (simple({"DOUBLE"})) {
    take();
    accept("PRECISION");
    return DataType::double_();
  }
  if (simple({"STRING"})) return take(), DataType::string();
  if (simple({"BYTES"})) return take(), DataType::bytes();
  if (simple({"DATE"})) return take(), DataType::date();
  if (simple({"DECIMAL", "DEC", "NUMERIC"})) {
    take();
    int precision = 10;
    int scale = 0;
    if (accept_symbol("(")) {
      FLUSS_ASSIGN_OR_RETURN(precision, small_integer("DECIMAL precision"));
      if (accept_symbol(",")) {
        FLUSS_ASSIGN_OR_RETURN(scale, small_integer("DECIMAL scale"));
      }
      FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
    }
    if (precision < 1 || precision > DataType::kMaxDecimalPrecision) {
      return parse_error(at, fmt::format("DECIMAL precision must be between 1 and {}, not {}",
                                         DataType::kMaxDecimalPrecision, precision));
    }
    if (scale < 0 || scale > precision) {
      return parse_error(
          at, fmt::format("DECIMAL scale must be between 0 and the precision {}, not {}", precision,
                          scale));
    }
    return DataType::decimal(precision, scale);
  }
  bool is_char = simple({"CHAR", "CHARACTER"});
  bool is_binary = simple({"BINARY"});
  if (is_char || is_binary) {
    take();
    if (is_char && accept("VARYING")) {
      FLUSS_ASSIGN_OR_RETURN(std::optional<int> n, optional_length("VARCHAR length"));
      if (n && *n != std::numeric_limits<int32_t>::max()) {
        return parse_error(at, fmt::format("VARCHAR({}) is not supported by Fluss: use STRING "
                                           "(VARCHAR(2147483647)) or CHAR(n)",
                                           *n));
      }
      return DataType::string();
    }
    FLUSS_ASSIGN_OR_RETURN(std::optional<int> n, optional_length("length"));
    if (n && *n < 1) return parse_error(at, fmt::format("length must be at least 1, not {}", *n));
    return is_char ? DataType::char_(n.value_or(1)) : DataType::binary(n.value_or(1));
  }
  if (simple({"VARCHAR", "VARBINARY"})) {
    bool varchar = t.is_keyword("VARCHAR");
    take();
    FLUSS_ASSIGN_OR_RETURN(std::optional<int> n, optional_length("length"));
    // Fluss has only the unbounded forms (FlinkTypeToFlussType); a bare VARCHAR is read
    // as STRING rather than Flink's VARCHAR(1), which Fluss could not store anyway.
    if (n && *n != std::numeric_limits<int32_t>::max()) {
      return parse_error(at, varchar ? fmt::format("VARCHAR({}) is not supported by Fluss: use "
                                                   "STRING (VARCHAR(2147483647)) or CHAR(n)",
                                                   *n)
                                     : fmt::format("VARBINARY({}) is not supported by Fluss: use "
                                                   "BYTES (VARBINARY(2147483647)) or BINARY(n)",
                                                   *n));
    }
    return varchar ? DataType::string() : DataType::bytes();
  }
  if (simple({"TIME"})) {
    take();
    FLUSS_ASSIGN_OR_RETURN(std::optional<int> p, optional_length("TIME precision"));
    FLUSS_RETURN_IF_ERROR(check_precision(p, DataType::kMaxTimePrecision, "TIME"));
    if (accept("WITHOUT")) {
      FLUSS_RETURN_IF_ERROR(expect("TIME"));
      FLUSS_RETURN_IF_ERROR(expect("ZONE"));
    }
    return DataType::time(p.value_or(0));
  }
  if (simple({"TIMESTAMP"})) {
    take();
    FLUSS_ASSIGN_OR_RETURN(std::optional<int> p, optional_length("TIMESTAMP precision"));
    FLUSS_RETURN_IF_ERROR(check_precision(p, DataType::kMaxTimePrecision, "TIMESTAMP"));
    if (accept("WITHOUT")) {
      FLUSS_RETURN_IF_ERROR(expect("TIME"));
      FLUSS_RETURN_IF_ERROR(expect("ZONE"));
    } else if (accept("WITH")) {
      FLUSS_RETURN_IF_ERROR(expect("LOCAL"));
      FLUSS_RETURN_IF_ERROR(expect("TIME"));
      FLUSS_RETURN_IF_ERROR(expect("ZONE"));
      return DataType::timestamp_ltz(p.value_or(6));
    }
    return DataType::timestamp(p.value_or(6));
  }
  if (simple({"TIMESTAMP_LTZ"})) {
    take();
    FLUSS_ASSIGN_OR_RETURN(std::optional<int> p, optional_length("TIMESTAMP_LTZ precision"));
    FLUSS_RETURN_IF_ERROR(check_precision(p, DataType::kMaxTimePrecision, "TIMESTAMP_LTZ"));
    return DataType::timestamp_ltz(p.value_or(6));
  }
  if (simple({"ARRAY"})) {
    take();
    FLUSS_RETURN_IF_ERROR(expect_symbol("<"));
    FLUSS_ASSIGN_OR_RETURN(DataType element, type_with_nullability());
    FLUSS_RETURN_IF_ERROR(expect_symbol(">"));
    return DataType::array(std::move(element));
  }
  if (simple({"MAP"})) {
    take();
    FLUSS_RETURN_IF_ERROR(expect_symbol("<"));
    FLUSS_ASSIGN_OR_RETURN(DataType key, type_with_nullability());
    FLUSS_RETURN_IF_ERROR(expect_symbol(","));
    FLUSS_ASSIGN_OR_RETURN(DataType value, type_with_nullability());
    FLUSS_RETURN_IF_ERROR(expect_symbol(">"));
    return DataType::map(std::move(key), std::move(value));
  }
  if (simple({"ROW"})) {
    take();
    std::string_view close;
    if (accept_symbol("<")) {
      close = ">";
    } else if (accept_symbol("(")) {
      close = ")";
    } else {
      return expected("'<' or '(' after ROW");
    }
    std::vector<DataField> fields;
    if (!accept_symbol(close)) {
      do {
        Position field_at = peek().position;
        DataField field;
        FLUSS_ASSIGN_OR_RETURN(field.name, identifier("ROW field name"));
        for (const DataField& f : fields) {
          if (f.name == field.name) {
            return parse_error(field_at,
                               fmt::format("ROW field '{}' is declared twice", field.name));
          }
        }
        FLUSS_ASSIGN_OR_RETURN(field.type, type_with_nullability());
        if (accept("COMMENT")) {
          FLUSS_ASSIGN_OR_RETURN(field.description, string_literal("comment string"));
        }
        fields.push_back(std::move(field));
      } while (accept_symbol(","));
      FLUSS_RETURN_IF_ERROR(expect_symbol(close));
    }
    return DataType::row(std::move(fields));
  }
  return expected("a data type");
}

// ---- expressions ----

Result<ExprPtr> Parser::or_expr() {
  FLUSS_RETURN_IF_ERROR(enter());
  DepthGuard guard{depth_};
  FLUSS_ASSIGN_OR_RETURN(ExprPtr left, and_expr());
  while (peek().is_keyword("OR")) {
    Position at = take().position;
    FLUSS_ASSIGN_OR_RETURN(ExprPtr right, and_expr());
    left = make(at, BinaryExpr{BinaryExpr::Op::kOr, std::move(left), std::move(right)});
  }
  return left;
}

Result<ExprPtr> Parser::and_expr() {
  FLUSS_ASSIGN_OR_RETURN(ExprPtr left, not_expr());
  while (peek().is_keyword("AND")) {
    Position at = take().position;
    FLUSS_ASSIGN_OR_RETURN(ExprPtr right, not_expr());
    left = make(at, BinaryExpr{BinaryExpr::Op::kAnd, std::move(left), std::move(right)});
  }
  return left;
}

Result<ExprPtr> Parser::not_expr() {
  if (peek().is_keyword("NOT")) {
    FLUSS_RETURN_IF_ERROR(enter());
    DepthGuard guard{depth_};
    Position at = take().position;
    FLUSS_ASSIGN_OR_RETURN(ExprPtr operand, not_expr());
    return make(at, UnaryExpr{UnaryExpr::Op::kNot, std::move(operand)});
  }
  return comparison();
}

Result<ExprPtr> Parser::comparison() {
  FLUSS_ASSIGN_OR_RETURN(ExprPtr left, additive());
  static constexpr std::pair<std::string_view, BinaryExpr::Op> kOps[] = {
      {"=", BinaryExpr::Op::kEq}, {"<>", BinaryExpr::Op::kNe}, {"!=", BinaryExpr::Op::kNe},
      {"<", BinaryExpr::Op::kLt}, {"<=", BinaryExpr::Op::kLe}, {">", BinaryExpr::Op::kGt},
      {">=", BinaryExpr::Op::kGe}};
  for (auto [symbol, op] : kOps) {
    if (peek().is_symbol(symbol)) {
      Position at = take().position;
      FLUSS_ASSIGN_OR_RETURN(ExprPtr right, additive());
      return make(at, BinaryExpr{op, std::move(left), std::move(right)});
    }
  }
  if (peek().is_keyword("IS")) {
    Position at = take().position;
    bool negated = accept("NOT");
    FLUSS_RETURN_IF_ERROR(expect("NULL"));
    return make(at, IsNullExpr{std::move(left), negated});
  }
  return left;
}

Result<ExprPtr> Parser::additive() {
  FLUSS_ASSIGN_OR_RETURN(ExprPtr left, multiplicative());
  while (peek().is_symbol("+") || peek().is_symbol("-")) {
    const Token& t = take();
    auto op = t.text == "+" ? BinaryExpr::Op::kAdd : BinaryExpr::Op::kSub;
    FLUSS_ASSIGN_OR_RETURN(ExprPtr right, multiplicative());
    left = make(t.position, BinaryExpr{op, std::move(left), std::move(right)});
  }
  return left;
}

Result<ExprPtr> Parser::multiplicative() {
  FLUSS_ASSIGN_OR_RETURN(ExprPtr left, unary());
  while (peek().is_symbol("*") || peek().is_symbol("/")) {
    const Token& t = take();
    auto op = t.text == "*" ? BinaryExpr::Op::kMul : BinaryExpr::Op::kDiv;
    FLUSS_ASSIGN_OR_RETURN(ExprPtr right, unary());
    left = make(t.position, BinaryExpr{op, std::move(left), std::move(right)});
  }
  return left;
}

Result<ExprPtr> Parser::unary() {
  if (peek().is_symbol("-") || peek().is_symbol("+")) {
    FLUSS_RETURN_IF_ERROR(enter());
    DepthGuard guard{depth_};
    const Token& t = take();
    auto op = t.text == "-" ? UnaryExpr::Op::kNegate : UnaryExpr::Op::kPlus;
    FLUSS_ASSIGN_OR_RETURN(ExprPtr operand, unary());
    return make(t.position, UnaryExpr{op, std::move(operand)});
  }
  return primary();
}

Result<std::vector<ExprPtr>> Parser::expr_list(std::string_view close) {
  std::vector<ExprPtr> items;
  if (accept_symbol(close)) return items;
  do {
    FLUSS_ASSIGN_OR_RETURN(ExprPtr item, expression());
    items.push_back(std::move(item));
  } while (accept_symbol(","));
  FLUSS_RETURN_IF_ERROR(expect_symbol(close));
  return items;
}

Result<ExprPtr> Parser::primary() {
  const Token& t = peek();
  Position at = t.position;
  using Kind = Literal::Kind;
  auto literal = [&](Kind kind, std::string text) {
    take();
    return make(at, Literal{kind, std::move(text)});
  };
  switch (t.kind) {
    case TokenKind::kInteger:
      return literal(Kind::kInteger, t.text);
    case TokenKind::kDecimal:
      return literal(Kind::kDecimal, t.text);
    case TokenKind::kFloat:
      return literal(Kind::kFloat, t.text);
    case TokenKind::kString:
      return literal(Kind::kString, t.text);
    case TokenKind::kHexString:
      return literal(Kind::kBinary, t.text);
    case TokenKind::kEnd:
      return expected("an expression");
    case TokenKind::kSymbol: {
      if (!t.is_symbol("(")) return expected("an expression");
      FLUSS_RETURN_IF_ERROR(enter());
      DepthGuard guard{depth_};
      take();
      FLUSS_ASSIGN_OR_RETURN(ExprPtr inner, expression());
      FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
      return inner;
    }
    case TokenKind::kIdentifier:
      break;
  }
  if (t.is_keyword("NULL")) return literal(Kind::kNull, "NULL");
  if (t.is_keyword("TRUE")) return literal(Kind::kBoolean, "TRUE");
  if (t.is_keyword("FALSE")) return literal(Kind::kBoolean, "FALSE");
  // DATE '...' etc.; a bare DATE is a column named date.
  static constexpr std::pair<std::string_view, Kind> kTyped[] = {
      {"DATE", Kind::kDate}, {"TIME", Kind::kTime}, {"TIMESTAMP", Kind::kTimestamp}};
  for (auto [word, kind] : kTyped) {
    if (t.is_keyword(word) && peek(1).kind == TokenKind::kString) {
      take();
      return literal(kind, peek().text);
    }
  }
  if (t.is_keyword("CAST") && peek(1).is_symbol("(")) {
    FLUSS_RETURN_IF_ERROR(enter());
    DepthGuard guard{depth_};
    take();
    take();
    FLUSS_ASSIGN_OR_RETURN(ExprPtr operand, expression());
    FLUSS_RETURN_IF_ERROR(expect("AS"));
    FLUSS_ASSIGN_OR_RETURN(DataType type, type_with_nullability());
    FLUSS_RETURN_IF_ERROR(expect_symbol(")"));
    return make(at, CastExpr{std::move(operand), std::move(type)});
  }
  bool array = t.is_keyword("ARRAY") && peek(1).is_symbol("[");
  bool map = t.is_keyword("MAP") && peek(1).is_symbol("[");
  bool row = t.is_keyword("ROW") && peek(1).is_symbol("(");
  if (array || map || row) {
    FLUSS_RETURN_IF_ERROR(enter());
    DepthGuard guard{depth_};
    take();
    take();
    FLUSS_ASSIGN_OR_RETURN(std::vector<ExprPtr> items, expr_list(row ? ")" : "]"));
    if (map && items.size() % 2 != 0) {
      return parse_error(at, "MAP[...] needs an even number of items: key, value, ...");
    }
    auto kind = array ? ConstructorExpr::Kind::kArray
                      : (map ? ConstructorExpr::Kind::kMap : ConstructorExpr::Kind::kRow);
    return make(at, ConstructorExpr{kind, std::move(items)});
  }
  if (reserved(t)) return expected("an expression");
  std::string name = take().text;
  // t.c: the table qualifier is dropped (a statement reads one table).
  while (accept_symbol(".")) {
    FLUSS_ASSIGN_OR_RETURN(name, identifier("column name"));
  }
  return make(at, ColumnRef{std::move(name)});
}

template <typename T, typename F>
Result<T> run(std::string_view sql, F&& body) {
  FLUSS_ASSIGN_OR_RETURN(std::vector<Token> tokens, tokenize(sql));
  Parser parser(std::move(tokens));
  FLUSS_ASSIGN_OR_RETURN(T value, body(parser));
  FLUSS_RETURN_IF_ERROR(parser.finish());
  return value;
}

}  // namespace

Result<Statement> parse_statement(std::string_view sql) {
  return run<Statement>(sql, [](Parser& p) { return p.statement(); });
}

Result<DataType> parse_data_type(std::string_view sql) {
  return run<DataType>(sql, [](Parser& p) { return p.data_type(); });
}

Result<ExprPtr> parse_expression(std::string_view sql) {
  return run<ExprPtr>(sql, [](Parser& p) { return p.expression(); });
}

Result<std::vector<Statement>> parse_script(std::string_view sql) {
  FLUSS_ASSIGN_OR_RETURN(std::vector<Token> tokens, tokenize(sql));
  Parser parser(std::move(tokens));
  std::vector<Statement> statements;
  while (true) {
    while (parser.accept_symbol(";")) {
    }
    if (parser.at_end()) return statements;
    FLUSS_ASSIGN_OR_RETURN(Statement s, parser.statement());
    statements.push_back(std::move(s));
    if (!parser.accept_symbol(";")) {
      FLUSS_RETURN_IF_ERROR(parser.finish());
      return statements;
    }
  }
}

}  // namespace fluss::sql
