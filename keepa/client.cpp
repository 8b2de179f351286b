// The Keepa client's request engine: builds URLs, sends them through
// net::http_client, applies the retry rules and parses the bodies.
#include "keepa/client.hpp"

#include "keepa/parse.hpp"
#include "net/redact.hpp"
#include "net/url.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace keepa {

namespace {
using clock_type = std::chrono::steady_clock;

template <class P>
struct call_state {
  std::string url;     // carries the key: only ever sent, never printed
  std::string path;    // what a capture records of the request: no key
  std::string query;
  std::uint64_t call = 0;
  std::string source;  // "GET <redacted url>", for logs, errors and the parser
  std::function<P(std::string_view body, std::string_view source)> parse;
  result_callback<P> done;
  int attempts = 0;
  int backoffs = 0;
  int token_waits = 0;
};

template <class P>
std::future<reply<P>> as_future(const std::function<void(result_callback<P>)>& start) {
  auto promise = std::make_shared<std::promise<reply<P>>>();
  auto future = promise->get_future();
  start([promise](result<P> r) {
    if (auto* ok = std::get_if<reply<P>>(&r))
      promise->set_value(std::move(*ok));
    else
      promise->set_exception(std::make_exception_ptr(std::get<client_error>(std::move(r))));
  });
  return future;
}
} // namespace

class client::impl {
public:
  explicit impl(client_config c) : config(std::move(c)), http(config.http) {
    while (!config.base_url.empty() && config.base_url.back() == '/')
      config.base_url.pop_back();
  }

  // URLs are printed only through net::redact_url (see run()); this also
  // hides the key itself should a server ever echo it in a message, raw or
  // URL-encoded (the form the client sends), in either case of hex.
  std::string scrub(std::string_view text) const { return net::scrub_secret(text, config.api_key); }

  template <class P, class Parse>
  void run(const std::string& path, const std::string& query, Parse parse, result_callback<P> done) {
    auto st = std::make_shared<call_state<P>>();
    st->url = config.base_url + path + "?key=" + net::url_encode(config.api_key) +
              (query.empty() ? "" : "&" + query);
    st->source = "GET " + net::redact_url(st->url);
    st->path = path;
    st->query = query;
    st->call = ++calls;
    st->parse = std::move(parse);
    st->done = std::move(done);
    attempt(st);
  }

  template <class P>
  void attempt(std::shared_ptr<call_state<P>> st) {
    ++st->attempts;
    net::request req;
    req.url = st->url;
    http.async_send(std::move(req), [this, st](net::outcome o) { on_outcome(st, std::move(o)); });
  }

  template <class P>
  void fail(const std::shared_ptr<call_state<P>>& st, client_error::cause why, std::string message,
            int status = 0, std::optional<api_error> api = std::nullopt,
            std::optional<envelope> env = std::nullopt) {
    message = scrub(message);
    if (api) {  // the server's own words: they may echo the key
      api->type = scrub(api->type);
      api->message = scrub(api->message);
      api->details = scrub(api->details);
    }
    spdlog::error("keepa: {}", message);
    st->done(client_error(why, std::move(message), status, std::move(api), env, st->attempts));
  }

  template <class P>
  void retry_later(std::shared_ptr<call_state<P>> st, const std::string& reason) {
    // Only back-off failures count against max_attempts; 429 waits have their own limit.
    const int max = std::max(1, config.retry.max_attempts);
    if (st->backoffs + 1 >= max) {
      fail(st, client_error::cause::out_of_retries,
           fmt::format("{}: gave up after {} attempts; last failure: {}", st->source, st->attempts, reason));
      return;
    }
    ++st->backoffs;
    const auto delay = backoff_delay(st->backoffs, config.retry.backoff_cap);
    spdlog::warn("keepa: {} failed ({}); retry {} of {} in {} ms", st->source, scrub(reason),
                 st->backoffs, max - 1, delay.count());
    http.run_after(delay, [this, st] { attempt(st); });
  }

