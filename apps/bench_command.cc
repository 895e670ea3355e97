// SPDX-License-Identifier: Apache-2.0
// `fluss bench produce|upsert|consume|lookup|e2e`: load generators over the client library
// that print rows/s, MB/s and latency percentiles (docs/benchmarks.md).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cli/client_conversions.h"
#include "tool_commands.h"
#include "tool_common.h"

namespace fluss::apps {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchArgs {
  std::string bootstrap = kDefaultBootstrap;
  std::string table;
  int64_t rows = 100'000;
  int32_t row_size = 100;
  int32_t clients = 1;
  std::string acks = "all";
  int32_t buckets = 4;
  double rate_mb = 50;    // e2e: the produce rate
  int32_t seconds = 10;   // e2e: how long
  int64_t keys = 0;       // lookup: the key space 0..keys-1 (0: --rows)
  bool sync = false;      // lookup: one blocking thread per client instead of LookupAsync
  int32_t window_mb = 8;  // produce/upsert: unacknowledged MiB per client
  std::vector<std::string> settings;  // -D key=value client settings (Fluss keys)
};

// The client settings of --acks and -D key=value (a -D wins).
Result<std::map<std::string, std::string>> client_settings(const BenchArgs& args) {
  std::map<std::string, std::string> out{{"client.writer.acks", args.acks}};
  for (const std::string& setting : args.settings) {
    const size_t eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
      return make_error(ErrorCode::kInvalidConfigException,
                        "-D '{}': expected key=value, e.g. -D client.writer.batch-size=4mb",
                        setting);
    }
    out[setting.substr(0, eq)] = setting.substr(eq + 1);
  }
  return out;
}

// Latencies in microseconds from every client.
class Latencies {
 public:
  void add(std::vector<int64_t>& local) {
    std::lock_guard lock(mutex_);
    all_.insert(all_.end(), local.begin(), local.end());
    local.clear();
  }
  // "p50 12 us, p99 30 us, p999 80 us" (over every sample).
  std::string summary() {
    std::lock_guard lock(mutex_);
    if (all_.empty()) return "no latency samples";
    std::sort(all_.begin(), all_.end());
    auto at = [&](double q) {
      size_t i =
          std::min(all_.size() - 1, static_cast<size_t>(q * static_cast<double>(all_.size())));
      return all_[i];
    };
    return fmt::format("latency p50 {} us, p99 {} us, p999 {} us, max {} us ({} samples)", at(0.5),
                       at(0.99), at(0.999), all_.back(), all_.size());
  }

 private:
  std::mutex mutex_;
  std::vector<int64_t> all_;
};

int64_t micros_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

void print_rate(const char* what, int64_t rows, int64_t bytes, Clock::time_point start) {
  double seconds = static_cast<double>(micros_since(start)) / 1e6;
  std::printf("%s: %lld rows in %.2f s: %.0f rows/s, %.2f MB/s\n", what,
              static_cast<long long>(rows), seconds, static_cast<double>(rows) / seconds,
              static_cast<double>(bytes) / seconds / 1e6);
}

std::string default_table(const std::string& kind, const BenchArgs& args) {
  return args.table.empty() ? "fluss.bench_" + kind : args.table;
}

// Creates (again) the bench table: (id BIGINT, sent_us BIGINT, payload STRING), with a
// primary key on id for upsert and lookup workloads.
Status recreate_table(client::Admin& admin, const client::TablePath& path, bool primary_key,
                      int32_t buckets) {
  // fluss-cpp's coordinator does not create Fluss's default database `fluss` at start-up.
  FLUSS_RETURN_IF_ERROR(
      cli::to_status(admin.CreateDatabase(path.database_name, client::DatabaseDescriptor{}, true)));
  FLUSS_RETURN_IF_ERROR(cli::to_status(admin.DropTable(path, true)));
  client::Schema::Builder schema = client::Schema::NewBuilder();
  schema.AddColumn("id", client::DataType::BigInt())
      .AddColumn("sent_us", client::DataType::BigInt())
      .AddColumn("payload", client::DataType::String());
  if (primary_key) schema.SetPrimaryKeys({"id"});
  client::TableDescriptor::Builder descriptor = client::TableDescriptor::NewBuilder();
  descriptor.SetSchema(schema.Build()).SetBucketCount(buckets);
  // Log tables get incompressible payloads (Payloads) and no batch compression, so the
  // bytes written to disk are the bytes produced, as for the disk anchor.
  if (!primary_key) descriptor.SetProperty("table.log.arrow.compression.type", "NONE");
  return cli::to_status(admin.CreateTable(path, descriptor.Build(), false));
}

