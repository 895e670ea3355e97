// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace fluss::server {

// How create() makes a node. Sequential nodes get a 10-digit, zero-padded counter
// of their parent appended to the name ("/a/lock-" -> "/a/lock-0000000003"), as in
// ZooKeeper. Ephemeral nodes live as long as the session that created them (they
// cannot have children); only a store with sessions (has_sessions()) makes them,
// the embedded store rejects them with INVALID_CONFIG_EXCEPTION.
enum class CreateMode : uint8_t {
  kPersistent = 0,
  kPersistentSequential = 1,
  kEphemeral = 2,
  kEphemeralSequential = 3,
};

constexpr bool is_ephemeral(CreateMode mode) {
  return mode == CreateMode::kEphemeral || mode == CreateMode::kEphemeralSequential;
}
constexpr bool is_sequential(CreateMode mode) {
  return mode == CreateMode::kPersistentSequential || mode == CreateMode::kEphemeralSequential;
}
// Whether create() makes missing ancestors (with empty data), like Curator's
// creatingParentsIfNeeded().
enum class CreateParents : uint8_t { kNo = 0, kYes = 1 };
// Whether remove() takes a node's descendants with it.
enum class RemoveMode : uint8_t { kSingle = 0, kRecursive = 1 };

struct CreateOptions {
  CreateMode mode = CreateMode::kPersistent;
  CreateParents parents = CreateParents::kNo;

  friend bool operator==(const CreateOptions&, const CreateOptions&) = default;
};

// A node's data and its version: 0 when created, +1 on every set().
struct NodeData {
  std::string data;
  int32_t version = 0;

  friend bool operator==(const NodeData&, const NodeData&) = default;
};

// "Any version" for the expected_version of set(), remove() and check ops.
inline constexpr int32_t kAnyVersion = -1;

// One operation of a multi() transaction (ZooKeeper's Op): create, set, remove or
// check (the node exists at a version). A recursive remove is one op here; a
// ZooKeeper store expands it into removes of the descendants, deepest first.
struct MetadataOp {
  enum class Kind : uint8_t { kCreate = 1, kSet = 2, kRemove = 3, kCheck = 4 };

  Kind kind = Kind::kCheck;
  std::string path;
  std::string data;                              // create, set
  int32_t version = kAnyVersion;                 // set, remove, check
  CreateOptions create_options;                  // create
  RemoveMode remove_mode = RemoveMode::kSingle;  // remove

  static MetadataOp create(std::string path, std::string data, CreateOptions options = {});
  static MetadataOp set(std::string path, std::string data, int32_t expected_version = kAnyVersion);
  static MetadataOp remove(std::string path, int32_t expected_version = kAnyVersion,
                           RemoveMode mode = RemoveMode::kSingle);
  static MetadataOp check(std::string path, int32_t version);

  friend bool operator==(const MetadataOp&, const MetadataOp&) = default;
};

// What one op of a committed multi() did: the created path (sequential names
// resolved) or the node's new version after a set.
struct MetadataOpResult {
  std::string path;
  int32_t version = 0;
};

// Where Fluss keeps its cluster metadata: a tree of nodes with data and versions,
// shaped like ZooKeeper so that a ZooKeeper-backed store maps onto it one call to
// one call. Paths are absolute ("/metadata/databases/fluss"): '/'-separated, no
// empty, "." or ".." components, no trailing '/'; "/" is the root, always there
// with empty data. children() lists names in byte order.
//
// Errors name the path. The store's own conditions use the internal codes of
// common/error_code.h: NODE_EXISTS, NO_NODE (also a missing parent), BAD_VERSION,
// NOT_EMPTY; a malformed path is INVALID_CONFIG_EXCEPTION; a failing disk is
// STORAGE_EXCEPTION. MetadataManager maps them to Fluss's client-facing codes.
//
// Every mutation is atomic and, when it returns OK, durable. Implementations are
// thread-safe.
class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // Creates `path` with `data`; returns the created path (differs for sequential
  // nodes).
  virtual Result<std::string> create(const std::string& path, std::string_view data,
                                     CreateOptions options = {}) = 0;
  // The node's data and version, or nullopt if it does not exist.
  virtual Result<std::optional<NodeData>> get(const std::string& path) const = 0;
  // Replaces the data if the node is at `expected_version` (or any version);
  // returns the new version. NO_NODE, BAD_VERSION.
  virtual Result<int32_t> set(const std::string& path, std::string_view data,
                              int32_t expected_version = kAnyVersion) = 0;
  // Removes the node (NO_NODE if missing; NOT_EMPTY if it has children and `mode`
  // is kSingle; BAD_VERSION). A recursive remove is one atomic step here.
  virtual Status remove(const std::string& path, RemoveMode mode = RemoveMode::kSingle,
                        int32_t expected_version = kAnyVersion) = 0;
  // Names of the node's children, sorted; NO_NODE if the node is missing.
  virtual Result<std::vector<std::string>> children(const std::string& path) const = 0;
  virtual Result<bool> exists(const std::string& path) const = 0;
  // Applies every op or none: the first op that fails makes the whole call fail
  // with that op's error (its message names the op's index and path).
  virtual Result<std::vector<MetadataOpResult>> multi(const std::vector<MetadataOp>& ops) = 0;

  // True if the store has client sessions and so ephemeral nodes (ZooKeeper);
  // false for the embedded store, whose owners replace their registrations
  // instead.
  virtual bool has_sessions() const { return false; }
};

// OK if `path` is a valid store path (rules above), else INVALID_CONFIG_EXCEPTION
// naming it.
Status validate_metadata_path(std::string_view path);

// "/a/b" -> "/a"; "/a" -> "/".
std::string metadata_parent(std::string_view path);

}  // namespace fluss::server
