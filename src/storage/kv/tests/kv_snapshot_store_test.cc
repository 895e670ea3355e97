// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/kv_snapshot_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>

#include "storage/fs/mem_file_system.h"
#include "storage/fs/posix_file_system.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using test::StatusIs;
using test::StatusIsWith;
using test::value_or_throw;
using Model = std::map<std::string, std::string>;

const TableBucket kBucket(TableId(7), BucketId(3));

std::unique_ptr<rocksdb::DB> open_db(const std::string& dir) {
  std::filesystem::create_directories(dir);
  rocksdb::Options options;
  options.create_if_missing = true;
  // Compactions only when a test asks for one, so which SSTs a snapshot has is known.
  options.disable_auto_compactions = true;
  rocksdb::DB* db = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, dir, &db);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::unique_ptr<rocksdb::DB>(db);
}

Model contents(rocksdb::DB& db) {
  Model m;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) m[it->key().ToString()] = it->value().ToString();
  EXPECT_TRUE(it->status().ok());
  return m;
}

class KvSnapshotStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "fluss-kv-snapshot-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    local_tablet_dir_ = root_ + "/data/db/t-7/kv-3";
    remote_tablet_dir_ = remote_kv_tablet_dir(
        root_ + "/remote", PhysicalTablePath{.table_path = {"db", "t"}, .partition_name = {}},
        kBucket);
    db_ = open_db(local_tablet_dir_ + "/db");
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(root_);
  }

  std::unique_ptr<KvSnapshotStore> open_store(int32_t num_retained = 2) {
    return open_store_on(fs_, num_retained);
  }
  std::unique_ptr<KvSnapshotStore> open_store_on(FileSystem& remote, int32_t num_retained = 2) {
    return value_or_throw(KvSnapshotStore::open(fs_, remote,
                                                {.table_bucket = kBucket,
                                                 .remote_tablet_dir = remote_tablet_dir_,
                                                 .local_tablet_dir = local_tablet_dir_,
                                                 .num_retained = num_retained}));
  }

  // Writes `n` random keys (some overwritten, some deleted) into db_ and model_.
  void write(int n, std::mt19937_64& rng) {
    for (int i = 0; i < n; ++i) {
      const std::string key = fmt::format("key-{:06}", rng() % 20000);
      if (rng() % 10 == 0) {
        ASSERT_TRUE(db_->Delete(rocksdb::WriteOptions(), key).ok());
        model_.erase(key);
      } else {
        const std::string value = fmt::format("value-{}-{}", rng(), std::string(rng() % 64, 'v'));
        ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), key, value).ok());
        model_[key] = value;
      }
    }
  }

  // Restores the newest usable snapshot into a fresh directory and returns its contents.
  std::pair<std::optional<RestoredKvSnapshot>, Model> restore(const std::string& name) {
    auto store = open_store();
    const std::string dir = root_ + "/restore-" + name;
    std::optional<RestoredKvSnapshot> restored = value_or_throw(store->restore_latest(dir));
    if (!restored) return {std::nullopt, {}};
    EXPECT_EQ(restored->db_dir, dir);
    auto db = open_db(dir);
    return {restored, contents(*db)};
  }

  std::set<std::string> remote_entries(const std::string& dir) {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      names.insert(e.path().filename().string());
    }
    return names;
  }

  std::string snap_dir(int64_t id) { return fmt::format("{}/snap-{}", remote_tablet_dir_, id); }

  PosixFileSystem fs_;
  std::string root_;
  std::string local_tablet_dir_;
  std::string remote_tablet_dir_;
  std::unique_ptr<rocksdb::DB> db_;
  Model model_;
};

TEST(RemoteKvTabletDirTest, FollowsFlussLayout) {
  EXPECT_EQ(remote_kv_tablet_dir("/r", {.table_path = {"db", "orders"}, .partition_name = {}},
                                 TableBucket(TableId(12), BucketId(4))),
            "/r/kv/db/orders-12/4");
  EXPECT_EQ(remote_kv_tablet_dir("/r/", {.table_path = {"db", "orders"}, .partition_name = "2024"},
                                 TableBucket(TableId(12), PartitionId(5), BucketId(0))),
            "/r/kv/db/orders-12/2024-p5/0");
}