// Payloads of `size` bytes. Primary-key tables get 'x's, like redis-benchmark's -d values.
// Log tables get windows of one random buffer, different per row and incompressible.
class Payloads {
 public:
  Payloads(int32_t row_size, bool random) : size_(static_cast<size_t>(std::max(row_size - 16, 1))) {
    if (!random) {
      bytes_.assign(size_, 'x');
      return;
    }
    std::mt19937_64 bits(42);
    bytes_.resize(size_ + kWindows);
    for (char& c : bytes_) c = static_cast<char>('!' + bits() % 94);  // printable STRING
  }
  std::string_view at(int64_t id) const {
    return bytes_.size() == size_
               ? std::string_view(bytes_)
               : std::string_view(bytes_).substr(static_cast<size_t>(id * 61 % kWindows), size_);
  }

 private:
  static constexpr int64_t kWindows = 4096;
  size_t size_;
  std::string bytes_;
};

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// produce / upsert: `clients` threads write `rows` rows in total; every write's
// acknowledgement is awaited in windows, so latency = buffered -> acknowledged.
Status bench_write(const BenchArgs& args, bool upsert) {
  FLUSS_ASSIGN_OR_RETURN(auto settings, client_settings(args));
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection, connect(args.bootstrap, settings));
  client::Admin admin;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetAdmin(admin)));
  client::TablePath path = parse_table_path(default_table(upsert ? "kv" : "log", args));
  FLUSS_RETURN_IF_ERROR(recreate_table(admin, path, upsert, args.buckets));
  client::Table table;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetTable(path, table)));
  const Payloads payloads(args.row_size, /*random=*/!upsert);
  Latencies latencies;
  std::atomic<int64_t> next_id{0};
  std::mutex error_mutex;
  Status first_error;
  // Each client keeps up to `window` rows unacknowledged (--window-mb, 8 MiB, and at most half
  // the default 64 MiB write buffer over all clients): it waits for its oldest row only when
  // the window is full, so batches fill up instead of waiting out client.writer.batch-timeout.
  const int64_t window_bytes = std::min<int64_t>(int64_t{std::max(args.window_mb, 1)} << 20,
                                                 (int64_t{32} << 20) / std::max(args.clients, 1));
  const size_t window =
      static_cast<size_t>(std::max<int64_t>(1, window_bytes / std::max(args.row_size, 1)));
  auto client_loop = [&]() {
    client::AppendWriter appender;
    client::UpsertWriter upserter;
    client::Result created = upsert ? table.NewUpsert().CreateWriter(upserter)
                                    : table.NewAppend().CreateWriter(appender);
    Status s = cli::to_status(created);
    std::deque<std::pair<client::WriteResult, Clock::time_point>> unacked;
    std::vector<int64_t> local;
    // A latency per row: reserved, so the samples do not regrow (and fault in) as they come.
    local.reserve(static_cast<size_t>(args.rows / std::max(args.clients, 1) + 1));
    // The rows of a batch are acknowledged together: the clock is read for every 32nd.
    int64_t waited = 0;
    Clock::time_point acked_at;
    auto wait_oldest = [&] {
      Status acked = cli::to_status(unacked.front().first.Wait());
      if (s.ok()) s = acked;
      if (waited++ % 32 == 0) acked_at = Clock::now();
      local.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(acked_at - unacked.front().second)
              .count());
      unacked.pop_front();
    };
    Clock::time_point sent = Clock::now();
    while (s.ok()) {
      int64_t id = next_id.fetch_add(1);
      if (id >= args.rows) break;
      client::GenericRow row = table.NewRow();
      // Reading the clock costs about 100 ns on this VM, 8% of a row: every 32nd row.
      if (id % 32 == 0) sent = Clock::now();
      row.SetInt64(0, id);
      row.SetInt64(
          1,
          std::chrono::duration_cast<std::chrono::microseconds>(sent.time_since_epoch()).count());
      row.SetString(2, std::string(payloads.at(id)));
      client::WriteResult ack;
      s = cli::to_status(upsert ? upserter.Upsert(std::move(row), ack)
                                : appender.Append(std::move(row), ack));
      unacked.emplace_back(std::move(ack), sent);
      if (unacked.size() >= window) wait_oldest();
    }
    if (s.ok()) s = cli::to_status(upsert ? upserter.Flush() : appender.Flush());
    while (!unacked.empty()) wait_oldest();
    latencies.add(local);
    if (!s.ok()) {
      std::lock_guard lock(error_mutex);
      if (first_error.ok()) first_error = s;
    }
  };
  Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < args.clients; ++i) threads.emplace_back(client_loop);
  for (auto& t : threads) t.join();
  FLUSS_RETURN_IF_ERROR(first_error);
  print_rate(upsert ? "upsert" : "produce", args.rows, args.rows * args.row_size, start);
  std::printf("%s (write buffered -> ack seen, acks=%s, %d clients)\n", latencies.summary().c_str(),
              args.acks.c_str(), args.clients);
  return Status::OK();
}

