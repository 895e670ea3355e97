// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/configuration.h"
#include "common/result.h"
#include "model/ids.h"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace fluss::storage {

// The RocksDB resources one tablet server shares between all its KV tablets
// (Fluss's RocksDBResourceContainer options, with the memory pooled per server):
// one LRU block cache of kv.rocksdb.block.cache-size, one WriteBufferManager
// bounding all memtables to kv.rocksdb.writebuffer.size x kv.rocksdb.writebuffer.count,
// the shared rate limiter (kv.rocksdb.shared-rate-limiter.bytes-per-sec), and the
// DB / column-family options read once from the kv.rocksdb.* keys. Thousands of
// buckets therefore cannot exhaust memory; Java gives every instance its own
// block cache instead (docs/kv-storage.md). Thread-safe; shared by the KvManager
// and every RocksDbKv it opens (shared_ptr: a tablet may outlive a manager's map).
class KvSharedResources {
 public:
  // A malformed kv.rocksdb.* value is INVALID_CONFIG_EXCEPTION naming the key.
  static Result<std::shared_ptr<KvSharedResources>> create(const Configuration& config);
  ~KvSharedResources();

  // Bytes the shared block cache holds now, and its capacity.
  size_t block_cache_usage() const;
  size_t block_cache_capacity() const;
  // Bytes all memtables of all tablets hold now, and the budget.
  size_t write_buffer_usage() const;
  size_t write_buffer_budget() const;

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  explicit KvSharedResources(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One write to apply atomically to a RocksDbKv: puts and deletes of user keys.
class KvWriteBatch {
 public:
  KvWriteBatch();
  ~KvWriteBatch();
  KvWriteBatch(KvWriteBatch&&) noexcept;
  KvWriteBatch& operator=(KvWriteBatch&&) noexcept;

  void put(ByteView key, ByteView value);
  void remove(ByteView key);
  size_t count() const;

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// The RocksDB instance of one KV tablet (Fluss's RocksDBKv), in `kv-<bucket>/db`.
// User data lives in the default column family only (key = encoded primary key,
// value = fluss-wire.md §6.4), as in Fluss. A second column family, "fluss-meta",
// holds the log offset the data covers (the flushed offset), written in the same
// atomic write as the data; with atomic_flush both families reach disk together,
// so after any crash the stored offset matches the stored data (docs/kv-storage.md).
// RocksDB's own WAL is off: the bucket's changelog is the write-ahead log.
//
// Every RocksDB failure is KV_STORAGE_EXCEPTION naming `name` (the bucket) and the
// operation. Reads are thread-safe; writes are serialised by the owning KvTablet.
class RocksDbKv {
 public:
  // Opens (creating if missing) the database in `db_dir`. `resources` outlives
  // nothing: it is shared.
  static Result<std::unique_ptr<RocksDbKv>> open(std::string db_dir, std::string name,
                                                 std::shared_ptr<KvSharedResources> resources);
  ~RocksDbKv();

  // The stored value of `key`, or nullopt.
  Result<std::optional<std::string>> get(ByteView key) const;
  // One result per key, in order.
  Result<std::vector<std::optional<std::string>>> multi_get(std::span<const ByteView> keys) const;
  // The same values, for the writer's reads of old values: a key that no write since open
  // put into a memtable that may still be unflushed is read from the persisted data only
  // (a Get with ReadOptions::read_tier = kPersistedTier, which skips the memtables when the
  // WAL is off),
  // so the mostly absent keys of inserts skip the memtable skip-list searches. The index
  // of those keys (64-bit hashes, two generations: the active memtable's and the older
  // ones', dropped once RocksDB reports no immutable memtable) is kept by write(). Only on
  // the writer's thread, serialised with write().
  Result<std::vector<std::optional<std::string>>> multi_get_for_update(
      std::span<const ByteView> keys);
  // Every value whose key starts with `prefix`, in key order.
  Result<std::vector<std::string>> prefix_values(ByteView prefix) const;

  // Applies `batch` and records `flushed_offset` (and the tablet's row count, when it
  // keeps one) with it, atomically.
  Status write(const KvWriteBatch& batch, LogOffset flushed_offset,
               std::optional<int64_t> row_count = std::nullopt);
  // The flushed offset stored with the data; nullopt for a new database.
  Result<std::optional<LogOffset>> flushed_offset() const;
  // The row count stored with the data; nullopt if none was ever written.
  Result<std::optional<int64_t>> row_count() const;

  // A forward cursor over the user data as of its creation (a RocksDB snapshot):
  // for limit scans and snapshot reads.
  class Iterator {
   public:
    virtual ~Iterator() = default;
    virtual bool valid() const = 0;
    virtual ByteView key() const = 0;
    virtual ByteView value() const = 0;
    virtual void next() = 0;
    // A read failure seen by valid() turning false; KV_STORAGE_EXCEPTION.
    virtual Status status() const = 0;
  };
  std::unique_ptr<Iterator> new_iterator() const;

  // Writes the memtables to SST files (for snapshots and tests).
  Status flush_memtables();
  // Closes the database (memtables are flushed first). Later calls fail.
  Status close();

  const std::string& dir() const { return dir_; }
  const std::string& name() const { return name_; }
  // For the snapshot code of this module (checkpoints); null after close().
  rocksdb::DB* raw_db() const;

 private:
  // Keeps the memtable key index of multi_get_for_update after a write.
  void track_memtable_keys(const std::vector<uint64_t>& hashes);
  struct Impl;
  RocksDbKv(std::string dir, std::string name, std::unique_ptr<Impl> impl);
  Status check_open(std::string_view operation) const;

  std::string dir_;
  std::string name_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fluss::storage
