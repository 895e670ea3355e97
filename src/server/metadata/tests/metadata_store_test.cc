// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <unistd.h>

#include "server/metadata/embedded_metadata_store.h"
#include "server/metadata/metadata_journal.h"
#include "server/metadata/tests/metadata_store_conformance.h"
#include "storage/fs/mem_file_system.h"
#include "storage/fs/posix_file_system.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {
namespace {

using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kDir = "/data/metadata";

// The shared store semantics (metadata_store_conformance.h) on the embedded store.
struct EmbeddedEnv {
  Result<std::unique_ptr<MetadataStore>> open() {
    FLUSS_ASSIGN_OR_RETURN(auto store,
                           EmbeddedMetadataStore::open(fs, {.dir = kDir, .lock = DirLock::kNone}));
    return std::unique_ptr<MetadataStore>(std::move(store));
  }
  storage::MemFileSystem fs;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Embedded, MetadataStoreConformanceTest, EmbeddedEnv);

namespace {

class MetadataStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen(uint64_t compact_bytes = 4u << 20) {
    store_.reset();
    auto opened = EmbeddedMetadataStore::open(
        fs_, {.dir = kDir, .compact_journal_bytes = compact_bytes, .lock = DirLock::kNone});
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
  }

  std::string data_of(const std::string& path) {
    auto got = store_->get(path);
    EXPECT_OK(got);
    if (!got.ok() || !got->has_value()) return "<missing>";
    return (*got)->data;
  }

