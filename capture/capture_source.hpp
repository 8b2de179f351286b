// One recorded session as the node's product source: every request is
// answered by what Keepa answered then, in the order it was recorded, with
// the recorded envelope, so the token bucket and the node's clock follow the
// capture. A request the capture cannot answer gets an error that says so
// and is counted; nothing is made up.
//
// Matching: /deal and /token by their whole query, first recorded first. A
// /product request is answered ASIN by ASIN from the recorded answers to the
// same request profile (stats, history, offers, ...), so a node that groups
// its ASINs differently from the recorded one is still answered; when the
// answer is exactly one recorded call, its envelope is used as recorded,
// else the price list bills the products and the latest envelope used gives
// the balance.
#pragma once

#include "capture/capture_index.hpp"
#include "ingest/product_source.hpp"

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace capture {

struct replay_counters {
  std::int64_t answered = 0;           // requests answered from the capture
  std::int64_t unanswered = 0;         // requests the capture held nothing for
  std::int64_t asins_unanswered = 0;   // ASINs left out of /product answers
  std::int64_t recorded_failures = 0;  // answered with a recorded failure
  std::int64_t calls_unused = 0;       // recorded calls nobody asked for (at the end)
  std::vector<std::string> unanswered_examples;  // the first few, "GET /deal?..."
};

class capture_source final : public ingest::product_source {
public:
  capture_source(recorded_session session, std::int32_t domain = 1);

  void fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                      std::function<void(ingest::product_fetch)> done) override;
  void fetch_deals(const keepa::deal_selection& selection, std::function<void(ingest::deal_fetch)> done) override;
  void fetch_tokens(std::function<void(ingest::token_fetch)> done) override;

  const recorded_session& session() const { return session_; }
  // Recorded calls not asked for yet.
  std::size_t calls_left() const;
  replay_counters counters() const;

private:
  struct parsed_body;
  std::optional<std::size_t> take(const std::string& key);
  const keepa::product_response& products_of(std::size_t call);
  void unanswered(std::string what);

  recorded_session session_;
  std::int32_t domain_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<std::size_t>, std::less<>> by_query_;    // "/deal?..." -> calls
  std::map<std::string, std::deque<std::size_t>, std::less<>> by_product_;  // profile + " " + ASIN -> calls
  std::vector<bool> used_;
  std::size_t cached_call_ = SIZE_MAX;
  std::unique_ptr<keepa::product_response> cached_;
  replay_counters counters_;
};

} // namespace capture
