// RetryingTransport: what is retried, how long it waits, and where it stops.
#include <doctest/doctest.h>

#include <vector>

#include "fake_transport.hpp"
#include "net/retry.hpp"

using namespace ssomap;
using namespace std::chrono_literals;
using net::FailureKind;

namespace {

struct Harness {
  testing::FakeTransport fake;
  std::vector<std::chrono::milliseconds> sleeps;
  double random = 0.5;
  net::RetryingTransport Make(net::RetryPolicy policy = {}) {
    return net::RetryingTransport(
        fake, policy, [this](std::chrono::milliseconds d) { sleeps.push_back(d); },
        [this] { return random; });
  }
};

net::Request Get() {
  net::Request r;
  r.url = "https://sts.us-east-1.amazonaws.com/";
  return r;
}

}  // namespace

TEST_CASE("503 then 200: one retry with a full-jitter backoff") {
  Harness h;
  h.fake.Reply(503).Reply(200, "ok");
  auto t = h.Make();
  const auto r = t.Send(Get());
  CHECK(r.status == 200);
  CHECK(h.fake.requests.size() == 2);
  REQUIRE(h.sleeps.size() == 1);
  CHECK(h.sleeps[0] == 100ms);  // 0.5 * base 200ms
}

TEST_CASE("backoff doubles up to the cap, scaled by the random draw") {
  Harness h;
  h.random = 0.999;
  for (int i = 0; i < 6; ++i) h.fake.Reply(500);
  net::RetryPolicy p;
  p.max_attempts = 6;
  p.base_delay = 100ms;
  p.max_delay = 500ms;
  p.max_total_wait = 1h;
  auto t = h.Make(p);
  CHECK(t.Send(Get()).status == 500);  // attempts exhausted: the last response is returned
  CHECK(h.fake.requests.size() == 6);
  CHECK(h.sleeps == std::vector<std::chrono::milliseconds>{99ms, 199ms, 399ms, 499ms, 499ms});
}

TEST_CASE("429 honours Retry-After, capped") {
  Harness h;
  h.fake.Reply(429, "", {{"retry-after", "3"}})
      .Reply(429, "", {{"retry-after", "3600"}})
      .Reply(200);
  auto t = h.Make();
  CHECK(t.Send(Get()).status == 200);
  CHECK(h.sleeps == std::vector<std::chrono::milliseconds>{3000ms, 10000ms});
}

TEST_CASE("total waiting is bounded: a wait past the budget returns the response as it is") {
  Harness h;
  h.fake.Reply(429, "", {{"retry-after", "8"}})
      .Reply(429, "", {{"retry-after", "8"}})
      .Reply(429, "", {{"retry-after", "8"}});
  net::RetryPolicy p;
  p.max_total_wait = 10s;
  auto t = h.Make(p);
  CHECK(t.Send(Get()).status == 429);
  CHECK(h.fake.requests.size() == 2);
  CHECK(h.sleeps.size() == 1);
}

TEST_CASE("STS throttling arrives as 400 with code Throttling and is retried; other 400s are not") {
  Harness h;
  h.fake.Reply(400, R"({"Error":{"Code":"Throttling","Message":"Rate exceeded"}})").Reply(200);
  auto t = h.Make();
  CHECK(t.Send(Get()).status == 200);
  Harness h2;
  h2.fake.Reply(400, "<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>")
      .Reply(200);
  auto t2 = h2.Make();
  CHECK(t2.Send(Get()).status == 400);
  CHECK(h2.fake.requests.size() == 1);
}

TEST_CASE("4xx other than 429, and 501, are returned at once") {
  for (long status : {401L, 403L, 404L, 409L, 501L}) {
    Harness h;
    h.fake.Reply(status).Reply(200);
    auto t = h.Make();
    CHECK(t.Send(Get()).status == status);
    CHECK(h.sleeps.empty());
  }
}

TEST_CASE("dropped connections and timeouts are retried; TLS and DNS failures are not") {
  Harness h;
  h.fake.Fail(FailureKind::kConnect).Fail(FailureKind::kTimeout, "timed out").Reply(200);
  auto t = h.Make();
  CHECK(t.Send(Get()).status == 200);
  CHECK(h.fake.requests.size() == 3);

  for (auto kind : {FailureKind::kTls, FailureKind::kResolve, FailureKind::kOther}) {
    Harness once;
    once.fake.Fail(kind, "certificate verify failed").Reply(200);
    auto t2 = once.Make();
    CHECK_THROWS_AS(t2.Send(Get()), net::TransportError);
    CHECK(once.fake.requests.size() == 1);
  }
}

TEST_CASE("the last connection error is rethrown when attempts run out") {
  Harness h;
  for (int i = 0; i < 4; ++i) h.fake.Fail(FailureKind::kConnect, "reset");
  auto t = h.Make();
  CHECK_THROWS_WITH_AS(t.Send(Get()), "reset", net::TransportError);
  CHECK(h.fake.requests.size() == 4);
  CHECK(h.sleeps.size() == 3);
}

