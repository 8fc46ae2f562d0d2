// Encoding of the pending notifications with the binary codec and a trailing hash.
#include "src/incremental/pending_notifications.hpp"

#include <algorithm>

#include "src/incremental/binary_codec.hpp"

namespace castmap {

namespace {
constexpr std::string_view kMagic = "castmap-notify\n";
constexpr std::uint64_t kFormat = 1;

template <typename T>
void sort_unique(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}
}  // namespace

void PendingNotifications::merge(const PendingNotifications& other) {
  websub.insert(websub.end(), other.websub.begin(), other.websub.end());
  indexnow.insert(indexnow.end(), other.indexnow.begin(), other.indexnow.end());
  sort_unique(websub);
  sort_unique(indexnow);
}

std::string PendingNotifications::encode() const {
  BinaryWriter w;
  w.str(kMagic);
  w.u64(kFormat);
  w.u64(websub.size());
  for (const auto& [hub, topic] : websub) {
    w.str(hub);
    w.str(topic);
  }
  w.u64(indexnow.size());
  for (const auto& url : indexnow) w.str(url);
  w.seal();
  return std::move(w.bytes());
}

std::optional<PendingNotifications> PendingNotifications::decode(std::string_view bytes) {
  const std::optional<std::string_view> verified = verified_body(bytes);
  if (!verified) return std::nullopt;
  const std::string_view body = *verified;
  BinaryReader r(body);
  if (r.str() != kMagic || r.u64() != kFormat || !r.ok()) return std::nullopt;
  PendingNotifications pending;
  for (std::size_t i = 0, n = r.length(); i < n && r.ok(); ++i) {
    std::string hub = r.str();
    pending.websub.emplace_back(std::move(hub), r.str());
  }
  for (std::size_t i = 0, n = r.length(); i < n && r.ok(); ++i) pending.indexnow.push_back(r.str());
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return pending;
}

PendingNotifications read_pending_notifications(const OutputWriter& writer) {
  std::optional<FileBytes> bytes = writer.read_state_file(kPendingNotificationsFileName);
  if (!bytes) return {};
  return PendingNotifications::decode(bytes->view()).value_or(PendingNotifications{});
}

void remember_pending_notifications(OutputWriter& writer, const PendingNotifications& pending) {
  if (pending.empty()) {
    writer.remove_state_file(kPendingNotificationsFileName);
    return;
  }
  const std::string bytes = pending.encode();
  writer.write_state_file(kPendingNotificationsFileName, [&](const auto& sink) { sink(bytes); });
}

}  // namespace castmap
