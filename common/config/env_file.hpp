#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sc::config {

using EnvEntries = std::vector<std::pair<std::string, std::string>>;

// dotenv 14 rules (spec/common.md §3.2): KEY=VALUE per line, '#' lines and junk ignored,
// optional single or double quotes, "\n" expanded inside double quotes, no interpolation.
// A repeated key keeps its first position and its last value.
EnvEntries ParseEnv(std::string_view text);

// The entries of `file`; none when it does not exist.
EnvEntries ReadEnvFile(const std::filesystem::path& file);

// saveEnvs (spec/common.md §3.3): merges `updates` into the file's entries and rewrites the
// file in place (same inode: bind mounts keep seeing it), under an exclusive lock, as
// "MGMT_PASSWORD=<pw>\n\n" (when there is a password: from `updates`, else `current_password`,
// else the file) followed by every other non-empty KEY=VALUE. Keys must match [A-Za-z0-9_.-]+;
// values must not hold a newline, CR or NUL (the injection fix): both throw
// std::invalid_argument and leave the file untouched. Returns what was written.
// `check`, when given, sees the file's current entries under the lock and may throw to abort
// the write (a check-and-set across processes, e.g. "no password yet").
EnvEntries SaveEnvs(const std::filesystem::path& file, const EnvEntries& updates,
                    std::string_view current_password = "",
                    const std::function<void(const EnvEntries&)>& check = {});

// The text SaveEnvs writes for `entries` (without touching a file).
std::string FormatEnv(const EnvEntries& entries, std::string_view password);

}  // namespace sc::config
