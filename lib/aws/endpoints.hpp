#pragma once
/// Where each AWS service is reached: partitions and their DNS suffixes, regional and legacy
/// global STS, the IAM Identity Center portal and OIDC hosts, and the endpoint overrides of the
/// environment and config (`AWS_ENDPOINT_URL[_SERVICE]`, `endpoint_url`, `[services X]`).

#include <string>
#include <string_view>

#include "aws/config_file.hpp"
#include "core/environment.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

/// The region STS is called in when nothing configures one. botocore would refuse; the global
/// partition's home region (where the legacy global endpoint signs) keeps `whoami`, native EKS
/// tokens and role chaining working for profiles without a region.
inline constexpr std::string_view kDefaultStsRegion = "us-east-1";

/// The services we call.
enum class Service { kSts, kSso, kSsoOidc, kEks, kIam };

/// A partition: its name and DNS suffix.
struct Partition {
  std::string_view
      name;  ///< aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc
  std::string_view dns_suffix;  ///< amazonaws.com, amazonaws.com.cn, ...
};

/// The partition a region belongs to (botocore partitions.json regionRegex); `aws` by default.
Partition PartitionOf(std::string_view region);

/// A resolved endpoint: the base URL and the region to sign for.
struct Endpoint {
  std::string url;             ///< e.g. https://sts.us-east-2.amazonaws.com (no trailing slash)
  std::string signing_region;  ///< e.g. us-east-1 for the legacy global STS endpoint
  bool configured = false;     ///< from AWS_ENDPOINT_URL* or the config file
};

/// `<SERVICE>` of AWS_ENDPOINT_URL_<SERVICE>, e.g. "SSO_OIDC", and the `[services]` key, e.g.
/// "sso-oidc".
std::string_view EnvSuffix(Service service);
std::string_view ServiceKey(Service service);

/// The endpoint AWS would use for `service` in `region` with no overrides. STS honours
/// `sts_regional_endpoints` (`legacy` sends the legacy regions to sts.amazonaws.com).
Endpoint DefaultEndpoint(Service service, std::string_view region, bool sts_legacy = false);

/// The endpoint for `service` in `region` for `profile`: AWS_ENDPOINT_URL_<SERVICE>,
/// AWS_ENDPOINT_URL, the profile's `[services X]` block, the profile's `endpoint_url`, unless
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls is true; then the default
/// (with AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints for STS).
Endpoint ResolveEndpoint(Service service, std::string_view region, const Environment& env,
                         const ConfigFiles& config, const std::string& profile);

/// The CA bundle to verify AWS endpoints with: AWS_CA_BUNDLE, else the profile's `ca_bundle`,
/// else empty (the system store).
std::string CaBundle(const Environment& env, const ConfigFiles& config, const std::string& profile);

/// Sets `tls.ca_file` to CaBundle()'s file on every request that carries no CA of its own (AWS
/// calls); an empty file changes nothing.
class CaBundleTransport final : public net::Transport {
 public:
  CaBundleTransport(net::Transport& inner, std::string ca_file)
      : inner_(inner), ca_file_(std::move(ca_file)) {}
  net::Response Send(const net::Request& request) override;

 private:
  net::Transport& inner_;
  std::string ca_file_;
};

}  // namespace ssomap::aws
