// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/rocksdb_kv.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/rate_limiter.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <utility>

#include "common/config_options.h"
#include "common/logging.h"

namespace fluss::storage {
namespace {

constexpr std::string_view kMetaColumnFamily = "fluss-meta";
constexpr std::string_view kFlushedOffsetKey = "flushed-log-offset";
constexpr std::string_view kRowCountKey = "row-count";

uint64_t key_hash(ByteView key) { return std::hash<std::string_view>()(as_string_view(key)); }

// A set of 64-bit key hashes (open addressing, linear probing, at most half full).
class KeyHashSet {
 public:
  bool empty() const { return size_ == 0; }
  void clear() {
    slots_.clear();
    size_ = 0;
  }
  bool contains(uint64_t h) const {
    if (size_ == 0) return false;
    h = h == 0 ? 1 : h;
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) return false;
    }
  }
  void insert(uint64_t h) {
    h = h == 0 ? 1 : h;
    if (2 * (size_ + 1) > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return;
      }
    }
  }
  void insert_all(const KeyHashSet& other) {
    for (uint64_t h : other.slots_) {
      if (h != 0) insert(h);
    }
  }

 private:
  void grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, old.size() * 2), 0);
    size_ = 0;
    for (uint64_t h : old) {
      if (h != 0) insert(h);
    }
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

