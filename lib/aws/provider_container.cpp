// Container credentials (botocore ContainerProvider): ECS task roles and EKS Pod Identity.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/provider.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

// The ECS agent's link-local address that _RELATIVE_URI is appended to.
constexpr std::string_view kContainerBase = "http://169.254.170.2";
// botocore's ContainerMetadataFetcher timeout: the agent is local, so answers are quick.
constexpr std::chrono::seconds kContainerTimeout{2};

// botocore only sends the token over plain HTTP to these hosts (ECS, EKS Pod Identity, loopback).
bool AllowedHost(std::string_view url) {
  if (url.substr(0, 8) == "https://") return true;
  if (url.substr(0, 7) != "http://") return false;
  auto authority = url.substr(7, url.find_first_of("/?#", 7) - 7);
  if (authority.empty()) return false;
  auto host = authority.front() == '[' ? authority.substr(0, authority.find(']') + 1)
                                       : authority.substr(0, authority.find(':'));
  auto h = text::Lower(host);
  return h == "169.254.170.2" || h == "169.254.170.23" || h == "[fd00:ec2::23]" ||
         h == "localhost" || h.rfind("127.", 0) == 0 || h == "[::1]";
}

class ContainerProvider final : public CredentialProvider {
 public:
  explicit ContainerProvider(const ProviderContext& ctx) : ctx_(ctx) {}
  std::string_view Name() const override { return "container-role"; }

  std::optional<Credentials> Load() override {
    const auto& env = ctx_.env;
    std::string url;
    if (auto rel = env.GetOr("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ""); !rel.empty()) {
      url = std::string(kContainerBase) + rel;
    } else {
      url = env.GetOr("AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
    }
    if (url.empty()) return std::nullopt;
    if (!AllowedHost(url)) {
      throw Error(
          fmt::format("AWS_CONTAINER_CREDENTIALS_FULL_URI {} is not an allowed container host",
                      text::Quote(url)),
          "use https, the ECS/EKS agent address or a loopback address", Exit::kAuth);
    }
    net::Request request;
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    request.timeout = kContainerTimeout;
    auto token = env.GetOr("AWS_CONTAINER_AUTHORIZATION_TOKEN", "");
    if (auto file = env.GetOr("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", ""); !file.empty()) {
      token =
          std::string(text::Trim(files::Read(file)));  // re-read each time: the agent rotates it
    }
    if (!token.empty()) request.headers.emplace_back("Authorization", token);
    log::Write(2, fmt::format("GET {} (container credentials)", url));
    auto response = ctx_.transport.Send(request);
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    auto str = [&](const char* key) {
      return body.is_object() && body.contains(key) && body[key].is_string()
                 ? body[key].get<std::string>()
                 : std::string();
    };
    if (response.status != 200) {
      throw Error(
          fmt::format("the container credentials endpoint answered HTTP {}{}{}", response.status,
                      str("message").empty() ? "" : ": ", text::Quote(str("message"))),
          {}, Exit::kAuth);
    }
    Credentials c;
    c.access_key_id = str("AccessKeyId");
    c.secret_access_key = str("SecretAccessKey");
    c.session_token = str("Token");
    c.expiration = timestamp::ParseLenient(str("Expiration"));
    if (c.access_key_id.empty() || c.secret_access_key.empty()) {
      throw Error("the container credentials endpoint returned no credentials", {}, Exit::kAuth);
    }
    c.source = std::string(Name());
    return c;
  }

 private:
  const ProviderContext& ctx_;
};

}  // namespace

ProviderPtr MakeContainerProvider(const ProviderContext& ctx) {
  return std::make_unique<ContainerProvider>(ctx);
}

}  // namespace ssomap::aws
