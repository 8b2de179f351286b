// URL splitting, percent-encoding and the redaction of keys in URLs.
#include "net/redact.hpp"
#include "net/url.hpp"

#include <catch2/catch.hpp>

TEST_CASE("URLs split into scheme, host, port and target", "[url]") {
  auto u = net::parse_url("https://api.keepa.com/product?key=k&asin=A");
  CHECK(u.tls());
  CHECK(u.host == "api.keepa.com");
  CHECK(u.port == 443);
  CHECK(u.target == "/product?key=k&asin=A");
  CHECK(u.host_header() == "api.keepa.com");

  auto m = net::parse_url("http://127.0.0.1:8123");
  CHECK_FALSE(m.tls());
  CHECK(m.port == 8123);
  CHECK(m.target == "/");
  CHECK(m.host_header() == "127.0.0.1:8123");
  CHECK(net::parse_url("http://h?x=1").target == "/?x=1");
}

TEST_CASE("bad URLs name what is wrong and hide the key", "[url]") {
  CHECK_THROWS_WITH(net::parse_url("api.keepa.com/product"), Catch::Contains("no scheme"));
  CHECK_THROWS_WITH(net::parse_url("http://h:99999/"), Catch::Contains("port"));
  CHECK_THROWS_WITH(net::parse_url("http://:80/"), Catch::Contains("no host"));
  try {
    net::parse_url("gopher://h/?key=SECRET");
    FAIL("no throw");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("SECRET") == std::string::npos);
  }
}

TEST_CASE("redaction hides every credential parameter and keeps the rest", "[url]") {
  CHECK(net::redact_url("https://api.keepa.com/product?key=abc123&asin=B0&domain=1") ==
        "https://api.keepa.com/product?key=***&asin=B0&domain=1");
  CHECK(net::redact_url("http://h/p?asin=B0&KEY=abc") == "http://h/p?asin=B0&KEY=***");
  CHECK(net::redact_url("http://h/p?api_key=a&access_token=b#frag") ==
        "http://h/p?api_key=***&access_token=***#frag");
  CHECK(net::redact_url("http://h/p?monkey=banana") == "http://h/p?monkey=banana");
  CHECK(net::redact_url("http://h/p") == "http://h/p");
}

TEST_CASE("url_encode escapes JSON for a query string", "[url]") {
  CHECK(net::url_encode(R"({"page":0, "a":[1]})") == "%7B%22page%22%3A0%2C%20%22a%22%3A%5B1%5D%7D");
  CHECK(net::url_encode("A-z_0.~") == "A-z_0.~");
}

TEST_CASE("scrub_secret hides a secret raw, percent-encoded in either case, and mixed", "[url][redaction]") {
  const std::string key = "a/b+c=d e%f";
  CHECK(net::scrub_secret("raw a/b+c=d e%f.", key) == "raw ***.");
  CHECK(net::scrub_secret("sent " + net::url_encode(key) + ".", key) == "sent ***.");
  CHECK(net::url_encode(key) == "a%2Fb%2Bc%3Dd%20e%25f");
  CHECK(net::scrub_secret("lower a%2fb%2bc%3dd%20e%25f.", key) == "lower ***.");
  CHECK(net::scrub_secret("form a%2Fb%2Bc%3Dd+e%25f.", key) == "form ***.");
  CHECK(net::scrub_secret("mixed a/b%2bc=d%20e%f.", key) == "mixed ***.");
  CHECK(net::scrub_secret("twice a/b+c=d e%fa%2Fb%2Bc%3Dd%20e%25f", key) == "twice ******");
  // Letters and digits are sent as they are, but a server may encode them too.
  CHECK(net::scrub_secret("key=%41BCD1234", "ABCD1234") == "key=***");
  // A near miss stays, and so does a secret too short to hide safely.
  CHECK(net::scrub_secret("a/b+c=d e%g", key) == "a/b+c=d e%g");
  CHECK(net::scrub_secret("a%2Fb%2Bc%3Dd%20e%25", key) == "a%2Fb%2Bc%3Dd%20e%25");
  CHECK(net::scrub_secret("abc abc", "abc") == "abc abc");
}
