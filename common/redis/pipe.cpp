#include "common/redis/pipe.hpp"

#include <hiredis/hiredis.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "common/async/event_loop.hpp"
#include "common/async/serial_executor.hpp"
#include "common/http/api_error.hpp"

namespace sc::redis {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::exception_ptr Failure(const std::string& why) {
  return std::make_exception_ptr(http::Internal(http::ErrorCode::kSysRedis, "redis: " + why));
}

// RESP, as redisFormatCommandArgv writes it, straight into the batch's buffer.
void AppendCommand(std::string& wire, const std::vector<std::string>& args) {
  wire += '*';
  wire += std::to_string(args.size());
  wire += "\r\n";
  for (const std::string& arg : args) {
    wire += '$';
    wire += std::to_string(arg.size());
    wire += "\r\n";
    wire += arg;
    wire += "\r\n";
  }
}

struct ReaderFree {
  void operator()(redisReader* reader) const { redisReaderFree(reader); }
};
struct ReplyFree {
  void operator()(void* reply) const { freeReplyObject(reply); }
};

}  // namespace

// Everything below runs on `executor`. One batch at a time is connecting or in flight (`in_flight`);
// `batch` numbers them so that the handlers of a batch that failed or finished do nothing.
// Replies are read by one loop per connection (ReadLoop).
struct Pipe::State : std::enable_shared_from_this<State> {
  struct Entry {
    std::vector<std::vector<std::string>> commands{};
    Done done{};
  };

  State(async::EventLoop& loop, Options options)
      : options(std::move(options)),
        executor(async::SerialExecutor(loop.context(), loop.threads())),
        socket(executor),
        timer(executor),
        resolver(executor) {}

  // A pipeline starts once the handlers already due on the loop have run: the callbacks that
  // arrived together (one wake-up of the loop) share it instead of the first going alone.
  void Enqueue(Entry entry) {
    queued.push_back(std::move(entry));
    if (!in_flight.empty() || kick_due) return;
    kick_due = true;
    asio::post(executor, [self = shared_from_this()] {
      self->kick_due = false;
      self->Kick();
    });
  }

  void Kick() {
    if (!in_flight.empty() || queued.empty()) return;
    in_flight.swap(queued);
    ++batch;
    if (connected.load(std::memory_order_relaxed)) {
      Transmit();
    } else {
      Connect();
    }
  }

  void Connect() {
    boost::system::error_code error;
    const asio::ip::address address = asio::ip::make_address(options.host, error);
    if (!error) return ConnectTo(tcp::endpoint(address, static_cast<unsigned short>(options.port)));
    // A host name (a compose service): looked up for each new connection.
    Arm(options.connect_timeout, Phase::kResolve);
    resolver.async_resolve(options.host, std::to_string(options.port),
                           [self = shared_from_this(), batch = batch](boost::system::error_code error,
                                                                       tcp::resolver::results_type found) {
                             if (batch != self->batch) return;
                             if (error || found.empty()) {
                               return self->Fail("resolve " + self->options.host + ": " + error.message());
                             }
                             self->ConnectTo(*found.begin());
                           });
  }

  void ConnectTo(const tcp::endpoint& endpoint) {
    Arm(options.connect_timeout, Phase::kConnect);
    socket.async_connect(endpoint, [self = shared_from_this(), batch = batch](boost::system::error_code error) {
      if (batch != self->batch) return;
      if (error) return self->Fail("connect to " + self->Address() + ": " + error.message());
      boost::system::error_code ignored;
      self->socket.set_option(tcp::no_delay(true), ignored);
      self->connected.store(true, std::memory_order_relaxed);
      self->reader.reset(redisReaderCreate());
      self->ReadLoop();
      self->Transmit(/*authenticate=*/!self->options.password.empty());
    });
  }

  // `authenticate`: a new connection, whose first command is AUTH.
  void Transmit(bool authenticate = false) {
    wire.clear();
    expected = 0;
    auth_reply_pending = authenticate;
    if (authenticate) {
      AppendCommand(wire, {"AUTH", options.password});
      ++expected;
    }
    for (const Entry& entry : in_flight) {
      for (const auto& command : entry.commands) AppendCommand(wire, command);
      expected += entry.commands.size();
    }
    errors.clear();
    errors.reserve(expected);
    round_trips.fetch_add(1, std::memory_order_relaxed);
    Arm(options.command_timeout, Phase::kAnswer);
    asio::async_write(socket, asio::buffer(wire),
                      [self = shared_from_this(), batch = batch](boost::system::error_code error, std::size_t) {
                        if (batch != self->batch) return;
                        if (error) return self->Fail("write to " + self->Address() + ": " + error.message());
                      });
  }

  // A read stays pending for as long as the connection is open, between batches too: a
  // connection Redis closed while idle (a restart, a client timeout) is noticed then and
  // replaced on the next batch, instead of failing that batch.
  void ReadLoop() {
    socket.async_read_some(asio::buffer(buffer), [self = shared_from_this(), connection = connection](
                                                     boost::system::error_code error, std::size_t size) {
      if (connection != self->connection) return;
      if (error) {
        if (self->in_flight.empty()) return self->Disconnect();
        return self->Fail("read from " + self->Address() + ": " + error.message());
      }
      if (redisReaderFeed(self->reader.get(), self->buffer.data(), size) != REDIS_OK) {
        return self->Fail("reply buffer");
      }
      if (self->TakeReplies()) self->ReadLoop();
    });
  }

