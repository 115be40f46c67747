#include "common/redis/client.hpp"

#include <hiredis/hiredis.h>

#include <cerrno>

#include "common/http/api_error.hpp"

namespace sc::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

[[noreturn]] void Fail(std::string_view command, const std::string& why) {
  throw http::Internal(http::ErrorCode::kSysRedis, "redis " + std::string(command) + ": " + why);
}

Reply Convert(const redisReply* reply) {
  switch (reply->type) {
    case REDIS_REPLY_INTEGER:
      return {reply->integer};
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      return {std::string(reply->str, reply->len)};
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> items;
      items.reserve(reply->elements);
      for (size_t i = 0; i < reply->elements; ++i) items.push_back(Convert(reply->element[i]));
      return {std::move(items)};
    }
    default:
      return {};
  }
}

std::vector<std::pair<std::string, std::string>> Pairs(const Reply& reply) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (const auto* items = reply.array()) {
    for (size_t i = 0; i + 1 < items->size(); i += 2) {
      const std::string* key = (*items)[i].string();
      const std::string* value = (*items)[i + 1].string();
      if (key && value) pairs.emplace_back(*key, *value);
    }
  }
  return pairs;
}

}  // namespace

struct Client::Connection {
  redisContext* context = nullptr;
  bool proven = false;  // has answered at least once; a failure now may mean a server restart
};

void Client::ConnectionDeleter::operator()(Connection* connection) const {
  if (connection->context) redisFree(connection->context);
  delete connection;
}

Client::Client(Options options) : options_(std::move(options)) {}

Client::~Client() = default;

Client::ConnectionPtr Client::Connect() {
  const timeval connect_timeout = ToTimeval(options_.connect_timeout);
  ConnectionPtr connection(new Connection);
  connection->context =
      redisConnectWithTimeout(options_.host.c_str(), options_.port, connect_timeout);
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  if (!connection->context) Fail("connect " + where, "out of memory");
  if (connection->context->err) Fail("connect " + where, connection->context->errstr);
  const timeval command_timeout = ToTimeval(options_.command_timeout);
  redisSetTimeout(connection->context, command_timeout);
  redisEnableKeepAlive(connection->context);
  if (!options_.password.empty()) {
    const char* argv[] = {"AUTH", options_.password.c_str()};
    const size_t lengths[] = {4, options_.password.size()};
    auto* reply = static_cast<redisReply*>(redisCommandArgv(connection->context, 2, argv, lengths));
    if (!reply) Fail("AUTH", connection->context->errstr);
    const bool refused = reply->type == REDIS_REPLY_ERROR;
    const std::string why = refused ? std::string(reply->str, reply->len) : "";
    freeReplyObject(reply);
    if (refused) Fail("AUTH", why);  // the password itself is never part of a message
  }
  return connection;
}

Client::ConnectionPtr Client::Acquire() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      ConnectionPtr connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    if (open_ < options_.pool_size) {
      ++open_;
      lock.unlock();
      try {
        return Connect();
      } catch (...) {
        lock.lock();
        --open_;
        available_.notify_one();
        throw;
      }
    }
    if (!available_.wait_for(lock, options_.command_timeout,
                             [this] { return !idle_.empty() || open_ < options_.pool_size; })) {
      Fail("pool", "no free connection within the command timeout");
    }
  }
}

void Client::Release(ConnectionPtr connection) {
  std::lock_guard lock(mutex_);
  if (connection) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;  // a broken connection was dropped
  }
  available_.notify_one();
}

Client::Breakage Client::Drop(ConnectionPtr connection, int saved_errno) {
  const int kind = connection->context->err;
  Breakage broken{.closed_by_server = connection->proven &&
                                      (kind == REDIS_ERR_EOF ||
                                       (kind == REDIS_ERR_IO && (saved_errno == ECONNRESET || saved_errno == EPIPE))),
                  .why = connection->context->errstr};
  if (kind == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)) {
    broken.why = "timed out after " + std::to_string(options_.command_timeout.count()) + "ms";
  }
  connection.reset();
  Release(nullptr);
  return broken;
}

Reply Client::Execute(const std::vector<const char*>& argv, const std::vector<size_t>& lengths) {
  const std::string_view command(argv.front(), lengths.front());
  for (int attempt = 0;; ++attempt) {
    ConnectionPtr connection = Acquire();
    errno = 0;
    // hiredis 0.14 takes a non-const argv it never writes to.
    auto* raw = static_cast<redisReply*>(
        redisCommandArgv(connection->context, static_cast<int>(argv.size()),
                         const_cast<const char**>(argv.data()), lengths.data()));
    if (!raw) {
      // The server closed a pooled connection (restart, timeout): the command never ran there,
      // so it is safe to retry once on a new connection.
      const Breakage broken = Drop(std::move(connection), errno);
      if (broken.closed_by_server && attempt == 0) continue;
      Fail(command, broken.why);
    }
    std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(raw, &freeReplyObject);
    connection->proven = true;
    Release(std::move(connection));
    if (reply->type == REDIS_REPLY_ERROR) Fail(command, std::string(reply->str, reply->len));
    return Convert(reply.get());
  }
}

