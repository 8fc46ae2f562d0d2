// --notify against a tiny HTTP server on 127.0.0.1 (never any other address): hubs are pinged
// for the feeds whose bytes changed, IndexNow gets the pages added, changed or removed, a
// failure is a warning and is sent again by the next run, and an unchanged run sends nothing.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/app/export_pipeline.hpp"
#include "src/base/exit_status.hpp"
#include "src/config/config.hpp"
#include "tests/support/golden_support.hpp"

using namespace castmap;
namespace fs = std::filesystem;

namespace {

/// Answers every request with `status` and records it ("POST /path\n<body>"). One request per
/// connection (castmap's libcurl handles are not reused across requests).
class LoopbackServer {
 public:
  LoopbackServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackServer() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void answer_with(int status) { status_ = status; }
  std::vector<std::string> take_requests() {
    std::lock_guard lock(mutex_);
    return std::exchange(requests_, {});
  }

 private:
  void serve() {
    while (!stopping_) {
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      handle(client);
      ::close(client);
    }
  }
  void handle(int client) {
    std::string request;
    char buffer[4096];
    std::size_t body_at = std::string::npos, length = 0;
    while (body_at == std::string::npos || request.size() < body_at + length) {
      const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      request.append(buffer, static_cast<std::size_t>(got));
      if (body_at == std::string::npos &&
          (body_at = request.find("\r\n\r\n")) != std::string::npos) {
        body_at += 4;
        const std::size_t header = request.find("Content-Length: ");
        if (header != std::string::npos && header < body_at)
          length = std::stoul(request.substr(header + 16));
      }
    }
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request.substr(0, request.find(" HTTP/")) + "\n" +
                          request.substr(body_at));
    }
    const std::string response = "HTTP/1.1 " + std::to_string(status_.load()) +
                                 " Whatever\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    (void)::send(client, response.data(), response.size(), MSG_NOSIGNAL);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> status_{200};
  std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

void write_episode(const fs::path& content, const std::string& id, const std::string& title) {
  testing::write_file(content / "videos" / (id + ".md"),
                      "---\nid: " + id + "\nslug: " + id + "\ntitle: " + title +
                          "\npublishedAt: 2024-01-01\nduration: 600\naudioFileSize: 1000\n---\n");
}

struct Run {
  ExportResult result;
  std::vector<Diagnostic> diagnostics;
};

Run run(const Config& config) {
  ExportOptions options;
  options.notify = true;
  DiagnosticSink diagnostics;
  Run r{run_export(config, options, diagnostics), {}};
  r.diagnostics = diagnostics.sorted();
  return r;
}

std::size_t count_containing(const std::vector<std::string>& requests, const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(requests.begin(), requests.end(),
                    [&](const auto& r) { return r.find(text) != std::string::npos; }));
}

}  // namespace

TEST_CASE(
    "notify: --notify pings hubs and IndexNow on loopback, retries failures, skips unchanged runs",
    "[notify]") {
  LoopbackServer server;
  testing::TempDir work("castmap-notify");
  Config config;
  config.content = work.path() / "content";
  config.output = work.path() / "out";
  config.site.base_url = "https://example.com";
  config.urls.enclosure = "https://cdn.example.com/{slug}.mp3";
  config.site.podcast.artwork = "https://example.com/artwork.png";
  config.notify.websub_hubs = {server.url("/hub")};
  config.notify.indexnow_key = "0123456789abcdef";
  config.notify.indexnow_endpoint = server.url("/indexnow");
  write_episode(config.content, "one", "One");
  write_episode(config.content, "two", "Two");

  // The first run creates the feed: the hub hears about it. No pages are known to have been
  // published before, so IndexNow waits for the next change.
  Run first = run(config);
  REQUIRE(first.result.exit_status == kExitOk);
  auto requests = server.take_requests();
  REQUIRE(requests.size() == 1);
  CHECK_THAT(requests[0], Catch::StartsWith("POST /hub\n"));
  CHECK_THAT(
      requests[0],
      Catch::Contains("hub.mode=publish&hub.url=https%3A%2F%2Fexample.com%2Ffeeds%2Fall.xml"));
  CHECK(first.result.notifications_sent == 1);
  // The feed names its hub.
  CHECK_THAT(testing::read_tree(config.output)["feeds/all.xml"],
             Catch::Contains("<atom:link href=\"" + server.url("/hub") + "\" rel=\"hub\""));

  // An unchanged run sends nothing.
  run(config);
  CHECK(server.take_requests().empty());

  // A changed episode: the feed changed (hub) and its page changed (IndexNow); an added one
  // is a new page. The server fails both: warnings, and nothing lost.
  server.answer_with(503);
  write_episode(config.content, "two", "Two (edited)");
  write_episode(config.content, "three", "Three");
  Run failing = run(config);
  CHECK(failing.result.exit_status == kExitOk);
  requests = server.take_requests();
  CHECK(count_containing(requests, "POST /hub\n") == 1);
  REQUIRE(count_containing(requests, "POST /indexnow\n") == 1);
  CHECK(count_containing(requests, "\"key\":\"0123456789abcdef\"") == 1);
  CHECK(count_containing(requests, "\"host\":\"example.com\"") == 1);
  CHECK(count_containing(requests, "https://example.com/watch/two/") == 1);
  CHECK(count_containing(requests, "https://example.com/watch/three/") == 1);
  CHECK(count_containing(requests, "https://example.com/watch/one/") == 0);
  CHECK(failing.result.notifications_failed == 2);
  CHECK(std::count_if(failing.diagnostics.begin(), failing.diagnostics.end(), [](const auto& d) {
          return d.code == "notify-failed" && d.severity == Severity::warning &&
                 d.message.find("HTTP 503") != std::string::npos;
        }) == 2);

  // The next run, although nothing changed, sends what failed; then nothing is pending.
  server.answer_with(200);
  Run retry = run(config);
  requests = server.take_requests();
  CHECK(count_containing(requests, "POST /hub\n") == 1);
  CHECK(count_containing(requests, "POST /indexnow\n") == 1);
  CHECK(retry.result.notifications_sent == 2);
  run(config);
  CHECK(server.take_requests().empty());

  // A removed episode is a removed page.
  fs::remove(config.content / "videos/one.md");
  run(config);
  requests = server.take_requests();
  CHECK(count_containing(requests, "https://example.com/watch/one/") == 1);

  // Without --notify nothing is sent at all.
  write_episode(config.content, "four", "Four");
  DiagnosticSink quiet;
  run_export(config, {}, quiet);
  CHECK(server.take_requests().empty());
}