  // False when the connection failed (and was closed).
  bool TakeReplies() {
    for (;;) {
      void* raw = nullptr;
      if (redisReaderGetReply(reader.get(), &raw) != REDIS_OK) {
        Fail(std::string("protocol error: ") + reader->errstr);
        return false;
      }
      if (!raw) return true;  // the rest is still on its way
      const std::unique_ptr<void, ReplyFree> owned(raw);
      if (expected == 0) {
        Fail("a reply nobody asked for");
        return false;
      }
      const auto* reply = static_cast<const redisReply*>(raw);
      const bool refused = reply->type == REDIS_REPLY_ERROR;
      --expected;
      if (auth_reply_pending) {
        auth_reply_pending = false;
        if (refused) {
          Fail("AUTH: " + std::string(reply->str, reply->len));  // never the password itself
          return false;
        }
      } else {
        errors.emplace_back(refused ? std::string(reply->str, reply->len) : std::string());
      }
      if (expected == 0) Finish();
    }
  }

  void Finish() {
    ++batch;  // the timer's handler, if it already fired, does nothing
    timer.cancel();
    // Taken out first: a sender answered here may send again at once, which starts the next
    // batch on these members.
    std::vector<Entry> done;
    done.swap(in_flight);
    std::vector<std::string> results;
    results.swap(errors);
    std::size_t index = 0;
    for (Entry& entry : done) {
      const std::size_t count = entry.commands.size();
      std::vector<std::string> own(count);
      for (std::size_t i = 0; i < count; ++i, ++index) {
        if (!results[index].empty()) own[i] = entry.commands[i].front() + ": " + results[index];
      }
      entry.done(nullptr, std::move(own));
    }
    Kick();
  }

  // The batch under way fails; the next one connects afresh.
  void Fail(const std::string& why) {
    ++batch;
    Disconnect();
    std::vector<Entry> failed;
    failed.swap(in_flight);
    const std::exception_ptr failure = Failure(why);
    for (Entry& entry : failed) entry.done(failure, {});
    Kick();
  }

  void Disconnect() {
    boost::system::error_code ignored;
    timer.cancel();
    resolver.cancel();
    socket.close(ignored);
    connected.store(false, std::memory_order_relaxed);
    ++connection;
  }

  enum class Phase { kResolve, kConnect, kAnswer };

  // The batch fails unless its current phase ends within `timeout`.
  void Arm(std::chrono::milliseconds timeout, Phase phase) {
    timer.expires_after(timeout);
    timer.async_wait([self = shared_from_this(), batch = batch, phase](boost::system::error_code error) {
      if (error || batch != self->batch) return;
      switch (phase) {
        case Phase::kResolve:
          return self->Fail("resolving " + self->options.host + " timed out");
        case Phase::kConnect:
          return self->Fail("connect timed out");
        case Phase::kAnswer:
          return self->Fail("no answer within " + std::to_string(self->options.command_timeout.count()) + " ms");
      }
    });
  }

  std::string Address() const { return options.host + ":" + std::to_string(options.port); }

  const Options options;
  asio::any_io_executor executor;  // serial: a strand unless one thread runs the loop
  tcp::socket socket;
  asio::steady_timer timer;
  tcp::resolver resolver;
  std::unique_ptr<redisReader, ReaderFree> reader{};
  std::vector<Entry> queued{};
  std::vector<Entry> in_flight{};
  std::vector<std::string> errors{};  // of in_flight's commands, in order
  std::string wire{};
  std::array<char, 16 * 1024> buffer{};
  std::size_t expected = 0;  // replies still to read for the batch
  std::uint64_t batch = 0;
  std::uint64_t connection = 0;  // numbers connections, for the same reason
  bool auth_reply_pending = false;  // the next reply is AUTH's
  bool kick_due = false;  // Enqueue posted a Kick that has not run yet
  std::atomic<std::uint64_t> round_trips{0};
  std::atomic<bool> connected{false};  // atomic for Pipe::Connected on other threads
};

Pipe::Pipe(async::EventLoop& loop, Options options)
    : state_(std::make_shared<State>(loop, std::move(options))) {}

Pipe::~Pipe() {
  asio::post(state_->executor, [state = state_] {
    state->Disconnect();
    std::vector<State::Entry> waiting;
    waiting.swap(state->in_flight);
    for (auto& entry : state->queued) waiting.push_back(std::move(entry));
    state->queued.clear();
    ++state->batch;
    const std::exception_ptr failure = Failure("the connection was closed");
    for (auto& entry : waiting) entry.done(failure, {});
  });
}

void Pipe::Send(std::vector<std::vector<std::string>> commands, Done done) {
  if (commands.empty()) return done(nullptr, {});
  asio::dispatch(state_->executor, [state = state_, entry = State::Entry{std::move(commands), std::move(done)}]() mutable {
    state->Enqueue(std::move(entry));
  });
}

bool Pipe::Connected() const { return state_->connected.load(std::memory_order_relaxed); }

std::uint64_t Pipe::RoundTrips() const { return state_->round_trips.load(std::memory_order_relaxed); }

}  // namespace sc::redis
