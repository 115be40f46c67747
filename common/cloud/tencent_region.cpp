#include "common/cloud/tencent_region.hpp"

#include <array>

namespace sc::cloud {
namespace {

bool IsLowerWord(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) return false;
  }
  return text.front() >= 'a' && text.front() <= 'z';
}

}  // namespace

bool IsTencentRegion(std::string_view region) {
  constexpr std::array<std::string_view, 4> kAreas = {"ap-", "na-", "eu-", "sa-"};
  if (region.size() > 32) return false;
  bool known_area = false;
  for (std::string_view area : kAreas) known_area = known_area || region.starts_with(area);
  if (!known_area) return false;
  // "<area>-<city>[-<suffix>...]", each part lowercase letters and digits.
  std::string_view rest = region.substr(3);
  while (true) {
    const size_t dash = rest.find('-');
    if (!IsLowerWord(rest.substr(0, dash))) return false;
    if (dash == std::string_view::npos) return true;
    rest.remove_prefix(dash + 1);
  }
}

}  // namespace sc::cloud
