// kubectl-ssomap: map AWS IAM Identity Center roles into EKS clusters.
#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  ssomap::cli::Io io{std::cin, std::cout, std::cerr};
  const int code = ssomap::cli::Run(std::vector<std::string>(argv + 1, argv + argc), io);
  std::cout.flush();
  return code;
}
