// SPDX-License-Identifier: Apache-2.0
#include "storage/kv/field_aggregators.h"

#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <variant>

#include "storage/kv/roaring_bitmap.h"

namespace fluss::storage {
namespace {

// Wrapping arithmetic of Java's (byte) / (short) / int / long casts, without UB.
template <typename T>
T wrap_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <typename T>
T wrap_mul(T a, T b) {
  using U = std::make_unsigned_t<std::conditional_t<(sizeof(T) < 4), int32_t, T>>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
}

__int128 pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

bool fits_precision(__int128 unscaled, int precision) {
  const __int128 limit = pow10(precision);
  return unscaled < limit && unscaled > -limit;
}

// A DECIMAL result that does not fit the column's precision is null (Java's
// Decimal.fromBigDecimal).
Datum decimal_or_null(__int128 unscaled, const Decimal& like) {
  if (!fits_precision(unscaled, like.precision)) return Null{};
  return Decimal{.unscaled = unscaled, .precision = like.precision, .scale = like.scale};
}

Datum sum(const Datum& a, const Datum& b) {
  return std::visit(
      [&](const auto& x) -> Datum {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b);
        if constexpr (std::is_same_v<T, int8_t> || std::is_same_v<T, int16_t> ||
                      std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
          return wrap_add(x, y);
        } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          return x + y;
        } else if constexpr (std::is_same_v<T, Decimal>) {
          __int128 r;
          if (__builtin_add_overflow(x.unscaled, y.unscaled, &r)) return Null{};
          return decimal_or_null(r, x);
        } else {
          return a;
        }
      },
      a);
}

// BigDecimal multiply, then setScale(scale, HALF_UP).
Datum decimal_product(const Decimal& x, const Decimal& y) {
  __int128 p;
  if (__builtin_mul_overflow(x.unscaled, y.unscaled, &p)) return Null{};
  const __int128 divisor = pow10(x.scale);
  __int128 q = p / divisor;
  const __int128 rem = p % divisor;
  const __int128 abs_rem = rem < 0 ? -rem : rem;
  if (abs_rem * 2 >= divisor) q += p < 0 ? -1 : 1;
  return decimal_or_null(q, x);
}

Datum product(const Datum& a, const Datum& b) {
  return std::visit(
      [&](const auto& x) -> Datum {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b);
        if constexpr (std::is_same_v<T, int8_t> || std::is_same_v<T, int16_t> ||
                      std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
          return wrap_mul(x, y);
        } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          return x * y;
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return decimal_product(x, y);
        } else {
          return a;
        }
      },
      a);
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Float.compare / Double.compare: -0.0 < 0.0, NaN above everything, NaN == NaN.
template <typename F>
int compare_floating(F a, F b) {
  if (a < b) return -1;
  if (a > b) return 1;
  const bool a_nan = std::isnan(a), b_nan = std::isnan(b);
  if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
  return three_way(std::signbit(b), std::signbit(a));
}

int compare_bytes(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

enum class Kind : uint8_t {
  kSum,
  kProduct,
  kMax,
  kMin,
  kLastValue,
  kLastValueIgnoreNulls,
  kFirstValue,
  kFirstValueIgnoreNulls,
  kListagg,
  kBoolAnd,
  kBoolOr,
};

class SimpleAggregator final : public FieldAggregator {
 public:
  SimpleAggregator(Kind kind, std::string delimiter)
      : kind_(kind), delimiter_(std::move(delimiter)) {}

  Result<Datum> agg(Datum accumulator, Datum input) override {
    switch (kind_) {
      case Kind::kLastValue:
        return input;
      case Kind::kLastValueIgnoreNulls:
        return is_null(input) ? std::move(accumulator) : std::move(input);
      case Kind::kFirstValue:
      case Kind::kFirstValueIgnoreNulls:
        // Fluss keeps a non-null stored value and otherwise takes the input:
        // the two behave alike on the server.
        return is_null(accumulator) ? std::move(input) : std::move(accumulator);
      default:
        break;
    }
    if (is_null(accumulator)) return input;
    if (is_null(input)) return accumulator;
    switch (kind_) {
      case Kind::kSum:
        return sum(accumulator, input);
      case Kind::kProduct:
        return product(accumulator, input);
      case Kind::kMax:
        return compare_datums(accumulator, input) < 0 ? std::move(input) : std::move(accumulator);
      case Kind::kMin:
        return compare_datums(accumulator, input) < 0 ? std::move(accumulator) : std::move(input);
      case Kind::kListagg: {
        std::string& s = std::get<std::string>(accumulator);
        s += delimiter_;
        s += std::get<std::string>(input);
        return accumulator;
      }
      case Kind::kBoolAnd:
        return Datum(std::get<bool>(accumulator) && std::get<bool>(input));
      case Kind::kBoolOr:
        return Datum(std::get<bool>(accumulator) || std::get<bool>(input));
      default:
        return input;
    }
  }

 private:
  Kind kind_;
  std::string delimiter_;
};

// rbm32 / rbm64: the union of two Roaring bitmaps (RoaringBitmap32's portable
// format, RoaringBitmap64's Java Roaring64Bitmap layout).
template <typename Bitmap>
class RoaringBitmapAggregator final : public FieldAggregator {
 public:
  RoaringBitmapAggregator(std::string column, std::string_view function)
      : column_(std::move(column)), function_(function) {}

  Result<Datum> agg(Datum accumulator, Datum input) override {
    if (is_null(accumulator)) return input;
    if (is_null(input)) return accumulator;
    FLUSS_ASSIGN_OR_RETURN(Bitmap acc, parse(std::get<Binary>(accumulator)));
    FLUSS_ASSIGN_OR_RETURN(Bitmap in, parse(std::get<Binary>(input)));
    acc.or_with(in);
    std::vector<uint8_t> bytes = acc.serialize();
    return Datum(Binary{std::string(bytes.begin(), bytes.end())});
  }

 private:
  Result<Bitmap> parse(const Binary& value) const {
    auto bitmap = Bitmap::deserialize(as_bytes(std::string_view(value.bytes)));
    if (!bitmap.ok()) {
      return bitmap.status().with_context(
          fmt::format("{} value of column '{}'", function_, column_));
    }
    return bitmap;
  }

  std::string column_;
  std::string_view function_;
};

}  // namespace