  template <class P>
  void record(const call_state<P>& st, const net::outcome& o) {
    if (!config.recorder)
      return;
    exchange e;
    e.call = st.call;
    e.attempt = st.attempts;
    e.path = st.path;
    e.query = st.query;
    if (const auto* res = std::get_if<net::response>(&o)) {
      e.status = res->status;
      e.body = res->body;
    } else {
      e.failure = std::get<net::failure>(o).message;
    }
    config.recorder->record(e);
  }

  template <class P>
  void on_outcome(std::shared_ptr<call_state<P>> st, net::outcome o) {
    record(*st, o);
    if (auto* f = std::get_if<net::failure>(&o)) {
      using k = net::error_kind;
      // Retrying cannot fix a bad URL, an oversized body or a certificate.
      if (f->kind == k::bad_url || f->kind == k::body_too_large || f->kind == k::tls)
        fail(st, client_error::cause::network, f->message);
      else
        retry_later(st, f->message);
      return;
    }
    auto& res = std::get<net::response>(o);
    if (res.reconnected)
      spdlog::info("keepa: {}: the server had closed the idle keep-alive connection; sent again on a "
                   "new one", st->source);
    spdlog::debug("keepa: {} -> HTTP {}, {} bytes on the wire, {} inflated", st->source, res.status,
                  res.wire_bytes, res.body.size());
    switch (decide_for_status(res.status)) {
      case retry_decision::success: {
        const auto t0 = clock_type::now();
        try {
          reply<P> r{st->parse(res.body, st->source), st->attempts, {}};
          r.timing.http = res.timing;
          r.timing.parse = std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - t0);
          r.timing.wire_bytes = res.wire_bytes;
          r.timing.body_bytes = res.body.size();
          st->done(std::move(r));
        } catch (const parse_error& e) {
          retry_later(st, std::string("malformed JSON: ") + e.what());
        }
        return;
      }
      case retry_decision::wait_for_tokens: {
        envelope env;
        try {
          env = parse_envelope(res.body, st->source);
        } catch (const parse_error& e) {
          retry_later(st, std::string("HTTP 429 with a malformed body: ") + e.what());
          return;
        }
        if (++st->token_waits > config.retry.max_token_waits) {
          fail(st, client_error::cause::out_of_retries,
               fmt::format("{}: HTTP 429 NOT_ENOUGH_TOKEN {} times in a row", st->source, st->token_waits),
               429, std::nullopt, env);
          return;
        }
        const auto delay = wait_for_tokens(env, config.retry.token_wait_margin);
        spdlog::warn("keepa: {} got HTTP 429 (tokensLeft {}, refillIn {} ms, refillRate {}/min); "
                     "retry in {} ms", st->source, env.tokens_left, env.refill_in_ms, env.refill_rate,
                     delay.count());
        http.run_after(delay, [this, st] { attempt(st); });
        return;
      }
      case retry_decision::back_off:
        retry_later(st, fmt::format("HTTP {}", res.status));
        return;
      case retry_decision::fail: {
        std::optional<api_error> api;
        std::optional<envelope> env;
        try {
          env = parse_envelope(res.body, st->source, &api);
        } catch (const parse_error&) {
          // The status alone still says what happened.
        }
        std::string message = fmt::format("{}: HTTP {}", st->source, res.status);
        if (api)
          message += fmt::format(": {}: {}", api->type, api->message);
        fail(st, client_error::cause::http_status, std::move(message), res.status, std::move(api), env);
        return;
      }
    }
  }

  template <class P>
  void invalid(const result_callback<P>& done, const std::exception& e) {
    done(client_error(client_error::cause::invalid_request, scrub(e.what())));
  }

  client_config config;
  std::atomic<std::uint64_t> calls{0};
  // Last, so it is destroyed first: its I/O threads stop before the state
  // their callbacks use goes away.
  net::http_client http;
};