// consume: reads the log table from the earliest offset to its end.
Status bench_consume(const BenchArgs& args) {
  FLUSS_ASSIGN_OR_RETURN(auto settings, client_settings(args));
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection, connect(args.bootstrap, settings));
  client::Admin admin;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetAdmin(admin)));
  client::TablePath path = parse_table_path(default_table("log", args));
  client::Table table;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetTable(path, table)));
  int32_t buckets = table.GetTableInfo().num_buckets;
  std::vector<int32_t> ids;
  for (int32_t b = 0; b < buckets; ++b) ids.push_back(b);
  std::unordered_map<int32_t, int64_t> ends;
  FLUSS_RETURN_IF_ERROR(
      cli::to_status(admin.ListOffsets(path, ids, client::OffsetSpec::Latest(), ends)));
  int64_t total = 0;
  for (auto& [b, end] : ends) total += end;
  client::LogScanner scanner;
  FLUSS_RETURN_IF_ERROR(cli::to_status(table.NewScan().CreateLogScanner(scanner)));
  for (int32_t b : ids) {
    FLUSS_RETURN_IF_ERROR(cli::to_status(scanner.Subscribe(b, client::EARLIEST_OFFSET)));
  }
  Latencies polls;
  std::vector<int64_t> local;
  int64_t rows = 0;
  int64_t bytes = 0;
  Clock::time_point start = Clock::now();
  while (rows < total) {
    client::ScanRecords records;
    Clock::time_point poll = Clock::now();
    FLUSS_RETURN_IF_ERROR(cli::to_status(scanner.Poll(1000, records)));
    local.push_back(micros_since(poll));
    if (records.IsEmpty() && micros_since(start) > 60'000'000) break;
    for (const client::ScanRecord& r : records) {
      ++rows;
      bytes += 16 + static_cast<int64_t>(r.row.GetString(2).size());
    }
  }
  polls.add(local);
  print_rate("consume", rows, bytes, start);
  std::printf("poll %s\n", polls.summary().c_str());
  return Status::OK();
}

