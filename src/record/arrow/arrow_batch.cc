// SPDX-License-Identifier: Apache-2.0
// Arrow IPC RecordBatch writer, reader and projection; byte format in docs/arrow-ipc.md.
#include "record/arrow/arrow_batch.h"

#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <string>

#include "record/arrow/arrow_message.h"

namespace fluss {

using arrow::ArrayView;
using arrow::ColumnShape;
using arrow::Layout;
using arrow::TimeUnit;
namespace fb = arrow::fb;

namespace {

// 10^p for p in [0, 38]: the exclusive bound of a DECIMAL(p) unscaled value.
__int128 pow10_128(int p) {
  __int128 v = 1;
  for (int i = 0; i < p; ++i) v *= 10;
  return v;
}

const char* datum_kind(const Datum& d) {
  static constexpr const char* kNames[] = {
      "NULL",         "bool",         "int8",       "int16",     "int32",   "int64",
      "float",        "double",       "string",     "Binary",    "Decimal", "TimestampNtz",
      "TimestampLtz", "GenericArray", "GenericMap", "GenericRow"};
  return kNames[d.index()];
}

// Floor division (Arrow values before 1970 are negative; Fluss's nano-of-millisecond is not).
inline int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
inline int64_t floor_mod(int64_t a, int64_t b) {
  const int64_t r = a % b;
  return r < 0 ? r + b : r;
}
// Arithmetic that wraps like Java's long instead of overflowing (values from
// untrusted bytes or out-of-range timestamps).
inline int64_t wrapping_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
inline int64_t wrapping_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// Appends with one memmove (inserting a char range into a byte vector would
// convert element by element).
inline void append_raw(std::vector<uint8_t>& v, std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  v.insert(v.end(), p, p + bytes.size());
}

// One Arrow array being built: a column or a nested child. Values are appended
// straight into the Arrow buffers; nothing is allocated per value once the
// buffers have grown to the batch size (they keep their capacity across batches).
class ColumnBuilder {
 public:
  ColumnBuilder(const DataType& type, std::string path)
      : type_(type), path_(std::move(path)), root_(type.root()) {
    ColumnShape shape = arrow::shape_of(type);
    layout_ = shape.layout;
    width_ = shape.width;
    if (root_ == TypeRoot::kTime || root_ == TypeRoot::kTimestampNtz ||
        root_ == TypeRoot::kTimestampLtz) {
      unit_ = arrow::time_unit_for_precision(type.precision());
    }
    if (root_ == TypeRoot::kDecimal) decimal_bound_ = pow10_128(type.precision());
    for (size_t i = 0; i < shape.children.size(); ++i) {
      children_.emplace_back(shape.children[i], path_ + "." + shape.child_names[i]);
    }
    reset();
  }

  void reset() {
    length_ = 0;
    null_count_ = 0;
    validity_.clear();
    values_.clear();
    data_.clear();
    offsets_.clear();
    if (layout_ == Layout::kVarBinary || layout_ == Layout::kList) offsets_.push_back(0);
    for (ColumnBuilder& c : children_) c.reset();
  }

  int64_t length() const { return length_; }

  Status append(const Datum& d) {
    if (is_null(d)) {
      if (!type_.nullable()) [[unlikely]] {
        return make_error(ErrorCode::kCorruptMessage, "{} ({}): null in a NOT NULL column", path_,
                          type_);
      }
      append_empty(/*valid=*/false);
      return Status::OK();
    }
    return append_value(d);
  }

  // Restores the state after the first `length` values (undoing a failed row).
  void truncate(int64_t length) {
    length_ = length;
    const size_t bitmap_bytes = static_cast<size_t>((length + 7) / 8);
    validity_.resize(bitmap_bytes);
    if (length % 8 != 0) validity_.back() &= static_cast<uint8_t>((1u << (length % 8)) - 1);
    int64_t valid = 0;
    for (uint8_t b : validity_) valid += std::popcount(b);
    null_count_ = length - valid;
    switch (layout_) {
      case Layout::kBool:
        values_.resize(bitmap_bytes);
        if (length % 8 != 0) values_.back() &= static_cast<uint8_t>((1u << (length % 8)) - 1);
        break;
      case Layout::kFixed:
      case Layout::kFixedBinary:
        values_.resize(static_cast<size_t>(length) * width_);
        break;
      case Layout::kVarBinary:
        offsets_.resize(length + 1);
        data_.resize(offsets_.back());
        break;
      case Layout::kList:
        offsets_.resize(length + 1);
        children_[0].truncate(offsets_.back());
        break;
      case Layout::kStruct:
        for (ColumnBuilder& c : children_) c.truncate(length);
        break;
    }
  }

  // Bytes of the buffers so far.
  size_t byte_size() const {
    size_t n = validity_.size() + values_.size() + data_.size() + offsets_.size() * 4;
    for (const ColumnBuilder& c : children_) n += c.byte_size();
    return n;
  }

