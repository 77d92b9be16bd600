#include "awsauth/edit.hpp"

#include <optional>

#include <fmt/format.h>

#include "awsauth/block_rewrite.hpp"
#include "awsauth/layout.hpp"
#include "awsauth/list_check.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"

namespace ssomap::awsauth {
namespace {

using Op = ListChange;

Error Refused(const std::string& message) {
  return Error(message, "nothing was written; report this with the aws-auth text if it looks wrong",
               Exit::kRefused);
}

Mapping AsMapping(Source source, const NewMapping& m) {
  Mapping out;
  out.source = source;
  out.arn = m.arn;
  out.username = m.username;
  out.groups = m.groups;
  return out;
}

// Parses the result again and checks it against the intent: the edited list is the old list
// with exactly this change, and everything else is equal.
void Verify(const AwsAuth& before, const Data& after_data, Source source, Op op, std::size_t index,
            const NewMapping& mapping) {
  ListCheck edited(before.List(source), op, index, AsMapping(source, mapping));
  const AwsAuth after = Parse(after_data, source, [&](const Mapping& got) { edited.Next(got); });
  if (after.errors != before.errors) throw Refused("the edit would make aws-auth fail to parse");
  edited.End();
  const Source other = source == Source::kRoles ? Source::kUsers : Source::kRoles;
  ListCheck unchanged(before.List(other), std::nullopt, 0, {});
  for (const auto& got : after.List(other)) unchanged.Next(got);
  unchanged.End();
  if (after.accounts != before.accounts) throw Refused("the edit would change mapAccounts");
}

Data Edit(const Data& data, const AwsAuth& before, Source source, Op op, std::size_t index,
          const NewMapping& mapping) {
  const std::string key = SourceKey(source);
  for (const auto& e : before.errors) {
    if (e.key == key) {
      throw Error(fmt::format("{} line {}: {}; not editing a key that does not parse", key, e.line,
                              e.message),
                  "fix the YAML by hand (kubectl edit configmap aws-auth -n kube-system), then run "
                  "the command again",
                  Exit::kRefused);
    }
  }
  const auto& list = before.List(source);
  if (op != Op::kAdd && index >= list.size())
    throw Refused(fmt::format("{} has no entry {}", key, index + 1));

  auto it = data.find(key);
  const std::string_view old_value =
      it == data.end() ? std::string_view() : std::string_view(it->second);
  // Flow or JSON style: rewritten in block style, every entry kept (block_rewrite.hpp).
  std::string block;
  ListLayout layout;
  try {
    layout = Layout(key, IsSkippable(old_value) ? std::string_view() : old_value, list.size());
  } catch (const Error&) {
    auto rewritten = IsFlowList(old_value) ? BlockRewrite(before, source) : std::nullopt;
    if (!rewritten) throw;
    block = std::move(*rewritten);
    layout = Layout(key, block, list.size());
  }
  auto& lines = layout.lines;
  const char* arn_key = source == Source::kRoles ? "rolearn" : "userarn";
  const auto entry =
      RenderEntry(arn_key, mapping.arn, mapping.username, mapping.groups, layout.indent);
  const auto pos = [&](std::size_t line) {
    return lines.begin() + static_cast<std::ptrdiff_t>(line);
  };

  if (op == Op::kAdd) {
    const std::size_t at = layout.entries.empty() ? lines.size() : layout.entries.back().end;
    lines.insert(pos(at), entry);
    if (at > 0 && !lines[at - 1].empty() && lines[at - 1].back() != '\n')
      lines.insert(pos(at), layout.indent.eol);
  } else {
    const EntrySpan span = layout.entries[index];
    lines.erase(pos(span.begin), pos(span.end));
    if (op == Op::kReplace) lines.insert(pos(span.begin), entry);
  }
  Data out;
  for (const auto& [k, v] : data) {
    if (k != key) out.emplace(k, v);
  }
  out[key] = JoinLines(lines);
  // A value without a final line break (`|-` in a manifest) keeps it that way, so the
  // manifest's block header stays as it was.
  auto& value = out[key];
  if (!IsSkippable(old_value) && old_value.back() != '\n' && value.ends_with(layout.indent.eol)) {
    value.resize(value.size() - layout.indent.eol.size());
  }
  Verify(before, out, source, op, index, mapping);
  return out;
}

}  // namespace

Data AddMapping(const Data& data, Source source, const NewMapping& mapping) {
  return AddMapping(data, Parse(data), source, mapping);
}

Data ReplaceMapping(const Data& data, Source source, std::size_t index, const NewMapping& mapping) {
  return ReplaceMapping(data, Parse(data), source, index, mapping);
}

Data RemoveMapping(const Data& data, Source source, std::size_t index) {
  return RemoveMapping(data, Parse(data), source, index);
}

Data AddMapping(const Data& data, const AwsAuth& parsed, Source source, const NewMapping& mapping) {
  return Edit(data, parsed, source, Op::kAdd, 0, mapping);
}

Data ReplaceMapping(const Data& data, const AwsAuth& parsed, Source source, std::size_t index,
                    const NewMapping& mapping) {
  return Edit(data, parsed, source, Op::kReplace, index, mapping);
}

Data RemoveMapping(const Data& data, const AwsAuth& parsed, Source source, std::size_t index) {
  return Edit(data, parsed, source, Op::kRemove, index, {});
}

}  // namespace ssomap::awsauth
