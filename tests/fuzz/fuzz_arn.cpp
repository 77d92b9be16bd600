// libFuzzer target: ARN parsing and the aws-auth form never crash, and their output is a fixed
// point.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "aws/arn.hpp"
#include "core/error.hpp"

using namespace ssomap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto arn = aws::ParseArn(text);
    const auto printed = arn.ToString();
    if (aws::ParseArn(printed).ToString() != printed) std::abort();
  } catch (const Error&) {
    // Not an ARN: a one-line error is the expected outcome.
  }
  try {
    const auto id = aws::AwsAuthForm(text);
    const auto again = aws::AwsAuthForm(id.arn);
    // The aws-auth form is already canonical: it parses to itself, with nothing more removed.
    if (again.arn != id.arn || again.kind != id.kind || !again.removed_path.empty() ||
        again.account != id.account || again.partition != id.partition ||
        again.permission_set != id.permission_set) {
      std::abort();
    }
  } catch (const Error&) {
  }
  return 0;
}
