// SPDX-License-Identifier: Apache-2.0
#include "cli/result_printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace fluss::cli {
namespace {

constexpr std::string_view kNull = "<NULL>";
constexpr std::string_view kEllipsis = "...";
constexpr std::string_view kOpColumn = "op";

std::string int128_to_string(__int128 v) {
  bool negative = v < 0;
  unsigned __int128 u =
      negative ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string decimal_to_string(const Decimal& d) {
  bool negative = d.unscaled < 0;
  std::string digits = int128_to_string(negative ? -d.unscaled : d.unscaled);
  if (d.scale > 0) {
    size_t scale = static_cast<size_t>(d.scale);
    if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
  }
  return negative ? "-" + digits : digits;
}

// Days since 1970-01-01 to y-m-d (Howard Hinnant's civil_from_days).
std::string date_to_string(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// hh:mm:ss plus `precision` fractional digits of `nanos_of_second`.
std::string time_to_string(int64_t millis_of_day, int64_t nanos_of_second, int precision) {
  int64_t seconds = millis_of_day / 1000;
  std::string s = fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (precision > 0) {
    std::string fraction = fmt::format("{:09}", nanos_of_second);
    s += "." + fraction.substr(0, static_cast<size_t>(std::min(precision, 9)));
  }
  return s;
}

std::string timestamp_to_string(int64_t millis, int32_t nano_of_milli, int precision) {
  int64_t days = floor_div(millis, 86'400'000);
  int64_t millis_of_day = millis - days * 86'400'000;
  int64_t nanos_of_second = (millis_of_day % 1000) * 1'000'000 + nano_of_milli;
  return date_to_string(days) + " " + time_to_string(millis_of_day, nanos_of_second, precision);
}

// Java's Double.toString shape: always a fractional part, E notation for exponents.
std::string floating_to_string(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  std::string s = fmt::format("{}", v);
  size_t e = s.find('e');
  if (e != std::string::npos) {
    std::string mantissa = s.substr(0, e);
    std::string exponent = s.substr(e + 1);
    if (!exponent.empty() && exponent[0] == '+') exponent.erase(0, 1);
    if (mantissa.find('.') == std::string::npos) mantissa += ".0";
    return mantissa + "E" + exponent;
  }
  if (s.find('.') == std::string::npos) s += ".0";
  return s;
}

std::string hex(const std::string& bytes) {
  std::string s = "x'";
  for (unsigned char c : bytes) s += fmt::format("{:02x}", c);
  return s + "'";
}

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// `s` cut to `width` display columns, ending in "..." when cut.
std::string fit(const std::string& s, size_t width) {
  if (display_width(s) <= width) return s;
  size_t keep = width > kEllipsis.size() ? width - kEllipsis.size() : 0;
  size_t columns = 0;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    bool starts_char = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts_char && columns++ == keep) break;
  }
  return s.substr(0, i) + std::string(kEllipsis.substr(0, std::min(width, kEllipsis.size())));
}

void print_border(const std::vector<size_t>& widths, std::ostream& out) {
  out << '+';
  for (size_t w : widths) out << std::string(w + 2, '-') << '+';
  out << '\n';
}

void print_cells(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                 std::ostream& out) {
  out << '|';
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string cell = fit(cells[i], widths[i]);
    out << ' ' << std::string(widths[i] - display_width(cell), ' ') << cell << " |";
  }
  out << '\n';
}

}  // namespace

std::string format_value(const Datum& value, const DataType& type) {
  struct Formatter {
    const DataType& type;
    std::string operator()(Null) const { return std::string(kNull); }
    std::string operator()(bool b) const { return b ? "TRUE" : "FALSE"; }
    std::string operator()(int8_t v) const { return std::to_string(v); }
    std::string operator()(int16_t v) const { return std::to_string(v); }
    std::string operator()(int32_t v) const {
      if (type.root() == TypeRoot::kDate) return date_to_string(v);
      if (type.root() == TypeRoot::kTime) {
        int precision = std::min(type.precision(), 3);
        return time_to_string(v, int64_t{v % 1000} * 1'000'000, precision);
      }
      return std::to_string(v);
    }
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(float v) const { return floating_to_string(v); }
    std::string operator()(double v) const { return floating_to_string(v); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const Binary& b) const { return hex(b.bytes); }
    std::string operator()(const Decimal& d) const { return decimal_to_string(d); }
    std::string operator()(const TimestampNtz& t) const {
      return timestamp_to_string(t.millisecond, t.nano_of_millisecond, type.precision());
    }
    std::string operator()(const TimestampLtz& t) const {
      return timestamp_to_string(t.epoch_millisecond, t.nano_of_millisecond, type.precision());
    }
    std::string operator()(const std::shared_ptr<const GenericArray>& a) const {
      std::vector<std::string> items;
      bool typed = type.root() == TypeRoot::kArray;
      for (const Datum& d : a->elements()) {
        items.push_back(typed ? format_value(d, type.element_type()) : datum_to_string(d));
      }
      return fmt::format("[{}]", fmt::join(items, ", "));
    }
    std::string operator()(const std::shared_ptr<const GenericMap>& m) const {
      std::vector<std::string> items;
      bool typed = type.root() == TypeRoot::kMap;
      for (size_t i = 0; i < m->size(); ++i) {
        const Datum& k = m->keys()[i];
        const Datum& v = m->values()[i];
        items.push_back(typed ? format_value(k, type.key_type()) + "=" +
                                    format_value(v, type.value_type())
                              : datum_to_string(k) + "=" + datum_to_string(v));
      }
      return fmt::format("{{{}}}", fmt::join(items, ", "));
    }
    std::string operator()(const std::shared_ptr<const GenericRow>& r) const {
      std::vector<std::string> items;
      bool typed = type.root() == TypeRoot::kRow && type.fields().size() == r->arity();
      for (size_t i = 0; i < r->arity(); ++i) {
        items.push_back(typed ? format_value((*r)[i], type.fields()[i].type)
                              : datum_to_string((*r)[i]));
      }
      return fmt::format("({})", fmt::join(items, ", "));
    }
  };
  return std::visit(Formatter{type}, value);
}

