// SPDX-License-Identifier: Apache-2.0
// Arrow C Data Interface <-> Arrow IPC RecordBatch messages; rules in
// docs/arrow-ipc.md ("C Data Interface").
#include "record/arrow/arrow_c_data.h"

#include <fmt/format.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/check.h"
#include "record/arrow/arrow_message.h"

namespace fluss {

using arrow::ArrayView;
using arrow::ColumnShape;
using arrow::Layout;
using arrow::TimeUnit;
namespace fb = arrow::fb;

namespace {

char unit_char(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 's';
    case TimeUnit::kMilli:
      return 'm';
    case TimeUnit::kMicro:
      return 'u';
    case TimeUnit::kNano:
      return 'n';
  }
  return 'm';
}

template <typename... Args>
Status invalid(fmt::format_string<Args...> format, Args&&... args) {
  return make_error(ErrorCode::kInvalidArgument, format, std::forward<Args>(args)...);
}

bool get_bit(const uint8_t* bits, int64_t i) { return ((bits[i >> 3] >> (i & 7)) & 1) != 0; }
void set_bit(std::vector<uint8_t>& bits, int64_t i) {
  bits[static_cast<size_t>(i >> 3)] |= static_cast<uint8_t>(1u << (i & 7));
}
void clear_bit(std::vector<uint8_t>& bits, int64_t i) {
  bits[static_cast<size_t>(i >> 3)] &= static_cast<uint8_t>(~(1u << (i & 7)));
}

// Grows `bits` (holding `have` bits, the rest zero) by `count` bits copied from
// `src` starting at bit `from`, or set when `src` is null. Returns the zero bits added.
int64_t append_bits(std::vector<uint8_t>& bits, int64_t have, const uint8_t* src, int64_t from,
                    int64_t count) {
  bits.resize(static_cast<size_t>((have + count + 7) / 8), 0);
  int64_t i = 0;
  if (src == nullptr) {
    for (; i < count && ((have + i) & 7) != 0; ++i) set_bit(bits, have + i);
    for (; i + 8 <= count; i += 8) bits[static_cast<size_t>((have + i) >> 3)] = 0xFF;
    for (; i < count; ++i) set_bit(bits, have + i);
    return 0;
  }
  int64_t ones = 0;
  if ((have & 7) == 0 && (from & 7) == 0) {
    // Byte-aligned on both sides: whole bytes at once.
    const int64_t whole = count / 8;
    std::memcpy(bits.data() + (have >> 3), src + (from >> 3), static_cast<size_t>(whole));
    for (int64_t b = 0; b < whole; ++b)
      ones += std::popcount(bits[static_cast<size_t>((have >> 3) + b)]);
    i = whole * 8;
  }
  for (; i < count; ++i) {
    if (get_bit(src, from + i)) {
      set_bit(bits, have + i);
      ++ones;
    }
  }
  return count - ones;
}

// 10^p for p in [0, 38].
__int128 pow10_128(int p) {
  __int128 v = 1;
  for (int i = 0; i < p; ++i) v *= 10;
  return v;
}

// Whether Arrow format `format` may feed a column of `type` (see the header).
bool format_fits(std::string_view format, const DataType& type, bool& large) {
  large = false;
  const std::string expected = arrow_c_format(type);
  if (format == expected) return true;
  switch (type.root()) {
    case TypeRoot::kChar:
    case TypeRoot::kString:
      large = format == "U";
      return large;
    case TypeRoot::kBytes:
      large = format == "Z";
      return large;
    case TypeRoot::kDecimal: {
      int precision = 0;
      int scale = 0;
      int bits = 128;
      char tail = 0;
      const std::string f(format);
      const int n = std::sscanf(f.c_str(), "d:%d,%d,%d%c", &precision, &scale, &bits, &tail);
      if (n < 2 || n > 3 || bits != 128) return false;
      return scale == type.scale() && precision >= 1 && precision <= type.precision();
    }
    case TypeRoot::kTimestampLtz:
      // Any time zone: the values are UTC instants either way.
      return format.size() >= 4 && format.substr(0, 4) == expected;
    default:
      return false;
  }
}

// One input array, checked against the column type it feeds.
struct InArray {
  const ArrowArray* array = nullptr;
  DataType type;
  Layout layout = Layout::kFixed;
  int width = 0;
  bool large = false;                 // int64 offsets ("U" / "Z")
  const uint8_t* validity = nullptr;  // null: no nulls
  const uint8_t* values = nullptr;    // fixed values, bool bits, or offsets
  const uint8_t* data = nullptr;      // var-binary bytes
  std::vector<InArray> children;
  std::string path;

