// SPDX-License-Identifier: Apache-2.0
#include "record/arrow/arrow_message.h"

#include <zstd.h>

#include <cstring>
#include <lz4frame.h>
#include <memory>

namespace fluss::arrow {

TimeUnit time_unit_for_precision(int precision) {
  if (precision <= 0) return TimeUnit::kSecond;
  if (precision <= 3) return TimeUnit::kMilli;
  if (precision <= 6) return TimeUnit::kMicro;
  return TimeUnit::kNano;
}

DataType map_entries_type(const DataType& map) {
  return DataType::row({DataField{"key", map.key_type().not_null(), std::nullopt, -1},
                        DataField{"value", map.value_type(), std::nullopt, -1}})
      .not_null();
}

ColumnShape shape_of(const DataType& type) {
  ColumnShape s;
  switch (type.root()) {
    case TypeRoot::kBoolean:
      s.layout = Layout::kBool;
      break;
    case TypeRoot::kTinyInt:
      s.width = 1;
      break;
    case TypeRoot::kSmallInt:
      s.width = 2;
      break;
    case TypeRoot::kInt:
    case TypeRoot::kDate:
    case TypeRoot::kFloat:
      s.width = 4;
      break;
    case TypeRoot::kBigInt:
    case TypeRoot::kDouble:
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz:
      s.width = 8;
      break;
    case TypeRoot::kTime:
      s.width = time_unit_for_precision(type.precision()) <= TimeUnit::kMilli ? 4 : 8;
      break;
    case TypeRoot::kDecimal:
      s.width = 16;
      break;
    case TypeRoot::kChar:
    case TypeRoot::kString:
    case TypeRoot::kBytes:
      s.layout = Layout::kVarBinary;
      break;
    case TypeRoot::kBinary:
      s.layout = Layout::kFixedBinary;
      s.width = type.length();
      break;
    case TypeRoot::kArray:
      s.layout = Layout::kList;
      s.children = {type.element_type()};
      s.child_names = {"element"};
      break;
    case TypeRoot::kMap:
      s.layout = Layout::kList;
      s.children = {map_entries_type(type)};
      s.child_names = {"entries"};
      break;
    case TypeRoot::kRow:
      s.layout = Layout::kStruct;
      for (const DataField& f : type.fields()) {
        s.children.push_back(f.type);
        s.child_names.push_back(f.name);
      }
      break;
  }
  return s;
}

int buffer_count(Layout layout) {
  switch (layout) {
    case Layout::kVarBinary:
      return 3;
    case Layout::kStruct:
      return 1;
    default:
      return 2;
  }
}

const char* buffer_name(Layout layout, int index) {
  if (index == 0) return "validity";
  if (index == 1)
    return layout == Layout::kVarBinary || layout == Layout::kList ? "offsets" : "values";
  return "data";
}

ColumnSpan column_span(const DataType& type) {
  ColumnShape shape = shape_of(type);
  ColumnSpan span{.nodes = 1, .buffers = static_cast<size_t>(buffer_count(shape.layout))};
  for (const DataType& child : shape.children) {
    ColumnSpan c = column_span(child);
    span.nodes += c.nodes;
    span.buffers += c.buffers;
  }
  return span;
}

Status read_ipc_message(ByteView bytes, std::string_view context, IpcMessage& out) {
  ByteReader reader(bytes, ErrorCode::kCorruptMessage, context);
  FLUSS_ASSIGN_OR_RETURN(uint32_t marker, reader.read_le<uint32_t>());
  if (marker != kContinuationMarker) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: expected the IPC continuation marker 0xFFFFFFFF, found 0x{:08X}",
                      context, marker);
  }
  FLUSS_ASSIGN_OR_RETURN(int32_t metadata_length, reader.read_le<int32_t>());
  out.message = nullptr;
  out.body = {};
  if (metadata_length == 0) {
    out.end_of_stream = true;
    out.size = 8;
    return Status::OK();
  }
  out.end_of_stream = false;
  if (metadata_length < 0 || static_cast<size_t>(metadata_length) > reader.remaining()) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: metadata length {} runs past the end of the {}-byte message", context,
                      metadata_length, bytes.size());
  }
  FLUSS_ASSIGN_OR_RETURN(ByteView metadata, reader.read_bytes(metadata_length));
  // Flatbuffer accessors load scalars in place: give them aligned memory.
  out.metadata_storage.assign((metadata.size() + 7) / 8, 0);
  std::memcpy(out.metadata_storage.data(), metadata.data(), metadata.size());
  const auto* base = reinterpret_cast<const uint8_t*>(out.metadata_storage.data());
  flatbuffers::Verifier verifier(base, metadata.size(), /*max_depth=*/64, /*max_tables=*/1000000);
  if (!fb::VerifyMessageBuffer(verifier)) {
    return make_error(ErrorCode::kCorruptMessage, "{}: the flatbuffer Message fails verification",
                      context);
  }
  out.message = fb::GetMessage(base);
  const int64_t body_length = out.message->bodyLength();
  if (body_length < 0 || static_cast<uint64_t>(body_length) > reader.remaining()) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: body length {} runs past the end ({} bytes left)", context, body_length,
                      reader.remaining());
  }
  FLUSS_ASSIGN_OR_RETURN(out.body, reader.read_bytes(body_length));
  out.size = reader.position();
  return Status::OK();
}

