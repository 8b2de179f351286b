// The LLM advisor: cache first, then the daily cap, then one chat-completions
// call over net::http_client; any failure gives the safe default.
#include "analysis/llm_client.hpp"

#include "analysis/llm_protocol.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <ctime>
#include <future>

namespace analysis {

namespace {
std::int64_t wall_clock_utc() { return static_cast<std::int64_t>(std::time(nullptr)); }

net::client_options http_options(const llm_config& c) {
  auto o = c.http;
  o.connect_timeout = c.timeout;
  o.read_timeout = c.timeout;
  return o;
}
} // namespace

struct llm_advisor::state {
  state(llm_config c, std::string key)
      : config(std::move(c)), api_key(std::move(key)), cache(config.cache_path), http(http_options(config)) {
    while (!config.base_url.empty() && config.base_url.back() == '/')
      config.base_url.pop_back();
    if (!config.now_utc)
      config.now_utc = wall_clock_utc;
  }

  // `read` turns the answer text into what is cached and handed back, or
  // nothing when the answer is unusable.
  void ask(const std::string& key, const std::string& question,
           std::function<std::optional<std::string>(std::string_view)> read,
           std::function<void(std::optional<std::string>)> done) {
    if (auto cached = cache.find(key)) {
      ++hits;
      done(std::move(cached));
      return;
    }
    if (!cache.reserve_call(config.now_utc(), config.daily_cap)) {
      ++capped;
      spdlog::info("llm: daily cap of {} calls reached; using the default answer", config.daily_cap);
      done(std::nullopt);
      return;
    }
    ++calls;
    net::request req;
    req.method = "POST";
    req.url = config.base_url + "/chat/completions";
    req.content_type = "application/json";
    req.body = chat_request_json(config.model, config.temperature, question);
    req.headers = {{"Authorization", "Bearer " + api_key}};
    http.async_send(std::move(req), [this, key, read = std::move(read), done = std::move(done)](net::outcome o) {
      auto fail = [&](const std::string& why) {
        ++failures;
        spdlog::warn("llm: {} ({}); using the default answer", why, config.base_url);
        done(std::nullopt);
      };
      if (auto* f = std::get_if<net::failure>(&o))
        return fail(f->message);
      auto& res = std::get<net::response>(o);
      if (res.status != 200)
        return fail(fmt::format("HTTP {}", res.status));
      std::string text;
      try {
        text = chat_answer_text(res.body);
      } catch (const std::exception& e) {
        return fail(e.what());
      }
      auto answer = read(text);
      if (!answer)
        return fail(fmt::format("unusable answer '{}'", text.substr(0, 80)));
      cache.store(key, *answer, config.now_utc());
      done(std::move(answer));
    });
  }

  llm_config config;
  std::string api_key;
  llm_cache cache;
  std::atomic<std::uint64_t> calls{0}, hits{0}, capped{0}, failures{0};
  // Last, so its I/O thread stops before the members its callbacks use.
  net::http_client http;
};

llm_advisor::llm_advisor(llm_config config, std::string api_key)
    : state_(std::make_shared<state>(std::move(config), std::move(api_key))) {}
llm_advisor::~llm_advisor() = default;

void llm_advisor::ask_reasonable(const book_facts& book, std::string_view seasonality, int peak_month,
                                 cents list_at, std::function<void(bool)> done) {
  const auto kind = fmt::format("reasonable:{}:{}", list_at, seasonality);
  state_->ask(llm_cache_key(book.title, book.category, book.publisher, kind),
              reasonable_question(book, seasonality, peak_month, list_at),
              [](std::string_view text) -> std::optional<std::string> {
                if (auto yes = read_yes_no(text))
                  return std::string(*yes ? "Yes" : "No");
                return std::nullopt;
              },
              [done = std::move(done)](std::optional<std::string> answer) {
                done(!answer || *answer == "Yes");  // no answer: reasonable, as the original
              });
}

void llm_advisor::ask_season(const book_facts& book, std::function<void(std::optional<std::string>)> done) {
  state_->ask(llm_cache_key(book.title, book.category, book.publisher, "season"), season_question(book),
              [](std::string_view text) { return read_season_label(text); }, std::move(done));
}

bool llm_advisor::list_at_reasonable(const book_facts& book, std::string_view seasonality, int peak_month,
                                     cents list_at_cents) {
  std::promise<bool> answer;
  auto result = answer.get_future();
  ask_reasonable(book, seasonality, peak_month, list_at_cents, [&answer](bool ok) { answer.set_value(ok); });
  return result.get();
}

std::optional<std::string> llm_advisor::pick_season(const book_facts& book) {
  std::promise<std::optional<std::string>> answer;
  auto result = answer.get_future();
  ask_season(book, [&answer](std::optional<std::string> label) { answer.set_value(std::move(label)); });
  return result.get();
}

llm_counters llm_advisor::counters() const {
  return {state_->calls.load(), state_->hits.load(), state_->capped.load(), state_->failures.load()};
}

std::unique_ptr<llm_advisor> make_llm_advisor(const llm_config& config) {
  if (config.base_url.empty()) {
    spdlog::info("llm: checks off (no base URL configured)");
    return nullptr;
  }
  const char* key = std::getenv(config.api_key_env.c_str());
  if (!key || !*key) {
    spdlog::info("llm: checks off (environment variable {} is not set)", config.api_key_env);
    return nullptr;
  }
  return std::make_unique<llm_advisor>(config, key);
}

} // namespace analysis