int compare_datums(const Datum& a, const Datum& b) {
  return std::visit(
      [&](const auto& x) -> int {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Null> || std::is_same_v<T, GenericArray> ||
                      std::is_same_v<T, std::shared_ptr<const GenericArray>> ||
                      std::is_same_v<T, std::shared_ptr<const GenericMap>> ||
                      std::is_same_v<T, std::shared_ptr<const GenericRow>>) {
          return 0;
        } else {
          const T* y = std::get_if<T>(&b);
          if (y == nullptr) return 0;
          if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
            return compare_floating(x, *y);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return compare_bytes(x, *y);
          } else if constexpr (std::is_same_v<T, Binary>) {
            return compare_bytes(x.bytes, y->bytes);
          } else if constexpr (std::is_same_v<T, Decimal>) {
            return three_way(x.unscaled, y->unscaled);
          } else if constexpr (std::is_same_v<T, TimestampNtz>) {
            return three_way(std::pair(x.millisecond, x.nano_of_millisecond),
                             std::pair(y->millisecond, y->nano_of_millisecond));
          } else if constexpr (std::is_same_v<T, TimestampLtz>) {
            return three_way(std::pair(x.epoch_millisecond, x.nano_of_millisecond),
                             std::pair(y->epoch_millisecond, y->nano_of_millisecond));
          } else {
            return three_way(x, *y);
          }
        }
      },
      a);
}

AggFunction effective_agg_function(const Column& column, bool is_primary_key) {
  if (is_primary_key) return AggFunction{.type = AggFunctionType::kLastValue};
  if (column.agg_function) return *column.agg_function;
  return AggFunction{.type = AggFunctionType::kLastValueIgnoreNulls};
}

Result<std::unique_ptr<FieldAggregator>> create_field_aggregator(const AggFunction& function,
                                                                 const DataType& type,
                                                                 std::string_view column) {
  if (Status s = function.validate_parameters(); !s.ok()) {
    return s.with_context(fmt::format("column '{}'", column));
  }
  if (Status s = function.validate_data_type(type); !s.ok()) {
    return s.with_context(fmt::format("column '{}'", column));
  }
  auto simple = [](Kind kind, std::string delimiter = {}) -> std::unique_ptr<FieldAggregator> {
    return std::make_unique<SimpleAggregator>(kind, std::move(delimiter));
  };
  switch (function.type) {
    case AggFunctionType::kSum:
      return simple(Kind::kSum);
    case AggFunctionType::kProduct:
      return simple(Kind::kProduct);
    case AggFunctionType::kMax:
      return simple(Kind::kMax);
    case AggFunctionType::kMin:
      return simple(Kind::kMin);
    case AggFunctionType::kLastValue:
      return simple(Kind::kLastValue);
    case AggFunctionType::kLastValueIgnoreNulls:
      return simple(Kind::kLastValueIgnoreNulls);
    case AggFunctionType::kFirstValue:
      return simple(Kind::kFirstValue);
    case AggFunctionType::kFirstValueIgnoreNulls:
      return simple(Kind::kFirstValueIgnoreNulls);
    case AggFunctionType::kListagg:
    case AggFunctionType::kStringAgg: {
      const auto delimiter = function.parameters.get(AggFunction::kDelimiter);
      return simple(Kind::kListagg, std::string(delimiter.value_or(",")));
    }
    case AggFunctionType::kBoolAnd:
      return simple(Kind::kBoolAnd);
    case AggFunctionType::kBoolOr:
      return simple(Kind::kBoolOr);
    case AggFunctionType::kRbm32:
      return std::unique_ptr<FieldAggregator>(
          std::make_unique<RoaringBitmapAggregator<RoaringBitmap32>>(std::string(column), "rbm32"));
    case AggFunctionType::kRbm64:
      return std::unique_ptr<FieldAggregator>(
          std::make_unique<RoaringBitmapAggregator<RoaringBitmap64>>(std::string(column), "rbm64"));
  }
  return make_error(ErrorCode::kInvalidConfigException,
                    "aggregation function '{}' of column '{}' is not supported",
                    agg_function_type_name(function.type), column);
}

}  // namespace fluss::storage
