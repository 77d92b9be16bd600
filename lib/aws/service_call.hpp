#pragma once
/// One AWS service endpoint as its client calls it: where (the endpoint URL), how it is signed
/// (the SigV4 region and signing name, at the clock's time), through what (the transport) and how
/// long a request may take. The STS, IAM and EKS clients build their requests here and send them
/// through Send, which signs and never follows a redirect.

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

class ServiceCall {
 public:
  /// `endpoint`: base URL, e.g. https://sts.us-east-1.amazonaws.com (http:// as the AWS CLI
  /// allows); `region`: the signing region (the endpoint's); `service`: the signing name (`sts`,
  /// `iam`, `eks`); `timeout`: per request, 0 = the transport's default. `transport` must outlive
  /// the call.
  ServiceCall(net::Transport& transport, std::string endpoint, std::string region,
              std::string_view service, Clock clock, std::chrono::milliseconds timeout);

  /// A `method` request to `path` (already percent-encoded; appended to the endpoint's own path,
  /// "/" when both are empty) with `query` form-encoded as its query string (REST protocols);
  /// without `query`, the endpoint's own query string (if any) is kept, as botocore keeps it.
  net::Request NewRequest(std::string_view method, std::string_view path = {},
                          const encoding::Params& query = {}) const;

  /// A query-protocol request (STS, IAM): a POST to the endpoint of the form `Action`, `Version`,
  /// then `params`, with the content type botocore sends and signs.
  net::Request FormRequest(std::string_view action, std::string_view version,
                           const encoding::Params& params) const;

  /// Signs `request` with SigV4 for this region and service at clock() (unsigned when
  /// `credentials` is nullptr: the call carries its own credential) and sends it with this
  /// timeout. Never follows a redirect: it would carry the signature to another host. Throws
  /// what the transport throws; any status is returned.
  net::Response Send(net::Request request, const Credentials* credentials) const;

 private:
  net::Transport& transport_;
  std::string endpoint_;
  std::string region_;
  std::string service_;
  Clock clock_;
  std::chrono::milliseconds timeout_;
};

}  // namespace ssomap::aws
