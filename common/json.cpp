#include "common/json.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace sc {
namespace {

bool HasIntegralDouble(const Json& value) {
  if (value.is_number_float()) {
    const double d = value.get<double>();
    return std::isfinite(d) && std::trunc(d) == d;
  }
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (HasIntegralDouble(item)) return true;
    }
  }
  return false;
}

// JSON.stringify prints 10.0 as 10; nlohmann prints "10.0". Rewrite such doubles as integers.
Json WithIntegralDoublesAsIntegers(const Json& value) {
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) {
      return static_cast<std::int64_t>(d);
    }
    return value;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) out[key] = WithIntegralDoublesAsIntegers(item);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& item : value) out.push_back(WithIntegralDoublesAsIntegers(item));
    return out;
  }
  return value;
}

}  // namespace

std::string Stringify(const Json& value) {
  constexpr auto kReplace = Json::error_handler_t::replace;
  if (!HasIntegralDouble(value)) return value.dump(-1, ' ', false, kReplace);
  return WithIntegralDoublesAsIntegers(value).dump(-1, ' ', false, kReplace);
}

bool IsTruthy(const Json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.get<std::int64_t>() != 0;
  if (value.is_number_float()) {
    const double d = value.get<double>();
    return !(d == 0.0 || std::isnan(d));
  }
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  return true;  // objects and arrays, even empty ones
}

namespace {

// A cursor over a flat object's text; every reader answers false where the fast path stops.
class FlatScanner {
 public:
  explicit FlatScanner(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
      ++at_;
    }
  }
  bool Take(char c) {
    if (at_ >= text_.size() || text_[at_] != c) return false;
    ++at_;
    return true;
  }
  bool AtEnd() const { return at_ == text_.size(); }
  char Peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

  // "..." of printable ASCII without a backslash.
  bool String(std::string_view& out) {
    if (!Take('"')) return false;
    const std::size_t start = at_;
    for (; at_ < text_.size(); ++at_) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        out = text_.substr(start, at_ - start);
        ++at_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
    }
    return false;
  }

  bool Value(Json& out) {
    std::string_view text;
    switch (Peek()) {
      case '"':
        if (!String(text)) return false;
        out = std::string(text);
        return true;
      case 't':
        return Word("true", out, true);
      case 'f':
        return Word("false", out, false);
      case 'n':
        return Word("null", out, nullptr);
      default:
        return Number(out);
    }
  }

 private:
  bool Word(std::string_view word, Json& out, Json value) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    out = std::move(value);
    return true;
  }

  void SkipDigits() {
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
  }

  // JSON's number grammar. Integers of up to 18 digits stay integers, unsigned when not
  // negative, and the others are doubles, correctly rounded: what nlohmann makes of them.
  bool Number(Json& out) {
    const std::size_t begin = at_;
    const bool negative = Take('-');
    const std::size_t start = at_;
    SkipDigits();
    const std::size_t digits = at_ - start;
    if (digits == 0 || (digits > 1 && text_[start] == '0')) return false;
    bool integral = true;
    if (Take('.')) {
      const std::size_t fraction = at_;
      SkipDigits();
      if (at_ == fraction) return false;
      integral = false;
    }
    if (Take('e') || Take('E')) {
      if (!Take('+')) Take('-');
      const std::size_t exponent = at_;
      SkipDigits();
      if (at_ == exponent) return false;
      integral = false;
    }
    if (!integral) {
      double value = 0;
      const char* end = text_.data() + at_;
      const auto [stop, error] = std::from_chars(text_.data() + begin, end, value);
      if (error != std::errc() || stop != end) return false;
      out = value;
      return true;
    }
    if (digits > 18) return false;
    std::uint64_t value = 0;
    for (std::size_t i = start; i < at_; ++i) value = value * 10 + static_cast<std::uint64_t>(text_[i] - '0');
    if (negative) {
      out = -static_cast<std::int64_t>(value);
    } else {
      out = value;
    }
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<Json> ParseFlatObject(std::string_view text) {
  constexpr std::size_t kMost = 32;
  std::array<std::pair<std::string_view, Json>, kMost> members;
  std::size_t count = 0;
  FlatScanner scan(text);
  scan.SkipSpace();
  if (!scan.Take('{')) return std::nullopt;
  scan.SkipSpace();
  if (!scan.Take('}')) {
    for (;;) {
      std::string_view key;
      Json value;
      if (!scan.String(key)) return std::nullopt;
      scan.SkipSpace();
      if (!scan.Take(':')) return std::nullopt;
      scan.SkipSpace();
      if (!scan.Value(value)) return std::nullopt;
      // A repeated key keeps its first place and takes the last value, as Json::parse does.
      std::size_t slot = 0;
      while (slot < count && members[slot].first != key) ++slot;
      if (slot == count) {
        if (count == kMost) return std::nullopt;
        members[count++].first = key;
      }
      members[slot].second = std::move(value);
      scan.SkipSpace();
      if (scan.Take('}')) break;
      if (!scan.Take(',')) return std::nullopt;
      scan.SkipSpace();
    }
  }
  scan.SkipSpace();
  if (!scan.AtEnd()) return std::nullopt;
  Json object = Json::object();
  auto& items = object.get_ref<Json::object_t&>();
  items.reserve(count);
  for (std::size_t i = 0; i < count; ++i) items.emplace_back(std::string(members[i].first), std::move(members[i].second));
  return object;
}

}  // namespace sc

