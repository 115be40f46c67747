#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sc::redis {

struct Options {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password{};  // empty: no AUTH (spec/common.md §4)
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{2000};
  std::size_t pool_size = 4;  // connections; handlers on different workers do not queue
};

// One Redis answer. Nil is std::monostate; status replies ("OK") are strings.
struct Reply {
  std::variant<std::monostate, std::int64_t, std::string, std::vector<Reply>> value{};

  bool is_nil() const { return std::holds_alternative<std::monostate>(value); }
  const std::string* string() const { return std::get_if<std::string>(&value); }
  const std::int64_t* integer() const { return std::get_if<std::int64_t>(&value); }
  const std::vector<Reply>* array() const { return std::get_if<std::vector<Reply>>(&value); }
};

struct ScanPage {
  std::string cursor = "0";  // "0" again when the scan is complete
  std::vector<std::pair<std::string, std::string>> entries{};
};

// Blocking Redis client on hiredis with a small connection pool; safe from any thread.
// Connections are made lazily with AUTH; after a server restart the next command reconnects
// (a command that found its pooled connection closed by the server is retried once on a fresh
// one). Every failure - refused, timed out, AUTH, a Redis error reply - throws
// http::ApiError code 1007 / HTTP 500 (spec/common.md §4, note for the port).
class Client {
 public:
  explicit Client(Options options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  Reply Command(std::initializer_list<std::string_view> args);
  Reply Command(const std::vector<std::string>& args);
  // Several commands in one round trip (hiredis pipelining), answers in order. Throws like
  // Command; when one answers a Redis error the others have still run.
  std::vector<Reply> Pipeline(const std::vector<std::vector<std::string>>& commands);

  bool Ping();  // true when the server answers PONG; never throws

  std::optional<std::string> Get(std::string_view key);
  void Set(std::string_view key, std::string_view value);
  std::int64_t Del(std::string_view key);

  std::optional<std::string> Hget(std::string_view key, std::string_view field);
  std::int64_t Hset(std::string_view key, std::string_view field, std::string_view value);
  bool Hsetnx(std::string_view key, std::string_view field, std::string_view value);
  std::int64_t Hdel(std::string_view key, std::string_view field);
  std::int64_t Hlen(std::string_view key);
  std::int64_t Hincrby(std::string_view key, std::string_view field, std::int64_t by);
  std::vector<std::string> Hkeys(std::string_view key);
  std::vector<std::pair<std::string, std::string>> Hgetall(std::string_view key);
  ScanPage Hscan(std::string_view key, std::string_view cursor, std::string_view match = "*",
                 std::int64_t count = 100);

  const Options& options() const { return options_; }

 private:
  struct Connection;
  struct ConnectionDeleter {
    void operator()(Connection* connection) const;
  };
  using ConnectionPtr = std::unique_ptr<Connection, ConnectionDeleter>;

  Reply Execute(const std::vector<const char*>& argv, const std::vector<std::size_t>& lengths);
  ConnectionPtr Acquire();
  void Release(ConnectionPtr connection);
  struct Breakage {
    bool closed_by_server = false;  // a pooled connection the server had closed: nothing ran
    std::string why{};
  };
  // Why `connection` failed (read from hiredis and errno), after dropping it from the pool.
  Breakage Drop(ConnectionPtr connection, int saved_errno);
  ConnectionPtr Connect();

  const Options options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<ConnectionPtr> idle_{};  // guarded by mutex_
  std::size_t open_ = 0;               // guarded by mutex_; idle plus in use
};

}  // namespace sc::redis
