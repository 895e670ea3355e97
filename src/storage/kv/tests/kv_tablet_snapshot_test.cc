// SPDX-License-Identifier: Apache-2.0
// Snapshots through the KvTablet: snapshot(), maybe_snapshot(), restore on open.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/config_options.h"
#include "record/value_record_batch.h"
#include "storage/fs/mem_file_system.h"
#include "storage/fs/posix_file_system.h"
#include "storage/kv/kv_manager.h"
#include "storage/kv/kv_snapshot_uploader.h"
#include "storage/kv/kv_tablet.h"
#include "storage/kv/tests/kv_test_util.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using fluss::test::StatusIs;
using fluss::test::value_or_throw;
using test::Op;
using ::testing::ElementsAre;

const TableBucket kBucket(TableId(1), BucketId(0));

class KvTabletSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources_ = value_or_throw(KvSharedResources::create(Configuration()));
    log_ = value_or_throw(LogTablet::open(log_fs_, "/data/db/t-1/log-0", LogConfig{}));
    remote_dir_ = remote_kv_tablet_dir(
        dir_.path() + "/remote", PhysicalTablePath{TablePath{"db", "t"}, std::nullopt}, kBucket);
  }

  KvTabletParams params() {
    return KvTabletParams{.bucket = kBucket,
                          .kv_dir = kv_dir(),
                          .table = test::make_table(),
                          .schema_getter = {},
                          .resources = resources_,
                          .high_watermark = log_->log_end_offset(),
                          .snapshot = KvTabletSnapshotParams{.local_fs = &posix_,
                                                             .remote_fs = remote_fs_,
                                                             .remote_tablet_dir = remote_dir_,
                                                             .num_retained = 2,
                                                             .interval_ms = 1000,
                                                             .upload_executor = executor_}};
  }
  std::string kv_dir() const { return dir_.path() + "/data/kv-0"; }

  void open() {
    kv_.reset();
    kv_ = value_or_throw(KvTablet::open(params(), *log_));
  }
  // Puts and commits (flush at the log end).
  void put(const std::vector<Op>& ops) {
    ByteBuffer batch = test::kv_batch(ops);
    value_or_throw(kv_->put_as_leader(batch.view(), std::nullopt));
    ASSERT_OK(kv_->flush(log_->log_end_offset()));
  }
  CompletedSnapshot snapshot() {
    std::optional<CompletedSnapshot> s = value_or_throw(kv_->snapshot());
    if (!s) throw std::runtime_error("no snapshot taken");
    return *s;
  }
  // The tablet dies and its local database is lost.
  void crash_and_lose_db() {
    kv_.reset();
    std::filesystem::remove_all(kv_dir());
  }

  std::vector<std::string> committed_rows() {
    std::vector<std::string> out;
    auto scanner = kv_->new_scanner();
    const RowType type = test::make_table().row_type();
    while (auto batch = value_or_throw(scanner->next_batch(1 << 20))) {
      auto view = value_or_throw(ValueRecordBatch::parse(batch->view()));
      ValueRecordReader reader(view);
      while (auto rec = value_or_throw(reader.next())) {
        out.push_back(
            value_or_throw(decode_row(RowFormat::kCompacted, type, rec->row)).to_string());
      }
    }
    return out;
  }

  test::TempDir dir_;
  MemFileSystem log_fs_;
  PosixFileSystem posix_;
  FileSystem* remote_fs_ = &posix_;
  std::function<void(std::function<void()>)> executor_;
  std::string remote_dir_;
  std::shared_ptr<KvSharedResources> resources_;
  std::unique_ptr<LogTablet> log_;
  std::unique_ptr<KvTablet> kv_;
};

TEST_F(KvTabletSnapshotTest, CrashAfterASnapshotRestoresExactlyTheCommittedState) {
  open();
  put({{1, "a"}, {2, "b"}, {3, "c"}});
  const CompletedSnapshot snap = snapshot();
  EXPECT_EQ(snap.log_offset, LogOffset(3));
  EXPECT_EQ(snap.snapshot_location, remote_dir_ + "/snap-0");
  put({{2, std::nullopt}, {1, "z"}});  // -D(2) at 3, -U/+U(1) at 4..5
  put({{4, "d"}});                     // +I(4) at 6
  // Uncommitted: appended but above the high watermark.
  ByteBuffer uncommitted = test::kv_batch({{5, "e"}});
  value_or_throw(kv_->put_as_leader(uncommitted.view(), std::nullopt));
  const LogOffset hw(7);

  crash_and_lose_db();
  KvTabletParams p = params();
  p.high_watermark = hw;
  kv_ = value_or_throw(KvTablet::open(std::move(p), *log_));
  const KvRecoveryInfo& info = kv_->recovery_info();
  EXPECT_EQ(info.restored_snapshot_id, std::optional<int64_t>(0));
  EXPECT_EQ(info.from, LogOffset(3));
  EXPECT_EQ(info.records_applied, 3);   // -D(2), +U(1), +I(4); -U skipped
  EXPECT_EQ(info.records_buffered, 1);  // +I(5) above the high watermark
  EXPECT_EQ(kv_->flushed_offset(), hw);
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'z')", "(3, 'c')", "(4, 'd')"));
  ASSERT_OK(kv_->flush(log_->log_end_offset()));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'z')", "(3, 'c')", "(4, 'd')", "(5, 'e')"));
}

