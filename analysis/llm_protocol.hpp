// The two questions of the optional LLM checks as OpenAI-compatible
// chat-completions bodies, and the reading of the answers. Pure functions.
#pragma once

#include "analysis/money.hpp"
#include "analysis/season_advisor.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace analysis {

// JSON string escaping (quotes, backslash, control characters as \uXXXX).
std::string json_escape(std::string_view text);

// The user prompts (the original's questions).
std::string reasonable_question(const book_facts& book, std::string_view seasonality, int peak_month,
                                cents list_at);
std::string season_question(const book_facts& book);  // lists the 17 labels

std::string chat_request_json(std::string_view model, double temperature, std::string_view question);

// choices[0].message.content; throws std::runtime_error naming what is missing.
std::string chat_answer_text(std::string_view response_body);

// "Yes"/"No" (case, spaces, quotes and a final period ignored); else nothing.
std::optional<bool> read_yes_no(std::string_view answer);
// Exactly one of the 17 labels (same leniency); else nothing.
std::optional<std::string> read_season_label(std::string_view answer);

} // namespace analysis
