// SPDX-License-Identifier: Apache-2.0
// Java's string forms of values, where Fluss turns values into strings that
// must match byte for byte (partition names, Hudi record keys). Private to
// record/key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fluss::key_internal {

// Float.toString / Double.toString (JDK 19+: the shortest digits that round-trip):
// "5.73", "1.0E10", "1.0E-5", "-0.0", "NaN", "Infinity".
std::string java_float_to_string(float v);
std::string java_double_to_string(double v);

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};
// The proleptic Gregorian date `days` after 1970-01-01.
CivilDate civil_from_days(int64_t days);

// BigDecimal.toPlainString of unscaled * 10^-scale: "123.45", "-0.05", "7".
std::string decimal_to_plain_string(__int128 unscaled, int scale);

// LocalDateTime.toString of the wall clock `millis` + `nanos` after the epoch:
// "2023-10-25T11:21:13.182123" (seconds and fraction only when non-zero; the
// fraction in groups of 3 digits).
std::string java_local_date_time_string(int64_t millis, int32_t nanos);
// Instant.toString: the same in UTC with seconds always present and a 'Z'.
std::string java_instant_string(int64_t millis, int32_t nanos);

}  // namespace fluss::key_internal