  // Field nodes and buffers in Arrow's pre-order. The validity buffer is left
  // empty when there are no nulls, as Arrow allows.
  void collect(std::vector<fb::FieldNode>& nodes, std::vector<ByteView>& buffers) const {
    nodes.emplace_back(length_, null_count_);
    buffers.push_back(null_count_ > 0 ? ByteView(validity_) : ByteView());
    switch (layout_) {
      case Layout::kBool:
      case Layout::kFixed:
      case Layout::kFixedBinary:
        buffers.push_back(ByteView(values_));
        break;
      case Layout::kVarBinary:
        buffers.push_back(offsets_bytes());
        buffers.push_back(ByteView(data_));
        break;
      case Layout::kList:
        buffers.push_back(offsets_bytes());
        break;
      case Layout::kStruct:
        break;
    }
    for (const ColumnBuilder& c : children_) c.collect(nodes, buffers);
  }

 private:
  ByteView offsets_bytes() const {
    return {reinterpret_cast<const uint8_t*>(offsets_.data()), offsets_.size() * sizeof(int32_t)};
  }

  void push_validity(bool valid) {
    const int bit = static_cast<int>(length_ & 7);
    if (bit == 0) validity_.push_back(0);
    if (valid) {
      validity_.back() |= static_cast<uint8_t>(1u << bit);
    } else {
      ++null_count_;
    }
  }

  template <typename T>
  void push_fixed(T v) {
    const size_t at = values_.size();
    values_.resize(at + sizeof(T));
    store_le(values_.data() + at, v);
  }

  // A null (valid = false) or an empty/zero slot: a null value, or the slot of
  // a NOT NULL child under a null parent.
  void append_empty(bool valid) {
    push_validity(valid);
    switch (layout_) {
      case Layout::kBool:
        if ((length_ & 7) == 0) values_.push_back(0);
        break;
      case Layout::kFixed:
      case Layout::kFixedBinary:
        values_.resize(values_.size() + width_);
        break;
      case Layout::kVarBinary:
      case Layout::kList:
        offsets_.push_back(offsets_.back());
        break;
      case Layout::kStruct:
        for (ColumnBuilder& c : children_) c.append_empty(c.type_.nullable() ? false : true);
        break;
    }
    ++length_;
  }

  Status type_error(const Datum& d) const {
    return make_error(ErrorCode::kCorruptMessage, "{} ({}): unexpected {} value", path_, type_,
                      datum_kind(d));
  }

  Status append_bytes(std::string_view bytes) {
    if (data_.size() + bytes.size() > static_cast<size_t>(INT32_MAX)) [[unlikely]] {
      return make_error(ErrorCode::kRecordTooLargeException,
                        "{} ({}): the batch's data buffer would pass 2 GiB", path_, type_);
    }
    append_raw(data_, bytes);
    push_validity(true);
    offsets_.push_back(static_cast<int32_t>(data_.size()));
    ++length_;
    return Status::OK();
  }

