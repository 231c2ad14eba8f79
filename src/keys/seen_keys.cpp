#include "keys/seen_keys.hpp"

namespace rc::keys {

void SeenKeys::insert(std::uint64_t fingerprint) {
  if (!set_.insert(fingerprint).second) return;
  order_.push_back(fingerprint);
  if (order_.size() > kCapacity) {
    set_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace rc::keys
