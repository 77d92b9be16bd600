#include <algorithm>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "awsauth/tree.hpp"

namespace ssomap::awsauth {
namespace {

std::size_t LineOf(const YAML::Mark& mark) { return mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0; }

class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(Tree& tree) : tree_(tree) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { Add(Tree::Kind::kNull, mark, anchor, {}); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    Add(Tree::Kind::kScalar, mark, anchor, value);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // The parser rejects unknown anchors before this is called.
    const std::size_t node = anchors_.at(anchor);
    for (auto container : open_) {
      if (container == node && tree_.self_alias_line == 0) tree_.self_alias_line = std::max<std::size_t>(LineOf(mark), 1);
    }
    Attach(node);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_.push_back(Add(Tree::Kind::kSequence, mark, anchor, {}));
  }
  void OnSequenceEnd() override { open_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open_.push_back(Add(Tree::Kind::kMap, mark, anchor, {}));
  }
  void OnMapEnd() override { open_.pop_back(); }

 private:
  std::size_t Add(Tree::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& scalar) {
    const std::size_t node = tree_.nodes.size();
    tree_.nodes.push_back({kind, LineOf(mark), scalar, {}});
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
      tree_.nodes[open_.back()].children.push_back(node);
    }
  }

  Tree& tree_;
  std::vector<std::size_t> anchors_;  ///< anchor id -> node
  std::vector<std::size_t> open_;     ///< collections being read, outermost first
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