  Status append_value(const Datum& d) {
    switch (root_) {
      case TypeRoot::kBoolean: {
        const bool* v = std::get_if<bool>(&d);
        if (v == nullptr) return type_error(d);
        push_validity(true);
        const int bit = static_cast<int>(length_ & 7);
        if (bit == 0) values_.push_back(0);
        if (*v) values_.back() |= static_cast<uint8_t>(1u << bit);
        break;
      }
      case TypeRoot::kTinyInt:
        return append_fixed<int8_t>(d);
      case TypeRoot::kSmallInt:
        return append_fixed<int16_t>(d);
      case TypeRoot::kInt:
      case TypeRoot::kDate:
        return append_fixed<int32_t>(d);
      case TypeRoot::kBigInt:
        return append_fixed<int64_t>(d);
      case TypeRoot::kFloat:
        return append_fixed<float>(d);
      case TypeRoot::kDouble:
        return append_fixed<double>(d);
      case TypeRoot::kTime: {
        const int32_t* v = std::get_if<int32_t>(&d);
        if (v == nullptr) return type_error(d);
        push_validity(true);
        switch (unit_) {
          case TimeUnit::kSecond:
            push_fixed<int32_t>(*v / 1000);
            break;
          case TimeUnit::kMilli:
            push_fixed<int32_t>(*v);
            break;
          case TimeUnit::kMicro:
            push_fixed<int64_t>(int64_t{*v} * 1000);
            break;
          case TimeUnit::kNano:
            push_fixed<int64_t>(int64_t{*v} * 1000000);
            break;
        }
        break;
      }
      case TypeRoot::kTimestampNtz: {
        const TimestampNtz* v = std::get_if<TimestampNtz>(&d);
        if (v == nullptr) return type_error(d);
        push_validity(true);
        push_fixed<int64_t>(timestamp_value(v->millisecond, v->nano_of_millisecond));
        break;
      }
      case TypeRoot::kTimestampLtz: {
        const TimestampLtz* v = std::get_if<TimestampLtz>(&d);
        if (v == nullptr) return type_error(d);
        push_validity(true);
        push_fixed<int64_t>(timestamp_value(v->epoch_millisecond, v->nano_of_millisecond));
        break;
      }
      case TypeRoot::kDecimal: {
        const Decimal* v = std::get_if<Decimal>(&d);
        if (v == nullptr) return type_error(d);
        if (v->scale != type_.scale() || v->unscaled >= decimal_bound_ ||
            v->unscaled <= -decimal_bound_) {
          return make_error(ErrorCode::kCorruptMessage,
                            "{} ({}): decimal of scale {} with unscaled value {} does not fit",
                            path_, type_, v->scale, datum_to_string(d));
        }
        push_validity(true);
        push_fixed<__int128>(v->unscaled);
        break;
      }
      case TypeRoot::kChar:
      case TypeRoot::kString: {
        const std::string* v = std::get_if<std::string>(&d);
        if (v == nullptr) return type_error(d);
        return append_bytes(*v);
      }
      case TypeRoot::kBytes: {
        const Binary* v = std::get_if<Binary>(&d);
        if (v == nullptr) return type_error(d);
        return append_bytes(v->bytes);
      }
      case TypeRoot::kBinary: {
        const Binary* v = std::get_if<Binary>(&d);
        if (v == nullptr) return type_error(d);
        if (v->bytes.size() != static_cast<size_t>(width_)) {
          return make_error(ErrorCode::kCorruptMessage,
                            "{} ({}): value of {} bytes in a BINARY({}) column", path_, type_,
                            v->bytes.size(), width_);
        }
        push_validity(true);
        append_raw(values_, v->bytes);
        break;
      }
      case TypeRoot::kArray: {
        const auto* v = std::get_if<std::shared_ptr<const GenericArray>>(&d);
        if (v == nullptr || *v == nullptr) return type_error(d);
        ColumnBuilder& element = children_[0];
        for (const Datum& e : (*v)->elements()) FLUSS_RETURN_IF_ERROR(element.append(e));
        return push_list_end(element.length_);
      }
      case TypeRoot::kMap: {
        const auto* v = std::get_if<std::shared_ptr<const GenericMap>>(&d);
        if (v == nullptr || *v == nullptr) return type_error(d);
        const GenericMap& map = **v;
        if (map.keys().size() != map.values().size()) return type_error(d);
        ColumnBuilder& entries = children_[0];
        for (size_t i = 0; i < map.size(); ++i) {
          FLUSS_RETURN_IF_ERROR(entries.children_[0].append(map.keys()[i]));
          FLUSS_RETURN_IF_ERROR(entries.children_[1].append(map.values()[i]));
          entries.push_validity(true);
          ++entries.length_;
        }
        return push_list_end(entries.length_);
      }
      case TypeRoot::kRow: {
        const auto* v = std::get_if<std::shared_ptr<const GenericRow>>(&d);
        if (v == nullptr || *v == nullptr) return type_error(d);
        const GenericRow& row = **v;
        if (row.arity() != children_.size()) {
          return make_error(ErrorCode::kCorruptMessage,
                            "{} ({}): row of {} fields, the type has {}", path_, type_, row.arity(),
                            children_.size());
        }
        for (size_t i = 0; i < children_.size(); ++i) {
          FLUSS_RETURN_IF_ERROR(children_[i].append(row[i]));
        }
        push_validity(true);
        break;
      }
    }
    ++length_;
    return Status::OK();
  }

  template <typename T>
  Status append_fixed(const Datum& d) {
    const T* v = std::get_if<T>(&d);
    if (v == nullptr) [[unlikely]]
      return type_error(d);
    push_validity(true);
    push_fixed<T>(*v);
    ++length_;
    return Status::OK();
  }

  Status push_list_end(int64_t child_length) {
    if (child_length > INT32_MAX) [[unlikely]] {
      return make_error(ErrorCode::kRecordTooLargeException,
                        "{} ({}): more than 2^31 elements in one batch", path_, type_);
    }
    push_validity(true);
    offsets_.push_back(static_cast<int32_t>(child_length));
    ++length_;
    return Status::OK();
  }

  int64_t timestamp_value(int64_t millisecond, int32_t nano_of_millisecond) const {
    switch (unit_) {
      case TimeUnit::kSecond:
        return millisecond / 1000;
      case TimeUnit::kMilli:
        return millisecond;
      case TimeUnit::kMicro:
        return wrapping_add(wrapping_mul(millisecond, 1000), nano_of_millisecond / 1000);
      case TimeUnit::kNano:
        return wrapping_add(wrapping_mul(millisecond, 1000000), nano_of_millisecond);
    }
    return 0;
  }

  DataType type_;
  std::string path_;
  TypeRoot root_;
  Layout layout_ = Layout::kFixed;
  TimeUnit unit_ = TimeUnit::kMilli;
  int width_ = 0;
  __int128 decimal_bound_ = 0;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  std::vector<uint8_t> validity_;
  std::vector<uint8_t> values_;  // fixed-width values, or the bits of BOOLEAN
  std::vector<int32_t> offsets_;
  std::vector<uint8_t> data_;
  std::vector<ColumnBuilder> children_;
};

}  // namespace

struct ArrowBatchWriter::Impl {
  Impl(RowType row_type, ArrowCompression c) : type(std::move(row_type)), compression(c) {
    for (size_t i = 0; i < type.size(); ++i) {
      columns.emplace_back(type[i], fmt::format("column {}", i));
    }
    if (compression.type == ArrowCompressionType::kZstd) zstd = ZSTD_createCCtx();
  }
  ~Impl() { ZSTD_freeCCtx(zstd); }

