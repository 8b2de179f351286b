// Requests are the same query strings the HTTP client sends, answers are
// parsed by the same parser: only the transport is left out.
#include "mock/in_process_source.hpp"

#include "keepa/parse.hpp"
#include "mock/keepa_service.hpp"

#include <string>

namespace mock {
namespace {

constexpr const char* key_param = "key=in-process&";

// A non-200 answer as the error a fetcher reports, with the envelope the
// server sent (its balance is still the truth).
template <class Fetch>
bool failed(const reply& r, std::string_view what, Fetch& f) {
  if (r.status == 200)
    return false;
  std::optional<keepa::api_error> err;
  try {
    f.env = keepa::parse_envelope(r.body, what, &err);
  } catch (const std::exception&) {
    // An unreadable error body still fails the call; its status says why.
  }
  f.error = std::string(what) + ": HTTP " + std::to_string(r.status) + (err ? ": " + err->message : "");
  return true;
}

template <class Fetch, class Parse>
Fetch answer(keepa_service& service, const std::string& target, std::string_view what, Parse parse) {
  Fetch f;
  try {
    const auto r = service.handle("GET", target, {});
    if (!failed(r, what, f))
      parse(f, r.body);
  } catch (const std::exception& e) {
    f.error = std::string(what) + ": " + e.what();
  }
  return f;
}

} // namespace

void in_process_source::fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                                       std::function<void(ingest::product_fetch)> done) {
  ingest::product_fetch f;
  try {
    const auto target = "/product?" + std::string(key_param) + keepa::product_query(asins, request);
    f = answer<ingest::product_fetch>(*service_, target, "GET /product", [](auto& out, const std::string& body) {
      auto parsed = keepa::parse_product_response(body, "in-process /product");
      out.env = parsed.env;
      out.products = std::move(parsed.products);
    });
  } catch (const std::exception& e) {
    f.error = std::string("GET /product: ") + e.what();  // a bad parameter, named by product_query
  }
  done(std::move(f));
}

void in_process_source::fetch_deals(const keepa::deal_selection& selection,
                                    std::function<void(ingest::deal_fetch)> done) {
  const auto target = "/deal?" + std::string(key_param) + keepa::deal_query(selection);
  done(answer<ingest::deal_fetch>(*service_, target, "GET /deal", [](auto& out, const std::string& body) {
    auto parsed = keepa::parse_deal_response(body, "in-process /deal");
    out.env = parsed.env;
    out.deals = std::move(parsed.deals);
  }));
}

void in_process_source::fetch_tokens(std::function<void(ingest::token_fetch)> done) {
  done(answer<ingest::token_fetch>(*service_, "/token?key=in-process", "GET /token",
                                   [](auto& out, const std::string& body) {
                                     out.env = keepa::parse_envelope(body, "in-process /token");
                                   }));
}

} // namespace mock
