#include "common/util/version.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace sc::util {
namespace {

struct Semver {
  std::array<long, 3> core{};
  std::vector<std::string> pre{};
};

bool IsNumber(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c); });
}

std::optional<Semver> Parse(std::string_view text) {
  if (text.starts_with('v')) text.remove_prefix(1);
  if (const size_t plus = text.find('+'); plus != std::string_view::npos) text = text.substr(0, plus);
  Semver version;
  std::string_view pre;
  if (const size_t dash = text.find('-'); dash != std::string_view::npos) {
    pre = text.substr(dash + 1);
    text = text.substr(0, dash);
    if (pre.empty()) return std::nullopt;
  }
  for (size_t i = 0; i < 3; ++i) {
    const size_t dot = text.find('.');
    const std::string_view part = text.substr(0, dot);
    if (!IsNumber(part)) return std::nullopt;
    std::from_chars(part.data(), part.data() + part.size(), version.core[i]);
    if ((dot == std::string_view::npos) != (i == 2)) return std::nullopt;
    text = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  }
  while (!pre.empty()) {
    const size_t dot = pre.find('.');
    version.pre.emplace_back(pre.substr(0, dot));
    if (version.pre.back().empty()) return std::nullopt;
    pre = dot == std::string_view::npos ? std::string_view{} : pre.substr(dot + 1);
  }
  return version;
}

int ComparePre(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool a_num = IsNumber(a[i]), b_num = IsNumber(b[i]);
    if (a_num && b_num) {
      const long x = std::stol(a[i]), y = std::stol(b[i]);
      if (x != y) return x < y ? -1 : 1;
    } else if (a_num != b_num) {
      return a_num ? -1 : 1;  // numeric identifiers sort first
    } else if (a[i] != b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

}  // namespace

std::optional<int> CompareVersions(std::string_view a, std::string_view b) {
  const auto x = Parse(a);
  const auto y = Parse(b);
  if (!x || !y) return std::nullopt;
  for (size_t i = 0; i < 3; ++i) {
    if (x->core[i] != y->core[i]) return x->core[i] < y->core[i] ? -1 : 1;
  }
  return ComparePre(x->pre, y->pre);
}

}  // namespace sc::util
