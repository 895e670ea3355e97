// SPDX-License-Identifier: Apache-2.0
// Placeholder until the Arrow IPC implementation lands.
#include "record/arrow/arrow_batch.h"

namespace fluss {

struct ArrowBatchWriter::Impl {
  size_t rows = 0;
};

ArrowBatchWriter::ArrowBatchWriter(RowType, ArrowCompression) : impl_(new Impl) {}
ArrowBatchWriter::~ArrowBatchWriter() = default;
ArrowBatchWriter::ArrowBatchWriter(ArrowBatchWriter&&) noexcept = default;
ArrowBatchWriter& ArrowBatchWriter::operator=(ArrowBatchWriter&&) noexcept = default;

Status ArrowBatchWriter::append(const GenericRow&) {
  return Status(ErrorCode::kUnknownServerError, "Arrow IPC not implemented yet");
}
size_t ArrowBatchWriter::row_count() const { return impl_->rows; }
size_t ArrowBatchWriter::estimated_size() const { return 0; }
Status ArrowBatchWriter::finish(ByteBuffer&) {
  return Status(ErrorCode::kUnknownServerError, "Arrow IPC not implemented yet");
}

Result<std::vector<GenericRow>> read_arrow_batch(const RowType&, ByteView) {
  return Status(ErrorCode::kUnknownServerError, "Arrow IPC not implemented yet");
}

}  // namespace fluss
