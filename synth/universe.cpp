// The market simulation behind synth::universe (model described in universe.hpp).
#include "synth/universe.hpp"

#include "synth/deal.hpp"
#include "synth/history_stats.hpp"
#include "synth/random.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

namespace synth {
namespace {

using keepa::keepa_minute;
constexpr keepa_minute hour = 60;
constexpr keepa_minute day = minutes_per_day;
constexpr std::uint32_t seller_pool_size = 1500;
constexpr std::string_view amazon_seller_id = "ATVPDKIKX0DER";
constexpr std::size_t offer_history_cap = 8;

// Keepa offer conditions: 1 new, 2..5 used like new / very good / good / acceptable.
constexpr int condition_new = 1;
constexpr double used_condition_factor[6] = {0, 0, 1.12, 1.0, 0.9, 0.78};

enum class event_type : std::uint8_t {
  sample, sale, rank_drop, price_refresh, listing, delist,
};

struct event {
  keepa_minute t;
  std::uint32_t seq;  // insertion order breaks ties, so the order is fully determined
  event_type type;
  std::uint8_t condition;  // for sale / listing / delist: 1 new, 2 used (any), 0 Amazon
  std::uint32_t arg;       // rank_drop: index into the sales log
};

struct later {
  bool operator()(const event& a, const event& b) const {
    return a.t != b.t ? a.t > b.t : a.seq > b.seq;
  }
};

// An offer on the market. Shipping is 0 for FBA, $3.99 otherwise.
struct live_offer {
  std::uint16_t seller;  // index into the seller pool
  std::uint8_t condition;
  bool fba;
  std::int32_t price;
  keepa_minute last_t;   // time of its newest offerCSV point
  std::int32_t shipping() const { return fba ? 0 : 399; }
};

// The newest point of a series (what a change is compared against).
struct last_point {
  keepa_minute t = -1;  // -1: the series has no point yet
  std::int32_t value = 0;
  std::int32_t shipping = 0;  // shipping types only
  bool empty() const { return t < 0; }
};

// Shipping types a book records, and their slots.
constexpr std::array<int, 6> shipped_types = {keepa::new_fbm_shipping, keepa::buy_box_shipping,
                                              keepa::used_new_shipping, keepa::used_very_good_shipping,
                                              keepa::used_good_shipping, keepa::used_acceptable_shipping};
constexpr std::array<std::int8_t, keepa::csv_type_count> shipped_slots = [] {
  std::array<std::int8_t, keepa::csv_type_count> slots{};
  slots.fill(-1);
  for (std::size_t i = 0; i < shipped_types.size(); ++i) slots[static_cast<std::size_t>(shipped_types[i])] = static_cast<std::int8_t>(i);
  return slots;
}();
constexpr int shipped_slot(int type) { return shipped_slots[static_cast<std::size_t>(type)]; }

// The recent points of one csv type, varint-coded as time and value deltas
// (about 4 bytes a point instead of 8). Points older than the deal feed's
// longest average are dropped from time to time, keeping the one in force at
// its start and always the last two (deltaLast).
class recent_points {
public:
  void append(keepa::point p) {
    // Grow by a sixteenth, not double: the buffer lives as long as the universe
    // and, trimmed from the front, stops growing once it spans 91 days.
    if (bytes_.capacity() < bytes_.size() + 20) bytes_.reserve(bytes_.size() + bytes_.size() / 16 + 24);
    put(bytes_, static_cast<std::uint64_t>(p.t - last_.t));
    put(bytes_, zigzag(static_cast<std::int64_t>(p.value) - last_.value));
    last_ = p;
    if (++count_ >= next_trim_) trim(p.t - (deal_range_days[3] + 1) * day);
  }

  // Drops the points before the last one at or before `cutoff`, keeping at
  // least two: decodes only the dropped ones and codes the new first point
  // absolutely (the deltas after it are still from it).
  void trim(keepa_minute cutoff) {
    next_trim_ = count_ + 8;
    if (count_ < 3) return;
    std::size_t i = 0;
    keepa::point p{0, 0}, kept{0, 0};
    std::size_t kept_end = 0;     // where the kept point's code ends
    std::uint32_t kept_index = 0;
    for (std::uint32_t k = 0; k + 1 < count_; ++k) {  // never past the second-to-last point
      p.t += static_cast<keepa_minute>(get(i));
      p.value = static_cast<std::int32_t>(p.value + unzigzag(get(i)));
      if (p.t > cutoff) break;
      kept = p;
      kept_end = i;
      kept_index = k;
    }
    if (kept_index == 0) return;  // the first point is still the one in force at the cutoff
    std::vector<std::uint8_t> head;
    put(head, static_cast<std::uint64_t>(kept.t));
    put(head, zigzag(kept.value));
    bytes_.erase(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(kept_end));
    bytes_.insert(bytes_.begin(), head.begin(), head.end());
    count_ -= kept_index;
    next_trim_ = count_ + 8;
  }

