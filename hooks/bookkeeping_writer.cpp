#include "hooks/bookkeeping_writer.hpp"

#include "common/http/api_error.hpp"

namespace sc::hooks {

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
    for (auto& command : commands) queue_.push_back(std::move(command));
  }
  queued_cv_.notify_one();
}

bool BookkeepingWriter::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = queued_total_;
  return written_cv_.wait_for(lock, timeout, [&] { return written_total_ >= target; });
}

void BookkeepingWriter::Loop() {
  auto next_warning = std::chrono::steady_clock::now();
  for (;;) {
    std::vector<std::vector<std::string>> batch;
    {
      std::unique_lock lock(mutex_);
      queued_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      batch.reserve(queue_.size());
      for (auto& command : queue_) batch.push_back(std::move(command));
      queue_.clear();  // callers queue behind this batch while it is written
    }
    try {
      redis_.Pipeline(batch);
    } catch (const std::exception& e) {
      // Redis answers: it ran the batch and refused a command (a key of another type); sending
      // it again would count twice and fail forever. Redis silent: nothing ran, keep it.
      if (redis_.Ping()) {
        spdlog::error("verify: Redis refused a bookkeeping write, {} dropped: {}", batch.size(), e.what());
        std::lock_guard lock(mutex_);
        written_total_ += batch.size();
        written_cv_.notify_all();
        continue;
      }
      if (std::chrono::steady_clock::now() >= next_warning) {
        spdlog::warn("verify: {} bookkeeping writes wait for Redis: {}", batch.size(), e.what());
        next_warning = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      }
      std::unique_lock lock(mutex_);
      // Back to the front of the line, before what came meanwhile: the order is kept.
      queue_.insert(queue_.begin(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
      queued_cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; });
      if (stopping_) return;
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      written_total_ += batch.size();
    }
    written_cv_.notify_all();
  }
}

}  // namespace sc::hooks
