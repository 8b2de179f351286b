// Request bodies and answer reading of the LLM checks, without a network.
#include "analysis/llm_protocol.hpp"

#include <catch2/catch.hpp>

using namespace analysis;

TEST_CASE("JSON escaping survives quotes, backslashes and control characters", "[llm]") {
  CHECK(json_escape("The \"Best\" \\ Book\n\t\x01 caf\xc3\xa9") == "The \\\"Best\\\" \\\\ Book\\n\\t\\u0001 caf\xc3\xa9");
  const auto body = chat_request_json("m\"x", 0.1, "line1\nline2");
  CHECK(body.find(R"("model":"m\"x","temperature":0.1,)") != std::string::npos);
  CHECK(body.find(R"({"role":"user","content":"line1\nline2"})") != std::string::npos);
}

TEST_CASE("questions carry the book, the price and all 17 labels", "[llm]") {
  const book_facts book{"Cookies for Santa", "Books > Cooking", "Baker House"};
  const auto q = reasonable_question(book, "Christmas", 12, 2399);
  CHECK(q.find("Title: Cookies for Santa") != std::string::npos);
  CHECK(q.find("$23.99") != std::string::npos);
  CHECK(q.find("peak month December") != std::string::npos);
  const auto s = season_question(book);
  CHECK(s.find("- Textbook (Summer)") != std::string::npos);
  CHECK(s.find("- Romance/Valentine's Day") != std::string::npos);
  CHECK(s.find("- Year-round") != std::string::npos);
}

TEST_CASE("answers are read leniently but only as Yes/No or an exact label", "[llm]") {
  CHECK(read_yes_no("Yes") == true);
  CHECK(read_yes_no("  no. ") == false);
  CHECK(read_yes_no("\"YES\"") == true);
  CHECK_FALSE(read_yes_no("Yes, probably"));
  CHECK_FALSE(read_yes_no(""));
  CHECK(read_season_label("christmas.") == std::optional<std::string>("Christmas"));
  CHECK(read_season_label(" Grilling/BBQ ") == std::optional<std::string>("Grilling/BBQ"));
  CHECK_FALSE(read_season_label("Summer reading"));
}

TEST_CASE("chat answers: content is found, broken bodies name what is missing", "[llm]") {
  CHECK(chat_answer_text(R"({"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"No"}}]})") == "No");
  CHECK_THROWS_WITH(chat_answer_text("<html>"), Catch::Contains("not JSON"));
  CHECK_THROWS_WITH(chat_answer_text(R"({"choices":[]})"), Catch::Contains("no choices"));
  CHECK_THROWS_WITH(chat_answer_text(R"({"choices":[{"message":{"content":null}}]})"),
                    Catch::Contains("content"));
}