  // make_deal's current, currentSince, deltaLast and the four time-weighted
  // averages (synth::time_weighted_avg: the value in force at a window's start
  // counts from the start, -1 values are left out) at `now`, into slot k.
  void summarize(keepa_minute now, deal_summary& s, std::size_t k) const {
    constexpr int ranges = keepa::deal_date_range_count;
    // Integer sums: exact, so the averages are time_weighted_avg's to the bit.
    keepa_minute from[ranges];
    std::int64_t weighted[ranges] = {}, counted[ranges] = {};
    for (int r = 0; r < ranges; ++r) from[r] = now - deal_range_days[r] * day;
    // Adds the segment [a, b) at `value` to every window it overlaps (the
    // windows are nested: the longest, 90 days, starts first).
    auto add = [&](keepa_minute a, keepa_minute b, std::int32_t value) {
      if (value < 0) return;
      for (int r = ranges - 1; r >= 0 && b > from[r]; --r) {
        const keepa_minute since = std::max(a, from[r]);
        weighted[r] += static_cast<std::int64_t>(value) * (b - since);
        counted[r] += b - since;
      }
    };
    std::size_t i = 0;
    keepa::point p{0, 0}, previous{0, 0};
    std::uint32_t seen = 0;
    for (; seen < count_; ++seen) {
      keepa::point next = p;
      next.t += static_cast<keepa_minute>(get(i));
      next.value = static_cast<std::int32_t>(next.value + unzigzag(get(i)));
      if (next.t > now) break;
      if (seen > 0) add(p.t, next.t, p.value);
      previous = p;
      p = next;
    }
    if (seen == 0) return;
    add(p.t, now, p.value);
    s.current[k] = p.value;
    s.current_since[k] = p.t;
    s.delta_last[k] = seen >= 2 && p.value >= 0 && previous.value >= 0 ? previous.value - p.value : 0;
    for (int r = 0; r < ranges; ++r)
      s.avg[static_cast<std::size_t>(r)][k] =
          counted[r] <= 0 ? keepa::no_value
                          : static_cast<std::int32_t>(std::llround(static_cast<double>(weighted[r]) /
                                                                   static_cast<double>(counted[r])));
  }

  std::size_t heap_bytes() const { return bytes_.capacity(); }
  void shrink() { bytes_.shrink_to_fit(); }

private:
  static std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
  static std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }
  static void put(std::vector<std::uint8_t>& bytes, std::uint64_t v) {
    while (v >= 0x80) {
      bytes.push_back(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    bytes.push_back(static_cast<std::uint8_t>(v));
  }
  std::uint64_t get(std::size_t& i) const {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t byte = bytes_[i++];
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if (byte < 0x80) return v;
    }
  }

  std::vector<std::uint8_t> bytes_;
  keepa::point last_{0, 0};
  std::uint32_t count_ = 0;
  std::uint32_t next_trim_ = 8;
};

// One book's market state: everything the simulation reads to go on.
struct book {
  explicit book(std::uint64_t seed) : random(seed) {}
  rng random;
  book_kind kind = book_kind::general;
  bool amazon_sells = false, amazon_in_stock = false;
  bool changed = false;
  std::int32_t category_rank_divisor = 10;
  std::int32_t leaf_category = 0;
  double season_amplitude = 0;  // price lift at the season's peak
  double demand_amplitude = 0;  // extra sales at the peak (times the base rate)
  double base_used = 0, base_new = 0;
  double base_rank = 0, rank = 0;
  keepa_minute rank_t = 0;
  double rank_growth = 0;       // per minute, between sales
  double sales_per_day = 0;
  double target_used = 0, target_new = 0;
  std::int32_t amazon_price = -1;
  std::int32_t used_offers = 0, new_offers = 0;  // counts of `offers` by condition
  std::uint32_t seq = 0;
  std::uint32_t sales = 0;      // sales so far (the next sale's index in the log)
  keepa_minute last_change = 0;
  keepa_minute last_price_change = 0;
  keepa_minute last_sale = -1;  // prices never change in the minute a copy sold
  std::vector<live_offer> offers;
  std::vector<event> heap;
  std::array<last_point, deal_types.size()> values{};
  std::array<last_point, shipped_types.size()> shipped{};
  last_point category_rank;

  void schedule(keepa_minute t, event_type type, std::uint8_t condition = 0, std::uint32_t arg = 0) {
    heap.push_back(event{t, seq++, type, condition, arg});
    std::push_heap(heap.begin(), heap.end(), later{});
  }
};

// Where a simulation writes what Keepa sees: the full product (generating an
// answer) and/or the recent points (the resident book).
struct recorder {
  keepa::product* product = nullptr;
  std::vector<std::vector<keepa::shipped_point>>* offer_history = nullptr;  // by offer, as b.offers
  std::vector<sale_record>* sales = nullptr;
  std::array<recent_points, deal_types.size()>* recent = nullptr;
};

// Amazon seller ids look like "A2D7JKJIGBZO3G": 'A' and 13 of [A-Z0-9].
std::string seller_id_for(std::uint64_t seed, std::uint32_t k) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  rng r(derive_seed(seed ^ 0x1D5E11E5ull, k));
  std::string id = "A";
  for (int i = 0; i < 13; ++i) id += alphabet[r.below(static_cast<std::uint32_t>(alphabet.size()))];
  return id;
}

keepa::seller make_seller(std::uint64_t seed, std::uint32_t k) {
  static constexpr std::array<std::string_view, 8> first{
      "Book", "Campus", "Second Chance", "Riverside", "Better World", "Textbook", "Page Turner", "Midwest"};
  static constexpr std::array<std::string_view, 6> second{
      "Depot", "Outlet", "Books", "Traders", "Resale", "Exchange"};
  rng r(derive_seed(seed ^ 0x5E11E55ull, k));
  keepa::seller s;
  s.seller_id = seller_id_for(seed, k);
  s.name = std::string{first[r.below(first.size())]} + " " + std::string{second[r.below(second.size())]};
  s.current_rating = r.between(72, 100);
  s.current_rating_count = static_cast<std::int32_t>(std::exp(r.uniform(1.0, 12.0)));
  return s;
}

// Runs one book's market events in time order and records what Keepa would
// see of them (changes only) into the recorder.
class simulator {
public:
  simulator(book& b, const recorder& out) : b_(b), out_(out) {}

