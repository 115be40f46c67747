#include "hooks/bookkeeping_writer.hpp"

#include "common/http/api_error.hpp"

namespace sc::hooks {
namespace {

std::exception_ptr RedisFailure(const std::string& why) {
  return std::make_exception_ptr(http::Internal(http::ErrorCode::kSysRedis, "redis: " + why));
}

}  // namespace

BookkeepingWriter::BookkeepingWriter(redis::Client& redis, std::size_t max_queued)
    : redis_(redis), max_queued_(max_queued) {
  thread_ = std::thread([this] { Loop(); });
}

BookkeepingWriter::~BookkeepingWriter() {
  Flush(std::chrono::seconds(2));
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_cv_.notify_all();
  thread_.join();
  // What is still queued gets its answer: a callback waiting for it must not hang.
  for (Entry& entry : queue_) {
    if (entry.written) entry.written(RedisFailure("the daemon stopped before the write"));
  }
}

void BookkeepingWriter::Write(std::vector<std::vector<std::string>> commands, Written written) {
  if (commands.empty()) {
    written(nullptr);
    return;
  }
  {
    // No backpressure wait: these callers wait for their answer anyway, so the line holds at
    // most one entry per open callback, and a thread of the server must not block here.
    std::lock_guard lock(mutex_);
    queued_total_ += commands.size();
    queue_.push_back({std::move(commands), std::move(written)});
  }
  queued_cv_.notify_one();
}

void BookkeepingWriter::Write(std::vector<std::vector<std::string>> commands) {
  {
    std::unique_lock lock(mutex_);
    // A full line is backpressure: the callback waits for the writer (a busy machine), and fails
    // only when nothing was written for a while (Redis gone).
    const auto has_room = [&] { return queued_total_ - written_total_ + commands.size() <= max_queued_; };
    if (!written_cv_.wait_for(lock, redis_.options().command_timeout, has_room)) {
      throw http::Internal(http::ErrorCode::kSysRedis,
                           "redis: " + std::to_string(queued_total_ - written_total_) +
                               " bookkeeping writes wait for Redis");
    }
    queued_total_ += commands.size();
    queue_.push_back({std::move(commands), {}});
  }
  queued_cv_.notify_one();
}

bool BookkeepingWriter::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = queued_total_;
  return written_cv_.wait_for(lock, timeout, [&] { return written_total_ >= target; });
}

void BookkeepingWriter::Settle(std::size_t commands) {
  {
    std::lock_guard lock(mutex_);
    written_total_ += commands;
  }
  written_cv_.notify_all();
}

std::vector<BookkeepingWriter::Entry> BookkeepingWriter::Send(std::vector<Entry> batch) {
  std::vector<std::vector<std::string>> commands;
  for (Entry& entry : batch) {
    for (auto& command : entry.commands) commands.push_back(std::move(command));
  }
  std::vector<std::string> errors;
  std::vector<Entry> again;
  round_trips_.fetch_add(1, std::memory_order_relaxed);
  try {
    redis_.Pipeline(commands, errors);
  } catch (const std::exception& e) {
    // Redis silent: nothing ran. A caller waiting for its answer is told; writes behind the
    // answer are kept, in order, and sent again.
    std::size_t failed = 0, index = 0;
    for (Entry& entry : batch) {
      const std::size_t count = entry.commands.size();
      if (entry.written) {
        entry.written(std::current_exception());
        failed += count;
      } else {
        for (std::size_t i = 0; i < count; ++i) entry.commands[i] = std::move(commands[index + i]);
        again.push_back(std::move(entry));
      }
      index += count;
    }
    if (!again.empty()) spdlog::debug("verify: bookkeeping writes wait for Redis: {}", e.what());
    Settle(failed);
    return again;
  }
  // Redis answered. A command it refused (a key of another type) ran as far as it could and
  // would fail again: it is reported, never repeated.
  std::size_t index = 0;
  for (Entry& entry : batch) {
    std::string refused;
    for (std::size_t i = 0; i < entry.commands.size(); ++i) {
      if (refused.empty() && !errors[index + i].empty()) {
        refused = commands[index + i].front() + ": " + errors[index + i];
      }
    }
    index += entry.commands.size();
    if (entry.written) {
      entry.written(refused.empty() ? nullptr : RedisFailure(refused));
    } else if (!refused.empty()) {
      spdlog::error("verify: Redis refused a bookkeeping write, dropped: {}", refused);
    }
  }
  Settle(commands.size());
  return again;
}

void BookkeepingWriter::Loop() {
  auto next_warning = std::chrono::steady_clock::now();
  for (;;) {
    std::vector<Entry> batch;
    {
      std::unique_lock lock(mutex_);
      queued_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      batch.reserve(queue_.size());
      for (Entry& entry : queue_) batch.push_back(std::move(entry));
      queue_.clear();  // callers queue behind this batch while it is written
    }
    std::vector<Entry> again = Send(std::move(batch));
    if (again.empty()) continue;
    if (std::chrono::steady_clock::now() >= next_warning) {
      std::size_t waiting = 0;
      for (const Entry& entry : again) waiting += entry.commands.size();
      spdlog::warn("verify: {} bookkeeping writes wait for Redis", waiting);
      next_warning = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    }
    std::unique_lock lock(mutex_);
    // Back to the front of the line, before what came meanwhile: the order is kept.
    queue_.insert(queue_.begin(), std::make_move_iterator(again.begin()), std::make_move_iterator(again.end()));
    queued_cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; });
    if (stopping_) return;
  }
}

}  // namespace sc::hooks
