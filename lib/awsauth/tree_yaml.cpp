#include <algorithm>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "awsauth/tree.hpp"
#include "awsauth/yaml_resolve.hpp"

namespace ssomap::awsauth {
namespace {

std::size_t LineOf(const YAML::Mark& mark) {
  return mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0;
}

// go-yaml v2's type of a scalar: "?" is a plain scalar, resolved implicitly; "!" a quoted one, a
// string; an explicit standard tag names its type (resolve.go `resolve`).
bool IsTyped(const std::string& tag, const std::string& value) {
  if (tag == "?") return PlainIsNonString(value);
  return tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
         tag == "tag:yaml.org,2002:bool";
}

class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(Tree& tree) : tree_(tree) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(Tree::Kind::kNull, mark, anchor, {});
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const std::size_t node = Add(Tree::Kind::kScalar, mark, anchor,
                                 value.empty() ? std::string_view() : tree_.Own(value));
    tree_.nodes[node].typed = IsTyped(tag, value);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // The parser rejects unknown anchors before this is called.
    const std::size_t node = anchors_.at(anchor);
    for (const auto& open : open_) {
      if (open.node == node && tree_.self_alias_line == 0)
        tree_.self_alias_line = std::max<std::size_t>(LineOf(mark), 1);
    }
    Attach(node);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(Add(Tree::Kind::kSequence, mark, anchor, {}));
  }
  void OnSequenceEnd() override { CloseInnermost(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(Add(Tree::Kind::kMap, mark, anchor, {}));
  }
  void OnMapEnd() override { CloseInnermost(); }

 private:
  struct OpenCollection {
    std::size_t node;
    std::size_t mark;  ///< where its children start in pending_
  };

  std::size_t Add(Tree::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor,
                  std::string_view scalar) {
    const std::size_t node = tree_.Add(kind, LineOf(mark), scalar);
    if (anchor != YAML::NullAnchor) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, Tree::kNone);
      anchors_[anchor] = node;
    }
    Attach(node);
    return node;
  }
  void Attach(std::size_t node) {
    if (open_.empty()) {
      if (tree_.root == Tree::kNone) tree_.root = node;
    } else {
      pending_.push_back(static_cast<std::uint32_t>(node));
    }
  }
  void Open(std::size_t node) { open_.push_back({node, pending_.size()}); }
  void CloseInnermost() {
    tree_.Close(open_.back().node, pending_, open_.back().mark);
    open_.pop_back();
  }

  Tree& tree_;
  std::vector<std::size_t> anchors_;    ///< anchor id -> node
  std::vector<OpenCollection> open_;    ///< collections being read, outermost first
  std::vector<std::uint32_t> pending_;  ///< children of the open collections, innermost last
};

}  // namespace

Tree ReadYamlTree(const std::string& text) {
  Tree tree;
  std::stringstream stream(text);
  YAML::Parser parser(stream);
  TreeBuilder builder(tree);
  parser.HandleNextDocument(builder);
  return tree;
}

}  // namespace ssomap::awsauth
