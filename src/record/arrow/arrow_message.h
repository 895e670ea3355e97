// SPDX-License-Identifier: Apache-2.0
// Internal to record/arrow: Arrow IPC message framing, the Fluss-type-to-Arrow
// layout rules shared by the writer, the reader and projection, and the body
// codecs. Byte formats: docs/arrow-ipc.md.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "model/data_type.h"
#include "record/arrow/arrow_batch.h"
#include "record/arrow/format/Message_generated.h"

namespace fluss::arrow {

namespace fb = org::apache::arrow::flatbuf;

inline constexpr uint32_t kContinuationMarker = 0xFFFFFFFF;
// No single decompressed buffer may claim more than this (a lying length
// must not make the reader allocate without bound).
inline constexpr int64_t kMaxDecompressedBufferSize = int64_t{1} << 30;
// Field nodes and row counts are int32-indexed everywhere in Arrow's offsets.
inline constexpr int64_t kMaxArrayLength = INT32_MAX;

// The Arrow time unit Fluss uses for TIME(p) / TIMESTAMP(p) (fluss-wire.md §5.10.3).
enum class TimeUnit : uint8_t { kSecond, kMilli, kMicro, kNano };
TimeUnit time_unit_for_precision(int precision);

// How a Fluss type is laid out as an Arrow array.
enum class Layout : uint8_t {
  kBool,         // validity, bit-packed values
  kFixed,        // validity, values of `width` bytes
  kFixedBinary,  // validity, values of `width` bytes (FixedSizeBinary)
  kVarBinary,    // validity, int32 offsets, data (Utf8 / Binary)
  kList,         // validity, int32 offsets; one child (List, and Map over its entries struct)
  kStruct,       // validity; one child per field
};

struct ColumnShape {
  Layout layout = Layout::kFixed;
  int width = 0;                   // kFixed / kFixedBinary
  std::vector<DataType> children;  // kList: [element or map entries]; kStruct: field types
  std::vector<std::string> child_names;
};
ColumnShape shape_of(const DataType& type);
int buffer_count(Layout layout);
const char* buffer_name(Layout layout, int index);

// The struct a MAP's list holds: `entries` {`key` NOT NULL, `value`}, NOT NULL.
DataType map_entries_type(const DataType& map);

// Field nodes and buffers a column of `type` takes in a RecordBatch.
struct ColumnSpan {
  size_t nodes = 0;
  size_t buffers = 0;
};
ColumnSpan column_span(const DataType& type);

// One encapsulated IPC message: 0xFFFFFFFF, int32 metadata length, flatbuffer
// Message (copied to aligned storage), body.
struct IpcMessage {
  std::vector<uint64_t> metadata_storage;
  const fb::Message* message = nullptr;
  ByteView body;
  size_t size = 0;  // bytes taken by the whole message, body included
  bool end_of_stream = false;
};

// A copy of a flatbuffer struct (FieldNode, Buffer): the Verifier checks only
// 4-byte alignment of vectors, so hostile metadata can misalign 8-byte structs.
template <typename T>
T load_struct(const T* p) {
  T v;
  std::memcpy(static_cast<void*>(&v), static_cast<const void*>(p), sizeof(T));
  return v;
}

// Reads the message at the start of `bytes`: checks the marker, the lengths
// and the flatbuffer (Verifier). A zero metadata length is the end-of-stream
// marker (end_of_stream = true, size = 8). Errors are CORRUPT_MESSAGE
// "<context>: ...".
Status read_ipc_message(ByteView bytes, std::string_view context, IpcMessage& out);

// Appends marker, padded metadata length, the finished flatbuffer of `fbb`
// and zero padding to a multiple of 8; the caller appends the body.
void write_ipc_metadata(const flatbuffers::FlatBufferBuilder& fbb, ByteBuffer& out);

// A decoded, validated view of one Arrow array of a RecordBatch message; its
// buffers point into the message body or into the decoder's decompressed buffers.
// Lengths are checked: validity holds (length + 7) / 8 bytes when null_count > 0,
// values length * width bytes (bits for kBool), offsets length + 1 monotonic
// entries (when length > 0) within data / the child's length; children are at
// least as long as the parent needs.
struct ArrayView {
  DataType type;
  Layout layout = Layout::kFixed;
  TimeUnit unit = TimeUnit::kMilli;
  int width = 0;
  int64_t length = 0;
  int64_t null_count = 0;
  ByteView validity;
  ByteView values;
  ByteView offsets;
  ByteView data;
  std::vector<ArrayView> children;

  bool is_null(int64_t i) const {
    return null_count != 0 && (validity[i >> 3] & (1u << (i & 7))) == 0;
  }
  int32_t offset(int64_t i) const { return load_le<int32_t>(offsets.data() + 4 * i); }
};

// Called with the batch's row count and one view per column; the views live
// only during the call.
using RecordBatchVisitor = std::function<Status(int64_t rows, std::span<const ArrayView>)>;

// Decodes and checks a RecordBatch message against `type` and hands the column
// views to `visit` (CORRUPT_MESSAGE "<context>: column i: ..." on bad bytes).
Status visit_record_batch(const RowType& type, const IpcMessage& message, std::string_view context,
                          const RecordBatchVisitor& visit);

// Decodes a RecordBatch message against `type` (shared by read_arrow_batch
// and the IPC stream reader).
Result<std::vector<GenericRow>> decode_record_batch(const RowType& type, const IpcMessage& message,
                                                    std::string_view context);

// Appends one RecordBatch message of `rows` rows: the field nodes and buffers in
// pre-order, each buffer padded to 8 bytes, compressed one by one per
// `compression` (the bytes ArrowBatchWriter::finish writes for the same arrays).
// `zstd_cctx` may be null.
Status write_record_batch_message(int64_t rows, std::span<const fb::FieldNode> nodes,
                                  std::span<const ByteView> buffers,
                                  const ArrowCompression& compression, void* zstd_cctx,
                                  ByteBuffer& out);
// Its first half, for writers that lay out the body themselves: the message metadata into
// `fbb` (cleared first; `meta` is scratch), and with compression the compressed buffers, each
// padded, into `compressed_body` (cleared first). The body's length.
Result<int64_t> build_record_batch_metadata(int64_t rows, std::span<const fb::FieldNode> nodes,
                                            std::span<const ByteView> buffers,
                                            const ArrowCompression& compression, void* zstd_cctx,
                                            flatbuffers::FlatBufferBuilder& fbb,
                                            std::vector<fb::Buffer>& meta,
                                            ByteBuffer& compressed_body);

// Body codecs (§5.10.2): `raw` as one compressed buffer (int64 uncompressed
// length, then the frame; -1 and the raw bytes when compression does not pay).
// `zstd_cctx` may be null (a context is created for the call).
Status compress_buffer(const ArrowCompression& compression, ByteView raw, void* zstd_cctx,
                       ByteBuffer& out);
// Decompresses one body buffer; `out` receives exactly the declared length.
Status decompress_buffer(fb::CompressionType codec, ByteView compressed, std::vector<uint8_t>& out,
                         const std::string& what);

}  // namespace fluss::arrow