  RowType type;
  ArrowCompression compression;
  std::vector<ColumnBuilder> columns;
  int64_t rows = 0;
  ZSTD_CCtx* zstd = nullptr;
  // Reused across batches.
  std::vector<fb::FieldNode> nodes;
  std::vector<ByteView> buffers;
  std::vector<fb::Buffer> buffer_meta;
  ByteBuffer body;
  flatbuffers::FlatBufferBuilder fbb{1024};
};

ArrowBatchWriter::ArrowBatchWriter(RowType type, ArrowCompression compression)
    : impl_(std::make_unique<Impl>(std::move(type), compression)) {}
ArrowBatchWriter::~ArrowBatchWriter() = default;
ArrowBatchWriter::ArrowBatchWriter(ArrowBatchWriter&&) noexcept = default;
ArrowBatchWriter& ArrowBatchWriter::operator=(ArrowBatchWriter&&) noexcept = default;

Status ArrowBatchWriter::append(const GenericRow& row) {
  Impl& m = *impl_;
  if (row.arity() != m.columns.size()) [[unlikely]] {
    return make_error(ErrorCode::kCorruptMessage,
                      "row of {} fields for an Arrow batch of {} columns", row.arity(),
                      m.columns.size());
  }
  for (size_t i = 0; i < m.columns.size(); ++i) {
    Status s = m.columns[i].append(row[i]);
    if (!s.ok()) [[unlikely]] {
      for (size_t j = 0; j <= i; ++j) m.columns[j].truncate(m.rows);
      return s;
    }
  }
  ++m.rows;
  return Status::OK();
}

size_t ArrowBatchWriter::row_count() const { return static_cast<size_t>(impl_->rows); }

size_t ArrowBatchWriter::estimated_size() const {
  size_t n = 64;
  for (const ColumnBuilder& c : impl_->columns) n += c.byte_size() + 64;
  return n;
}

// Collects the buffers, compresses them if asked, and builds the message's metadata in fbb:
// what both finish() forms then write. The body's length.
Result<int64_t> ArrowBatchWriter::prepare_message() {
  Impl& m = *impl_;
  m.nodes.clear();
  m.buffers.clear();
  for (const ColumnBuilder& c : m.columns) c.collect(m.nodes, m.buffers);
  return arrow::build_record_batch_metadata(m.rows, m.nodes, m.buffers, m.compression, m.zstd,
                                            m.fbb, m.buffer_meta, m.body);
}

Status ArrowBatchWriter::finish(ByteBuffer& out) {
  Impl& m = *impl_;
  FLUSS_ASSIGN_OR_RETURN(const int64_t body_length, prepare_message());
  out.reserve(out.size() + 8 + m.fbb.GetSize() + 8 + static_cast<size_t>(body_length));
  arrow::write_ipc_metadata(m.fbb, out);
  if (m.compression.type != ArrowCompressionType::kNone) {
    out.append(m.body.view());
  } else {
    for (ByteView b : m.buffers) {
      out.append(b);
      out.append_zeros((8 - b.size() % 8) % 8);
    }
  }
  reset();
  return Status::OK();
}

Status ArrowBatchWriter::finish(GatherBytes& out, std::shared_ptr<const void> owner) {
  // Buffers this small are cheaper copied than written as a piece of their own.
  constexpr size_t kCopyBelow = 4096;
  Impl& m = *impl_;
  FLUSS_ASSIGN_OR_RETURN(const int64_t body_length, prepare_message());
  (void)body_length;
  arrow::write_ipc_metadata(m.fbb, out.owned());
  auto add = [&](ByteView b) {
    if (b.size() < kCopyBelow) {
      out.append(b);
    } else {
      out.append_borrowed(b, owner);
    }
  };
  if (m.compression.type != ArrowCompressionType::kNone) {
    add(m.body.view());
  } else {
    for (ByteView b : m.buffers) {
      add(b);
      out.owned().append_zeros((8 - b.size() % 8) % 8);
    }
  }
  return Status::OK();
}

void ArrowBatchWriter::reset() {
  for (ColumnBuilder& c : impl_->columns) c.reset();
  impl_->rows = 0;
}

// ---------------------------------------------------------------------------
// Reading

namespace {

class BatchDecoder {
 public:
  BatchDecoder(const fb::RecordBatch& batch, ByteView body, std::string_view context)
      : body_(body), context_(context) {
    nodes_ = batch.nodes();
    buffers_ = batch.buffers();
    if (batch.compression() != nullptr) codec_ = batch.compression()->codec();
    decompressed_.swap(scratch_pool());
  }
  ~BatchDecoder() {
    // Hand the buffers back for the next batch decoded on this thread, unless they
    // grew unusually large.
    size_t bytes = 0;
    for (const auto& b : decompressed_) bytes += b.capacity();
    if (bytes <= kMaxPooledBytes) scratch_pool().swap(decompressed_);
  }
  BatchDecoder(const BatchDecoder&) = delete;
  BatchDecoder& operator=(const BatchDecoder&) = delete;