  int64_t offset() const { return array->offset; }
  int64_t end() const { return array->offset + array->length; }  // physical end
  bool is_valid(int64_t p) const { return validity == nullptr || get_bit(validity, p); }
  int64_t offset_at(int64_t p) const {
    return large ? load_le<int64_t>(values + 8 * p) : load_le<int32_t>(values + 4 * p);
  }
};

Status bind_input(const ArrowSchema* schema, const ArrowArray* array, const DataType& type,
                  const std::string& path, InArray& out) {
  if (schema == nullptr || array == nullptr || schema->format == nullptr) {
    return invalid("column '{}' ({}): missing ArrowSchema, format or ArrowArray", path, type);
  }
  const std::string_view format = schema->format;
  if (schema->dictionary != nullptr || array->dictionary != nullptr) {
    return invalid("column '{}' ({}): dictionary-encoded Arrow arrays are not supported", path,
                   type);
  }
  if (!format_fits(format, type, out.large)) {
    return invalid("column '{}': Arrow format '{}' does not fit the table type {} (expected '{}')",
                   path, format, type, arrow_c_format(type));
  }
  const ColumnShape shape = arrow::shape_of(type);
  out.array = array;
  out.type = type;
  out.layout = shape.layout;
  out.width = shape.width;
  out.path = path;
  if (array->length < 0 || array->offset < 0 || array->null_count < -1 ||
      array->length > arrow::kMaxArrayLength || array->offset > INT64_MAX / 2 ||
      array->null_count > array->length) {
    return invalid("column '{}' ({}): bad ArrowArray length {}, offset {} or null count {}", path,
                   type, array->length, array->offset, array->null_count);
  }
  const int64_t buffers = arrow::buffer_count(shape.layout);
  if (array->n_buffers != buffers || array->buffers == nullptr) {
    return invalid("column '{}' ({}): ArrowArray has {} buffers, format '{}' has {}", path, type,
                   array->n_buffers, format, buffers);
  }
  if (schema->n_children != static_cast<int64_t>(shape.children.size()) ||
      array->n_children != schema->n_children ||
      (array->n_children > 0 && (array->children == nullptr || schema->children == nullptr))) {
    return invalid("column '{}' ({}): {} Arrow children (array: {}), the type has {}", path, type,
                   schema->n_children, array->n_children, shape.children.size());
  }
  const auto* validity = static_cast<const uint8_t*>(array->buffers[0]);
  if (array->null_count != 0) {
    if (validity == nullptr && array->null_count > 0) {
      return invalid("column '{}' ({}): null count {} without a validity buffer", path, type,
                     array->null_count);
    }
    out.validity = validity;
  }
  if (buffers > 1) out.values = static_cast<const uint8_t*>(array->buffers[1]);
  if (buffers > 2) out.data = static_cast<const uint8_t*>(array->buffers[2]);
  if (out.values == nullptr && array->length > 0 && shape.layout != Layout::kStruct) {
    return invalid("column '{}' ({}): missing {} buffer", path, type,
                   arrow::buffer_name(shape.layout, 1));
  }
  out.children.resize(shape.children.size());
  for (size_t i = 0; i < shape.children.size(); ++i) {
    FLUSS_RETURN_IF_ERROR(bind_input(schema->children[i], array->children[i], shape.children[i],
                                     path + "." + shape.child_names[i], out.children[i]));
    if (shape.layout == Layout::kStruct && out.children[i].array->length < out.end()) {
      return invalid("column '{}' ({}): child of length {} for a struct that reaches {}",
                     out.children[i].path, out.children[i].type, out.children[i].array->length,
                     out.end());
    }
  }
  return Status::OK();
}

// One output array (a column or a nested child), filled from input arrays with
// the conventions of ArrowBatchWriter (arrow_batch.cc ColumnBuilder): null slots
// are zero/empty, a null ROW gives its nullable children nulls and its NOT NULL
// children zero/empty values, unreferenced bytes are dropped.
class OutColumn {
 public:
  explicit OutColumn(const DataType& type) : type_(type) {
    const ColumnShape shape = arrow::shape_of(type);
    layout_ = shape.layout;
    width_ = shape.width;
    if (type.root() == TypeRoot::kDecimal) decimal_bound_ = pow10_128(type.precision());
    for (const DataType& child : shape.children) children_.emplace_back(child);
    if (layout_ == Layout::kVarBinary || layout_ == Layout::kList) offsets_.push_back(0);
  }

