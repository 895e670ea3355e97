// SPDX-License-Identifier: Apache-2.0
// The frame codec against fluss-wire.md §1.1/§1.2, and the decoder against
// every way a byte stream can be split or lie.
#include "rpc/frame.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "rpc/tests/test_helpers.h"
#include "test_utils/seed.h"

namespace fluss::rpc {
namespace {

using test::StatusIs;
using test::StatusIsWith;

ByteBuffer from_hex(std::string_view hex) {
  ByteBuffer out;
  std::string digits;
  for (char c : hex) {
    if (c != ' ') digits.push_back(c);
  }
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.append_u8(static_cast<uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// fluss-wire.md §1.2: ApiVersionsRequest{"fluss", "0.1.0"}, version 0, request id 0.
constexpr std::string_view kApiVersionsFrame =
    "00000016 03e8 0000 00000000 0a05666c757373 1205302e312e30";
constexpr std::string_view kApiVersionsPayload = "0a05666c757373 1205302e312e30";

TEST(FrameTest, EncodesTheApiVersionsRequestOfTheWireSpec) {
  ByteBuffer out;
  encode_request(out, {.api_key = 1000, .api_version = 0, .request_id = 0},
                 from_hex(kApiVersionsPayload).view());
  EXPECT_EQ(to_hex(out.view()), to_hex(from_hex(kApiVersionsFrame).view()));
}

TEST(FrameTest, DecodesTheApiVersionsRequestOfTheWireSpec) {
  FrameDecoder decoder;
  decoder.append(from_hex(kApiVersionsFrame).view());
  ASSERT_OK_AND_ASSIGN(std::optional<ByteView> frame, decoder.next());
  ASSERT_TRUE(frame.has_value());
  ASSERT_OK_AND_ASSIGN(RequestFrame request, parse_request(*frame));
  EXPECT_EQ(request.header, (RequestHeader{.api_key = 1000, .api_version = 0, .request_id = 0}));
  EXPECT_EQ(to_hex(request.payload), to_hex(from_hex(kApiVersionsPayload).view()));
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(FrameTest, EncodesSuccessErrorAndServerFailureResponses) {
  ByteBuffer out;
  const uint8_t payload[] = {0xAB, 0xCD};
  encode_success_response(out, 7, payload);
  EXPECT_EQ(to_hex(out.view()),
            "00000007"
            "00"
            "00000007"
            "abcd");

  out.clear();
  encode_error_response(out, 258, Status(ErrorCode::kTableNotExist, "t"));
  // ErrorResponse{error_code=7, error_message="t"} = 08 07 12 01 74.
  EXPECT_EQ(to_hex(out.view()),
            "0000000a"
            "01"
            "00000102"
            "0807120174");

  out.clear();
  encode_server_failure(out, Status(ErrorCode::kNetworkException, ""));
  EXPECT_EQ(to_hex(out.view()),
            "00000003"
            "02"
            "0801");
}

TEST(FrameTest, NegativeErrorCodeIsATenByteVarint) {
  ByteBuffer out;
  encode_error_payload(out, Status(ErrorCode::kUnknownServerError, ""));
  EXPECT_EQ(to_hex(out.view()), "08ffffffffffffffffff01");
  const Status decoded = decode_error_payload(out.view());
  EXPECT_EQ(decoded.code(), ErrorCode::kUnknownServerError);
}

TEST(FrameTest, InternalCodesGoOutAsUnknownServerErrorWithTheirName) {
  ByteBuffer out;
  encode_error_payload(out, Status(ErrorCode::kCancelled, "stopping"));
  const Status decoded = decode_error_payload(out.view());
  EXPECT_EQ(decoded.code(), ErrorCode::kUnknownServerError);
  EXPECT_EQ(decoded.message(), "CANCELLED: stopping");
}

TEST(FrameTest, TheDefaultTextIsOmittedAndRestoredOnDecode) {
  // Java's ApiError: a message equal to the code's default text is not sent.
  ByteBuffer out;
  encode_error_response(out, 3, Status(ErrorCode::kTableNotExist, "The table does not exist."));
  EXPECT_EQ(to_hex(out.view()),
            "00000007"
            "01"
            "00000003"
            "0807");
  ASSERT_OK_AND_ASSIGN(ResponseFrame frame, parse_response(out.view().subspan(4)));
  EXPECT_THAT(decode_error_payload(frame.payload),
              StatusIsWith(ErrorCode::kTableNotExist, "The table does not exist."));
}

TEST(FrameTest, UnknownServerErrorMessagesAreCutTo2048Bytes) {
  ByteBuffer out;
  encode_error_payload(out, Status(ErrorCode::kUnknownServerError, std::string(5000, 'x')));
  EXPECT_EQ(decode_error_payload(out.view()).message().size(), 2048u);
  out.clear();
  encode_error_payload(out, Status(ErrorCode::kTableNotExist, std::string(5000, 'x')));
  EXPECT_EQ(decode_error_payload(out.view()).message().size(), 5000u);
}

TEST(FrameTest, ErrorPayloadRoundTripsAndSkipsUnknownFields) {
  ByteBuffer out;
  encode_error_payload(out, Status(ErrorCode::kCorruptMessage, "bad batch at offset 3"));
  // Unknown fields of every wire type, as a newer peer might send.
  out.append(from_hex("1801 210400000000000000").view());
  out.append(from_hex("2a0278792d01020304").view());
  const Status decoded = decode_error_payload(out.view());
  EXPECT_EQ(decoded.code(), ErrorCode::kCorruptMessage);
  EXPECT_EQ(decoded.message(), "bad batch at offset 3");
}

TEST(FrameTest, CorruptErrorPayloadsAreErrors) {
  EXPECT_THAT(decode_error_payload({}), StatusIsWith(ErrorCode::kCorruptMessage, "error_code"));
  EXPECT_THAT(decode_error_payload(from_hex("1201 78").view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "error_code"));
  EXPECT_THAT(decode_error_payload(from_hex("0807 1205 6162").view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "ErrorResponse"));
  EXPECT_THAT(decode_error_payload(from_hex("08").view()), StatusIs(ErrorCode::kCorruptMessage));
  EXPECT_THAT(decode_error_payload(from_hex("0807 0f").view()),
              StatusIs(ErrorCode::kCorruptMessage));
  // Code 0 (NONE) is no error: the Java client's fallback, UNKNOWN_SERVER_ERROR.
  EXPECT_THAT(decode_error_payload(from_hex("0800").view()),
              StatusIsWith(ErrorCode::kUnknownServerError, "NONE"));
}

TEST(FrameTest, ParsesResponsesOfEveryType) {
  const ByteBuffer success_bytes = from_hex("00 00000009 ff");
  ASSERT_OK_AND_ASSIGN(ResponseFrame success, parse_response(success_bytes.view()));
  EXPECT_EQ(success.type, ResponseType::kSuccess);
  EXPECT_EQ(success.request_id, 9);
  EXPECT_EQ(to_hex(success.payload), "ff");

  const ByteBuffer failure_bytes = from_hex("02 0801");
  ASSERT_OK_AND_ASSIGN(ResponseFrame failure, parse_response(failure_bytes.view()));
  EXPECT_EQ(failure.type, ResponseType::kServerFailure);
  EXPECT_FALSE(failure.request_id.has_value());
  EXPECT_EQ(to_hex(failure.payload), "0801");
}

TEST(FrameTest, ShortHeadersAndUnknownResponseTypesAreCorrupt) {
  EXPECT_THAT(parse_request(from_hex("03e8 0000 0000").view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "request frame"));
  EXPECT_THAT(parse_response(from_hex("00 0000").view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "response frame"));
  EXPECT_THAT(parse_response(from_hex("03 00000000").view()),
              StatusIsWith(ErrorCode::kCorruptMessage, "unknown response type 3"));
  EXPECT_THAT(parse_response({}), StatusIs(ErrorCode::kCorruptMessage));
}

TEST(FrameDecoderTest, NonPositiveLengthsAreErrors) {
  for (std::string_view length : {"00000000", "ffffffff", "80000000"}) {
    SCOPED_TRACE(length);
    FrameDecoder decoder;
    decoder.append(from_hex(length).view());
    EXPECT_THAT(decoder.next(), StatusIsWith(ErrorCode::kCorruptMessage, "is not positive"));
  }
}

TEST(FrameDecoderTest, OversizeLengthIsAnErrorBeforeTheBytesArrive) {
  FrameDecoder decoder(/*max_frame_size=*/16);
  decoder.append(from_hex("0000000c").view());  // 12 + 4 = 16: allowed
  ASSERT_OK_AND_ASSIGN(auto none, decoder.next());
  EXPECT_FALSE(none.has_value());

  FrameDecoder strict(/*max_frame_size=*/16);
  strict.append(from_hex("0000000d").view());  // 13 + 4 > 16
  EXPECT_THAT(strict.next(), StatusIsWith(ErrorCode::kCorruptMessage, "max-request-size"));
}

TEST(FrameDecoderTest, WaitsForTheWholeFrame) {
  const ByteBuffer frame = from_hex(kApiVersionsFrame);
  FrameDecoder decoder;
  for (size_t i = 0; i + 1 < frame.size(); ++i) {
    decoder.append(frame.view().subspan(i, 1));
    ASSERT_OK_AND_ASSIGN(auto none, decoder.next());
    EXPECT_FALSE(none.has_value()) << "after " << i + 1 << " bytes";
  }
  decoder.append(frame.view().subspan(frame.size() - 1));
  ASSERT_OK_AND_ASSIGN(auto whole, decoder.next());
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->size(), frame.size() - 4);
}

TEST(FrameDecoderTest, TakesALargeFrameOutOnlyWhenItIsNotYetWhole) {
  ByteBuffer frame;
  encode_request(frame, {.api_key = 1014, .api_version = 0, .request_id = 7},
                 as_bytes(std::string(1000, 'p')));
  FrameDecoder decoder;
  decoder.append(frame.view().first(10));  // the header is not all in yet
  EXPECT_FALSE(decoder.take_large_frame(100, kRequestHeaderSize).has_value());
  decoder.append(frame.view().subspan(10, 90));
  EXPECT_FALSE(decoder.take_large_frame(2000, kRequestHeaderSize).has_value()) << "too small";
  std::optional<FrameDecoder::LargeFrame> large = decoder.take_large_frame(100, kRequestHeaderSize);
  ASSERT_TRUE(large.has_value());
  EXPECT_EQ(decoder.buffered(), 0u);
  ASSERT_OK_AND_ASSIGN(RequestFrame head, parse_request(large->head.view()));
  EXPECT_EQ(head.header.request_id, 7);
  EXPECT_EQ(large->body.size(), 1000u);
  EXPECT_EQ(large->filled, 100u - 4 - 8);
  // A whole frame, and a bad length, stay for next().
  FrameDecoder whole;
  whole.append(frame.view());
  EXPECT_FALSE(whole.take_large_frame(100, kRequestHeaderSize).has_value());
  FrameDecoder bad;
  bad.append(from_hex("ffffffff0000000000000000").view());
  EXPECT_FALSE(bad.take_large_frame(1, kRequestHeaderSize).has_value());
  EXPECT_THAT(bad.next(), StatusIsWith(ErrorCode::kCorruptMessage, "is not positive"));
}

// Many frames of random sizes, delivered in random chunks through prepare /
// commit, come out whole and in order.
TEST(FrameDecoderTest, AnySplitOfTheStreamGivesTheSameFrames) {
  const uint64_t seed = test::seed_from_env();
  SCOPED_TRACE(test::seed_trace(seed));
  std::mt19937_64 rng(seed);

  ByteBuffer stream;
  std::vector<ByteBuffer> payloads;
  for (int i = 0; i < 200; ++i) {
    ByteBuffer payload;
    const size_t size = rng() % 4 == 0 ? rng() % 70000 : rng() % 64;
    for (size_t j = 0; j < size; ++j) payload.append_u8(static_cast<uint8_t>(rng()));
    encode_request(
        stream, {.api_key = static_cast<int16_t>(1000 + i % 64), .api_version = 0, .request_id = i},
        payload.view());
    payloads.push_back(std::move(payload));
  }

  FrameDecoder decoder;
  size_t sent = 0;
  int received = 0;
  while (received < static_cast<int>(payloads.size())) {
    ASSERT_LT(sent, stream.size() + 1);
    const size_t chunk = std::min<size_t>(stream.size() - sent, 1 + rng() % 9000);
    std::span<uint8_t> room = decoder.prepare(chunk);
    ASSERT_GE(room.size(), chunk);
    std::memcpy(room.data(), stream.data() + sent, chunk);
    decoder.commit(chunk);
    sent += chunk;
    while (true) {
      ASSERT_OK_AND_ASSIGN(auto frame, decoder.next());
      if (!frame) break;
      ASSERT_OK_AND_ASSIGN(RequestFrame request, parse_request(*frame));
      EXPECT_EQ(request.header.request_id, received);
      EXPECT_EQ(to_hex(request.payload), to_hex(payloads[received].view()));
      ++received;
    }
  }
  EXPECT_EQ(sent, stream.size());
  EXPECT_EQ(decoder.buffered(), 0u);
}

}  // namespace
}  // namespace fluss::rpc