  Status decode(const DataType& type, const std::string& path, int64_t min_length, bool exact,
                ArrayView& out) {
    if (nodes_ == nullptr || next_node_ >= nodes_->size()) {
      return error(path, "the message has no field node for it ({} nodes)",
                   nodes_ == nullptr ? 0 : nodes_->size());
    }
    const fb::FieldNode node = arrow::load_struct(nodes_->Get(next_node_++));
    out.type = type;
    out.length = node.length();
    out.null_count = node.null_count();
    if (out.length < 0 || out.length > arrow::kMaxArrayLength || out.length < min_length ||
        (exact && out.length != min_length)) {
      return error(path, "field node length {} where {}{} is needed", out.length,
                   exact ? "" : "at least ", min_length);
    }
    if (out.null_count < 0 || out.null_count > out.length) {
      return error(path, "null count {} of {} values", out.null_count, out.length);
    }
    if (!type.nullable() && out.null_count != 0 && exact) {
      return error(path, "{} nulls in a NOT NULL column", out.null_count);
    }
    ColumnShape shape = arrow::shape_of(type);
    out.layout = shape.layout;
    out.width = shape.width;
    if (type.root() == TypeRoot::kTime || type.root() == TypeRoot::kTimestampNtz ||
        type.root() == TypeRoot::kTimestampLtz) {
      out.unit = arrow::time_unit_for_precision(type.precision());
    }
    const size_t bitmap_bytes = static_cast<size_t>((out.length + 7) / 8);
    FLUSS_ASSIGN_OR_RETURN(out.validity, buffer(path, shape.layout, 0));
    if (out.null_count > 0 && out.validity.size() < bitmap_bytes) {
      return buffer_error(path, shape.layout, 0, out.validity.size(), bitmap_bytes);
    }
    switch (shape.layout) {
      case Layout::kBool: {
        FLUSS_ASSIGN_OR_RETURN(out.values, buffer(path, shape.layout, 1));
        if (out.values.size() < bitmap_bytes) {
          return buffer_error(path, shape.layout, 1, out.values.size(), bitmap_bytes);
        }
        break;
      }
      case Layout::kFixed:
      case Layout::kFixedBinary: {
        FLUSS_ASSIGN_OR_RETURN(out.values, buffer(path, shape.layout, 1));
        const size_t need = static_cast<size_t>(out.length) * static_cast<size_t>(shape.width);
        if (out.values.size() < need) {
          return buffer_error(path, shape.layout, 1, out.values.size(), need);
        }
        break;
      }
      case Layout::kVarBinary: {
        FLUSS_ASSIGN_OR_RETURN(out.offsets, buffer(path, shape.layout, 1));
        FLUSS_ASSIGN_OR_RETURN(out.data, buffer(path, shape.layout, 2));
        FLUSS_RETURN_IF_ERROR(check_offsets(path, out, out.data.size()).status());
        break;
      }
      case Layout::kList: {
        FLUSS_ASSIGN_OR_RETURN(out.offsets, buffer(path, shape.layout, 1));
        FLUSS_ASSIGN_OR_RETURN(int64_t end, check_offsets(path, out, arrow::kMaxArrayLength));
        out.children.resize(1);
        FLUSS_RETURN_IF_ERROR(decode(shape.children[0], path + "." + shape.child_names[0], end,
                                     /*exact=*/false, out.children[0]));
        if (type.root() == TypeRoot::kMap && out.children[0].children.size() != 2) {
          return error(path, "map entries are not a key/value struct");
        }
        break;
      }
      case Layout::kStruct:
        out.children.resize(shape.children.size());
        for (size_t i = 0; i < shape.children.size(); ++i) {
          FLUSS_RETURN_IF_ERROR(decode(shape.children[i], path + "." + shape.child_names[i],
                                       out.length, /*exact=*/false, out.children[i]));
        }
        break;
    }
    return Status::OK();
  }

  Status check_all_used() const {
    const size_t nodes = nodes_ == nullptr ? 0 : nodes_->size();
    const size_t buffers = buffers_ == nullptr ? 0 : buffers_->size();
    if (next_node_ != nodes || next_buffer_ != buffers) {
      return make_error(ErrorCode::kCorruptMessage,
                        "{}: the message has {} field nodes and {} buffers, the row type takes {} "
                        "and {}",
                        context_, nodes, buffers, next_node_, next_buffer_);
    }
    return Status::OK();
  }