  // Appends the input's elements at physical positions [begin, begin + count).
  Status append_from(const InArray& in, int64_t begin, int64_t count) {
    if (count <= 0) return Status::OK();
    const int64_t nulls = append_bits(validity_, length_, in.validity, begin, count);
    if (nulls > 0 && !type_.nullable()) {
      int64_t at = begin;
      while (in.is_valid(at)) ++at;
      return invalid("column '{}' ({}): null at index {} of a NOT NULL column", in.path, type_,
                     at - in.offset());
    }
    null_count_ += nulls;
    switch (layout_) {
      case Layout::kBool: {
        append_bits(values_, length_, in.values, begin, count);
        if (nulls > 0) {
          for (int64_t i = 0; i < count; ++i) {
            if (!in.is_valid(begin + i)) clear_bit(values_, length_ + i);
          }
        }
        break;
      }
      case Layout::kFixed:
      case Layout::kFixedBinary: {
        const size_t w = static_cast<size_t>(width_);
        const size_t at = values_.size();
        const uint8_t* src = in.values + static_cast<size_t>(begin) * w;
        values_.insert(values_.end(), src, src + static_cast<size_t>(count) * w);
        if (nulls > 0) {
          for (int64_t i = 0; i < count; ++i) {
            if (!in.is_valid(begin + i)) std::memset(values_.data() + at + i * w, 0, w);
          }
        }
        if (type_.root() == TypeRoot::kDecimal) {
          for (int64_t i = 0; i < count; ++i) {
            const __int128 v = load_le<__int128>(values_.data() + at + i * w);
            if (v >= decimal_bound_ || v <= -decimal_bound_) {
              return invalid("column '{}' ({}): the value at index {} has more than {} digits",
                             in.path, type_, begin + i - in.offset(), type_.precision());
            }
          }
        }
        break;
      }
      case Layout::kVarBinary:
        FLUSS_RETURN_IF_ERROR(append_var_binary(in, begin, count));
        break;
      case Layout::kList:
        FLUSS_RETURN_IF_ERROR(append_list(in, begin, count));
        break;
      case Layout::kStruct: {
        // Runs of valid rows copy from the children; null rows get empty children.
        int64_t i = 0;
        while (i < count) {
          const bool valid = in.is_valid(begin + i);
          int64_t j = i + 1;
          while (j < count && in.is_valid(begin + j) == valid) ++j;
          for (size_t c = 0; c < children_.size(); ++c) {
            if (valid) {
              const InArray& child = in.children[c];
              FLUSS_RETURN_IF_ERROR(
                  children_[c].append_from(child, child.offset() + begin + i, j - i));
            } else {
              children_[c].append_empty(j - i, !children_[c].type_.nullable());
            }
          }
          i = j;
        }
        break;
      }
    }
    length_ += count;
    return Status::OK();
  }

  // `count` null (valid = false) or zero/empty slots.
  void append_empty(int64_t count, bool valid) {
    if (valid) {
      append_bits(validity_, length_, nullptr, 0, count);
    } else {
      validity_.resize(static_cast<size_t>((length_ + count + 7) / 8), 0);
      null_count_ += count;
    }
    switch (layout_) {
      case Layout::kBool:
        values_.resize(static_cast<size_t>((length_ + count + 7) / 8), 0);
        break;
      case Layout::kFixed:
      case Layout::kFixedBinary:
        values_.resize(values_.size() + static_cast<size_t>(count * width_), 0);
        break;
      case Layout::kVarBinary:
      case Layout::kList:
        offsets_.insert(offsets_.end(), static_cast<size_t>(count), offsets_.back());
        break;
      case Layout::kStruct:
        for (OutColumn& c : children_) c.append_empty(count, !c.type_.nullable());
        break;
    }
    length_ += count;
  }

