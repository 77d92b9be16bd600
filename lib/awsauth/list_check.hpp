#pragma once
/// Checking a list parsed after an edit against the list before it and the intended change,
/// entry by entry as the entries are decoded (no copy of a 5,000-entry list).

#include <cstddef>
#include <optional>
#include <vector>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

enum class ListChange { kAdd, kReplace, kRemove };

/// The edited list must be `want` with `added` appended (kAdd), put in place of entry `index`
/// (kReplace), entry `index` dropped (kRemove), or nothing changed (nullopt). Next() and End()
/// throw ssomap::Error (Exit::kRefused) naming the first entry that is dropped, added or changed.
class ListCheck {
 public:
  ListCheck(const std::vector<Mapping>& want, std::optional<ListChange> change, std::size_t index,
            Mapping added);
  /// The next entry of the list as parsed.
  void Next(const Mapping& got);
  /// After the last entry.
  void End() const;

 private:
  const Mapping& Expected(std::size_t k) const;
  const std::vector<Mapping>& want_;
  std::optional<ListChange> change_;
  std::size_t index_;
  Mapping added_;
  std::size_t size_ = 0;
  std::size_t seen_ = 0;
};

}  // namespace ssomap::awsauth