client::client(client_config config) : impl_(std::make_unique<impl>(std::move(config))) {}
client::~client() = default;

const net::http_client& client::http() const { return impl_->http; }

void client::products(std::vector<std::string> asins, const product_request& request,
                      result_callback<product_response> done) {
  std::string query;
  try {
    query = product_query(asins, request, impl_->config.domain);
  } catch (const std::invalid_argument& e) {
    return impl_->invalid(done, e);
  }
  impl_->run<product_response>("/product", query, &parse_product_response, std::move(done));
}

void client::deals(const deal_selection& selection, result_callback<deal_response> done) {
  std::string query;
  try {
    query = deal_query(selection);
  } catch (const std::invalid_argument& e) {
    return impl_->invalid(done, e);
  }
  impl_->run<deal_response>("/deal", query, &parse_deal_response, std::move(done));
}

void client::sellers(std::vector<std::string> ids, result_callback<seller_response> done) {
  std::string query;
  try {
    query = seller_query(ids, impl_->config.domain);
  } catch (const std::invalid_argument& e) {
    return impl_->invalid(done, e);
  }
  impl_->run<seller_response>("/seller", query, &parse_seller_response, std::move(done));
}

void client::tokens(result_callback<token_status> done) {
  impl_->run<token_status>(
      "/token", "",
      [](std::string_view body, std::string_view source) { return token_status{parse_envelope(body, source)}; },
      std::move(done));
}

std::future<reply<product_response>> client::products(std::vector<std::string> asins,
                                                      const product_request& request) {
  return as_future<product_response>(
      [&](result_callback<product_response> cb) { products(std::move(asins), request, std::move(cb)); });
}

std::future<reply<deal_response>> client::deals(const deal_selection& selection) {
  return as_future<deal_response>([&](result_callback<deal_response> cb) { deals(selection, std::move(cb)); });
}

std::future<reply<seller_response>> client::sellers(std::vector<std::string> ids) {
  return as_future<seller_response>(
      [&](result_callback<seller_response> cb) { sellers(std::move(ids), std::move(cb)); });
}

std::future<reply<token_status>> client::tokens() {
  return as_future<token_status>([&](result_callback<token_status> cb) { tokens(std::move(cb)); });
}

std::future<reply<deal_response>> client::all_deals(deal_selection selection, int max_pages) {
  struct paging {
    deal_selection selection;
    int pages_left;
    reply<deal_response> total;
    std::int32_t consumed = 0;
    result_callback<deal_response> done;
  };
  return as_future<deal_response>([&](result_callback<deal_response> cb) {
    auto st = std::make_shared<paging>(paging{selection, std::max(1, max_pages), {}, 0, std::move(cb)});
    st->total.attempts = 0;
    auto next = std::make_shared<std::function<void()>>();
    *next = [this, st, next] {
      deals(st->selection, [this, st, next](result<deal_response> r) {
        if (auto* err = std::get_if<client_error>(&r)) {
          st->done(std::move(*err));
          *next = nullptr;  // breaks the self-reference
          return;
        }
        auto& page = std::get<reply<deal_response>>(r);
        const bool last = static_cast<std::int64_t>(page.payload.deals.size()) < deal_page_size ||
                          --st->pages_left == 0;
        st->consumed += page.payload.env.tokens_consumed;
        auto& all = st->total.payload;
        for (auto& d : page.payload.deals)
          all.deals.push_back(std::move(d));
        if (all.category_ids.empty()) {
          all.category_ids = std::move(page.payload.category_ids);
          all.category_names = std::move(page.payload.category_names);
          all.category_count = std::move(page.payload.category_count);
        }
        all.env = page.payload.env;
        all.env.tokens_consumed = st->consumed;
        st->total.attempts += page.attempts;
        st->total.timing = page.timing;
        if (last) {
          st->done(std::move(st->total));
          *next = nullptr;
          return;
        }
        ++st->selection.page;
        (*next)();
      });
    };
    (*next)();
  });
}

} // namespace keepa
