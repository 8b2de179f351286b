#include "synth/capture.hpp"

#include "keepa/time.hpp"
#include "synth/render.hpp"

namespace synth {

std::string capture_of(const universe& u) {
  const std::vector<keepa::product> products = u.all_products();
  std::vector<const keepa::product*> all;
  all.reserve(products.size());
  for (const auto& p : products)
    all.push_back(&p);
  render_options everything;
  everything.offers = true;
  keepa::envelope env;
  env.timestamp_ms = keepa::to_unix(u.now()) * 1000;
  return render_product_response(all, env, everything);
}

} // namespace synth