void ResultTable::add_row(const GenericRow& row, std::optional<ChangeType> op) {
  std::vector<std::string> cells;
  cells.reserve(column_types.size());
  for (size_t i = 0; i < column_types.size() && i < row.arity(); ++i) {
    cells.push_back(format_value(row[i], column_types[i]));
  }
  rows.push_back(std::move(cells));
  if (op) ops.push_back(*op);
}

void print_table(const ResultTable& table, std::ostream& out) {
  if (table.rows.empty()) {
    out << "Empty set\n";
    return;
  }
  bool with_ops = !table.ops.empty();
  std::vector<std::string> header;
  if (with_ops) header.emplace_back(kOpColumn);
  header.insert(header.end(), table.column_names.begin(), table.column_names.end());
  std::vector<size_t> widths;
  for (const std::string& name : header) widths.push_back(display_width(name));
  std::vector<std::vector<std::string>> lines;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<std::string> cells;
    if (with_ops) cells.emplace_back(short_string(table.ops[r]));
    cells.insert(cells.end(), table.rows[r].begin(), table.rows[r].end());
    cells.resize(header.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      widths[i] = std::max(widths[i], std::min(display_width(cells[i]), kMaxColumnWidth));
    }
    lines.push_back(std::move(cells));
  }
  print_border(widths, out);
  print_cells(header, widths, out);
  print_border(widths, out);
  for (const auto& cells : lines) print_cells(cells, widths, out);
  print_border(widths, out);
  size_t n = table.rows.size();
  out << n << (n == 1 ? " row in set\n" : " rows in set\n");
}

size_t column_width_for_type(const DataType& type, size_t name_length) {
  size_t width = kMaxColumnWidth;
  switch (type.root()) {
    case TypeRoot::kBoolean:
      width = 5;  // FALSE
      break;
    case TypeRoot::kTinyInt:
      width = 4;
      break;
    case TypeRoot::kSmallInt:
      width = 6;
      break;
    case TypeRoot::kInt:
      width = 11;
      break;
    case TypeRoot::kBigInt:
      width = 20;
      break;
    case TypeRoot::kDecimal:
      width = static_cast<size_t>(type.precision()) + 2;  // sign and point
      break;
    case TypeRoot::kDate:
      width = 10;
      break;
    case TypeRoot::kTime:
      width =
          8 + (type.precision() > 0 ? 1 + static_cast<size_t>(std::min(type.precision(), 3)) : 0);
      break;
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz:
      width = 19 + (type.precision() > 0 ? 1 + static_cast<size_t>(type.precision()) : 0);
      break;
    case TypeRoot::kChar:
      width = static_cast<size_t>(type.length());
      break;
    default:
      break;
  }
  width = std::max(width, static_cast<size_t>(kNull.size()));
  return std::max(std::min(width, kMaxColumnWidth), name_length);
}

StreamingTablePrinter::StreamingTablePrinter(std::vector<std::string> column_names,
                                             std::vector<DataType> column_types, std::ostream& out)
    : column_names_(std::move(column_names)), column_types_(std::move(column_types)), out_(out) {
  widths_.push_back(kOpColumn.size());
  for (size_t i = 0; i < column_names_.size(); ++i) {
    widths_.push_back(column_width_for_type(column_types_[i], display_width(column_names_[i])));
  }
}

void StreamingTablePrinter::print_header() {
  std::vector<std::string> header{std::string(kOpColumn)};
  header.insert(header.end(), column_names_.begin(), column_names_.end());
  print_border(widths_, out_);
  print_cells(header, widths_, out_);
  print_border(widths_, out_);
  out_.flush();
}

void StreamingTablePrinter::print_row(const GenericRow& row, ChangeType op) {
  std::vector<std::string> cells{std::string(short_string(op))};
  for (size_t i = 0; i < column_types_.size(); ++i) {
    cells.push_back(i < row.arity() ? format_value(row[i], column_types_[i]) : "");
  }
  print_cells(cells, widths_, out_);
  out_.flush();
  ++rows_;
}

void StreamingTablePrinter::finish() {
  if (rows_ > 0) print_border(widths_, out_);
  out_ << "Received a total of " << rows_ << (rows_ == 1 ? " row\n" : " rows\n");
  out_.flush();
}

void PrintingResultSink::info(std::string_view message) {
  out_ << "[INFO] " << message << '\n';
  out_.flush();
}

void PrintingResultSink::text(std::string_view text) {
  out_ << text;
  if (!text.empty() && text.back() != '\n') out_ << '\n';
  out_.flush();
}

void PrintingResultSink::table(const ResultTable& table) {
  print_table(table, out_);
  out_.flush();
}

void PrintingResultSink::stream_begin(const std::vector<std::string>& column_names,
                                      const std::vector<DataType>& column_types) {
  stream_.emplace(column_names, column_types, out_);
  stream_->print_header();
}

void PrintingResultSink::stream_row(const GenericRow& row, ChangeType op) {
  if (stream_) stream_->print_row(row, op);
}

void PrintingResultSink::stream_end() {
  if (stream_) stream_->finish();
  stream_.reset();
}

bool PrintingResultSink::cancelled() const {
  return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed);
}

}  // namespace fluss::cli
