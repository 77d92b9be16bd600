#include "kube/session.hpp"

#include <unistd.h>

#include "core/log.hpp"

namespace ssomap::kube {

std::unique_ptr<Session> Session::Open(const ConnectOptions& options, std::ostream& err, NativeTokenSource* native) {
  std::unique_ptr<Session> s(new Session());
  const ConnectSeams seams{s->env_,
                           s->retrying_,
                           s->runner_,
                           err,
                           SystemClock(),
                           RealFileReader(),
                           native,
                           ::isatty(STDIN_FILENO) == 1,
                           [](int level, const std::string& message) { log::Write(level, message); }};
  s->connection_ = std::make_unique<Connection>(Connect(options, seams));
  return s;
}

}  // namespace ssomap::kube
