// The one URL check: absolute http(s) only, no whitespace or controls, scheme and host in lower
// case; base URLs also without user information, query or fragment.
#include "src/base/url_check.hpp"

#include <catch2/catch.hpp>

using namespace castmap;

namespace {

std::string problem_of(std::string_view url, UrlKind kind = UrlKind::link) {
  return check_url(url, kind).problem;
}

}  // namespace

TEST_CASE("check_url keeps absolute http(s) URLs and lower-cases scheme and host", "[url]") {
  CHECK(check_url("https://example.com/a/b?c=d#e").url == "https://example.com/a/b?c=d#e");
  CHECK(check_url("HTTPS://Example.COM/Path/X").url == "https://example.com/Path/X");
  CHECK(check_url("Http://User:PW@Host.Example:8080/A").url ==
        "http://User:PW@host.example:8080/A");
  CHECK(check_url("https://[2001:DB8::1]:443/x").url == "https://[2001:db8::1]:443/x");
  CHECK(check_url("https://b\u00fccher.example/\u00e9").url ==
        "https://b\u00fccher.example/\u00e9");
  CHECK(is_absolute_http_url("https://a.b/c"));
  CHECK(is_absolute_http_url("HTTP://A.B"));
}

TEST_CASE("check_url refuses relative, other-scheme, spaced and control-laden URLs", "[url]") {
  CHECK(problem_of("") == "is empty");
  CHECK(problem_of("/relative/path") == "is relative; an absolute http(s) URL is needed");
  CHECK(problem_of("example.com/x") == "is relative; an absolute http(s) URL is needed");
  CHECK(problem_of("javascript:alert(1)") ==
        "has the scheme \"javascript\"; only http and https are allowed");
  CHECK(problem_of("JaVaScRiPt:alert(1)") ==
        "has the scheme \"JaVaScRiPt\"; only http and https are allowed");
  CHECK(problem_of("data:text/html,<script>") ==
        "has the scheme \"data\"; only http and https are allowed");
  CHECK(problem_of("ftp://x.example/") ==
        "has the scheme \"ftp\"; only http and https are allowed");
  CHECK(problem_of("https:example.com") == "has no host (http(s) URLs start with \"//\")");
  CHECK(problem_of("https:///path") == "has no host");
  CHECK(problem_of("https://") == "has no host");
  CHECK(problem_of("https://a.example/x y") == "contains whitespace");
  CHECK(problem_of("https://a.example/\u00a0") == "contains whitespace");
  CHECK(problem_of("https://a.example/\u3000") == "contains whitespace");
  CHECK(problem_of(" https://a.example/") == "contains whitespace");
  CHECK(problem_of("https://a.example/\n") == "contains whitespace");
  CHECK(problem_of("https://a.example/\x1b[2J") == "contains a control character");
  CHECK(problem_of("https://a.example/\x7f") == "contains a control character");
  CHECK(problem_of("https://a.example/\u202egnp.exe") == "contains a control character");
  CHECK(problem_of("https://a.example/\xff") == "is not valid UTF-8");
  CHECK(problem_of("https://evil.example\\@good.example/") == "has a backslash in its host");
  CHECK(problem_of("https://a.example:80x/") == "has an invalid port \"80x\"");
  CHECK(problem_of("https://[::1/") == "has an unclosed \"[\" in its host");
  CHECK_FALSE(is_absolute_http_url("javascript:alert(1)"));
  CHECK_FALSE(is_absolute_http_url("/relative"));
  CHECK_FALSE(is_absolute_http_url("ftp://x"));
}

TEST_CASE("a base URL has no user information, query or fragment and no trailing slash", "[url]") {
  CHECK(check_url("HTTPS://Example.COM/", UrlKind::base).url == "https://example.com");
  CHECK(check_url("https://example.com/sub//", UrlKind::base).url == "https://example.com/sub");
  CHECK(problem_of("https://user@example.com", UrlKind::base) ==
        "has user information (\"...@\"), which a base URL may not have");
  CHECK(problem_of("https://example.com/?utm=1", UrlKind::base) ==
        "has a query (\"?...\"), which a base URL may not have");
  CHECK(problem_of("https://example.com/#top", UrlKind::base) ==
        "has a fragment (\"#...\"), which a base URL may not have");
  // The same URLs are fine as links.
  CHECK(check_url("https://user@example.com/?utm=1#top").ok());
}
