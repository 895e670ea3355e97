// SPDX-License-Identifier: Apache-2.0
// `fluss sql`, `produce`, `consume`, `lookup` and `admin`: the shell and the kcat-style
// tools over the client library (docs/sql.md, "Tools").
#include "tool_commands.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

#include "cli/client_conversions.h"
#include "cli/result_printer.h"
#include "cli/row_text_format.h"
#include "cli/sql_executor.h"
#include "cli/sql_shell.h"
#include "tool_common.h"

namespace fluss::apps {

client::TablePath parse_table_path(const std::string& text) {
  size_t dot = text.find('.');
  if (dot == std::string::npos) return client::TablePath(std::string(cli::kDefaultDatabase), text);
  return client::TablePath(text.substr(0, dot), text.substr(dot + 1));
}

Result<client::Connection> connect(const std::string& bootstrap,
                                   const std::map<std::string, std::string>& options) {
  std::map<std::string, std::string> all = options;
  all["bootstrap.servers"] = bootstrap;
  client::Configuration config;
  FLUSS_RETURN_IF_ERROR(cli::to_status(client::Configuration::FromMap(all, config)));
  client::Connection connection;
  FLUSS_RETURN_IF_ERROR(cli::to_status(client::Connection::Create(config, connection))
                            .with_context("connecting to " + bootstrap));
  return connection;
}

Result<OpenTable> open_table(client::Connection& connection, const client::TablePath& path) {
  OpenTable t;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetTable(path, t.table)));
  FLUSS_ASSIGN_OR_RETURN(t.schema, cli::from_client_schema(t.table.GetTableInfo().schema));
  return t;
}

int report(const char* tool, const Status& status) {
  std::cerr << "fluss " << tool << ": " << cli::error_label(status) << ": " << status.message()
            << "\n";
  return 1;
}

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

void stop_on_ctrl_c() {
  struct sigaction action = {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, sep);) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// ----- fluss sql ---------------------------------------------------------------------

struct SqlArgs {
  std::string file;
  std::string execute;
  std::string bootstrap;
};

int run_sql(const SqlArgs& args) {
  cli::SqlExecutorOptions options;
  if (!args.bootstrap.empty()) options.bootstrap_servers = args.bootstrap;
  cli::SqlExecutor executor(options);
  if (Status s = executor.connect(); !s.ok()) {
    std::cerr << cli::format_error(s) << "\n";
    return 1;
  }
  if (!args.execute.empty()) {
    return cli::run_sql_script(executor, args.execute, std::cout).ok() ? 0 : 1;
  }
  if (!args.file.empty()) {
    std::ifstream in(args.file);
    if (!in) {
      std::cerr << "fluss sql: cannot read " << args.file << "\n";
      return 1;
    }
    return cli::run_sql_stream(executor, in, std::cout).ok() ? 0 : 1;
  }
  if (!isatty(STDIN_FILENO)) return cli::run_sql_stream(executor, std::cin, std::cout).ok() ? 0 : 1;
  const char* home = std::getenv("HOME");
  cli::SqlShellOptions shell;
  if (home != nullptr) shell.history_file = std::string(home) + "/.fluss_sql_history";
  return cli::run_interactive_shell(executor, shell);
}

// ----- fluss produce ---------------------------------------------------------------------

struct ProduceArgs {
  std::string bootstrap = kDefaultBootstrap;
  std::string table;
  std::string format = "json";
  std::string delimiter = ",";
  std::string acks = "all";
};