  // Field nodes and buffers in pre-order, as ColumnBuilder::collect.
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
    for (const OutColumn& c : children_) c.collect(nodes, buffers);
  }

 private:
  ByteView offsets_bytes() const {
    return {reinterpret_cast<const uint8_t*>(offsets_.data()), offsets_.size() * sizeof(int32_t)};
  }

  Status bad_offsets(const InArray& in, int64_t p, int64_t from, int64_t to) const {
    return invalid("column '{}' ({}): offsets [{}, {}) at index {} are negative or decreasing",
                   in.path, type_, from, to, p - in.offset());
  }

  Status append_var_binary(const InArray& in, int64_t begin, int64_t count) {
    // Copies runs of adjacent values with one insert each.
    int64_t run_begin = 0;
    int64_t run_end = 0;
    auto flush = [&]() -> Status {
      if (run_end == run_begin) return Status::OK();
      if (in.data == nullptr) {
        return invalid("column '{}' ({}): offsets reach {} but there is no data buffer", in.path,
                       type_, run_end);
      }
      data_.insert(data_.end(), in.data + run_begin, in.data + run_end);
      return Status::OK();
    };
    for (int64_t i = 0; i < count; ++i) {
      const int64_t p = begin + i;
      if (!in.is_valid(p)) {
        offsets_.push_back(offsets_.back());
        continue;
      }
      const int64_t from = in.offset_at(p);
      const int64_t to = in.offset_at(p + 1);
      if (from < 0 || to < from) return bad_offsets(in, p, from, to);
      const int64_t size = offsets_.back() + (to - from);
      if (size > INT32_MAX) {
        return make_error(ErrorCode::kRecordTooLargeException,
                          "column '{}' ({}): the batch's data buffer would pass 2 GiB", in.path,
                          type_);
      }
      if (from != run_end) {
        FLUSS_RETURN_IF_ERROR(flush());
        run_begin = from;
      }
      run_end = to;
      offsets_.push_back(static_cast<int32_t>(size));
    }
    return flush();
  }

  Status append_list(const InArray& in, int64_t begin, int64_t count) {
    const InArray& child = in.children[0];
    OutColumn& out = children_[0];
    int64_t run_begin = 0;
    int64_t run_end = 0;
    auto flush = [&]() -> Status {
      return out.append_from(child, child.offset() + run_begin, run_end - run_begin);
    };
    for (int64_t i = 0; i < count; ++i) {
      const int64_t p = begin + i;
      if (!in.is_valid(p)) {
        offsets_.push_back(offsets_.back());
        continue;
      }
      const int64_t from = in.offset_at(p);
      const int64_t to = in.offset_at(p + 1);
      if (from < 0 || to < from) return bad_offsets(in, p, from, to);
      if (to > child.array->length) {
        return invalid("column '{}' ({}): offsets at index {} reach {}, past the child's {} values",
                       in.path, type_, p - in.offset(), to, child.array->length);
      }
      const int64_t size = offsets_.back() + (to - from);
      if (size > INT32_MAX) {
        return make_error(ErrorCode::kRecordTooLargeException,
                          "column '{}' ({}): more than 2^31 elements in one batch", in.path, type_);
      }
      if (from != run_end) {
        FLUSS_RETURN_IF_ERROR(flush());
        run_begin = from;
      }
      run_end = to;
      offsets_.push_back(static_cast<int32_t>(size));
    }
    return flush();
  }

  DataType type_;
  Layout layout_ = Layout::kFixed;
  int width_ = 0;
  __int128 decimal_bound_ = 0;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  std::vector<uint8_t> validity_;
  std::vector<uint8_t> values_;
  std::vector<int32_t> offsets_;
  std::vector<uint8_t> data_;
  std::vector<OutColumn> children_;
};