  void start(keepa_minute start) {
    auto& r = b_.random;
    const int used = std::max(0, static_cast<int>(std::lround(b_.target_used * r.uniform(0.6, 1.3))));
    const int fresh = std::max(0, static_cast<int>(std::lround(b_.target_new * r.uniform(0.5, 1.3))));
    for (int i = 0; i < used; ++i) add_offer(start, static_cast<std::uint8_t>(r.between(2, 5)));
    for (int i = 0; i < fresh; ++i) add_offer(start, condition_new);
    if (b_.amazon_sells) {
      b_.amazon_in_stock = r.chance(0.6);
      b_.amazon_price = amazon_target(start);
    }
    b_.rank = b_.base_rank * r.uniform(0.7, 1.5);
    b_.rank_t = start;
    push(keepa::list_price, start, static_cast<std::int32_t>(std::lround(b_.base_new * 1.3 / 100.0)) * 100 - 1);
    record_rank(start);
    record_counts(start);
    record_prices(start);
    b_.schedule(start + r.between(1, 12 * hour), event_type::sample);
  }

  void run_until(keepa_minute until) {
    while (!b_.heap.empty() && b_.heap.front().t <= until) {
      std::pop_heap(b_.heap.begin(), b_.heap.end(), later{});
      const event e = b_.heap.back();
      b_.heap.pop_back();
      apply(e);
    }
  }

private:
  void apply(const event& e) {
    switch (e.type) {
    case event_type::sample: sample(e.t); break;
    case event_type::sale: sale(e.t, e.condition); break;
    case event_type::rank_drop: rank_drop(e.t, e.arg); break;
    case event_type::price_refresh: record_prices(e.t); break;
    case event_type::listing:
      add_offer(e.t, e.condition == condition_new ? condition_new : static_cast<std::uint8_t>(b_.random.between(2, 5)));
      record_counts(e.t);
      record_prices(e.t);
      break;
    case event_type::delist: delist(e.t, e.condition); break;
    }
  }

  double lift(keepa_minute t) const { return lift_table()[static_cast<std::size_t>(b_.kind)][day_of_year(t)]; }

  // season_lift_on for every kind and day, computed once (the simulation asks it at every price).
  static const std::array<std::array<double, 366>, 13>& lift_table() {
    static const auto table = [] {
      std::array<std::array<double, 366>, 13> t{};
      for (std::size_t k = 0; k < t.size(); ++k)
        for (int d = 0; d < 366; ++d) t[k][static_cast<std::size_t>(d)] = season_lift_on(static_cast<book_kind>(k), d);
      return t;
    }();
    return table;
  }

  std::int32_t used_target(keepa_minute t, int condition) const {
    return static_cast<std::int32_t>(b_.base_used * (1.0 + b_.season_amplitude * lift(t)) *
                                     used_condition_factor[condition]);
  }
  std::int32_t new_target(keepa_minute t) const {
    return static_cast<std::int32_t>(b_.base_new * (1.0 + 0.5 * b_.season_amplitude * lift(t)));
  }
  std::int32_t amazon_target(keepa_minute t) {
    return std::max<std::int32_t>(299, static_cast<std::int32_t>(new_target(t) * b_.random.uniform(0.85, 1.02)));
  }

  std::int32_t ask(keepa_minute t, int condition, double spread) {
    const double target = condition == condition_new ? new_target(t) : used_target(t, condition);
    const double price = target * std::exp(spread * b_.random.normal());
    // Sellers price in whole cents ending in 9 or 5, never under $1.99.
    const auto cents = std::max<std::int64_t>(199, std::llround(price));
    return static_cast<std::int32_t>(cents - cents % 10 + (b_.random.chance(0.7) ? 9 : 5));
  }

  void add_offer(keepa_minute t, std::uint8_t condition) {
    auto& r = b_.random;
    live_offer o;
    o.seller = static_cast<std::uint16_t>(r.below(seller_pool_size));
    o.condition = condition;
    o.fba = r.chance(condition == condition_new ? 0.5 : 0.3);
    o.price = ask(t, condition, condition == condition_new ? 0.08 : 0.18);
    o.last_t = t;
    if (b_.offers.capacity() == b_.offers.size()) b_.offers.reserve(b_.offers.size() + 4);  // held for good: no doubling
    b_.offers.push_back(o);
    ++(condition == condition_new ? b_.new_offers : b_.used_offers);
    if (out_.offer_history) out_.offer_history->push_back({{t, o.price, o.shipping()}});
  }

  void remove_offer(std::size_t i) {
    --(b_.offers[i].condition == condition_new ? b_.new_offers : b_.used_offers);
    b_.offers.erase(b_.offers.begin() + static_cast<std::ptrdiff_t>(i));
    if (out_.offer_history) out_.offer_history->erase(out_.offer_history->begin() + static_cast<std::ptrdiff_t>(i));
  }