Status produce(const ProduceArgs& args, int64_t& written) {
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection,
                         connect(args.bootstrap, {{"client.writer.acks", args.acks}}));
  client::TablePath path = parse_table_path(args.table);
  FLUSS_ASSIGN_OR_RETURN(OpenTable t, open_table(connection, path));
  client::Admin admin;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetAdmin(admin)));
  const client::TableInfo& info = t.table.GetTableInfo();
  bool pk = info.has_primary_key || !info.primary_keys.empty();
  RowType types = t.schema.row_type();
  client::AppendWriter appender;
  client::UpsertWriter upserter;
  if (pk) {
    FLUSS_RETURN_IF_ERROR(cli::to_status(t.table.NewUpsert().CreateWriter(upserter)));
  } else {
    FLUSS_RETURN_IF_ERROR(cli::to_status(t.table.NewAppend().CreateWriter(appender)));
  }
  std::set<std::string> partitions;
  std::string line;
  for (int64_t line_no = 1; std::getline(std::cin, line); ++line_no) {
    if (line.empty() || line == "\r") continue;
    Result<GenericRow> row = args.format == "csv"
                                 ? cli::row_from_csv(line, t.schema, args.delimiter[0])
                                 : cli::row_from_json(line, t.schema);
    if (!row.ok()) {
      // What was written before the bad line still goes out.
      Status flushed = cli::to_status(pk ? upserter.Flush() : appender.Flush());
      if (!flushed.ok()) return flushed;
      return row.status().with_context(fmt::format("line {}", line_no));
    }
    if (!info.partition_keys.empty()) {
      // Partitions are created as rows name them (client.writer.dynamic-create-partition).
      std::unordered_map<std::string, std::string> spec;
      std::string name;
      for (const std::string& key : info.partition_keys) {
        size_t i = static_cast<size_t>(*t.schema.column_index(key));
        spec[key] = cli::format_value((*row)[i], types[i]);
        name += spec[key] + "$";
      }
      if (partitions.insert(name).second) {
        FLUSS_RETURN_IF_ERROR(cli::to_status(admin.CreatePartition(path, spec, true)));
      }
    }
    client::GenericRow out = t.table.NewRow();
    FLUSS_RETURN_IF_ERROR(cli::to_client_row(*row, types, out));
    FLUSS_RETURN_IF_ERROR(cli::to_status(pk ? upserter.Upsert(out) : appender.Append(out)));
    ++written;
  }
  return cli::to_status(pk ? upserter.Flush() : appender.Flush());
}

// ----- fluss consume ---------------------------------------------------------------------

struct ConsumeArgs {
  std::string bootstrap = kDefaultBootstrap;
  std::string table;
  std::string offset = "earliest";
  std::string format = "json";
  std::string columns;
  int64_t count = -1;
  bool follow = false;
};

Status consume(const ConsumeArgs& args) {
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection, connect(args.bootstrap));
  client::TablePath path = parse_table_path(args.table);
  FLUSS_ASSIGN_OR_RETURN(OpenTable t, open_table(connection, path));
  client::Admin admin;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetAdmin(admin)));
  const client::TableInfo& info = t.table.GetTableInfo();

  std::vector<std::string> names = t.schema.column_names();
  client::TableScan scan = t.table.NewScan();
  if (!args.columns.empty()) {
    names = split(args.columns, ',');
    FLUSS_RETURN_IF_ERROR(t.schema.column_indexes(names).status());
    scan.ProjectByName(names);
  }
  std::vector<DataType> types;
  for (const std::string& n : names) types.push_back(t.schema.column(n)->type);
  client::LogScanner scanner;
  FLUSS_RETURN_IF_ERROR(cli::to_status(scan.CreateLogScanner(scanner)));

  client::OffsetSpec spec = client::OffsetSpec::Earliest();
  std::optional<int64_t> exact;
  if (args.offset == "latest") {
    spec = client::OffsetSpec::Latest();
  } else if (args.offset.rfind("ts:", 0) == 0 || args.offset.rfind("s@", 0) == 0) {
    spec = client::OffsetSpec::Timestamp(
        std::stoll(args.offset.substr(args.offset.find_first_of(":@") + 1)));
  } else if (args.offset != "earliest") {
    exact = std::stoll(args.offset);
  }
  std::vector<int32_t> buckets;
  for (int32_t b = 0; b < info.num_buckets; ++b) buckets.push_back(b);
  std::map<std::pair<int64_t, int32_t>, int64_t> ends;
  std::map<std::pair<int64_t, int32_t>, int64_t> next;
  auto subscribe = [&](std::optional<client::PartitionInfo> p) -> Status {
    int64_t pid = p ? p->partition_id : -1;
    std::unordered_map<int32_t, int64_t> latest;
    std::unordered_map<int32_t, int64_t> start;
    if (p) {
      FLUSS_RETURN_IF_ERROR(cli::to_status(admin.ListPartitionOffsets(
          path, p->partition_name, buckets, client::OffsetSpec::Latest(), latest)));
      FLUSS_RETURN_IF_ERROR(cli::to_status(
          admin.ListPartitionOffsets(path, p->partition_name, buckets, spec, start)));
    } else {
      FLUSS_RETURN_IF_ERROR(
          cli::to_status(admin.ListOffsets(path, buckets, client::OffsetSpec::Latest(), latest)));
      FLUSS_RETURN_IF_ERROR(cli::to_status(admin.ListOffsets(path, buckets, spec, start)));
    }
    for (int32_t b : buckets) {
      int64_t from = exact ? *exact : start[b];
      ends[{pid, b}] = latest[b];
      next[{pid, b}] = from;
      FLUSS_RETURN_IF_ERROR(cli::to_status(p ? scanner.SubscribePartitionBuckets(pid, b, from)
                                             : scanner.Subscribe(b, from)));
    }
    return Status::OK();
  };
  if (info.partition_keys.empty()) {
    FLUSS_RETURN_IF_ERROR(subscribe(std::nullopt));
  } else {
    std::vector<client::PartitionInfo> partitions;
    FLUSS_RETURN_IF_ERROR(cli::to_status(admin.ListPartitionInfos(path, partitions)));
    for (const auto& p : partitions) FLUSS_RETURN_IF_ERROR(subscribe(p));
  }
  std::optional<cli::StreamingTablePrinter> printer;
  if (args.format == "table") {
    printer.emplace(names, types, std::cout);
    printer->print_header();
  }
  auto at_end = [&] {
    if (args.follow) return false;
    for (const auto& [k, end] : ends) {
      if (next[k] < end) return false;
    }
    return true;
  };
  int64_t seen = 0;
  stop_on_ctrl_c();
  while (!g_stop.load() && !at_end() && (args.count < 0 || seen < args.count)) {
    client::ScanRecords records;
    FLUSS_RETURN_IF_ERROR(cli::to_status(scanner.Poll(200, records)));
    for (size_t i = 0; i < records.BucketCount(); ++i) {
      client::BucketRecords bucket = records.BucketAt(i);
      std::pair<int64_t, int32_t> key{bucket.Bucket().partition_id.value_or(-1),
                                      bucket.Bucket().bucket_id};
      for (const client::ScanRecord& record : bucket) {
        if (!args.follow && record.offset >= ends[key]) continue;
        if (args.count >= 0 && seen >= args.count) break;
        next[key] = record.offset + 1;
        GenericRow row = cli::from_row_view(record.row, types);
        ChangeType op = cli::from_client_change_type(record.change_type);
        if (printer) {
          printer->print_row(row, op);
        } else {
          std::cout << cli::row_to_json(row, names, types) << "\n";
        }
        ++seen;
      }
    }
    std::cout.flush();
  }
  if (printer) printer->finish();
  return Status::OK();
}