// ---------------------------------------------------------------------------
// Export: private data of the structs we hand out.

// The copied buffers of one exported batch, shared by every array of it (a child
// moved out of its parent keeps them alive).
struct ExportStorage {
  std::vector<void*> blocks;
  ~ExportStorage() {
    for (void* b : blocks) std::free(b);
  }
  ExportStorage() = default;
  ExportStorage(const ExportStorage&) = delete;
  ExportStorage& operator=(const ExportStorage&) = delete;

  // A 64-byte aligned copy of `src` zero-padded to at least `size` bytes (never null).
  const void* copy(ByteView src, size_t size) {
    const size_t capacity = (std::max<size_t>(size, 1) + 63) & ~size_t{63};
    void* block = std::aligned_alloc(64, capacity);
    FLUSS_CHECK(block != nullptr, "out of memory exporting an Arrow batch");
    blocks.push_back(block);
    const size_t n = std::min(src.size(), size);
    if (n > 0) std::memcpy(block, src.data(), n);
    std::memset(static_cast<uint8_t*>(block) + n, 0, capacity - n);
    return block;
  }
};

// The private data of an exported struct `T` (ArrowArray or ArrowSchema): its
// children's structs, which it releases unless they were moved out.
template <typename T>
struct ExportedChildren {
  std::unique_ptr<T[]> children;
  std::vector<T*> child_pointers;
};

struct ExportedArray : ExportedChildren<ArrowArray> {
  std::shared_ptr<ExportStorage> storage;
  std::vector<const void*> buffers;
};

struct ExportedSchema : ExportedChildren<ArrowSchema> {
  std::string format;
  std::string name;
};

// The release callback of the spec for both structs.
template <typename T, typename Data>
void release_exported(T* exported) {
  if (exported == nullptr || exported->release == nullptr) return;
  auto* data = static_cast<Data*>(exported->private_data);
  for (T* child : data->child_pointers) {
    if (child->release != nullptr) child->release(child);
  }
  delete data;
  exported->release = nullptr;
  exported->private_data = nullptr;
}
constexpr auto release_array = &release_exported<ArrowArray, ExportedArray>;
constexpr auto release_schema = &release_exported<ArrowSchema, ExportedSchema>;

// Null bits among the first `length` bits of `validity` (which holds them all).
int64_t count_nulls(ByteView validity, int64_t length) {
  int64_t ones = 0;
  const int64_t whole = length / 8;
  for (int64_t b = 0; b < whole; ++b) ones += std::popcount(validity[static_cast<size_t>(b)]);
  for (int64_t i = whole * 8; i < length; ++i) ones += get_bit(validity.data(), i) ? 1 : 0;
  return length - ones;
}

void export_children(std::span<const ArrayView> views,
                     const std::shared_ptr<ExportStorage>& storage, ExportedArray& parent);

void export_array(const ArrayView& view, const std::shared_ptr<ExportStorage>& storage,
                  ArrowArray& out) {
  auto data = std::make_unique<ExportedArray>();
  data->storage = storage;
  ExportStorage& s = *storage;
  const int64_t length = view.length;
  const size_t bitmap_bytes = static_cast<size_t>((length + 7) / 8);
  int64_t null_count = 0;
  const void* validity = nullptr;
  // The field node's null count is not trusted: count the bits.
  if (view.null_count > 0) null_count = count_nulls(view.validity, length);
  if (null_count > 0) validity = s.copy(view.validity, bitmap_bytes);
  data->buffers.push_back(validity);
  const size_t offsets_bytes = length > 0 ? static_cast<size_t>(length + 1) * 4 : 4;
  switch (view.layout) {
    case Layout::kBool:
      data->buffers.push_back(s.copy(view.values, bitmap_bytes));
      break;
    case Layout::kFixed:
    case Layout::kFixedBinary:
      data->buffers.push_back(
          s.copy(view.values, static_cast<size_t>(length) * static_cast<size_t>(view.width)));
      break;
    case Layout::kVarBinary:
      data->buffers.push_back(s.copy(length > 0 ? view.offsets : ByteView(), offsets_bytes));
      data->buffers.push_back(s.copy(view.data, view.data.size()));
      break;
    case Layout::kList:
      data->buffers.push_back(s.copy(length > 0 ? view.offsets : ByteView(), offsets_bytes));
      break;
    case Layout::kStruct:
      break;
  }
  export_children(view.children, storage, *data);
  out.length = length;
  out.null_count = null_count;
  out.offset = 0;
  out.n_buffers = static_cast<int64_t>(data->buffers.size());
  out.n_children = static_cast<int64_t>(data->child_pointers.size());
  out.buffers = data->buffers.data();
  out.children = data->child_pointers.empty() ? nullptr : data->child_pointers.data();
  out.dictionary = nullptr;
  out.release = release_array;
  out.private_data = data.release();
}

