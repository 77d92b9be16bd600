// CurlTransport failures that need no server: refused connections and unresolvable names give
// one-line TransportErrors naming the host and the kind RetryingTransport decides on.
#include <doctest/doctest.h>

#include <string>

#include "net/curl_transport.hpp"
#include "net/transport_error.hpp"

using namespace ssomap;

TEST_CASE("a refused connection is a retryable kConnect error naming host and port") {
  net::CurlTransport curl;
  net::Request r;
  r.url = "https://127.0.0.1:1/";
  try {
    curl.Send(r);
    FAIL("expected an error");
  } catch (const net::TransportError& e) {
    CHECK(e.kind() == net::FailureKind::kConnect);
    CHECK(e.retryable());
    CHECK(std::string(e.what()).find("127.0.0.1:1") != std::string::npos);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
}

TEST_CASE("an unresolvable host is kResolve, not retried") {
  net::CurlTransport curl;
  net::Request r;
  r.url = "https://no-such-host.invalid/";
  try {
    curl.Send(r);
    FAIL("expected an error");
  } catch (const net::TransportError& e) {
    CHECK(e.kind() == net::FailureKind::kResolve);
    CHECK_FALSE(e.retryable());
    CHECK(std::string(e.what()) == "cannot resolve host no-such-host.invalid");
  }
}

TEST_CASE("a URL that is not http(s) is refused before any I/O") {
  net::CurlTransport curl;
  net::Request r;
  r.url = "file:///etc/passwd";
  CHECK_THROWS_AS(curl.Send(r), Error);
}