void write_ipc_metadata(const flatbuffers::FlatBufferBuilder& fbb, ByteBuffer& out) {
  const size_t size = fbb.GetSize();
  const size_t padded = (size + 7) & ~size_t{7};
  out.append_le<uint32_t>(kContinuationMarker);
  out.append_le<int32_t>(static_cast<int32_t>(padded));
  out.append(ByteView(fbb.GetBufferPointer(), size));
  out.append_zeros(padded - size);
}

Result<int64_t> build_record_batch_metadata(int64_t rows, std::span<const fb::FieldNode> nodes,
                                            std::span<const ByteView> buffers,
                                            const ArrowCompression& compression, void* zstd_cctx,
                                            flatbuffers::FlatBufferBuilder& fbb,
                                            std::vector<fb::Buffer>& meta,
                                            ByteBuffer& compressed_body) {
  const bool compressed = compression.type != ArrowCompressionType::kNone;
  meta.clear();
  meta.reserve(buffers.size());
  compressed_body.clear();
  int64_t body_length = 0;
  if (compressed) {
    for (ByteView b : buffers) {
      const size_t at = compressed_body.size();
      FLUSS_RETURN_IF_ERROR(compress_buffer(compression, b, zstd_cctx, compressed_body));
      meta.emplace_back(static_cast<int64_t>(at),
                        static_cast<int64_t>(compressed_body.size() - at));
      compressed_body.append_zeros((8 - compressed_body.size() % 8) % 8);
    }
    body_length = static_cast<int64_t>(compressed_body.size());
  } else {
    for (ByteView b : buffers) {
      meta.emplace_back(body_length, static_cast<int64_t>(b.size()));
      body_length += static_cast<int64_t>((b.size() + 7) & ~size_t{7});
    }
  }
  fbb.Clear();
  auto node_vector = fbb.CreateVectorOfStructs(nodes.data(), nodes.size());
  auto buffer_vector = fbb.CreateVectorOfStructs(meta.data(), meta.size());
  flatbuffers::Offset<fb::BodyCompression> body_compression = 0;
  if (compressed) {
    body_compression = fb::CreateBodyCompression(fbb,
                                                 compression.type == ArrowCompressionType::kZstd
                                                     ? fb::CompressionType::ZSTD
                                                     : fb::CompressionType::LZ4_FRAME,
                                                 fb::BodyCompressionMethod::BUFFER);
  }
  auto batch = fb::CreateRecordBatch(fbb, rows, node_vector, buffer_vector, body_compression);
  auto message = fb::CreateMessage(fbb, fb::MetadataVersion::V5, fb::MessageHeader::RecordBatch,
                                   batch.Union(), body_length);
  fbb.Finish(message);
  return body_length;
}

Status write_record_batch_message(int64_t rows, std::span<const fb::FieldNode> nodes,
                                  std::span<const ByteView> buffers,
                                  const ArrowCompression& compression, void* zstd_cctx,
                                  ByteBuffer& out) {
  flatbuffers::FlatBufferBuilder fbb(256 + 16 * (nodes.size() + buffers.size()));
  std::vector<fb::Buffer> meta;
  ByteBuffer body;
  FLUSS_ASSIGN_OR_RETURN(
      const int64_t body_length,
      build_record_batch_metadata(rows, nodes, buffers, compression, zstd_cctx, fbb, meta, body));
  out.reserve(out.size() + 8 + fbb.GetSize() + 8 + static_cast<size_t>(body_length));
  write_ipc_metadata(fbb, out);
  if (compression.type != ArrowCompressionType::kNone) {
    out.append(body.view());
  } else {
    for (ByteView b : buffers) {
      out.append(b);
      out.append_zeros((8 - b.size() % 8) % 8);
    }
  }
  return Status::OK();
}

namespace {

struct ZstdCCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

// Compresses `raw` into `dst` (capacity `capacity`); returns the frame size, or 0
// if the codec failed or did not fit.
size_t compress_frame(const ArrowCompression& compression, ByteView raw, void* zstd_cctx,
                      uint8_t* dst, size_t capacity) {
  if (compression.type == ArrowCompressionType::kZstd) {
    std::unique_ptr<ZSTD_CCtx, ZstdCCtxDeleter> owned;
    auto* cctx = static_cast<ZSTD_CCtx*>(zstd_cctx);
    if (cctx == nullptr) {
      owned.reset(ZSTD_createCCtx());
      cctx = owned.get();
    }
    size_t n =
        ZSTD_compressCCtx(cctx, dst, capacity, raw.data(), raw.size(), compression.zstd_level);
    return ZSTD_isError(n) ? 0 : n;
  }
  size_t n = LZ4F_compressFrame(dst, capacity, raw.data(), raw.size(), nullptr);
  return LZ4F_isError(n) ? 0 : n;
}

}  // namespace

