// SPDX-License-Identifier: Apache-2.0
// Streaming SELECTs against an in-process cluster, where a script cannot go: a second session
// writes while the first one follows the table.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/result_printer.h"
#include "cli/result_sink.h"
#include "cli/sql_executor.h"
#include "test_utils/status_matchers.h"
#include "test_utils/test_cluster.h"

namespace fluss::cli {
namespace {

// Keeps the streamed rows (as "id dt") and lets the test wait for them, or cancel the read.
class WaitingSink : public ResultSink {
 public:
  void info(std::string_view) override {}
  void text(std::string_view) override {}
  void table(const ResultTable&) override {}
  void stream_begin(const std::vector<std::string>&, const std::vector<DataType>& types) override {
    types_ = types;
  }
  void stream_row(const GenericRow& row, ChangeType) override {
    std::string cells;
    for (size_t i = 0; i < types_.size(); ++i) {
      cells += (i == 0 ? "" : " ") + format_value(row[i], types_[i]);
    }
    std::lock_guard lock(mu_);
    rows_.push_back(std::move(cells));
    cv_.notify_all();
  }
  void stream_end() override {}
  bool cancelled() const override { return cancelled_; }

  bool wait_rows(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return rows_.size() >= n; });
  }
  void cancel() { cancelled_ = true; }
  std::vector<std::string> rows() {
    std::lock_guard lock(mu_);
    return rows_;
  }

 private:
  std::vector<DataType> types_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> rows_;
  std::atomic<bool> cancelled_{false};
};

TEST(SqlStreamingTest, FollowsPartitionsCreatedAfterTheQueryStarts) {
  test::TestCluster cluster;
  SqlExecutor writer;
  SqlExecutor reader;
  WaitingSink ignored;
  for (SqlExecutor* session : {&writer, &reader}) {
    ASSERT_OK(session->execute("CREATE CATALOG c WITH ('type' = 'fluss', 'bootstrap.servers' = '" +
                                   cluster.bootstrap_servers() + "')",
                               ignored));
    ASSERT_OK(session->execute("USE CATALOG c", ignored));
  }
  ASSERT_OK(writer.execute(
      "CREATE TABLE parted (id INT, dt STRING) PARTITIONED BY (dt) WITH ('bucket.num' = '1')",
      ignored));
  ASSERT_OK(writer.execute("INSERT INTO parted VALUES (1, 'old')", ignored));
  ASSERT_OK(reader.execute("SET 'execution.runtime-mode' = 'streaming'", ignored));

  WaitingSink sink;
  Status read;
  std::thread select([&] { read = reader.execute("SELECT id, dt FROM parted LIMIT 2", sink); });
  const bool started = sink.wait_rows(1);  // the read is under way: 'old' is subscribed
  if (started) EXPECT_OK(writer.execute("INSERT INTO parted VALUES (2, 'new')", ignored));
  const bool followed = started && sink.wait_rows(2);
  if (!followed) sink.cancel();
  select.join();
  ASSERT_TRUE(started);
  EXPECT_TRUE(followed) << "the row of partition 'new', created after the SELECT began, "
                           "never arrived";
  EXPECT_OK(read);
  EXPECT_EQ(sink.rows(), (std::vector<std::string>{"1 old", "2 new"}));
}

}  // namespace
}  // namespace fluss::cli
