// SPDX-License-Identifier: Apache-2.0
#include "sql/expression_evaluator.h"

// g++ 12 reports false "may be used uninitialized" warnings when building the Value
// variant from trivially-copyable alternatives at -O1 with sanitizers.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <variant>

#include "record/generic_row.h"

namespace fluss::sql {
namespace {

using Int128 = __int128;

// Exact numerics: unscaled / 10^scale, at most 38 digits.
struct Exact {
  Int128 unscaled = 0;
  int scale = 0;
};
struct DateValue {
  int32_t days = 0;
};
struct TimeValue {
  int32_t millis = 0;
};

// A scalar intermediate value: literals before they meet a column type.
using Value = std::variant<Null, bool, Exact, double, std::string, Binary, DateValue, TimeValue,
                           TimestampNtz, TimestampLtz>;

constexpr Int128 pow10(int n) {
  Int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}
constexpr Int128 kMaxUnscaled = pow10(38);

std::string exact_to_string(const Exact& e) {
  return to_plain_string(Decimal{.unscaled = e.unscaled, .precision = 38, .scale = e.scale});
}

std::string describe(const Value& v) {
  struct V {
    std::string operator()(Null) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "TRUE" : "FALSE"; }
    std::string operator()(const Exact& e) const { return exact_to_string(e); }
    std::string operator()(double d) const { return fmt::format("{} (a DOUBLE)", d); }
    std::string operator()(const std::string& s) const { return fmt::format("'{}' (a string)", s); }
    std::string operator()(const Binary& b) const {
      return datum_to_string(Datum(b)) + " (binary)";
    }
    std::string operator()(DateValue d) const { return fmt::format("a DATE ({} days)", d.days); }
    std::string operator()(TimeValue t) const { return fmt::format("a TIME ({} ms)", t.millis); }
    std::string operator()(const TimestampNtz&) const { return "a TIMESTAMP"; }
    std::string operator()(const TimestampLtz&) const { return "a TIMESTAMP_LTZ"; }
  };
  return std::visit(V{}, v);
}

Status type_error(std::string_view column, const DataType& type, std::string_view what) {
  return make_error(kSqlErrorCode, "column '{}' ({}): {}", column, type.to_string(), what);
}

long double exact_to_double(const Exact& e) {
  return static_cast<long double>(e.unscaled) / static_cast<long double>(pow10(e.scale));
}

int digits_of(Int128 v) {
  int n = 1;
  if (v < 0) v = -v;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// Rescales to `scale`, rounding half away from zero when digits are dropped; nullopt
// when the result would need more than 38 digits.
std::optional<Exact> rescale(const Exact& e, int scale) {
  if (scale >= e.scale) {
    if (e.unscaled != 0 && digits_of(e.unscaled) + (scale - e.scale) > 38) return std::nullopt;
    return Exact{e.unscaled * pow10(scale - e.scale), scale};
  }
  Int128 divisor = pow10(e.scale - scale);
  Int128 q = e.unscaled / divisor;
  Int128 r = e.unscaled % divisor;
  if (r * 2 >= divisor) ++q;
  if (r * 2 <= -divisor) --q;
  return Exact{q, scale};
}

Result<Exact> parse_exact(const Literal& l, Position at) {
  Exact e;
  bool seen_point = false;
  int digits = 0;
  for (char c : l.text) {
    if (c == '.') {
      seen_point = true;
      continue;
    }
    if (digits > 0 || c != '0') ++digits;
    if (digits > 38) {
      return parse_error(at, fmt::format("number {} has more than 38 digits", l.text));
    }
    e.unscaled = e.unscaled * 10 + (c - '0');
    if (seen_point) ++e.scale;
  }
  if (e.scale > 38) return parse_error(at, fmt::format("number {} has too many digits", l.text));
  return e;
}

bool parse_int(std::string_view text, int min_digits, int max_digits, int& out) {
  if (static_cast<int>(text.size()) < min_digits || static_cast<int>(text.size()) > max_digits) {
    return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// 'HH:MM[:SS[.fffffffff]]' -> nanoseconds of the day.
std::optional<int64_t> parse_time_nanos(std::string_view text) {
  int h = 0, m = 0, s = 0;
  size_t c1 = text.find(':');
  if (c1 == std::string_view::npos || !parse_int(text.substr(0, c1), 1, 2, h)) return std::nullopt;
  std::string_view rest = text.substr(c1 + 1);
  size_t c2 = rest.find(':');
  if (!parse_int(rest.substr(0, c2), 2, 2, m)) return std::nullopt;
  int64_t nanos = 0;
  if (c2 != std::string_view::npos) {
    std::string_view sec = rest.substr(c2 + 1);
    size_t dot = sec.find('.');
    if (!parse_int(sec.substr(0, dot), 2, 2, s)) return std::nullopt;
    if (dot != std::string_view::npos) {
      std::string_view frac = sec.substr(dot + 1);
      if (frac.empty() || frac.size() > 9) return std::nullopt;
      for (size_t i = 0; i < 9; ++i) {
        char c = i < frac.size() ? frac[i] : '0';
        if (c < '0' || c > '9') return std::nullopt;
        nanos = nanos * 10 + (c - '0');
      }
    }
  }
  if (h > 23 || m > 59 || s > 59) return std::nullopt;
  return ((h * 60 + m) * 60 + s) * 1'000'000'000LL + nanos;
}

std::optional<TimestampNtz> parse_timestamp(std::string_view text) {
  size_t sep = text.find_first_of(" T");
  auto days = parse_date(text.substr(0, sep));
  if (!days) return std::nullopt;
  int64_t nanos = 0;
  if (sep != std::string_view::npos) {
    auto t = parse_time_nanos(text.substr(sep + 1));
    if (!t) return std::nullopt;
    nanos = *t;
  }
  return TimestampNtz{.millisecond = int64_t{*days} * 86'400'000 + nanos / 1'000'000,
                      .nano_of_millisecond = static_cast<int32_t>(nanos % 1'000'000)};
}

// Drops sub-precision digits (TIMESTAMP(p) keeps p fractional digits of the second).
TimestampNtz truncate(TimestampNtz ts, int precision) {
  int64_t nanos_of_second =
      ((ts.millisecond % 1000 + 1000) % 1000) * 1'000'000 + ts.nano_of_millisecond;
  int64_t unit = static_cast<int64_t>(pow10(9 - precision));
  int64_t kept = nanos_of_second / unit * unit;
  int64_t second_millis = ts.millisecond - ((ts.millisecond % 1000 + 1000) % 1000);
  return TimestampNtz{.millisecond = second_millis + kept / 1'000'000,
                      .nano_of_millisecond = static_cast<int32_t>(kept % 1'000'000)};
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

Result<Value> eval(const Expr& expr, const RowScope* scope);

Result<Value> literal_value(const Literal& l, Position at) {
  using Kind = Literal::Kind;
  switch (l.kind) {
    case Kind::kNull:
      return Value(Null{});
    case Kind::kBoolean:
      return Value(l.text == "TRUE");
    case Kind::kInteger:
    case Kind::kDecimal: {
      FLUSS_ASSIGN_OR_RETURN(Exact e, parse_exact(l, at));
      return Value(e);
    }
    case Kind::kFloat: {
      // std::from_chars for double is in libstdc++ 11+.
      double d = 0;
      auto [end, ec] = std::from_chars(l.text.data(), l.text.data() + l.text.size(), d);
      if (ec != std::errc() || end != l.text.data() + l.text.size()) {
        return parse_error(at, fmt::format("number {} is out of range for DOUBLE", l.text));
      }
      return Value(d);
    }
    case Kind::kString:
      return Value(l.text);
    case Kind::kBinary: {
      Binary b;
      for (size_t i = 0; i + 1 < l.text.size(); i += 2) {
        b.bytes.push_back(static_cast<char>(std::stoi(l.text.substr(i, 2), nullptr, 16)));
      }
      return Value(std::move(b));
    }
    case Kind::kDate: {
      auto days = parse_date(l.text);
      if (!days) return parse_error(at, fmt::format("'{}' is not a DATE 'yyyy-mm-dd'", l.text));
      return Value(DateValue{*days});
    }
    case Kind::kTime: {
      auto nanos = parse_time_nanos(l.text);
      if (!nanos) return parse_error(at, fmt::format("'{}' is not a TIME 'hh:mm:ss'", l.text));
      return Value(TimeValue{static_cast<int32_t>(*nanos / 1'000'000)});
    }
    case Kind::kTimestamp: {
      auto ts = parse_timestamp(l.text);
      if (!ts) {
        return parse_error(
            at, fmt::format("'{}' is not a TIMESTAMP 'yyyy-mm-dd hh:mm:ss[.f...]'", l.text));
      }
      return Value(*ts);
    }
  }
  return Value(Null{});
}

Status eval_error(Position at, std::string_view what) {
  return make_error(kSqlErrorCode, "at line {}, column {}: {}", at.line, at.column, what);
}

Result<Value> arithmetic(BinaryExpr::Op op, const Value& a, const Value& b, Position at) {
  if (std::holds_alternative<Null>(a) || std::holds_alternative<Null>(b)) return Value(Null{});
  const Exact* ea = std::get_if<Exact>(&a);
  const Exact* eb = std::get_if<Exact>(&b);
  bool da = std::holds_alternative<double>(a);
  bool db = std::holds_alternative<double>(b);
  if (!(ea || da) || !(eb || db)) {
    return eval_error(at, fmt::format("cannot apply '{}' to {} and {}", binary_op_symbol(op),
                                      describe(a), describe(b)));
  }
  if (ea && eb && op != BinaryExpr::Op::kDiv) {
    Exact r;
    if (op == BinaryExpr::Op::kMul) {
      if (digits_of(ea->unscaled) + digits_of(eb->unscaled) > 38) {
        return eval_error(at, "numeric overflow in '*'");
      }
      r = Exact{ea->unscaled * eb->unscaled, ea->scale + eb->scale};
    } else {
      int scale = std::max(ea->scale, eb->scale);
      std::optional<Exact> x = rescale(*ea, scale);
      std::optional<Exact> y = rescale(*eb, scale);
      r.scale = scale;
      bool overflow = !x || !y ||
                      (op == BinaryExpr::Op::kAdd
                           ? __builtin_add_overflow(x->unscaled, y->unscaled, &r.unscaled)
                           : __builtin_sub_overflow(x->unscaled, y->unscaled, &r.unscaled));
      if (overflow) {
        return eval_error(at, fmt::format("numeric overflow in '{}'", binary_op_symbol(op)));
      }
    }
    if (r.unscaled >= kMaxUnscaled || r.unscaled <= -kMaxUnscaled || r.scale > 38) {
      return eval_error(at, fmt::format("numeric overflow in '{}'", binary_op_symbol(op)));
    }
    return Value(r);
  }
  if (ea && eb && ea->scale == 0 && eb->scale == 0) {
    if (eb->unscaled == 0) return eval_error(at, "division by zero");
    return Value(Exact{ea->unscaled / eb->unscaled, 0});
  }
  long double x = ea ? exact_to_double(*ea) : std::get<double>(a);
  long double y = eb ? exact_to_double(*eb) : std::get<double>(b);
  switch (op) {
    case BinaryExpr::Op::kAdd:
      return Value(static_cast<double>(x + y));
    case BinaryExpr::Op::kSub:
      return Value(static_cast<double>(x - y));
    case BinaryExpr::Op::kMul:
      return Value(static_cast<double>(x * y));
    default:
      if (y == 0) return eval_error(at, "division by zero");
      return Value(static_cast<double>(x / y));
  }
}

// -1, 0, 1; nullopt when the values do not compare.
std::optional<int> compare(const Value& a, const Value& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  const Exact* ea = std::get_if<Exact>(&a);
  const Exact* eb = std::get_if<Exact>(&b);
  if (ea && eb) {
    int scale = std::max(ea->scale, eb->scale);
    std::optional<Exact> x = rescale(*ea, scale);
    std::optional<Exact> y = rescale(*eb, scale);
    if (x && y) return sign(x->unscaled, y->unscaled);
  }
  bool na = ea || std::holds_alternative<double>(a);
  bool nb = eb || std::holds_alternative<double>(b);
  if (na && nb) {
    long double x = ea ? exact_to_double(*ea) : std::get<double>(a);
    long double y = eb ? exact_to_double(*eb) : std::get<double>(b);
    return sign(x, y);
  }
  if (a.index() != b.index()) return std::nullopt;
  if (auto* s = std::get_if<std::string>(&a)) return sign(*s, std::get<std::string>(b));
  if (auto* x = std::get_if<bool>(&a)) return sign(*x, std::get<bool>(b));
  if (auto* x = std::get_if<Binary>(&a)) return sign(x->bytes, std::get<Binary>(b).bytes);
  if (auto* x = std::get_if<DateValue>(&a)) return sign(x->days, std::get<DateValue>(b).days);
  if (auto* x = std::get_if<TimeValue>(&a)) return sign(x->millis, std::get<TimeValue>(b).millis);
  if (auto* x = std::get_if<TimestampNtz>(&a)) {
    const auto& y = std::get<TimestampNtz>(b);
    return sign(std::pair(x->millisecond, x->nano_of_millisecond),
                std::pair(y.millisecond, y.nano_of_millisecond));
  }
  if (auto* x = std::get_if<TimestampLtz>(&a)) {
    const auto& y = std::get<TimestampLtz>(b);
    return sign(std::pair(x->epoch_millisecond, x->nano_of_millisecond),
                std::pair(y.epoch_millisecond, y.nano_of_millisecond));
  }
  return std::nullopt;
}

Result<Value> datum_to_value(const Datum& d, Position at) {
  struct V {
    Position at;
    Result<Value> operator()(Null) const { return Value(Null{}); }
    Result<Value> operator()(bool b) const { return Value(b); }
    Result<Value> operator()(int8_t v) const { return Value(Exact{v, 0}); }
    Result<Value> operator()(int16_t v) const { return Value(Exact{v, 0}); }
    Result<Value> operator()(int32_t v) const { return Value(Exact{v, 0}); }
    Result<Value> operator()(int64_t v) const { return Value(Exact{v, 0}); }
    Result<Value> operator()(float v) const { return Value(static_cast<double>(v)); }
    Result<Value> operator()(double v) const { return Value(v); }
    Result<Value> operator()(const std::string& v) const { return Value(v); }
    Result<Value> operator()(const Binary& v) const { return Value(v); }
    Result<Value> operator()(const Decimal& v) const { return Value(Exact{v.unscaled, v.scale}); }
    Result<Value> operator()(const TimestampNtz& v) const { return Value(v); }
    Result<Value> operator()(const TimestampLtz& v) const { return Value(v); }
    Result<Value> operator()(const std::shared_ptr<const GenericArray>&) const { return nested(); }
    Result<Value> operator()(const std::shared_ptr<const GenericMap>&) const { return nested(); }
    Result<Value> operator()(const std::shared_ptr<const GenericRow>&) const { return nested(); }
    Result<Value> nested() const {
      return eval_error(at, "ARRAY, MAP and ROW values cannot be used in an expression");
    }
  };
  return std::visit(V{at}, d);
}

Result<Datum> coerce(const Value& v, const DataType& type, std::string_view column);
Result<Datum> evaluate_typed(const Expr& expr, const DataType& type, std::string_view column,
                             const RowScope* scope);

// A column's value as an expression value: DATE and TIME columns hold int32 days and
// milliseconds, which compare with DATE / TIME literals rather than with numbers.
Result<Value> column_value(const ColumnRef& ref, const RowScope& scope, Position at) {
  std::optional<int> index = scope.schema.column_index(ref.name);
  if (!index || static_cast<size_t>(*index) >= scope.row.arity()) {
    return eval_error(at, fmt::format("column '{}' does not exist; the columns are {}", ref.name,
                                      fmt::join(scope.schema.column_names(), ", ")));
  }
  const Datum& d = scope.row[static_cast<size_t>(*index)];
  TypeRoot root = scope.schema.columns()[static_cast<size_t>(*index)].type.root();
  if (const auto* v = std::get_if<int32_t>(&d)) {
    if (root == TypeRoot::kDate) return Value(DateValue{*v});
    if (root == TypeRoot::kTime) return Value(TimeValue{*v});
  }
  return datum_to_value(d, at);
}

Result<Value> eval(const Expr& expr, const RowScope* scope) {
  Position at = expr.position;
  if (const auto* l = std::get_if<Literal>(&expr.node)) return literal_value(*l, at);
  if (const auto* c = std::get_if<ColumnRef>(&expr.node)) {
    if (scope != nullptr) return column_value(*c, *scope, at);
    return eval_error(
        at, fmt::format("column '{}' cannot be used here: a constant is expected", c->name));
  }
  if (const auto* u = std::get_if<UnaryExpr>(&expr.node)) {
    FLUSS_ASSIGN_OR_RETURN(Value v, eval(*u->operand, scope));
    if (std::holds_alternative<Null>(v)) return v;
    if (u->op == UnaryExpr::Op::kNot) {
      if (!std::holds_alternative<bool>(v)) {
        return eval_error(at, fmt::format("NOT needs a BOOLEAN, not {}", describe(v)));
      }
      return Value(!std::get<bool>(v));
    }
    if (auto* e = std::get_if<Exact>(&v)) {
      return u->op == UnaryExpr::Op::kNegate ? Value(Exact{-e->unscaled, e->scale}) : v;
    }
    if (auto* d = std::get_if<double>(&v)) return u->op == UnaryExpr::Op::kNegate ? Value(-*d) : v;
    return eval_error(at, fmt::format("cannot negate {}", describe(v)));
  }
  if (const auto* b = std::get_if<BinaryExpr>(&expr.node)) {
    FLUSS_ASSIGN_OR_RETURN(Value left, eval(*b->left, scope));
    FLUSS_ASSIGN_OR_RETURN(Value right, eval(*b->right, scope));
    using Op = BinaryExpr::Op;
    switch (b->op) {
      case Op::kAnd:
      case Op::kOr: {
        for (const Value* side : {&left, &right}) {
          if (!std::holds_alternative<Null>(*side) && !std::holds_alternative<bool>(*side)) {
            return eval_error(at, fmt::format("{} needs BOOLEAN operands, not {}",
                                              binary_op_symbol(b->op), describe(*side)));
          }
        }
        bool is_and = b->op == Op::kAnd;
        // Three-valued logic: FALSE AND x = FALSE, TRUE OR x = TRUE, else NULL wins.
        for (const Value* side : {&left, &right}) {
          if (auto* x = std::get_if<bool>(side); x && *x != is_and) return Value(*x);
        }
        if (std::holds_alternative<Null>(left) || std::holds_alternative<Null>(right)) {
          return Value(Null{});
        }
        return Value(is_and);
      }
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
        return arithmetic(b->op, left, right, at);
      default: {
        if (std::holds_alternative<Null>(left) || std::holds_alternative<Null>(right)) {
          return Value(Null{});
        }
        std::optional<int> c = compare(left, right);
        if (!c) {
          return eval_error(
              at, fmt::format("cannot compare {} with {}", describe(left), describe(right)));
        }
        switch (b->op) {
          case Op::kEq:
            return Value(*c == 0);
          case Op::kNe:
            return Value(*c != 0);
          case Op::kLt:
            return Value(*c < 0);
          case Op::kLe:
            return Value(*c <= 0);
          case Op::kGt:
            return Value(*c > 0);
          default:
            return Value(*c >= 0);
        }
      }
    }
  }
  if (const auto* n = std::get_if<IsNullExpr>(&expr.node)) {
    FLUSS_ASSIGN_OR_RETURN(Value v, eval(*n->operand, scope));
    return Value(std::holds_alternative<Null>(v) != n->negated);
  }
  if (const auto* c = std::get_if<CastExpr>(&expr.node)) {
    FLUSS_ASSIGN_OR_RETURN(Datum d, evaluate_typed(*c->operand, c->type, "CAST", scope));
    return datum_to_value(d, at);
  }
  return eval_error(at, "ARRAY, MAP and ROW values can only be assigned to columns of those types");
}

Result<Datum> coerce(const Value& v, const DataType& type, std::string_view column) {
  if (std::holds_alternative<Null>(v)) {
    if (!type.nullable()) return type_error(column, type, "NULL is not allowed: it is NOT NULL");
    return Datum(Null{});
  }
  auto mismatch = [&]() {
    return type_error(column, type, fmt::format("cannot assign {}", describe(v)));
  };
  const Exact* exact = std::get_if<Exact>(&v);
  const std::string* str = std::get_if<std::string>(&v);
  switch (type.root()) {
    case TypeRoot::kBoolean:
      if (auto* b = std::get_if<bool>(&v)) return Datum(*b);
      return mismatch();
    case TypeRoot::kTinyInt:
    case TypeRoot::kSmallInt:
    case TypeRoot::kInt:
    case TypeRoot::kBigInt: {
      if (!exact) return mismatch();
      if (exact->unscaled % pow10(exact->scale) != 0) {
        return type_error(column, type,
                          fmt::format("{} is not an integer", exact_to_string(*exact)));
      }
      Int128 n = exact->unscaled / pow10(exact->scale);
      auto fits = [&](auto sample) {
        using T = decltype(sample);
        return n >= std::numeric_limits<T>::min() && n <= std::numeric_limits<T>::max();
      };
      bool ok = type.root() == TypeRoot::kTinyInt    ? fits(int8_t{})
                : type.root() == TypeRoot::kSmallInt ? fits(int16_t{})
                : type.root() == TypeRoot::kInt      ? fits(int32_t{})
                                                     : fits(int64_t{});
      if (!ok) {
        return type_error(column, type, fmt::format("{} is out of range", exact_to_string(*exact)));
      }
      switch (type.root()) {
        case TypeRoot::kTinyInt:
          return Datum(static_cast<int8_t>(n));
        case TypeRoot::kSmallInt:
          return Datum(static_cast<int16_t>(n));
        case TypeRoot::kInt:
          return Datum(static_cast<int32_t>(n));
        default:
          return Datum(static_cast<int64_t>(n));
      }
    }
    case TypeRoot::kFloat:
    case TypeRoot::kDouble: {
      double d = 0;
      if (exact) {
        d = static_cast<double>(exact_to_double(*exact));
      } else if (auto* x = std::get_if<double>(&v)) {
        d = *x;
      } else {
        return mismatch();
      }
      if (type.root() == TypeRoot::kFloat) {
        if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max()) {
          return type_error(column, type, fmt::format("{} is out of range", d));
        }
        return Datum(static_cast<float>(d));
      }
      return Datum(d);
    }
    case TypeRoot::kDecimal: {
      Exact e;
      if (exact) {
        std::optional<Exact> scaled = rescale(*exact, type.scale());
        if (!scaled) {
          return type_error(column, type, fmt::format("{} does not fit", exact_to_string(*exact)));
        }
        e = *scaled;
      } else if (auto* x = std::get_if<double>(&v)) {
        long double scaled = std::round(static_cast<long double>(*x) *
                                        static_cast<long double>(pow10(type.scale())));
        if (!std::isfinite(scaled) || std::fabs(scaled) >= 1e38L) {
          return type_error(column, type, fmt::format("{} does not fit", *x));
        }
        e = Exact{static_cast<Int128>(scaled), type.scale()};
      } else {
        return mismatch();
      }
      if (e.unscaled >= pow10(type.precision()) || e.unscaled <= -pow10(type.precision())) {
        return type_error(
            column, type,
            fmt::format("{} does not fit", exact ? exact_to_string(*exact) : exact_to_string(e)));
      }
      return Datum(
          Decimal{.unscaled = e.unscaled, .precision = type.precision(), .scale = type.scale()});
    }
    case TypeRoot::kChar:
    case TypeRoot::kString:
      if (!str) return mismatch();
      if (type.root() == TypeRoot::kChar &&
          utf8_length(*str) > static_cast<size_t>(type.length())) {
        return type_error(column, type,
                          fmt::format("'{}' is longer than {} characters", *str, type.length()));
      }
      return Datum(*str);
    case TypeRoot::kBinary:
    case TypeRoot::kBytes: {
      Binary b;
      if (str) {
        b.bytes = *str;
      } else if (auto* x = std::get_if<Binary>(&v)) {
        b = *x;
      } else {
        return mismatch();
      }
      if (type.root() == TypeRoot::kBinary && b.bytes.size() > static_cast<size_t>(type.length())) {
        return type_error(
            column, type,
            fmt::format("{} bytes do not fit {} bytes", b.bytes.size(), type.length()));
      }
      return Datum(std::move(b));
    }
    case TypeRoot::kDate:
      if (auto* d = std::get_if<DateValue>(&v)) return Datum(d->days);
      if (str) {
        if (auto days = parse_date(*str)) return Datum(*days);
        return type_error(column, type, fmt::format("'{}' is not a date 'yyyy-mm-dd'", *str));
      }
      return mismatch();
    case TypeRoot::kTime:
      if (auto* t = std::get_if<TimeValue>(&v)) return Datum(t->millis);
      if (str) {
        if (auto nanos = parse_time_nanos(*str)) {
          return Datum(static_cast<int32_t>(*nanos / 1'000'000));
        }
        return type_error(column, type, fmt::format("'{}' is not a time 'hh:mm:ss'", *str));
      }
      return mismatch();
    case TypeRoot::kTimestampNtz:
    case TypeRoot::kTimestampLtz: {
      TimestampNtz ts;
      if (auto* x = std::get_if<TimestampNtz>(&v)) {
        ts = *x;
      } else if (auto* l = std::get_if<TimestampLtz>(&v)) {
        ts = TimestampNtz{l->epoch_millisecond, l->nano_of_millisecond};
      } else if (auto* d = std::get_if<DateValue>(&v)) {
        ts = TimestampNtz{int64_t{d->days} * 86'400'000, 0};
      } else if (str) {
        auto parsed = parse_timestamp(*str);
        if (!parsed) {
          return type_error(column, type,
                            fmt::format("'{}' is not a timestamp 'yyyy-mm-dd hh:mm:ss'", *str));
        }
        ts = *parsed;
      } else {
        return mismatch();
      }
      ts = truncate(ts, type.precision());
      if (type.root() == TypeRoot::kTimestampNtz) return Datum(ts);
      return Datum(TimestampLtz{ts.millisecond, ts.nano_of_millisecond});
    }
    case TypeRoot::kArray:
    case TypeRoot::kMap:
    case TypeRoot::kRow:
      return type_error(
          column, type,
          fmt::format("cannot assign {}; use ARRAY[...], MAP[...] or ROW(...)", describe(v)));
  }
  return mismatch();
}

}  // namespace

std::optional<int32_t> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!parse_int(text.substr(0, 4), 4, 4, y) || !parse_int(text.substr(5, 2), 2, 2, m) ||
      !parse_int(text.substr(8, 2), 2, 2, d)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  return static_cast<int32_t>(
      days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

namespace {

Result<Datum> evaluate_typed(const Expr& expr, const DataType& type, std::string_view column,
                             const RowScope* scope) {
  if (const auto* c = std::get_if<ConstructorExpr>(&expr.node)) {
    using Kind = ConstructorExpr::Kind;
    if (c->kind == Kind::kArray && type.root() == TypeRoot::kArray) {
      std::vector<Datum> items;
      for (size_t i = 0; i < c->items.size(); ++i) {
        FLUSS_ASSIGN_OR_RETURN(Datum d,
                               evaluate_typed(*c->items[i], type.element_type(),
                                              fmt::format("{}[{}]", column, i + 1), scope));
        items.push_back(std::move(d));
      }
      return Datum(std::make_shared<const GenericArray>(std::move(items)));
    }
    if (c->kind == Kind::kMap && type.root() == TypeRoot::kMap) {
      std::vector<Datum> keys;
      std::vector<Datum> values;
      for (size_t i = 0; i + 1 < c->items.size(); i += 2) {
        FLUSS_ASSIGN_OR_RETURN(Datum k, evaluate_typed(*c->items[i], type.key_type(),
                                                       fmt::format("{} key", column), scope));
        FLUSS_ASSIGN_OR_RETURN(Datum v, evaluate_typed(*c->items[i + 1], type.value_type(),
                                                       fmt::format("{} value", column), scope));
        keys.push_back(std::move(k));
        values.push_back(std::move(v));
      }
      return Datum(std::make_shared<const GenericMap>(std::move(keys), std::move(values)));
    }
    if (c->kind == Kind::kRow && type.root() == TypeRoot::kRow) {
      const std::vector<DataField>& fields = type.fields();
      if (fields.size() != c->items.size()) {
        return type_error(
            column, type,
            fmt::format("ROW(...) has {} values for {} fields", c->items.size(), fields.size()));
      }
      std::vector<Datum> values;
      for (size_t i = 0; i < fields.size(); ++i) {
        FLUSS_ASSIGN_OR_RETURN(Datum d,
                               evaluate_typed(*c->items[i], fields[i].type,
                                              fmt::format("{}.{}", column, fields[i].name), scope));
        values.push_back(std::move(d));
      }
      return Datum(std::make_shared<const GenericRow>(std::move(values)));
    }
    return type_error(column, type, fmt::format("cannot assign {}", expr_to_string(expr)));
  }
  if (const auto* cast = std::get_if<CastExpr>(&expr.node)) {
    bool nested = cast->type.root() == TypeRoot::kArray || cast->type.root() == TypeRoot::kMap ||
                  cast->type.root() == TypeRoot::kRow;
    if (nested) {
      FLUSS_ASSIGN_OR_RETURN(Datum d, evaluate_typed(*cast->operand, cast->type, column, scope));
      if (!(cast->type.with_nullable(true) == type.with_nullable(true))) {
        return type_error(column, type, fmt::format("cannot assign a {}", cast->type.to_string()));
      }
      if (is_null(d) && !type.nullable()) {
        return type_error(column, type, "NULL is not allowed: it is NOT NULL");
      }
      return d;
    }
  }
  FLUSS_ASSIGN_OR_RETURN(Value v, eval(expr, scope));
  return coerce(v, type, column);
}

}  // namespace

Result<Datum> evaluate_constant(const Expr& expr, const DataType& type, std::string_view column) {
  return evaluate_typed(expr, type, column, nullptr);
}

Result<Datum> evaluate_on_row(const Expr& expr, const DataType& type, std::string_view column,
                              const RowScope& scope) {
  return evaluate_typed(expr, type, column, &scope);
}

Result<bool> evaluate_predicate(const Expr& expr, const RowScope& scope) {
  FLUSS_ASSIGN_OR_RETURN(Value v, eval(expr, &scope));
  if (std::holds_alternative<Null>(v)) return false;
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  return eval_error(expr.position, fmt::format("a condition must be BOOLEAN, not {}", describe(v)));
}

Result<InsertRows> evaluate_insert(const InsertStatement& insert, const Schema& schema) {
  InsertRows out;
  const std::vector<Column>& columns = schema.columns();
  std::vector<int> targets;
  if (insert.columns.empty()) {
    for (size_t i = 0; i < columns.size(); ++i) targets.push_back(static_cast<int>(i));
  } else {
    for (const std::string& name : insert.columns) {
      std::optional<int> index = schema.column_index(name);
      if (!index) {
        return make_error(ErrorCode::kInvalidTargetColumn,
                          "table {} has no column '{}'; its columns are {}",
                          insert.table.to_string(), name, fmt::join(schema.column_names(), ", "));
      }
      targets.push_back(*index);
    }
    for (const std::string& pk : schema.primary_key_column_names()) {
      if (std::find(insert.columns.begin(), insert.columns.end(), pk) == insert.columns.end()) {
        return make_error(ErrorCode::kInvalidTargetColumn,
                          "table {}: a partial update must list every primary-key column, and "
                          "'{}' is missing",
                          insert.table.to_string(), pk);
      }
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      if (!columns[i].type.nullable() &&
          std::find(targets.begin(), targets.end(), static_cast<int>(i)) == targets.end()) {
        return make_error(kSqlErrorCode, "table {}: column '{}' is NOT NULL and must be given",
                          insert.table.to_string(), columns[i].name);
      }
    }
    out.target_columns = targets;
  }
  for (size_t r = 0; r < insert.rows.size(); ++r) {
    const std::vector<ExprPtr>& values = insert.rows[r];
    if (values.size() != targets.size()) {
      return make_error(kSqlErrorCode, "table {}: row {} has {} values but {} columns are written",
                        insert.table.to_string(), r + 1, values.size(), targets.size());
    }
    GenericRow row(columns.size());
    for (size_t i = 0; i < values.size(); ++i) {
      const Column& column = columns[static_cast<size_t>(targets[i])];
      Result<Datum> d = evaluate_constant(*values[i], column.type, column.name);
      if (!d.ok()) return d.status().with_context(fmt::format("row {}", r + 1));
      row.set(static_cast<size_t>(targets[i]), std::move(d).value());
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace fluss::sql
