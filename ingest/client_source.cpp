// Turns the client's result variants into the source's fetch results; the
// client already retried what is worth retrying, so an error here leaves the
// ASINs queued (or the page unread).
#include "ingest/client_source.hpp"

#include "keepa/client.hpp"

namespace ingest {
namespace {

// Copies the payload's parts through `take` on success, else the error text
// and the last envelope the server sent (it still tells the balance).
template <class Fetch, class Payload, class Take>
Fetch fetch_of(keepa::result<Payload>& result, Take take) {
  Fetch f;
  if (auto* ok = std::get_if<keepa::reply<Payload>>(&result)) {
    f.env = ok->payload.env;
    take(f, ok->payload);
  } else {
    const auto& err = std::get<keepa::client_error>(result);
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
                    [done = std::move(done)](keepa::result<keepa::product_response> result) {
                      done(fetch_of<product_fetch>(result, [](product_fetch& f, keepa::product_response& p) {
                        f.products = std::move(p.products);
                      }));
                    });
}

void client_source::fetch_deals(const keepa::deal_selection& selection, std::function<void(deal_fetch)> done) {
  client_->deals(selection, [done = std::move(done)](keepa::result<keepa::deal_response> result) {
    done(fetch_of<deal_fetch>(result, [](deal_fetch& f, keepa::deal_response& p) { f.deals = std::move(p.deals); }));
  });
}

void client_source::fetch_tokens(std::function<void(token_fetch)> done) {
  client_->tokens([done = std::move(done)](keepa::result<keepa::token_status> result) {
    done(fetch_of<token_fetch>(result, [](token_fetch&, keepa::token_status&) {}));
  });
}

} // namespace ingest