rocksdb::Slice slice(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
ByteView bytes_of(const rocksdb::Slice& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

Status kv_error(const std::string& name, std::string_view operation, const rocksdb::Status& s) {
  return make_error(ErrorCode::kKvStorageException, "{}: RocksDB {} failed: {}", name, operation,
                    s.ToString());
}

Result<rocksdb::InfoLogLevel> info_log_level(std::string_view text) {
  if (text == "DEBUG_LEVEL") return rocksdb::InfoLogLevel::DEBUG_LEVEL;
  if (text == "INFO_LEVEL") return rocksdb::InfoLogLevel::INFO_LEVEL;
  if (text == "WARN_LEVEL") return rocksdb::InfoLogLevel::WARN_LEVEL;
  if (text == "ERROR_LEVEL") return rocksdb::InfoLogLevel::ERROR_LEVEL;
  if (text == "FATAL_LEVEL") return rocksdb::InfoLogLevel::FATAL_LEVEL;
  if (text == "HEADER_LEVEL") return rocksdb::InfoLogLevel::HEADER_LEVEL;
  if (text == "NUM_INFO_LOG_LEVELS") return rocksdb::InfoLogLevel::NUM_INFO_LOG_LEVELS;
  return make_error(ErrorCode::kInvalidConfigException, "kv.rocksdb.log.level: unknown level '{}'",
                    text);
}

Result<rocksdb::CompactionStyle> compaction_style(std::string_view text) {
  if (text == "LEVEL") return rocksdb::kCompactionStyleLevel;
  if (text == "UNIVERSAL") return rocksdb::kCompactionStyleUniversal;
  if (text == "FIFO") return rocksdb::kCompactionStyleFIFO;
  if (text == "NONE") return rocksdb::kCompactionStyleNone;
  return make_error(ErrorCode::kInvalidConfigException,
                    "kv.rocksdb.compaction.style: unknown style '{}'", text);
}

Result<rocksdb::CompressionType> compression_type(std::string_view text) {
  rocksdb::CompressionType type;
  if (text == "NO") {
    type = rocksdb::kNoCompression;
  } else if (text == "SNAPPY") {
    type = rocksdb::kSnappyCompression;
  } else if (text == "LZ4") {
    type = rocksdb::kLZ4Compression;
  } else if (text == "ZSTD") {
    type = rocksdb::kZSTD;
  } else {
    return make_error(ErrorCode::kInvalidConfigException,
                      "kv.rocksdb.compression.per.level: unknown compression '{}'", text);
  }
  const auto supported = rocksdb::GetSupportedCompressions();
  if (std::find(supported.begin(), supported.end(), type) == supported.end()) {
    return make_error(ErrorCode::kInvalidConfigException,
                      "kv.rocksdb.compression.per.level: '{}' is not built into this RocksDB",
                      text);
  }
  return type;
}

}  // namespace

// ---- KvSharedResources ----

struct KvSharedResources::Impl {
  std::shared_ptr<rocksdb::Cache> block_cache;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffer_manager;
  std::shared_ptr<rocksdb::RateLimiter> rate_limiter;
  rocksdb::DBOptions db_options;
  rocksdb::ColumnFamilyOptions cf_options;
  size_t write_buffer_budget = 0;
};

Result<std::shared_ptr<KvSharedResources>> KvSharedResources::create(const Configuration& config) {
  using O = ConfigOptions;
  auto impl = std::make_unique<Impl>();

  FLUSS_ASSIGN_OR_RETURN(const MemorySize cache_size, config.get(O::kKvBlockCacheSize));
  FLUSS_ASSIGN_OR_RETURN(const MemorySize write_buffer_size, config.get(O::kKvWriteBufferSize));
  FLUSS_ASSIGN_OR_RETURN(const int32_t write_buffer_count, config.get(O::kKvMaxWriteBufferNumber));
  FLUSS_ASSIGN_OR_RETURN(const MemorySize rate, config.get(O::kKvSharedRateLimiterBytesPerSec));
  impl->block_cache =
      rocksdb::NewLRUCache(static_cast<size_t>(std::max<int64_t>(cache_size.bytes, 0)));
  impl->write_buffer_budget = static_cast<size_t>(std::max<int64_t>(write_buffer_size.bytes, 0) *
                                                  std::max(write_buffer_count, 1));
  impl->write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(impl->write_buffer_budget);
  impl->rate_limiter.reset(rocksdb::NewGenericRateLimiter(std::max<int64_t>(rate.bytes, 1)));

  // DB options (RocksDBResourceContainer.getDbOptions).
  rocksdb::DBOptions& db = impl->db_options;
  db.use_fsync = false;
  db.stats_dump_period_sec = 0;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  db.atomic_flush = true;  // data and flushed offset reach disk together
  db.rate_limiter = impl->rate_limiter;
  db.write_buffer_manager = impl->write_buffer_manager;
  FLUSS_ASSIGN_OR_RETURN(db.max_background_jobs, config.get(O::kKvMaxBackgroundThreads));
  FLUSS_ASSIGN_OR_RETURN(db.max_open_files, config.get(O::kKvMaxOpenFiles));
  FLUSS_ASSIGN_OR_RETURN(const std::string level, config.get(O::kKvLogLevel));
  FLUSS_ASSIGN_OR_RETURN(db.info_log_level, info_log_level(level));
  FLUSS_ASSIGN_OR_RETURN(const std::optional<std::string> log_dir,
                         config.get_optional(O::kKvLogDir));
  if (log_dir && !log_dir->empty()) db.db_log_dir = *log_dir;
  FLUSS_ASSIGN_OR_RETURN(const MemorySize log_max, config.get(O::kKvLogMaxFileSize));
  db.max_log_file_size = static_cast<size_t>(std::max<int64_t>(log_max.bytes, 0));
  FLUSS_ASSIGN_OR_RETURN(const int32_t log_files, config.get(O::kKvLogFileNum));
  db.keep_log_file_num = static_cast<size_t>(std::max(log_files, 1));

  // Column family options (setColumnFamilyOptionsFromConfigurableOptions).
  rocksdb::ColumnFamilyOptions& cf = impl->cf_options;
  FLUSS_ASSIGN_OR_RETURN(const std::string style, config.get(O::kKvCompactionStyle));
  FLUSS_ASSIGN_OR_RETURN(cf.compaction_style, compaction_style(style));
  FLUSS_ASSIGN_OR_RETURN(const std::vector<std::string> compressions,
                         config.get(O::kKvCompressionPerLevel));
  cf.compression_per_level.clear();
  for (const std::string& c : compressions) {
    FLUSS_ASSIGN_OR_RETURN(const rocksdb::CompressionType type, compression_type(c));
    cf.compression_per_level.push_back(type);
  }
  FLUSS_ASSIGN_OR_RETURN(cf.level_compaction_dynamic_level_bytes,
                         config.get(O::kKvUseDynamicLevelSize));
  FLUSS_ASSIGN_OR_RETURN(const MemorySize target_file, config.get(O::kKvTargetFileSizeBase));
  cf.target_file_size_base = static_cast<uint64_t>(std::max<int64_t>(target_file.bytes, 1));
  FLUSS_ASSIGN_OR_RETURN(const MemorySize level_base, config.get(O::kKvMaxSizeLevelBase));
  cf.max_bytes_for_level_base = static_cast<uint64_t>(std::max<int64_t>(level_base.bytes, 1));
  cf.write_buffer_size = static_cast<size_t>(std::max<int64_t>(write_buffer_size.bytes, 1));
  cf.max_write_buffer_number = write_buffer_count;
  FLUSS_ASSIGN_OR_RETURN(cf.min_write_buffer_number_to_merge,
                         config.get(O::kKvMinWriteBufferNumberToMerge));

  rocksdb::BlockBasedTableOptions table;
  FLUSS_ASSIGN_OR_RETURN(const MemorySize block_size, config.get(O::kKvBlockSize));
  table.block_size = static_cast<size_t>(std::max<int64_t>(block_size.bytes, 1));
  FLUSS_ASSIGN_OR_RETURN(const MemorySize metadata_block, config.get(O::kKvMetadataBlockSize));
  table.metadata_block_size = static_cast<uint64_t>(std::max<int64_t>(metadata_block.bytes, 1));
  table.block_cache = impl->block_cache;
  FLUSS_ASSIGN_OR_RETURN(table.cache_index_and_filter_blocks,
                         config.get(O::kKvCacheIndexAndFilterBlocks));
  FLUSS_ASSIGN_OR_RETURN(table.cache_index_and_filter_blocks_with_high_priority,
                         config.get(O::kKvCacheIndexAndFilterBlocksWithHighPriority));
  FLUSS_ASSIGN_OR_RETURN(table.pin_l0_filter_and_index_blocks_in_cache,
                         config.get(O::kKvPinL0FilterAndIndexBlocksInCache));
  FLUSS_ASSIGN_OR_RETURN(table.pin_top_level_index_and_filter,
                         config.get(O::kKvPinTopLevelIndexAndFilter));
  FLUSS_ASSIGN_OR_RETURN(const bool bloom, config.get(O::kKvUseBloomFilter));
  if (bloom) {
    FLUSS_ASSIGN_OR_RETURN(const double bits, config.get(O::kKvBloomFilterBitsPerKey));
    FLUSS_ASSIGN_OR_RETURN(const bool block_based, config.get(O::kKvBloomFilterBlockBasedMode));
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(bits, block_based));
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  return std::shared_ptr<KvSharedResources>(new KvSharedResources(std::move(impl)));
}

KvSharedResources::KvSharedResources(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KvSharedResources::~KvSharedResources() = default;

size_t KvSharedResources::block_cache_usage() const { return impl_->block_cache->GetUsage(); }
size_t KvSharedResources::block_cache_capacity() const { return impl_->block_cache->GetCapacity(); }
size_t KvSharedResources::write_buffer_usage() const {
  return impl_->write_buffer_manager->memory_usage();
}
size_t KvSharedResources::write_buffer_budget() const { return impl_->write_buffer_budget; }

// ---- KvWriteBatch ----

struct KvWriteBatch::Impl {
  rocksdb::WriteBatch batch;
  std::vector<uint64_t> key_hashes;  // of the data keys put or removed
};

KvWriteBatch::KvWriteBatch() : impl_(std::make_unique<Impl>()) {}
KvWriteBatch::~KvWriteBatch() = default;
KvWriteBatch::KvWriteBatch(KvWriteBatch&&) noexcept = default;
KvWriteBatch& KvWriteBatch::operator=(KvWriteBatch&&) noexcept = default;

void KvWriteBatch::put(ByteView key, ByteView value) {
  // WriteBatch::Put fails only past its 4 GiB size limit; flush() batches stay far below.
  impl_->batch.Put(slice(key), slice(value)).PermitUncheckedError();
  impl_->key_hashes.push_back(key_hash(key));
}
void KvWriteBatch::remove(ByteView key) {
  impl_->batch.Delete(slice(key)).PermitUncheckedError();
  impl_->key_hashes.push_back(key_hash(key));
}
size_t KvWriteBatch::count() const { return static_cast<size_t>(impl_->batch.Count()); }

// ---- RocksDbKv ----

struct RocksDbKv::Impl {
  // The data keys written into the active memtable, and into older memtables that may
  // not be flushed yet; active_entries: the active memtable's entry count after the
  // last write (multi_get_for_update).
  KeyHashSet active_keys;
  KeyHashSet older_keys;
  uint64_t active_entries = 0;
  std::shared_ptr<KvSharedResources> resources;
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* data_cf = nullptr;  // owned by db
  rocksdb::ColumnFamilyHandle* meta_cf = nullptr;
  rocksdb::WriteOptions write_options;

  rocksdb::Status close() {
    if (!db) return rocksdb::Status::OK();
    rocksdb::FlushOptions flush;
    rocksdb::Status s = db->Flush(flush, {data_cf, meta_cf});
    rocksdb::Status d = db->DestroyColumnFamilyHandle(meta_cf);
    if (s.ok()) s = d;
    meta_cf = nullptr;
    data_cf = nullptr;  // the default family's handle is the DB's own
    rocksdb::Status c = db->Close();
    if (s.ok()) s = c;
    db.reset();
    return s;
  }
};

Result<std::unique_ptr<RocksDbKv>> RocksDbKv::open(std::string db_dir, std::string name,
                                                   std::shared_ptr<KvSharedResources> resources) {
  auto impl = std::make_unique<Impl>();
  const KvSharedResources::Impl& shared = resources->impl();
  impl->resources = std::move(resources);
  impl->write_options.disableWAL = true;

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, shared.cf_options},
      {std::string(kMetaColumnFamily), rocksdb::ColumnFamilyOptions()},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(shared.db_options, db_dir, families, &handles, &raw);
  if (!s.ok()) return kv_error(name, fmt::format("open of {}", db_dir), s);
  impl->db.reset(raw);
  delete handles[0];  // the default family is also reachable as DefaultColumnFamily()
  impl->data_cf = impl->db->DefaultColumnFamily();
  impl->meta_cf = handles[1];
  return std::unique_ptr<RocksDbKv>(
      new RocksDbKv(std::move(db_dir), std::move(name), std::move(impl)));
}

RocksDbKv::RocksDbKv(std::string dir, std::string name, std::unique_ptr<Impl> impl)
    : dir_(std::move(dir)), name_(std::move(name)), impl_(std::move(impl)) {}

RocksDbKv::~RocksDbKv() {
  const rocksdb::Status s = impl_->close();
  if (!s.ok()) FLUSS_LOG_WARN("{}: closing RocksDB in {} failed: {}", name_, dir_, s.ToString());
}

Status RocksDbKv::check_open(std::string_view operation) const {
  if (impl_->db) return Status::OK();
  return make_error(ErrorCode::kKvStorageException, "{}: RocksDB {} after close ({})", name_,
                    operation, dir_);
}

rocksdb::DB* RocksDbKv::raw_db() const { return impl_->db.get(); }

Result<std::optional<std::string>> RocksDbKv::get(ByteView key) const {
  FLUSS_RETURN_IF_ERROR(check_open("get"));
  std::string value;
  const rocksdb::Status s =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->data_cf, slice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return kv_error(name_, "get", s);
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::optional<std::string>>> RocksDbKv::multi_get(
    std::span<const ByteView> keys) const {
  FLUSS_RETURN_IF_ERROR(check_open("multi-get"));
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (ByteView k : keys) slices.push_back(slice(k));
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->data_cf, keys.size(), slices.data(),
                      values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return kv_error(name_, "multi-get", statuses[i]);
    out[i] = values[i].ToString();
  }
  return out;
}

Result<std::vector<std::string>> RocksDbKv::prefix_values(ByteView prefix) const {
  FLUSS_RETURN_IF_ERROR(check_open("prefix lookup"));
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->data_cf));
  const rocksdb::Slice p = slice(prefix);
  for (it->Seek(p); it->Valid() && it->key().starts_with(p); it->Next()) {
    out.push_back(it->value().ToString());
  }
  if (!it->status().ok()) return kv_error(name_, "prefix lookup", it->status());
  return out;
}

