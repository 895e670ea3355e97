// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fluss {

// A compact JSON generator that produces exactly what Jackson's UTF8JsonGenerator writes
// for Fluss's *JsonSerde classes: no whitespace, keys in the order they are written,
// strings escaped as Jackson does (", \ and control characters; \b \t \n \f \r short,
// others \u00XX with upper-case hex; everything else, UTF-8 included, verbatim).
// The caller keeps begin/end calls balanced and writes a key before each member of an
// object. One owner; not thread-safe.
class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);
  void string(std::string_view s);
  void number(int64_t v);
  void boolean(bool v);

  // Shorthands for "key": value.
  void field(std::string_view name, std::string_view s) {
    key(name);
    string(s);
  }
  void field(std::string_view name, int64_t v) {
    key(name);
    number(v);
  }
  void string_array(std::string_view name, const std::vector<std::string>& items);

  // The document written so far; the writer is empty afterwards.
  std::string take() { return std::move(out_); }

 private:
  void separator();
  void value_prefix();
  void write_string(std::string_view s);

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace fluss