namespace {

/// A steady clock that moves only when the harness sleeps or says so.
struct FakeSteady {
  std::chrono::steady_clock::time_point now{};
  deadline::SteadyNow Fn() {
    return [this] { return now; };
  }
};

}  // namespace

// Issue 11 §6: --request-timeout 2s became 8.6s: each of four tries had the whole budget.
TEST_CASE("the deadline bounds all tries together, and running out names the wait and the fix") {
  Harness h;
  FakeSteady clock;
  const deadline::Deadline limit(1000ms, clock.Fn());
  h.random = 0.999;
  for (int i = 0; i < 4; ++i) h.fake.Fail(FailureKind::kConnect, "connection reset");
  net::RetryPolicy p;
  p.base_delay = 400ms;
  p.deadline = &limit;
  auto t = net::RetryingTransport(
      h.fake, p,
      [&](std::chrono::milliseconds d) {
        h.sleeps.push_back(d);
        clock.now += d;
      },
      [&] { return h.random; });
  try {
    (void)t.Send(Get());
    FAIL("no error");
  } catch (const net::TransportError& e) {
    CHECK(e.kind() == FailureKind::kTimeout);
    const std::string message = e.what();
    CHECK(message.rfind("gave up on sts.us-east-1.amazonaws.com after 399ms and 2 tries", 0) == 0);
    CHECK(message.find("the command's time limit is 1s") != std::string::npos);
    CHECK(e.hint().find("raise --request-timeout (e.g. --request-timeout 2s)") == 0);
  }
  // The second backoff (799 ms) would have outlived the 601 ms left: no third try.
  CHECK(h.fake.requests.size() == 2);
  CHECK(h.sleeps == std::vector<std::chrono::milliseconds>{399ms});
}

TEST_CASE("a spent deadline sends nothing; a retryable answer is returned when no retry fits") {
  Harness h;
  FakeSteady clock;
  const deadline::Deadline limit(500ms, clock.Fn());
  net::RetryPolicy p;
  p.deadline = &limit;
  h.fake.Reply(503);
  h.fake.Reply(200);
  auto t = h.Make(p);
  clock.now += 450ms;
  h.random = 0.999;  // backoff 199 ms > the 50 ms left
  CHECK(t.Send(Get()).status == 503);
  CHECK(h.fake.requests.size() == 1);
  clock.now += 100ms;
  CHECK_THROWS_AS((void)t.Send(Get()), net::TransportError);
  CHECK(h.fake.requests.size() == 1);
}

TEST_CASE("Deadline: the default budget, Clamp and Describe") {
  FakeSteady clock;
  const deadline::Deadline none(0ms, clock.Fn());
  CHECK(none.budget() == deadline::kDefaultCommandTimeout);
  const deadline::Deadline limit(2000ms, clock.Fn());
  CHECK(limit.Clamp(0ms) == 2000ms);
  CHECK(limit.Clamp(300ms) == 300ms);
  clock.now += 1500ms;
  CHECK(limit.Clamp(10s) == 500ms);
  clock.now += 1h;
  CHECK(limit.Spent());
  CHECK(limit.Clamp(10s) == 1ms);
  CHECK(deadline::Describe(2000ms) == "2s");
  CHECK(deadline::Describe(8600ms) == "8.6s");
  CHECK(deadline::Describe(250ms) == "250ms");
}

// Regression (issue 11 §4): a PUT of aws-auth whose connection dropped after the server applied
// it was sent again, met a 409 on its own change, and `remove` planned again on the new document.
TEST_CASE("a write is not sent again after it may have arrived; it is when it cannot have") {
  net::Request put = Get();
  put.method = "PUT";
  put.resend = net::Resend::kOnlyIfUnseen;
  SUBCASE("dropped after sending, or timed out: thrown to the caller after one try") {
    for (auto kind : {FailureKind::kDropped, FailureKind::kTimeout}) {
      Harness h;
      h.fake.Fail(kind).Reply(200);
      auto t = h.Make();
      CHECK_THROWS_AS(t.Send(put), net::TransportError);
      CHECK(h.fake.requests.size() == 1);
    }
  }
  SUBCASE("5xx: returned to the caller after one try") {
    Harness h;
    h.fake.Reply(503).Reply(200);
    auto t = h.Make();
    CHECK(t.Send(put).status == 503);
    CHECK(h.fake.requests.size() == 1);
  }
  SUBCASE("no connection, or 429: sent again") {
    Harness h;
    h.fake.Fail(FailureKind::kConnect, "connection refused").Reply(429).Reply(200);
    auto t = h.Make();
    CHECK(t.Send(put).status == 200);
    CHECK(h.fake.requests.size() == 3);
  }
  SUBCASE("a read is sent again after a drop, as before") {
    Harness h;
    h.fake.Fail(FailureKind::kDropped).Reply(200);
    auto t = h.Make();
    CHECK(t.Send(Get()).status == 200);
    CHECK(h.fake.requests.size() == 2);
  }
}