Status RocksDbKv::write(const KvWriteBatch& batch, LogOffset flushed_offset,
                        std::optional<int64_t> row_count) {
  FLUSS_RETURN_IF_ERROR(check_open("write"));
  rocksdb::WriteBatch& wb = batch.impl().batch;
  const int user_records = static_cast<int>(wb.Count());
  uint8_t offset_bytes[8];
  store_le(offset_bytes, flushed_offset.value());
  rocksdb::Status s =
      wb.Put(impl_->meta_cf, rocksdb::Slice(kFlushedOffsetKey.data(), kFlushedOffsetKey.size()),
             rocksdb::Slice(reinterpret_cast<const char*>(offset_bytes), 8));
  uint8_t count_bytes[8];
  if (s.ok() && row_count) {
    store_le(count_bytes, *row_count);
    s = wb.Put(impl_->meta_cf, rocksdb::Slice(kRowCountKey.data(), kRowCountKey.size()),
               rocksdb::Slice(reinterpret_cast<const char*>(count_bytes), 8));
  }
  if (s.ok()) s = impl_->db->Write(impl_->write_options, &wb);
  if (!s.ok()) return kv_error(name_, fmt::format("write of {} records", user_records), s);
  track_memtable_keys(batch.impl().key_hashes);
  return Status::OK();
}

