// kubectl-ssomap: map AWS IAM Identity Center roles into EKS clusters.
#include <malloc.h>

#include <iostream>

#include "cli.hpp"

namespace {

// A large aws-auth passes through a few ~1 MiB buffers (the response, its JSON, the ConfigMap
// data, the edited text). glibc gives each allocation that size its own mmap and returns it on
// free, so every copy page-faults afresh; keeping them in the heap makes `list` of 5,000
// entries about 15% faster. A short-lived command has nothing to gain from returning memory.
void TuneAllocator() {
  constexpr int kMiB = 1024 * 1024;
  mallopt(M_MMAP_THRESHOLD, 64 * kMiB);
  mallopt(M_TRIM_THRESHOLD, 64 * kMiB);
  mallopt(M_TOP_PAD, 16 * kMiB);
}

}  // namespace

int main(int argc, char** argv) {
  TuneAllocator();
  std::ios::sync_with_stdio(false);
  ssomap::cli::Io io{std::cin, std::cout, std::cerr};
  const int code = ssomap::cli::Run(std::vector<std::string>(argv + 1, argv + argc), io);
  std::cout.flush();
  return code;
}
