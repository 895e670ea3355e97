// SPDX-License-Identifier: Apache-2.0
#include "common/json_writer.h"

namespace fluss {

void JsonWriter::begin_object() {
  value_prefix();
  out_ += '{';
  first_.push_back(true);
}

void JsonWriter::end_object() {
  out_ += '}';
  first_.pop_back();
}

void JsonWriter::begin_array() {
  value_prefix();
  out_ += '[';
  first_.push_back(true);
}

void JsonWriter::end_array() {
  out_ += ']';
  first_.pop_back();
}

void JsonWriter::key(std::string_view name) {
  separator();
  write_string(name);
  out_ += ':';
  after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
  value_prefix();
  write_string(s);
}

void JsonWriter::number(int64_t v) {
  value_prefix();
  out_ += std::to_string(v);
}

void JsonWriter::boolean(bool v) {
  value_prefix();
  out_ += v ? "true" : "false";
}

void JsonWriter::string_array(std::string_view name, const std::vector<std::string>& items) {
  key(name);
  begin_array();
  for (const std::string& s : items) string(s);
  end_array();
}

void JsonWriter::separator() {
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

void JsonWriter::value_prefix() {
  if (after_key_) {
    after_key_ = false;
  } else {
    separator();
  }
}

void JsonWriter::write_string(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out_ += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\r':
        out_ += "\\r";
        break;
      default:
        if (u < 0x20) {
          out_ += "\\u00";
          out_ += kHex[u >> 4];
          out_ += kHex[u & 0xF];
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
}

}  // namespace fluss