  void reprice(std::size_t i, keepa_minute t, std::int32_t price) {
    auto& o = b_.offers[i];
    if (price == o.price) return;
    o.price = price;
    o.last_t = std::max(t, o.last_t + 1);
    if (out_.offer_history) {
      auto& history = (*out_.offer_history)[i];
      if (history.size() >= offer_history_cap) history.erase(history.begin());
      history.push_back({o.last_t, o.price, o.shipping()});
    }
  }

  // Cheapest offer (landed) of the group: new (1) or any used (2..5); npos if none.
  std::size_t cheapest(bool used) const {
    std::size_t best = b_.offers.size();
    std::int64_t best_landed = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 0; i < b_.offers.size(); ++i) {
      const auto& o = b_.offers[i];
      if ((o.condition != condition_new) != used) continue;
      const std::int64_t landed = static_cast<std::int64_t>(o.price) + o.shipping();
      if (landed < best_landed) { best_landed = landed; best = i; }
    }
    return best;
  }

  void sample(keepa_minute t) {
    auto& r = b_.random;
    const keepa_minute step = r.between(8 * hour, 16 * hour);
    b_.schedule(t + step, event_type::sample);
    const double season = lift(t);
    const double days = static_cast<double>(step) / day;
    const double demand = b_.sales_per_day * (1.0 + b_.demand_amplitude * season) * days;

    // Sales in the coming step; each one picks used, new or Amazon when it happens.
    const int sales = r.poisson(demand);
    for (int i = 0; i < sales; ++i) {
      const double roll = r.uniform();
      const std::uint8_t what = b_.amazon_sells && roll < 0.2 ? 0 : (roll < 0.8 ? 2 : condition_new);
      b_.schedule(t + r.between(1, step - 1), event_type::sale, what);
    }
    // Sellers restock toward a target count: fewer offers draw more listings.
    const int used_count = b_.used_offers;
    const int new_count = b_.new_offers;
    const double base_listings = b_.sales_per_day * (1.0 + 0.5 * b_.demand_amplitude) * days;
    const int used_listings = r.poisson(0.8 * base_listings * b_.target_used / (used_count + 0.5));
    const int new_listings = r.poisson(0.25 * base_listings * b_.target_new / (new_count + 0.5));
    for (int i = 0; i < used_listings; ++i) b_.schedule(t + r.between(1, step - 1), event_type::listing, 2);
    for (int i = 0; i < new_listings; ++i)
      b_.schedule(t + r.between(1, step - 1), event_type::listing, condition_new);
    const int used_delists = r.poisson(used_count * 0.004 * days);
    for (int i = 0; i < used_delists; ++i) b_.schedule(t + r.between(1, step - 1), event_type::delist, 2);
    if (new_count > 0 && r.chance(0.02 * days * new_count))
      b_.schedule(t + r.between(1, step - 1), event_type::delist, condition_new);

    // Repricers: one random offer re-asks; the cheapest used offer creeps toward the market.
    if (!b_.offers.empty() && r.chance(0.3)) {
      const auto i = r.below(static_cast<std::uint32_t>(b_.offers.size()));
      const int condition = b_.offers[i].condition;
      reprice(i, t, ask(t, condition, condition == condition_new ? 0.08 : 0.15));
    }
    if (const auto i = cheapest(true); i < b_.offers.size() && r.chance(0.15)) {
      const auto& o = b_.offers[i];
      const double toward = 0.65 * o.price + 0.35 * used_target(t, o.condition) * std::exp(0.04 * r.normal());
      reprice(i, t, std::max<std::int32_t>(199, static_cast<std::int32_t>(toward)));
    }
    if (b_.amazon_sells) {
      if (r.chance(0.03)) b_.amazon_in_stock = !b_.amazon_in_stock;
      if (r.chance(0.08)) b_.amazon_price = amazon_target(t);
    }
    record_rank(t);
    record_prices(t);
  }

  void sale(keepa_minute t, std::uint8_t what) {
    auto& r = b_.random;
    std::size_t sold = b_.offers.size();
    if (what == 2) sold = cheapest(true);
    if (what == condition_new || sold == b_.offers.size()) sold = cheapest(false);
    if (sold == b_.offers.size() && what != 2) sold = cheapest(true);
    sale_record rec;
    if (what == 0 && b_.amazon_in_stock) {
      rec.count_type = keepa::amazon;
      rec.price = b_.amazon_price;
    } else if (sold < b_.offers.size()) {
      const bool used = b_.offers[sold].condition != condition_new;
      rec.count_type = used ? keepa::count_used : keepa::count_new;
      rec.price = b_.offers[sold].price;
      remove_offer(sold);
      rec.count_drop = record_counts(t, rec.count_type);
      b_.last_sale = std::max(b_.last_sale, rec.count_drop);
      b_.schedule(t + r.between(10, 120), event_type::price_refresh);
    } else {
      return;  // nothing on offer: the buyer went elsewhere
    }
    if (out_.sales) out_.sales->push_back(rec);
    b_.schedule(std::max(t, rec.count_drop) + r.between(0, 90), event_type::rank_drop, 0, b_.sales++);
  }

  void rank_drop(keepa_minute t, std::uint32_t sale_index) {
    const double before = drifted_rank(t);
    const auto& rank = b_.values[deal_slot(keepa::sales_rank)];
    const std::int32_t last = rank.empty() ? std::numeric_limits<std::int32_t>::max() : rank.value;
    double after = std::max(before * b_.random.uniform(0.25, 0.55), b_.base_rank * 0.03);
    after = std::min(after, static_cast<double>(last) - 1.0);
    b_.rank = std::max(1.0, after);
    b_.rank_t = t;
    const keepa_minute at = push(keepa::sales_rank, t, static_cast<std::int32_t>(b_.rank));
    if (out_.sales) (*out_.sales)[sale_index].rank_drop = at;
    push_category_rank(at);
  }