std::vector<Reply> Client::Pipeline(const std::vector<std::vector<std::string>>& commands) {
  if (commands.empty()) return {};
  const std::string_view first = commands.front().empty() ? "" : commands.front().front();
  for (int attempt = 0;; ++attempt) {
    ConnectionPtr connection = Acquire();
    for (const auto& args : commands) {
      std::vector<const char*> argv;
      std::vector<size_t> lengths;
      for (const std::string& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
      }
      redisAppendCommandArgv(connection->context, static_cast<int>(argv.size()), argv.data(), lengths.data());
    }
    std::vector<Reply> replies;
    std::string error;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      errno = 0;
      void* raw = nullptr;
      if (redisGetReply(connection->context, &raw) != REDIS_OK || !raw) {
        // As in Execute: a pooled connection the server had closed ran nothing.
        const Breakage broken = Drop(std::move(connection), errno);
        if (i == 0 && broken.closed_by_server && attempt == 0) break;
        Fail(first, broken.why);
      }
      std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(static_cast<redisReply*>(raw),
                                                                   &freeReplyObject);
      if (reply->type == REDIS_REPLY_ERROR && error.empty()) error = std::string(reply->str, reply->len);
      replies.push_back(Convert(reply.get()));
    }
    if (!connection) continue;  // retried on a fresh connection
    connection->proven = true;
    Release(std::move(connection));
    if (!error.empty()) Fail(first, error);
    return replies;
  }
}

Reply Client::Command(std::initializer_list<std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (std::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  return Execute(argv, lengths);
}

Reply Client::Command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const std::string& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  return Execute(argv, lengths);
}

bool Client::Ping() {
  try {
    const Reply reply = Command({"PING"});
    return reply.string() && *reply.string() == "PONG";
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<std::string> Client::Get(std::string_view key) {
  Reply reply = Command({"GET", key});
  if (auto* value = reply.string()) return std::move(*value);
  return std::nullopt;
}

void Client::Set(std::string_view key, std::string_view value) { Command({"SET", key, value}); }

std::int64_t Client::Del(std::string_view key) {
  const Reply reply = Command({"DEL", key});
  return reply.integer() ? *reply.integer() : 0;
}

std::optional<std::string> Client::Hget(std::string_view key, std::string_view field) {
  Reply reply = Command({"HGET", key, field});
  if (auto* value = std::get_if<std::string>(&reply.value)) return std::move(*value);
  return std::nullopt;
}

std::int64_t Client::Hset(std::string_view key, std::string_view field, std::string_view value) {
  const Reply reply = Command({"HSET", key, field, value});
  return reply.integer() ? *reply.integer() : 0;
}

bool Client::Hsetnx(std::string_view key, std::string_view field, std::string_view value) {
  const Reply reply = Command({"HSETNX", key, field, value});
  return reply.integer() && *reply.integer() == 1;
}

std::int64_t Client::Hdel(std::string_view key, std::string_view field) {
  const Reply reply = Command({"HDEL", key, field});
  return reply.integer() ? *reply.integer() : 0;
}

std::int64_t Client::Hlen(std::string_view key) {
  const Reply reply = Command({"HLEN", key});
  return reply.integer() ? *reply.integer() : 0;
}

std::int64_t Client::Hincrby(std::string_view key, std::string_view field, std::int64_t by) {
  const std::string amount = std::to_string(by);
  const Reply reply = Command({"HINCRBY", key, field, amount});
  return reply.integer() ? *reply.integer() : 0;
}

std::vector<std::string> Client::Hkeys(std::string_view key) {
  std::vector<std::string> names;
  const Reply reply = Command({"HKEYS", key});
  if (const auto* items = reply.array()) {
    for (const Reply& item : *items) {
      if (const auto* name = item.string()) names.push_back(*name);
    }
  }
  return names;
}

std::vector<std::pair<std::string, std::string>> Client::Hgetall(std::string_view key) {
  return Pairs(Command({"HGETALL", key}));
}

ScanPage Client::Hscan(std::string_view key, std::string_view cursor, std::string_view match,
                       std::int64_t count) {
  const std::string count_text = std::to_string(count);
  const Reply reply = Command({"HSCAN", key, cursor, "MATCH", match, "COUNT", count_text});
  ScanPage page;
  const auto* parts = reply.array();
  if (!parts || parts->size() != 2 || !(*parts)[0].string()) Fail("HSCAN", "unexpected reply");
  page.cursor = *(*parts)[0].string();
  page.entries = Pairs((*parts)[1]);
  return page;
}

}  // namespace sc::redis
