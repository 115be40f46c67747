#include "ffmpeg/progress.hpp"

#include "common/util/text.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>

namespace sc::ffmpeg {
namespace {

// "=" followed by one or more spaces becomes "=".
std::string CollapseAfterEquals(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] == '=') {
      while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    }
  }
  return out;
}

// The value of `key=` in a collapsed line, up to the next space.
std::optional<std::string_view> ValueOf(std::string_view line, std::string_view key) {
  std::size_t at = 0;
  while ((at = line.find(key, at)) != std::string_view::npos) {
    const bool starts_word = at == 0 || line[at - 1] == ' ';
    const std::size_t value_at = at + key.size();
    if (starts_word && value_at < line.size() && line[value_at] == '=') {
      const std::size_t end = line.find(' ', value_at + 1);
      return line.substr(value_at + 1, end == std::string_view::npos ? std::string_view::npos
                                                                     : end - value_at - 1);
    }
    at = value_at;
  }
  return std::nullopt;
}

// A leading decimal number ("2097.2kbits/s" -> 2097.2, "1.01x" -> 1.01); nullopt for "N/A".
std::optional<double> LeadingNumber(std::optional<std::string_view> text) {
  if (!text || text->empty()) return std::nullopt;
  const std::string copy(*text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Progress> ParseProgress(std::string_view line) {
  Progress progress{.log = CollapseAfterEquals(util::Trim(line))};
  if (progress.log.find("frame=") == std::string::npos) return std::nullopt;
  const std::string_view log = progress.log;
  if (const auto frame = ValueOf(log, "frame")) {
    long long frames = 0;
    const auto [end, error] = std::from_chars(frame->data(), frame->data() + frame->size(), frames);
    if (error == std::errc() && end == frame->data() + frame->size()) progress.frames = frames;
  }
  progress.fps = LeadingNumber(ValueOf(log, "fps"));
  progress.kbps = LeadingNumber(ValueOf(log, "bitrate"));
  progress.speed = LeadingNumber(ValueOf(log, "speed"));
  return progress;
}

void LineSplitter::Feed(std::string_view bytes, const std::function<void(std::string_view)>& line) {
  for (char c : bytes) {
    if (c == '\r' || c == '\n') {
      if (!pending_.empty()) line(pending_);
      pending_.clear();
      continue;
    }
    if (pending_.size() == max_line_) {
      line(pending_);
      pending_.clear();
    }
    pending_.push_back(c);
  }
}

void LineSplitter::Flush(const std::function<void(std::string_view)>& line) {
  if (!pending_.empty()) line(pending_);
  pending_.clear();
}

}  // namespace sc::ffmpeg