// ----- fluss lookup ----------------------------------------------------------------------

struct LookupArgs {
  std::string bootstrap = kDefaultBootstrap;
  std::string table;
  std::string format = "json";
  std::vector<std::string> keys;
};

Status lookup(const LookupArgs& args) {
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection, connect(args.bootstrap));
  FLUSS_ASSIGN_OR_RETURN(OpenTable t, open_table(connection, parse_table_path(args.table)));
  std::vector<std::string> pk = t.schema.primary_key_column_names();
  if (pk.empty()) {
    return make_error(ErrorCode::kNonPrimaryKeyTableException,
                      "{} is a log table: lookups need a primary key", args.table);
  }
  client::Lookuper lookuper;
  FLUSS_RETURN_IF_ERROR(cli::to_status(t.table.NewLookup().CreateLookuper(lookuper)));
  std::vector<std::string> keys = args.keys;
  if (keys.empty()) {
    for (std::string line; std::getline(std::cin, line);) {
      if (!line.empty()) keys.push_back(line);
    }
  }
  RowType types = t.schema.row_type();
  std::vector<std::string> names = t.schema.column_names();
  cli::ResultTable table{.column_names = names, .column_types = types};
  for (const std::string& text : keys) {
    FLUSS_ASSIGN_OR_RETURN(GenericRow key, cli::key_from_json(text, t.schema, pk));
    GenericRow wide(types.size());
    for (size_t i = 0; i < pk.size(); ++i) {
      wide.set(static_cast<size_t>(*t.schema.column_index(pk[i])), key[i]);
    }
    client::GenericRow client_key = t.table.NewRow();
    FLUSS_RETURN_IF_ERROR(cli::to_client_row(wide, types, client_key));
    client::LookupResult result;
    FLUSS_RETURN_IF_ERROR(cli::to_status(lookuper.Lookup(client_key, result)));
    if (!result.Found()) {
      if (args.format == "json") std::cout << "null\n";
      continue;
    }
    GenericRow row = cli::from_row_view(result, types);
    if (args.format == "json") {
      std::cout << cli::row_to_json(row, names, types) << "\n";
    } else {
      table.add_row(row);
    }
  }
  if (args.format != "json") cli::print_table(table, std::cout);
  return Status::OK();
}

