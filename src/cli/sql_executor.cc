// SPDX-License-Identifier: Apache-2.0
#include "cli/sql_executor.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "cli/client_conversions.h"
#include "cli/result_printer.h"
#include "sql/expression_evaluator.h"
#include "sql/parser.h"
#include "sql/table_conversion.h"
#include "sql/where_analyzer.h"

namespace fluss::cli {
namespace {

// Catalog-level problems (unknown catalog, bad catalog options) have no Fluss code of
// their own; they are configuration errors.
constexpr ErrorCode kCatalogError = ErrorCode::kInvalidConfigException;
constexpr std::string_view kCatalogType = "type";
constexpr std::string_view kFlussCatalogType = "fluss";
constexpr std::string_view kBootstrapServers = "bootstrap.servers";
constexpr std::string_view kDefaultDatabaseOption = "default-database";
// How long one poll of a scan waits, and how many polls without a record a batch scan
// tolerates before it reports that it stopped making progress.
constexpr int64_t kPollTimeoutMs = 100;
constexpr int kMaxIdlePolls = 300;
// How often a streaming SELECT of a partitioned table looks for partitions created since.
constexpr std::chrono::seconds kPartitionDiscoveryInterval{1};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ResultTable single_column(std::string name, const std::vector<std::string>& values) {
  ResultTable t{.column_names = {std::move(name)}, .column_types = {DataType::string()}};
  for (const std::string& v : values) t.rows.push_back({v});
  return t;
}

struct Catalog {
  std::string name;
  Properties options;
  std::string default_database;
  client::Connection connection;
  client::Admin admin;
};

// A resolved table: its path, metadata and schema in fluss-cpp's own types.
struct ResolvedTable {
  Catalog* catalog = nullptr;
  client::TablePath path;
  client::Table table;
  Schema schema;
  RowType row_type;
  std::vector<std::string> partition_keys;
  std::vector<std::string> bucket_keys;
  int32_t num_buckets = 0;
  bool has_primary_key = false;
};

// A row that a SELECT / DELETE / UPDATE reached, with its change type when it came
// from a changelog.
struct FoundRow {
  GenericRow row;
  ChangeType op = ChangeType::kInsert;
};

}  // namespace

class SqlExecutor::Session {
 public:
  explicit Session(SqlExecutorOptions options) : options_(std::move(options)) {}

  bool quit = false;

  Status init() {
    if (!options_.bootstrap_servers) return Status::OK();
    sql::CreateCatalogStatement create{
        .name = std::string(kDefaultCatalogName),
        .options = Properties{{std::string(kCatalogType), std::string(kFlussCatalogType)},
                              {std::string(kBootstrapServers), *options_.bootstrap_servers}}};
    FLUSS_RETURN_IF_ERROR(create_catalog(create));
    return use_catalog(std::string(kDefaultCatalogName));
  }

  std::string current_catalog() const { return current_catalog_; }
  std::string current_database() const { return current_database_; }

  Status run(const sql::Statement& statement, ResultSink& sink);

 private:
  // Catalogs and names.
  Status create_catalog(const sql::CreateCatalogStatement& s);
  Status use_catalog(const std::string& name);
  Result<Catalog*> catalog_named(const std::optional<std::string>& name);
  Result<std::string> database_of(const sql::ObjectName& name, Catalog** catalog);
  Result<ResolvedTable> resolve_table(const sql::ObjectName& name);

  // Statements.
  Status run(const sql::CreateCatalogStatement& s, ResultSink& sink);
  Status run(const sql::UseCatalogStatement& s, ResultSink& sink);
  Status run(const sql::CreateDatabaseStatement& s, ResultSink& sink);
  Status run(const sql::DropDatabaseStatement& s, ResultSink& sink);
  Status run(const sql::ShowDatabasesStatement& s, ResultSink& sink);
  Status run(const sql::UseDatabaseStatement& s, ResultSink& sink);
  Status run(const sql::CreateTableStatement& s, ResultSink& sink);
  Status run(const sql::DropTableStatement& s, ResultSink& sink);
  Status run(const sql::ShowTablesStatement& s, ResultSink& sink);
  Status run(const sql::DescribeTableStatement& s, ResultSink& sink);
  Status run(const sql::ShowCreateTableStatement& s, ResultSink& sink);
  Status run(const sql::ShowPartitionsStatement& s, ResultSink& sink);
  Status run(const sql::AlterTableSetStatement& s, ResultSink& sink);
  Status run(const sql::AlterTableResetStatement& s, ResultSink& sink);
  Status run(const sql::InsertStatement& s, ResultSink& sink);
  Status run(const sql::SelectStatement& s, ResultSink& sink);
  Status run(const sql::DeleteStatement& s, ResultSink& sink);
  Status run(const sql::UpdateStatement& s, ResultSink& sink);
  Status run(const sql::SetStatement& s, ResultSink& sink);
  Status run(const sql::ResetStatement& s, ResultSink& sink);
  Status run(const sql::HelpStatement& s, ResultSink& sink);
  Status run(const sql::QuitStatement& s, ResultSink& sink);