void export_children(std::span<const ArrayView> views,
                     const std::shared_ptr<ExportStorage>& storage, ExportedArray& parent) {
  if (views.empty()) return;
  parent.children = std::make_unique<ArrowArray[]>(views.size());
  for (size_t i = 0; i < views.size(); ++i) {
    export_array(views[i], storage, parent.children[i]);
    parent.child_pointers.push_back(&parent.children[i]);
  }
}

void export_schema(std::string format, std::string name, int64_t flags,
                   const std::vector<std::pair<std::string, DataType>>& children, ArrowSchema& out);

std::vector<std::pair<std::string, DataType>> schema_children(const DataType& type) {
  const ColumnShape shape = arrow::shape_of(type);
  std::vector<std::pair<std::string, DataType>> out;
  for (size_t i = 0; i < shape.children.size(); ++i) {
    out.emplace_back(shape.child_names[i], shape.children[i]);
  }
  return out;
}

void export_schema(std::string format, std::string name, int64_t flags,
                   const std::vector<std::pair<std::string, DataType>>& children,
                   ArrowSchema& out) {
  auto data = std::make_unique<ExportedSchema>();
  data->format = std::move(format);
  data->name = std::move(name);
  if (!children.empty()) {
    data->children = std::make_unique<ArrowSchema[]>(children.size());
    for (size_t i = 0; i < children.size(); ++i) {
      const auto& [child_name, child_type] = children[i];
      export_schema(arrow_c_format(child_type), child_name,
                    child_type.nullable() ? ARROW_FLAG_NULLABLE : 0, schema_children(child_type),
                    data->children[i]);
      data->child_pointers.push_back(&data->children[i]);
    }
  }
  out.format = data->format.c_str();
  out.name = data->name.c_str();
  out.metadata = nullptr;
  out.flags = flags;
  out.n_children = static_cast<int64_t>(data->child_pointers.size());
  out.children = data->child_pointers.empty() ? nullptr : data->child_pointers.data();
  out.dictionary = nullptr;
  out.release = release_schema;
  out.private_data = data.release();
}

struct ZstdContext {
  ZSTD_CCtx* cctx = nullptr;
  ~ZstdContext() { ZSTD_freeCCtx(cctx); }
};

}  // namespace

std::string arrow_c_format(const DataType& type) {
  switch (type.root()) {
    case TypeRoot::kBoolean:
      return "b";
    case TypeRoot::kTinyInt:
      return "c";
    case TypeRoot::kSmallInt:
      return "s";
    case TypeRoot::kInt:
      return "i";
    case TypeRoot::kBigInt:
      return "l";
    case TypeRoot::kFloat:
      return "f";
    case TypeRoot::kDouble:
      return "g";
    case TypeRoot::kChar:
    case TypeRoot::kString:
      return "u";
    case TypeRoot::kBytes:
      return "z";
    case TypeRoot::kBinary:
      return fmt::format("w:{}", type.length());
    case TypeRoot::kDecimal:
      return fmt::format("d:{},{}", type.precision(), type.scale());
    case TypeRoot::kDate:
      return "tdD";
    case TypeRoot::kTime:
      return fmt::format("tt{}", unit_char(arrow::time_unit_for_precision(type.precision())));
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz:
      // Fluss writes no time zone for either (§5.10.3).
      return fmt::format("ts{}:", unit_char(arrow::time_unit_for_precision(type.precision())));
    case TypeRoot::kArray:
      return "+l";
    case TypeRoot::kMap:
      return "+m";
    case TypeRoot::kRow:
      return "+s";
  }
  return "";
}

