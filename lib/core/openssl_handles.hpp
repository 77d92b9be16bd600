#pragma once
/// Move-only owners of the OpenSSL handles we use, so every path frees them exactly once.

#include <memory>

#include <openssl/evp.h>

namespace ssomap::crypto {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
struct MacFree {
  void operator()(EVP_MAC* mac) const noexcept { EVP_MAC_free(mac); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const noexcept { EVP_MAC_CTX_free(ctx); }
};

/// Owns an EVP_MD_CTX (a digest in progress).
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
/// Owns a fetched EVP_MAC algorithm.
using Mac = std::unique_ptr<EVP_MAC, MacFree>;
/// Owns an EVP_MAC_CTX (a MAC in progress).
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

}  // namespace ssomap::crypto
