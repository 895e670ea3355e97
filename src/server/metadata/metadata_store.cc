// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/metadata_store.h"

#include <utility>

namespace fluss::server {

MetadataOp MetadataOp::create(std::string path, std::string data, CreateOptions options) {
  MetadataOp op;
  op.kind = Kind::kCreate;
  op.path = std::move(path);
  op.data = std::move(data);
  op.create_options = options;
  return op;
}

MetadataOp MetadataOp::set(std::string path, std::string data, int32_t expected_version) {
  MetadataOp op;
  op.kind = Kind::kSet;
  op.path = std::move(path);
  op.data = std::move(data);
  op.version = expected_version;
  return op;
}

MetadataOp MetadataOp::remove(std::string path, int32_t expected_version, RemoveMode mode) {
  MetadataOp op;
  op.kind = Kind::kRemove;
  op.path = std::move(path);
  op.version = expected_version;
  op.remove_mode = mode;
  return op;
}

MetadataOp MetadataOp::check(std::string path, int32_t version) {
  MetadataOp op;
  op.kind = Kind::kCheck;
  op.path = std::move(path);
  op.version = version;
  return op;
}

Status validate_metadata_path(std::string_view path) {
  auto invalid = [&](std::string_view why) {
    return make_error(ErrorCode::kInvalidConfigException, "invalid metadata path '{}': {}", path,
                      why);
  };
  if (path.empty() || path[0] != '/') return invalid("it must start with '/'");
  if (path == "/") return Status::OK();
  if (path.back() == '/') return invalid("it must not end with '/'");
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty()) return invalid("empty component");
    if (part == "." || part == "..") return invalid("'.' and '..' are not allowed");
    if (part.find('\0') != std::string_view::npos) return invalid("NUL character");
    start = end + 1;
  }
  return Status::OK();
}

std::string metadata_parent(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == 0 || slash == std::string_view::npos) return "/";
  return std::string(path.substr(0, slash));
}

}  // namespace fluss::server