  void delist(keepa_minute t, std::uint8_t what) {
    std::uint32_t candidates = 0;
    for (const auto& o : b_.offers) candidates += (o.condition == condition_new) == (what == condition_new);
    if (candidates == 0) return;
    auto pick = b_.random.below(candidates);
    std::size_t i = 0;
    for (;; ++i)
      if ((b_.offers[i].condition == condition_new) == (what == condition_new) && pick-- == 0) break;
    remove_offer(i);
    record_counts(t);
    record_prices(t);
  }

  double drifted_rank(keepa_minute t) const {
    const double grown = b_.rank * std::exp(b_.rank_growth * static_cast<double>(t - b_.rank_t));
    return std::min(grown, std::min(b_.base_rank * 6.0, 9.5e6));
  }

  void record_rank(keepa_minute t) {
    b_.rank = drifted_rank(t);
    b_.rank_t = t;
    const auto at = push(keepa::sales_rank, t, static_cast<std::int32_t>(b_.rank));
    push_category_rank(at);
  }

  void push_category_rank(keepa_minute t) {
    auto& last = b_.category_rank;
    const std::int32_t value = std::max<std::int32_t>(1, static_cast<std::int32_t>(b_.rank) / b_.category_rank_divisor);
    if (!last.empty() && last.value == value) return;
    last.t = std::max(t, last.empty() ? t : last.t + 1);
    last.value = value;
    if (out_.product) out_.product->sales_ranks.front().second.push_back({last.t, value});
  }

  // Appends a point when the value changed; times strictly increase per type.
  // Returns the time the point carries (or the current point's time when unchanged).
  keepa_minute push(int type, keepa_minute t, std::int32_t value) {
    const int slot = deal_slot(type);
    auto& last = b_.values[static_cast<std::size_t>(slot)];
    if (!last.empty()) {
      if (last.value == value) return last.t;
      t = std::max(t, last.t + 1);
    }
    last.t = t;
    last.value = value;
    if (out_.product) out_.product->csv[type].push_back({t, value});
    if (out_.recent) (*out_.recent)[static_cast<std::size_t>(slot)].append({t, value});
    note_change(t, type == keepa::amazon || type == keepa::new_price || type == keepa::used);
    return t;
  }

  void push_shipped(int type, keepa_minute t, std::int32_t price, std::int32_t shipping) {
    auto& last = b_.shipped[static_cast<std::size_t>(shipped_slot(type))];
    if (!last.empty()) {
      if (last.value == price && last.shipping == shipping) return;
      t = std::max(t, last.t + 1);
    }
    last.t = t;
    last.value = price;
    last.shipping = shipping;
    if (out_.product) out_.product->shipped[type].push_back({t, price, shipping});
    note_change(t, false);
  }

  void note_change(keepa_minute t, bool price) {
    b_.changed = true;
    b_.last_change = std::max(b_.last_change, t);
    if (price) b_.last_price_change = std::max(b_.last_price_change, t);
  }

  // Records the offer counts; returns the time of `type`'s point (for the sales log).
  keepa_minute record_counts(keepa_minute t, int type = keepa::count_used) {
    const auto used_at = push(keepa::count_used, t, b_.used_offers);
    const auto new_at = push(keepa::count_new, t, b_.new_offers);
    return type == keepa::count_new ? new_at : used_at;
  }

  void record_prices(keepa_minute t) {
    // The analysis reads the price in force at a count drop as the sale price:
    // a later price point in that same minute would hide it.
    t = std::max(t, b_.last_sale + 1);
    std::int32_t used = -1, fresh = -1, new_fba = -1;
    keepa::shipped_point by_condition[6];
    for (auto& s : by_condition) s = {t, -1, -1};
    keepa::shipped_point new_fbm{t, -1, -1}, buy_box{t, -1, -1};
    auto lower = [](keepa::shipped_point& best, std::int32_t price, std::int32_t shipping) {
      if (best.price < 0 || price + shipping < best.price + best.shipping) { best.price = price; best.shipping = shipping; }
    };
    for (const auto& o : b_.offers) {
      if (o.condition == condition_new) {
        if (fresh < 0 || o.price < fresh) fresh = o.price;
        if (o.fba && (new_fba < 0 || o.price < new_fba)) new_fba = o.price;
        if (!o.fba) lower(new_fbm, o.price, o.shipping());
        lower(buy_box, o.price, o.shipping());
      } else {
        if (used < 0 || o.price < used) used = o.price;
        lower(by_condition[o.condition], o.price, o.shipping());
      }
    }
    if (b_.amazon_sells) {
      const std::int32_t amazon = b_.amazon_in_stock ? b_.amazon_price : -1;
      push(keepa::amazon, t, amazon);
      if (amazon > 0) {
        if (fresh < 0 || amazon < fresh) fresh = amazon;
        lower(buy_box, amazon, 0);
      }
    }
    push(keepa::used, t, used);
    push(keepa::new_price, t, fresh);
    push(keepa::new_fba, t, new_fba);
    push_shipped(keepa::new_fbm_shipping, t, new_fbm.price, new_fbm.shipping);
    push_shipped(keepa::buy_box_shipping, t, buy_box.price, buy_box.shipping);
    for (int c = 2; c <= 5; ++c)
      push_shipped(keepa::used_new_shipping + (c - 2), t, by_condition[c].price, by_condition[c].shipping);
  }

