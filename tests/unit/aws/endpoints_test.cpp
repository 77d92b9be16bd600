#include <doctest/doctest.h>

#include <string>

#include "aws/endpoints.hpp"
#include "fake_environment.hpp"

using namespace ssomap;
using namespace ssomap::aws;

TEST_CASE("DefaultEndpoint: per partition, legacy global STS, SSO hosts") {
  struct Case {
    Service service;
    std::string region;
    bool legacy;
    std::string url;
    std::string signing_region;
  };
  const Case cases[] = {
      {Service::kSts, "us-east-2", false, "https://sts.us-east-2.amazonaws.com", "us-east-2"},
      {Service::kSts, "us-west-2", true, "https://sts.amazonaws.com", "us-east-1"},
      {Service::kSts, "ap-east-1", true, "https://sts.ap-east-1.amazonaws.com", "ap-east-1"},
      {Service::kSts, "aws-global", false, "https://sts.amazonaws.com", "us-east-1"},
      {Service::kSts, "cn-north-1", false, "https://sts.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {Service::kSts, "us-gov-west-1", false, "https://sts.us-gov-west-1.amazonaws.com",
       "us-gov-west-1"},
      {Service::kSts, "us-iso-east-1", false, "https://sts.us-iso-east-1.c2s.ic.gov",
       "us-iso-east-1"},
      {Service::kSts, "us-isob-east-1", false, "https://sts.us-isob-east-1.sc2s.sgov.gov",
       "us-isob-east-1"},
      {Service::kSts, "eu-isoe-west-1", false, "https://sts.eu-isoe-west-1.cloud.adc-e.uk",
       "eu-isoe-west-1"},
      {Service::kSts, "us-isof-south-1", false, "https://sts.us-isof-south-1.csp.hci.ic.gov",
       "us-isof-south-1"},
      {Service::kSts, "eusc-de-east-1", false, "https://sts.eusc-de-east-1.amazonaws.eu",
       "eusc-de-east-1"},
      {Service::kSso, "us-east-2", false, "https://portal.sso.us-east-2.amazonaws.com",
       "us-east-2"},
      {Service::kSsoOidc, "eu-west-1", false, "https://oidc.eu-west-1.amazonaws.com", "eu-west-1"},
      {Service::kSso, "cn-northwest-1", false, "https://portal.sso.cn-northwest-1.amazonaws.com.cn",
       "cn-northwest-1"},
      {Service::kEks, "us-east-2", false, "https://eks.us-east-2.amazonaws.com", "us-east-2"},
      {Service::kIam, "eu-west-1", false, "https://iam.amazonaws.com", "us-east-1"},
      {Service::kIam, "cn-north-1", false, "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {Service::kIam, "us-gov-east-1", false, "https://iam.us-gov.amazonaws.com", "us-gov-west-1"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.region);
    auto e = DefaultEndpoint(c.service, c.region, c.legacy);
    CHECK(e.url == c.url);
    CHECK(e.signing_region == c.signing_region);
    CHECK_FALSE(e.configured);
  }
}

TEST_CASE("ResolveEndpoint: env > services section > endpoint_url, unless ignored") {
  auto cfg = BuildConfig(
      ParseIni("[profile svc]\nservices = local\nendpoint_url = https://profile.example/\n"
               "[profile plain]\nendpoint_url = https://profile.example\n"
               "[profile ign]\nignore_configured_endpoint_urls = true\nendpoint_url = https://x\n"
               "[profile legacy]\nsts_regional_endpoints = legacy\n"
               "[services local]\nsts =\n  endpoint_url = https://127.0.0.1:9443\n",
               "config"),
      {});
  struct Case {
    std::map<std::string, std::string> env;
    std::string profile;
    Service service;
    std::string url;
  };
  const Case cases[] = {
      {{{"AWS_ENDPOINT_URL_STS", "https://specific/"}, {"AWS_ENDPOINT_URL", "https://global"}},
       "svc",
       Service::kSts,
       "https://specific"},
      {{{"AWS_ENDPOINT_URL", "https://global"}}, "svc", Service::kSts, "https://global"},
      {{{"AWS_ENDPOINT_URL_SSO_OIDC", "https://oidc.local"}},
       "plain",
       Service::kSsoOidc,
       "https://oidc.local"},
      {{}, "svc", Service::kSts, "https://127.0.0.1:9443"},
      {{}, "svc", Service::kEks, "https://profile.example"},
      {{}, "plain", Service::kSso, "https://profile.example"},
      {{}, "ign", Service::kSts, "https://sts.us-west-2.amazonaws.com"},
      {{{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"}, {"AWS_ENDPOINT_URL", "https://g"}},
       "plain",
       Service::kSts,
       "https://sts.us-west-2.amazonaws.com"},
      {{}, "legacy", Service::kSts, "https://sts.amazonaws.com"},
      {{{"AWS_STS_REGIONAL_ENDPOINTS", "regional"}},
       "legacy",
       Service::kSts,
       "https://sts.us-west-2.amazonaws.com"},
      {{{"AWS_STS_REGIONAL_ENDPOINTS", "legacy"}},
       "plainer",
       Service::kSts,
       "https://sts.amazonaws.com"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.profile);
    FakeEnvironment env(c.env);
    auto e = ResolveEndpoint(c.service, "us-west-2", env, cfg, c.profile);
    CHECK(e.url == c.url);
  }
}

TEST_CASE("CaBundle: AWS_CA_BUNDLE > ca_bundle") {
  auto cfg = BuildConfig(ParseIni("[default]\nca_bundle = ~/ca.pem\n", "config"), {});
  FakeEnvironment none({}, "/h");
  CHECK(CaBundle(none, cfg, "default") == "/h/ca.pem");
  CHECK(CaBundle(none, cfg, "other").empty());
  FakeEnvironment set({{"AWS_CA_BUNDLE", "/etc/ca.pem"}}, "/h");
  CHECK(CaBundle(set, cfg, "default") == "/etc/ca.pem");
}
