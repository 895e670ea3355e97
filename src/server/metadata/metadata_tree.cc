// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/metadata_tree.h"

#include <fmt/format.h>

#include <utility>

namespace fluss::server {
namespace {

// The components of a valid path ("/" has none).
std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 1;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string_view base_name(std::string_view path) { return path.substr(path.rfind('/') + 1); }

uint64_t subtree_size(const MetadataTree::Node& node) {
  uint64_t n = 1;
  for (const auto& [name, child] : node.children) n += subtree_size(*child);
  return n;
}

const char* kind_name(MetadataOp::Kind kind) {
  switch (kind) {
    case MetadataOp::Kind::kCreate:
      return "create";
    case MetadataOp::Kind::kSet:
      return "set";
    case MetadataOp::Kind::kRemove:
      return "remove";
    case MetadataOp::Kind::kCheck:
      return "check";
  }
  return "unknown op";
}

}  // namespace

MetadataTree::MetadataTree() : root_(std::make_unique<Node>()) {}
MetadataTree::MetadataTree(MetadataTree&&) noexcept = default;
MetadataTree& MetadataTree::operator=(MetadataTree&&) noexcept = default;
MetadataTree::~MetadataTree() = default;

const MetadataTree::Node* MetadataTree::find(std::string_view path) const {
  const Node* node = root_.get();
  for (std::string_view part : split(path)) {
    auto it = node->children.find(part);
    if (it == node->children.end()) return nullptr;
    node = it->second.get();
  }
  return node;
}

MetadataTree::Node* MetadataTree::find_mutable(std::string_view path) {
  return const_cast<Node*>(find(path));
}

void MetadataTree::rollback(UndoLog& undo) {
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) (*it)();
  undo.clear();
}

Result<std::vector<MetadataOpResult>> MetadataTree::apply(const std::vector<MetadataOp>& ops,
                                                          UndoLog* undo_out) {
  UndoLog undo;
  std::vector<MetadataOpResult> results(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    Status status = apply_one(ops[i], undo, results[i]);
    if (!status.ok()) {
      rollback(undo);
      if (ops.size() == 1) return status;
      return Status(status.code(),
                    fmt::format("op {} of {} ({} {}): {}", i, ops.size(), kind_name(ops[i].kind),
                                ops[i].path, status.message()));
    }
  }
  if (undo_out != nullptr) *undo_out = std::move(undo);
  return results;
}

Status MetadataTree::apply_one(const MetadataOp& op, UndoLog& undo, MetadataOpResult& result) {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(op.path));
  if (op.kind == MetadataOp::Kind::kCreate) return create(op, undo, result);

  Node* node = find_mutable(op.path);
  if (node == nullptr) return make_error(ErrorCode::kNoNode, "node {} does not exist", op.path);
  if (op.version != kAnyVersion && op.version != node->version) {
    return make_error(ErrorCode::kBadVersion, "node {} is at version {}, not {}", op.path,
                      node->version, op.version);
  }
  result.path = op.path;
  switch (op.kind) {
    case MetadataOp::Kind::kCheck:
      result.version = node->version;
      return Status::OK();
    case MetadataOp::Kind::kSet: {
      undo.push_back([node, old = std::move(node->data), version = node->version]() mutable {
        node->data = std::move(old);
        node->version = version;
      });
      node->data = op.data;
      // Versions wrap as ZooKeeper's int32 does.
      node->version = static_cast<int32_t>(static_cast<uint32_t>(node->version) + 1);
      result.version = node->version;
      return Status::OK();
    }
    case MetadataOp::Kind::kRemove: {
      if (op.path == "/") {
        return make_error(ErrorCode::kInvalidConfigException, "the root node cannot be removed");
      }
      if (op.remove_mode == RemoveMode::kSingle && !node->children.empty()) {
        return make_error(ErrorCode::kNotEmpty, "node {} has {} children", op.path,
                          node->children.size());
      }
      Node* parent = find_mutable(metadata_parent(op.path));
      auto it = parent->children.find(base_name(op.path));
      std::shared_ptr<Node> removed(std::move(it->second));
      parent->children.erase(it);
      const uint64_t count = subtree_size(*removed);
      node_count_ -= count;
      undo.push_back([this, parent, name = std::string(base_name(op.path)), removed, count]() {
        parent->children.emplace(name, std::make_unique<Node>(std::move(*removed)));
        node_count_ += count;
      });
      return Status::OK();
    }
    case MetadataOp::Kind::kCreate:
      break;
  }
  return make_error(ErrorCode::kInvalidConfigException, "unknown metadata op {}",
                    static_cast<int>(op.kind));
}

Status MetadataTree::create(const MetadataOp& op, UndoLog& undo, MetadataOpResult& result) {
  if (op.path == "/") return make_error(ErrorCode::kNodeExists, "node / already exists");
  if (is_ephemeral(op.create_options.mode)) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "cannot create {}: ephemeral nodes need a store with sessions (ZooKeeper)",
                      op.path);
  }
  const std::vector<std::string_view> parts = split(op.path);
  Node* parent = root_.get();
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    auto it = parent->children.find(parts[i]);
    if (it != parent->children.end()) {
      parent = it->second.get();
      continue;
    }
    if (op.create_options.parents == CreateParents::kNo) {
      return make_error(ErrorCode::kNoNode, "cannot create {}: parent {} does not exist", op.path,
                        metadata_parent(op.path));
    }
    auto [created, inserted] =
        parent->children.emplace(std::string(parts[i]), std::make_unique<Node>());
    ++node_count_;
    undo.push_back([this, parent, name = created->first]() {
      parent->children.erase(name);
      --node_count_;
    });
    parent = created->second.get();
  }

  std::string name(parts.back());
  if (is_sequential(op.create_options.mode)) {
    name += fmt::format("{:010d}", parent->sequence);
    undo.push_back([parent, old = parent->sequence]() { parent->sequence = old; });
    ++parent->sequence;
  }
  if (parent->children.contains(name)) {
    return make_error(
        ErrorCode::kNodeExists, "node {} already exists",
        metadata_parent(op.path) == "/" ? "/" + name : metadata_parent(op.path) + "/" + name);
  }
  auto node = std::make_unique<Node>();
  node->data = op.data;
  parent->children.emplace(name, std::move(node));
  ++node_count_;
  undo.push_back([this, parent, name]() {
    parent->children.erase(name);
    --node_count_;
  });
  result.path =
      metadata_parent(op.path) == "/" ? "/" + name : metadata_parent(op.path) + "/" + name;
  result.version = 0;
  return Status::OK();
}

Status MetadataTree::restore(std::string_view path, std::string data, int32_t version,
                             int64_t sequence) {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  if (path == "/") {
    root_->data = std::move(data);
    root_->version = version;
    root_->sequence = sequence;
    return Status::OK();
  }
  Node* parent = find_mutable(metadata_parent(path));
  if (parent == nullptr) {
    return make_error(ErrorCode::kStorageException, "node {} comes before its parent", path);
  }
  auto node = std::make_unique<Node>();
  node->data = std::move(data);
  node->version = version;
  node->sequence = sequence;
  if (!parent->children.emplace(std::string(base_name(path)), std::move(node)).second) {
    return make_error(ErrorCode::kStorageException, "node {} appears twice", path);
  }
  ++node_count_;
  return Status::OK();
}

}  // namespace fluss::server
