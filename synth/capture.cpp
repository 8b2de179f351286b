#include "synth/capture.hpp"

#include "keepa/time.hpp"
#include "synth/render.hpp"

namespace synth {

std::string capture_of(const universe& u) {
  std::vector<const keepa::product*> all;
  all.reserve(u.products().size());
  for (const auto& p : u.products())
    all.push_back(&p);
  render_options everything;
  everything.offers = true;
  keepa::envelope env;
  env.timestamp_ms = keepa::to_unix(u.now()) * 1000;
  return render_product_response(all, env, everything);
}

} // namespace synth
