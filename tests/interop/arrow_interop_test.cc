// SPDX-License-Identifier: Apache-2.0
// Arrow IPC interop with the npm apache-arrow 21 implementation: streams we write
// (every type, with nulls; uncompressed, ZSTD and LZ4_FRAME) are read by node and
// compared value by value, and a stream node writes is read by us.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "record/arrow/arrow_batch.h"
#include "record/arrow/arrow_ipc_stream.h"
#include "record/tests/random_rows.h"
#include "test_utils/seed.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path interop_dir() {
  const char* source = std::getenv("FLUSS_SOURCE_DIR");
  return fs::path(source == nullptr ? "." : source) / "tests" / "interop";
}

// Runs `command`, returning its stdout and exit code.
std::pair<std::string, int> run(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {"", -1};
  std::array<char, 65536> chunk;
  size_t n;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0) output.append(chunk.data(), n);
  const int status = pclose(pipe);
  return {output, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

std::string hex(std::string_view bytes) { return to_hex(as_bytes(bytes)); }

std::string int128_string(__int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
  std::string s;
  while (u != 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return negative ? "-" + s : s;
}

int64_t unit_value(int precision, int64_t millisecond, int32_t nano_of_millisecond) {
  if (precision == 0) return millisecond / 1000;
  if (precision <= 3) return millisecond;
  if (precision <= 6) return millisecond * 1000 + nano_of_millisecond / 1000;
  return millisecond * 1000000 + nano_of_millisecond;
}

json float_json(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
}

// A value in arrow_read.mjs's JSON conventions.
json expected_json(const DataType& type, const Datum& d) {
  if (is_null(d)) return nullptr;
  switch (type.root()) {
    case TypeRoot::kBoolean:
      return std::get<bool>(d);
    case TypeRoot::kTinyInt:
      return std::get<int8_t>(d);
    case TypeRoot::kSmallInt:
      return std::get<int16_t>(d);
    case TypeRoot::kInt:
    case TypeRoot::kDate:
      return std::get<int32_t>(d);
    case TypeRoot::kBigInt:
      return std::to_string(std::get<int64_t>(d));
    case TypeRoot::kFloat:
      return float_json(std::get<float>(d));
    case TypeRoot::kDouble:
      return float_json(std::get<double>(d));
    case TypeRoot::kChar:
    case TypeRoot::kString:
      return std::get<std::string>(d);
    case TypeRoot::kBinary:
    case TypeRoot::kBytes:
      return hex(std::get<Binary>(d).bytes);
    case TypeRoot::kDecimal:
      return int128_string(std::get<Decimal>(d).unscaled);
    case TypeRoot::kTime:
      return std::to_string(unit_value(type.precision(), std::get<int32_t>(d), 0));
    case TypeRoot::kTimestampNtz: {
      const auto& t = std::get<TimestampNtz>(d);
      return std::to_string(unit_value(type.precision(), t.millisecond, t.nano_of_millisecond));
    }
    case TypeRoot::kTimestampLtz: {
      const auto& t = std::get<TimestampLtz>(d);
      return std::to_string(
          unit_value(type.precision(), t.epoch_millisecond, t.nano_of_millisecond));
    }
    case TypeRoot::kArray: {
      json a = json::array();
      for (const Datum& e : std::get<std::shared_ptr<const GenericArray>>(d)->elements()) {
        a.push_back(expected_json(type.element_type(), e));
      }
      return a;
    }
    case TypeRoot::kMap: {
      json a = json::array();
      const auto& m = *std::get<std::shared_ptr<const GenericMap>>(d);
      for (size_t i = 0; i < m.size(); ++i) {
        a.push_back(json::array({expected_json(type.key_type(), m.keys()[i]),
                                 expected_json(type.value_type(), m.values()[i])}));
      }
      return a;
    }
    case TypeRoot::kRow: {
      json o = json::object();
      const auto& r = *std::get<std::shared_ptr<const GenericRow>>(d);
      for (size_t i = 0; i < type.fields().size(); ++i) {
        o[type.fields()[i].name] = expected_json(type.fields()[i].type, r[i]);
      }
      return o;
    }
  }
  return nullptr;
}

class ArrowInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(interop_dir() / "node_modules" / "apache-arrow"))
        << "the npm test peers are missing in " << interop_dir()
        << "/node_modules: run scripts/install-deps.sh (it runs `npm ci` in tests/interop)";
    dir_ = fs::temp_directory_path() /
           ("fluss_arrow_interop_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string node(const std::string& script, const std::string& args) {
    auto [output, code] = run("node " + (interop_dir() / script).string() + " " + args + " 2>&1");
    EXPECT_EQ(code, 0) << output;
    return output;
  }

  fs::path dir_;
};

