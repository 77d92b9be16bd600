// libFuzzer target: the SSO token cache (~/.aws/sso/cache/*.json) and the CLI credential cache
// (~/.aws/cli/cache/*.json) of any bytes: parsed or ignored, never a crash; a token we parse
// survives our own serialization unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/cli_cache.hpp"
#include "aws/sso_token.hpp"
#include "core/error.hpp"

using namespace ssomap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    if (auto token = aws::ParseSsoToken(text)) {
      const auto again = aws::ParseSsoToken(aws::SerializeSsoToken(*token));
      if (!again || again->access_token != token->access_token ||
          again->refresh_token != token->refresh_token || again->client_id != token->client_id)
        __builtin_trap();
    }
    (void)aws::ParseCachedCredentials(text, TimePoint{});
  } catch (const Error&) {
  }
  return 0;
}
