#include "core/yaml_bounds.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "core/error.hpp"

namespace ssomap::yaml_bounds {
namespace {

/// Saturating addition: expanded sizes of nested aliases grow geometrically.
std::uint64_t Add(std::uint64_t a, std::uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/// Computes each node's expanded size (itself plus its expanded children) as events arrive, and
/// the total that aliases add.
class Counter final : public YAML::EventHandler {
 public:
  explicit Counter(std::uint64_t limit) : limit_(limit) {}

  std::uint64_t alias_nodes() const { return alias_nodes_; }
  bool over() const { return alias_nodes_ > limit_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { Leaf(anchor, 1); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    const auto it = sizes_.find(anchor);
    const std::uint64_t size = it == sizes_.end() ? 1 : it->second;
    alias_nodes_ = Add(alias_nodes_, size);
    Leaf(0, size);
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    Leaf(anchor, 1);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_.push_back({anchor, 1});
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open_.push_back({anchor, 1});
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t size;
  };

  void Leaf(YAML::anchor_t anchor, std::uint64_t size) {
    if (anchor != 0) sizes_[anchor] = size;
    if (!open_.empty()) open_.back().size = Add(open_.back().size, size);
  }
  void Close() {
    if (open_.empty()) return;
    const Open done = open_.back();
    open_.pop_back();
    Leaf(done.anchor, done.size);
  }

  std::uint64_t limit_;
  std::uint64_t alias_nodes_ = 0;
  std::map<YAML::anchor_t, std::uint64_t> sizes_;
  std::vector<Open> open_;
};

}  // namespace

void Check(std::string_view text, std::string_view what, std::uint64_t max_alias_nodes) {
  if (text.find('*') == std::string_view::npos) return;  // no alias can be written without '*'
  std::istringstream stream{std::string(text)};
  Counter counter(max_alias_nodes);
  try {
    YAML::Parser parser(stream);
    // yaml-cpp's HandleNextDocument can return true without consuming anything after some
    // syntax errors (fuzz_manifest: a JSON object followed by more keys), so the documents are
    // counted: a document after the first needs its own "---" or "...".
    std::size_t documents = 1;
    for (std::size_t at = text.find("---"); at != std::string_view::npos;
         at = text.find("---", at + 3))
      ++documents;
    for (std::size_t at = text.find("..."); at != std::string_view::npos;
         at = text.find("...", at + 3))
      ++documents;
    while (documents-- > 0 && parser.HandleNextDocument(counter) && !counter.over()) {
    }
  } catch (const YAML::Exception&) {
    // A syntax error: the caller's own parse reports it with its line.
  }
  if (counter.over()) {
    throw Error(fmt::format("{}: YAML aliases expand to more than {} nodes", what, max_alias_nodes),
                "remove the nested aliases (*name) from the file; kubectl refuses it too");
  }
}

}  // namespace ssomap::yaml_bounds