  book& b_;
  const recorder& out_;
};

// A valid ISBN-10 check character for nine digits.
char isbn10_check(const char* digits) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (10 - i) * (digits[i] - '0');
  const int check = (11 - sum % 11) % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

// asin_for's affine bijection on [0, 2e8) and its inverse.
constexpr std::uint64_t asin_space = 200'000'000;
constexpr std::uint64_t asin_stride = 48271;
constexpr std::uint64_t inverse_mod(std::uint64_t a, std::uint64_t m) {
  std::int64_t t = 0, next_t = 1;
  std::int64_t r = static_cast<std::int64_t>(m), next_r = static_cast<std::int64_t>(a);
  while (next_r != 0) {
    const std::int64_t q = r / next_r;
    t = std::exchange(next_t, t - q * next_t);
    r = std::exchange(next_r, r - q * next_r);
  }
  return static_cast<std::uint64_t>(t < 0 ? t + static_cast<std::int64_t>(m) : t);
}
constexpr std::uint64_t asin_stride_inverse = inverse_mod(asin_stride, asin_space);
static_assert(asin_stride * asin_stride_inverse % asin_space == 1);

} // namespace

std::string asin_for(std::uint64_t seed, std::size_t index) {
  // An affine bijection on [0, 2e8): distinct indexes give distinct ISBNs
  // starting with 0 or 1 (English-language groups), the same for any N.
  const std::uint64_t body = (static_cast<std::uint64_t>(index) * asin_stride + splitmix64(seed) % asin_space) % asin_space;
  char digits[11];
  std::uint64_t v = body;
  for (int i = 8; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  digits[9] = isbn10_check(digits);
  digits[10] = 0;
  return std::string{digits, 10};
}

namespace {

// A resident book: its market state, its recent csv points and its feed entry.
struct resident_book {
  explicit resident_book(std::uint64_t seed) : market(seed) {}
  book market;
  std::array<recent_points, deal_types.size()> recent;
};

// Draws the book's profile and parameters and starts its market at the start
// of its history; fills the product's descriptive fields when there is one.
// The draws are the same with or without a product.
void begin(book& b, keepa::product* p, std::size_t index, const universe_options& options, keepa_minute first_now,
           const recorder& out) {
  auto& r = b.random;
  const auto profile = make_profile(r);
  b.kind = profile.kind;
  b.leaf_category = static_cast<std::int32_t>(profile.leaf_category);
  const bool academic = b.kind == book_kind::textbook || b.kind == book_kind::law || b.kind == book_kind::nursing;
  const bool seasonal = b.kind != book_kind::general;
  b.season_amplitude = academic ? r.uniform(0.25, 0.45) : seasonal ? r.uniform(0.12, 0.3) : 0.0;
  b.demand_amplitude = academic ? r.uniform(2.0, 4.0) : seasonal ? r.uniform(1.0, 3.0) : 0.0;
  b.base_new = academic ? std::exp(r.uniform(std::log(4000.0), std::log(25000.0)))
                        : std::exp(r.uniform(std::log(900.0), std::log(4500.0)));
  b.base_used = b.base_new * r.uniform(0.35, 0.75);
  b.base_rank = std::exp(r.uniform(std::log(6000.0), std::log(4.0e6)));
  b.sales_per_day = std::clamp(20000.0 / b.base_rank, 0.003, 2.5);
  b.rank_growth = std::log(3.0) * b.sales_per_day / day;
  b.category_rank_divisor = r.between(5, 40);
  b.target_used = r.uniform(2.0, 24.0);
  b.target_new = r.uniform(0.5, 8.0);
  b.amazon_sells = r.chance(0.18);
  const std::int32_t pick_and_pack = r.between(306, 463);

  // Most books have the full history; some were listed more recently.
  const double share = r.chance(0.7) ? 1.0 : r.uniform(0.1, 1.0);
  const keepa_minute start = first_now - static_cast<keepa_minute>(options.history_days * share * day);
  const keepa_minute listed_since = start - r.between(0, 400) * day;
  if (p) {
    p->asin = asin_for(options.seed, index);
    p->title = profile.title;
    p->author = profile.author;
    p->manufacturer = profile.publisher;
    p->binding = profile.binding;
    p->root_category = books_root_category;
    p->categories = {profile.leaf_category};
    p->category_names = {"Books", profile.leaf_category_name};
    p->sales_ranks = {{profile.leaf_category, {}}};
    p->fees = keepa::fba_fees{pick_and_pack};
    p->referral_fee_percentage = 15.0;
    p->tracking_since = start;
    p->listed_since = listed_since;
  }
  b.last_change = start;
  b.last_price_change = start;
  simulator(b, out).start(start);
}

// The product's offers and stats as of `stats_at`, from the market state and offer histories.
void finish(const book& b, keepa::product& p, const std::vector<std::vector<keepa::shipped_point>>& offer_history,
            const std::vector<keepa::seller>& sellers, keepa_minute stats_at) {
  p.last_update = b.last_change;
  p.last_price_change = b.last_price_change;
  auto stats = history_stats(p, stats_at);
  std::int32_t fba = 0, fbm = 0;
  p.offers.clear();
  p.offers.reserve(b.offers.size() + 1);
  if (b.amazon_sells && b.amazon_in_stock) {
    keepa::offer o;
    o.seller_id = std::string{amazon_seller_id};
    o.condition = condition_new;
    o.is_fba = true;
    o.is_prime = true;
    o.is_amazon = true;
    o.last_seen = b.last_change;
    const auto& amazon = b.values[deal_slot(keepa::amazon)];
    o.history.push_back({amazon.empty() ? b.last_change : amazon.t, b.amazon_price, 0});
    p.offers.push_back(std::move(o));
    ++fba;
  }
  std::vector<std::size_t> order(b.offers.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const auto& a = b.offers[x];
    const auto& c = b.offers[y];
    return (a.condition == condition_new) != (c.condition == condition_new)
               ? a.condition == condition_new
               : a.price + a.shipping() < c.price + c.shipping();
  });
  for (const auto i : order) {
    const auto& live = b.offers[i];
    keepa::offer o;
    o.seller_id = sellers[live.seller].seller_id;
    o.condition = live.condition;
    o.is_fba = live.fba;
    o.is_prime = live.fba;
    o.last_seen = b.last_change;
    o.history = offer_history[i];
    (live.fba ? fba : fbm) += 1;
    p.offers.push_back(std::move(o));
  }
  stats.total_offer_count = static_cast<std::int32_t>(p.offers.size());
  stats.offer_count_fba = fba;
  stats.offer_count_fbm = fbm;
  stats.retrieved_offer_count = static_cast<std::int32_t>(p.offers.size());
  stats.buy_box_price = -1;
  stats.buy_box_shipping = -1;
  for (const auto& o : p.offers) {  // new offers come first, cheapest first (Amazon ahead)
    if (o.condition != condition_new || o.history.empty()) continue;
    stats.buy_box_price = o.history.back().price;
    stats.buy_box_shipping = o.history.back().shipping;
    stats.buy_box_is_fba = o.is_fba;
    stats.buy_box_seller_id = o.seller_id;
    break;
  }
  stats.last_offers_update = b.last_change;
  p.stats = std::move(stats);
}

// The book's feed entry as of its lastUpdate, from its recent points:
// make_deal's numbers (synth/deal.cpp) in one pass over each type's points.
deal_summary summary_of(const resident_book& rb) {
  const keepa_minute at = rb.market.last_change;
  deal_summary s;
  s.current.fill(keepa::no_value);
  s.current_since.fill(keepa::no_value);
  s.delta_last.fill(0);
  for (auto& r : s.avg) r.fill(keepa::no_value);
  for (std::size_t k = 0; k < deal_types.size(); ++k)
    rb.recent[k].summarize(at, s, k);
  s.last_update = at;
  const auto used = static_cast<std::size_t>(deal_slot(keepa::used));
  s.creation_date = s.current_since[used] >= 0 ? s.current_since[used] : at;
  s.leaf_category = rb.market.leaf_category;
  return s;
}

// Runs fn(begin, end) over [0, n) in contiguous parts on up to two threads
// (books are independent; each part writes only its own books).
template <typename Fn>
void for_parts(std::size_t n, Fn fn) {
  const std::size_t threads = n >= 256 ? std::min<std::size_t>(2, std::max(1u, std::thread::hardware_concurrency())) : 1;
  if (threads <= 1) return fn(std::size_t{0}, n);
  std::vector<std::thread> workers;
  const std::size_t part = (n + threads - 1) / threads;
  for (std::size_t t = 1; t < threads; ++t)
    workers.emplace_back([&, t] { fn(std::min(n, t * part), std::min(n, (t + 1) * part)); });
  fn(0, std::min(n, part));
  for (auto& w : workers) w.join();
}

} // namespace

