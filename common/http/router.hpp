#pragma once
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "common/http/completion.hpp"
#include "common/http/message.hpp"
#include "common/json.hpp"

namespace sc::util {
class WorkerPool;
}  // namespace sc::util

namespace sc::http {

// Returns the `data` of a {code:0,data} envelope; nullptr (or any falsy value) gives {"code":0}.
using JsonHandler = std::function<Json(const Request&)>;
// Answers the whole response itself (raw JSON, playlists, files, redirects).
using RawHandler = std::function<Response(const Request&)>;
// Answers later through the Completion (from any thread), so that a handler waiting for Redis
// holds no server thread. What it throws before returning is answered as for the others.
using DeferredHandler = std::function<void(const Request&, Completion)>;

// The API table of a daemon and the request pipeline of spec/common.md §2: CORS pre-flight,
// route match (any method, case-insensitive, one optional trailing slash), body parsing,
// the handler, and the error envelope. Dispatch never throws.
class Router {
 public:
  // Pattern segments are literals, ":name", or ":name.ext" (a parameter with a fixed suffix).
  Router& Any(const std::string& pattern, JsonHandler handler);
  Router& AnyRaw(const std::string& pattern, RawHandler handler);
  // Every path equal to `prefix` or below it ("/a" matches "/a" and "/a/b/c"); GET and HEAD only
  // unless `any_method`. Meant for static files; the handler reads request.path.
  Router& Prefix(const std::string& prefix, RawHandler handler, bool any_method = false);
  Router& AnyDeferred(const std::string& pattern, DeferredHandler handler);
  // Synchronous handlers of the routes added after this call run on `pool`, not on the thread
  // that read the request, so that one that blocks never holds up the server's loop (hooks
  // serves the engine's callbacks from one loop thread). `pool` outlives the router.
  Router& RunBlockingOn(util::WorkerPool& pool);

  // A request whose route answers later: Run starts its handler, which calls `finish` once with
  // the response, possibly from another thread. `request` must outlive that call.
  class Deferred {
   public:
    Deferred(const DeferredHandler& handler, const Request& request)
        : handler_(&handler), request_(&request) {}
    void Run(std::function<void(Response)> finish) const;

   private:
    const DeferredHandler* handler_;
    const Request* request_;
  };

  // Fills request.json, request.params and request.route, then answers, or, for a deferred
  // route, returns the call that will.
  std::variant<Response, Deferred> Begin(Request& request) const;
  // Begin, waiting for a deferred route's answer.
  Response Dispatch(Request& request) const;

 private:
  struct Segment {
    std::string text{};    // literal text, or the parameter name
    std::string suffix{};  // for ":name.ext": ".ext"
    bool is_param = false;
  };
  struct Route {
    std::string pattern{};
    std::vector<Segment> segments{};
    bool is_prefix = false;
    bool any_method = true;
    RawHandler handler{};
    DeferredHandler deferred{};  // instead of `handler`
  };

  const Route* Match(Request& request) const;
  Router& Add(Route route);

  std::vector<Route> routes_{};
  util::WorkerPool* blocking_pool_ = nullptr;
};

// Registers GET /metrics, answering `render()` in the Prometheus text format.
void AddMetricsRoute(Router& router, std::function<std::string()> render);

}  // namespace sc::http
