#include "common/util/upgrade_window.hpp"

#include <ctime>

namespace sc::util {

bool InUpgradeWindow(std::optional<int> start, std::optional<int> duration,
                     std::optional<int> hour) {
  if (!start || !duration || *duration == 0 || !hour) return true;
  const int end = *duration >= 24 ? *start + 24 : (*start + *duration) % 24;
  const int h = *hour;
  if (*start < end) return *start <= h && h <= end;
  return !(end < h && h < *start);
}

int LocalHour() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_hour;
}

}  // namespace sc::util
