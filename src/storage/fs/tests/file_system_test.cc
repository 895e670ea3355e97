// SPDX-License-Identifier: Apache-2.0
#include "storage/fs/file_system.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdlib.h>

#include "storage/fs/mem_file_system.h"
#include "storage/fs/posix_file_system.h"
#include "test_utils/status_matchers.h"

namespace fluss::storage {
namespace {

using test::StatusIs;
using test::value_or_throw;

// Gives each typed test a file system and a fresh, existing root directory.
struct PosixEnv {
  PosixEnv() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fluss-fs-test-XXXXXX").string();
    root = ::mkdtemp(tmpl.data());
  }
  ~PosixEnv() {
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
  }
  PosixFileSystem fs;
  std::string root;
};

struct MemEnv {
  MemEnv() { (void)fs.create_dirs(root); }
  MemFileSystem fs;
  std::string root = "/data";
};

template <typename Env>
class FileSystemTest : public ::testing::Test {
 protected:
  FileSystem& fs() { return env_.fs; }
  std::string path(std::string_view name) { return join_path(env_.root, name); }

  void write(const std::string& p, std::string_view bytes) {
    auto file = value_or_throw(fs().open_for_append(p));
    ASSERT_OK(file->append(as_bytes(bytes)));
    ASSERT_OK(file->close());
  }
  std::string read(const std::string& p) {
    ByteBuffer out;
    Status s = read_file(fs(), p, out);
    if (!s.ok()) throw std::runtime_error(s.to_string());
    return out.to_string();
  }