TEST_F(KvSnapshotStoreTest, SecondSnapshotReusesTheFirstOnesSstFiles) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  auto store = open_store();

  write(3000, rng);
  const CompletedSnapshot first = value_or_throw(store->take_snapshot(*db_, LogOffset(100)));
  const Model first_model = model_;
  EXPECT_EQ(first.snapshot_id, 0);
  EXPECT_EQ(first.snapshot_location, snap_dir(0));
  EXPECT_EQ(first.log_offset, LogOffset(100));
  ASSERT_FALSE(first.kv_snapshot_handle.shared_file_handles.empty());
  EXPECT_EQ(first.kv_snapshot_handle.snapshot_incremental_size, first.total_size());

  write(3000, rng);
  const CompletedSnapshot second =
      value_or_throw(store->take_snapshot(*db_, LogOffset(250), /*row_count=*/int64_t{42}));
  EXPECT_EQ(second.snapshot_id, 1);
  EXPECT_EQ(second.row_count, 42);
  // Every SST of the first snapshot is still live (no compaction) and is referenced, not
  // copied; the second uploaded only its new SST and its private files.
  int64_t new_bytes = 0;
  for (const KvFileHandleAndLocalPath& f : second.kv_snapshot_handle.shared_file_handles) {
    if (std::find(first.kv_snapshot_handle.shared_file_handles.begin(),
                  first.kv_snapshot_handle.shared_file_handles.end(),
                  f) == first.kv_snapshot_handle.shared_file_handles.end()) {
      new_bytes += f.kv_file_handle.size;
    }
  }
  for (const KvFileHandleAndLocalPath& f : first.kv_snapshot_handle.shared_file_handles) {
    EXPECT_THAT(second.kv_snapshot_handle.shared_file_handles, testing::Contains(f));
  }
  EXPECT_EQ(second.kv_snapshot_handle.shared_file_handles.size(),
            first.kv_snapshot_handle.shared_file_handles.size() + 1);
  for (const KvFileHandleAndLocalPath& f : second.kv_snapshot_handle.private_file_handles) {
    EXPECT_TRUE(f.kv_file_handle.path.starts_with(snap_dir(1) + "/")) << f.kv_file_handle.path;
    new_bytes += f.kv_file_handle.size;
  }
  EXPECT_EQ(second.kv_snapshot_handle.snapshot_incremental_size, new_bytes);
  EXPECT_LT(second.kv_snapshot_handle.snapshot_incremental_size, second.total_size());

  // _METADATA holds exactly the returned snapshot; the local checkpoints are gone.
  ByteBuffer metadata;
  ASSERT_OK(read_file(fs_, snap_dir(1) + "/_METADATA", metadata));
  EXPECT_EQ(value_or_throw(completed_snapshot_from_json(metadata.string_view(), "m")), second);
  EXPECT_EQ(remote_entries(local_tablet_dir_), std::set<std::string>{"db"});

  // Restore each: the newest, then the first once the newest is gone.
  auto [restored, restored_model] = restore("second");
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->log_offset, LogOffset(250));
  EXPECT_EQ(restored->snapshot, second);
  EXPECT_EQ(restored_model, model_);

  ASSERT_OK(fs_.remove(snap_dir(1) + "/_METADATA"));
  auto [restored_first, first_restored_model] = restore("first");
  ASSERT_TRUE(restored_first.has_value());
  EXPECT_EQ(restored_first->log_offset, LogOffset(100));
  EXPECT_EQ(first_restored_model, first_model);
}

TEST_F(KvSnapshotStoreTest, CorruptMetadataFallsBackToThePreviousSnapshot) {
  std::mt19937_64 rng(1);
  auto store = open_store();
  write(500, rng);
  ASSERT_OK(store->take_snapshot(*db_, LogOffset(10)).status());
  const Model first_model = model_;
  write(500, rng);
  ASSERT_OK(store->take_snapshot(*db_, LogOffset(20)).status());

  // Truncated JSON.
  const std::string metadata = snap_dir(1) + "/_METADATA";
  ASSERT_OK(fs_.truncate(metadata, 40));
  auto [restored, restored_model] = restore("truncated");
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->snapshot.snapshot_id, 0);
  EXPECT_EQ(restored->log_offset, LogOffset(10));
  EXPECT_EQ(restored_model, first_model);

  // Valid JSON of another snapshot id.
  ByteBuffer first_metadata;
  ASSERT_OK(read_file(fs_, snap_dir(0) + "/_METADATA", first_metadata));
  ASSERT_OK(write_file_atomically(fs_, metadata, first_metadata.view()));
  auto [restored2, restored_model2] = restore("wrong-id");
  ASSERT_TRUE(restored2.has_value());
  EXPECT_EQ(restored2->snapshot.snapshot_id, 0);

  // Every _METADATA unusable: nothing to restore.
  ASSERT_OK(fs_.truncate(snap_dir(0) + "/_METADATA", 0));
  auto [none, none_model] = restore("none");
  EXPECT_FALSE(none.has_value());
  EXPECT_FALSE(std::filesystem::exists(root_ + "/restore-none") &&
               !std::filesystem::is_empty(root_ + "/restore-none"));
}

