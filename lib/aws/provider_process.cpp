// credential_process (botocore ProcessProvider): run the command without a shell and read its
// Version 1 JSON.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/provider.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

// The only output format the AWS tools define.
constexpr int kProcessVersion = 1;
// A helper that never answers must not hang the plugin; the AWS CLI has no limit, so be generous.
constexpr std::chrono::minutes kProcessTimeout{5};

// botocore: shlex.split(credential_process).
std::vector<std::string> SplitCommand(std::string_view s, const std::string& profile) {
  auto words = text::ShellSplit(s);
  if (!words) {
    throw Error(fmt::format("credential_process of profile {} has an unclosed quote", profile),
                "fix the quoting of credential_process in the AWS config file");
  }
  return std::move(*words);
}

class ProcessProvider final : public CredentialProvider {
 public:
  explicit ProcessProvider(const ProviderContext& ctx) : ctx_(ctx) {}
  std::string_view Name() const override { return "custom-process"; }

  std::optional<Credentials> Load() override {
    auto command = ctx_.config.Get(ctx_.profile, "credential_process");
    if (command.empty()) return std::nullopt;
    const auto& profile = ctx_.profile;
    ProcessRequest request;
    request.argv = SplitCommand(command, profile);
    if (request.argv.empty()) return std::nullopt;
    request.timeout = deadline::Command().Clamp(kProcessTimeout);
    log::Write(2, fmt::format("running credential_process {}", text::Quote(request.argv[0])));
    auto result = ctx_.processes.Run(request);
    auto what = fmt::format("credential_process of profile {}", profile);
    if (result.not_found) {
      throw Error(fmt::format("{}: {} not found", what, text::Quote(request.argv[0])),
                  "install it or fix credential_process in the AWS config file", Exit::kAuth);
    }
    if (result.timed_out) throw Error(fmt::format("{} did not finish", what), {}, Exit::kAuth);
    if (result.exit_code != 0) {
      auto err = std::string(text::Trim(result.err));
      throw Error(fmt::format("{} failed (exit {}){}{}", what, result.exit_code,
                              err.empty() ? "" : ": ", text::Quote(err)),
                  {}, Exit::kAuth);
    }
    auto json = nlohmann::json::parse(result.out, nullptr, false);
    if (!json.is_object())
      throw Error(fmt::format("{} printed something that is not JSON", what), {}, Exit::kAuth);
    if (!json.contains("Version") || json["Version"] != kProcessVersion) {
      throw Error(fmt::format("{} printed an unsupported Version (want 1)", what), {}, Exit::kAuth);
    }
    auto str = [&](const char* key) {
      return json.contains(key) && json[key].is_string() ? json[key].get<std::string>()
                                                         : std::string();
    };
    Credentials c;
    c.access_key_id = str("AccessKeyId");
    c.secret_access_key = str("SecretAccessKey");
    c.session_token = str("SessionToken");
    if (c.access_key_id.empty() || c.secret_access_key.empty()) {
      throw Error(fmt::format("{} printed no AccessKeyId or SecretAccessKey", what), {},
                  Exit::kAuth);
    }
    if (auto expiry = str("Expiration"); !expiry.empty()) {
      c.expiration = timestamp::ParseLenient(expiry);
      if (!c.expiration)
        throw Error(fmt::format("{} printed a bad Expiration", what), {}, Exit::kAuth);
      if (*c.expiration <= ctx_.clock()) {
        throw Error(fmt::format("{} returned credentials that have expired", what), {},
                    Exit::kAuth);
      }
    }
    c.source = std::string(Name());
    return c;
  }

 private:
  const ProviderContext& ctx_;
};

}  // namespace

ProviderPtr MakeProcessProvider(const ProviderContext& ctx) {
  return std::make_unique<ProcessProvider>(ctx);
}

}  // namespace ssomap::aws
