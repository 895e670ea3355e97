// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "server/metadata/metadata_store.h"

namespace fluss::server {

// The in-memory node tree behind EmbeddedMetadataStore: applies MetadataOps with
// ZooKeeper's semantics, all of a transaction or none of it (failed transactions
// are undone). A value owned by one store; not thread-safe (the store locks).
class MetadataTree {
 public:
  struct Node {
    std::string data;
    int32_t version = 0;
    // The counter appended to the next sequential child's name.
    int64_t sequence = 0;
    std::map<std::string, std::unique_ptr<Node>, std::less<>> children;
  };

  MetadataTree();
  MetadataTree(MetadataTree&&) noexcept;
  MetadataTree& operator=(MetadataTree&&) noexcept;
  ~MetadataTree();

  // The node at `path` (which must be valid), or null.
  const Node* find(std::string_view path) const;
  const Node& root() const { return *root_; }

  // Steps that take an applied transaction back, newest last.
  using UndoLog = std::vector<std::function<void()>>;

  // Applies `ops` in order; on the first failure undoes the ones applied and
  // returns that error, prefixed with the op's index when there are several. On
  // success `undo` (if given) receives what rollback() needs to take it back.
  Result<std::vector<MetadataOpResult>> apply(const std::vector<MetadataOp>& ops,
                                              UndoLog* undo = nullptr);
  // Takes back a transaction that apply() committed, if nothing changed since.
  static void rollback(UndoLog& undo);

  // Puts a node with exactly these fields at `path` (used when loading a snapshot).
  // Its parent must exist and the path must be free (else CORRUPT-style
  // STORAGE_EXCEPTION naming the path).
  Status restore(std::string_view path, std::string data, int32_t version, int64_t sequence);

  // Number of nodes, the root included.
  uint64_t node_count() const { return node_count_; }

 private:
  Node* find_mutable(std::string_view path);
  Status apply_one(const MetadataOp& op, UndoLog& undo, MetadataOpResult& result);
  Status create(const MetadataOp& op, UndoLog& undo, MetadataOpResult& result);

  std::unique_ptr<Node> root_;
  uint64_t node_count_ = 1;
};

}  // namespace fluss::server
