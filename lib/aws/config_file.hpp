#pragma once
/// The AWS shared config and credentials files (~/.aws/config, ~/.aws/credentials), parsed the
/// way botocore and the AWS CLI v2 parse them (Python RawConfigParser plus botocore's profile map).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.hpp"

namespace ssomap::aws {

/// The profile used when nothing else names one.
inline constexpr std::string_view kDefaultProfile = "default";

/// One INI section: lower-cased keys to values, plus botocore's one-level nested blocks
/// (`s3 =` followed by indented `key = value` lines).
struct Section {
  std::string name;  ///< the raw section name as written, e.g. `profile dev`
  std::string file;  ///< where it was read, for messages
  int line = 0;      ///< the line of its `[header]`
  std::map<std::string, std::string> values;
  std::map<std::string, std::map<std::string, std::string>> nested;

  /// The value of `key`, or empty when absent.
  std::string Get(std::string_view key) const;
  bool Has(std::string_view key) const { return values.count(std::string(key)) != 0; }
};

/// Parses INI text as RawConfigParser does: `=` or `:` delimiters, `#`/`;` full-line comments
/// (inline comments are part of the value), indented continuation lines, duplicate sections or
/// keys refused. Throws ssomap::Error "FILE:LINE: what" with a hint naming the fix.
std::vector<Section> ParseIni(std::string_view text, std::string_view file);

/// Both files, merged the way botocore's session builds `full_config`.
struct ConfigFiles {
  std::map<std::string, Section> profiles;         ///< merged; the credentials file wins per key
  std::map<std::string, Section> config_profiles;  ///< from the config file only
  std::map<std::string, Section> credentials_profiles;  ///< from the credentials file only
  std::map<std::string, Section> sso_sessions;          ///< `[sso-session NAME]`
  std::map<std::string, Section> services;              ///< `[services NAME]`
  std::string config_path;
  std::string credentials_path;

  /// The merged profile `name`, or nullptr.
  const Section* Profile(const std::string& name) const;
  /// The value of `key` in profile `name`, or empty.
  std::string Get(const std::string& name, std::string_view key) const;
};

/// Builds the profile map from parsed sections: `[default]`, `[profile NAME]` (shell-split, so
/// `[profile "a b"]` is `a b`), `[sso-session NAME]`, `[services NAME]` from the config file;
/// every section of the credentials file is a profile of that name.
ConfigFiles BuildConfig(const std::vector<Section>& config,
                        const std::vector<Section>& credentials);

/// `AWS_CONFIG_FILE`, else ~/.aws/config (with `~` and `$VAR` expanded).
std::string ConfigFilePath(const Environment& env);
/// `AWS_SHARED_CREDENTIALS_FILE`, else ~/.aws/credentials.
std::string CredentialsFilePath(const Environment& env);

/// Reads and parses both files; a missing file is empty. Throws on unreadable or malformed files.
ConfigFiles LoadConfigFiles(const Environment& env);

/// Where the chosen profile name came from: `--profile` disables environment keys (botocore).
struct ProfileChoice {
  std::string name;
  bool explicit_flag = false;  ///< chosen by --profile
};

/// `--profile` > AWS_PROFILE > AWS_DEFAULT_PROFILE > `default` (AWS CLI v2 order).
ProfileChoice SelectProfile(const std::string& flag, const Environment& env);

/// `--region` > AWS_REGION > AWS_DEFAULT_REGION > the profile's `region`; empty when none.
std::string SelectRegion(const std::string& flag, const Environment& env, const ConfigFiles& config,
                         const std::string& profile);

}  // namespace ssomap::aws