TEST_F(KvSnapshotStoreTest, MissingOrShortSharedFileFallsBackToThePreviousSnapshot) {
  std::mt19937_64 rng(2);
  auto store = open_store();
  write(500, rng);
  const CompletedSnapshot first = value_or_throw(store->take_snapshot(*db_, LogOffset(10)));
  const Model first_model = model_;
  write(500, rng);
  const CompletedSnapshot second = value_or_throw(store->take_snapshot(*db_, LogOffset(20)));
  // The SST only the second snapshot has.
  const KvFileHandleAndLocalPath& newest = second.kv_snapshot_handle.shared_file_handles.back();
  ASSERT_THAT(first.kv_snapshot_handle.shared_file_handles,
              testing::Not(testing::Contains(newest)));

  const uint64_t size = static_cast<uint64_t>(newest.kv_file_handle.size);
  ASSERT_OK(fs_.truncate(newest.kv_file_handle.path, size - 1));
  auto [short_restored, short_model] = restore("short");
  ASSERT_TRUE(short_restored.has_value());
  EXPECT_EQ(short_restored->snapshot.snapshot_id, 0);
  EXPECT_EQ(short_model, first_model);

  ASSERT_OK(fs_.remove(newest.kv_file_handle.path));
  auto [restored, restored_model] = restore("missing");
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->snapshot, first);
  EXPECT_EQ(restored_model, first_model);

  // A reopened store does not keep the broken snapshot.
  auto reopened = open_store();
  ASSERT_EQ(reopened->retained_snapshots().size(), 1u);
  EXPECT_EQ(reopened->retained_snapshots()[0], first);
  EXPECT_EQ(reopened->next_snapshot_id(), 2);
}

TEST_F(KvSnapshotStoreTest, RetentionDeletesOldSnapshotsAndUnreferencedSharedFiles) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  auto store = open_store(/*num_retained=*/2);
  std::vector<CompletedSnapshot> taken;
  for (int i = 0; i < 5; ++i) {
    write(1000, rng);
    if (i == 2) {
      // Compaction replaces every SST: later snapshots stop referencing the old ones.
      ASSERT_TRUE(db_->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr).ok());
    }
    taken.push_back(value_or_throw(store->take_snapshot(*db_, LogOffset(100 * (i + 1)))));

    // Only the newest two survive, and exactly the shared files they reference.
    std::set<std::string> expected_dirs{"shared"};
    std::set<std::string> referenced;
    for (size_t k = taken.size() >= 2 ? taken.size() - 2 : 0; k < taken.size(); ++k) {
      expected_dirs.insert(fmt::format("snap-{}", taken[k].snapshot_id));
      for (const auto& f : taken[k].kv_snapshot_handle.shared_file_handles) {
        referenced.insert(f.kv_file_handle.path);
      }
    }
    EXPECT_EQ(remote_entries(remote_tablet_dir_), expected_dirs) << "after snapshot " << i;
    std::set<std::string> shared;
    for (const std::string& name : remote_entries(remote_tablet_dir_ + "/shared")) {
      shared.insert(remote_tablet_dir_ + "/shared/" + name);
    }
    EXPECT_EQ(shared, referenced) << "after snapshot " << i;
    ASSERT_EQ(store->retained_snapshots().size(), std::min<size_t>(taken.size(), 2));
    EXPECT_EQ(store->retained_snapshots().back(), taken.back());
  }
  auto [restored, restored_model] = restore("latest");
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->snapshot, taken.back());
  EXPECT_EQ(restored_model, model_);
}

