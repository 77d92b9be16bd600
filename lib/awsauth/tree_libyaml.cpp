// One aws-auth key read the way EKS reads it: aws-iam-authenticator decodes aws-auth with
// sigs.k8s.io/yaml, which unmarshals with gopkg.in/yaml.v2, a port of libyaml. So libyaml's own
// event parser reads it here: what it rejects the cluster rejects, with the same words.
#include <yaml.h>

#include <map>
#include <memory>
#include <string>

#include "awsauth/tree.hpp"
#include "awsauth/yaml_resolve.hpp"

namespace ssomap::awsauth {
namespace {

// One libyaml parser, freed on every path.
class Parser {
 public:
  explicit Parser(std::string_view text) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    if (ok_) {
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                   text.size());
    }
  }
  ~Parser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  yaml_parser_t* get() { return &parser_; }
  bool ok() const { return ok_; }

 private:
  yaml_parser_t parser_{};
  bool ok_ = false;
};

// One parsed event, freed on every path.
class Event {
 public:
  Event() = default;
  ~Event() {
    if (filled_) yaml_event_delete(&event_);
  }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  /// The next event of `parser`; false (and nothing to free) when libyaml reports an error.
  bool Next(yaml_parser_t* parser) {
    filled_ = yaml_parser_parse(parser, &event_) != 0;
    return filled_;
  }
  const yaml_event_t& operator*() const { return event_; }
  const yaml_event_t* operator->() const { return &event_; }

 private:
  yaml_event_t event_{};
  bool filled_ = false;
};

std::string Text(const yaml_char_t* text) {
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
}

// go-yaml v2 resolve.go: a plain scalar with no tag is resolved implicitly (null, bool, int,
// float or string); an explicit standard tag names its type; anything quoted is a string.
bool IsNullScalar(const yaml_event_t& event, const std::string& value, const std::string& tag) {
  const bool plain = event.data.scalar.plain_implicit != 0 &&
                     event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && tag.empty();
  return (plain && (value.empty() || value == "~" || value == "null" || value == "Null" ||
                    value == "NULL")) ||
         tag == "tag:yaml.org,2002:null";
}
bool IsTypedScalar(const yaml_event_t& event, const std::string& value, const std::string& tag) {
  const bool plain = event.data.scalar.plain_implicit != 0 &&
                     event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && tag.empty();
  return (plain && PlainIsNonString(value)) || tag == "tag:yaml.org,2002:int" ||
         tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:bool";
}

class Builder {
 public:
  explicit Builder(Tree& tree) : tree_(tree) {}

  /// Adds the node of one event; false with `problem` filled when the event is refused.
  bool Take(const yaml_event_t& event, YamlProblem& problem) {
    const std::size_t line = event.start_mark.line + 1;
    switch (event.type) {
      case YAML_SCALAR_EVENT: {
        const std::string value(reinterpret_cast<const char*>(event.data.scalar.value),
                                event.data.scalar.length);
        const std::string tag = Text(event.data.scalar.tag);
        std::size_t node;
        if (IsNullScalar(event, value, tag)) {
          node = tree_.Add(Tree::Kind::kNull, line);
        } else {
          node = tree_.Add(Tree::Kind::kScalar, line,
                           value.empty() ? std::string_view() : tree_.Own(value));
          tree_.nodes[node].typed = IsTypedScalar(event, value, tag);
        }
        Anchor(event.data.scalar.anchor, node);
        Attach(node);
        return true;
      }
      case YAML_ALIAS_EVENT: {
        const auto name = Text(event.data.alias.anchor);
        const auto it = anchors_.find(name);
        if (it == anchors_.end()) {  // go-yaml decode.go: "unknown anchor '%s' referenced"
          problem = {line, "unknown anchor '" + name + "' referenced"};
          return false;
        }
        for (const auto& open : open_) {
          if (open.node == it->second && tree_.self_alias_line == 0) tree_.self_alias_line = line;
        }
        Attach(it->second);
        return true;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool sequence = event.type == YAML_SEQUENCE_START_EVENT;
        const std::size_t node =
            tree_.Add(sequence ? Tree::Kind::kSequence : Tree::Kind::kMap, line);
        Anchor(sequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor, node);
        Attach(node);
        open_.push_back({node, pending_.size()});
        return true;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        tree_.Close(open_.back().node, pending_, open_.back().mark);
        open_.pop_back();
        return true;
      default:
        return true;
    }
  }

 private:
  struct Open {
    std::size_t node;
    std::size_t mark;  ///< where its children start in pending_
  };
  void Anchor(const yaml_char_t* name, std::size_t node) {
    if (name != nullptr) anchors_[Text(name)] = node;
  }
  void Attach(std::size_t node) {
    if (open_.empty()) {
      if (tree_.root == Tree::kNone) tree_.root = node;
    } else {
      pending_.push_back(static_cast<std::uint32_t>(node));
    }
  }

  Tree& tree_;
  std::map<std::string, std::size_t> anchors_;  ///< the latest node of each anchor name
  std::vector<Open> open_;                      ///< collections being read, outermost first
  std::vector<std::uint32_t> pending_;          ///< children of the open collections
};

}  // namespace

std::optional<Tree> ReadYamlTree(std::string_view text, YamlProblem& problem) {
  Parser parser(text);
  if (!parser.ok()) {
    problem = {0, "out of memory"};
    return std::nullopt;
  }
  Tree tree;
  Builder builder(tree);
  // libyaml stops at the text's end; a text of n bytes gives fewer than 8n + 64 events (a flow
  // mapping `{a,b}` gives 6 for 5 bytes), so the count is only a second bound.
  for (std::size_t events = 0; events <= 8 * text.size() + 64; ++events) {
    Event event;
    if (!event.Next(parser.get())) {
      const auto* p = parser.get();
      problem = {p->problem_mark.line + 1, p->problem != nullptr ? p->problem : "not YAML"};
      return std::nullopt;
    }
    if (!builder.Take(*event, problem)) return std::nullopt;
    // go-yaml's Unmarshal reads the first document only.
    if (event->type == YAML_DOCUMENT_END_EVENT || event->type == YAML_STREAM_END_EVENT) {
      return tree;
    }
  }
  problem = {0, "the YAML parser did not reach the end of the text"};
  return std::nullopt;
}

}  // namespace ssomap::awsauth
