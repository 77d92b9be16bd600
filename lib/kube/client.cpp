#include "kube/client.hpp"

#include <fmt/format.h>

#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "net/transport_error.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kJson = "application/json";
/// Longest piece of a bad reply quoted in a message.
constexpr std::size_t kMaxBodyQuote = 80;
constexpr const char* kReachHint =
    "check the server address and the network; see the context with: kubectl config view --minify";

std::string WithQuery(std::string_view path, std::string_view param) {
  std::string out(path);
  out += out.find('?') == std::string::npos ? '?' : '&';
  out += param;
  return out;
}

}  // namespace

Client::Client(ClientSettings settings, net::Transport& transport,
               std::unique_ptr<CredentialSource> credentials)
    : settings_(std::move(settings)),
      transport_(&transport),
      credentials_(std::move(credentials)) {}

net::Request Client::Build(const std::string& method, const std::string& url,
                           const std::string& body, const std::string& content_type,
                           const Credential& credential) const {
  net::Request r;
  r.method = method;
  r.url = url;
  r.tls = settings_.endpoint.tls;
  r.proxy = settings_.endpoint.proxy;
  r.timeout = settings_.timeout;
  r.headers.emplace_back("Accept", kJson);
  r.headers.emplace_back("User-Agent", settings_.user_agent);
  if (!body.empty()) {
    r.headers.emplace_back("Content-Type", content_type);
    r.body = body;
  }
  if (!credential.token.empty()) {
    r.headers.emplace_back("Authorization", "Bearer " + credential.token);
  } else if (!credential.basic_user.empty()) {
    r.headers.emplace_back(
        "Authorization",
        "Basic " + encoding::Base64(credential.basic_user + ":" + credential.basic_password));
  }
  for (auto& header : ImpersonationHeaders(settings_.impersonate))
    r.headers.push_back(std::move(header));
  if (!credential.client_cert_pem.empty()) {
    r.tls.client_cert_pem = credential.client_cert_pem;
    r.tls.client_key_pem = credential.client_key_pem;
  }
  return r;
}

nlohmann::json Client::Call(const std::string& method, std::string_view path,
                            const std::string& body, const std::string& content_type,
                            DryRun dry_run, bool decode_reply, net::Resend resend) {
  std::string target(path);
  if (dry_run == DryRun::kAll) target = WithQuery(target, "dryRun=All");
  if (method != "GET" && !settings_.field_manager.empty()) {
    target = WithQuery(target, "fieldManager=" + settings_.field_manager);
  }
  const RequestInfo info{method, std::string(path), settings_.endpoint.server, settings_.identity};
  const std::string url = settings_.endpoint.server + target;
  net::Response response;
  bool refreshed = false;
  for (;;) {
    Credential credential;
    try {
      credential = credentials_ ? credentials_->Get(refreshed) : Credential{};
    } catch (const Error& e) {
      throw e.WithContext(fmt::format("getting credentials for {}", settings_.identity));
    }
    auto request = Build(method, url, body, content_type, credential);
    request.resend = resend;
    try {
      response = transport_->Send(request);
    } catch (const net::TransportError& e) {
      // Kept a TransportError: a writer asks whether the request may have arrived.
      throw e.WithContext(fmt::format("{} {} ({})", method, info.path, settings_.endpoint.server))
          .WithHint(kReachHint);
    } catch (const Error& e) {
      throw e.WithContext(fmt::format("{} {} ({})", method, info.path, settings_.endpoint.server))
          .WithHint(kReachHint);
    }
    // client-go refreshes exec credentials once on 401: a token may have expired early.
    if (response.status == 401 && !refreshed && credentials_ && credentials_->Refreshable()) {
      refreshed = true;
      continue;
    }
    break;
  }
  if (response.status < 200 || response.status > 299) throw ErrorFromResponse(response, info);
  if (!decode_reply || text::Trim(response.body).empty()) return nullptr;
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded()) {
    throw Error(
        fmt::format("{} {}: the API server's reply is not JSON (or was cut short): {}", method,
                    info.path, text::Quote(response.body.substr(0, kMaxBodyQuote))),
        fmt::format(
            "check that {} is a Kubernetes API server and that no proxy rewrites its replies",
            settings_.endpoint.server));
  }
  return json;
}

nlohmann::json Client::Get(std::string_view path) {
  return Call("GET", path, {}, {}, DryRun::kNone);
}

std::optional<nlohmann::json> Client::GetIfExists(std::string_view path) {
  try {
    return Get(path);
  } catch (const ApiError& e) {
    if (e.IsNotFound()) return std::nullopt;
    throw;
  }
}

nlohmann::json Client::Create(std::string_view path, const nlohmann::json& object, DryRun dry_run,
                              net::Resend resend) {
  return Call("POST", path, object.dump(), kJson, dry_run, true, resend);
}

nlohmann::json Client::Update(std::string_view path, const nlohmann::json& object, DryRun dry_run) {
  return Call("PUT", path, object.dump(), kJson, dry_run, true, net::Resend::kOnlyIfUnseen);
}

void Client::Put(std::string_view path, const nlohmann::json& object) {
  Call("PUT", path, object.dump(), kJson, DryRun::kNone, false, net::Resend::kOnlyIfUnseen);
}

}  // namespace ssomap::kube
