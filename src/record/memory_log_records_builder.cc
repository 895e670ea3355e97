// SPDX-License-Identifier: Apache-2.0
#include "record/memory_log_records_builder.h"

#include <limits>
#include <utility>

#include "common/crc32c.h"

namespace fluss {

MemoryLogRecordsBuilder::MemoryLogRecordsBuilder(LogRecordBatchOptions options)
    : options_(options) {
  FLUSS_CHECK(options.magic >= kLogMagicV0 && options.magic <= kLogMagicV2, "unknown magic {}",
              options.magic);
  FLUSS_CHECK(std::in_range<int16_t>(options.schema_id.value()),
              "schema id {} does not fit the int16 SchemaId of a log batch header",
              options.schema_id);
}

MemoryLogRecordsBuilder::MemoryLogRecordsBuilder(LogRecordBatchOptions options, RowType row_type,
                                                 ArrowCompression compression)
    : MemoryLogRecordsBuilder(options) {
  FLUSS_CHECK(options.format == LogFormat::kArrow, "an ArrowBatchWriter for a {} batch",
              to_string(options.format));
  arrow_writer_ = std::make_unique<ArrowBatchWriter>(std::move(row_type), compression);
}

MemoryLogRecordsBuilder::~MemoryLogRecordsBuilder() = default;
MemoryLogRecordsBuilder::MemoryLogRecordsBuilder(MemoryLogRecordsBuilder&&) noexcept = default;
MemoryLogRecordsBuilder& MemoryLogRecordsBuilder::operator=(MemoryLogRecordsBuilder&&) noexcept =
    default;

void MemoryLogRecordsBuilder::reset(LogRecordBatchOptions options) {
  FLUSS_CHECK(options.format == options_.format, "a {} builder reset for a {} batch",
              to_string(options_.format), to_string(options.format));
  FLUSS_CHECK(std::in_range<int16_t>(options.schema_id.value()),
              "schema id {} does not fit the int16 SchemaId of a log batch header",
              options.schema_id);
  options_ = options;
  change_types_.clear();
  records_.clear();
  statistics_.clear();
  record_count_ = 0;
  if (arrow_writer_ != nullptr) arrow_writer_->reset();
}

void MemoryLogRecordsBuilder::append_change_type(ChangeType change_type) {
  FLUSS_CHECK(!options_.append_only || change_type == ChangeType::kAppendOnly,
              "change type {} in an append-only batch", short_string(change_type));
  FLUSS_CHECK(record_count_ < std::numeric_limits<int32_t>::max(), "batch is full");
}

void MemoryLogRecordsBuilder::append(ChangeType change_type, ByteView row) {
  FLUSS_CHECK(options_.format != LogFormat::kArrow, "row bytes appended to an ARROW batch");
  append_change_type(change_type);
  FLUSS_CHECK(row.size() < std::numeric_limits<int32_t>::max(), "row of {} bytes", row.size());
  records_.append_le<int32_t>(static_cast<int32_t>(row.size() + 1));
  records_.append_u8(static_cast<uint8_t>(change_type));
  records_.append(row);
  ++record_count_;
}

Status MemoryLogRecordsBuilder::append(ChangeType change_type, const GenericRow& row) {
  FLUSS_CHECK(arrow_writer_ != nullptr, "GenericRow appended without an ArrowBatchWriter");
  append_change_type(change_type);
  FLUSS_RETURN_IF_ERROR(arrow_writer_->append(row));
  if (!options_.append_only) change_types_.append_u8(static_cast<uint8_t>(change_type));
  ++record_count_;
  return Status::OK();
}

void MemoryLogRecordsBuilder::set_arrow_records(std::span<const ChangeType> change_types,
                                                ByteView arrow_message) {
  FLUSS_CHECK(options_.format == LogFormat::kArrow && arrow_writer_ == nullptr,
              "set_arrow_records needs an ARROW builder without an ArrowBatchWriter");
  FLUSS_CHECK(change_types.size() < static_cast<size_t>(std::numeric_limits<int32_t>::max()),
              "{} records", change_types.size());
  change_types_.clear();
  record_count_ = 0;
  for (ChangeType change_type : change_types) {
    append_change_type(change_type);
    if (!options_.append_only) change_types_.append_u8(static_cast<uint8_t>(change_type));
    ++record_count_;
  }
  records_.clear();
  records_.append(arrow_message);
}

void MemoryLogRecordsBuilder::set_statistics(ByteView statistics) {
  FLUSS_CHECK(options_.magic >= kLogMagicV1, "statistics in a magic v{} batch", options_.magic);
  statistics_.clear();
  statistics_.append(statistics);
}

int32_t MemoryLogRecordsBuilder::record_count() const { return record_count_; }

size_t MemoryLogRecordsBuilder::estimated_size_in_bytes() const {
  const size_t arrow = arrow_writer_ ? arrow_writer_->estimated_size() : 0;
  return log_batch_header_size(options_.magic) + statistics_.size() + change_types_.size() +
         records_.size() + arrow;
}

void MemoryLogRecordsBuilder::write_header(ByteBuffer& out) const {
  const size_t start = out.size();
  const int8_t magic = options_.magic;
  out.append_le<int64_t>(options_.base_offset.value());
  out.append_le<int32_t>(0);  // Length: patched by finish
  out.append_u8(static_cast<uint8_t>(magic));
  out.append_le<int64_t>(0);  // CommitTimestamp: set by the server
  if (magic >= kLogMagicV2) out.append_le<int32_t>(kNoLeaderEpoch.value());
  out.append_le<uint32_t>(0);  // CRC: computed last
  // The constructor checked that the schema id fits.
  out.append_le<int16_t>(static_cast<int16_t>(options_.schema_id.value()));
  out.append_u8(options_.append_only ? kAppendOnlyFlag : 0);
  out.append_le<int32_t>(record_count_ > 0 ? record_count_ - 1 : 0);
  out.append_le<int64_t>(options_.writer_id.value());
  out.append_le<int32_t>(options_.batch_sequence.value());
  out.append_le<int32_t>(record_count_);
  if (magic >= kLogMagicV1) out.append_le<int32_t>(static_cast<int32_t>(statistics_.size()));
  FLUSS_CHECK(out.size() - start == log_batch_header_size(magic), "header of {} bytes",
              out.size() - start);
  out.append(statistics_.view());
  out.append(change_types_.view());
}

namespace {

// Patches the Length field of the batch of `size` bytes whose header starts at `header`.
void put_length(uint8_t* header, size_t size) {
  FLUSS_CHECK(size - kLogOverhead <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
              "batch of {} bytes", size);
  store_le<int32_t>(header + kLogLengthOffset, static_cast<int32_t>(size - kLogOverhead));
}

}  // namespace

Status MemoryLogRecordsBuilder::finish(ByteBuffer& out) {
  // An empty ARROW batch carries no Arrow message (§5.9). Otherwise the Arrow writer writes
  // its message straight after the header: the batch length is patched in after.
  const bool write_arrow = arrow_writer_ != nullptr && record_count_ > 0;
  if (arrow_writer_ != nullptr) records_.clear();
  const size_t start = out.size();
  out.reserve(start + log_batch_header_size(options_.magic) + statistics_.size() +
              change_types_.size() + records_.size() +
              (write_arrow ? arrow_writer_->estimated_size() : 0));
  write_header(out);
  if (write_arrow) {
    if (Status status = arrow_writer_->finish(out); !status.ok()) {
      out.resize(start);
      return status;
    }
  } else {
    out.append(records_.view());
  }
  put_length(out.data() + start, out.size() - start);
  const size_t crc_position = start + log_batch_crc_offset(options_.magic);
  const size_t crc_start = crc_position + 4;
  const uint32_t crc = crc32c(ByteView(out.data() + crc_start, out.size() - crc_start));
  out.put_le<uint32_t>(crc_position, crc);
  return Status::OK();
}

Status MemoryLogRecordsBuilder::finish(GatherBytes& out, std::shared_ptr<const void> owner) {
  FLUSS_CHECK(out.empty(), "a batch finished into a GatherBytes that holds {} bytes", out.size());
  const bool write_arrow = arrow_writer_ != nullptr && record_count_ > 0;
  if (arrow_writer_ != nullptr) records_.clear();
  write_header(out.owned());
  if (write_arrow) {
    FLUSS_RETURN_IF_ERROR(arrow_writer_->finish(out, std::move(owner)));
  } else {
    out.append(records_.view());
  }
  put_length(out.mutable_front().data(), out.size());
  return Status::OK();
}

}  // namespace fluss
