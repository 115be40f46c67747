#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

namespace sc::hooks {

// What waits on local disk for upload: the backlog figure of dvr/query and the logs.
struct Backlog {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t limit_bytes = 0;
  std::uint64_t refused = 0;  // segments not staged: the limit was reached or the copy failed
                              // (a full disk); this process
};

// A pipeline's staging folder (spec/hooks.md §6.1 `dvr/<tsid>.ts`): copies of the engine's
// segments, taken at once because the engine deletes them after its window. Bounded: a copy that
// would pass `limit_bytes` is refused (the segment is skipped and counted) instead of filling the
// disk while uploads fail. Thread-safe.
class Staging {
 public:
  Staging(std::filesystem::path dir, std::uint64_t limit_bytes);

  const std::filesystem::path& dir() const { return dir_; }

  // Copies `source` to "<dir>/<tsid>.ts" (temporary name, fsync, rename). nullopt when the
  // limit would be passed. Throws std::runtime_error when the copy fails (counted as refused;
  // no partial copy is left).
  std::optional<std::filesystem::path> Admit(const std::filesystem::path& source, const std::string& tsid);
  // Deletes a staged file after its upload.
  void Remove(const std::filesystem::path& file);
  // Recounts the folder, and deletes temporary files and staged files that no queue refers to
  // (a crash between copy and enqueue, or between dequeue and delete) once older than
  // `min_age`.
  void Sweep(const std::set<std::string>& referenced, std::chrono::seconds min_age);

  // Counted on the folder itself, so it is right whatever other processes did.
  Backlog backlog() const;

 private:
  std::pair<std::uint64_t, std::uint64_t> Count() const;  // files, bytes; partial copies aside
  // Re-bases the admission counter on the folder (it drifts with other processes' copies).
  void Recount();

  const std::filesystem::path dir_;
  const std::uint64_t limit_bytes_;
  std::atomic<std::uint64_t> bytes_{0};  // what admission control counts
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace sc::hooks