Status compress_buffer(const ArrowCompression& compression, ByteView raw, void* zstd_cctx,
                       ByteBuffer& out) {
  if (raw.empty()) return Status::OK();  // an empty buffer stays empty, without a prefix
  const size_t bound = compression.type == ArrowCompressionType::kZstd
                           ? ZSTD_compressBound(raw.size())
                           : LZ4F_compressFrameBound(raw.size(), nullptr);
  const size_t start = out.size();
  out.resize(start + 8 + bound);
  const size_t n = compress_frame(compression, raw, zstd_cctx, out.data() + start + 8, bound);
  if (n == 0 || n >= raw.size()) {
    // Compression failed or does not pay: -1, then the bytes as they are.
    out.resize(start);
    out.append_le<int64_t>(-1);
    out.append(raw);
    return Status::OK();
  }
  out.put_le<int64_t>(start, static_cast<int64_t>(raw.size()));
  out.resize(start + 8 + n);
  return Status::OK();
}

Status decompress_buffer(fb::CompressionType codec, ByteView compressed, std::vector<uint8_t>& out,
                         const std::string& what) {
  if (compressed.size() < 8) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: compressed buffer of {} bytes has no uncompressed-length prefix", what,
                      compressed.size());
  }
  const int64_t declared = load_le<int64_t>(compressed.data());
  ByteView frame = compressed.subspan(8);
  if (declared == -1) {
    out.assign(frame.begin(), frame.end());
    return Status::OK();
  }
  if (declared == 0) {
    // Arrow Java writes an empty buffer as a bare zero prefix, without a frame.
    out.clear();
    return Status::OK();
  }
  // No frame expands by more than these ratios (ZSTD: a 3-byte RLE block per
  // 128 KiB block; LZ4: 255 per literal run): a lying length is refused
  // before anything is allocated.
  const int64_t ratio_bound = codec == fb::CompressionType::ZSTD
                                  ? static_cast<int64_t>(frame.size()) * 43691 + (128 << 10)
                                  : static_cast<int64_t>(frame.size()) * 256 + (64 << 10);
  if (declared < 0 || declared > kMaxDecompressedBufferSize || declared > ratio_bound) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: bad uncompressed length {} for a {}-byte frame", what, declared,
                      frame.size());
  }
  if (codec == fb::CompressionType::ZSTD) {
    const unsigned long long content = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (content == ZSTD_CONTENTSIZE_ERROR ||
        (content != ZSTD_CONTENTSIZE_UNKNOWN && content != static_cast<uint64_t>(declared))) {
      return make_error(ErrorCode::kCorruptMessage,
                        "{}: ZSTD frame does not hold the declared {} bytes", what, declared);
    }
    out.resize(static_cast<size_t>(declared));
    // One decompression context per thread: creating one per buffer costs more
    // than decompressing a typical column.
    struct DCtxDeleter {
      void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
    };
    thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
    const size_t n =
        ZSTD_decompressDCtx(dctx.get(), out.data(), out.size(), frame.data(), frame.size());
    if (ZSTD_isError(n) || n != out.size()) {
      return make_error(ErrorCode::kCorruptMessage,
                        "{}: ZSTD decompression failed or gave a length other than {} ({})", what,
                        declared, ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short");
    }
    return Status::OK();
  }
  if (codec != fb::CompressionType::LZ4_FRAME) {
    return make_error(ErrorCode::kCorruptMessage, "{}: unknown compression codec {}", what,
                      static_cast<int>(codec));
  }
  out.resize(static_cast<size_t>(declared));
  LZ4F_dctx* dctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION))) {
    return make_error(ErrorCode::kCorruptMessage, "{}: cannot create an LZ4 context", what);
  }
  std::unique_ptr<LZ4F_dctx, size_t (*)(LZ4F_dctx*)> guard(dctx, &LZ4F_freeDecompressionContext);
  size_t in_pos = 0;
  size_t out_pos = 0;
  for (;;) {
    size_t in_size = frame.size() - in_pos;
    size_t out_size = out.size() - out_pos;
    const size_t hint = LZ4F_decompress(dctx, out.data() + out_pos, &out_size,
                                        frame.data() + in_pos, &in_size, nullptr);
    if (LZ4F_isError(hint)) {
      return make_error(ErrorCode::kCorruptMessage, "{}: LZ4 frame is corrupt ({})", what,
                        LZ4F_getErrorName(hint));
    }
    in_pos += in_size;
    out_pos += out_size;
    if (hint == 0) break;  // frame complete
    if (in_size == 0 && out_size == 0) {
      return make_error(ErrorCode::kCorruptMessage,
                        "{}: LZ4 frame is truncated or longer than the declared {} bytes", what,
                        declared);
    }
  }
  if (out_pos != out.size()) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: LZ4 frame holds {} bytes, the prefix declares {}", what, out_pos,
                      declared);
  }
  return Status::OK();
}

}  // namespace fluss::arrow
