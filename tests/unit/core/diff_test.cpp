#include <doctest/doctest.h>

#include <string>

#include "core/diff.hpp"

using ssomap::diff::Unified;

TEST_CASE("unified diffs as diff -u prints them") {
  struct Case {
    const char* name;
    std::string before;
    std::string after;
    std::string want;
  };
  const Case cases[] = {
      {"equal", "a\nb\n", "a\nb\n", ""},
      {"append", "a\nb\nc\nd\n", "a\nb\nc\nd\ne\n",
       "--- x\n+++ y\n@@ -2,3 +2,4 @@\n b\n c\n d\n+e\n"},
      {"change in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n",
       "--- x\n+++ y\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n"},
      {"remove first", "a\nb\n", "b\n", "--- x\n+++ y\n@@ -1,2 +1 @@\n-a\n b\n"},
      {"from empty", "", "a\n", "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n"},
      {"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
       "X\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nY\n",
       "--- x\n+++ y\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n "
       "11\n-12\n+Y\n"},
      {"interleaved", "a\nb\nc\n", "a\nB\nc\nd\n",
       "--- x\n+++ y\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n"},
      {"final newline", "a\n", "a", "--- x\n+++ y\n\\ only the newline at the end differs\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(Unified(c.before, c.after, "x", "y") == c.want);
  }
}

TEST_CASE("big middles are still correct diffs") {
  std::string before, after;
  for (int i = 0; i < 3000; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += "line " + std::to_string(i % 2 == 0 ? i : -i) + "\n";
  }
  const auto diff = Unified(before, after, "x", "y");
  // Applying the diff's minus and plus lines gives back both sides.
  std::string minus, plus;
  for (std::size_t at = diff.find("@@"); at < diff.size();) {
    const auto end = diff.find('\n', at);
    const auto line = diff.substr(at, end - at);
    if (line[0] == '-' || line[0] == ' ') minus += line.substr(1) + "\n";
    if (line[0] == '+' || line[0] == ' ') plus += line.substr(1) + "\n";
    at = end + 1;
  }
  CHECK(minus == before);
  CHECK(plus == after);
}
