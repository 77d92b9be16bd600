#include "aws/service_call.hpp"

#include "aws/sigv4.hpp"
#include "net/url.hpp"

namespace ssomap::aws {
namespace {

/// The content type botocore sends (and signs) for query-protocol bodies.
constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded; charset=utf-8";

}  // namespace

ServiceCall::ServiceCall(net::Transport& transport, std::string endpoint, std::string region,
                         std::string_view service, Clock clock, std::chrono::milliseconds timeout)
    : transport_(transport),
      endpoint_(std::move(endpoint)),
      region_(std::move(region)),
      service_(service),
      clock_(std::move(clock)),
      timeout_(timeout) {}

net::Request ServiceCall::NewRequest(std::string_view method, std::string_view path,
                                     const encoding::Params& query) const {
  net::Url url = net::ParseUrl(endpoint_);
  if (url.path == "/") url.path.clear();
  url.path += path;
  // A char, not "/": GCC 12 at -O3 reports a bogus -Wrestrict for assigning a one-character
  // literal to std::string (GCC bug 105329).
  if (url.path.empty()) url.path = '/';
  if (!query.empty()) {
    url.query = encoding::FormEncode(query);
    url.has_query = true;
  }
  net::Request request;
  request.method = std::string(method);
  request.url = url.ToString();
  return request;
}

net::Request ServiceCall::FormRequest(std::string_view action, std::string_view version,
                                      const encoding::Params& params) const {
  encoding::Params form = {{"Action", std::string(action)}, {"Version", std::string(version)}};
  form.insert(form.end(), params.begin(), params.end());
  net::Request request = NewRequest("POST");
  request.headers = {{"Content-Type", std::string(kFormContentType)}};
  request.body = encoding::FormEncode(form);
  return request;
}

net::Response ServiceCall::Send(net::Request request, const Credentials* credentials) const {
  request.timeout = timeout_;
  request.follow_redirects = false;  // a redirect would carry a signature to another host
  if (credentials != nullptr)
    sigv4::SignRequest(request, *credentials, {region_, service_, clock_()});
  return transport_.Send(request);
}

}  // namespace ssomap::aws
