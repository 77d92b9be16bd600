#include <doctest/doctest.h>

#include "core/text.hpp"

using namespace ssomap;

TEST_CASE("Trim drops ASCII whitespace at both ends only") {
  CHECK(text::Trim("  a b \t\r\n") == "a b");
  CHECK(text::Trim("") == "");
  CHECK(text::Trim(" \n ") == "");
}

TEST_CASE("Lines splits LF and CRLF without a trailing empty line") {
  auto lines = text::Lines("a\r\nb\n\nc\n");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "a");
  CHECK(lines[1] == "b");
  CHECK(lines[2] == "");
  CHECK(lines[3] == "c");
  CHECK(text::Lines("").empty());
  CHECK(text::Lines("x").size() == 1);
}

TEST_CASE("Split keeps empty pieces") {
  auto parts = text::Split("a//b/", '/');
  REQUIRE(parts.size() == 4);
  CHECK(parts[1] == "");
  CHECK(parts[3] == "");
}

TEST_CASE("EditDistance is Levenshtein") {
  struct Case {
    const char* a;
    const char* b;
    std::size_t d;
  };
  for (auto c : {Case{"add", "add", 0}, Case{"ad", "add", 1}, Case{"lsit", "list", 2},
                 Case{"", "abc", 3}, Case{"kitten", "sitting", 3}}) {
    CAPTURE(c.a);
    CHECK(text::EditDistance(c.a, c.b) == c.d);
  }
}

TEST_CASE("Quote keeps messages on one line and bounded") {
  CHECK(text::Quote("a\nb\x01") == "'a\\nb\\x01'");
  CHECK(text::Quote(std::string(500, 'x')).size() < 130);
  CHECK(text::EqualsIgnoreCase("RoleArn", "rolearn"));
  CHECK_FALSE(text::EqualsIgnoreCase("rolearn", "rolearns"));
}

// Expected words printed by Python 3.11's shlex.split, the function botocore calls.
TEST_CASE("ShellSplit splits as Python's shlex.split does") {
  struct Case {
    std::string_view in;
    std::vector<std::string> words;
  };
  const Case cases[] = {
      {"a b  c", {"a", "b", "c"}}, {"'a b' \"c d\"", {"a b", "c d"}},
      {R"(a\ b)", {"a b"}},        {R"("a\"b")", {"a\"b"}},
      {R"("a\xb")", {R"(a\xb)"}},  {R"('a\b')", {R"(a\b)"}},
      {R"(a\\b)", {R"(a\b)"}},     {"x\t y\r\nz", {"x", "y", "z"}},
      {"\"\" ''", {"", ""}},       {"pre\"mid\"post", {"premidpost"}},
      {R"("\\")", {"\\"}},         {"", {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    const auto words = text::ShellSplit(c.in);
    REQUIRE(words.has_value());
    CHECK(*words == c.words);
  }
  // shlex: "No closing quotation", "No escaped character".
  for (std::string_view bad : {"\"open", "'open", "end\\"}) {
    CAPTURE(bad);
    CHECK_FALSE(text::ShellSplit(bad).has_value());
  }
}
