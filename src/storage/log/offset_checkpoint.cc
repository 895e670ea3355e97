// SPDX-License-Identifier: Apache-2.0
#include "storage/log/offset_checkpoint.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <vector>

namespace fluss::storage {

namespace {

// An optionally '-'-signed decimal that fits T (Java Integer/Long.parseLong, minus
// the '+' sign that Java also takes and never writes).
template <typename T>
std::optional<T> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Fields separated by runs of whitespace; leading whitespace gives an empty first
// field, as Java's Pattern.split does (and so a malformed line).
std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (true) {
    size_t j = i;
    while (j < line.size() && !is_space(line[j])) ++j;
    fields.push_back(line.substr(i, j - i));
    while (j < line.size() && is_space(line[j])) ++j;
    if (j >= line.size()) break;
    i = j;
  }
  return fields;
}

// Lines as Java's BufferedReader.readLine gives them: ended by "\n", "\r\n" or "\r";
// a last line without a terminator counts, an empty tail after the last one does not.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  std::optional<std::string_view> next() {
    if (pos_ >= text_.size()) return std::nullopt;
    size_t end = pos_;
    while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r') ++end;
    std::string_view line = text_.substr(pos_, end - pos_);
    pos_ = end;
    if (pos_ < text_.size() && text_[pos_++] == '\r' && pos_ < text_.size() &&
        text_[pos_] == '\n') {
      ++pos_;
    }
    ++line_number_;
    return line;
  }
  int line_number() const { return line_number_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_number_ = 0;
};

}  // namespace

std::string serialize_offset_checkpoint(const OffsetCheckpoint& offsets) {
  std::string out = fmt::format("{}\n{}\n", kOffsetCheckpointVersion, offsets.size());
  for (const auto& [bucket, offset] : offsets) {
    if (bucket.partition_id) {
      out += fmt::format("{} {} {} {}\n", bucket.table_id, *bucket.partition_id, bucket.bucket,
                         offset);
    } else {
      out += fmt::format("{} {} {}\n", bucket.table_id, bucket.bucket, offset);
    }
  }
  return out;
}

Result<OffsetCheckpoint> parse_offset_checkpoint(std::string_view text, std::string_view location) {
  LineReader lines(text);
  auto malformed = [&](std::string_view line) {
    // Untrusted bytes: quote at most a line's start.
    constexpr size_t kMaxQuoted = 120;
    const bool cut = line.size() > kMaxQuoted;
    return Status(
        ErrorCode::kLogStorageException,
        fmt::format("Malformed line {} in checkpoint file [{}]: '{}{}'", lines.line_number(),
                    location, line.substr(0, kMaxQuoted), cut ? "..." : ""));
  };

  OffsetCheckpoint offsets;
  std::optional<std::string_view> line = lines.next();
  if (!line) return offsets;
  const std::optional<int32_t> version = parse_number<int32_t>(*line);
  if (!version) return malformed(*line);
  if (*version != kOffsetCheckpointVersion) {
    return make_error(ErrorCode::kLogStorageException,
                      "Unrecognised version {}, expected version {} in checkpoint file [{}]",
                      *version, kOffsetCheckpointVersion, location);
  }

  line = lines.next();
  if (!line) return offsets;
  const std::optional<int32_t> expected = parse_number<int32_t>(*line);
  if (!expected || *expected < 0) return malformed(*line);

  int64_t found = 0;
  while ((line = lines.next())) {
    const std::vector<std::string_view> fields = split_fields(*line);
    std::optional<int64_t> table_id;
    std::optional<int64_t> partition_id;
    std::optional<int32_t> bucket;
    std::optional<int64_t> offset;
    if (fields.size() == 3) {
      table_id = parse_number<int64_t>(fields[0]);
      bucket = parse_number<int32_t>(fields[1]);
      offset = parse_number<int64_t>(fields[2]);
      if (!table_id || !bucket || !offset) return malformed(*line);
      offsets[TableBucket(TableId(*table_id), BucketId(*bucket))] = LogOffset(*offset);
    } else if (fields.size() == 4) {
      table_id = parse_number<int64_t>(fields[0]);
      partition_id = parse_number<int64_t>(fields[1]);
      bucket = parse_number<int32_t>(fields[2]);
      offset = parse_number<int64_t>(fields[3]);
      if (!table_id || !partition_id || !bucket || !offset) return malformed(*line);
      offsets[TableBucket(TableId(*table_id), PartitionId(*partition_id), BucketId(*bucket))] =
          LogOffset(*offset);
    } else {
      return malformed(*line);
    }
    ++found;
  }
  if (found != *expected) {
    return make_error(ErrorCode::kLogStorageException,
                      "Expected [{}] entries in checkpoint file [{}], but found [{}]", *expected,
                      location, found);
  }
  return offsets;
}

}  // namespace fluss::storage