// lookup: `rows` random keys of the upsert table in total, with `clients` lookups outstanding
// at any time: like redis-benchmark's -c, one thread keeps them going through LookupAsync
// (each completion issues the next), or with --sync each client is a thread calling Lookup.
Status bench_lookup(const BenchArgs& args) {
  FLUSS_ASSIGN_OR_RETURN(auto settings, client_settings(args));
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection, connect(args.bootstrap, settings));
  client::TablePath path = parse_table_path(default_table("kv", args));
  client::Table table;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetTable(path, table)));
  client::Admin admin;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetAdmin(admin)));
  // The key space: what `fluss bench upsert --rows n` wrote (ids 0..n-1), given as --keys n.
  const auto key_space = static_cast<uint64_t>(args.keys > 0 ? args.keys : args.rows);
  Latencies latencies;
  std::atomic<int64_t> remaining{args.rows};
  std::atomic<int64_t> found{0};
  std::mutex mutex;  // guards first_error and active
  std::condition_variable finished;
  Status first_error;
  int active = args.clients;
  auto fail = [&](const Status& s) {
    std::lock_guard lock(mutex);
    if (first_error.ok()) first_error = s;
  };
  client::Lookuper lookuper;
  FLUSS_RETURN_IF_ERROR(cli::to_status(table.NewLookup().CreateLookuper(lookuper)));

  // One outstanding lookup at a time per client; only its own callbacks touch a Client.
  struct Client {
    std::mt19937_64 random;
    std::vector<int64_t> latencies;
    Clock::time_point sent;
  };
  std::vector<Client> clients(static_cast<size_t>(args.clients));
  for (size_t i = 0; i < clients.size(); ++i) clients[i].random.seed(i + 1);
  auto finish = [&](Client& c) {
    latencies.add(c.latencies);
    std::lock_guard lock(mutex);
    if (--active == 0) finished.notify_all();
  };
  std::function<void(Client&)> issue = [&](Client& c) {
    if (remaining.fetch_sub(1) <= 0) return finish(c);
    client::GenericRow key = table.NewRow();
    key.SetInt64(0, static_cast<int64_t>(c.random() % key_space));
    c.sent = Clock::now();
    lookuper.LookupAsync(key, [&](client::Result r, client::LookupResult result) {
      c.latencies.push_back(micros_since(c.sent));
      if (!r.Ok()) {
        fail(cli::to_status(r));
        return finish(c);
      }
      if (result.Found()) found.fetch_add(1);
      issue(c);
    });
  };
  auto sync_loop = [&](Client& c) {
    client::Lookuper own;
    Status s = cli::to_status(table.NewLookup().CreateLookuper(own));
    while (s.ok() && remaining.fetch_sub(1) > 0) {
      client::GenericRow key = table.NewRow();
      key.SetInt64(0, static_cast<int64_t>(c.random() % key_space));
      client::LookupResult result;
      Clock::time_point start = Clock::now();
      s = cli::to_status(own.Lookup(key, result));
      c.latencies.push_back(micros_since(start));
      if (result.Found()) found.fetch_add(1);
    }
    if (!s.ok()) fail(s);
    finish(c);
  };

  Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (Client& c : clients) {
    if (args.sync) {
      threads.emplace_back(sync_loop, std::ref(c));
    } else {
      issue(c);
    }
  }
  {
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return active == 0; });
  }
  for (auto& t : threads) t.join();
  FLUSS_RETURN_IF_ERROR(first_error);
  print_rate("lookup", args.rows, found.load() * args.row_size, start);
  std::printf("%s (%lld of %lld keys found, %d clients, %s)\n", latencies.summary().c_str(),
              static_cast<long long>(found.load()), static_cast<long long>(args.rows), args.clients,
              args.sync ? "a thread each, Lookup" : "one thread, LookupAsync");
  return Status::OK();
}

