#include "command.hpp"

#include <algorithm>
#include <array>

#include "commands_list.hpp"
#include "core/text.hpp"

namespace ssomap::cli {
namespace {

// The command table. Each row's flags and run function live in the command's own file.
const std::array kCommands = {
    ArnCommand(),     ListCommand(),    AddCommand(),        RemoveCommand(),
    RestoreCommand(), WhoamiCommand(),  DoctorCommand(),     MigrateCommand(),
    TokenCommand(),   VersionCommand(), CompletionCommand(),
};

// A mistyped name at most this many edits away gets a suggestion (cobra uses 2).
constexpr std::size_t kSuggestionDistance = 2;

}  // namespace

std::span<const Command> Commands() { return kCommands; }

const Command* FindCommand(std::string_view name) {
  auto it = std::find_if(kCommands.begin(), kCommands.end(),
                         [&](const Command& c) { return c.name == name; });
  return it == kCommands.end() ? nullptr : &*it;
}

std::string SuggestCommand(std::string_view name) {
  std::string best;
  std::size_t best_distance = kSuggestionDistance + 1;
  for (const auto& c : kCommands) {
    auto d = text::EditDistance(text::Lower(name), c.name);
    // A prefix of a command ("rem" for "remove") is a likely typo too.
    if (c.name.substr(0, name.size()) == name && name.size() >= 2) d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = c.name;
    }
  }
  return best;
}

}  // namespace ssomap::cli