  storage::MemFileSystem fs_;
  std::unique_ptr<EmbeddedMetadataStore> store_;
};

TEST_F(MetadataStoreTest, EphemeralNodesAreRejectedWithoutSessions) {
  EXPECT_FALSE(store_->has_sessions());
  for (CreateMode mode : {CreateMode::kEphemeral, CreateMode::kEphemeralSequential}) {
    EXPECT_THAT(store_->create("/e", "x", {.mode = mode}),
                StatusIsWith(ErrorCode::kInvalidConfigException, "ephemeral"));
    EXPECT_THAT(store_->multi(
                    {MetadataOp::create("/f", ""), MetadataOp::create("/e", "x", {.mode = mode})}),
                StatusIsWith(ErrorCode::kInvalidConfigException, "op 1 of 2 (create /e)"));
  }
  EXPECT_FALSE(*store_->exists("/e"));
  EXPECT_FALSE(*store_->exists("/f"));
}

TEST_F(MetadataStoreTest, ReopenFindsEverythingAcrossCompactions) {
  reopen(/*compact_bytes=*/512);
  for (int i = 0; i < 100; ++i) {
    ASSERT_OK(store_->create(fmt::format("/n/{:03d}", i), std::string(20, 'a' + i % 26),
                             {.parents = CreateParents::kYes}));
    if (i % 3 == 0) ASSERT_OK(store_->set(fmt::format("/n/{:03d}", i), "set"));
  }
  EXPECT_LE(store_->journal_bytes(), 600u);
  EXPECT_TRUE(*fs_.exists(std::string(kDir) + "/snapshot"));
  reopen(512);
  ASSERT_EQ(store_->children("/n")->size(), 100u);
  EXPECT_EQ(data_of("/n/000"), "set");
  EXPECT_EQ((*store_->get("/n/099"))->version, 1);
  EXPECT_EQ(data_of("/n/001"), std::string(20, 'b'));
}

TEST_F(MetadataStoreTest, JournalLeftBehindByACompactionIsSkipped) {
  ASSERT_OK(store_->create("/x", "1"));
  ASSERT_OK(store_->set("/x", "2"));
  const std::string journal = *fs_.contents(std::string(kDir) + "/journal");
  ASSERT_OK(store_->compact());
  store_.reset();
  // A crash after the snapshot was written but before the journal was emptied.
  fs_.set_contents(std::string(kDir) + "/journal", journal);
  reopen();
  auto got = store_->get("/x");
  ASSERT_OK(got);
  EXPECT_EQ(**got, (NodeData{.data = "2", .version = 1}));
  ASSERT_OK(store_->set("/x", "3", 1));
  reopen();
  EXPECT_EQ(data_of("/x"), "3");
}

TEST_F(MetadataStoreTest, TornOrCorruptJournalTailIsCut) {
  ASSERT_OK(store_->create("/keep", "k"));
  ASSERT_OK(store_->create("/lost", "l"));
  const std::string path = std::string(kDir) + "/journal";
  const std::string full = *fs_.contents(path);
  for (size_t cut = 1; cut < 30; cut += 7) {
    store_.reset();
    fs_.set_contents(path, full.substr(0, full.size() - cut));
    reopen();
    EXPECT_EQ(data_of("/keep"), "k");
    EXPECT_FALSE(*store_->exists("/lost"));
    // The cut tail does not hide what is written after it.
    ASSERT_OK(store_->create("/after", "a"));
    reopen();
    EXPECT_EQ(data_of("/after"), "a");
    ASSERT_OK(store_->remove("/after"));
  }
  store_.reset();
  std::string flipped = full;
  flipped.back() ^= 0x40;
  fs_.set_contents(path, flipped);
  reopen();
  EXPECT_EQ(data_of("/keep"), "k");
  EXPECT_FALSE(*store_->exists("/lost"));
}

TEST_F(MetadataStoreTest, CorruptSnapshotIsAnErrorNamingTheFile) {
  ASSERT_OK(store_->create("/x", "1"));
  ASSERT_OK(store_->compact());
  store_.reset();
  const std::string path = std::string(kDir) + "/snapshot";
  const std::string good = *fs_.contents(path);
  std::string bad = good;
  bad[bad.size() / 2] ^= 1;
  fs_.set_contents(path, bad);
  auto opened = EmbeddedMetadataStore::open(fs_, {.dir = kDir, .lock = DirLock::kNone});
  EXPECT_THAT(opened, StatusIsWith(ErrorCode::kStorageException, path));
  fs_.set_contents(path, good.substr(0, 10));
  opened = EmbeddedMetadataStore::open(fs_, {.dir = kDir, .lock = DirLock::kNone});
  EXPECT_THAT(opened, StatusIsWith(ErrorCode::kStorageException, "shorter"));
  fs_.set_contents(path, "XXXXXXXX" + good.substr(8));
  opened = EmbeddedMetadataStore::open(fs_, {.dir = kDir, .lock = DirLock::kNone});
  EXPECT_THAT(opened, StatusIsWith(ErrorCode::kStorageException, "magic"));
}

TEST_F(MetadataStoreTest, FailedSyncRollsBackAndMakesTheStoreReadOnly) {
  ASSERT_OK(store_->create("/a", "1"));
  fs_.inject_sync_error(Status(ErrorCode::kStorageException, "injected"));
  EXPECT_THAT(store_->create("/b", "2"), StatusIsWith(ErrorCode::kStorageException, "injected"));
  EXPECT_FALSE(*store_->exists("/b"));
  fs_.inject_sync_error(Status::OK());
  EXPECT_THAT(store_->create("/c", "3"), StatusIsWith(ErrorCode::kStorageException, "read-only"));
  EXPECT_EQ(data_of("/a"), "1");
  fs_.drop_unsynced_data();
  reopen();
  EXPECT_EQ(data_of("/a"), "1");
  EXPECT_FALSE(*store_->exists("/b"));
  ASSERT_OK(store_->create("/c", "3"));
}

// Random transactions against a std::map model, with crashes that drop unsynced
// bytes (and tear the last write) at random points: every acknowledged commit is
// there after reopen, and no transaction is half there.
TEST_F(MetadataStoreTest, CrashesLoseNothingAcknowledged) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);
  reopen(/*compact_bytes=*/2048);
  std::map<std::string, std::string> model;  // path -> data, under /t
  ASSERT_OK(store_->create("/t", ""));
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  for (int round = 0; round < 300; ++round) {
    const std::string a = fmt::format("/t/k{}", pick(12));
    const std::string b = fmt::format("/t/k{}", pick(12));
    const std::string value = fmt::format("v{}", round);
    std::map<std::string, std::string> next = model;
    std::vector<MetadataOp> ops;
    // A two-op transaction: upsert a, remove-or-upsert b.
    for (const std::string& p : {a, b}) {
      const bool present = next.contains(p);
      if (p == b && present && pick(2) == 0) {
        ops.push_back(MetadataOp::remove(p));
        next.erase(p);
      } else if (present) {
        ops.push_back(MetadataOp::set(p, value));
        next[p] = value;
      } else {
        ops.push_back(MetadataOp::create(p, value));
        next[p] = value;
      }
    }
    ASSERT_OK(store_->multi(ops));
    model = std::move(next);
    if (pick(10) == 0) {
      fs_.drop_unsynced_data(/*torn_bytes=*/pick(16));
      reopen(2048);
      auto names = store_->children("/t");
      ASSERT_OK(names);
      std::map<std::string, std::string> found;
      for (const std::string& name : *names) found["/t/" + name] = data_of("/t/" + name);
      ASSERT_EQ(found, model) << "after round " << round;
    }
  }
}

TEST(EmbeddedMetadataStoreLockTest, SecondOpenOfADirectoryFails) {
  const std::string dir =
      std::filesystem::temp_directory_path() / fmt::format("fluss-meta-lock-{}", ::getpid());
  storage::PosixFileSystem fs;
  {
    auto first = EmbeddedMetadataStore::open(fs, {.dir = dir});
    ASSERT_OK(first);
    ASSERT_OK((*first)->create("/x", "1"));
    auto second = EmbeddedMetadataStore::open(fs, {.dir = dir});
    EXPECT_THAT(second, StatusIsWith(ErrorCode::kStorageException, "in use"));
  }
  auto again = EmbeddedMetadataStore::open(fs, {.dir = dir});
  ASSERT_OK(again);
  auto got = (*again)->get("/x");
  ASSERT_OK(got);
  EXPECT_EQ((*got)->data, "1");
  again->reset();
  std::filesystem::remove_all(dir);
}