// ----- fluss admin -----------------------------------------------------------------------

struct AdminArgs {
  std::string bootstrap = kDefaultBootstrap;
  std::string database = std::string(cli::kDefaultDatabase);
  std::string table;
  std::string spec = "latest";
};

cli::ResultTable strings_table(std::vector<std::string> names,
                               std::vector<std::vector<std::string>> rows) {
  cli::ResultTable t{.column_names = std::move(names)};
  t.column_types.assign(t.column_names.size(), DataType::string());
  t.rows = std::move(rows);
  return t;
}

Status admin_command(const std::string& what, const AdminArgs& args) {
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection, connect(args.bootstrap));
  client::Admin admin;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetAdmin(admin)));
  std::vector<std::vector<std::string>> rows;
  if (what == "databases") {
    std::vector<std::string> names;
    FLUSS_RETURN_IF_ERROR(cli::to_status(admin.ListDatabases(names)));
    std::sort(names.begin(), names.end());
    for (auto& n : names) rows.push_back({n});
    cli::print_table(strings_table({"database name"}, rows), std::cout);
  } else if (what == "tables") {
    std::vector<std::string> names;
    FLUSS_RETURN_IF_ERROR(cli::to_status(admin.ListTables(args.database, names)));
    std::sort(names.begin(), names.end());
    for (auto& n : names) rows.push_back({n});
    cli::print_table(strings_table({"table name"}, rows), std::cout);
  } else if (what == "partitions") {
    std::vector<client::PartitionInfo> partitions;
    FLUSS_RETURN_IF_ERROR(
        cli::to_status(admin.ListPartitionInfos(parse_table_path(args.table), partitions)));
    for (auto& p : partitions) rows.push_back({std::to_string(p.partition_id), p.partition_name});
    cli::print_table(strings_table({"partition id", "partition name"}, rows), std::cout);
  } else if (what == "offsets") {
    client::TablePath path = parse_table_path(args.table);
    client::TableInfo info;
    FLUSS_RETURN_IF_ERROR(cli::to_status(admin.GetTableInfo(path, info)));
    client::OffsetSpec spec = args.spec == "earliest" ? client::OffsetSpec::Earliest()
                              : args.spec == "latest"
                                  ? client::OffsetSpec::Latest()
                                  : client::OffsetSpec::Timestamp(std::stoll(args.spec));
    std::vector<int32_t> buckets;
    for (int32_t b = 0; b < info.num_buckets; ++b) buckets.push_back(b);
    auto add = [&](const std::string& partition,
                   const std::unordered_map<int32_t, int64_t>& offsets) {
      for (int32_t b : buckets) {
        auto it = offsets.find(b);
        rows.push_back(
            {partition, std::to_string(b), it == offsets.end() ? "" : std::to_string(it->second)});
      }
    };
    if (info.partition_keys.empty()) {
      std::unordered_map<int32_t, int64_t> offsets;
      FLUSS_RETURN_IF_ERROR(cli::to_status(admin.ListOffsets(path, buckets, spec, offsets)));
      add("", offsets);
    } else {
      std::vector<client::PartitionInfo> partitions;
      FLUSS_RETURN_IF_ERROR(cli::to_status(admin.ListPartitionInfos(path, partitions)));
      for (auto& p : partitions) {
        std::unordered_map<int32_t, int64_t> offsets;
        FLUSS_RETURN_IF_ERROR(cli::to_status(
            admin.ListPartitionOffsets(path, p.partition_name, buckets, spec, offsets)));
        add(p.partition_name, offsets);
      }
    }
    cli::print_table(strings_table({"partition", "bucket", "offset"}, rows), std::cout);
  } else if (what == "cluster") {
    std::vector<client::ServerNode> nodes;
    FLUSS_RETURN_IF_ERROR(cli::to_status(admin.GetServerNodes(nodes)));
    for (auto& n : nodes) {
      rows.push_back({std::to_string(n.id), n.server_type, n.host + ":" + std::to_string(n.port)});
    }
    cli::print_table(strings_table({"id", "type", "address"}, rows), std::cout);
  }
  return Status::OK();
}

void bootstrap_option(CLI::App* sub, std::string& target) {
  sub->add_option("-b,--bootstrap-servers", target, "Fluss servers to bootstrap from")
      ->capture_default_str();
}

template <typename Fn>
void run_and_exit(Fn fn) {
  std::exit(fn());
}

}  // namespace

