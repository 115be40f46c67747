#include "common/async/event_loop.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace sc::async {

struct EventLoop::Keeper {
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
};

EventLoop::EventLoop(std::size_t threads)
    : threads_(std::max<std::size_t>(1, threads)),
      context_(std::make_unique<boost::asio::io_context>(static_cast<int>(threads_))) {}

EventLoop::~EventLoop() { Stop(); }

void EventLoop::Start() {
  if (!runners_.empty()) return;
  keeper_ = std::make_unique<Keeper>(Keeper{boost::asio::make_work_guard(*context_)});
  for (std::size_t i = 0; i < threads_; ++i) runners_.emplace_back([this] { context_->run(); });
}

void EventLoop::Stop() {
  if (runners_.empty()) return;
  keeper_.reset();
  context_->stop();
  for (std::thread& runner : runners_) runner.join();
  runners_.clear();
}

}  // namespace sc::async
