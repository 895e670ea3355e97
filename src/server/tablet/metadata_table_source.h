// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "common/result.h"
#include "model/ids.h"
#include "model/table_path.h"
#include "server/metadata/metadata_manager.h"
#include "server/tablet/table_metadata_source.h"

namespace fluss::server {

// The TableMetadataSource of a tablet server that reads the metadata store
// directly (`fluss local`; a cluster tablet server reads ZooKeeper the same way):
// finds a table by id by listing databases and tables (Fluss's store has no
// id -> path index; tables are few and NotifyLeaderAndIsr is rare), then builds
// the TableInfo from the registration and latest schema as the coordinator does.
// Table paths and schemas (immutable once registered) are cached; the TableInfo
// is read anew each time, so property changes are seen. Thread-safe.
class MetadataTableSource final : public TableMetadataSource {
 public:
  // `metadata` outlives the source.
  explicit MetadataTableSource(const MetadataManager& metadata) : metadata_(metadata) {}

  Result<TableInfo> get_table_info(TableId table_id) const override;
  Result<std::shared_ptr<const Schema>> get_schema(TableId table_id,
                                                   SchemaId schema_id) const override;

 private:
  // The table's path: from the cache, else by a scan of the store.
  Result<TablePath> path_of(TableId table_id) const;

  const MetadataManager& metadata_;
  mutable std::mutex mu_;
  mutable std::map<int64_t, TablePath> paths_;  // guarded by mu_
  mutable std::map<std::pair<int64_t, int32_t>, std::shared_ptr<const Schema>>
      schemas_;  // guarded by mu_
};

}  // namespace fluss::server
