#include "hooks/bookkeeping_writer.hpp"

#include "common/http/api_error.hpp"

namespace sc::hooks {

BookkeepingWriter::BookkeepingWriter(async::EventLoop& loop, const redis::Options& options)
    : pipe_(loop, options) {}

void BookkeepingWriter::Write(std::vector<std::vector<std::string>> commands, Written written) {
  pipe_.Send(std::move(commands), [written = std::move(written)](std::exception_ptr failure,
                                                                  std::vector<std::string> errors) {
    if (failure) return written(failure);
    for (const std::string& error : errors) {
      // Ran as far as it could and would fail again: reported, never repeated.
      if (!error.empty()) {
        return written(std::make_exception_ptr(http::Internal(http::ErrorCode::kSysRedis, "redis: " + error)));
      }
    }
    written(nullptr);
  });
}

}  // namespace sc::hooks