struct universe::state {
  std::vector<resident_book> books;
  std::vector<keepa_minute> next_event;  // per book: when its next market event is due
  std::vector<deal_summary> deals;
  std::vector<std::string> asins;
  std::unordered_map<std::string, std::size_t> seller_by_id;
};

universe::universe(const universe_options& options)
    : options_(options), now_(options.now != 0 ? options.now : default_now), state_(std::make_unique<state>()) {
  if (options_.history_days < 0 || options_.history_days > max_history_days)
    throw std::invalid_argument("synth::universe: history_days must be 0.." + std::to_string(max_history_days) +
                                ", got " + std::to_string(options_.history_days));
  if (now_ < 0 || now_ - static_cast<std::int64_t>(options_.history_days) * day - 400 * day < 0)
    throw std::invalid_argument("synth::universe: now (Keepa minute " + std::to_string(now_) +
                                ") must leave room for " + std::to_string(options_.history_days) +
                                " days of history after 2011-01-01");
  options_.now = now_;
  sellers_.reserve(seller_pool_size + 1);
  for (std::uint32_t k = 0; k < seller_pool_size; ++k) sellers_.push_back(make_seller(options_.seed, k));
  sellers_.push_back(keepa::seller{std::string{amazon_seller_id}, "Amazon.com", 100, 1000000});
  for (std::size_t i = 0; i < sellers_.size(); ++i) state_->seller_by_id.emplace(sellers_[i].seller_id, i);

  auto& s = *state_;
  const std::size_t n = options_.products;
  s.books.reserve(n);
  s.asins.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    s.books.emplace_back(derive_seed(options_.seed, i));
    s.asins.push_back(asin_for(options_.seed, i));
  }
  s.next_event.resize(n);
  s.deals.resize(n);
  for_parts(n, [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      auto& rb = s.books[i];
      recorder out;
      out.recent = &rb.recent;
      begin(rb.market, nullptr, i, options_, now_, out);
      simulator(rb.market, out).run_until(now_);
      rb.market.changed = false;
      s.next_event[i] = rb.market.heap.empty() ? std::numeric_limits<keepa_minute>::max() : rb.market.heap.front().t;
      s.deals[i] = summary_of(rb);
      rb.market.offers.shrink_to_fit();  // three years of growth leave room no step needs
      for (auto& r : rb.recent) r.shrink();
    }
  });
}

