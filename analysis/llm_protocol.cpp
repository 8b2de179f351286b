// Chat-completions request bodies (fmt) and answers (simdjson) for the LLM checks.
#include "analysis/llm_protocol.hpp"

#include "analysis/seasonality_rules.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <cctype>

namespace analysis {

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out.push_back(ch);  // UTF-8 bytes pass through
    }
  }
  return out;
}

namespace {
constexpr std::string_view month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

std::string describe(const book_facts& book) {
  return fmt::format("Title: {}\nCategory: {}\nPublisher: {}", book.title,
                     book.category.empty() ? "unknown" : book.category,
                     book.publisher.empty() ? "unknown" : book.publisher);
}

std::string_view trimmed(std::string_view s) {
  auto junk = [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '.' || c == '*'; };
  while (!s.empty() && junk(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && junk(s.back()))
    s.remove_suffix(1);
  return s;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}
} // namespace

std::string reasonable_question(const book_facts& book, std::string_view seasonality, int peak_month,
                                cents list_at) {
  const auto month = peak_month >= 1 && peak_month <= 12 ? month_names[peak_month - 1] : std::string_view("unknown");
  return fmt::format(
      "{}\nSeason: {} (peak month {})\nIs a used selling price of ${}.{:02d} reasonable for this book "
      "during its peak season? Answer with Yes or No only.",
      describe(book), seasonality, month, list_at / 100, list_at % 100);
}

std::string season_question(const book_facts& book) {
  std::string labels;
  for (int i = 0; i < season_label_count; ++i)
    labels += fmt::format("\n- {}", to_string(static_cast<season_label>(i)));
  return fmt::format("{}\nWhich one of these selling seasons fits this book best?{}\n"
                     "Answer with the label exactly as written, nothing else.",
                     describe(book), labels);
}

std::string chat_request_json(std::string_view model, double temperature, std::string_view question) {
  return fmt::format(
      R"({{"model":"{}","temperature":{},"messages":[)"
      R"({{"role":"system","content":"You are an expert in used book pricing and seasonal demand. Answer tersely."}},)"
      R"({{"role":"user","content":"{}"}}]}})",
      json_escape(model), temperature, json_escape(question));
}

std::string chat_answer_text(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto error = parser.parse(body.data(), body.size()).get(doc))
    throw std::runtime_error(std::string("chat completion: body is not JSON: ") + simdjson::error_message(error));
  simdjson::dom::array choices;
  if (doc["choices"].get(choices) || choices.size() == 0)
    throw std::runtime_error("chat completion: no choices[] in the answer");
  std::string_view content;
  if (choices.at(0)["message"]["content"].get(content))
    throw std::runtime_error("chat completion: choices[0].message.content is missing or not a string");
  return std::string(content);
}

std::optional<bool> read_yes_no(std::string_view answer) {
  const auto a = trimmed(answer);
  if (same_ignoring_case(a, "yes"))
    return true;
  if (same_ignoring_case(a, "no"))
    return false;
  return std::nullopt;
}

std::optional<std::string> read_season_label(std::string_view answer) {
  const auto a = trimmed(answer);
  for (int i = 0; i < season_label_count; ++i) {
    const auto label = to_string(static_cast<season_label>(i));
    if (same_ignoring_case(a, label))
      return std::string(label);
  }
  return std::nullopt;
}

} // namespace analysis
