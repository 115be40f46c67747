#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/redis/client.hpp"

namespace sc::hooks {

// One hash field in an atomic compare-and-set: the value it must still have (`expected`,
// nullopt = must be absent, unless `check` is false) and what to leave there (`next`, nullopt =
// delete the field; `keep` leaves it as it is).
struct FieldSwap {
  std::string key{};
  std::string field{};
  std::optional<std::string> expected{};
  bool check = true;
  std::optional<std::string> next{};
  bool keep = false;
};

// Applies every swap, or none when any field changed since it was read (one Lua script, so
// atomic against every other client). The queues of spec/hooks.md §6 are JSON documents that
// the segment callback and the upload worker both change; this is what keeps their
// read-modify-write from losing the other's update. Returns false on a conflict.
bool SwapFields(redis::Client& redis, const std::vector<FieldSwap>& swaps);

}  // namespace sc::hooks