TEST(MetadataJournalTest, RecordsRoundTripAndLiesAreCaught) {
  JournalRecord record{.txn_id = 7,
                       .ops = {MetadataOp::create("/a", "x",
                                                  {.mode = CreateMode::kPersistentSequential,
                                                   .parents = CreateParents::kYes}),
                               MetadataOp::set("/a", "y", 3),
                               MetadataOp::remove("/b", kAnyVersion, RemoveMode::kRecursive),
                               MetadataOp::check("/c", 0)}};
  ByteBuffer bytes;
  encode_journal_record(record, bytes);
  encode_journal_record(JournalRecord{.txn_id = 8, .ops = {}}, bytes);
  JournalScan scan = scan_journal(bytes.view(), "j");
  ASSERT_OK(scan.tail_error);
  ASSERT_EQ(scan.records.size(), 2u);
  EXPECT_EQ(scan.records[0], record);
  EXPECT_EQ(scan.valid_bytes, bytes.size());

  // A lying length.
  ByteBuffer lie = bytes;
  lie.put_le<uint32_t>(0, 0xFFFFFFF0u);
  scan = scan_journal(lie.view(), "j");
  EXPECT_THAT(scan.tail_error, StatusIsWith(ErrorCode::kStorageException, "j: record at offset 0"));
  EXPECT_EQ(scan.valid_bytes, 0u);
  // Every flipped bit of the first record stops the scan at offset 0.
  const size_t first_size = bytes.size() - 20;
  for (size_t bit = 0; bit < first_size * 8; bit += 3) {
    ByteBuffer flipped = bytes;
    flipped.data()[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    scan = scan_journal(flipped.view(), "j");
    EXPECT_EQ(scan.valid_bytes, 0u) << "bit " << bit;
    EXPECT_FALSE(scan.tail_error.ok());
  }
}

TEST(MetadataJournalTest, SnapshotRoundTripsAndRejectsCorruption) {
  MetadataTree tree;
  ASSERT_OK(
      tree.apply({MetadataOp::create("/a/b", "x", {.parents = CreateParents::kYes}),
                  MetadataOp::create("/a/s-", "", {.mode = CreateMode::kPersistentSequential}),
                  MetadataOp::set("/a/b", "y")}));
  ByteBuffer bytes;
  encode_snapshot(tree, 42, bytes);
  auto decoded = decode_snapshot(bytes.view(), "snap");
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->last_txn_id, 42u);
  EXPECT_EQ(decoded->tree.node_count(), 4u);
  EXPECT_EQ(decoded->tree.find("/a/b")->data, "y");
  EXPECT_EQ(decoded->tree.find("/a/b")->version, 1);
  EXPECT_EQ(decoded->tree.find("/a")->sequence, 1);
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THAT(decode_snapshot(bytes.view().first(n), "snap"),
                StatusIsWith(ErrorCode::kStorageException, "snap"));
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    ByteBuffer flipped = bytes;
    flipped.data()[i] ^= 0x10;
    EXPECT_FALSE(decode_snapshot(flipped.view(), "snap").ok()) << "byte " << i;
  }
}

// The fuzzer's seed corpus holds valid inputs (written by hand from
// docs/metadata-store.md), so the fuzzer starts from the interesting paths.
TEST(MetadataJournalTest, SeedCorpusIsValid) {
  const char* source = std::getenv("FLUSS_SOURCE_DIR");
  if (source == nullptr) GTEST_SKIP() << "FLUSS_SOURCE_DIR is not set";
  const std::string dir =
      std::string(source) + "/src/server/metadata/fuzz/corpus/metadata_journal_fuzzer";
  storage::PosixFileSystem fs;
  ByteBuffer bytes;
  ASSERT_OK(storage::read_file(fs, dir + "/journal_multi", bytes));
  JournalScan scan = scan_journal(bytes.view(), "journal_multi");
  ASSERT_OK(scan.tail_error);
  ASSERT_EQ(scan.records.size(), 3u);
  MetadataTree tree;
  for (const JournalRecord& r : scan.records) ASSERT_OK(tree.apply(r.ops));
  EXPECT_EQ(tree.find("/q"), nullptr);
  ASSERT_OK(storage::read_file(fs, dir + "/snapshot", bytes));
  auto snapshot = decode_snapshot(bytes.view(), "snapshot");
  ASSERT_OK(snapshot);
  EXPECT_EQ(snapshot->tree.find("/a/b")->data, "xy");
}

}  // namespace
}  // namespace fluss::server