TEST_F(KvSnapshotStoreTest, RetentionAlsoDeletesOlderUnusableSnapshotDirectories) {
  std::mt19937_64 rng(3);
  {
    auto store = open_store(/*num_retained=*/2);
    write(200, rng);
    ASSERT_OK(store->take_snapshot(*db_, LogOffset(1)).status());
    write(200, rng);
    ASSERT_OK(store->take_snapshot(*db_, LogOffset(2)).status());
  }
  ASSERT_OK(fs_.truncate(snap_dir(1) + "/_METADATA", 3));
  auto store = open_store(/*num_retained=*/1);
  ASSERT_EQ(store->retained_snapshots().size(), 1u);
  EXPECT_EQ(store->retained_snapshots()[0].snapshot_id, 0);
  write(200, rng);
  const CompletedSnapshot third = value_or_throw(store->take_snapshot(*db_, LogOffset(3)));
  EXPECT_EQ(third.snapshot_id, 2);
  EXPECT_EQ(remote_entries(remote_tablet_dir_), (std::set<std::string>{"shared", "snap-2"}));
  auto [restored, restored_model] = restore("third");
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored_model, model_);
}

TEST_F(KvSnapshotStoreTest, IgnoresEntriesThatAreNotSnapshotDirectories) {
  std::mt19937_64 rng(7);
  write(100, rng);
  ASSERT_OK(open_store()->take_snapshot(*db_, LogOffset(1)).status());
  for (const char* name : {"snap-01", "snap-x", "snap-", "snap-99999999999999999999"}) {
    ASSERT_OK(fs_.create_dirs(remote_tablet_dir_ + "/" + name));
  }
  auto store = open_store();
  EXPECT_EQ(store->next_snapshot_id(), 1);
  ASSERT_EQ(store->retained_snapshots().size(), 1u);
  ASSERT_OK(store->take_snapshot(*db_, LogOffset(2)).status());
  ASSERT_OK(store->take_snapshot(*db_, LogOffset(3)).status());
  EXPECT_EQ(remote_entries(remote_tablet_dir_),
            (std::set<std::string>{"shared", "snap-1", "snap-2", "snap-01", "snap-x", "snap-",
                                   "snap-99999999999999999999"}));
}

TEST_F(KvSnapshotStoreTest, SnapshotAfterRestoreReusesTheRestoredSstFiles) {
  std::mt19937_64 rng(4);
  {
    auto store = open_store();
    write(2000, rng);
    ASSERT_OK(store->take_snapshot(*db_, LogOffset(50)).status());
  }
  auto store = open_store();
  const std::string dir = root_ + "/restored-db";
  std::optional<RestoredKvSnapshot> restored = value_or_throw(store->restore_latest(dir));
  ASSERT_TRUE(restored.has_value());
  auto db = open_db(dir);
  EXPECT_EQ(contents(*db), model_);
  const CompletedSnapshot next = value_or_throw(store->take_snapshot(*db, LogOffset(50)));
  EXPECT_EQ(next.snapshot_id, 1);
  EXPECT_EQ(next.kv_snapshot_handle.shared_file_handles,
            restored->snapshot.kv_snapshot_handle.shared_file_handles);
  int64_t private_bytes = 0;
  for (const auto& f : next.kv_snapshot_handle.private_file_handles) {
    private_bytes += f.kv_file_handle.size;
  }
  EXPECT_EQ(next.kv_snapshot_handle.snapshot_incremental_size, private_bytes);
}

TEST_F(KvSnapshotStoreTest, FreshStoreUploadsEverythingEvenIfNamesMatch) {
  // A store that restored nothing has no base: a RocksDB instance built from scratch may
  // reuse SST names of an older instance with different contents.
  std::mt19937_64 rng(5);
  write(300, rng);
  const CompletedSnapshot first = value_or_throw(open_store()->take_snapshot(*db_, LogOffset(1)));
  const CompletedSnapshot second = value_or_throw(open_store()->take_snapshot(*db_, LogOffset(1)));
  EXPECT_EQ(second.kv_snapshot_handle.snapshot_incremental_size, second.total_size());
  EXPECT_EQ(second.snapshot_id, first.snapshot_id + 1);
}