  Env env_;
};

using Envs = ::testing::Types<PosixEnv, MemEnv>;
TYPED_TEST_SUITE(FileSystemTest, Envs);

TYPED_TEST(FileSystemTest, AppendsAndReadsBackAtAnyOffset) {
  const std::string p = this->path("00000000000000000000.log");
  auto file = value_or_throw(this->fs().open_for_append(p));
  ASSERT_OK(file->append(as_bytes("hello ")));
  ASSERT_OK(file->append(as_bytes("world")));
  EXPECT_EQ(file->size(), 11u);
  ASSERT_OK(file->sync());

  auto reader = value_or_throw(this->fs().open_for_read(p));
  EXPECT_EQ(value_or_throw(reader->size()), 11u);
  ByteBuffer out;
  ASSERT_OK(reader->read_at(6, 5, out));
  EXPECT_EQ(out.string_view(), "world");
  ASSERT_OK(reader->read_at(9, 100, out));  // short read at the end
  EXPECT_EQ(out.string_view(), "ld");
  ASSERT_OK(reader->read_at(50, 10, out));  // past the end: nothing
  EXPECT_TRUE(out.empty());
}

TYPED_TEST(FileSystemTest, ReopeningForAppendContinuesAtTheEnd) {
  const std::string p = this->path("f");
  this->write(p, "abc");
  auto file = value_or_throw(this->fs().open_for_append(p));
  EXPECT_EQ(file->size(), 3u);
  ASSERT_OK(file->append(as_bytes("def")));
  ASSERT_OK(file->close());
  EXPECT_EQ(this->read(p), "abcdef");
  EXPECT_EQ(value_or_throw(this->fs().file_size(p)), 6u);
}

TYPED_TEST(FileSystemTest, ReaderSeesBytesAppendedAfterItOpened) {
  const std::string p = this->path("f");
  auto writer = value_or_throw(this->fs().open_for_append(p));
  auto reader = value_or_throw(this->fs().open_for_read(p));
  ASSERT_OK(writer->append(as_bytes("xyz")));
  EXPECT_EQ(value_or_throw(reader->size()), 3u);
}

TYPED_TEST(FileSystemTest, CreatesNestedDirectoriesAndListsSortedNames) {
  const std::string dir = this->path("db/t-1/log-0");
  ASSERT_OK(this->fs().create_dirs(dir));
  ASSERT_OK(this->fs().create_dirs(dir));  // idempotent
  this->write(join_path(dir, "b.log"), "");
  this->write(join_path(dir, "a.index"), "");
  ASSERT_OK(this->fs().create_dirs(join_path(dir, "sub")));
  EXPECT_EQ(value_or_throw(this->fs().list(dir)),
            (std::vector<std::string>{"a.index", "b.log", "sub"}));
  EXPECT_EQ(value_or_throw(this->fs().list(this->path("db"))), (std::vector<std::string>{"t-1"}));
  EXPECT_TRUE(value_or_throw(this->fs().exists(dir)));
  EXPECT_FALSE(value_or_throw(this->fs().exists(this->path("nope"))));
}

TYPED_TEST(FileSystemTest, TruncateCutsTheTailAndRejectsGrowing) {
  const std::string p = this->path("f");
  this->write(p, "0123456789");
  ASSERT_OK(this->fs().truncate(p, 4));
  EXPECT_EQ(this->read(p), "0123");
  EXPECT_THAT(this->fs().truncate(p, 5), StatusIs(ErrorCode::kStorageException));
  auto file = value_or_throw(this->fs().open_for_append(p));
  ASSERT_OK(file->append(as_bytes("x")));
  ASSERT_OK(file->close());
  EXPECT_EQ(this->read(p), "0123x");
}

TYPED_TEST(FileSystemTest, RenameReplacesTheTarget) {
  const std::string a = this->path("a");
  const std::string b = this->path("b");
  this->write(a, "new");
  this->write(b, "old");
  ASSERT_OK(this->fs().rename(a, b));
  EXPECT_EQ(this->read(b), "new");
  EXPECT_FALSE(value_or_throw(this->fs().exists(a)));
}

TYPED_TEST(FileSystemTest, RemoveDeletesFilesAndEmptyDirectoriesOnly) {
  const std::string dir = this->path("d");
  ASSERT_OK(this->fs().create_dirs(dir));
  this->write(join_path(dir, "f"), "x");
  EXPECT_THAT(this->fs().remove(dir), StatusIs(ErrorCode::kStorageException));
  ASSERT_OK(this->fs().remove(join_path(dir, "f")));
  ASSERT_OK(this->fs().remove(dir));
  EXPECT_FALSE(value_or_throw(this->fs().exists(dir)));
}

TYPED_TEST(FileSystemTest, IsDirectoryTellsDirectoriesFromFilesAndMissingPaths) {
  const std::string dir = this->path("d");
  ASSERT_OK(this->fs().create_dirs(dir));
  this->write(join_path(dir, "f"), "x");
  EXPECT_TRUE(value_or_throw(this->fs().is_directory(dir)));
  EXPECT_FALSE(value_or_throw(this->fs().is_directory(join_path(dir, "f"))));
  EXPECT_FALSE(value_or_throw(this->fs().is_directory(this->path("missing"))));
}

TYPED_TEST(FileSystemTest, RemoveRecursivelyDeletesATreeAndIgnoresMissingPaths) {
  const std::string dir = this->path("t");
  ASSERT_OK(this->fs().create_dirs(join_path(dir, "a/b")));
  this->write(join_path(dir, "f"), "x");
  this->write(join_path(dir, "a/b/g"), "y");
  ASSERT_OK(remove_recursively(this->fs(), dir));
  EXPECT_FALSE(value_or_throw(this->fs().exists(dir)));
  EXPECT_OK(remove_recursively(this->fs(), dir));
}

TYPED_TEST(FileSystemTest, ErrorsNameTheOperationAndPath) {
  const std::string missing = this->path("missing.log");
  EXPECT_THAT(this->fs().open_for_read(missing),
              test::StatusIsWith(ErrorCode::kStorageException, "open " + missing));
  EXPECT_THAT(this->fs().file_size(missing),
              test::StatusIsWith(ErrorCode::kStorageException, "[ENOENT]"));
  EXPECT_THAT(this->fs().open_for_append(this->path("no/such/dir/f")),
              StatusIs(ErrorCode::kStorageException));
  EXPECT_THAT(this->fs().list(this->path("nodir")), StatusIs(ErrorCode::kStorageException));
  EXPECT_THAT(this->fs().rename(missing, this->path("x")), StatusIs(ErrorCode::kStorageException));
  EXPECT_THAT(this->fs().remove(missing), StatusIs(ErrorCode::kStorageException));
}

TYPED_TEST(FileSystemTest, WriteFileAtomicallyReplacesContentsAndLeavesNoTemporary) {
  const std::string p = this->path("recovery-point-offset-checkpoint");
  ASSERT_OK(write_file_atomically(this->fs(), p, as_bytes("0\n1\n")));
  ASSERT_OK(write_file_atomically(this->fs(), p, as_bytes("0\n2\n")));
  EXPECT_EQ(this->read(p), "0\n2\n");
  EXPECT_EQ(value_or_throw(this->fs().list(parent_dir(p))),
            (std::vector<std::string>{"recovery-point-offset-checkpoint"}));
}

TYPED_TEST(FileSystemTest, ClosedFileRejectsWrites) {
  auto file = value_or_throw(this->fs().open_for_append(this->path("f")));
  ASSERT_OK(file->close());
  ASSERT_OK(file->close());
  EXPECT_THAT(file->append(as_bytes("x")), StatusIs(ErrorCode::kStorageException));
  EXPECT_THAT(file->sync(), StatusIs(ErrorCode::kStorageException));
}

TEST(PathTest, JoinsAndSplitsPaths) {
  EXPECT_EQ(join_path("/a/b", "c"), "/a/b/c");
  EXPECT_EQ(join_path("/a/b/", "c"), "/a/b/c");
  EXPECT_EQ(parent_dir("/a/b/c"), "/a/b");
  EXPECT_EQ(parent_dir("/a"), "/");
}

TEST(PosixFileSystemTest, ReadersExposeTheirDescriptorForSendfile) {
  PosixEnv env;
  const std::string p = join_path(env.root, "f");
  ASSERT_OK(write_file_atomically(env.fs, p, as_bytes("x")));
  auto reader = value_or_throw(env.fs.open_for_read(p));
  EXPECT_TRUE(reader->native_handle().has_value());
}

TEST(PosixFileSystemTest, ErrnoBecomesStorageExceptionWithItsName) {
  Status s = posix_error("append", "/d/0.log", ENOSPC);
  EXPECT_THAT(s, test::StatusIsWith(ErrorCode::kStorageException, "append /d/0.log: "));
  EXPECT_TRUE(is_no_space(s));
  EXPECT_FALSE(is_no_space(posix_error("append", "/d/0.log", EIO)));
}

class MemFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(fs_.create_dirs("/d")); }

  std::unique_ptr<WritableFile> open(const std::string& p) {
    return value_or_throw(fs_.open_for_append(p));
  }

  MemFileSystem fs_;
};

