// SPDX-License-Identifier: Apache-2.0
#include "server/metadata/embedded_metadata_store.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

#include "common/logging.h"
#include "server/metadata/metadata_journal.h"

namespace fluss::server {

EmbeddedMetadataStore::EmbeddedMetadataStore(storage::FileSystem& fs,
                                             EmbeddedMetadataStoreOptions options)
    : fs_(fs),
      options_(std::move(options)),
      journal_path_(storage::join_path(options_.dir, "journal")),
      snapshot_path_(storage::join_path(options_.dir, "snapshot")) {}

EmbeddedMetadataStore::~EmbeddedMetadataStore() {
  if (journal_ != nullptr) journal_->close().ignore_error();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // also releases the flock
}

Result<std::unique_ptr<EmbeddedMetadataStore>> EmbeddedMetadataStore::open(
    storage::FileSystem& fs, EmbeddedMetadataStoreOptions options) {
  std::unique_ptr<EmbeddedMetadataStore> store(new EmbeddedMetadataStore(fs, std::move(options)));
  FLUSS_RETURN_IF_ERROR(store->load());
  return store;
}

Status EmbeddedMetadataStore::lock_dir() {
  const std::string path = storage::join_path(options_.dir, "LOCK");
  lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) {
    return make_error(ErrorCode::kStorageException, "open {}: {}", path, std::strerror(errno));
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (err == EWOULDBLOCK) {
      return make_error(ErrorCode::kStorageException,
                        "metadata directory {} is in use by another store ({} is locked)",
                        options_.dir, path);
    }
    return make_error(ErrorCode::kStorageException, "flock {}: {}", path, std::strerror(err));
  }
  return Status::OK();
}

Status EmbeddedMetadataStore::load() {
  std::lock_guard lock(mu_);
  FLUSS_RETURN_IF_ERROR(fs_.create_dirs(options_.dir));
  if (options_.lock == DirLock::kProcessLock) FLUSS_RETURN_IF_ERROR(lock_dir());

  FLUSS_ASSIGN_OR_RETURN(bool has_snapshot, fs_.exists(snapshot_path_));
  if (has_snapshot) {
    ByteBuffer bytes;
    FLUSS_RETURN_IF_ERROR(storage::read_file(fs_, snapshot_path_, bytes));
    FLUSS_ASSIGN_OR_RETURN(SnapshotContents contents,
                           decode_snapshot(bytes.view(), snapshot_path_));
    tree_ = std::move(contents.tree);
    last_txn_id_ = contents.last_txn_id;
  }

  FLUSS_ASSIGN_OR_RETURN(bool has_journal, fs_.exists(journal_path_));
  if (has_journal) {
    ByteBuffer bytes;
    FLUSS_RETURN_IF_ERROR(storage::read_file(fs_, journal_path_, bytes));
    JournalScan scan = scan_journal(bytes.view(), journal_path_);
    for (const JournalRecord& record : scan.records) {
      // Records up to the snapshot are in it already (a crash between writing the
      // snapshot and emptying the journal leaves them behind).
      if (record.txn_id <= last_txn_id_) continue;
      if (record.txn_id != last_txn_id_ + 1) {
        return make_error(ErrorCode::kStorageException,
                          "metadata journal {}: transaction {} follows {} (a gap)", journal_path_,
                          record.txn_id, last_txn_id_);
      }
      Result<std::vector<MetadataOpResult>> applied = tree_.apply(record.ops);
      if (!applied.ok()) {
        return make_error(ErrorCode::kStorageException,
                          "metadata journal {}: transaction {} does not replay: {}", journal_path_,
                          record.txn_id, applied.status().to_string());
      }
      last_txn_id_ = record.txn_id;
    }
    if (!scan.tail_error.ok()) {
      FLUSS_LOG_WARN("{}; cutting the journal to {} bytes (the rest was never acknowledged)",
                     scan.tail_error.message(), scan.valid_bytes);
      FLUSS_RETURN_IF_ERROR(fs_.truncate(journal_path_, scan.valid_bytes));
    }
  }
  FLUSS_ASSIGN_OR_RETURN(journal_, fs_.open_for_append(journal_path_));
  // Makes a cut (and a newly created journal) durable before anything follows it.
  FLUSS_RETURN_IF_ERROR(journal_->sync());
  return fs_.sync_dir(options_.dir);
}

