#include "printers.hpp"

#include <algorithm>
#include <array>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <yaml-cpp/yaml.h>

#include "core/text.hpp"

namespace ssomap::cli {
namespace {

// kubectl's tabwriter uses a padding of 3 between columns.
constexpr std::size_t kColumnPadding = 3;

// yaml-cpp quotes what YAML syntax needs; strings that would read back as another type
// (booleans, nulls, numbers) must be quoted by us to stay strings.
bool LooksLikeOtherType(const std::string& s) {
  static const std::array<std::string_view, 14> kWords = {"true", "false", "yes",   "no",   "on",
                                                          "off",  "y",     "n",     "null", "~",
                                                          ".nan", ".inf",  "-.inf", "+.inf"};
  if (s.empty()) return true;
  const auto lower = text::Lower(s);
  if (std::find(kWords.begin(), kWords.end(), lower) != kWords.end()) return true;
  const char c = s.front();
  return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

void Emit(YAML::Emitter& e, const nlohmann::ordered_json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::object:
      e << YAML::BeginMap;
      for (const auto& [key, item] : v.items()) {
        e << YAML::Key << key << YAML::Value;
        Emit(e, item);
      }
      e << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array:
      e << YAML::BeginSeq;
      for (const auto& item : v) Emit(e, item);
      e << YAML::EndSeq;
      break;
    case nlohmann::json::value_t::string: {
      const auto& str = v.get_ref<const std::string&>();
      if (LooksLikeOtherType(str)) e << YAML::DoubleQuoted;
      e << str;
      break;
    }
    case nlohmann::json::value_t::boolean:
      e << v.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
      e << v.get<long long>();
      break;
    case nlohmann::json::value_t::number_unsigned:
      e << v.get<unsigned long long>();
      break;
    case nlohmann::json::value_t::number_float:
      e << v.get<double>();
      break;
    default:
      e << YAML::Null;
      break;
  }
}

nlohmann::ordered_json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      auto out = nlohmann::ordered_json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = ToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::ordered_json::array();
      for (const auto& item : node) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return node.Scalar();
    default:
      return nullptr;
  }
}

}  // namespace

nlohmann::ordered_json YamlTextToJson(const std::string& yaml) { return ToJson(YAML::Load(yaml)); }

std::string ToYaml(const nlohmann::ordered_json& value) {
  YAML::Emitter e;
  e.SetIndent(2);
  e.SetSeqFormat(YAML::Block);
  Emit(e, value);
  std::string out = e.c_str();
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

void PrintStructured(const nlohmann::ordered_json& value, OutputFormat format, std::ostream& out) {
  if (format == OutputFormat::kYaml) {
    out << ToYaml(value);
  } else {
    out << value.dump(4) << '\n';
  }
}

void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<std::size_t> width(headers.size());
  auto cell = [](const std::vector<std::string>& row, std::size_t i) -> std::string {
    return i < row.size() && !row[i].empty() ? row[i] : "<none>";
  };
  for (std::size_t i = 0; i < headers.size(); ++i) {
    width[i] = headers[i].size();
    for (const auto& r : rows) width[i] = std::max(width[i], cell(r, i).size());
  }
  auto line = [&](auto&& get) {
    std::string s;
    for (std::size_t i = 0; i < headers.size(); ++i) {
      std::string c = get(i);
      s += c;
      if (i + 1 < headers.size()) s.append(width[i] - c.size() + kColumnPadding, ' ');
    }
    out << s << '\n';
  };
  line([&](std::size_t i) { return headers[i]; });
  for (const auto& r : rows) line([&](std::size_t i) { return cell(r, i); });
}

}  // namespace ssomap::cli
