#pragma once
#include <optional>

namespace sc::util {

// inUpgradeWindow (spec/common.md §10.4): both bounds are inclusive hours of the process' local
// time (TZ); no start, no duration or no hour means "always".
bool InUpgradeWindow(std::optional<int> start, std::optional<int> duration,
                     std::optional<int> hour);

// The current local hour, 0-23.
int LocalHour();

}  // namespace sc::util