TEST_F(ArrowInteropTest, NodeReadsEveryTypeWeWrite) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  const std::vector<DataField> fields = test::every_type_fields();
  const RowType type = test::row_type_of(fields);
  test::RandomRows gen(seed);

  for (ArrowCompressionType codec : {ArrowCompressionType::kNone, ArrowCompressionType::kZstd,
                                     ArrowCompressionType::kLz4Frame}) {
    SCOPED_TRACE(static_cast<int>(codec));
    ByteBuffer stream;
    write_arrow_schema_message(fields, stream);
    std::vector<GenericRow> all;
    ArrowBatchWriter writer(type, ArrowCompression{.type = codec, .zstd_level = 3});
    for (int batch = 0; batch < 3; ++batch) {
      for (GenericRow& row : gen.rows(type, batch == 1 ? 0 : 40)) {
        ASSERT_OK(writer.append(row));
        all.push_back(std::move(row));
      }
      ASSERT_OK(writer.finish(stream));
    }
    write_arrow_end_of_stream(stream);
    const fs::path file = dir_ / "stream.arrows";
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(stream.data()),
               static_cast<std::streamsize>(stream.size()));

    const std::string output = node("arrow_read.mjs", file.string());
    json got = json::parse(output, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(got.is_discarded()) << output.substr(0, 2000);
    ASSERT_EQ(got["fields"].size(), fields.size());
    for (size_t c = 0; c < fields.size(); ++c) {
      EXPECT_EQ(got["fields"][c]["name"], fields[c].name);
      EXPECT_EQ(got["fields"][c]["nullable"], fields[c].type.nullable()) << fields[c].name;
    }
    ASSERT_EQ(got["rows"].size(), all.size());
    for (size_t r = 0; r < all.size(); ++r) {
      for (size_t c = 0; c < fields.size(); ++c) {
        EXPECT_EQ(got["rows"][r][c], expected_json(fields[c].type, all[r][c]))
            << "row " << r << " column " << fields[c].name << " (" << fields[c].type << ")";
      }
    }
  }
}

TEST_F(ArrowInteropTest, WeReadWhatNodeWrites) {
  for (const std::string codec : {"none", "lz4", "zstd"}) {
    SCOPED_TRACE(codec);
    const fs::path file = dir_ / ("node_" + codec + ".arrows");
    const fs::path expected = dir_ / ("node_" + codec + ".json");
    node("arrow_write.mjs", file.string() + " " + expected.string() + " " + codec);
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto contents = read_arrow_stream(as_bytes(bytes));
    ASSERT_OK(contents);
    std::ifstream expected_in(expected);
    const json want = json::parse(expected_in);
    ASSERT_EQ(contents->fields.size(), want["fields"].size());
    for (size_t c = 0; c < contents->fields.size(); ++c) {
      EXPECT_EQ(contents->fields[c].name, want["fields"][c]["name"]);
      EXPECT_EQ(contents->fields[c].type.to_string(), want["fields"][c]["fluss_type"]);
    }
    ASSERT_EQ(contents->rows.size(), want["rows"].size());
    for (size_t r = 0; r < contents->rows.size(); ++r) {
      for (size_t c = 0; c < contents->fields.size(); ++c) {
        EXPECT_EQ(expected_json(contents->fields[c].type, contents->rows[r][c]), want["rows"][r][c])
            << "row " << r << " column " << contents->fields[c].name;
      }
    }
  }
}

}  // namespace
}  // namespace fluss