universe::~universe() = default;
universe::universe(const universe& other)
    : options_(other.options_), now_(other.now_), sellers_(other.sellers_),
      state_(std::make_unique<state>(*other.state_)) {}
universe::universe(universe&&) noexcept = default;
universe& universe::operator=(universe&&) noexcept = default;

keepa::product universe::product(std::size_t index) const {
  if (index >= options_.products)
    throw std::out_of_range("synth::universe: no product " + std::to_string(index));
  keepa::product p;
  std::vector<std::vector<keepa::shipped_point>> offer_history;
  recorder out;
  out.product = &p;
  out.offer_history = &offer_history;
  book b(derive_seed(options_.seed, index));
  begin(b, &p, index, options_, options_.now, out);
  simulator(b, out).run_until(now_);
  finish(b, p, offer_history, sellers_, std::max(options_.now, b.last_change));
  return p;
}

std::optional<std::size_t> universe::index_of(std::string_view asin) const {
  if (asin.size() != 10) return std::nullopt;
  std::uint64_t body = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    if (asin[i] < '0' || asin[i] > '9') return std::nullopt;
    body = body * 10 + static_cast<std::uint64_t>(asin[i] - '0');
  }
  if (body >= asin_space) return std::nullopt;
  const std::uint64_t offset = splitmix64(options_.seed) % asin_space;
  const std::uint64_t index = (body + asin_space - offset) % asin_space * asin_stride_inverse % asin_space;
  if (index >= options_.products || state_->asins[index] != asin) return std::nullopt;
  return static_cast<std::size_t>(index);
}

std::optional<keepa::product> universe::find(std::string_view asin) const {
  const auto index = index_of(asin);
  if (!index) return std::nullopt;
  return product(*index);
}

const std::string& universe::asin(std::size_t index) const { return state_->asins.at(index); }

std::vector<keepa::product> universe::all_products() const {
  std::vector<keepa::product> all(options_.products);
  for_parts(all.size(), [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) all[i] = product(i);
  });
  return all;
}

const keepa::seller* universe::find_seller(std::string_view seller_id) const {
  const auto it = state_->seller_by_id.find(std::string{seller_id});
  return it == state_->seller_by_id.end() ? nullptr : &sellers_[it->second];
}

std::size_t universe::advance_to(keepa::keepa_minute now) {
  if (now <= now_) return 0;
  now_ = now;
  auto& s = *state_;
  // A short step (a simulated node moves a minute at a time) has few books due: no threads then.
  std::vector<std::uint32_t> due;
  for (std::size_t i = 0; i < s.next_event.size(); ++i)
    if (s.next_event[i] <= now) due.push_back(static_cast<std::uint32_t>(i));
  std::size_t changed[2] = {0, 0};
  for_parts(due.size(), [&](std::size_t from, std::size_t to) {
    std::size_t count = 0;
    for (std::size_t d = from; d < to; ++d) {
      const std::size_t i = due[d];
      auto& rb = s.books[i];
      recorder out;
      out.recent = &rb.recent;
      simulator(rb.market, out).run_until(now);
      s.next_event[i] = rb.market.heap.empty() ? std::numeric_limits<keepa_minute>::max() : rb.market.heap.front().t;
      if (!rb.market.changed) continue;
      rb.market.changed = false;
      s.deals[i] = summary_of(rb);
      ++count;
    }
    changed[from == 0 ? 0 : 1] += count;
  });
  return changed[0] + changed[1];
}

std::span<const deal_summary> universe::deals() const { return state_->deals; }

keepa::deal universe::deal(std::size_t index) const {
  rng r(derive_seed(options_.seed, index));
  return expand_deal(state_->deals.at(index), state_->asins[index], make_profile(r).title);
}

book_kind universe::kind_of(std::size_t index) const { return state_->books.at(index).market.kind; }

std::vector<sale_record> universe::sales_of(std::size_t index) const {
  if (index >= options_.products)
    throw std::out_of_range("synth::universe: no product " + std::to_string(index));
  std::vector<sale_record> sales;
  recorder out;
  out.sales = &sales;
  book b(derive_seed(options_.seed, index));
  begin(b, nullptr, index, options_, options_.now, out);
  simulator(b, out).run_until(now_);
  return sales;
}

std::size_t universe::resident_bytes() const {
  const auto& s = *state_;
  std::size_t bytes = s.books.capacity() * sizeof(resident_book) + s.next_event.capacity() * sizeof(keepa_minute) +
                      s.deals.capacity() * sizeof(deal_summary) + s.asins.capacity() * sizeof(std::string);
  for (const auto& rb : s.books) {
    bytes += rb.market.offers.capacity() * sizeof(live_offer) + rb.market.heap.capacity() * sizeof(event);
    for (const auto& r : rb.recent) bytes += r.heap_bytes();
  }
  return bytes;
}

} // namespace synth
