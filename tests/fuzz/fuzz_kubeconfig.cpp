// libFuzzer target: a kubeconfig of any bytes is parsed or refused with ssomap::Error — never a
// crash, an escaping library exception, or unbounded memory (YAML aliases, issue 11 §5).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "kube/kubeconfig.hpp"

using namespace ssomap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto config = kube::ParseKubeconfig(text, "/fuzz/.kube/config");
    std::vector<kube::Kubeconfig> both{config, config};
    const auto merged = kube::MergeKubeconfigs(std::move(both));
    if (merged.clusters.size() != config.clusters.size()) __builtin_trap();
  } catch (const Error&) {
    // Malformed: a one-line error naming the file is the expected outcome.
  }
  return 0;
}
