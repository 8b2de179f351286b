// The strict parser itself: it must reject what a Prometheus server would
// reject (or what this project promises never to write), so that passing
// the node's /metrics through it means something.
#include "prometheus_text.hpp"

#include <catch2/catch.hpp>

namespace {

constexpr const char* good = R"(# HELP a_total Things done.
# TYPE a_total counter
a_total{kind="x"} 3
a_total{kind="y\"q\\z\n"} 4
# HELP h_seconds Durations.
# TYPE h_seconds histogram
h_seconds_bucket{le="0.1"} 1
h_seconds_bucket{le="1"} 2
h_seconds_bucket{le="+Inf"} 3
h_seconds_sum 4.5
h_seconds_count 3
# HELP g A gauge.
# TYPE g gauge
g -2.5e3 1700000000000
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("a well-formed exposition parses with its families, labels, escapes and values") {
  const auto e = prom::parse(good);
  REQUIRE(e.families.size() == 3);
  CHECK(e.at("a_total").type == "counter");
  CHECK(e.at("a_total").help == "Things done.");
  CHECK(e.value("a_total", {{"kind", "x"}}) == 3);
  CHECK(e.value("a_total", {{"kind", "y\"q\\z\n"}}) == 4);
  CHECK(e.sum("a_total") == 7);
  CHECK(e.value("h_seconds_bucket", {{"le", "+Inf"}}) == 3);
  CHECK(e.value("h_seconds_sum") == 4.5);
  CHECK(e.value("g") == -2500);
}

TEST_CASE("the parser rejects each broken rule, naming the line") {
  const std::string text = good;
  struct broken {
    const char* what;
    std::string text;
    const char* message;
  };
  const std::vector<broken> cases{
      {"no final newline", text.substr(0, text.size() - 1), "newline"},
      {"bad metric name", replaced(text, "g -2.5e3", "9g -2.5e3"), "metric name"},
      {"bad label name", replaced(text, "{kind=\"x\"}", "{1kind=\"x\"}"), "label name"},
      {"reserved label", replaced(text, "{kind=\"x\"}", "{__kind=\"x\"}"), "reserved"},
      {"unquoted label", replaced(text, "{kind=\"x\"}", "{kind=x}"), "quoted"},
      {"unknown escape", replaced(text, "q\\\\z", "q\\tz"), "escape"},
      {"duplicate label", replaced(text, "{kind=\"x\"}", "{kind=\"x\",kind=\"w\"}"), "twice"},
      {"bad value", replaced(text, "a_total{kind=\"x\"} 3", "a_total{kind=\"x\"} three"), "not a value"},
      {"negative counter", replaced(text, "a_total{kind=\"x\"} 3", "a_total{kind=\"x\"} -3"), "negative"},
      {"duplicate series", replaced(text, "{kind=\"y\\\"q\\\\z\\n\"}", "{kind=\"x\"}"), "twice"},
      {"unknown type", replaced(text, "TYPE g gauge", "TYPE g meter"), "unknown type"},
      {"second TYPE", replaced(text, "# TYPE g gauge\n", "# TYPE g gauge\n# TYPE g gauge\n"), "second TYPE"},
      {"second HELP", replaced(text, "# HELP g A gauge.\n", "# HELP g A gauge.\n# HELP g Again.\n"), "second HELP"},
      {"no TYPE", replaced(text, "# TYPE g gauge\n", ""), "HELP and TYPE"},
      {"no HELP", replaced(text, "# HELP g A gauge.\n", ""), "HELP and TYPE"},
      {"interleaved", text + "a_total{kind=\"z\"} 1\n", "not together"},
      {"le out of order", replaced(text, "le=\"1\"", "le=\"0.05\""), "ascending"},
      {"not cumulative", replaced(text, "h_seconds_bucket{le=\"1\"} 2", "h_seconds_bucket{le=\"1\"} 0"), "cumulative"},
      {"no +Inf", replaced(text, "h_seconds_bucket{le=\"+Inf\"} 3\n", ""), "+Inf"},
      {"count differs", replaced(text, "h_seconds_count 3", "h_seconds_count 4"), "_count differs"},
      {"no sum", replaced(text, "h_seconds_sum 4.5\n", ""), "no _sum"},
      {"no count", replaced(text, "h_seconds_count 3\n", ""), "no _count"},
      {"bucket without le", replaced(text, "{le=\"0.1\"}", "{lx=\"0.1\"}"), "without an le"},
      {"stray suffix", replaced(text, "g -2.5e3", "g_count -2.5e3"), "no HELP and TYPE"},
      {"bad timestamp", replaced(text, "1700000000000", "soon"), "timestamp"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK_THROWS_WITH(prom::parse(c.text), Catch::Contains(c.message) && Catch::StartsWith("line "));
  }
}
