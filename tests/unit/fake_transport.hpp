#pragma once
// A recording fake net::Transport for unit tests: answers from a queue of canned responses (or
// connection errors), or from a handler function once the queue is empty; records every request.
#include <deque>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "core/text.hpp"
#include "net/transport.hpp"
#include "net/transport_error.hpp"

namespace ssomap::testing {

class FakeTransport final : public net::Transport {
 public:
  using Handler = std::function<net::Response(const net::Request&)>;

  FakeTransport() = default;
  explicit FakeTransport(Handler h) : handler(std::move(h)) {}

  /// Every request sent, in order.
  std::vector<net::Request> requests;
  /// Answers when the queue is empty (default: 404 "{}").
  Handler handler = [](const net::Request&) { return net::Response{404, {}, "{}"}; };

  /// Queues a response.
  FakeTransport& Reply(long status, std::string body = {}, net::Headers headers = {}) {
    queue_.emplace_back(net::Response{status, std::move(headers), std::move(body)});
    return *this;
  }
  /// Queues a connection-level failure (thrown as net::TransportError).
  FakeTransport& Fail(net::FailureKind kind, std::string message = "connection reset by peer") {
    queue_.emplace_back(Failure{kind, std::move(message)});
    return *this;
  }
  net::Response Send(const net::Request& request) override {
    requests.push_back(request);
    if (queue_.empty()) return handler(request);
    auto next = std::move(queue_.front());
    queue_.pop_front();
    if (auto* failure = std::get_if<Failure>(&next))
      throw net::TransportError(failure->kind, failure->message);
    return std::get<net::Response>(std::move(next));
  }

  /// The first header `name` (case-insensitive) of request `i`, or empty.
  std::string HeaderOf(std::size_t i, std::string_view name) const {
    for (const auto& [key, value] : requests.at(i).headers) {
      if (text::EqualsIgnoreCase(key, name)) return value;
    }
    return {};
  }
  /// How many queued answers are left.
  std::size_t Pending() const { return queue_.size(); }

 private:
  struct Failure {
    net::FailureKind kind;
    std::string message;
  };
  std::deque<std::variant<net::Response, Failure>> queue_;
};

}  // namespace ssomap::testing