namespace {

// The rows [start, start + length) of the batch (whose struct array is at `base` in its
// children) as messages of about `max_body_bytes` each: the range is written, and when its
// buffers pass the limit it is cut into as many equal row ranges as the size asks for, each
// written (and cut again, when its rows are larger than the average) the same way.
Status write_messages(std::span<const DataField> columns, std::span<const InArray> inputs,
                      int64_t base, int64_t start, int64_t length,
                      const ArrowCompression& compression, void* zstd_cctx, size_t max_body_bytes,
                      std::vector<ImportedArrowBatch>& out) {
  std::vector<OutColumn> outputs;
  outputs.reserve(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    outputs.emplace_back(columns[c].type);
    FLUSS_RETURN_IF_ERROR(
        outputs[c].append_from(inputs[c], inputs[c].offset() + base + start, length));
  }
  std::vector<fb::FieldNode> nodes;
  std::vector<ByteView> buffers;
  for (const OutColumn& c : outputs) c.collect(nodes, buffers);
  size_t body = 0;
  for (ByteView b : buffers) body += b.size();
  if (body > max_body_bytes && length > 1) {
    const auto parts = static_cast<int64_t>(std::min<size_t>(
        (body + max_body_bytes - 1) / max_body_bytes, static_cast<size_t>(length)));
    const int64_t step = (length + parts - 1) / parts;
    for (int64_t at = 0; at < length; at += step) {
      FLUSS_RETURN_IF_ERROR(write_messages(columns, inputs, base, start + at,
                                           std::min(step, length - at), compression, zstd_cctx,
                                           max_body_bytes, out));
    }
    return Status::OK();
  }
  ImportedArrowBatch& message = out.emplace_back();
  message.rows = length;
  return arrow::write_record_batch_message(length, nodes, buffers, compression, zstd_cctx,
                                           message.message);
}

}  // namespace

Status import_arrow_c_data(std::span<const DataField> columns, ArrowSchema* schema,
                           ArrowArray* array, ArrowCompression compression, size_t max_body_bytes,
                           std::vector<ImportedArrowBatch>& out) {
  // The structs are ours to release, whatever happens below.
  struct Release {
    ArrowSchema* schema;
    ArrowArray* array;
    ~Release() {
      if (array != nullptr && array->release != nullptr) array->release(array);
      if (schema != nullptr && schema->release != nullptr) schema->release(schema);
    }
  } release{schema, array};
  if (schema == nullptr || array == nullptr) {
    return invalid("Arrow record batch: null ArrowSchema or ArrowArray");
  }
  if (schema->release == nullptr || array->release == nullptr) {
    return invalid("Arrow record batch: the ArrowSchema or ArrowArray was already released");
  }
  if (schema->format == nullptr || std::string_view(schema->format) != "+s") {
    return invalid("Arrow record batch: the schema is '{}', not a struct ('+s') of the columns",
                   schema->format == nullptr ? "" : schema->format);
  }
  if (schema->n_children != static_cast<int64_t>(columns.size()) ||
      array->n_children != schema->n_children ||
      (array->n_children > 0 && (array->children == nullptr || schema->children == nullptr))) {
    std::string names;
    for (const DataField& c : columns) names += (names.empty() ? "" : ", ") + c.name;
    return invalid("Arrow record batch: {} columns (array: {}), the table has {} ({})",
                   schema->n_children, array->n_children, columns.size(), names);
  }
  if (array->length < 0 || array->offset < 0 || array->length > arrow::kMaxArrayLength ||
      array->offset > INT64_MAX / 2 || array->n_buffers < 1 || array->buffers == nullptr) {
    return invalid("Arrow record batch: bad struct array (length {}, offset {}, {} buffers)",
                   array->length, array->offset, array->n_buffers);
  }
  const auto* validity = static_cast<const uint8_t*>(array->buffers[0]);
  if (array->null_count != 0 && validity != nullptr) {
    for (int64_t i = 0; i < array->length; ++i) {
      if (!get_bit(validity, array->offset + i)) {
        return invalid("Arrow record batch: row {} is null (a record batch has no null rows)", i);
      }
    }
  }
  std::vector<InArray> inputs(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    FLUSS_RETURN_IF_ERROR(bind_input(schema->children[c], array->children[c], columns[c].type,
                                     columns[c].name, inputs[c]));
    if (inputs[c].array->length < array->offset + array->length) {
      return invalid("column '{}' ({}): {} values for a batch that reaches row {}", columns[c].name,
                     columns[c].type, inputs[c].array->length, array->offset + array->length);
    }
  }
  ZstdContext zstd;
  if (compression.type == ArrowCompressionType::kZstd) zstd.cctx = ZSTD_createCCtx();
  return write_messages(columns, inputs, array->offset, 0, array->length, compression, zstd.cctx,
                        max_body_bytes, out);
}

