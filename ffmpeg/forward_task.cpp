#include "ffmpeg/forward_task.hpp"

#include <signal.h>

namespace sc::ffmpeg {

ForwardTask::ForwardTask(std::vector<std::string> argv, Options options, std::function<void()> wake)
    : argv_(std::move(argv)),
      options_(options),
      wake_(std::move(wake)),
      backoff_(options.backoff) {}

ForwardTask::~ForwardTask() { Stop(); }

ForwardTask::Event ForwardTask::Supervise(SteadyTime now) {
  if (child_) {
    if (const auto status = child_->exit_status()) {
      child_.reset();
      std::lock_guard lock(progress_mutex_);
      // A long healthy run means the failure is new: start again from the shortest delay.
      if (last_progress_ && now - started_at_ >= options_.healthy_after) backoff_.Reset();
      const auto retry_in = backoff_.Next();
      next_start_ = now + retry_in;
      return Exited{*status, last_message_, retry_in};
    }
    std::optional<SteadyTime> last;
    {
      std::lock_guard lock(progress_mutex_);
      last = last_progress_;
    }
    const auto limit = last ? options_.no_progress_timeout : options_.startup_timeout;
    const auto silent = now - last.value_or(started_at_);
    if (!killed_for_stall_ && silent >= limit) {
      killed_for_stall_ = true;
      child_->Signal(SIGKILL);  // the exit is reported by a later Supervise()
      return Stalled{std::chrono::duration_cast<std::chrono::milliseconds>(silent),
                     last.has_value()};
    }
    return {};
  }
  if (now < next_start_) return {};
  {
    std::lock_guard lock(progress_mutex_);
    fresh_.reset();
    last_progress_.reset();
    last_message_.clear();
  }
  killed_for_stall_ = false;
  started_at_ = now;
  try {
    child_ = ChildProcess::Spawn(
        argv_, [this](std::string_view line) { OnLine(line); }, wake_);
  } catch (const SpawnError& e) {
    const auto retry_in = backoff_.Next();
    next_start_ = now + retry_in;
    return SpawnFailed{e.what(), retry_in};
  }
  return Started{child_->pid()};
}

void ForwardTask::OnLine(std::string_view line) {
  auto progress = ParseProgress(line);
  std::lock_guard lock(progress_mutex_);
  if (progress) {
    fresh_ = std::move(progress);
    last_progress_ = std::chrono::steady_clock::now();
  } else {
    last_message_.assign(line.substr(0, 512));
  }
}

std::optional<Progress> ForwardTask::TakeProgress() {
  std::lock_guard lock(progress_mutex_);
  return std::exchange(fresh_, std::nullopt);
}

void ForwardTask::RequestStop() {
  if (child_) child_->Signal(SIGTERM);
}

void ForwardTask::Stop() {
  if (child_) child_->Stop(options_.stop_grace);
  child_.reset();
}

std::optional<pid_t> ForwardTask::pid() const {
  if (!child_ || child_->exit_status()) return std::nullopt;
  return child_->pid();
}

}  // namespace sc::ffmpeg
