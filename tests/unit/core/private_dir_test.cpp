// Private directories and files (issue 11 §3) and the clean-up of killed writes (§7).
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/private_dir.hpp"
#include "temp_dir.hpp"

using namespace ssomap;
using ssomap::testing::Mode;
namespace fs = std::filesystem;

namespace {

struct Dir {
  testing::TempDir temp;
  const fs::path& path = temp.path();
};

}  // namespace

TEST_CASE("regression: directories are created 0700 and loose ones tightened, even under umask 0") {
  Dir d;
  const auto old = ::umask(0);
  files::EnsurePrivateDir(d.path / "a" / "b" / "c");
  fs::create_directory(d.path / "loose");
  fs::permissions(d.path / "loose", fs::perms::all);
  files::EnsurePrivateDir(d.path / "loose");
  files::WriteAtomic(d.path / "w" / "file.json", "{}");
  ::umask(old);
  CHECK(Mode(d.path / "a") == 0700);
  CHECK(Mode(d.path / "a" / "b" / "c") == 0700);
  CHECK(Mode(d.path / "loose") == 0700);
  CHECK(Mode(d.path / "w") == 0700);
  CHECK(Mode(d.path / "w" / "file.json") == 0600);
}

TEST_CASE("a symlinked or non-directory path is refused, not followed") {
  Dir d;
  fs::create_directory(d.path / "real");
  fs::create_directory_symlink(d.path / "real", d.path / "link");
  CHECK_THROWS_WITH_AS(files::EnsurePrivateDir(d.path / "link"),
                       doctest::Contains("is a symbolic link"), Error);
  CHECK_THROWS_WITH_AS(files::WriteAtomic(d.path / "link" / "x", "secret"),
                       doctest::Contains("is a symbolic link"), Error);
  CHECK(!fs::exists(d.path / "real" / "x"));
  std::ofstream(d.path / "file") << "x";
  CHECK_THROWS_WITH_AS(files::EnsurePrivateDir(d.path / "file"),
                       doctest::Contains("is not a directory"), Error);
}

TEST_CASE("private files: regular, ours, no group or other bits") {
  Dir d;
  files::WriteAtomic(d.path / "f", "x");
  CHECK(files::WhyNotPrivateFile(d.path / "f").empty());
  fs::permissions(d.path / "f", fs::perms::others_read, fs::perm_options::add);
  CHECK(files::WhyNotPrivateFile(d.path / "f") == "has mode 0604, not 0600");
  fs::create_symlink(d.path / "f", d.path / "l");
  CHECK(files::WhyNotPrivateFile(d.path / "l") == "is a symbolic link");
  CHECK(files::WhyNotPrivateFile(d.path / "none") == "does not exist");
}

TEST_CASE("regression: temporary files of killed writers are removed, live ones kept") {
  Dir d;
  const long dead = 0x7ffffff0;  // above any pid_max
  const auto mine = files::TempNameFor(d.path / "token.json", ::getpid(), 1);
  const auto gone = files::TempNameFor(d.path / "token.json", dead, 2);
  CHECK(gone.filename() == ".token.json.2147483632.0000000000000002.tmp");
  for (const auto& p : {mine, gone}) std::ofstream(p) << "{\"accessToken\": \"t\"}";
  std::ofstream(d.path / ".other.tmp") << "not ours";
  std::ofstream(d.path / ".x.1.short.tmp") << "not ours";
  CHECK(files::RemoveStaleTemps(d.path) == 1);
  CHECK(fs::exists(mine));
  CHECK(!fs::exists(gone));
  CHECK(fs::exists(d.path / ".other.tmp"));
  // Old enough, even a running pid's file is stale (pids are reused).
  fs::last_write_time(mine, fs::file_time_type::clock::now() - std::chrono::hours(2));
  CHECK(files::RemoveStaleTemps(d.path) == 1);
  CHECK(files::RemoveStaleTemps(d.path / "missing") == 0);
  // WriteAtomic cleans its directory as it writes.
  std::ofstream(gone) << "x";
  files::WriteAtomic(d.path / "token.json", "{}");
  CHECK(!fs::exists(gone));
}