// e2e: one producer appends at --rate-mb for --seconds with its send time in each row;
// a consumer tails the table and records now - sent for every row.
Status bench_e2e(const BenchArgs& args) {
  FLUSS_ASSIGN_OR_RETURN(auto settings, client_settings(args));
  settings.try_emplace("client.writer.batch-timeout", "1ms");
  FLUSS_ASSIGN_OR_RETURN(client::Connection connection, connect(args.bootstrap, settings));
  client::Admin admin;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetAdmin(admin)));
  client::TablePath path = parse_table_path(default_table("e2e", args));
  FLUSS_RETURN_IF_ERROR(recreate_table(admin, path, false, args.buckets));
  client::Table table;
  FLUSS_RETURN_IF_ERROR(cli::to_status(connection.GetTable(path, table)));
  client::LogScanner scanner;
  FLUSS_RETURN_IF_ERROR(cli::to_status(table.NewScan().CreateLogScanner(scanner)));
  for (int32_t b = 0; b < args.buckets; ++b) {
    FLUSS_RETURN_IF_ERROR(cli::to_status(scanner.Subscribe(b, client::EARLIEST_OFFSET)));
  }
  const Payloads payloads(args.row_size, /*random=*/true);
  double rows_per_second = args.rate_mb * 1e6 / args.row_size;
  int64_t total = static_cast<int64_t>(rows_per_second * args.seconds);
  std::atomic<bool> producing{true};
  Status produce_status;
  std::thread producer([&] {
    client::AppendWriter writer;
    produce_status = cli::to_status(table.NewAppend().CreateWriter(writer));
    Clock::time_point start = Clock::now();
    for (int64_t i = 0; i < total && produce_status.ok(); ++i) {
      // Pace: row i is due at start + i / rate.
      auto due = start + std::chrono::microseconds(
                             static_cast<int64_t>(static_cast<double>(i) * 1e6 / rows_per_second));
      if (Clock::now() < due) std::this_thread::sleep_until(due);
      client::GenericRow row = table.NewRow();
      row.SetInt64(0, i);
      row.SetInt64(1, now_us());
      row.SetString(2, std::string(payloads.at(i)));
      produce_status = cli::to_status(writer.Append(row));
    }
    if (produce_status.ok()) produce_status = cli::to_status(writer.Flush());
    producing = false;
  });
  Latencies latencies;
  std::vector<int64_t> local;
  int64_t received = 0;
  Clock::time_point start = Clock::now();
  while (received < total &&
         (producing || micros_since(start) < (args.seconds + 30) * 1'000'000LL)) {
    client::ScanRecords records;
    FLUSS_RETURN_IF_ERROR(cli::to_status(scanner.Poll(100, records)));
    int64_t now = now_us();
    for (const client::ScanRecord& r : records) {
      local.push_back(now - r.row.GetInt64(1));
      ++received;
    }
  }
  producer.join();
  FLUSS_RETURN_IF_ERROR(produce_status);
  latencies.add(local);
  print_rate("e2e consume", received, received * args.row_size, start);
  std::printf("produce -> consume %s (target %.1f MB/s of %d-byte rows, acks=%s)\n",
              latencies.summary().c_str(), args.rate_mb, args.row_size, args.acks.c_str());
  return Status::OK();
}

}  // namespace

void add_bench_command(CLI::App& app) {
  static BenchArgs args;
  CLI::App* bench = app.add_subcommand(
      "bench", "load generator: produce, upsert, consume, lookup and e2e workloads");
  bench->add_option("-b,--bootstrap-servers", args.bootstrap, "Fluss servers")
      ->capture_default_str();
  bench->add_option("--table", args.table,
                    "[database.]table (default fluss.bench_log / bench_kv / bench_e2e)");
  bench->add_option("--rows", args.rows, "rows to write, read or look up")->capture_default_str();
  bench->add_option("--row-size", args.row_size, "bytes per row")->capture_default_str();
  bench->add_option("--clients", args.clients, "concurrent client threads")->capture_default_str();
  bench->add_option("--acks", args.acks, "client.writer.acks")->capture_default_str();
  bench->add_option("--buckets", args.buckets, "buckets of the table a write workload creates")
      ->capture_default_str();
  bench->add_option("--rate-mb", args.rate_mb, "e2e: produce rate in MB/s")->capture_default_str();
  bench->add_option("--seconds", args.seconds, "e2e: duration")->capture_default_str();
  bench->add_option("--keys", args.keys, "lookup: keys 0..keys-1 exist (default: --rows)");
  bench->add_flag("--sync", args.sync,
                  "lookup: a thread per client calling Lookup (default: --clients lookups kept "
                  "outstanding by one thread through LookupAsync, like redis-benchmark -c)");
  bench
      ->add_option("--window-mb", args.window_mb,
                   "produce/upsert: MiB of rows each client keeps unacknowledged")
      ->capture_default_str();
  bench->add_option("-D", args.settings,
                    "a client setting, key=value (Fluss keys, e.g. client.writer.batch-size=4mb)");
  bench->require_subcommand(1);
  auto add = [&](const char* name, const char* description, Status (*fn)(const BenchArgs&)) {
    bench->add_subcommand(name, description)->callback([fn, name] {
      Status s = fn(args);
      std::exit(s.ok() ? 0 : report("bench", s.with_context(name)));
    });
  };
  add("produce", "append --rows rows of --row-size bytes to a fresh log table",
      [](const BenchArgs& a) { return bench_write(a, false); });
  add("upsert", "upsert --rows rows into a fresh primary-key table",
      [](const BenchArgs& a) { return bench_write(a, true); });
  add("consume", "read the produce table from the earliest offset to its end", bench_consume);
  add("lookup", "look up --rows random keys of the upsert table", bench_lookup);
  add("e2e", "produce at --rate-mb while a consumer tails: produce -> consume latency", bench_e2e);
}

}  // namespace fluss::apps