TEST_F(KvTabletSnapshotTest, ALocalDatabaseIsUsedAsItIs) {
  open();
  put({{1, "a"}});
  snapshot();
  put({{2, "b"}});
  kv_.reset();
  open();
  EXPECT_EQ(kv_->recovery_info().restored_snapshot_id, std::nullopt);
  EXPECT_EQ(kv_->recovery_info().from, LogOffset(2));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'a')", "(2, 'b')"));
  EXPECT_EQ(snapshot().log_offset, LogOffset(2));
  // A reopened tablet knows its store's newest snapshot: nothing new, no snapshot.
  kv_.reset();
  open();
  EXPECT_EQ(value_or_throw(kv_->snapshot()), std::nullopt);
}

TEST_F(KvTabletSnapshotTest, WithoutASnapshotTheWholeChangelogIsReplayed) {
  open();
  put({{1, "a"}, {2, "b"}});
  crash_and_lose_db();
  open();
  EXPECT_EQ(kv_->recovery_info().restored_snapshot_id, std::nullopt);
  EXPECT_EQ(kv_->recovery_info().from, LogOffset(0));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'a')", "(2, 'b')"));
}

TEST_F(KvTabletSnapshotTest, ACorruptSnapshotManifestFallsBackToThePreviousSnapshot) {
  open();
  put({{1, "a"}});
  EXPECT_EQ(snapshot().snapshot_id, 0);
  put({{2, "b"}});
  EXPECT_EQ(snapshot().snapshot_id, 1);
  put({{3, "c"}});
  std::ofstream(remote_dir_ + "/snap-1/_METADATA", std::ios::trunc) << "{\"version\":1,";
  crash_and_lose_db();
  open();
  EXPECT_EQ(kv_->recovery_info().restored_snapshot_id, std::optional<int64_t>(0));
  EXPECT_EQ(kv_->recovery_info().from, LogOffset(1));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'a')", "(2, 'b')", "(3, 'c')"));
  // The next snapshot continues after the corrupt one's id.
  put({{4, "d"}});
  EXPECT_EQ(snapshot().snapshot_id, 2);
}

TEST_F(KvTabletSnapshotTest, ACorruptLocalDatabaseIsReplacedByTheSnapshot) {
  open();
  put({{1, "a"}});
  snapshot();
  put({{2, "b"}});
  kv_.reset();
  // RocksDB finds CURRENT naming a MANIFEST that does not parse.
  for (const auto& entry : std::filesystem::directory_iterator(kv_dir() + "/db")) {
    if (entry.path().filename().string().starts_with("MANIFEST-")) {
      std::ofstream(entry.path(), std::ios::trunc) << "garbage";
    }
  }
  open();
  EXPECT_EQ(kv_->recovery_info().restored_snapshot_id, std::optional<int64_t>(0));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'a')", "(2, 'b')"));
}

TEST_F(KvTabletSnapshotTest, IncrementalSnapshotsReuseTheSstFilesOfThePreviousOne) {
  open();
  std::vector<Op> ops;
  for (int i = 0; i < 200; ++i) ops.push_back({i, std::string(100, 'x')});
  put(ops);
  const CompletedSnapshot first = snapshot();
  EXPECT_EQ(first.kv_snapshot_handle.snapshot_incremental_size, first.total_size());
  put({{1000, "y"}});
  const CompletedSnapshot second = snapshot();
  std::set<std::string> first_shared;
  for (const auto& f : first.kv_snapshot_handle.shared_file_handles) {
    first_shared.insert(f.kv_file_handle.path);
  }
  int reused = 0;
  for (const auto& f : second.kv_snapshot_handle.shared_file_handles) {
    reused += first_shared.count(f.kv_file_handle.path) ? 1 : 0;
  }
  EXPECT_GE(reused, 1);
  EXPECT_LT(second.kv_snapshot_handle.snapshot_incremental_size, second.total_size());
  // And a restore of the incremental snapshot has both parts.
  crash_and_lose_db();
  open();
  EXPECT_EQ(kv_->recovery_info().restored_snapshot_id, std::optional<int64_t>(1));
  EXPECT_EQ(committed_rows().size(), 201u);
}

