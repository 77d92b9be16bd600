// libFuzzer target: manifest files. ParseManifest never crashes (a one-line Error or a result);
// rendering unchanged data gives the file back byte for byte; an added entry is one contiguous
// insertion into a literal-block mapRoles, and the result holds exactly the intended data.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "awsauth/edit.hpp"
#include "awsauth/manifest.hpp"
#include "core/error.hpp"

using namespace ssomap;

namespace {

void Expect(bool ok) {
  if (!ok) std::abort();
}

// True when `out` is `in` with one run of bytes inserted.
bool IsOneInsertion(const std::string& in, const std::string& out) {
  if (out.size() < in.size()) return false;
  std::size_t prefix = 0;
  while (prefix < in.size() && in[prefix] == out[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < in.size() - prefix && in[in.size() - 1 - suffix] == out[out.size() - 1 - suffix])
    ++suffix;
  return prefix + suffix == in.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(bytes), size);
  awsauth::Manifest manifest;
  try {
    manifest = awsauth::ParseManifest(input);
  } catch (const Error& e) {
    Expect(std::string(e.what()).find('\n') == std::string::npos);
    return 0;
  }
  try {
    Expect(awsauth::RenderManifest(manifest, manifest.data) == input);
  } catch (const Error&) {
    std::abort();
  }
  awsauth::Data edited;
  try {
    edited =
        awsauth::AddMapping(manifest.data, awsauth::Source::kRoles,
                            {"arn:aws:iam::111122223333:role/Fuzz", "fuzz", {"system:masters"}});
  } catch (const Error&) {
    return 0;
  }
  std::string out;
  try {
    out = awsauth::RenderManifest(manifest, edited);
  } catch (const Error& e) {
    Expect(e.exit() == Exit::kRefused);
    return 0;
  }
  Expect(awsauth::ParseManifest(out).data == edited);
  // A value that only gained lines must gain them in the file as one insertion, nothing else
  // (an empty value may need a new block header: '|-' cannot hold the entry's line break).
  const auto place = manifest.places.find(awsauth::kMapRoles);
  if (place != manifest.places.end() && place->second.literal_block &&
      !manifest.data.at(awsauth::kMapRoles).empty() &&
      IsOneInsertion(manifest.data.at(awsauth::kMapRoles), edited.at(awsauth::kMapRoles))) {
    Expect(IsOneInsertion(input, out));
  }
  return 0;
}