 private:
  template <typename... Args>
  Status error(const std::string& path, fmt::format_string<Args...> format, Args&&... args) const {
    return make_error(ErrorCode::kCorruptMessage, "{}: {}: {}", context_, path,
                      fmt::format(format, std::forward<Args>(args)...));
  }
  Status buffer_error(const std::string& path, Layout layout, int index, size_t have,
                      size_t need) const {
    return error(path, "{} buffer of {} bytes, {} are needed", arrow::buffer_name(layout, index),
                 have, need);
  }

  // The next buffer of the message, decompressed if the body is compressed.
  Result<ByteView> buffer(const std::string& path, Layout layout, int index) {
    const char* name = arrow::buffer_name(layout, index);
    if (buffers_ == nullptr || next_buffer_ >= buffers_->size()) {
      return error(path, "the message has no {} buffer for it ({} buffers)", name,
                   buffers_ == nullptr ? 0 : buffers_->size());
    }
    const fb::Buffer b = arrow::load_struct(buffers_->Get(next_buffer_++));
    const int64_t offset = b.offset();
    const int64_t length = b.length();
    if (offset < 0 || length < 0 || static_cast<uint64_t>(offset) > body_.size() ||
        static_cast<uint64_t>(length) > body_.size() - static_cast<uint64_t>(offset)) {
      return error(path, "{} buffer [{}, +{}) lies outside the {}-byte body", name, offset, length,
                   body_.size());
    }
    ByteView raw = body_.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
    if (!codec_.has_value() || raw.empty()) return raw;
    if (used_ == decompressed_.size()) decompressed_.emplace_back();
    std::vector<uint8_t>& out = decompressed_[used_++];
    FLUSS_RETURN_IF_ERROR(arrow::decompress_buffer(
        *codec_, raw, out, fmt::format("{}: {}: {} buffer", context_, path, name)));
    return ByteView(out);
  }

  // Offsets must be monotonic, start at >= 0 and end within `limit`; returns the last.
  Result<int64_t> check_offsets(const std::string& path, const ArrayView& a, size_t limit) {
    if (a.length == 0) return int64_t{0};
    const size_t need = static_cast<size_t>(a.length + 1) * 4;
    if (a.offsets.size() < need) return buffer_error(path, a.layout, 1, a.offsets.size(), need);
    int32_t previous = a.offset(0);
    if (previous < 0) return error(path, "offsets buffer starts at {}", previous);
    for (int64_t i = 1; i <= a.length; ++i) {
      const int32_t o = a.offset(i);
      if (o < previous) {
        return error(path, "offsets buffer is not monotonic at {} ({} after {})", i, o, previous);
      }
      previous = o;
    }
    if (static_cast<size_t>(previous) > limit) {
      return error(path, "offsets run to {}, past the {} available", previous, limit);
    }
    return int64_t{previous};
  }

