// Turns the client's result variants into the source's fetch results; the
// client already retried what is worth retrying, so an error here leaves the
// ASINs queued (or the page unread).
#include "ingest/client_source.hpp"

#include "keepa/client.hpp"

namespace ingest {
namespace {

// Copies the payload's parts through `take` on success, else the error text
// and the last envelope the server sent (it still tells the balance).
fetch_failure failure_of(keepa::client_error::cause c) {
  using cause = keepa::client_error::cause;
  switch (c) {
  case cause::invalid_request: return fetch_failure::invalid_request;
  case cause::network: return fetch_failure::network;
  case cause::http_status: return fetch_failure::http_status;
  case cause::malformed_body: return fetch_failure::malformed_body;
  case cause::out_of_retries: return fetch_failure::out_of_retries;
  }
  return fetch_failure::other;
}

template <class Fetch, class Payload, class Take>
Fetch fetch_of(keepa::result<Payload>& result, const std::shared_ptr<node_metrics>& metrics, fetch_endpoint where,
               Take take) {
  Fetch f;
  if (auto* ok = std::get_if<keepa::reply<Payload>>(&result)) {
    f.env = ok->payload.env;
    take(f, ok->payload);
  } else {
    const auto& err = std::get<keepa::client_error>(result);
    if (metrics)
      metrics->fetch_error(where, failure_of(err.why()));
    f.error = err.what();
    if (err.last_envelope())
      f.env = *err.last_envelope();
  }
  return f;
}

} // namespace

void client_source::fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                                   std::function<void(product_fetch)> done) {
  client_->products(std::move(asins), request,
                    [done = std::move(done), m = metrics_](keepa::result<keepa::product_response> result) {
                      done(fetch_of<product_fetch>(result, m, fetch_endpoint::product, [](product_fetch& f, keepa::product_response& p) {
                        f.products = std::move(p.products);
                      }));
                    });
}

void client_source::fetch_deals(const keepa::deal_selection& selection, std::function<void(deal_fetch)> done) {
  client_->deals(selection, [done = std::move(done), m = metrics_](keepa::result<keepa::deal_response> result) {
    done(fetch_of<deal_fetch>(result, m, fetch_endpoint::deal, [](deal_fetch& f, keepa::deal_response& p) { f.deals = std::move(p.deals); }));
  });
}

void client_source::fetch_tokens(std::function<void(token_fetch)> done) {
  client_->tokens([done = std::move(done), m = metrics_](keepa::result<keepa::token_status> result) {
    done(fetch_of<token_fetch>(result, m, fetch_endpoint::token, [](token_fetch&, keepa::token_status&) {}));
  });
}

} // namespace ingest
