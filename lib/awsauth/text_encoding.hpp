#pragma once
/// The byte-order marks kubectl honours when it reads a manifest file: k8s.io/cli-runtime
/// pkg/resource/visitor.go FileVisitor.Visit wraps the file in
/// `unicode.BOMOverride(unicode.UTF8.NewDecoder())` (golang.org/x/text): a UTF-8 BOM is dropped
/// and UTF-16 LE/BE with a BOM is decoded to UTF-8; no BOM means UTF-8. A PowerShell `>` redirect
/// of `kubectl get cm -o yaml` writes UTF-16 LE with a BOM.

#include <string>

namespace ssomap::awsauth {

/// `bytes` as the UTF-8 text kubectl would read. Throws ssomap::Error (a usage error naming the
/// encoding and the fix) for UTF-32 with a BOM, which kubectl misreads as UTF-16, and for UTF-16
/// that does not decode (an odd length, a lone surrogate).
std::string DecodeAsKubectl(std::string bytes);

}  // namespace ssomap::awsauth