TEST_F(KvTabletSnapshotTest, NothingNewSinceTheLastSnapshotTakesNone) {
  open();
  EXPECT_EQ(value_or_throw(kv_->snapshot()), std::nullopt);  // empty
  put({{1, "a"}});
  snapshot();
  EXPECT_EQ(value_or_throw(kv_->snapshot()), std::nullopt);
  // Uncommitted changes do not count.
  ByteBuffer batch = test::kv_batch({{2, "b"}});
  value_or_throw(kv_->put_as_leader(batch.view(), std::nullopt));
  EXPECT_EQ(value_or_throw(kv_->snapshot()), std::nullopt);
}

TEST_F(KvTabletSnapshotTest, MaybeSnapshotFollowsTheInterval) {
  open();
  put({{1, "a"}});
  EXPECT_EQ(value_or_throw(kv_->maybe_snapshot(5000)), std::nullopt);  // starts the clock
  EXPECT_EQ(value_or_throw(kv_->maybe_snapshot(5999)), std::nullopt);
  const auto taken = value_or_throw(kv_->maybe_snapshot(6000));
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->log_offset, LogOffset(1));
  put({{2, "b"}});
  EXPECT_EQ(value_or_throw(kv_->maybe_snapshot(6999)), std::nullopt);
  EXPECT_EQ(value_or_throw(kv_->maybe_snapshot(7000))->log_offset, LogOffset(2));
}

TEST_F(KvTabletSnapshotTest, WithoutSnapshotParamsSnapshotFails) {
  KvTabletParams p = params();
  p.snapshot.reset();
  kv_ = value_or_throw(KvTablet::open(std::move(p), *log_));
  EXPECT_THAT(kv_->snapshot(), StatusIs(ErrorCode::kKvStorageException));
  EXPECT_EQ(value_or_throw(kv_->maybe_snapshot(0)), std::nullopt);
}

TEST(KvManagerSnapshotTest, TheRemoteDataDirIsRequiredAndHoldsTheSnapshots) {
  test::TempDir dir;
  EXPECT_THAT(KvManager::create(Configuration(), dir.path() + "/data"),
              StatusIs(ErrorCode::kInvalidConfigException));
  Configuration config;
  config.set_string("remote.data.dir", dir.path() + "/remote");
  config.set_string("kv.snapshot.num-retained", "1");
  auto manager = value_or_throw(KvManager::create(config, dir.path() + "/data"));
  EXPECT_EQ(manager->remote_data_dir(), dir.path() + "/remote");
  MemFileSystem fs;
  auto log = value_or_throw(LogTablet::open(fs, "/d/db/t-1/log-0", LogConfig{}));
  const PhysicalTablePath path{TablePath{"db", "t"}, std::nullopt};
  KvTablet* kv = value_or_throw(
      manager->get_or_create_kv(path, kBucket, test::make_table(), {}, *log, LogOffset(0)));
  ByteBuffer batch = test::kv_batch({{1, "a"}});
  value_or_throw(kv->put_as_leader(batch.view(), std::nullopt));
  ASSERT_OK(kv->flush(LogOffset(1)));
  const auto snap = value_or_throw(kv->snapshot());
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->snapshot_location, dir.path() + "/remote/kv/db/t-1/0/snap-0");
  EXPECT_TRUE(std::filesystem::exists(snap->snapshot_location + "/_METADATA"));
  // remote.data.dirs wins over remote.data.dir.
  config.set_string("remote.data.dirs", dir.path() + "/r1," + dir.path() + "/r2");
  EXPECT_EQ(value_or_throw(KvManager::create(config, dir.path() + "/data2"))->remote_data_dir(),
            dir.path() + "/r1");
  ASSERT_OK(manager->close());
}

// An executor the test runs by hand: uploads happen exactly when the test says.
struct ManualExecutor {
  std::vector<std::function<void()>> tasks;
  std::function<void(std::function<void()>)> executor() {
    return [this](std::function<void()> task) { tasks.push_back(std::move(task)); };
  }
  void run_all() {
    auto pending = std::move(tasks);
    tasks.clear();
    for (auto& task : pending) task();
  }
};

