// EC2 instance metadata credentials over IMDSv2 (botocore InstanceMetadataProvider): a session
// token by PUT, then the role name and its credentials by GET. Tried last, with short timeouts.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/provider.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

// The instance metadata service (AWS_EC2_METADATA_SERVICE_ENDPOINT overrides it, as in botocore).
constexpr std::string_view kImdsEndpoint = "http://169.254.169.254";
constexpr std::string_view kImdsEndpointIpv6 = "http://[fd00:ec2::254]";
constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kRolePath = "/latest/meta-data/iam/security-credentials/";
// botocore: a 1 s timeout and 1 attempt, so that the chain ends quickly off EC2.
constexpr std::chrono::seconds kImdsTimeout{1};
// Lifetime asked for the IMDSv2 session token (botocore's 21600 s).
constexpr std::string_view kTokenTtlSeconds = "21600";

class ImdsProvider final : public CredentialProvider {
 public:
  explicit ImdsProvider(const ProviderContext& ctx) : ctx_(ctx) {}
  std::string_view Name() const override { return "iam-role"; }

  std::optional<Credentials> Load() override {
    const auto& env = ctx_.env;
    if (text::EqualsIgnoreCase(env.GetOr("AWS_EC2_METADATA_DISABLED", ""), "true"))
      return std::nullopt;
    auto base = env.GetOr("AWS_EC2_METADATA_SERVICE_ENDPOINT", "");
    if (base.empty()) {
      bool ipv6 = text::EqualsIgnoreCase(
          env.GetOr("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                    ctx_.config.Get(ctx_.profile, "ec2_metadata_service_endpoint_mode")),
          "ipv6");
      base = std::string(ipv6 ? kImdsEndpointIpv6 : kImdsEndpoint);
    }
    while (!base.empty() && base.back() == '/') base.pop_back();
    try {
      auto token = Send("PUT", base + std::string(kTokenPath),
                        {{"x-aws-ec2-metadata-token-ttl-seconds", std::string(kTokenTtlSeconds)}});
      if (token.status != 200) return std::nullopt;
      net::Headers auth = {{"x-aws-ec2-metadata-token", token.body}};
      auto role = Send("GET", base + std::string(kRolePath), auth);
      auto name = std::string(text::Trim(role.body));
      if (role.status != 200 || name.empty()) return std::nullopt;
      name = name.substr(0, name.find('\n'));
      auto creds = Send("GET", base + std::string(kRolePath) + name, auth);
      if (creds.status != 200) return std::nullopt;
      return Parse(creds.body);
    } catch (const Error& e) {
      // Off EC2 nothing answers: the chain simply has no credentials from here.
      log::Write(3, fmt::format("instance metadata not available: {}", e.what()));
      return std::nullopt;
    }
  }

 private:
  net::Response Send(const char* method, const std::string& url, net::Headers headers) {
    net::Request r;
    r.method = method;
    r.url = url;
    r.headers = std::move(headers);
    r.timeout = kImdsTimeout;
    log::Write(3, fmt::format("{} {}", method, url));
    return ctx_.transport.Send(r);
  }

  std::optional<Credentials> Parse(const std::string& body) const {
    auto j = nlohmann::json::parse(body, nullptr, false);
    auto str = [&](const char* key) {
      return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>()
                                                                    : std::string();
    };
    if (!str("Code").empty() && str("Code") != "Success") return std::nullopt;
    Credentials c;
    c.access_key_id = str("AccessKeyId");
    c.secret_access_key = str("SecretAccessKey");
    c.session_token = str("Token");
    c.expiration = timestamp::ParseLenient(str("Expiration"));
    if (c.access_key_id.empty() || c.secret_access_key.empty()) return std::nullopt;
    c.source = std::string(Name());
    return c;
  }

  const ProviderContext& ctx_;
};

}  // namespace

ProviderPtr MakeImdsProvider(const ProviderContext& ctx) {
  return std::make_unique<ImdsProvider>(ctx);
}

}  // namespace ssomap::aws