  // Reading and writing rows.
  bool streaming() const;
  Status create_partitions(ResolvedTable& t, const std::vector<GenericRow>& rows);
  Status write_rows(ResolvedTable& t, const std::vector<GenericRow>& rows,
                    const std::vector<int>& target_columns, bool deletes);
  // Every row `where` selects, through the access path the WHERE analysis picks;
  // `limit` stops early. `on_row` returning false stops the read.
  Status find_rows(ResolvedTable& t, const sql::Expr* where, std::optional<int64_t> limit,
                   ResultSink& sink, std::vector<FoundRow>& out);
  Status lookup_rows(ResolvedTable& t, const sql::WhereAnalysis& analysis,
                     std::vector<GenericRow>& out);
  Status scan_current_rows(ResolvedTable& t, std::vector<GenericRow>& out);
  // Reads the log from the earliest offset; stops at the end offsets of the time of
  // the call (batch) or when `sink` is cancelled or `limit` rows matched (streaming).
  Status scan_log(ResolvedTable& t, const std::vector<sql::ExprPtr>& filter, bool follow,
                  std::optional<int64_t> limit, ResultSink& sink,
                  const std::function<void(GenericRow, ChangeType)>& emit);

  SqlExecutorOptions options_;
  std::map<std::string, std::unique_ptr<Catalog>> catalogs_;
  std::string current_catalog_;
  std::string current_database_;
  std::map<std::string, std::string> session_options_;
};

// ---------------------------------------------------------------------------------------
// Catalogs and name resolution.

Status SqlExecutor::Session::create_catalog(const sql::CreateCatalogStatement& s) {
  if (catalogs_.count(s.name)) {
    return make_error(kCatalogError, "Catalog {} already exists.", s.name);
  }
  std::optional<std::string_view> type = s.options.get(kCatalogType);
  if (!type) {
    return make_error(kCatalogError,
                      "catalog '{}': the option 'type' is missing ('type' = 'fluss')", s.name);
  }
  if (lower(*type) != kFlussCatalogType) {
    return make_error(
        kCatalogError,
        "catalog '{}': unknown catalog type '{}'; this shell supports 'type' = 'fluss'", s.name,
        *type);
  }
  std::optional<std::string_view> servers = s.options.get(kBootstrapServers);
  if (!servers) {
    return make_error(kCatalogError, "catalog '{}': the option 'bootstrap.servers' is missing",
                      s.name);
  }
  std::map<std::string, std::string> client_options;
  for (const auto& [k, v] : s.options) client_options[k] = v;
  if (auto mapped = options_.address_map.find(std::string(*servers));
      mapped != options_.address_map.end()) {
    client_options[std::string(kBootstrapServers)] = mapped->second;
  }
  client::Configuration config;
  FLUSS_RETURN_IF_ERROR(to_status(client::Configuration::FromMap(client_options, config))
                            .with_context(fmt::format("catalog '{}'", s.name)));
  auto catalog = std::make_unique<Catalog>();
  catalog->name = s.name;
  catalog->options = s.options;
  catalog->default_database =
      std::string(s.options.get(kDefaultDatabaseOption).value_or(kDefaultDatabase));
  FLUSS_RETURN_IF_ERROR(to_status(client::Connection::Create(config, catalog->connection))
                            .with_context(fmt::format("catalog '{}' at {}", s.name, *servers)));
  FLUSS_RETURN_IF_ERROR(to_status(catalog->connection.GetAdmin(catalog->admin)));
  // Fluss's Flink catalog refuses a default database the cluster lacks; Apache Fluss's
  // coordinator creates `fluss` at start-up, fluss-cpp's does not (yet), so the catalog
  // creates it.
  FLUSS_RETURN_IF_ERROR(to_status(catalog->admin.CreateDatabase(
      catalog->default_database, client::DatabaseDescriptor{}, /*ignore_if_exists=*/true)));
  catalogs_[s.name] = std::move(catalog);
  return Status::OK();
}

Status SqlExecutor::Session::use_catalog(const std::string& name) {
  auto it = catalogs_.find(name);
  if (it == catalogs_.end()) {
    return make_error(kCatalogError, "A catalog with name '{}' does not exist.", name);
  }
  current_catalog_ = name;
  current_database_ = it->second->default_database;
  return Status::OK();
}

Result<Catalog*> SqlExecutor::Session::catalog_named(const std::optional<std::string>& name) {
  if (!name) {
    if (current_catalog_.empty()) {
      return make_error(kCatalogError,
                        "no catalog is in use: CREATE CATALOG fluss_catalog WITH ('type' = "
                        "'fluss', 'bootstrap.servers' = 'host:9123'); then USE CATALOG "
                        "fluss_catalog; (or start the shell with --bootstrap-servers)");
    }
    return catalogs_.at(current_catalog_).get();
  }
  auto it = catalogs_.find(*name);
  if (it == catalogs_.end()) {
    return make_error(kCatalogError, "A catalog with name '{}' does not exist.", *name);
  }
  return it->second.get();
}

Result<std::string> SqlExecutor::Session::database_of(const sql::ObjectName& name,
                                                      Catalog** catalog) {
  FLUSS_ASSIGN_OR_RETURN(*catalog, catalog_named(name.catalog));
  if (name.database) return *name.database;
  if (name.catalog && *name.catalog != current_catalog_) return (*catalog)->default_database;
  return current_database_;
}

Result<ResolvedTable> SqlExecutor::Session::resolve_table(const sql::ObjectName& name) {
  ResolvedTable t;
  FLUSS_ASSIGN_OR_RETURN(std::string database, database_of(name, &t.catalog));
  t.path = client::TablePath(database, name.name);
  FLUSS_RETURN_IF_ERROR(to_status(t.catalog->connection.GetTable(t.path, t.table)));
  const client::TableInfo& info = t.table.GetTableInfo();
  FLUSS_ASSIGN_OR_RETURN(t.schema, from_client_schema(info.schema));
  t.row_type = t.schema.row_type();
  t.partition_keys = info.partition_keys;
  t.bucket_keys = info.bucket_keys;
  t.num_buckets = info.num_buckets;
  t.has_primary_key = info.has_primary_key || !info.primary_keys.empty();
  return t;
}

// ---------------------------------------------------------------------------------------
// Statements.

Status SqlExecutor::Session::run(const sql::Statement& statement, ResultSink& sink) {
  return std::visit([&](const auto& s) { return run(s, sink); }, statement);
}

Status SqlExecutor::Session::run(const sql::CreateCatalogStatement& s, ResultSink& sink) {
  FLUSS_RETURN_IF_ERROR(create_catalog(s));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::UseCatalogStatement& s, ResultSink& sink) {
  FLUSS_RETURN_IF_ERROR(use_catalog(s.name));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::CreateDatabaseStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(Catalog * catalog, catalog_named(s.database.catalog));
  client::DatabaseDescriptor descriptor{.comment = s.comment.value_or(""), .properties = {}};
  for (const auto& [k, v] : s.options) descriptor.properties[k] = v;
  FLUSS_RETURN_IF_ERROR(
      to_status(catalog->admin.CreateDatabase(s.database.name, descriptor, s.if_not_exists)));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::DropDatabaseStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(Catalog * catalog, catalog_named(s.database.catalog));
  if (catalog->name == current_catalog_ && s.database.name == current_database_) {
    return make_error(ErrorCode::kInvalidDatabaseException,
                      "Cannot drop a database which is currently in use: '{}'", s.database.name);
  }
  FLUSS_RETURN_IF_ERROR(to_status(catalog->admin.DropDatabase(
      s.database.name, s.if_exists, s.behavior == sql::DropBehavior::kCascade)));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::ShowDatabasesStatement&, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(Catalog * catalog, catalog_named(std::nullopt));
  std::vector<std::string> names;
  FLUSS_RETURN_IF_ERROR(to_status(catalog->admin.ListDatabases(names)));
  std::sort(names.begin(), names.end());
  sink.table(single_column("database name", names));
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::UseDatabaseStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(Catalog * catalog, catalog_named(s.database.catalog));
  bool exists = false;
  FLUSS_RETURN_IF_ERROR(to_status(catalog->admin.DatabaseExists(s.database.name, exists)));
  if (!exists) {
    return make_error(ErrorCode::kDatabaseNotExist, "Database '{}' does not exist in catalog '{}'.",
                      s.database.name, catalog->name);
  }
  current_catalog_ = catalog->name;
  current_database_ = s.database.name;
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::CreateTableStatement& s, ResultSink& sink) {
  Catalog* catalog = nullptr;
  FLUSS_ASSIGN_OR_RETURN(std::string database, database_of(s.table, &catalog));
  FLUSS_ASSIGN_OR_RETURN(TableDescriptor descriptor, sql::to_table_descriptor(s));
  FLUSS_RETURN_IF_ERROR(
      to_status(catalog->admin.CreateTable(client::TablePath(database, s.table.name),
                                           to_client_descriptor(descriptor), s.if_not_exists)));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::DropTableStatement& s, ResultSink& sink) {
  Catalog* catalog = nullptr;
  FLUSS_ASSIGN_OR_RETURN(std::string database, database_of(s.table, &catalog));
  FLUSS_RETURN_IF_ERROR(
      to_status(catalog->admin.DropTable(client::TablePath(database, s.table.name), s.if_exists)));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::ShowTablesStatement& s, ResultSink& sink) {
  Catalog* catalog = nullptr;
  std::string database;
  if (s.database) {
    // SHOW TABLES FROM [catalog.]db: the parser puts db in `name`.
    sql::ObjectName db = *s.database;
    FLUSS_ASSIGN_OR_RETURN(catalog, catalog_named(db.catalog));
    database = db.name;
  } else {
    FLUSS_ASSIGN_OR_RETURN(catalog, catalog_named(std::nullopt));
    database = current_database_;
  }
  std::vector<std::string> names;
  FLUSS_RETURN_IF_ERROR(to_status(catalog->admin.ListTables(database, names)));
  std::sort(names.begin(), names.end());
  sink.table(single_column("table name", names));
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::DescribeTableStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(ResolvedTable t, resolve_table(s.table));
  const client::TableInfo& info = t.table.GetTableInfo();
  std::vector<std::string> pk = t.schema.primary_key_column_names();
  bool comments = std::any_of(t.schema.columns().begin(), t.schema.columns().end(),
                              [](const Column& c) { return c.comment.has_value(); });
  ResultTable columns{.column_names = {"name", "type", "null", "key", "extras", "watermark"}};
  if (comments) columns.column_names.emplace_back("comment");
  columns.column_types.assign(columns.column_names.size(), DataType::string());
  for (const Column& c : t.schema.columns()) {
    bool is_pk = std::find(pk.begin(), pk.end(), c.name) != pk.end();
    std::vector<std::string> row{c.name,
                                 c.type.with_nullable(true).to_string(),
                                 c.type.nullable() ? "TRUE" : "FALSE",
                                 is_pk ? fmt::format("PRI({})", fmt::join(pk, ", ")) : "",
                                 "",
                                 ""};
    if (comments) row.push_back(c.comment.value_or(""));
    columns.rows.push_back(std::move(row));
  }
  sink.table(columns);
  // Fluss's distribution and options, which Flink's DESCRIBE does not show.
  ResultTable options{.column_names = {"option", "value"},
                      .column_types = {DataType::string(), DataType::string()}};
  if (!t.partition_keys.empty()) {
    options.rows.push_back({"partition.key", fmt::format("{}", fmt::join(t.partition_keys, ","))});
  }
  options.rows.push_back({"bucket.num", std::to_string(info.num_buckets)});
  if (!t.bucket_keys.empty()) {
    options.rows.push_back({"bucket.key", fmt::format("{}", fmt::join(t.bucket_keys, ","))});
  }
  std::map<std::string, std::string> sorted(info.properties.begin(), info.properties.end());
  sorted.insert(info.custom_properties.begin(), info.custom_properties.end());
  for (const auto& [k, v] : sorted) options.rows.push_back({k, v});
  if (!info.comment.empty()) options.rows.push_back({"comment", info.comment});
  sink.table(options);
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::ShowCreateTableStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(ResolvedTable t, resolve_table(s.table));
  FLUSS_ASSIGN_OR_RETURN(TableDescriptor descriptor, descriptor_of(t.table.GetTableInfo()));
  std::string name = fmt::format("{}.{}.{}", sql::quote_identifier(t.catalog->name),
                                 sql::quote_identifier(t.path.database_name),
                                 sql::quote_identifier(t.path.table_name));
  sink.text(sql::to_create_table_sql(name, descriptor));
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::ShowPartitionsStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(ResolvedTable t, resolve_table(s.table));
  std::vector<client::PartitionInfo> partitions;
  FLUSS_RETURN_IF_ERROR(to_status(t.catalog->admin.ListPartitionInfos(t.path, partitions)));
  std::vector<std::string> names;
  for (const client::PartitionInfo& p : partitions) {
    // "2024$US" -> "dt=2024/region=US", as Flink prints partition specs.
    std::vector<std::string> values;
    size_t start = 0;
    for (size_t at; (at = p.partition_name.find('$', start)) != std::string::npos; start = at + 1) {
      values.push_back(p.partition_name.substr(start, at - start));
    }
    values.push_back(p.partition_name.substr(start));
    std::vector<std::string> parts;
    for (size_t i = 0; i < values.size() && i < t.partition_keys.size(); ++i) {
      parts.push_back(t.partition_keys[i] + "=" + values[i]);
    }
    names.push_back(fmt::format("{}", fmt::join(parts, "/")));
  }
  std::sort(names.begin(), names.end());
  sink.table(single_column("partition name", names));
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::AlterTableSetStatement& s, ResultSink& sink) {
  Catalog* catalog = nullptr;
  FLUSS_ASSIGN_OR_RETURN(std::string database, database_of(s.table, &catalog));
  std::vector<client::TableChange> changes;
  for (const auto& [k, v] : s.options) changes.push_back(client::TableChange::SetOption(k, v));
  FLUSS_RETURN_IF_ERROR(to_status(
      catalog->admin.AlterTable(client::TablePath(database, s.table.name), changes, false)));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::AlterTableResetStatement& s, ResultSink& sink) {
  Catalog* catalog = nullptr;
  FLUSS_ASSIGN_OR_RETURN(std::string database, database_of(s.table, &catalog));
  std::vector<client::TableChange> changes;
  for (const std::string& k : s.keys) changes.push_back(client::TableChange::ResetOption(k));
  FLUSS_RETURN_IF_ERROR(to_status(
      catalog->admin.AlterTable(client::TablePath(database, s.table.name), changes, false)));
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::InsertStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(ResolvedTable t, resolve_table(s.table));
  FLUSS_ASSIGN_OR_RETURN(sql::InsertRows rows, sql::evaluate_insert(s, t.schema));
  if (!t.has_primary_key && !rows.target_columns.empty() &&
      rows.target_columns.size() != t.schema.columns().size()) {
    // A log table takes whole rows: unlisted columns are written as NULL.
    rows.target_columns.clear();
  }
  FLUSS_RETURN_IF_ERROR(write_rows(t, rows.rows, rows.target_columns, false));
  sink.info(fmt::format("Execute statement succeeded. {} row{} written to {}.", rows.rows.size(),
                        rows.rows.size() == 1 ? "" : "s", t.path.ToString()));
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::SelectStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(ResolvedTable t, resolve_table(s.table));
  // The projection: column references (with aliases), or every column.
  std::vector<int> indexes;
  std::vector<std::string> names;
  if (s.items.empty()) {
    for (size_t i = 0; i < t.schema.columns().size(); ++i) {
      indexes.push_back(static_cast<int>(i));
      names.push_back(t.schema.columns()[i].name);
    }
  } else {
    for (const sql::SelectItem& item : s.items) {
      const auto* ref = std::get_if<sql::ColumnRef>(&item.expr->node);
      if (ref == nullptr) {
        return make_error(sql::kSqlErrorCode, "only columns can be selected, not the expression {}",
                          sql::expr_to_string(*item.expr));
      }
      std::optional<int> index = t.schema.column_index(ref->name);
      if (!index) {
        return make_error(sql::kSqlErrorCode, "column '{}' does not exist; the columns are {}",
                          ref->name, fmt::join(t.schema.column_names(), ", "));
      }
      indexes.push_back(*index);
      names.push_back(item.alias.value_or(ref->name));
    }
  }
  if (s.limit && *s.limit < 0) {
    return make_error(sql::kSqlErrorCode, "LIMIT must not be negative: {}", *s.limit);
  }
  std::vector<DataType> types;
  for (int i : indexes) types.push_back(t.row_type[static_cast<size_t>(i)]);
  auto project = [&](const GenericRow& row) {
    GenericRow out(indexes.size());
    for (size_t i = 0; i < indexes.size(); ++i) out.set(i, row[static_cast<size_t>(indexes[i])]);
    return out;
  };

  if (streaming()) {
    std::vector<sql::ExprPtr> filter;
    if (s.where) filter.push_back(s.where);
    sink.stream_begin(names, types);
    Status status = scan_log(t, filter, true, s.limit, sink, [&](GenericRow row, ChangeType op) {
      sink.stream_row(project(row), op);
    });
    sink.stream_end();
    return status;
  }
  std::vector<FoundRow> found;
  FLUSS_RETURN_IF_ERROR(find_rows(t, s.where.get(), s.limit, sink, found));
  ResultTable table{.column_names = names, .column_types = types};
  for (const FoundRow& f : found) table.add_row(project(f.row));
  sink.table(table);
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::DeleteStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(ResolvedTable t, resolve_table(s.table));
  if (!t.has_primary_key) {
    return make_error(ErrorCode::kNonPrimaryKeyTableException,
                      "DELETE needs a primary-key table, and {} is a log table", t.path.ToString());
  }
  std::vector<FoundRow> found;
  FLUSS_RETURN_IF_ERROR(find_rows(t, s.where.get(), std::nullopt, sink, found));
  std::vector<GenericRow> rows;
  for (FoundRow& f : found) rows.push_back(std::move(f.row));
  FLUSS_RETURN_IF_ERROR(write_rows(t, rows, {}, true));
  sink.info(fmt::format("Execute statement succeeded. {} row{} deleted from {}.", rows.size(),
                        rows.size() == 1 ? "" : "s", t.path.ToString()));
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::UpdateStatement& s, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(ResolvedTable t, resolve_table(s.table));
  if (!t.has_primary_key) {
    return make_error(ErrorCode::kNonPrimaryKeyTableException,
                      "UPDATE needs a primary-key table, and {} is a log table", t.path.ToString());
  }
  std::vector<std::string> pk = t.schema.primary_key_column_names();
  std::vector<std::pair<size_t, const sql::Assignment*>> assignments;
  for (const sql::Assignment& a : s.assignments) {
    std::optional<int> index = t.schema.column_index(a.column);
    if (!index) {
      return make_error(sql::kSqlErrorCode, "column '{}' does not exist; the columns are {}",
                        a.column, fmt::join(t.schema.column_names(), ", "));
    }
    if (std::find(pk.begin(), pk.end(), a.column) != pk.end()) {
      return make_error(ErrorCode::kInvalidTargetColumn,
                        "column '{}' is part of the primary key of {} and cannot be updated",
                        a.column, t.path.ToString());
    }
    assignments.emplace_back(static_cast<size_t>(*index), &a);
  }
  std::vector<FoundRow> found;
  FLUSS_RETURN_IF_ERROR(find_rows(t, s.where.get(), std::nullopt, sink, found));
  std::vector<GenericRow> rows;
  for (const FoundRow& f : found) {
    GenericRow updated = f.row;
    sql::RowScope scope{t.schema, f.row};
    for (const auto& [index, a] : assignments) {
      FLUSS_ASSIGN_OR_RETURN(Datum d,
                             sql::evaluate_on_row(*a->value, t.row_type[index], a->column, scope));
      updated.set(index, std::move(d));
    }
    rows.push_back(std::move(updated));
  }
  FLUSS_RETURN_IF_ERROR(write_rows(t, rows, {}, false));
  sink.info(fmt::format("Execute statement succeeded. {} row{} updated in {}.", rows.size(),
                        rows.size() == 1 ? "" : "s", t.path.ToString()));
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::SetStatement& s, ResultSink& sink) {
  if (!s.key) {
    ResultTable table{.column_names = {"key", "value"},
                      .column_types = {DataType::string(), DataType::string()}};
    std::map<std::string, std::string> shown = session_options_;
    shown.emplace(std::string(kRuntimeModeOption), "batch");
    shown.emplace(std::string(kResultModeOption), "tableau");
    for (const auto& [k, v] : shown) table.rows.push_back({k, v});
    sink.table(table);
    return Status::OK();
  }
  std::string value = s.value.value_or("");
  if (*s.key == kRuntimeModeOption && lower(value) != "batch" && lower(value) != "streaming") {
    return make_error(ErrorCode::kInvalidConfigException,
                      "'{}' must be 'batch' or 'streaming', not '{}'", *s.key, value);
  }
  if (*s.key == kResultModeOption && lower(value) != "tableau") {
    return make_error(ErrorCode::kInvalidConfigException,
                      "'{}': this shell prints results in 'tableau' mode only, not '{}'", *s.key,
                      value);
  }
  session_options_[*s.key] = value;
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::ResetStatement& s, ResultSink& sink) {
  if (s.key) {
    session_options_.erase(*s.key);
  } else {
    session_options_.clear();
  }
  sink.info("Execute statement succeeded.");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::HelpStatement&, ResultSink& sink) {
  sink.text(
      "The statements of the fluss-cpp SQL shell (Flink SQL syntax; end each with ';'):\n"
      "  CREATE CATALOG c WITH ('type' = 'fluss', 'bootstrap.servers' = 'host:9123')\n"
      "  USE CATALOG c\n"
      "  CREATE DATABASE [IF NOT EXISTS] db | DROP DATABASE [IF EXISTS] db [CASCADE]\n"
      "  SHOW DATABASES | USE db\n"
      "  CREATE TABLE [IF NOT EXISTS] t (col type, ..., PRIMARY KEY (...) NOT ENFORCED)\n"
      "      [PARTITIONED BY (...)] [WITH ('bucket.num' = '4', ...)]\n"
      "  DROP TABLE [IF EXISTS] t | SHOW TABLES | DESCRIBE t | SHOW CREATE TABLE t\n"
      "  SHOW PARTITIONS t | ALTER TABLE t SET ('k' = 'v') | ALTER TABLE t RESET ('k')\n"
      "  INSERT INTO t [(col, ...)] VALUES (...), (...)\n"
      "  SELECT * | col, ... FROM t [WHERE ...] [LIMIT n]\n"
      "  UPDATE t SET col = expr [WHERE ...] | DELETE FROM t [WHERE ...]\n"
      "  SET ['key' = 'value'] | RESET ['key'] | HELP | QUIT\n"
      "SET 'execution.runtime-mode' = 'streaming'; makes SELECT follow the table until Ctrl-C.\n");
  return Status::OK();
}

Status SqlExecutor::Session::run(const sql::QuitStatement&, ResultSink&) {
  quit = true;
  return Status::OK();
}

// ---------------------------------------------------------------------------------------
// Reading and writing rows.

bool SqlExecutor::Session::streaming() const {
  auto it = session_options_.find(std::string(kRuntimeModeOption));
  return it != session_options_.end() && lower(it->second) == "streaming";
}

Status SqlExecutor::Session::create_partitions(ResolvedTable& t,
                                               const std::vector<GenericRow>& rows) {
  if (t.partition_keys.empty()) return Status::OK();
  std::set<std::vector<std::string>> specs;
  for (const GenericRow& row : rows) {
    std::vector<std::string> values;
    for (const std::string& key : t.partition_keys) {
      size_t index = static_cast<size_t>(*t.schema.column_index(key));
      if (row.is_null_at(index)) {
        return make_error(ErrorCode::kPartitionSpecInvalidException,
                          "partition column '{}' of {} must not be NULL", key, t.path.ToString());
      }
      values.push_back(format_value(row[index], t.row_type[index]));
    }
    specs.insert(std::move(values));
  }
  // Like Fluss's writer with client.writer.dynamic-create-partition.enabled.
  for (const std::vector<std::string>& values : specs) {
    std::unordered_map<std::string, std::string> spec;
    for (size_t i = 0; i < values.size(); ++i) spec[t.partition_keys[i]] = values[i];
    FLUSS_RETURN_IF_ERROR(to_status(t.catalog->admin.CreatePartition(t.path, spec, true)));
  }
  return Status::OK();
}

Status SqlExecutor::Session::write_rows(ResolvedTable& t, const std::vector<GenericRow>& rows,
                                        const std::vector<int>& target_columns, bool deletes) {
  if (rows.empty()) return Status::OK();
  if (!deletes) FLUSS_RETURN_IF_ERROR(create_partitions(t, rows));
  std::vector<client::WriteResult> acks(rows.size());
  auto fill = [&](const GenericRow& row, client::GenericRow& out) {
    return to_client_row(row, t.row_type, out);
  };
  if (t.has_primary_key) {
    client::TableUpsert upsert = t.table.NewUpsert();
    if (!target_columns.empty()) {
      std::vector<size_t> targets(target_columns.begin(), target_columns.end());
      upsert.PartialUpdateByIndex(std::move(targets));
    }
    client::UpsertWriter writer;
    FLUSS_RETURN_IF_ERROR(to_status(upsert.CreateWriter(writer)));
    for (size_t i = 0; i < rows.size(); ++i) {
      client::GenericRow row = t.table.NewRow();
      FLUSS_RETURN_IF_ERROR(fill(rows[i], row));
      FLUSS_RETURN_IF_ERROR(
          to_status(deletes ? writer.Delete(row, acks[i]) : writer.Upsert(row, acks[i])));
    }
    FLUSS_RETURN_IF_ERROR(to_status(writer.Flush()));
  } else {
    client::AppendWriter writer;
    FLUSS_RETURN_IF_ERROR(to_status(t.table.NewAppend().CreateWriter(writer)));
    for (size_t i = 0; i < rows.size(); ++i) {
      client::GenericRow row = t.table.NewRow();
      FLUSS_RETURN_IF_ERROR(fill(rows[i], row));
      FLUSS_RETURN_IF_ERROR(to_status(writer.Append(row, acks[i])));
    }
    FLUSS_RETURN_IF_ERROR(to_status(writer.Flush()));
  }
  for (client::WriteResult& ack : acks) FLUSS_RETURN_IF_ERROR(to_status(ack.Wait()));
  return Status::OK();
}

Status SqlExecutor::Session::find_rows(ResolvedTable& t, const sql::Expr* where,
                                       std::optional<int64_t> limit, ResultSink& sink,
                                       std::vector<FoundRow>& out) {
  if (limit && *limit == 0) return Status::OK();
  auto matches = [&](const GenericRow& row,
                     const std::vector<sql::ExprPtr>& filter) -> Result<bool> {
    sql::RowScope scope{t.schema, row};
    for (const sql::ExprPtr& e : filter) {
      FLUSS_ASSIGN_OR_RETURN(bool ok, sql::evaluate_predicate(*e, scope));
      if (!ok) return false;
    }
    return true;
  };
  std::vector<sql::ExprPtr> whole;
  if (where != nullptr) {
    // A shared_ptr that does not own: the statement outlives the read.
    whole.push_back(sql::ExprPtr(sql::ExprPtr(), where));
  }
  if (!t.has_primary_key) {
    return scan_log(t, whole, false, limit, sink, [&](GenericRow row, ChangeType op) {
      out.push_back(FoundRow{std::move(row), op});
    });
  }
  FLUSS_ASSIGN_OR_RETURN(sql::WhereAnalysis analysis,
                         sql::analyze_where(where, t.schema, t.partition_keys, t.bucket_keys));
  std::vector<GenericRow> candidates;
  const std::vector<sql::ExprPtr>* filter = &whole;
  if (analysis.path == sql::AccessPath::kScan) {
    FLUSS_RETURN_IF_ERROR(scan_current_rows(t, candidates));
  } else {
    FLUSS_RETURN_IF_ERROR(lookup_rows(t, analysis, candidates));
    filter = &analysis.residual;
  }
  for (GenericRow& row : candidates) {
    if (limit && static_cast<int64_t>(out.size()) >= *limit) break;
    FLUSS_ASSIGN_OR_RETURN(bool ok, matches(row, *filter));
    if (ok) out.push_back(FoundRow{std::move(row), ChangeType::kInsert});
  }
  return Status::OK();
}

Status SqlExecutor::Session::lookup_rows(ResolvedTable& t, const sql::WhereAnalysis& analysis,
                                         std::vector<GenericRow>& out) {
  // The key as a full-width row: the client picks the key columns it needs.
  client::GenericRow key = t.table.NewRow();
  GenericRow wide(t.schema.columns().size());
  for (size_t i = 0; i < analysis.key_columns.size(); ++i) {
    wide.set(static_cast<size_t>(*t.schema.column_index(analysis.key_columns[i])), analysis.key[i]);
  }
  FLUSS_RETURN_IF_ERROR(to_client_row(wide, t.row_type, key));
  if (analysis.path == sql::AccessPath::kLookup) {
    client::Lookuper lookuper;
    FLUSS_RETURN_IF_ERROR(to_status(t.table.NewLookup().CreateLookuper(lookuper)));
    client::LookupResult result;
    Status s = to_status(lookuper.Lookup(key, result));
    // A lookup in a partition that does not exist finds nothing.
    if (s.is(ErrorCode::kPartitionNotExists)) return Status::OK();
    FLUSS_RETURN_IF_ERROR(s);
    if (result.Found()) out.push_back(from_row_view(result, t.row_type));
    return Status::OK();
  }
  std::vector<std::string> columns = t.partition_keys;
  columns.insert(columns.end(), t.bucket_keys.begin(), t.bucket_keys.end());
  client::PrefixLookuper lookuper;
  FLUSS_RETURN_IF_ERROR(to_status(t.table.NewPrefixLookup(columns, lookuper)));
  client::PrefixLookupResult result;
  Status s = to_status(lookuper.PrefixLookup(key, result));
  if (s.is(ErrorCode::kPartitionNotExists)) return Status::OK();
  FLUSS_RETURN_IF_ERROR(s);
  for (const client::RowView& row : result.Rows()) out.push_back(from_row_view(row, t.row_type));
  return Status::OK();
}

Status SqlExecutor::Session::scan_current_rows(ResolvedTable& t, std::vector<GenericRow>& out) {
  // The batch scanner does not retry retriable errors itself (a bucket whose replica a
  // tablet server is still creating answers UNKNOWN_TABLE_OR_BUCKET_EXCEPTION): retry the
  // whole read for a while.
  constexpr int kAttempts = 50;
  constexpr auto kBackoff = std::chrono::milliseconds(100);
  Status status;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(kBackoff);
    client::BatchScanner scanner;
    std::vector<client::RowView> rows;
    status = to_status(t.table.NewScan().CreateBatchScanner(scanner));
    if (status.ok()) status = to_status(scanner.CollectAllRows(rows));
    if (status.ok()) {
      for (const client::RowView& row : rows) out.push_back(from_row_view(row, t.row_type));
      return Status::OK();
    }
    if (!status.is_retriable()) return status;
  }
  return status;
}

