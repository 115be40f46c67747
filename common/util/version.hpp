#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sc::util {

// spec/common.md §10.3: versions are "v<major>.<minor>.<patch>" with an optional semver
// pre-release ("-rc.1"). Returns <0, 0, >0 like strcmp; nullopt when either is unparsable.
std::optional<int> CompareVersions(std::string_view a, std::string_view b);

}  // namespace sc::util
