#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sc::ffmpeg {

// One FFmpeg progress line, e.g.
// "frame=  100 fps= 25 q=-1.0 size=    1024kB time=00:00:04.00 bitrate=2097.2kbits/s speed=1x".
struct Progress {
  std::string log{};  // trimmed, "= " collapsed to "=" (spec/ffmpeg.md §5)
  std::optional<long long> frames{};
  std::optional<double> fps{};
  std::optional<double> kbps{};   // bitrate in kbit/s
  std::optional<double> speed{};  // 1.0 is real time
};

// The progress in one line of FFmpeg's stderr; nullopt unless it contains "frame=". Fields
// that are absent or "N/A" stay empty.
std::optional<Progress> ParseProgress(std::string_view line);

// Cuts FFmpeg's stderr into lines: progress lines end in '\r', messages in '\n'. A line that
// grows past `max_line` bytes is cut there, so a child cannot make us buffer without bound.
class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line = 4096) : max_line_(max_line) {}
  // Calls `line` for every complete non-empty line in `bytes`; keeps the unfinished tail.
  void Feed(std::string_view bytes, const std::function<void(std::string_view)>& line);
  // The unfinished tail, if any (at end of stream).
  void Flush(const std::function<void(std::string_view)>& line);

 private:
  const std::size_t max_line_;
  std::string pending_{};
};

}  // namespace sc::ffmpeg
