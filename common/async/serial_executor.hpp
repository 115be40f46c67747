#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <cstddef>

namespace sc::async {

// An executor whose handlers never run at the same time, for work that must not overlap (one
// connection, the Redis pipe): the loop's own when `threads` (exactly how many threads run it)
// is one, since a strand there would only add a queue and a lock to every handler; else a new
// strand.
inline boost::asio::any_io_executor SerialExecutor(boost::asio::io_context& context, std::size_t threads) {
  if (threads == 1) return context.get_executor();
  return boost::asio::make_strand(context);
}

}  // namespace sc::async
