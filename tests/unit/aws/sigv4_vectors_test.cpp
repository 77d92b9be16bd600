// The AWS SigV4 test suite (tests/data/sigv4, aws-c-auth layout), every case, stage by stage,
// for both header and query (presigned URL) signing.
#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/sigv4.hpp"
#include "core/files.hpp"
#include "core/text.hpp"

using namespace ssomap;
namespace fs = std::filesystem;

namespace {

/// The number of v4 cases in the suite; a lost folder must fail the test, not shrink it.
constexpr std::size_t kCaseCount = 38;

const fs::path kSuite = fs::path(SSOMAP_TEST_DATA) / "sigv4";

std::string ReadData(const fs::path& path) {
  std::string content = files::Read(path);
  std::erase(content, '\r');
  return content;
}

struct Case {
  std::string name;
  net::Request request;
  aws::Credentials credentials;
  aws::sigv4::Scope scope;
  aws::sigv4::Options options;
  std::chrono::seconds expires{0};
};

TimePoint ParseIso(const std::string& iso) {
  std::tm tm{};
  REQUIRE(strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) != nullptr);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

/// request.txt: a raw HTTP/1.1 request whose target is not yet percent-encoded; header lines
/// that start with whitespace continue the previous one (obs-fold).
net::Request ParseRequest(const std::string& raw) {
  net::Request request;
  const auto head_end = raw.find("\n\n");
  const std::string head = raw.substr(0, head_end);
  if (head_end != std::string::npos) request.body = raw.substr(head_end + 2);
  auto lines = text::Lines(head);
  REQUIRE(!lines.empty());
  const std::string_view start = lines[0];
  request.method = std::string(start.substr(0, start.find(' ')));
  const auto target_begin = start.find(' ') + 1;
  const std::string target(start.substr(target_begin, start.rfind(' ') - target_begin));
  std::string host;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      request.headers.back().second += "\n" + std::string(line);
      continue;
    }
    const auto colon = line.find(':');
    request.headers.emplace_back(std::string(line.substr(0, colon)),
                                 std::string(line.substr(colon + 1)));
    if (text::EqualsIgnoreCase(request.headers.back().first, "host"))
      host = request.headers.back().second;
  }
  request.url = "https://" + host + target;
  return request;
}

Case LoadCase(const fs::path& dir) {
  const auto context = nlohmann::json::parse(ReadData(dir / "context.json"));
  Case c;
  c.name = dir.filename().string();
  c.request = ParseRequest(ReadData(dir / "request.txt"));
  c.credentials.access_key_id = context["credentials"]["access_key_id"];
  c.credentials.secret_access_key = context["credentials"]["secret_access_key"];
  c.credentials.session_token = context["credentials"].value("token", "");
  c.scope = {context["region"], context["service"], ParseIso(context["timestamp"])};
  c.options.normalize_path = context["normalize"];
  c.options.content_sha256_header = context["sign_body"];
  c.options.sign_session_token = !context.value("omit_session_token", false);
  c.expires = std::chrono::seconds(context["expiration_in_seconds"].get<long>());
  return c;
}

std::vector<fs::path> CaseDirs() {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(kSuite)) {
    if (entry.is_directory() && fs::exists(entry.path() / "context.json"))
      dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

/// The value of the `name:` line of a signed request file.
std::string SignedHeaderLine(const std::string& signed_request, std::string_view name) {
  for (auto line : text::Lines(signed_request)) {
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && text::EqualsIgnoreCase(line.substr(0, colon), name)) {
      return std::string(line.substr(colon + 1));
    }
  }
  return {};
}

/// The query parameters of the request line of a signed request file, sorted.
std::vector<std::string> SortedQueryOfRequestLine(const std::string& signed_request) {
  const std::string_view line = text::Lines(signed_request).at(0);
  const auto target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
  const auto question = target.find('?');
  std::vector<std::string> params;
  if (question == std::string_view::npos) return params;
  for (auto piece : text::Split(target.substr(question + 1), '&')) params.emplace_back(piece);
  std::sort(params.begin(), params.end());
  return params;
}

std::vector<std::string> SortedQueryOfUrl(const std::string& url) {
  std::vector<std::string> params;
  const auto question = url.find('?');
  if (question == std::string::npos) return params;
  for (auto piece : text::Split(std::string_view(url).substr(question + 1), '&'))
    params.emplace_back(piece);
  std::sort(params.begin(), params.end());
  return params;
}

}  // namespace

TEST_CASE("the suite has all 38 v4 cases in the repository copy") {
  CHECK(CaseDirs().size() == kCaseCount);
  CHECK(fs::exists(kSuite / "LICENSE"));
  CHECK(fs::exists(kSuite / "NOTICE"));
}

TEST_CASE(
    "header signing: canonical request, string to sign, signature, Authorization — every case") {
  std::size_t passed = 0;
  for (const auto& dir : CaseDirs()) {
    Case c = LoadCase(dir);
    CAPTURE(c.name);
    net::Request request = c.request;
    const auto stages = aws::sigv4::SignRequestStaged(request, c.credentials, c.scope, c.options);
    const bool ok_creq = stages.canonical_request == ReadData(dir / "header-canonical-request.txt");
    const bool ok_sts = stages.string_to_sign == ReadData(dir / "header-string-to-sign.txt");
    const bool ok_sig = stages.signature == ReadData(dir / "header-signature.txt");
    CHECK_MESSAGE(ok_creq, c.name, ": canonical request\n", stages.canonical_request);
    CHECK_MESSAGE(ok_sts, c.name, ": string to sign\n", stages.string_to_sign);
    CHECK_MESSAGE(ok_sig, c.name, ": signature");
    const auto expected = ReadData(dir / "header-signed-request.txt");
    std::string authorization;
    for (const auto& [name, value] : request.headers) {
      if (name == "Authorization") authorization = value;
    }
    CHECK(authorization == SignedHeaderLine(expected, "Authorization"));
    if (!c.credentials.session_token.empty()) {
      std::string token;
      for (const auto& [name, value] : request.headers) {
        if (name == "X-Amz-Security-Token") token = value;
      }
      CHECK(token == c.credentials.session_token);
    }
    if (ok_creq && ok_sts && ok_sig) ++passed;
  }
  CHECK(passed == kCaseCount);
}

TEST_CASE(
    "query signing: canonical request, string to sign, signature, presigned URL — every case") {
  std::size_t passed = 0;
  for (const auto& dir : CaseDirs()) {
    Case c = LoadCase(dir);
    CAPTURE(c.name);
    const auto presigned =
        aws::sigv4::PresignStaged(c.request, c.credentials, c.scope, c.expires, c.options);
    const bool ok_creq =
        presigned.stages.canonical_request == ReadData(dir / "query-canonical-request.txt");
    const bool ok_sts =
        presigned.stages.string_to_sign == ReadData(dir / "query-string-to-sign.txt");
    const bool ok_sig = presigned.stages.signature == ReadData(dir / "query-signature.txt");
    CHECK_MESSAGE(ok_creq, c.name, ": canonical request\n", presigned.stages.canonical_request);
    CHECK_MESSAGE(ok_sts, c.name, ": string to sign\n", presigned.stages.string_to_sign);
    CHECK_MESSAGE(ok_sig, c.name, ": signature");
    // Same parameters as the suite's signed request (aws-c-auth orders them differently).
    CHECK(SortedQueryOfUrl(presigned.url) ==
          SortedQueryOfRequestLine(ReadData(dir / "query-signed-request.txt")));
    if (ok_creq && ok_sts && ok_sig) ++passed;
  }
  CHECK(passed == kCaseCount);
}
