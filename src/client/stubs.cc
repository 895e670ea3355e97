// SPDX-License-Identifier: Apache-2.0
// Milestone A placeholders: every public API entry point links and reports "not implemented".
// Replaced file by file by the implementation.
#include <stdexcept>

#include "fluss/client.h"
#include "row_internal.h"

namespace fluss::client {
namespace detail {
struct ConnectionImpl {};
struct TableImpl {
  TableInfo info;
};
struct WriterImpl {};
struct WriteState {};
struct LookuperImpl {};
struct LogScannerImpl {};
struct BatchScannerImpl {};
}  // namespace detail

namespace {
Result not_implemented(const char* what) {
  return Result::Error(ErrorCode::CLIENT_ERROR, std::string(what) + ": not implemented yet");
}
}  // namespace

Admin::Admin() = default;
Admin::~Admin() = default;
Admin::Admin(Admin&&) noexcept = default;
Admin& Admin::operator=(Admin&&) noexcept = default;
Admin::Admin(std::shared_ptr<detail::ConnectionImpl> impl) : impl_(std::move(impl)) {}
Result Admin::CreateDatabase(const std::string&, const DatabaseDescriptor&, bool) {
  return not_implemented("CreateDatabase");
}
Result Admin::DropDatabase(const std::string&, bool, bool) {
  return not_implemented("DropDatabase");
}
Result Admin::ListDatabases(std::vector<std::string>&) { return not_implemented("ListDatabases"); }
Result Admin::DatabaseExists(const std::string&, bool&) {
  return not_implemented("DatabaseExists");
}
Result Admin::GetDatabaseInfo(const std::string&, DatabaseInfo&) {
  return not_implemented("GetDatabaseInfo");
}
Result Admin::CreateTable(const TablePath&, const TableDescriptor&, bool) {
  return not_implemented("CreateTable");
}
Result Admin::DropTable(const TablePath&, bool) { return not_implemented("DropTable"); }
Result Admin::GetTableInfo(const TablePath&, TableInfo&) { return not_implemented("GetTableInfo"); }
Result Admin::ListTables(const std::string&, std::vector<std::string>&) {
  return not_implemented("ListTables");
}
Result Admin::TableExists(const TablePath&, bool&) { return not_implemented("TableExists"); }
Result Admin::AlterTable(const TablePath&, const std::vector<TableChange>&, bool) {
  return not_implemented("AlterTable");
}
Result Admin::CreatePartition(const TablePath&, const std::unordered_map<std::string, std::string>&,
                              bool) {
  return not_implemented("CreatePartition");
}
Result Admin::DropPartition(const TablePath&, const std::unordered_map<std::string, std::string>&,
                            bool) {
  return not_implemented("DropPartition");
}
Result Admin::ListPartitionInfos(const TablePath&, std::vector<PartitionInfo>&) {
  return not_implemented("ListPartitionInfos");
}
Result Admin::ListPartitionInfos(const TablePath&,
                                 const std::unordered_map<std::string, std::string>&,
                                 std::vector<PartitionInfo>&) {
  return not_implemented("ListPartitionInfos");
}
Result Admin::ListOffsets(const TablePath&, const std::vector<int32_t>&, const OffsetSpec&,
                          std::unordered_map<int32_t, int64_t>&) {
  return not_implemented("ListOffsets");
}
Result Admin::ListPartitionOffsets(const TablePath&, const std::string&,
                                   const std::vector<int32_t>&, const OffsetSpec&,
                                   std::unordered_map<int32_t, int64_t>&) {
  return not_implemented("ListPartitionOffsets");
}
Result Admin::GetLatestLakeSnapshot(const TablePath&, LakeSnapshot&) {
  return not_implemented("GetLatestLakeSnapshot");
}
Result Admin::GetServerNodes(std::vector<ServerNode>&) { return not_implemented("GetServerNodes"); }

Connection::Connection() = default;
Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Result Connection::Create(const Configuration&, Connection&) {
  return not_implemented("Connection::Create");
}
Result Connection::GetAdmin(Admin&) { return not_implemented("GetAdmin"); }
Result Connection::GetTable(const TablePath&, Table&) { return not_implemented("GetTable"); }

WriteResult::WriteResult() = default;
WriteResult::~WriteResult() = default;
WriteResult::WriteResult(const WriteResult&) = default;
WriteResult& WriteResult::operator=(const WriteResult&) = default;
WriteResult::WriteResult(WriteResult&&) noexcept = default;
WriteResult& WriteResult::operator=(WriteResult&&) noexcept = default;
Result WriteResult::Wait() { return not_implemented("WriteResult::Wait"); }

#define FLUSS_STUB_HANDLE(T)    \
  T::T() = default;             \
  T::~T() = default;            \
  T::T(T&&) noexcept = default; \
  T& T::operator=(T&&) noexcept = default;
FLUSS_STUB_HANDLE(AppendWriter)
FLUSS_STUB_HANDLE(UpsertWriter)
FLUSS_STUB_HANDLE(Lookuper)
FLUSS_STUB_HANDLE(PrefixLookuper)
FLUSS_STUB_HANDLE(LogScanner)
FLUSS_STUB_HANDLE(BatchScanner)
FLUSS_STUB_HANDLE(Table)
#undef FLUSS_STUB_HANDLE

Result AppendWriter::Append(const GenericRow&) { return not_implemented("Append"); }
Result AppendWriter::Append(const GenericRow&, WriteResult&) { return not_implemented("Append"); }
Result AppendWriter::Flush() { return not_implemented("Flush"); }
Result UpsertWriter::Upsert(const GenericRow&) { return not_implemented("Upsert"); }
Result UpsertWriter::Upsert(const GenericRow&, WriteResult&) { return not_implemented("Upsert"); }
Result UpsertWriter::Delete(const GenericRow&) { return not_implemented("Delete"); }
Result UpsertWriter::Delete(const GenericRow&, WriteResult&) { return not_implemented("Delete"); }
Result UpsertWriter::Flush() { return not_implemented("Flush"); }
Result Lookuper::Lookup(const GenericRow&, LookupResult&) { return not_implemented("Lookup"); }
Result Lookuper::LookupBatch(const std::vector<const GenericRow*>&, std::vector<LookupResult>&) {
  return not_implemented("LookupBatch");
}
Result PrefixLookuper::PrefixLookup(const GenericRow&, PrefixLookupResult&) {
  return not_implemented("PrefixLookup");
}
Result LogScanner::Subscribe(int32_t, int64_t) { return not_implemented("Subscribe"); }
Result LogScanner::Subscribe(int32_t, const OffsetSpec&) { return not_implemented("Subscribe"); }
Result LogScanner::Subscribe(const std::vector<BucketSubscription>&) {
  return not_implemented("Subscribe");
}
Result LogScanner::SubscribePartitionBuckets(int64_t, int32_t, int64_t) {
  return not_implemented("SubscribePartitionBuckets");
}
Result LogScanner::SubscribePartitionBuckets(int64_t, int32_t, const OffsetSpec&) {
  return not_implemented("SubscribePartitionBuckets");
}
Result LogScanner::SubscribePartitionBuckets(const std::vector<PartitionBucketSubscription>&) {
  return not_implemented("SubscribePartitionBuckets");
}
Result LogScanner::Unsubscribe(int32_t) { return not_implemented("Unsubscribe"); }
Result LogScanner::UnsubscribePartition(int64_t, int32_t) {
  return not_implemented("UnsubscribePartition");
}
Result LogScanner::Poll(int64_t, ScanRecords&) { return not_implemented("Poll"); }
Result BatchScanner::NextRows(std::vector<RowView>&) { return not_implemented("NextRows"); }
Result BatchScanner::CollectAllRows(std::vector<RowView>&) {
  return not_implemented("CollectAllRows");
}

Result TableAppend::CreateWriter(AppendWriter&) { return not_implemented("CreateWriter"); }
TableUpsert& TableUpsert::PartialUpdateByIndex(std::vector<size_t> columns) {
  target_indexes_ = std::move(columns);
  return *this;
}
TableUpsert& TableUpsert::PartialUpdateByName(std::vector<std::string> columns) {
  target_names_ = std::move(columns);
  return *this;
}
Result TableUpsert::CreateWriter(UpsertWriter&) { return not_implemented("CreateWriter"); }
Result TableLookup::CreateLookuper(Lookuper&) { return not_implemented("CreateLookuper"); }
TableScan& TableScan::ProjectByIndex(std::vector<size_t> columns) {
  project_indexes_ = std::move(columns);
  return *this;
}
TableScan& TableScan::ProjectByName(std::vector<std::string> columns) {
  project_names_ = std::move(columns);
  return *this;
}
TableScan& TableScan::Limit(int32_t rows) {
  limit_ = rows;
  return *this;
}
Result TableScan::CreateLogScanner(LogScanner&) { return not_implemented("CreateLogScanner"); }
Result TableScan::CreateBucketBatchScanner(const TableBucket&, BatchScanner&) {
  return not_implemented("CreateBucketBatchScanner");
}
Result TableScan::CreateBatchScanner(BatchScanner&) {
  return not_implemented("CreateBatchScanner");
}

Table::Table(std::shared_ptr<detail::TableImpl> impl) : impl_(std::move(impl)) {}
GenericRow Table::NewRow() const { return GenericRow(impl_->info.schema.columns.size()); }
TableAppend Table::NewAppend() { return TableAppend(impl_); }
TableUpsert Table::NewUpsert() { return TableUpsert(impl_); }
TableLookup Table::NewLookup() { return TableLookup(impl_); }
TableScan Table::NewScan() { return TableScan(impl_); }
Result Table::NewPrefixLookup(std::vector<std::string>, PrefixLookuper&) {
  return not_implemented("NewPrefixLookup");
}
const TableInfo& Table::GetTableInfo() const { return impl_->info; }
const TablePath& Table::GetTablePath() const { return impl_->info.table_path; }
bool Table::HasPrimaryKey() const { return impl_->info.has_primary_key; }

}  // namespace fluss::client
