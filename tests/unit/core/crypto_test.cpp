// SHA-256 / HMAC-SHA256 (FIPS 180-2 and RFC 4231 vectors) and the byte encodings.
#include <doctest/doctest.h>

#include <string>

#include "core/crypto.hpp"
#include "core/encoding.hpp"

using namespace ssomap;

TEST_CASE("Sha256Hex matches FIPS 180-2") {
  CHECK(crypto::Sha256Hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(crypto::Sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::Sha256(std::string(1000, 'a')).size() == crypto::kSha256Size);
}

TEST_CASE("HmacSha256 matches RFC 4231 test cases 1 and 2") {
  CHECK(encoding::Hex(crypto::HmacSha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(encoding::Hex(crypto::HmacSha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(crypto::HmacSha256("", "").size() == crypto::kSha256Size);
}

TEST_CASE("Base64 and base64url round-trip, url-safe form has no padding") {
  CHECK(encoding::Base64("") == "");
  CHECK(encoding::Base64("f") == "Zg==");
  CHECK(encoding::Base64("foobar") == "Zm9vYmFy");
  CHECK(encoding::Base64UrlNoPad("\xfb\xff") == "-_8");
  CHECK(encoding::Base64UrlNoPad("fo") == "Zm8");
  for (std::string s : {"", "a", "ab", "abc", "abcd", "\xff\xfe\xfd\x00\x01"}) {
    CHECK(encoding::Base64Decode(encoding::Base64(s)) == s);
  }
  CHECK(encoding::Base64Decode("Zg") == std::string("f"));
  CHECK_FALSE(encoding::Base64Decode("Z").has_value());
  CHECK_FALSE(encoding::Base64Decode("Zm9v!").has_value());
  CHECK_FALSE(encoding::Base64Decode("Zg==Zg==").has_value());
}

TEST_CASE("UriEncode keeps only the unreserved set (and / when asked), upper-case hex") {
  CHECK(encoding::UriEncode("aZ09-_.~") == "aZ09-_.~");
  CHECK(encoding::UriEncode("a b+c/d=&%") == "a%20b%2Bc%2Fd%3D%26%25");
  CHECK(encoding::UriEncode("/a b/", encoding::Slash::kKeep) == "/a%20b/");
  CHECK(encoding::UriEncode("\xe1\x88\xb4") == "%E1%88%B4");
  CHECK(encoding::UriDecode("%E1%88%b4+%zz%4") == "\xe1\x88\xb4+%zz%4");
}

TEST_CASE("FormEncode: the STS query protocol body") {
  CHECK(encoding::FormEncode({{"Action", "AssumeRole"}, {"RoleSessionName", "a b@c"}}) ==
        "Action=AssumeRole&RoleSessionName=a%20b%40c");
  CHECK(encoding::FormEncode({{"k", ""}, {"a/b", "1+2=3&"}}) == "k=&a%2Fb=1%2B2%3D3%26");
  CHECK(encoding::FormEncode({}).empty());
}
