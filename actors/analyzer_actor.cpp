// A shell around analysis::analyze; the math itself is tested without actors.
#include "actors/analyzer_actor.hpp"

#include "analysis/analyze.hpp"

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace kd {
namespace {

analyzer_actor::behavior_type analyzer_behavior(analyzer_actor::pointer self, analysis::settings settings,
                                                std::string source_label,
                                                std::shared_ptr<analysis::season_advisor> advisor) {
  return {
      [settings, source_label, advisor](analyze_atom, const std::vector<keepa::product>& products, std::int64_t now) {
        analysed_batch out;
        for (const auto& p : products) {
          auto result = analysis::analyze(p, settings, now, advisor.get());
          if (result.is_deal()) {
            out.deals.push_back(analysis::to_deal_row(result, now, source_label));
          } else {
            const auto price = analysis::stats_price(p);
            out.rejected.push_back({.asin = p.asin,
                                    .reason = std::string(analysis::to_string(result.reason)),
                                    .rejected_utc = now,
                                    .price_cents = price ? std::optional<storage::cents>(price->price_cents)
                                                         : std::nullopt});
          }
        }
        return out;
      },
  };
}

} // namespace

analyzer_actor spawn_analyzer(caf::actor_system& sys, const analysis::settings& settings, std::string source_label,
                              std::shared_ptr<analysis::season_advisor> advisor) {
  if (advisor)
    return sys.spawn<caf::detached>(analyzer_behavior, settings, std::move(source_label), std::move(advisor));
  return sys.spawn(analyzer_behavior, settings, std::move(source_label), nullptr);
}

} // namespace kd
