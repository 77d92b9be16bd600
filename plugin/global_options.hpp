#pragma once
/// The global flags of every command (DESIGN.md §2), parsed once into a value (the CLI's own).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ssomap::cli {

/// `-o/--output`.
enum class OutputFormat { kTable, kJson, kYaml };

struct GlobalOptions {
  std::string kubeconfig;                        ///< --kubeconfig: the only file loaded when set
  std::string context;                           ///< --context: overrides current-context
  std::string namespace_;                        ///< -n/--namespace
  std::chrono::milliseconds request_timeout{0};  ///< --request-timeout; 0 = the default per request
  std::string profile;  ///< --profile: empty = from the context's exec, AWS_PROFILE, default
  std::string region;   ///< --region
  OutputFormat output = OutputFormat::kTable;  ///< -o/--output
  int verbosity = 0;                           ///< -v/--v=N; secrets are redacted at every level
  std::optional<std::string> as{};             ///< --as: impersonate this user
  std::optional<std::string> as_uid{};         ///< --as-uid
  std::optional<std::vector<std::string>> as_groups{};  ///< --as-group, repeatable
};

}  // namespace ssomap::cli
