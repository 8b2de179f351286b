// web::render_status_page and its helpers, without a server: every value is
// escaped, each deal links to Amazon and Keepa, money and margins read as a
// seller writes them.
#include "web/html.hpp"
#include "web/status_page.hpp"

#include <catch2/catch.hpp>

namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

} // namespace

TEST_CASE("html_escape escapes the five characters that matter and nothing else") {
  CHECK(web::html_escape(R"(<a href="x">'&'</a> ok)") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; ok");
  CHECK(web::html_escape("Ünïcode stays") == "Ünïcode stays");
}

TEST_CASE("dollars prints cents as a seller reads them") {
  CHECK(web::dollars(1234) == "$12.34");
  CHECK(web::dollars(-310) == "-$3.10");
  CHECK(web::dollars(5) == "$0.05");
  CHECK(web::dollars(std::nullopt).empty());
}

TEST_CASE("the status page lists the deals in order, links each ASIN, and escapes a hostile title") {
  web::page_model m;
  m.now = 1'793'491'200;  // 2026-11-01 00:00 UTC
  m.live.bucket_known = true;
  m.live.tokens_left = 120;
  m.recorded.refill_rate = 5;
  m.recorded.deals_total = 2;
  m.recorded.jobs[0].job = "refiller";
  m.recorded.jobs[0].last_run = storage::job_run{"refiller", m.now - 60, m.now - 30, "ok", "3 <new> deals", 3, 40};
  m.recorded.jobs[0].next_run_utc = m.now + 30;
  m.recorded.jobs[1].job = "backfiller";
  m.recorded.jobs[2].job = "janitor";
  m.store.top.push_back({"0123456789", "<script>alert(1)</script> & more", 1999, 4500, 1234, 27.42, "Fall \"peak\""});
  m.store.top.push_back({"B00TEST002", "Plain", 800, 1000, -50, -5.0, ""});
  for (int i = 0; i < 3; ++i)
    m.store.live_by_day.push_back({m.now - (2 - i) * 86'400, 10 * (i + 1)});

  const auto html = web::render_status_page(m);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more") != std::string::npos);
  CHECK(html.find("Fall &quot;peak&quot;") != std::string::npos);
  CHECK(html.find("3 &lt;new&gt; deals") != std::string::npos);
  const auto first = html.find("data-asin=\"0123456789\"");
  const auto second = html.find("data-asin=\"B00TEST002\"");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
  CHECK(html.find("https://www.amazon.com/dp/0123456789") != std::string::npos);
  CHECK(html.find("https://keepa.com/#!product/1-0123456789") != std::string::npos);
  CHECK(html.find(">$19.99<") != std::string::npos);
  CHECK(html.find(">$45.00<") != std::string::npos);
  CHECK(html.find(">$12.34<") != std::string::npos);
  CHECK(html.find(">27.4 %<") != std::string::npos);
  CHECK(html.find("profit loss\">-$0.50<") != std::string::npos);
  CHECK(html.find("<meter min=\"0\" max=\"300\" value=\"120\">") != std::string::npos);
  CHECK(html.find("2026-11-01 00:00:30 UTC") != std::string::npos);  // the refiller's next run
  CHECK(count_of(html, "<tr class=\"job\"") == 3);
  CHECK(count_of(html, "<circle class=\"day\"") == 3);
  CHECK(html.find("data-deals=\"30\"") != std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // no external assets
}

TEST_CASE("an empty store and an unknown balance are said in words") {
  web::page_model m;
  const auto html = web::render_status_page(m);
  CHECK(html.find("No deals stored yet.") != std::string::npos);
  CHECK(html.find("not known yet") != std::string::npos);
}