  const flatbuffers::Vector<const fb::FieldNode*>* nodes_ = nullptr;
  const flatbuffers::Vector<const fb::Buffer*>* buffers_ = nullptr;
  std::optional<fb::CompressionType> codec_;
  ByteView body_;
  std::string_view context_;
  size_t next_node_ = 0;
  size_t next_buffer_ = 0;
  // Decompressed buffers, the first used_ of them in use; moving a vector keeps its
  // heap block, so views stay valid when this grows. They are reused across the
  // batches a thread decodes: buffers of a few hundred KiB would otherwise be
  // mmap'ed and page-faulted afresh for every batch (that halved ZSTD decoding).
  static constexpr size_t kMaxPooledBytes = 64 << 20;
  static std::vector<std::vector<uint8_t>>& scratch_pool() {
    thread_local std::vector<std::vector<uint8_t>> pool;
    return pool;
  }
  std::vector<std::vector<uint8_t>> decompressed_;
  size_t used_ = 0;
};

int64_t timestamp_millis(const ArrayView& a, int64_t v, int32_t& nano_of_milli) {
  nano_of_milli = 0;
  switch (a.unit) {
    case TimeUnit::kSecond:
      return wrapping_mul(v, 1000);
    case TimeUnit::kMilli:
      return v;
    case TimeUnit::kMicro:
      nano_of_milli = static_cast<int32_t>(floor_mod(v, 1000) * 1000);
      return floor_div(v, 1000);
    case TimeUnit::kNano:
      nano_of_milli = static_cast<int32_t>(floor_mod(v, 1000000));
      return floor_div(v, 1000000);
  }
  return v;
}

Datum datum_at(const ArrayView& a, int64_t i) {
  if (a.is_null(i)) return Null{};
  const uint8_t* p = a.values.data() + i * a.width;
  switch (a.type.root()) {
    case TypeRoot::kBoolean:
      return (a.values[i >> 3] & (1u << (i & 7))) != 0;
    case TypeRoot::kTinyInt:
      return load_le<int8_t>(p);
    case TypeRoot::kSmallInt:
      return load_le<int16_t>(p);
    case TypeRoot::kInt:
    case TypeRoot::kDate:
      return load_le<int32_t>(p);
    case TypeRoot::kBigInt:
      return load_le<int64_t>(p);
    case TypeRoot::kFloat:
      return load_le<float>(p);
    case TypeRoot::kDouble:
      return load_le<double>(p);
    case TypeRoot::kTime:
      switch (a.unit) {
        case TimeUnit::kSecond:
          return static_cast<int32_t>(static_cast<uint32_t>(load_le<int32_t>(p)) * 1000u);
        case TimeUnit::kMilli:
          return load_le<int32_t>(p);
        case TimeUnit::kMicro:
          return static_cast<int32_t>(floor_div(load_le<int64_t>(p), 1000));
        case TimeUnit::kNano:
          return static_cast<int32_t>(floor_div(load_le<int64_t>(p), 1000000));
      }
      return Null{};
    case TypeRoot::kTimestampNtz: {
      TimestampNtz t;
      t.millisecond = timestamp_millis(a, load_le<int64_t>(p), t.nano_of_millisecond);
      return t;
    }
    case TypeRoot::kTimestampLtz: {
      TimestampLtz t;
      t.epoch_millisecond = timestamp_millis(a, load_le<int64_t>(p), t.nano_of_millisecond);
      return t;
    }
    case TypeRoot::kDecimal:
      return Decimal{.unscaled = load_le<__int128>(p),
                     .precision = a.type.precision(),
                     .scale = a.type.scale()};
    case TypeRoot::kChar:
    case TypeRoot::kString:
    case TypeRoot::kBytes: {
      const int32_t begin = a.offset(i);
      const int32_t end = a.offset(i + 1);
      std::string s(reinterpret_cast<const char*>(a.data.data()) + begin,
                    static_cast<size_t>(end - begin));
      if (a.type.root() == TypeRoot::kBytes) return Binary{std::move(s)};
      return s;
    }
    case TypeRoot::kBinary:
      return Binary{std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(a.width))};
    case TypeRoot::kArray: {
      std::vector<Datum> elements;
      const int32_t end = a.offset(i + 1);
      elements.reserve(static_cast<size_t>(end - a.offset(i)));
      for (int64_t j = a.offset(i); j < end; ++j) elements.push_back(datum_at(a.children[0], j));
      return std::make_shared<const GenericArray>(std::move(elements));
    }
    case TypeRoot::kMap: {
      const ArrayView& entries = a.children[0];
      std::vector<Datum> keys;
      std::vector<Datum> values;
      const int32_t end = a.offset(i + 1);
      for (int64_t j = a.offset(i); j < end; ++j) {
        keys.push_back(datum_at(entries.children[0], j));
        values.push_back(datum_at(entries.children[1], j));
      }
      return std::make_shared<const GenericMap>(std::move(keys), std::move(values));
    }
    case TypeRoot::kRow: {
      std::vector<Datum> fields;
      fields.reserve(a.children.size());
      for (const ArrayView& c : a.children) fields.push_back(datum_at(c, i));
      return std::make_shared<const GenericRow>(std::move(fields));
    }
  }
  return Null{};
}

}  // namespace

Status arrow::visit_record_batch(const RowType& type, const IpcMessage& message,
                                 std::string_view context, const RecordBatchVisitor& visit) {
  if (message.message->header_type() != fb::MessageHeader::RecordBatch) {
    return make_error(ErrorCode::kCorruptMessage, "{}: message header is {}, not a RecordBatch",
                      context, static_cast<int>(message.message->header_type()));
  }
  const fb::RecordBatch* batch = message.message->header_as_RecordBatch();
  if (batch == nullptr) {
    return make_error(ErrorCode::kCorruptMessage, "{}: RecordBatch header is missing", context);
  }
  const int64_t rows = batch->length();
  if (rows < 0 || rows > kMaxArrayLength) {
    return make_error(ErrorCode::kCorruptMessage, "{}: record batch length {}", context, rows);
  }
  if (batch->compression() != nullptr &&
      batch->compression()->method() != fb::BodyCompressionMethod::BUFFER) {
    return make_error(ErrorCode::kCorruptMessage, "{}: unknown body compression method", context);
  }
  BatchDecoder decoder(*batch, message.body, context);
  std::vector<ArrayView> columns(type.size());
  for (size_t c = 0; c < type.size(); ++c) {
    FLUSS_RETURN_IF_ERROR(
        decoder.decode(type[c], fmt::format("column {}", c), rows, /*exact=*/true, columns[c]));
  }
  FLUSS_RETURN_IF_ERROR(decoder.check_all_used());
  return visit(rows, columns);
}

Result<std::vector<GenericRow>> arrow::decode_record_batch(const RowType& type,
                                                           const IpcMessage& message,
                                                           std::string_view context) {
  std::vector<GenericRow> out;
  auto to_rows = [&](int64_t rows, std::span<const ArrayView> columns) {
    out.reserve(static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r) {
      std::vector<Datum> fields;
      fields.reserve(columns.size());
      for (const ArrayView& col : columns) fields.push_back(datum_at(col, r));
      out.emplace_back(std::move(fields));
    }
    return Status::OK();
  };
  FLUSS_RETURN_IF_ERROR(visit_record_batch(type, message, context, to_rows));
  return out;
}

