// SPDX-License-Identifier: Apache-2.0
#include "record/key/java_strings.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace fluss::key_internal {

namespace {

// Java's Float/Double.toString layout of the shortest round-trip digits.
template <typename T>
std::string java_floating_to_string(T v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  std::string out = std::signbit(v) ? "-" : "";
  if (v == 0) return out + "0.0";
  char buf[64];
  const auto res =
      std::to_chars(buf, buf + sizeof(buf), std::fabs(v), std::chars_format::scientific);
  const std::string_view s(buf, res.ptr - buf);
  const size_t e_at = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e_at)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(s.data() + e_at + 1 + (s[e_at + 1] == '+' ? 1 : 0), s.data() + s.size(),
                  exponent);
  const T magnitude = std::fabs(v);
  if (magnitude >= T(1e-3) && magnitude < T(1e7)) {
    if (exponent >= 0) {
      const size_t int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out += digits + std::string(int_len - digits.size(), '0') + ".0";
      } else {
        out += digits.substr(0, int_len) + "." + digits.substr(int_len);
      }
    } else {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
  return out + "E" + std::to_string(exponent);
}

std::string year_string(int64_t year) {
  if (year > 9999) return fmt::format("+{}", year);
  if (year < 0) return fmt::format("-{:04d}", -year);
  return fmt::format("{:04d}", year);
}

struct DateTime {
  CivilDate date;
  int hour, minute, second;
  int32_t nano_of_second;
};

DateTime split(int64_t millis, int32_t nanos) {
  const int64_t ms_per_day = 86'400'000;
  int64_t days = millis / ms_per_day;
  int64_t ms_of_day = millis % ms_per_day;
  if (ms_of_day < 0) {
    ms_of_day += ms_per_day;
    --days;
  }
  DateTime t;
  t.date = civil_from_days(days);
  t.hour = static_cast<int>(ms_of_day / 3'600'000);
  t.minute = static_cast<int>(ms_of_day / 60'000 % 60);
  t.second = static_cast<int>(ms_of_day / 1000 % 60);
  t.nano_of_second = static_cast<int32_t>(ms_of_day % 1000) * 1'000'000 + nanos;
  return t;
}

std::string fraction(int32_t nano) {
  if (nano % 1'000'000 == 0) return fmt::format(".{:03d}", nano / 1'000'000);
  if (nano % 1000 == 0) return fmt::format(".{:06d}", nano / 1000);
  return fmt::format(".{:09d}", nano);
}

std::string date_time(const DateTime& t) {
  return fmt::format("{}-{:02d}-{:02d}T{:02d}:{:02d}", year_string(t.date.year), t.date.month,
                     t.date.day, t.hour, t.minute);
}

}  // namespace

std::string java_float_to_string(float v) { return java_floating_to_string(v); }
std::string java_double_to_string(double v) { return java_floating_to_string(v); }

CivilDate civil_from_days(int64_t days) {
  // Howard Hinnant's days_from_civil inverse.
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::string decimal_to_plain_string(__int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(unscaled)
                                 : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  std::string out = negative ? "-" : "";
  if (scale <= 0) return out + digits + std::string(static_cast<size_t>(-scale), '0');
  const size_t s = static_cast<size_t>(scale);
  if (digits.size() > s) {
    return out + digits.substr(0, digits.size() - s) + "." + digits.substr(digits.size() - s);
  }
  return out + "0." + std::string(s - digits.size(), '0') + digits;
}

std::string java_local_date_time_string(int64_t millis, int32_t nanos) {
  const DateTime t = split(millis, nanos);
  std::string s = date_time(t);
  if (t.second > 0 || t.nano_of_second > 0) s += fmt::format(":{:02d}", t.second);
  if (t.nano_of_second > 0) s += fraction(t.nano_of_second);
  return s;
}

std::string java_instant_string(int64_t millis, int32_t nanos) {
  const DateTime t = split(millis, nanos);
  std::string s = date_time(t) + fmt::format(":{:02d}", t.second);
  if (t.nano_of_second > 0) s += fraction(t.nano_of_second);
  return s + "Z";
}

}  // namespace fluss::key_internal
