// Reading local files: a directory is refused as kubectl does, a huge file is refused by size.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/yaml_bounds.hpp"

using namespace ssomap;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("ssomap-files-test-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string MessageOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

// Issue 11 §5: KUBECONFIG=<dir>, certificate-authority: <dir> and the SSO cache were read as
// empty files; an empty CA then fell back to the system trust store.
TEST_CASE("files::ReadIfExists refuses a directory with kubectl's words") {
  TempDir dir;
  const auto message = MessageOf([&] { (void)files::ReadIfExists(dir.path); });
  CHECK(message.find("is a directory") != std::string::npos);
  CHECK(message.find(dir.path.string()) != std::string::npos);
  CHECK(MessageOf([&] { (void)files::Read(dir.path); }).find("is a directory") !=
        std::string::npos);
}

TEST_CASE("files::ReadIfExists: missing is nullopt, content is read whole") {
  TempDir dir;
  CHECK_FALSE(files::ReadIfExists(dir.path / "absent"));
  std::string big(300 * 1024, 'x');
  std::ofstream(dir.path / "f") << big;
  CHECK(files::ReadIfExists(dir.path / "f") == big);
}

TEST_CASE("files::ReadIfExists refuses a file over the cap, naming it") {
  TempDir dir;
  std::ofstream(dir.path / "config") << std::string(2048, 'x');
  const auto message =
      MessageOf([&] { (void)files::ReadIfExists(dir.path / "config", std::size_t{1} << 10); });
  CHECK(message.find("larger than") != std::string::npos);
  CHECK(message.find("config") != std::string::npos);
  CHECK(files::ReadIfExists(dir.path / "config", std::size_t{4} << 10)->size() == 2048);
}

// Issue 11 §5: a 684-byte kubeconfig with nested aliases aborted with std::bad_alloc.
TEST_CASE("yaml_bounds::Check refuses an alias bomb and allows ordinary aliases") {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char p = static_cast<char>(c - 1);
    bomb += fmt::format("{}: &{} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n", c, c,
                        fmt::arg("p", p));
  }
  const auto message = MessageOf([&] { yaml_bounds::Check(bomb, "kubeconfig /k"); });
  CHECK(message.find("kubeconfig /k: YAML aliases expand to more than") == 0);
  CHECK_NOTHROW(yaml_bounds::Check("base: &b {x: 1}\none: *b\ntwo: *b\n", "k"));
  CHECK_NOTHROW(yaml_bounds::Check("a: [unclosed *x", "k"));  // syntax is the caller's to report
}
