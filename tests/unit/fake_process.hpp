#pragma once
// A recording fake ProcessRunner (exec plugins, credential_process): answers from a queue of
// replies, then with `result`; records every request.
#include <deque>
#include <vector>

#include "core/process.hpp"

namespace ssomap::testing {

class FakeProcessRunner final : public ProcessRunner {
 public:
  std::vector<ProcessRequest> requests;
  /// The answer once the queue is empty.
  ProcessResult result{1, {}, "no reply queued", false, false};

  FakeProcessRunner& Reply(int exit_code, std::string out) {
    ProcessResult r;
    r.exit_code = exit_code;
    r.out = std::move(out);
    queue_.push_back(std::move(r));
    return *this;
  }
  FakeProcessRunner& Queue(ProcessResult r) {
    queue_.push_back(std::move(r));
    return *this;
  }
  FakeProcessRunner& NotFound() {
    ProcessResult r;
    r.exit_code = 127;
    r.not_found = true;
    queue_.push_back(std::move(r));
    return *this;
  }

  ProcessResult Run(const ProcessRequest& request) override {
    requests.push_back(request);
    if (queue_.empty()) return result;
    auto r = std::move(queue_.front());
    queue_.pop_front();
    return r;
  }

 private:
  std::deque<ProcessResult> queue_;
};

}  // namespace ssomap::testing
