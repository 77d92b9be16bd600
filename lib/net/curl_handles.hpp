#pragma once
/// Move-only owners of libcurl handles: the easy handle and header lists.

#include <memory>
#include <string>

#include <curl/curl.h>

#include "core/error.hpp"

namespace ssomap::net {

struct CurlEasyCleanup {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};

/// Owns a CURL easy handle; reusing one keeps its connection cache (keep-alive, TLS sessions).
using CurlEasy = std::unique_ptr<CURL, CurlEasyCleanup>;

/// Owns a curl_slist (request headers). Append checks for allocation failure.
class CurlSlist {
 public:
  CurlSlist() = default;
  CurlSlist(const CurlSlist&) = delete;
  CurlSlist& operator=(const CurlSlist&) = delete;
  CurlSlist(CurlSlist&& other) noexcept : list_(other.list_) { other.list_ = nullptr; }
  CurlSlist& operator=(CurlSlist&& other) noexcept {
    std::swap(list_, other.list_);
    return *this;
  }
  ~CurlSlist() { curl_slist_free_all(list_); }

  /// Adds one "Name: value" line.
  void Append(const std::string& line) {
    curl_slist* grown = curl_slist_append(list_, line.c_str());
    if (grown == nullptr) throw Error("out of memory building HTTP headers");
    list_ = grown;
  }
  curl_slist* get() const noexcept { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace ssomap::net
