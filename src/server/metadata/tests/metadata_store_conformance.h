// SPDX-License-Identifier: Apache-2.0
// The semantics every MetadataStore shares, as a typed gtest suite: a test binary
// includes this header once and instantiates it with an environment type
//
//   struct Env {
//     Result<std::unique_ptr<MetadataStore>> open();  // the same data every time
//   };
//
//   INSTANTIATE_TYPED_TEST_SUITE_P(Embedded, MetadataStoreConformanceTest, EmbeddedEnv);
//
// (server_metadata_test runs it on the embedded store, server_zk_test on ZooKeeper.)
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "server/metadata/metadata_store.h"
#include "test_utils/status_matchers.h"

namespace fluss::server {

template <typename Env>
class MetadataStoreConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  // Closes the store and opens it again over the same data.
  void reopen() {
    store_.reset();
    auto opened = env_.open();
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
  }

  std::string data_of(const std::string& path) {
    auto got = store_->get(path);
    EXPECT_OK(got);
    if (!got.ok() || !got->has_value()) return "<missing>";
    return (*got)->data;
  }

  Env env_;
  std::unique_ptr<MetadataStore> store_;
};

TYPED_TEST_SUITE_P(MetadataStoreConformanceTest);

namespace conformance {
using ::fluss::test::StatusIs;
using ::fluss::test::StatusIsWith;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
}  // namespace conformance
using namespace conformance;  // NOLINT: the bodies below read as the original tests

TYPED_TEST_P(MetadataStoreConformanceTest, CreateGetAndVersionedSet) {
  ASSERT_OK(this->store_->create("/a", "one"));
  auto got = this->store_->get("/a");
  ASSERT_OK(got);
  EXPECT_EQ(**got, (NodeData{.data = "one", .version = 0}));
  auto v1 = this->store_->set("/a", "two", 0);
  ASSERT_OK(v1);
  EXPECT_EQ(*v1, 1);
  EXPECT_THAT(this->store_->set("/a", "three", 0), StatusIsWith(ErrorCode::kBadVersion, "/a"));
  EXPECT_EQ(this->data_of("/a"), "two");
  auto v2 = this->store_->set("/a", "four");
  ASSERT_OK(v2);
  EXPECT_EQ(*v2, 2);
  EXPECT_THAT(this->store_->set("/missing", "x"), StatusIsWith(ErrorCode::kNoNode, "/missing"));
  auto absent = this->store_->get("/missing");
  ASSERT_OK(absent);
  EXPECT_FALSE(absent->has_value());
}

TYPED_TEST_P(MetadataStoreConformanceTest, CreateNeedsParentUnlessAsked) {
  EXPECT_THAT(this->store_->create("/a/b/c", "x"), StatusIsWith(ErrorCode::kNoNode, "/a/b"));
  ASSERT_OK(this->store_->create("/a/b/c", "x", {.parents = CreateParents::kYes}));
  EXPECT_EQ(this->data_of("/a/b"), "");
  EXPECT_EQ(this->data_of("/a/b/c"), "x");
  EXPECT_THAT(this->store_->create("/a/b/c", "y"), StatusIsWith(ErrorCode::kNodeExists, "/a/b/c"));
  EXPECT_THAT(this->store_->create("/", "y"), StatusIs(ErrorCode::kNodeExists));
}

TYPED_TEST_P(MetadataStoreConformanceTest, InvalidPathsAreRejectedWithThePath) {
  for (const char* path : {"", "a", "/a/", "//a", "/a//b", "/a/./b", "/.."}) {
    EXPECT_THAT(this->store_->create(path, "x"),
                StatusIsWith(ErrorCode::kInvalidConfigException, path))
        << path;
    EXPECT_THAT(this->store_->get(path), StatusIs(ErrorCode::kInvalidConfigException)) << path;
  }
}

TYPED_TEST_P(MetadataStoreConformanceTest, SequentialNodesGetIncreasingSuffixes) {
  ASSERT_OK(this->store_->create("/q", ""));
  auto first = this->store_->create("/q/item-", "a", {.mode = CreateMode::kPersistentSequential});
  auto second = this->store_->create("/q/item-", "b", {.mode = CreateMode::kPersistentSequential});
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ(*first, "/q/item-0000000000");
  EXPECT_EQ(*second, "/q/item-0000000001");
  this->reopen();
  auto third = this->store_->create("/q/item-", "c", {.mode = CreateMode::kPersistentSequential});
  ASSERT_OK(third);
  EXPECT_EQ(*third, "/q/item-0000000002");
}

TYPED_TEST_P(MetadataStoreConformanceTest, ChildrenAreSortedAndRemoveHonoursMode) {
  for (const char* p : {"/r/b", "/r/a", "/r/c/x", "/r/aa"}) {
    ASSERT_OK(this->store_->create(p, "", {.parents = CreateParents::kYes}));
  }
  EXPECT_THAT(*this->store_->children("/r"), ElementsAre("a", "aa", "b", "c"));
  EXPECT_THAT(*this->store_->children("/r/a"), IsEmpty());
  EXPECT_THAT(this->store_->children("/nope"), StatusIsWith(ErrorCode::kNoNode, "/nope"));
  EXPECT_THAT(this->store_->remove("/r/c"), StatusIsWith(ErrorCode::kNotEmpty, "/r/c"));
  EXPECT_THAT(this->store_->remove("/r/a", RemoveMode::kSingle, 5),
              StatusIs(ErrorCode::kBadVersion));
  ASSERT_OK(this->store_->remove("/r/a", RemoveMode::kSingle, 0));
  ASSERT_OK(this->store_->remove("/r", RemoveMode::kRecursive));
  EXPECT_FALSE(*this->store_->exists("/r"));
  EXPECT_FALSE(*this->store_->exists("/r/c/x"));
  EXPECT_THAT(this->store_->remove("/r"), StatusIs(ErrorCode::kNoNode));
  this->reopen();
  EXPECT_FALSE(*this->store_->exists("/r"));
}

