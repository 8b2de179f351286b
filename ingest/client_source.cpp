// Turns the client's result variant into a product_fetch; the client already
// retried what is worth retrying, so an error here leaves the ASINs queued.
#include "ingest/client_source.hpp"

#include "keepa/client.hpp"

namespace ingest {

void client_source::fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                                   std::function<void(product_fetch)> done) {
  client_->products(std::move(asins), request,
                    [done = std::move(done)](keepa::result<keepa::product_response> result) {
                      product_fetch f;
                      if (auto* ok = std::get_if<keepa::reply<keepa::product_response>>(&result)) {
                        f.env = ok->payload.env;
                        f.products = std::move(ok->payload.products);
                      } else {
                        const auto& err = std::get<keepa::client_error>(result);
                        f.error = err.what();
                        if (err.last_envelope())
                          f.env = *err.last_envelope();
                      }
                      done(std::move(f));
                    });
}

} // namespace ingest
