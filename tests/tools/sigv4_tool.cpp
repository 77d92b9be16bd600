// Test driver for the integration tests (not installed):
//   sigv4_tool              JSON requests on stdin, one per line; prints our signing stages, one
//                           JSON object per line (the botocore cross-check feeds it). Mode
//                           "eks-token" takes "cluster" and "endpoint" and prints the EKS token.
//   sigv4_tool sts ACTION   calls STS (get-caller-identity | assume-role ROLE_ARN SESSION) with
//   keys from
//                           AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN against
//                           AWS_ENDPOINT_URL_STS (CA from AWS_CA_BUNDLE) and prints the result as
//                           JSON.
//   sigv4_tool http URL     one GET through CurlTransport (CA from AWS_CA_BUNDLE,
//   SSOMAP_SERVER_NAME,
//                           SSOMAP_PROXY); prints {"status": N, "headers": {...}, "body": "..."}.
// Input line: {"mode":"header"|"query", "method", "url", "headers":[[name,value],...], "body",
//              "access_key", "secret_key", "token", "region", "service", "time":<epoch s>,
//              "expires":<s>}
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "../unit/aws/eks_token_decode.hpp"
#include "aws/eks_token.hpp"
#include "aws/endpoints.hpp"
#include "aws/sigv4.hpp"
#include "aws/sts.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"

using namespace ssomap;
using nlohmann::json;

namespace {

std::string Env(const char* name, const char* fallback = "") {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

json SignOne(const json& in) {
  net::Request request;
  request.method = in.value("method", "GET");
  request.url = in.value("url", "");
  for (const auto& header : in.value("headers", json::array())) {
    request.headers.emplace_back(header.at(0).get<std::string>(), header.at(1).get<std::string>());
  }
  request.body = in.value("body", "");
  aws::Credentials credentials;
  credentials.access_key_id = in.at("access_key").get<std::string>();
  credentials.secret_access_key = in.at("secret_key").get<std::string>();
  credentials.session_token = in.value("token", "");
  const aws::sigv4::Scope scope{
      in.at("region").get<std::string>(), in.value("service", "sts"),
      std::chrono::system_clock::from_time_t(in.at("time").get<std::time_t>())};
  json out;
  if (in.value("mode", "header") == "eks-token") {
    const auto token =
        aws::MakeEksToken(in.at("cluster").get<std::string>(), credentials,
                          in.at("endpoint").get<std::string>(), scope.region, scope.time);
    out["token"] = token.token;
    out["url"] = testing::DecodeEksToken(token.token).value_or("");
    out["exec_credential"] =
        json::parse(aws::ExecCredentialJson(token, aws::kDefaultExecApiVersion));
  } else if (in.value("mode", "header") == "query") {
    const auto presigned = aws::sigv4::PresignStaged(
        request, credentials, scope, std::chrono::seconds(in.value("expires", 3600)), {});
    out["url"] = presigned.url;
    out["canonical_request"] = presigned.stages.canonical_request;
    out["string_to_sign"] = presigned.stages.string_to_sign;
    out["signature"] = presigned.stages.signature;
  } else {
    const auto stages = aws::sigv4::SignRequestStaged(request, credentials, scope, {});
    out["headers"] = json::array();
    for (const auto& [name, value] : request.headers) out["headers"].push_back({name, value});
    out["canonical_request"] = stages.canonical_request;
    out["string_to_sign"] = stages.string_to_sign;
    out["signature"] = stages.signature;
  }
  return out;
}

int SignLoop() {
  for (std::string line; std::getline(std::cin, line);) {
    if (line.empty()) continue;
    json out;
    try {
      out = SignOne(json::parse(line));
    } catch (const std::exception& e) {
      out = {{"error", e.what()}};
    }
    std::cout << out.dump() << '\n' << std::flush;
  }
  return 0;
}

int Sts(int argc, char** argv) {
  const std::string action = argc > 2 ? argv[2] : "get-caller-identity";
  const std::string endpoint = Env("AWS_ENDPOINT_URL_STS", "https://sts.us-east-1.amazonaws.com");
  const std::string region = Env("AWS_REGION", "us-east-1");
  net::CurlTransport curl;
  net::RetryingTransport retrying(curl);
  // AWS_CA_BUNDLE, as the real commands take it.
  aws::CaBundleTransport transport(retrying, Env("AWS_CA_BUNDLE"));
  const auto timeout = std::chrono::milliseconds(std::atol(Env("SSOMAP_TIMEOUT_MS", "0").c_str()));
  aws::StsClient sts(transport, endpoint, region, SystemClock(), timeout);
  aws::Credentials keys{
      Env("AWS_ACCESS_KEY_ID"), Env("AWS_SECRET_ACCESS_KEY"), Env("AWS_SESSION_TOKEN"), {}, "env"};
  json out;
  if (action == "get-caller-identity") {
    const auto id = sts.GetCallerIdentity(keys);
    out = {{"Arn", id.arn}, {"UserId", id.user_id}, {"Account", id.account}};
  } else if (action == "assume-role" && argc > 4) {
    const auto creds = sts.AssumeRole(keys, {argv[3], argv[4], "", std::nullopt, "", ""});
    out = {{"AccessKeyId", creds.access_key_id},
           {"HasSecret", !creds.secret_access_key.empty()},
           {"HasSessionToken", !creds.session_token.empty()}};
  } else {
    throw UsageError("usage: sigv4_tool sts get-caller-identity | assume-role ROLE_ARN SESSION");
  }
  std::cout << out.dump() << '\n';
  return 0;
}

int Http(int argc, char** argv) {
  if (argc < 3) throw UsageError("usage: sigv4_tool http URL");
  net::CurlTransport curl;
  net::Request request;
  request.url = argv[2];
  request.tls.ca_file = Env("AWS_CA_BUNDLE");
  request.tls.server_name = Env("SSOMAP_SERVER_NAME");
  request.proxy = Env("SSOMAP_PROXY");
  const auto response = curl.Send(request);
  json headers = json::object();
  for (const auto& [name, value] : response.headers) headers[name] = value;
  std::cout
      << json{{"status", response.status}, {"headers", headers}, {"body", response.body}}.dump()
      << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  log::SetVerbosity(std::atoi(Env("SSOMAP_VERBOSITY", "0").c_str()));
  try {
    if (argc > 1 && std::string(argv[1]) == "sts") return Sts(argc, argv);
    if (argc > 1 && std::string(argv[1]) == "http") return Http(argc, argv);
    return SignLoop();
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << '\n';
    if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << '\n';
    return static_cast<int>(e.exit());
  }
}