Result<std::vector<GenericRow>> read_arrow_batch(const RowType& type, ByteView message) {
  static constexpr std::string_view kContext = "Arrow record batch";
  arrow::IpcMessage parsed;
  FLUSS_RETURN_IF_ERROR(arrow::read_ipc_message(message, kContext, parsed));
  if (parsed.end_of_stream) {
    return make_error(ErrorCode::kCorruptMessage, "{}: end-of-stream marker instead of a batch",
                      kContext);
  }
  return arrow::decode_record_batch(type, parsed, kContext);
}

// ---------------------------------------------------------------------------
// Projection

Status project_arrow_batch(const RowType& type, ByteView message, std::span<const int> columns,
                           ByteBuffer& out) {
  static constexpr std::string_view kContext = "Arrow record batch projection";
  if (columns.empty()) {
    return make_error(ErrorCode::kInvalidColumnProjection, "projection keeps no column");
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] < 0 || static_cast<size_t>(columns[i]) >= type.size() ||
        (i > 0 && columns[i] <= columns[i - 1])) {
      return make_error(ErrorCode::kInvalidColumnProjection,
                        "projected column {} at position {} is out of range [0, {}) or not "
                        "ascending",
                        columns[i], i, type.size());
    }
  }
  arrow::IpcMessage parsed;
  FLUSS_RETURN_IF_ERROR(arrow::read_ipc_message(message, kContext, parsed));
  const fb::RecordBatch* batch =
      parsed.end_of_stream ? nullptr : parsed.message->header_as_RecordBatch();
  if (batch == nullptr) {
    return make_error(ErrorCode::kCorruptMessage, "{}: not a RecordBatch message", kContext);
  }
  const auto* nodes = batch->nodes();
  const auto* buffers = batch->buffers();
  const size_t node_count = nodes == nullptr ? 0 : nodes->size();
  const size_t buffer_count = buffers == nullptr ? 0 : buffers->size();

  // Where each column's nodes and buffers start.
  std::vector<arrow::ColumnSpan> starts(type.size() + 1);
  for (size_t c = 0; c < type.size(); ++c) {
    arrow::ColumnSpan span = arrow::column_span(type[c]);
    starts[c + 1] = {starts[c].nodes + span.nodes, starts[c].buffers + span.buffers};
  }
  if (starts.back().nodes != node_count || starts.back().buffers != buffer_count) {
    return make_error(ErrorCode::kCorruptMessage,
                      "{}: the message has {} field nodes and {} buffers, the row type takes {} "
                      "and {}",
                      kContext, node_count, buffer_count, starts.back().nodes,
                      starts.back().buffers);
  }

  std::vector<fb::FieldNode> kept_nodes;
  std::vector<fb::Buffer> kept_buffers;
  std::vector<ByteView> bytes;
  int64_t body_length = 0;
  for (int c : columns) {
    for (size_t n = starts[c].nodes; n < starts[c + 1].nodes; ++n) {
      kept_nodes.push_back(arrow::load_struct(nodes->Get(n)));
    }
    for (size_t b = starts[c].buffers; b < starts[c + 1].buffers; ++b) {
      const fb::Buffer buffer = arrow::load_struct(buffers->Get(b));
      const int64_t offset = buffer.offset();
      const int64_t length = buffer.length();
      if (offset < 0 || length < 0 || static_cast<uint64_t>(offset) > parsed.body.size() ||
          static_cast<uint64_t>(length) > parsed.body.size() - static_cast<uint64_t>(offset)) {
        return make_error(ErrorCode::kCorruptMessage,
                          "{}: column {}: buffer {} [{}, +{}) lies outside the {}-byte body",
                          kContext, c, b - starts[c].buffers, offset, length, parsed.body.size());
      }
      bytes.push_back(
          parsed.body.subspan(static_cast<size_t>(offset), static_cast<size_t>(length)));
      kept_buffers.emplace_back(body_length, length);
      body_length += (length + 7) & ~int64_t{7};
    }
  }

  flatbuffers::FlatBufferBuilder fbb(256 + 16 * (kept_nodes.size() + kept_buffers.size()));
  auto node_vector = fbb.CreateVectorOfStructs(kept_nodes);
  auto buffer_vector = fbb.CreateVectorOfStructs(kept_buffers);
  flatbuffers::Offset<fb::BodyCompression> compression = 0;
  if (batch->compression() != nullptr) {
    compression = fb::CreateBodyCompression(fbb, batch->compression()->codec(),
                                            batch->compression()->method());
  }
  auto projected =
      fb::CreateRecordBatch(fbb, batch->length(), node_vector, buffer_vector, compression);
  auto header = fb::CreateMessage(fbb, parsed.message->version(), fb::MessageHeader::RecordBatch,
                                  projected.Union(), body_length);
  fbb.Finish(header);
  out.reserve(out.size() + 16 + fbb.GetSize() + static_cast<size_t>(body_length));
  arrow::write_ipc_metadata(fbb, out);
  for (ByteView b : bytes) {
    out.append(b);
    out.append_zeros((8 - b.size() % 8) % 8);
  }
  return Status::OK();
}

}  // namespace fluss