Status SqlExecutor::Session::scan_log(ResolvedTable& t, const std::vector<sql::ExprPtr>& filter,
                                      bool follow, std::optional<int64_t> limit, ResultSink& sink,
                                      const std::function<void(GenericRow, ChangeType)>& emit) {
  if (limit && *limit == 0) return Status::OK();
  client::LogScanner scanner;
  FLUSS_RETURN_IF_ERROR(to_status(t.table.NewScan().CreateLogScanner(scanner)));
  // Where each bucket ends now (batch reads stop there), keyed by (partition id, bucket).
  using BucketKey = std::pair<int64_t, int32_t>;
  std::map<BucketKey, int64_t> end_offsets;
  std::map<BucketKey, int64_t> next_offsets;
  std::vector<int32_t> buckets;
  for (int32_t b = 0; b < t.num_buckets; ++b) buckets.push_back(b);
  auto subscribe = [&](std::optional<client::PartitionInfo> partition) -> Status {
    int64_t pid = partition ? partition->partition_id : -1;
    std::unordered_map<int32_t, int64_t> earliest;
    std::unordered_map<int32_t, int64_t> latest;
    if (partition) {
      FLUSS_RETURN_IF_ERROR(to_status(t.catalog->admin.ListPartitionOffsets(
          t.path, partition->partition_name, buckets, client::OffsetSpec::Earliest(), earliest)));
      FLUSS_RETURN_IF_ERROR(to_status(t.catalog->admin.ListPartitionOffsets(
          t.path, partition->partition_name, buckets, client::OffsetSpec::Latest(), latest)));
    } else {
      FLUSS_RETURN_IF_ERROR(to_status(
          t.catalog->admin.ListOffsets(t.path, buckets, client::OffsetSpec::Earliest(), earliest)));
      FLUSS_RETURN_IF_ERROR(to_status(
          t.catalog->admin.ListOffsets(t.path, buckets, client::OffsetSpec::Latest(), latest)));
    }
    for (int32_t b : buckets) {
      int64_t start = earliest.count(b) ? earliest[b] : 0;
      int64_t end = latest.count(b) ? latest[b] : 0;
      if (!follow && end <= start) continue;  // nothing to read in this bucket
      end_offsets[{pid, b}] = end;
      next_offsets[{pid, b}] = start;
      FLUSS_RETURN_IF_ERROR(
          to_status(partition ? scanner.SubscribePartitionBuckets(pid, b, client::EARLIEST_OFFSET)
                              : scanner.Subscribe(b, client::EARLIEST_OFFSET)));
    }
    return Status::OK();
  };
  // Partitions subscribed so far. A streaming read looks for new ones every second and reads
  // them from their start, as the Flink source's partition discovery does.
  std::set<int64_t> subscribed_partitions;
  auto discover_partitions = [&]() -> Status {
    std::vector<client::PartitionInfo> partitions;
    FLUSS_RETURN_IF_ERROR(to_status(t.catalog->admin.ListPartitionInfos(t.path, partitions)));
    for (const client::PartitionInfo& p : partitions) {
      if (subscribed_partitions.insert(p.partition_id).second) FLUSS_RETURN_IF_ERROR(subscribe(p));
    }
    return Status::OK();
  };
  auto next_discovery = std::chrono::steady_clock::now() + kPartitionDiscoveryInterval;
  if (t.partition_keys.empty()) {
    FLUSS_RETURN_IF_ERROR(subscribe(std::nullopt));
  } else {
    FLUSS_RETURN_IF_ERROR(discover_partitions());
  }
  auto done = [&]() {
    if (follow) return false;
    for (const auto& [key, end] : end_offsets) {
      if (next_offsets[key] < end) return false;
    }
    return true;
  };
  int64_t matched = 0;
  int idle_polls = 0;
  while (!done() && !sink.cancelled()) {
    if (follow && !t.partition_keys.empty() && std::chrono::steady_clock::now() >= next_discovery) {
      FLUSS_RETURN_IF_ERROR(discover_partitions());
      next_discovery = std::chrono::steady_clock::now() + kPartitionDiscoveryInterval;
    }
    client::ScanRecords records;
    FLUSS_RETURN_IF_ERROR(to_status(scanner.Poll(kPollTimeoutMs, records)));
    if (records.IsEmpty()) {
      if (!follow && ++idle_polls > kMaxIdlePolls) {
        return make_error(ErrorCode::kRequestTimeOut,
                          "the read of {} stopped making progress before the end of its log",
                          t.path.ToString());
      }
      continue;
    }
    idle_polls = 0;
    for (size_t i = 0; i < records.BucketCount(); ++i) {
      client::BucketRecords bucket = records.BucketAt(i);
      BucketKey key{bucket.Bucket().partition_id.value_or(-1), bucket.Bucket().bucket_id};
      for (const client::ScanRecord& record : bucket) {
        // Batch reads stop at the end offsets of when they started.
        if (!follow && record.offset >= end_offsets[key]) continue;
        next_offsets[key] = record.offset + 1;
        GenericRow row = from_row_view(record.row, t.row_type);
        sql::RowScope scope{t.schema, row};
        bool keep = true;
        for (const sql::ExprPtr& e : filter) {
          FLUSS_ASSIGN_OR_RETURN(keep, sql::evaluate_predicate(*e, scope));
          if (!keep) break;
        }
        if (!keep) continue;
        emit(std::move(row), from_client_change_type(record.change_type));
        if (limit && ++matched >= *limit) return Status::OK();
      }
    }
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------

SqlExecutor::SqlExecutor(SqlExecutorOptions options)
    : session_(std::make_unique<Session>(std::move(options))) {}

SqlExecutor::~SqlExecutor() = default;

Status SqlExecutor::connect() { return session_->init(); }

Status SqlExecutor::execute(std::string_view statement, ResultSink& sink) {
  FLUSS_ASSIGN_OR_RETURN(sql::Statement parsed, sql::parse_statement(statement));
  return execute(parsed, sink);
}

Status SqlExecutor::execute(const sql::Statement& statement, ResultSink& sink) {
  return session_->run(statement, sink);
}

bool SqlExecutor::quit_requested() const { return session_->quit; }
std::string SqlExecutor::current_catalog() const { return session_->current_catalog(); }
std::string SqlExecutor::current_database() const { return session_->current_database(); }

}  // namespace fluss::cli
