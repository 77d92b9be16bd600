// kubectl-ssomap: map AWS IAM Identity Center roles into EKS clusters.
#include <iostream>

#include "cli.hpp"
#include "completion.hpp"
#include "ssomap_build_info.hpp"

#if SSOMAP_HAVE_MALLOPT
#include <malloc.h>
#endif

namespace {

// A large aws-auth passes through a few ~1 MiB buffers (the response, its JSON, the ConfigMap
// data, the edited text). glibc gives each allocation that size its own mmap and returns it on
// free, so every copy page-faults afresh; keeping them in the heap makes `list` of 5,000
// entries about 15% faster. A short-lived command has nothing to gain from returning memory.
// mallopt is glibc's (other C libraries have their own allocators): a no-op elsewhere.
void TuneAllocator() {
#if SSOMAP_HAVE_MALLOPT
  constexpr int kMiB = 1024 * 1024;
  mallopt(M_MMAP_THRESHOLD, 64 * kMiB);
  mallopt(M_TRIM_THRESHOLD, 64 * kMiB);
  mallopt(M_TOP_PAD, 16 * kMiB);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  TuneAllocator();
  std::ios::sync_with_stdio(false);
  ssomap::cli::Io io{std::cin, std::cout, std::cerr};
  std::vector<std::string> args(argv + 1, argv + argc);
  // cobra's hidden command, run by kubectl_complete-ssomap (kubectl's plugin completion).
  const int code = !args.empty() && args[0] == ssomap::cli::kCompleteCommand
                       ? ssomap::cli::RunComplete({args.begin() + 1, args.end()}, io)
                       : ssomap::cli::Run(std::move(args), io);
  std::cout.flush();
  return code;
}