void RocksDbKv::track_memtable_keys(const std::vector<uint64_t>& hashes) {
  Impl& m = *impl_;
  uint64_t active = 0;
  if (!m.db->GetIntProperty(m.data_cf, rocksdb::DB::Properties::kNumEntriesActiveMemTable,
                            &active)) {
    // Cannot tell when memtables switch: keep every key (reads stay correct, just slower).
    for (uint64_t h : hashes) m.active_keys.insert(h);
    return;
  }
  if (active != m.active_entries + hashes.size()) {
    // The active memtable was switched: what it held may sit in an immutable memtable
    // until flushed.
    m.older_keys.insert_all(m.active_keys);
    m.active_keys.clear();
  }
  for (uint64_t h : hashes) m.active_keys.insert(h);
  m.active_entries = active;
  uint64_t immutable = 0;
  if (!m.older_keys.empty() &&
      m.db->GetIntProperty(m.data_cf, rocksdb::DB::Properties::kNumImmutableMemTable, &immutable) &&
      immutable == 0) {
    m.older_keys.clear();
  }
}

Result<std::vector<std::optional<std::string>>> RocksDbKv::multi_get_for_update(
    std::span<const ByteView> keys) {
  FLUSS_RETURN_IF_ERROR(check_open("multi-get"));
  const size_t n = keys.size();
  std::vector<std::optional<std::string>> out(n);
  // Keys that may be in a memtable: one MultiGet. The rest: a Get each from the
  // persisted data (RocksDB 7.8's MultiGet ignores kPersistedTier and returns empty
  // values, its Get honours it).
  std::vector<size_t> maybe_in_memtable;
  rocksdb::ReadOptions persisted;
  persisted.read_tier = rocksdb::kPersistedTier;
  rocksdb::PinnableSlice value;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t h = key_hash(keys[i]);
    if (impl_->active_keys.contains(h) || impl_->older_keys.contains(h)) {
      maybe_in_memtable.push_back(i);
      continue;
    }
    value.Reset();
    const rocksdb::Status s = impl_->db->Get(persisted, impl_->data_cf, slice(keys[i]), &value);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return kv_error(name_, "get", s);
    out[i] = value.ToString();
  }
  if (maybe_in_memtable.empty()) return out;
  const size_t m = maybe_in_memtable.size();
  std::vector<rocksdb::Slice> slices(m);
  for (size_t j = 0; j < m; ++j) slices[j] = slice(keys[maybe_in_memtable[j]]);
  std::vector<rocksdb::PinnableSlice> values(m);
  std::vector<rocksdb::Status> statuses(m);
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->data_cf, m, slices.data(), values.data(),
                      statuses.data());
  for (size_t j = 0; j < m; ++j) {
    if (statuses[j].IsNotFound()) continue;
    if (!statuses[j].ok()) return kv_error(name_, "multi-get", statuses[j]);
    out[maybe_in_memtable[j]] = values[j].ToString();
  }
  return out;
}