TEST_F(KvSnapshotStoreTest, RestoreRefusesANonEmptyTargetAndReportsNothingWhenEmpty) {
  auto store = open_store();
  EXPECT_EQ(value_or_throw(store->restore_latest(root_ + "/empty")), std::nullopt);
  EXPECT_THAT(store->restore_latest(local_tablet_dir_ + "/db"),
              StatusIsWith(ErrorCode::kKvStorageException, "is not empty"));
}

TEST_F(KvSnapshotStoreTest, RejectsZeroRetainedSnapshots) {
  EXPECT_THAT(KvSnapshotStore::open(fs_, fs_,
                                    {.table_bucket = kBucket,
                                     .remote_tablet_dir = remote_tablet_dir_,
                                     .local_tablet_dir = local_tablet_dir_,
                                     .num_retained = 0}),
              StatusIsWith(ErrorCode::kInvalidConfigException, "kv.snapshot.num-retained"));
}

TEST_F(KvSnapshotStoreTest, FailedCheckpointLeavesNoSnapshotBehind) {
  // The local checkpoint directory cannot be created: its parent is a file.
  auto store = value_or_throw(KvSnapshotStore::open(fs_, fs_,
                                                    {.table_bucket = kBucket,
                                                     .remote_tablet_dir = remote_tablet_dir_,
                                                     .local_tablet_dir = root_ + "/a-file",
                                                     .num_retained = 2}));
  {
    auto file = value_or_throw(fs_.open_for_append(root_ + "/a-file"));
    ASSERT_OK(file->close());
  }
  EXPECT_THAT(store->take_snapshot(*db_, LogOffset(1)),
              StatusIsWith(ErrorCode::kStorageException,
                           "kv snapshot 0 of TableBucket{tableId=7, bucket=3}"));
  EXPECT_FALSE(std::filesystem::exists(snap_dir(0)));
  EXPECT_TRUE(store->retained_snapshots().empty());
}

TEST_F(KvSnapshotStoreTest, FailedUploadLeavesThePreviousSnapshotsAndNoStrayFiles) {
  MemFileSystem remote;
  std::mt19937_64 rng(6);
  auto store = open_store_on(remote);
  write(500, rng);
  const CompletedSnapshot first = value_or_throw(store->take_snapshot(*db_, LogOffset(10)));
  const Model first_model = model_;
  const std::set<std::string> first_shared = [&] {
    std::set<std::string> names;
    for (const auto& f : first.kv_snapshot_handle.shared_file_handles)
      names.insert(f.kv_file_handle.path);
    return names;
  }();
  const uint64_t metadata_size = value_or_throw(remote.file_size(snap_dir(0) + "/_METADATA"));

  // The store fills up in the middle of the second upload.
  write(500, rng);
  remote.set_space_limit(static_cast<uint64_t>(first.total_size()) + metadata_size + 4096);
  const Result<CompletedSnapshot> failed = store->take_snapshot(*db_, LogOffset(20));
  ASSERT_THAT(failed, StatusIsWith(ErrorCode::kStorageException,
                                   "kv snapshot 1 of TableBucket{tableId=7, bucket=3}"));
  EXPECT_TRUE(is_no_space(failed.status()));
  EXPECT_EQ(value_or_throw(remote.list(remote_tablet_dir_)),
            (std::vector<std::string>{"shared", "snap-0"}));
  std::set<std::string> shared;
  for (const std::string& name : value_or_throw(remote.list(remote_tablet_dir_ + "/shared"))) {
    shared.insert(remote_tablet_dir_ + "/shared/" + name);
  }
  EXPECT_EQ(shared, first_shared);
  ASSERT_EQ(store->retained_snapshots().size(), 1u);
  EXPECT_EQ(remote_entries(local_tablet_dir_), std::set<std::string>{"db"});

  // The next attempt, with room again, takes a new id and completes.
  remote.set_space_limit(std::nullopt);
  const CompletedSnapshot third = value_or_throw(store->take_snapshot(*db_, LogOffset(20)));
  EXPECT_EQ(third.snapshot_id, 2);
  auto restorer = open_store_on(remote);
  const std::string dir = root_ + "/restored";
  std::optional<RestoredKvSnapshot> restored = value_or_throw(restorer->restore_latest(dir));
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->snapshot, third);
  EXPECT_EQ(contents(*open_db(dir)), model_);
}

}  // namespace
}  // namespace fluss::storage