void add_tool_commands(CLI::App& app) {
  {
    static SqlArgs args;
    CLI::App* sub = app.add_subcommand(
        "sql", "the SQL shell (Flink SQL syntax): interactive, -f file or -e 'statements'");
    sub->add_option("-f,--file", args.file, "run the statements of a file and exit");
    sub->add_option("-e,--execute", args.execute, "run these statements and exit");
    sub->add_option("-b,--bootstrap-servers", args.bootstrap,
                    "connect a catalog 'fluss_catalog' to these servers and use it "
                    "(instead of CREATE CATALOG)");
    sub->callback([] { run_and_exit([] { return run_sql(args); }); });
  }
  {
    static ProduceArgs args;
    CLI::App* sub = app.add_subcommand(
        "produce", "write rows read from stdin (JSON objects or CSV, one per line) to a table");
    bootstrap_option(sub, args.bootstrap);
    sub->add_option("-t,--table", args.table, "[database.]table")->required();
    sub->add_option("--format", args.format, "json or csv")
        ->check(CLI::IsMember({"json", "csv"}))
        ->capture_default_str();
    sub->add_option("--delimiter", args.delimiter, "CSV field delimiter")->capture_default_str();
    sub->add_option("--acks", args.acks, "client.writer.acks: all, -1, 0 or 1")
        ->capture_default_str();
    sub->callback([] {
      run_and_exit([] {
        int64_t written = 0;
        Status s = produce(args, written);
        std::cerr << "fluss produce: " << written << " rows written to " << args.table << "\n";
        return s.ok() ? 0 : report("produce", s);
      });
    });
  }
  {
    static ConsumeArgs args;
    CLI::App* sub = app.add_subcommand(
        "consume", "read a table's log (rows of a log table, the changelog of a PK table)");
    bootstrap_option(sub, args.bootstrap);
    sub->add_option("-t,--table", args.table, "[database.]table")->required();
    sub->add_option("-o,--offset", args.offset,
                    "where to start: earliest, latest, an offset, or ts:<epoch ms>")
        ->capture_default_str();
    sub->add_option("--format", args.format, "json (one object per line) or table")
        ->check(CLI::IsMember({"json", "table"}))
        ->capture_default_str();
    sub->add_option("--columns", args.columns, "projection: comma-separated column names");
    sub->add_option("-c,--count", args.count, "stop after this many records");
    sub->add_flag("-f,--follow", args.follow,
                  "keep reading new records (until Ctrl-C); without it, stop at the end");
    sub->callback([] {
      run_and_exit([] {
        Status s = consume(args);
        return s.ok() ? 0 : report("consume", s);
      });
    });
  }
  {
    static LookupArgs args;
    CLI::App* sub = app.add_subcommand(
        "lookup", "look up rows of a primary-key table by key (JSON objects; stdin if none given)");
    bootstrap_option(sub, args.bootstrap);
    sub->add_option("-t,--table", args.table, "[database.]table")->required();
    sub->add_option("--format", args.format, "json or table")
        ->check(CLI::IsMember({"json", "table"}))
        ->capture_default_str();
    sub->add_option("keys", args.keys, "keys such as '{\"id\": 1}'");
    sub->callback([] {
      run_and_exit([] {
        Status s = lookup(args);
        return s.ok() ? 0 : report("lookup", s);
      });
    });
  }
  {
    static AdminArgs args;
    CLI::App* sub = app.add_subcommand(
        "admin", "databases, tables, partitions, offsets and cluster information");
    bootstrap_option(sub, args.bootstrap);
    sub->require_subcommand(1);
    auto add = [&](const char* name, const char* description) {
      CLI::App* cmd = sub->add_subcommand(name, description);
      std::string what = name;
      cmd->callback([what] {
        run_and_exit([&] {
          Status s = admin_command(what, args);
          return s.ok() ? 0 : report("admin", s);
        });
      });
      return cmd;
    };
    add("databases", "list the databases");
    add("tables", "list the tables of a database")
        ->add_option("-d,--database", args.database, "the database")
        ->capture_default_str();
    add("partitions", "list the partitions of a table")
        ->add_option("-t,--table", args.table, "[database.]table")
        ->required();
    CLI::App* offsets = add("offsets", "the offsets of every bucket of a table");
    offsets->add_option("-t,--table", args.table, "[database.]table")->required();
    offsets->add_option("--spec", args.spec, "earliest, latest, or an epoch-ms timestamp")
        ->capture_default_str();
    add("cluster", "the coordinator and tablet servers");
  }
  add_bench_command(app);
}

}  // namespace fluss::apps