namespace {

// A little-endian int64 of the meta column family, or nullopt.
Result<std::optional<int64_t>> read_meta_int64(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf,
                                               std::string_view key, const std::string& name,
                                               const std::string& dir) {
  std::string value;
  const rocksdb::Status s =
      db.Get(rocksdb::ReadOptions(), cf, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<int64_t>();
  if (!s.ok()) return kv_error(name, fmt::format("read of the stored {}", key), s);
  if (value.size() != 8) {
    return make_error(ErrorCode::kKvStorageException, "{}: the stored {} in {} has {} bytes, not 8",
                      name, key, dir, value.size());
  }
  return std::optional<int64_t>(load_le<int64_t>(reinterpret_cast<const uint8_t*>(value.data())));
}

}  // namespace

Result<std::optional<LogOffset>> RocksDbKv::flushed_offset() const {
  FLUSS_RETURN_IF_ERROR(check_open("read of the flushed offset"));
  FLUSS_ASSIGN_OR_RETURN(std::optional<int64_t> v, read_meta_int64(*impl_->db, impl_->meta_cf,
                                                                   kFlushedOffsetKey, name_, dir_));
  if (!v) return std::optional<LogOffset>();
  return std::optional<LogOffset>(LogOffset(*v));
}

Result<std::optional<int64_t>> RocksDbKv::row_count() const {
  FLUSS_RETURN_IF_ERROR(check_open("read of the row count"));
  return read_meta_int64(*impl_->db, impl_->meta_cf, kRowCountKey, name_, dir_);
}

namespace {

class SnapshotIterator final : public RocksDbKv::Iterator {
 public:
  SnapshotIterator(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string name)
      : db_(db), snapshot_(db->GetSnapshot()), name_(std::move(name)) {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot_;
    options.fill_cache = false;  // a full scan must not evict the lookups' working set
    it_.reset(db->NewIterator(options, cf));
    it_->SeekToFirst();
  }
  ~SnapshotIterator() override {
    it_.reset();
    db_->ReleaseSnapshot(snapshot_);
  }
  bool valid() const override { return it_->Valid(); }
  ByteView key() const override { return bytes_of(it_->key()); }
  ByteView value() const override { return bytes_of(it_->value()); }
  void next() override { it_->Next(); }
  Status status() const override {
    if (it_->status().ok()) return Status::OK();
    return kv_error(name_, "scan", it_->status());
  }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
  std::string name_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

std::unique_ptr<RocksDbKv::Iterator> RocksDbKv::new_iterator() const {
  FLUSS_CHECK(impl_->db != nullptr, "RocksDbKv::new_iterator after close");
  return std::make_unique<SnapshotIterator>(impl_->db.get(), impl_->data_cf, name_);
}

Status RocksDbKv::flush_memtables() {
  FLUSS_RETURN_IF_ERROR(check_open("flush"));
  const rocksdb::Status s =
      impl_->db->Flush(rocksdb::FlushOptions(), {impl_->data_cf, impl_->meta_cf});
  if (!s.ok()) return kv_error(name_, "flush", s);
  return Status::OK();
}

Status RocksDbKv::close() {
  FLUSS_RETURN_IF_ERROR(check_open("close"));
  const rocksdb::Status s = impl_->close();
  if (!s.ok()) return kv_error(name_, "close", s);
  return Status::OK();
}

}  // namespace fluss::storage