TYPED_TEST_P(MetadataStoreConformanceTest, MultiIsAllOrNothing) {
  ASSERT_OK(this->store_->create("/m", "0"));
  auto failed = this->store_->multi({MetadataOp::create("/m/a", "a"), MetadataOp::set("/m", "1", 0),
                                     MetadataOp::create("/m/a", "again")});
  EXPECT_THAT(failed, StatusIsWith(ErrorCode::kNodeExists, "op 2 of 3 (create /m/a)"));
  EXPECT_FALSE(*this->store_->exists("/m/a"));
  EXPECT_EQ(this->data_of("/m"), "0");
  EXPECT_EQ((*this->store_->get("/m"))->version, 0);

  EXPECT_THAT(this->store_->multi({MetadataOp::check("/m", 3), MetadataOp::set("/m", "x")}),
              StatusIs(ErrorCode::kBadVersion));
  auto ok = this->store_->multi({MetadataOp::check("/m", 0), MetadataOp::create("/m/a", "a"),
                                 MetadataOp::set("/m", "1", 0), MetadataOp::remove("/m/a")});
  ASSERT_OK(ok);
  EXPECT_EQ((*ok)[2].version, 1);
  EXPECT_EQ(this->data_of("/m"), "1");
  EXPECT_FALSE(*this->store_->exists("/m/a"));
  this->reopen();
  EXPECT_EQ(this->data_of("/m"), "1");
}

TYPED_TEST_P(MetadataStoreConformanceTest, MultiMakesParentsAndRemovesSubtrees) {
  ASSERT_OK(this->store_->create("/old/x/y", "", {.parents = CreateParents::kYes}));
  auto done = this->store_->multi(
      {MetadataOp::create("/p/q/r", "r", {.parents = CreateParents::kYes}),
       MetadataOp::create("/p/q/s", "s"),
       MetadataOp::create("/p/seq-", "", {.mode = CreateMode::kPersistentSequential}),
       MetadataOp::remove("/old", kAnyVersion, RemoveMode::kRecursive)});
  ASSERT_OK(done);
  ASSERT_EQ(done->size(), 4u);
  EXPECT_EQ((*done)[0].path, "/p/q/r");
  // Sequential names are the parent's counter: ZooKeeper counts every child change.
  EXPECT_THAT((*done)[2].path, ::testing::MatchesRegex("/p/seq-[0-9]{10}"));
  EXPECT_EQ(this->data_of("/p/q/s"), "s");
  EXPECT_THAT(*this->store_->children("/p/q"), ElementsAre("r", "s"));
  EXPECT_FALSE(*this->store_->exists("/old"));
  // A failing op after the expansions undoes them too.
  auto failed =
      this->store_->multi({MetadataOp::create("/n/a/b", "", {.parents = CreateParents::kYes}),
                           MetadataOp::remove("/p", kAnyVersion, RemoveMode::kRecursive),
                           MetadataOp::set("/missing", "x")});
  EXPECT_THAT(failed, StatusIsWith(ErrorCode::kNoNode, "op 2 of 3 (set /missing)"));
  EXPECT_FALSE(*this->store_->exists("/n"));
  EXPECT_TRUE(*this->store_->exists("/p/q/r"));
  EXPECT_THAT(this->store_->multi({MetadataOp::remove("/p", 3, RemoveMode::kRecursive)}),
              StatusIsWith(ErrorCode::kBadVersion, "/p"));
  EXPECT_TRUE(*this->store_->exists("/p/q/r"));
  ASSERT_OK(this->store_->multi({}));
}

TYPED_TEST_P(MetadataStoreConformanceTest, BinaryAndLargeDataRoundTrips) {
  std::string binary("\0\x01\xff\n\0", 5);
  ASSERT_OK(this->store_->create("/bin", binary));
  EXPECT_EQ(this->data_of("/bin"), binary);
  std::string large(1000 * 1024, 'x');
  for (size_t i = 0; i < large.size(); i += 4099) large[i] = static_cast<char>(i);
  ASSERT_OK(this->store_->set("/bin", large));
  this->reopen();
  EXPECT_EQ(this->data_of("/bin"), large);
  ASSERT_OK(this->store_->set("/bin", ""));
  EXPECT_EQ(this->data_of("/bin"), "");
}

REGISTER_TYPED_TEST_SUITE_P(MetadataStoreConformanceTest, CreateGetAndVersionedSet,
                            CreateNeedsParentUnlessAsked, InvalidPathsAreRejectedWithThePath,
                            SequentialNodesGetIncreasingSuffixes,
                            ChildrenAreSortedAndRemoveHonoursMode, MultiIsAllOrNothing,
                            MultiMakesParentsAndRemovesSubtrees, BinaryAndLargeDataRoundTrips);

}  // namespace fluss::server