Status import_arrow_c_data(std::span<const DataField> columns, ArrowSchema* schema,
                           ArrowArray* array, ArrowCompression compression,
                           ByteBuffer& out_ipc_message, int64_t& rows) {
  std::vector<ImportedArrowBatch> messages;
  FLUSS_RETURN_IF_ERROR(import_arrow_c_data(columns, schema, array, compression,
                                            std::numeric_limits<size_t>::max(), messages));
  out_ipc_message.append(messages.front().message.view());
  rows = messages.front().rows;
  return Status::OK();
}

Result<int64_t> check_arrow_batch(const RowType& type, ByteView ipc_message) {
  static constexpr std::string_view kContext = "Arrow record batch";
  arrow::IpcMessage parsed;
  FLUSS_RETURN_IF_ERROR(arrow::read_ipc_message(ipc_message, kContext, parsed));
  if (parsed.end_of_stream) {
    return make_error(ErrorCode::kCorruptMessage, "{}: end-of-stream marker instead of a batch",
                      kContext);
  }
  int64_t rows = 0;
  FLUSS_RETURN_IF_ERROR(
      arrow::visit_record_batch(type, parsed, kContext, [&](int64_t n, std::span<const ArrayView>) {
        rows = n;
        return Status::OK();
      }));
  return rows;
}

Status export_arrow_c_data(std::span<const DataField> columns, ByteView ipc_message,
                           ArrowSchema* out_schema, ArrowArray* out_array) {
  static constexpr std::string_view kContext = "Arrow record batch";
  if (out_schema == nullptr || out_array == nullptr) {
    return invalid("{}: null ArrowSchema or ArrowArray to export into", kContext);
  }
  RowType type;
  type.reserve(columns.size());
  for (const DataField& c : columns) type.push_back(c.type);
  arrow::IpcMessage parsed;
  FLUSS_RETURN_IF_ERROR(arrow::read_ipc_message(ipc_message, kContext, parsed));
  if (parsed.end_of_stream) {
    return make_error(ErrorCode::kCorruptMessage, "{}: end-of-stream marker instead of a batch",
                      kContext);
  }
  auto storage = std::make_shared<ExportStorage>();
  auto top = std::make_unique<ExportedArray>();
  int64_t rows = 0;
  FLUSS_RETURN_IF_ERROR(arrow::visit_record_batch(
      type, parsed, kContext, [&](int64_t n, std::span<const ArrayView> views) {
        rows = n;
        top->storage = storage;
        top->buffers.push_back(nullptr);  // no validity: no null rows
        export_children(views, storage, *top);
        return Status::OK();
      }));
  std::vector<std::pair<std::string, DataType>> fields;
  for (const DataField& c : columns) fields.emplace_back(c.name, c.type);
  export_schema("+s", "", 0, fields, *out_schema);
  out_array->length = rows;
  out_array->null_count = 0;
  out_array->offset = 0;
  out_array->n_buffers = 1;
  out_array->n_children = static_cast<int64_t>(top->child_pointers.size());
  out_array->buffers = top->buffers.data();
  out_array->children = top->child_pointers.empty() ? nullptr : top->child_pointers.data();
  out_array->dictionary = nullptr;
  out_array->release = release_array;
  out_array->private_data = top.release();
  return Status::OK();
}

}  // namespace fluss