TEST_F(KvTabletSnapshotTest, AnAsyncSnapshotRegistersOnlyAfterItsUpload) {
  ManualExecutor uploads;
  executor_ = uploads.executor();
  open();
  put({{1, "a"}, {2, "b"}});
  const CompletedSnapshot first = snapshot();  // the synchronous path still works
  put({{3, "c"}});
  EXPECT_EQ(value_or_throw(kv_->start_snapshot()), true);
  ASSERT_EQ(uploads.tasks.size(), 1u);
  // Checkpointed, not uploaded: writers go on, the previous snapshot is the newest.
  put({{4, "d"}});
  EXPECT_EQ(kv_->snapshot_store()->retained_snapshots().back().snapshot_id, first.snapshot_id);
  EXPECT_FALSE(std::filesystem::exists(remote_dir_ + "/snap-1"));
  // One upload at a time.
  EXPECT_EQ(value_or_throw(kv_->start_snapshot()), false);
  uploads.run_all();
  ASSERT_OK(kv_->wait_for_snapshot_upload());
  const CompletedSnapshot second = kv_->snapshot_store()->retained_snapshots().back();
  EXPECT_EQ(second.snapshot_id, 1);
  EXPECT_EQ(second.log_offset, LogOffset(3));  // what was flushed at the checkpoint
  // The local checkpoint directory is gone.
  for (const auto& entry : std::filesystem::directory_iterator(kv_dir())) {
    EXPECT_EQ(entry.path().filename(), "db");
  }
  // Restoring it replays the write made during the upload.
  crash_and_lose_db();
  open();
  EXPECT_EQ(kv_->recovery_info().restored_snapshot_id, std::optional<int64_t>(1));
  EXPECT_THAT(committed_rows(), ElementsAre("(1, 'a')", "(2, 'b')", "(3, 'c')", "(4, 'd')"));
}

TEST_F(KvTabletSnapshotTest, AFailedAsyncUploadLeavesThePreviousSnapshot) {
  MemFileSystem remote;
  remote_fs_ = &remote;
  ManualExecutor uploads;
  executor_ = uploads.executor();
  open();
  put({{1, "a"}});
  ASSERT_EQ(value_or_throw(kv_->start_snapshot()), true);
  uploads.run_all();
  ASSERT_OK(kv_->wait_for_snapshot_upload());
  put({{2, "b"}});
  ASSERT_EQ(value_or_throw(kv_->start_snapshot()), true);
  remote.set_space_limit(0);  // the store is full when the upload runs
  uploads.run_all();
  EXPECT_THAT(kv_->wait_for_snapshot_upload(),
              fluss::test::StatusIsWith(ErrorCode::kStorageException, "kv snapshot 1"));
  ASSERT_EQ(kv_->snapshot_store()->retained_snapshots().size(), 1u);
  EXPECT_EQ(kv_->snapshot_store()->retained_snapshots().back().snapshot_id, 0);
  EXPECT_EQ(value_or_throw(remote.list(remote_dir_)),
            (std::vector<std::string>{"shared", "snap-0"}));
  // The next attempt retries the same state under a new id.
  remote.set_space_limit(std::nullopt);
  ASSERT_EQ(value_or_throw(kv_->start_snapshot()), true);
  uploads.run_all();
  ASSERT_OK(kv_->wait_for_snapshot_upload());
  EXPECT_EQ(kv_->snapshot_store()->retained_snapshots().back().snapshot_id, 2);
  EXPECT_EQ(kv_->snapshot_store()->retained_snapshots().back().log_offset, LogOffset(2));
}

TEST_F(KvTabletSnapshotTest, TheManagersUploaderRunsSnapshotsOffTheWritersThread) {
  KvSnapshotUploader uploader(2);
  executor_ = [&uploader](std::function<void()> task) { uploader.submit(std::move(task)); };
  open();
  std::vector<int64_t> reported;  // written by the uploader, read after the waits
  kv_->set_snapshot_listener(
      [&reported](const CompletedSnapshot& s) { reported.push_back(s.snapshot_id); });
  put({{1, "a"}});
  EXPECT_EQ(value_or_throw(kv_->maybe_start_snapshot(0)), false);    // starts the clock
  EXPECT_EQ(value_or_throw(kv_->maybe_start_snapshot(1000)), true);  // starts an upload
  ASSERT_OK(kv_->wait_for_snapshot_upload());
  ASSERT_EQ(kv_->snapshot_store()->retained_snapshots().size(), 1u);
  EXPECT_EQ(reported, std::vector<int64_t>{0});
  put({{2, "b"}});
  ASSERT_EQ(value_or_throw(kv_->start_snapshot()), true);
  kv_.reset();  // waits for the upload in flight
  EXPECT_TRUE(std::filesystem::exists(remote_dir_ + "/snap-1/_METADATA"));
  EXPECT_EQ(reported, (std::vector<int64_t>{0, 1}));
}

TEST_F(KvTabletSnapshotTest, SnapshotsCarryTheRowCountAndARestoreResumesIt) {
  open();
  put({{1, "a"}, {2, "b"}, {3, "c"}});
  const CompletedSnapshot snap = snapshot();
  EXPECT_EQ(snap.row_count, std::optional<int64_t>(3));
  put({{2, std::nullopt}});
  put({{5, "e"}, {6, "f"}});
  crash_and_lose_db();
  open();
  EXPECT_EQ(kv_->recovery_info().restored_snapshot_id, std::optional<int64_t>(0));
  EXPECT_EQ(value_or_throw(kv_->row_count()), 4);
}

}  // namespace
}  // namespace fluss::storage
