#include "core/crypto.hpp"

#include <array>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/params.h>

#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/openssl_handles.hpp"

namespace ssomap::crypto {
namespace {

/// Throws with OpenSSL's own reason for the failure of `what`.
[[noreturn]] void Fail(const char* what) {
  std::array<char, 256> reason{};
  ERR_error_string_n(ERR_get_error(), reason.data(), reason.size());
  throw Error(std::string("OpenSSL ") + what + " failed: " + reason.data());
}

void Check(int result, const char* what) {
  if (result != 1) Fail(what);
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string Sha256(std::string_view data) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx) Fail("EVP_MD_CTX_new");
  Check(EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
  Check(EVP_DigestUpdate(ctx.get(), data.data(), data.size()), "EVP_DigestUpdate");
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  Check(EVP_DigestFinal_ex(ctx.get(), digest.data(), &length), "EVP_DigestFinal_ex");
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string Sha256Hex(std::string_view data) { return encoding::Hex(Sha256(data)); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  Mac mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
  if (!mac) Fail("EVP_MAC_fetch(HMAC)");
  MacCtx ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) Fail("EVP_MAC_CTX_new");
  char digest_name[] = "SHA256";
  const std::array<OSSL_PARAM, 2> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  Check(EVP_MAC_init(ctx.get(), Bytes(key), key.size(), params.data()), "EVP_MAC_init");
  Check(EVP_MAC_update(ctx.get(), Bytes(data), data.size()), "EVP_MAC_update");
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  std::size_t length = 0;
  Check(EVP_MAC_final(ctx.get(), out.data(), &length, out.size()), "EVP_MAC_final");
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}

}  // namespace ssomap::crypto
