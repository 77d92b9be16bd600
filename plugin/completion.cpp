#include "completion.hpp"

#include <optional>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "flags.hpp"
#include "help.hpp"

namespace ssomap::cli {
namespace {

/// One flag of a command as cxxopts knows it.
struct FlagInfo {
  std::string short_name;  ///< one letter, or empty
  std::string long_name;
  std::string description;
  bool takes_value = false;     ///< `--flag V` (a separate word) is its value
  bool optional_value = false;  ///< only `--flag=V` (e.g. --dry-run)
};

std::vector<FlagInfo> FlagsOf(cxxopts::Options& options) {
  std::vector<FlagInfo> flags;
  for (const auto& group : options.groups()) {
    for (const auto& o : options.group_help(group).options) {
      if (o.l.empty()) continue;
      FlagInfo f{o.s, o.l.front(), o.desc, !o.is_boolean, o.has_implicit};
      if (f.optional_value) f.takes_value = false;
      flags.push_back(std::move(f));
    }
  }
  return flags;
}

std::vector<FlagInfo> FlagsFor(const Command* command) {
  if (command != nullptr) {
    auto options = CommandOptions(*command);
    return FlagsOf(options);
  }
  cxxopts::Options options("kubectl ssomap");
  AddGlobalFlags(options);
  return FlagsOf(options);
}

const FlagInfo* FindFlag(const std::vector<FlagInfo>& flags, std::string_view word) {
  for (const auto& f : flags) {
    if (word.starts_with("--") ? word.substr(2) == f.long_name
                               : (word.size() == 2 && word.substr(1) == f.short_name))
      return &f;
  }
  return nullptr;
}

/// What the complete words say: the command, its arguments, the flag awaiting a value.
struct Parsed {
  const Command* command = nullptr;
  std::string command_word;
  std::vector<std::string> args;
  const FlagInfo* pending = nullptr;  ///< the previous word is a flag whose value comes next
  std::string kubeconfig, context;
  std::vector<FlagInfo> flags;
  bool only_args = false;  ///< after `--`: no more flags
};

void Remember(Parsed& p, const FlagInfo& flag, const std::string& value) {
  if (flag.long_name == "kubeconfig") p.kubeconfig = value;
  if (flag.long_name == "context") p.context = value;
}

Parsed Parse(const std::vector<std::string>& words) {
  Parsed p;
  p.flags = FlagsFor(nullptr);
  auto& only_args = p.only_args;
  for (const auto& w : words) {
    if (p.pending != nullptr) {
      Remember(p, *p.pending, w);
      p.pending = nullptr;
    } else if (only_args || w.empty() || w[0] != '-' || w == "-") {
      if (p.command_word.empty() && !only_args) {
        p.command_word = w;
        p.command = FindCommand(w);
        if (p.command != nullptr) p.flags = FlagsFor(p.command);
      } else {
        p.args.push_back(w);
      }
    } else if (w == "--") {
      only_args = true;
    } else if (const auto eq = w.find('='); eq != std::string::npos) {
      if (const auto* f = FindFlag(p.flags, std::string_view(w).substr(0, eq)))
        Remember(p, *f, w.substr(eq + 1));
    } else if (const auto* f = FindFlag(p.flags, w); f != nullptr && f->takes_value) {
      p.pending = f;
    }
  }
  return p;
}

void AddMatching(Completions& out, const std::vector<std::string>& values, std::string_view typed,
                 std::string_view prefix = {}) {
  for (const auto& v : values) {
    if (v.starts_with(typed)) out.candidates.push_back({std::string(prefix) + v, ""});
  }
}

/// The values of `flag`, the part after `prefix` starting with `typed`.
Completions FlagValues(const FlagInfo& flag, const Parsed& p, std::string_view typed,
                       std::string_view prefix, const CompletionSources& sources) {
  Completions out;
  const auto& name = flag.long_name;
  if (name == "kubeconfig") {
    out.directive = kCompDefault;  // a file name: the shell completes paths
  } else if (name == "context") {
    AddMatching(out, sources.Contexts(p.kubeconfig), typed, prefix);
  } else if (name == "namespace") {
    AddMatching(out, sources.Namespaces(p.kubeconfig, p.context), typed, prefix);
  } else if (name == "profile" || name.ends_with("-profile")) {
    AddMatching(out, sources.Profiles(), typed, prefix);
  } else if (name == "output") {
    AddMatching(out, {"table", "json", "yaml"}, typed, prefix);
  } else if (name == "dry-run") {
    AddMatching(out, {"none", "client", "server"}, typed, prefix);
  }
  return out;
}

Completions FlagNames(const Parsed& p, std::string_view typed) {
  Completions out;
  for (const auto& f : p.flags) {
    auto long_form = "--" + f.long_name;
    if (f.optional_value && typed.find('=') == std::string_view::npos && long_form == typed) {
      out.candidates.push_back({long_form + "=", f.description});
      out.directive |= kCompNoSpace;
      continue;
    }
    if (long_form.starts_with(typed)) out.candidates.push_back({long_form, f.description});
    if (!f.short_name.empty() && !typed.starts_with("--") &&
        ("-" + f.short_name).starts_with(typed))
      out.candidates.push_back({"-" + f.short_name, f.description});
  }
  return out;
}

Completions CommandNames(std::string_view typed) {
  Completions out;
  for (const auto& c : Commands()) {
    if (c.name.starts_with(typed))
      out.candidates.push_back({std::string(c.name), std::string(c.summary)});
  }
  if (std::string_view("help").starts_with(typed))
    out.candidates.push_back({"help", "Help about any command"});
  return out;
}

}  // namespace

Completions Complete(const std::vector<std::string>& words, const CompletionSources& sources) {
  const std::string typed = words.empty() ? "" : words.back();
  const auto p =
      Parse(words.empty() ? words : std::vector<std::string>(words.begin(), words.end() - 1));
  if (p.pending != nullptr) return FlagValues(*p.pending, p, typed, "", sources);
  if (p.only_args) return {};
  if (typed.starts_with("-") && typed != "-" && typed.find('=') != std::string::npos) {
    const auto eq = typed.find('=');
    const auto* f = FindFlag(p.flags, std::string_view(typed).substr(0, eq));
    if (f == nullptr) return {};
    auto out = FlagValues(*f, p, std::string_view(typed).substr(eq + 1),
                          std::string_view(typed).substr(0, eq + 1), sources);
    out.directive |= kCompNoFileComp;
    return out;
  }
  if (typed.starts_with("-")) return FlagNames(p, typed);
  if (p.command_word.empty()) return CommandNames(typed);
  if (p.command_word == "help" && p.args.empty()) return CommandNames(typed);
  Completions out;
  if (p.command != nullptr && p.command->name == "restore" && p.args.empty()) {
    auto names = sources.Backups(p.kubeconfig, p.context);
    names.push_back("latest");
    AddMatching(out, names, typed);
    out.directive |= kCompKeepOrder;  // newest first
  }
  return out;
}

void PrintCompletions(const Completions& completions, std::ostream& out) {
  for (const auto& c : completions.candidates) {
    // A description is one line: cobra cuts at the first newline, so do we.
    const auto description = c.description.substr(0, c.description.find('\n'));
    if (description.empty())
      fmt::print(out, "{}\n", c.value);
    else
      fmt::print(out, "{}\t{}\n", c.value, description);
  }
  fmt::print(out, ":{}\n", completions.directive);
}

}  // namespace ssomap::cli
