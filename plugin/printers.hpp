#pragma once
/// Result printers: kubectl-style tables, JSON and YAML. stdout only carries results.

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "global_options.hpp"

namespace ssomap::cli {

/// Prints `value` as indented JSON or as YAML (same keys, same order).
void PrintStructured(const nlohmann::ordered_json& value, OutputFormat format, std::ostream& out);

/// A kubectl-style table: upper-case headers, columns padded by three spaces, `<none>` for empty
/// cells.
void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out);

/// A YAML document as JSON (scalars stay strings; for printing manifests with -o json).
nlohmann::ordered_json YamlTextToJson(const std::string& yaml);

/// YAML text of a JSON value (block style, strings quoted where YAML would misread them).
std::string ToYaml(const nlohmann::ordered_json& value);

}  // namespace ssomap::cli
