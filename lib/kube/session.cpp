#include "kube/session.hpp"

#include <unistd.h>

#include "core/log.hpp"

namespace ssomap::kube {

std::unique_ptr<Session> Session::Open(const ConnectOptions& options, std::ostream& err,
                                       bool native_tokens) {
  std::unique_ptr<Session> s(new Session());
  const DebugLog debug_log = [](int level, const std::string& message) {
    log::Write(level, message);
  };
  if (native_tokens) {
    s->native_ = std::make_unique<AwsNativeTokenSource>(
        s->env_, s->retrying_, s->runner_, SystemClock(), options.request_timeout, debug_log);
  }
  const ConnectSeams seams{
      s->env_,       s->retrying_,     s->runner_,       err,
      SystemClock(), RealFileReader(), s->native_.get(), ::isatty(STDIN_FILENO) == 1,
      debug_log};
  s->connection_ = std::make_unique<Connection>(Connect(options, seams));
  return s;
}

}  // namespace ssomap::kube
