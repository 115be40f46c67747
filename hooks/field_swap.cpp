#include "hooks/field_swap.hpp"

#include "common/http/api_error.hpp"

namespace sc::hooks {
namespace {

// KEYS[i] is the hash; ARGV holds five values per swap: field, check ("a" absent, "v" value,
// "x" none), expected, operation ("s" set, "d" delete, "k" keep), next.
constexpr std::string_view kScript = R"lua(
for i = 1, #KEYS do
  local b = (i - 1) * 5
  local current = redis.call('HGET', KEYS[i], ARGV[b + 1])
  local check = ARGV[b + 2]
  if check == 'a' and current then return 0 end
  if check == 'v' and current ~= ARGV[b + 3] then return 0 end
end
for i = 1, #KEYS do
  local b = (i - 1) * 5
  local op = ARGV[b + 4]
  if op == 's' then redis.call('HSET', KEYS[i], ARGV[b + 1], ARGV[b + 5])
  elseif op == 'd' then redis.call('HDEL', KEYS[i], ARGV[b + 1]) end
end
return 1
)lua";

}  // namespace

bool SwapFields(redis::Client& redis, const std::vector<FieldSwap>& swaps) {
  std::vector<std::string> args = {"EVAL", std::string(kScript), std::to_string(swaps.size())};
  for (const FieldSwap& swap : swaps) args.push_back(swap.key);
  for (const FieldSwap& swap : swaps) {
    args.push_back(swap.field);
    args.push_back(!swap.check ? "x" : swap.expected ? "v" : "a");
    args.push_back(swap.expected.value_or(""));
    args.push_back(swap.keep ? "k" : swap.next ? "s" : "d");
    args.push_back(swap.next.value_or(""));
  }
  const redis::Reply reply = redis.Command(args);
  const std::int64_t* applied = reply.integer();
  if (!applied) throw http::Internal(http::ErrorCode::kSysRedis, "field swap: unexpected reply");
  return *applied == 1;
}

}  // namespace sc::hooks
