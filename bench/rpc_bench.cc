// SPDX-License-Identifier: Apache-2.0
// Empty-request round trips over loopback: our RpcServer and client
// (ServerConnection), one network thread each, with C calls in flight; and
// ApiVersions round trips against a real `fluss local` server named by
// FLUSS_BENCH_SERVER=host:port (the request handlers, ApiVersions encoding and
// all). The anchor, redis-benchmark -t ping_inline at the same concurrency, runs
// from scripts/rpc_bench.sh in the same run (docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "common/io_context_pool.h"
#include "rpc/rpc_client.h"
#include "rpc/rpc_server.h"

namespace fluss::rpc {
namespace {

class EmptyHandler : public RequestHandler {
 public:
  Task<Result<ByteBuffer>> handle(Request /*request*/) override { co_return ByteBuffer(); }
};

struct Shared {
  std::atomic<int64_t> remaining;
  std::atomic<int> live;
  std::shared_ptr<Channel<bool>> done;
  std::atomic<int64_t> errors{0};
};

// ApiVersionsRequest{client_software_name="fluss", client_software_version="0.1.0"}
// (fluss-wire.md §1.2).
constexpr std::string_view kApiVersionsRequest(
    "\x0a\x05"
    "fluss"
    "\x12\x05"
    "0.1.0",
    14);

Task<> worker(std::shared_ptr<ServerConnection> connection, std::shared_ptr<Shared> shared,
              std::string_view payload) {
  while (shared->remaining.fetch_sub(1) > 0) {
    ByteBuffer request(payload.size());
    request.append(payload);
    Result<ByteBuffer> response = co_await connection->call(1000, 0, std::move(request));
    if (!response.ok()) shared->errors.fetch_add(1);
  }
  if (shared->live.fetch_sub(1) == 1) shared->done->try_send(asio::error_code(), true);
}

Task<int64_t> round_trips(std::shared_ptr<ServerConnection> connection, int concurrency,
                          int64_t calls, std::string_view payload = {}) {
  auto executor = co_await asio::this_coro::executor;
  auto shared = std::make_shared<Shared>();
  shared->remaining = calls;
  shared->live = concurrency;
  shared->done = std::make_shared<Channel<bool>>(executor, 1);
  for (int i = 0; i < concurrency; ++i)
    asio::co_spawn(executor, worker(connection, shared, payload), asio::detached);
  co_await shared->done->async_receive(asio::use_awaitable);
  co_return shared->errors.load();
}

void BM_EmptyRoundTrip(benchmark::State& state) {
  const int concurrency = static_cast<int>(state.range(0));
  IoContextPool server_threads(1, "bench-server");
  IoContextPool client_threads(1, "bench-client");
  EmptyHandler handler;
  auto server = RpcServer::start(server_threads, handler, {});
  if (!server.ok()) {
    state.SkipWithError(server.status().to_string().c_str());
    return;
  }
  auto connect = asio::co_spawn(client_threads.at(0),
                                ServerConnection::connect(client_threads.at(0).get_executor(),
                                                          "127.0.0.1", (*server)->port()),
                                asio::use_future);
  auto connection = connect.get();
  if (!connection.ok()) {
    state.SkipWithError(connection.status().to_string().c_str());
    return;
  }
  constexpr int64_t kCallsPerIteration = 10000;
  int64_t errors = 0;
  for (auto _ : state) {
    errors +=
        asio::co_spawn(client_threads.at(0),
                       round_trips(*connection, concurrency, kCallsPerIteration), asio::use_future)
            .get();
  }
  if (errors > 0) state.SkipWithError("calls failed");
  state.SetItemsProcessed(state.iterations() * kCallsPerIteration);
  (*connection)->close();
  asio::co_spawn(server_threads.at(0), (*server)->stop(), asio::use_future).get();
}
BENCHMARK(BM_EmptyRoundTrip)->Arg(1)->Arg(50)->UseRealTime()->Unit(benchmark::kMillisecond);

// ApiVersions against the coordinator of a running `fluss local`.
void BM_ApiVersionsFlussLocal(benchmark::State& state) {
  const char* address = std::getenv("FLUSS_BENCH_SERVER");
  if (address == nullptr) {
    state.SkipWithError("set FLUSS_BENCH_SERVER=host:port (scripts/rpc_bench.sh does)");
    return;
  }
  const std::string text(address);
  const size_t colon = text.rfind(':');
  const std::string host = text.substr(0, colon);
  const auto port = static_cast<uint16_t>(std::stoi(text.substr(colon + 1)));
  const int concurrency = static_cast<int>(state.range(0));
  IoContextPool client_threads(1, "bench-client");
  auto connection =
      asio::co_spawn(client_threads.at(0),
                     ServerConnection::connect(client_threads.at(0).get_executor(), host, port),
                     asio::use_future)
          .get();
  if (!connection.ok()) {
    state.SkipWithError(connection.status().to_string().c_str());
    return;
  }
  constexpr int64_t kCallsPerIteration = 10000;
  int64_t errors = 0;
  for (auto _ : state) {
    errors += asio::co_spawn(
                  client_threads.at(0),
                  round_trips(*connection, concurrency, kCallsPerIteration, kApiVersionsRequest),
                  asio::use_future)
                  .get();
  }
  if (errors > 0) state.SkipWithError("calls failed");
  state.SetItemsProcessed(state.iterations() * kCallsPerIteration);
  (*connection)->close();
}
BENCHMARK(BM_ApiVersionsFlussLocal)->Arg(1)->Arg(50)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fluss::rpc