TEST_F(MemFileSystemTest, PowerLossKeepsSyncedBytesAndATornTail) {
  auto a = open("/d/a");
  auto b = open("/d/b");
  ASSERT_OK(a->append(as_bytes("durable")));
  ASSERT_OK(a->sync());
  ASSERT_OK(a->append(as_bytes("volatile")));
  ASSERT_OK(b->append(as_bytes("never synced")));
  EXPECT_EQ(value_or_throw(fs_.synced_size("/d/a")), 7u);

  fs_.drop_unsynced_data(/*torn_bytes=*/3);

  EXPECT_EQ(value_or_throw(fs_.contents("/d/a")), "durablevol");
  EXPECT_EQ(value_or_throw(fs_.contents("/d/b")), "nev");
  fs_.drop_unsynced_data();  // what survived a crash is on disk
  EXPECT_EQ(value_or_throw(fs_.contents("/d/a")), "durablevol");
}

TEST_F(MemFileSystemTest, InjectedSyncErrorLeavesBytesUnsynced) {
  auto a = open("/d/a");
  ASSERT_OK(a->append(as_bytes("x")));
  fs_.inject_sync_error(Status(ErrorCode::kStorageException, "EIO"));
  EXPECT_THAT(a->sync(), test::StatusIsWith(ErrorCode::kStorageException, "/d/a"));
  EXPECT_THAT(fs_.sync_dir("/d"), StatusIs(ErrorCode::kStorageException));
  EXPECT_EQ(value_or_throw(fs_.synced_size("/d/a")), 0u);
  fs_.inject_sync_error(Status::OK());
  ASSERT_OK(a->sync());
  EXPECT_EQ(value_or_throw(fs_.synced_size("/d/a")), 1u);
}

TEST_F(MemFileSystemTest, SpaceLimitWritesWhatFitsAndFailsAppendsUntilRaised) {
  auto a = open("/d/a");
  fs_.set_space_limit(10);
  ASSERT_OK(a->append(as_bytes("12345678")));
  Status full = a->append(as_bytes("abc"));
  EXPECT_TRUE(is_no_space(full)) << full;
  EXPECT_EQ(value_or_throw(fs_.contents("/d/a")), "12345678ab");  // what fitted
  fs_.set_space_limit(std::nullopt);
  ASSERT_OK(a->append(as_bytes("abc")));
  EXPECT_EQ(a->size(), 13u);
}

TEST_F(MemFileSystemTest, TruncateBelowSyncedSizeLowersIt) {
  auto a = open("/d/a");
  ASSERT_OK(a->append(as_bytes("0123456789")));
  ASSERT_OK(a->sync());
  ASSERT_OK(fs_.truncate("/d/a", 4));
  EXPECT_EQ(value_or_throw(fs_.synced_size("/d/a")), 4u);
  EXPECT_EQ(a->size(), 4u);
}

TEST_F(MemFileSystemTest, OpenHandleSurvivesRemoval) {
  auto a = open("/d/a");
  ASSERT_OK(a->append(as_bytes("x")));
  auto reader = value_or_throw(fs_.open_for_read("/d/a"));
  ASSERT_OK(fs_.remove("/d/a"));
  ByteBuffer out;
  ASSERT_OK(reader->read_at(0, 1, out));
  EXPECT_EQ(out.string_view(), "x");
  EXPECT_FALSE(reader->native_handle().has_value());
}

}  // namespace
}  // namespace fluss::storage
