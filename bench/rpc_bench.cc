// SPDX-License-Identifier: Apache-2.0
// Empty-request round trips over loopback: our RpcServer and client
// (ServerConnection), one network thread each, with C calls in flight. The
// anchor, redis-benchmark -t ping_inline at the same concurrency, runs from
// scripts/rpc_bench.sh in the same run (docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>

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

Task<> worker(std::shared_ptr<ServerConnection> connection, std::shared_ptr<Shared> shared) {
  while (shared->remaining.fetch_sub(1) > 0) {
    Result<ByteBuffer> response = co_await connection->call(1000, 0, ByteBuffer());
    if (!response.ok()) shared->errors.fetch_add(1);
  }
  if (shared->live.fetch_sub(1) == 1) shared->done->try_send(asio::error_code(), true);
}

Task<int64_t> round_trips(std::shared_ptr<ServerConnection> connection, int concurrency,
                          int64_t calls) {
  auto executor = co_await asio::this_coro::executor;
  auto shared = std::make_shared<Shared>();
  shared->remaining = calls;
  shared->live = concurrency;
  shared->done = std::make_shared<Channel<bool>>(executor, 1);
  for (int i = 0; i < concurrency; ++i)
    asio::co_spawn(executor, worker(connection, shared), asio::detached);
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

}  // namespace
}  // namespace fluss::rpc