Status EmbeddedMetadataStore::commit_locked(const std::vector<MetadataOp>& ops,
                                            std::vector<MetadataOpResult>& results) {
  if (!failed_.ok()) {
    return make_error(ErrorCode::kStorageException,
                      "metadata store {} is read-only after a write failure: {}", options_.dir,
                      failed_.to_string());
  }
  MetadataTree::UndoLog undo;
  FLUSS_ASSIGN_OR_RETURN(results, tree_.apply(ops, &undo));

  ByteBuffer record;
  encode_journal_record(JournalRecord{.txn_id = last_txn_id_ + 1, .ops = ops}, record);
  Status written = journal_->append(record.view());
  if (written.ok()) written = journal_->sync();
  if (!written.ok()) {
    MetadataTree::rollback(undo);
    failed_ = written;
    FLUSS_LOG_ERROR("metadata store {}: {}; the store is read-only until reopened", options_.dir,
                    written.to_string());
    return written;
  }
  ++last_txn_id_;

  if (journal_->size() > options_.compact_journal_bytes) {
    // The commit is durable already: a failed compaction only leaves a long journal.
    Status compacted = compact_locked();
    if (!compacted.ok()) {
      FLUSS_LOG_WARN("metadata store {}: compaction failed: {}", options_.dir,
                     compacted.to_string());
    }
  }
  return Status::OK();
}

Status EmbeddedMetadataStore::compact() {
  std::lock_guard lock(mu_);
  if (!failed_.ok()) return failed_;
  return compact_locked();
}

Status EmbeddedMetadataStore::compact_locked() {
  ByteBuffer snapshot;
  encode_snapshot(tree_, last_txn_id_, snapshot);
  FLUSS_RETURN_IF_ERROR(storage::write_file_atomically(fs_, snapshot_path_, snapshot.view()));
  // From here on the journal's records are all in the snapshot; emptying it may be
  // lost in a crash, and then open() skips them by transaction number.
  journal_->close().ignore_error();
  journal_.reset();
  Status status = fs_.truncate(journal_path_, 0);
  if (status.ok()) {
    Result<std::unique_ptr<storage::WritableFile>> reopened = fs_.open_for_append(journal_path_);
    if (reopened.ok()) {
      journal_ = std::move(reopened).value();
      status = journal_->sync();
    } else {
      status = reopened.status();
    }
  }
  if (!status.ok()) failed_ = status;
  return status;
}

uint64_t EmbeddedMetadataStore::journal_bytes() const {
  std::lock_guard lock(mu_);
  return journal_ == nullptr ? 0 : journal_->size();
}

Result<std::string> EmbeddedMetadataStore::create(const std::string& path, std::string_view data,
                                                  CreateOptions options) {
  std::lock_guard lock(mu_);
  std::vector<MetadataOpResult> results;
  FLUSS_RETURN_IF_ERROR(
      commit_locked({MetadataOp::create(path, std::string(data), options)}, results));
  return std::move(results[0].path);
}

Result<std::optional<NodeData>> EmbeddedMetadataStore::get(const std::string& path) const {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  std::lock_guard lock(mu_);
  const MetadataTree::Node* node = tree_.find(path);
  if (node == nullptr) return std::optional<NodeData>();
  return std::optional<NodeData>(NodeData{.data = node->data, .version = node->version});
}

Result<int32_t> EmbeddedMetadataStore::set(const std::string& path, std::string_view data,
                                           int32_t expected_version) {
  std::lock_guard lock(mu_);
  std::vector<MetadataOpResult> results;
  FLUSS_RETURN_IF_ERROR(
      commit_locked({MetadataOp::set(path, std::string(data), expected_version)}, results));
  return results[0].version;
}

Status EmbeddedMetadataStore::remove(const std::string& path, RemoveMode mode,
                                     int32_t expected_version) {
  std::lock_guard lock(mu_);
  std::vector<MetadataOpResult> results;
  return commit_locked({MetadataOp::remove(path, expected_version, mode)}, results);
}

Result<std::vector<std::string>> EmbeddedMetadataStore::children(const std::string& path) const {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  std::lock_guard lock(mu_);
  const MetadataTree::Node* node = tree_.find(path);
  if (node == nullptr) return make_error(ErrorCode::kNoNode, "node {} does not exist", path);
  std::vector<std::string> names;
  names.reserve(node->children.size());
  for (const auto& [name, child] : node->children) names.push_back(name);
  return names;
}

Result<bool> EmbeddedMetadataStore::exists(const std::string& path) const {
  FLUSS_RETURN_IF_ERROR(validate_metadata_path(path));
  std::lock_guard lock(mu_);
  return tree_.find(path) != nullptr;
}

Result<std::vector<MetadataOpResult>> EmbeddedMetadataStore::multi(
    const std::vector<MetadataOp>& ops) {
  std::lock_guard lock(mu_);
  std::vector<MetadataOpResult> results;
  if (ops.empty()) return results;
  FLUSS_RETURN_IF_ERROR(commit_locked(ops, results));
  return results;
}

}  // namespace fluss::server
