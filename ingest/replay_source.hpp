// Replays captured /product responses as a product source: a request gets the
// captured products it names, cut down to what its parameters ask for
// (history=0 drops csv; no offers drops offers), and an envelope billed by the
// Keepa price list. For the embedded default job and for offline runs.
#pragma once

#include "ingest/product_source.hpp"

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace ingest {

class replay_source final : public product_source {
public:
  explicit replay_source(std::int32_t refill_per_minute = 5, std::int64_t starting_balance = 1'000'000);

  // Adds every product of a captured /product response body; a later capture
  // of the same ASIN replaces an earlier one (it is newer), and the replayed
  // clock moves to the capture's timestamp if that is later. Throws
  // keepa::parse_error naming `source_name` on a malformed body.
  void add_capture(std::string_view body, std::string_view source_name);
  // Adds every *.json file in `dir` (sorted by name).
  void add_directory(const std::filesystem::path& dir);

  void fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                      std::function<void(product_fetch)> done) override;
  // The replayed meter's balance, at the capture's clock.
  void fetch_tokens(std::function<void(token_fetch)> done) override;

  std::int64_t tokens_consumed_total() const;
  std::vector<std::string> asins() const;
  std::size_t size() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, keepa::product, std::less<>> products_;
  std::int32_t refill_per_minute_;
  std::int64_t balance_;
  std::int64_t consumed_total_ = 0;
  std::int64_t now_ms_ = 0;
};

// What a request's parameters leave of a full product (the light fetch sees
// no csv, salesRanks or offers).
keepa::product trim_to_request(const keepa::product& full, const keepa::product_request& request);

// What the price list sees of a product answered under `request` (the offer
// pages it held), for billing a replayed answer.
keepa::product_outcome billed_outcome(const keepa::product& p, const keepa::product_request& request);

} // namespace ingest
