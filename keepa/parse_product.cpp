// The /product response: envelope, then each product with its histories
// (csv, salesRanks, offerCSV), stats, offers and fees, keyed by name.
#include "keepa/history_prescan.hpp"
#include "keepa/json_reader.hpp"
#include "keepa/parse_padded.hpp"

#include <fmt/format.h>

#include <charconv>
#include <span>
#include <type_traits>

namespace keepa {

using namespace detail;

namespace detail {

namespace {

[[noreturn]] void fail_at(const context& c, const field_name& field, std::size_t element,
                          std::string problem) {
  fail(c, fmt::format("{} element {}", field.str(), element), std::move(problem));
}

inline keepa_minute history_time(std::int64_t t, const context& c, const field_name& field,
                                 std::size_t i) {
  if (t < 0 || t > max_keepa_minute) [[unlikely]]
    fail_at(c, field, i,
            fmt::format("time {} is outside Keepa minutes 0..{}", t, max_keepa_minute));
  return static_cast<keepa_minute>(t);
}

inline std::int32_t history_value(std::int64_t x, const context& c, const field_name& field,
                                  std::size_t i) {
  if (x < INT32_MIN || x > INT32_MAX) [[unlikely]]
    fail_at(c, field, i, fmt::format("value {} does not fit in 32 bits", x));
  return static_cast<std::int32_t>(x);
}

} // namespace

namespace {

// The careful way (anything the scanner below declines): a history's numbers
// go to this thread's scratch buffer first, so the typed history is reserved
// once and no number costs an allocation. False for null.
bool read_flat(od::value& v, const context& c, const field_name& field,
               std::vector<std::int64_t>& flat) {
  flat.clear();
  od::array arr;
  if (v.get_array().get(arr)) {
    if (is_null(v))
      return false;
    fail_type(c, field.str(), v, "an array of numbers");
  }
  for (auto element : arr) {
    std::int64_t x;
    if (element.get_int64().get(x)) [[unlikely]]
      fail_element(c, fmt::format("{} element {}", field.str(), flat.size()), element,
                   "an integer");
    flat.push_back(x);
  }
  return true;
}

std::vector<std::int64_t>& scratch() {
  thread_local std::vector<std::int64_t> flat;
  return flat;
}

// "odd length 7: ...": the words for a history that is not whole points.
std::string not_whole_points(std::size_t length, std::size_t per_point) {
  if (per_point == 2)
    return fmt::format("odd length {}: not a whole number of [time, value] pairs", length);
  return fmt::format("length {} is not a multiple of 3: not whole [time, price, shipping] triples", length);
}

template <class Point>
constexpr prescanned_shape shape_of =
    std::is_same_v<Point, point> ? prescanned_shape::pairs : prescanned_shape::triples;

template <class Point>
std::vector<std::vector<Point>>& histories_of(prescanned_body& body) {
  if constexpr (std::is_same_v<Point, point>)
    return body.pairs;
  else
    return body.triples;
}

// The fast path: a history the prescan took (its "[]" at `v`) moved into
// `out`; false if the prescan did not take the array at `v`, which is then
// the text as written.
template <class Point>
bool read_prescanned(od::value& v, const context& c, const field_name& field, std::vector<Point>& out) {
  const prescanned_array* taken = c.prescanned ? c.prescanned->find(v.raw_json_token().data()) : nullptr;
  if (taken == nullptr)
    return false;
  if (taken->shape == shape_of<Point>) {  // checked as the careful path checks, when it was built
    out = std::move(histories_of<Point>(*c.prescanned)[taken->index]);
    return true;
  }
  // Taken in another shape than it is read in here: its numbers, with the
  // careful path's checks in its order and in its words. No body reaches
  // this, as the prescan picks shapes by the parser's own rules (csv type,
  // salesRanks, offerCSV); it keeps the parse right if the two ever part.
  constexpr std::size_t per_point = sizeof(Point) / sizeof(std::int32_t);
  thread_local std::vector<std::int32_t> scratch_numbers;
  const std::span<const std::int32_t> numbers = c.prescanned->numbers_of(*taken, scratch_numbers);
  if (numbers.size() % per_point != 0)
    fail(c, field.str(), not_whole_points(numbers.size(), per_point));
  for (std::size_t i = 0; i < numbers.size(); i += per_point)
    history_time(numbers[i], c, field, i);  // throws at the first out of range
  out.assign(points_from_numbers<Point>(numbers.data()), points_from_numbers<Point>(numbers.data() + numbers.size()));
  return true;
}

} // namespace

void read_pairs(od::value& v, const context& c, const field_name& field, std::vector<point>& out) {
  if (read_prescanned(v, c, field, out))
    return;
  out.clear();
  auto& flat = scratch();
  if (!read_flat(v, c, field, flat))
    return;
  if (flat.size() % 2 != 0)
    fail(c, field.str(), not_whole_points(flat.size(), 2));
  out.reserve(flat.size() / 2);
  for (std::size_t i = 0; i < flat.size(); i += 2)
    out.push_back({history_time(flat[i], c, field, i), history_value(flat[i + 1], c, field, i + 1)});
}

void read_triples(od::value& v, const context& c, const field_name& field,
                  std::vector<shipped_point>& out) {
  if (read_prescanned(v, c, field, out))
    return;
  out.clear();
  auto& flat = scratch();
  if (!read_flat(v, c, field, flat))
    return;
  if (flat.size() % 3 != 0)
    fail(c, field.str(), not_whole_points(flat.size(), 3));
  out.reserve(flat.size() / 3);
  for (std::size_t i = 0; i < flat.size(); i += 3)
    out.push_back({history_time(flat[i], c, field, i), history_value(flat[i + 1], c, field, i + 1),
                   history_value(flat[i + 2], c, field, i + 2)});
}

} // namespace detail

namespace {

void read_csv(od::value& v, const context& c, product& p) {
  od::array arr;
  if (!open_array(v, c, "csv", arr))
    return;
  for_each_element(arr, c, "csv", [&](std::size_t type, od::value& history) {
    if (type >= static_cast<std::size_t>(csv_type_count))
      return;  // a type newer than the model: skipped
    const field_name name{"csv", type};
    if (is_shipping_type(static_cast<int>(type)))
      read_triples(history, c, name, p.shipped[type]);
    else
      read_pairs(history, c, name, p.csv[type]);
  });
}

void read_sales_ranks(od::value& v, const context& c, product& p) {
  od::object obj;
  if (!open_object(v, c, "salesRanks", obj))
    return;
  for_each_field(obj, c, "salesRanks", [&](std::string_view key, od::value& history) {
    std::int64_t category = 0;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), category);
    if (ec != std::errc{} || end != key.data() + key.size())
      fail(c, fmt::format("salesRanks.{}", key), "key is not a category id");
    auto& entry = p.sales_ranks.emplace_back(category, std::vector<point>{});
    read_pairs(history, c, field_name{"salesRanks", field_name::npos, key}, entry.second);
  });
}

void read_category_tree(od::value& v, const context& c, product& p) {
  od::array arr;
  if (!open_array(v, c, "categoryTree", arr))
    return;
  for_each_element(arr, c, "categoryTree", [&](std::size_t i, od::value& node) {
    od::object obj;
    if (!open_object(node, c, indexed("categoryTree", i), obj))
      return;
    for_each_field(obj, c, "categoryTree", [&](std::string_view key, od::value& field) {
      if (key == "name")
        p.category_names.push_back(read_string(field, c, indexed("categoryTree", i) + ".name"));
    });
  });
}

// stats.min / stats.max: per type null or [keepa_minute, value].
void read_dated_values(od::value& v, const context& c, std::string_view field,
                       std::array<std::optional<dated_value>, csv_type_count>& out) {
  od::array arr;
  if (!open_array(v, c, field, arr))
    return;
  for_each_element(arr, c, field, [&](std::size_t type, od::value& entry) {
    if (type >= static_cast<std::size_t>(csv_type_count))
      return;
    od::array pair_array;
    if (!entry.get_array().get(pair_array)) {
      std::int64_t pair[2];
      std::size_t n = 0;
      for (auto element : pair_array) {
        std::int64_t x;
        if (element.get_int64().get(x))
          fail_element(c, indexed(field, type), element, "an integer");
        if (n < 2)
          pair[n] = x;
        ++n;
      }
      if (n != 2)
        fail(c, indexed(field, type), fmt::format("expected [time, value], found {} numbers", n));
      if (pair[0] == -1)
        return;  // Keepa's [-1, -1]: no data in this interval
      if (pair[0] < 0 || pair[0] > max_keepa_minute || pair[1] < INT32_MIN || pair[1] > INT32_MAX)
        fail(c, indexed(field, type),
             fmt::format("[{}, {}] is not a Keepa minute and a 32-bit value", pair[0], pair[1]));
      out[type] = dated_value{static_cast<keepa_minute>(pair[0]), static_cast<std::int32_t>(pair[1])};
    } else if (!is_null(entry)) {
      fail_type(c, indexed(field, type), entry, "[time, value] or null");
    }
  });
}

void read_stats(od::value& v, const context& c, product& p) {
  od::object obj;
  if (!open_object(v, c, "stats", obj))
    return;
  product_stats& s = p.stats.emplace();
  for_each_field(obj, c, "stats", [&](std::string_view key, od::value& f) {
    // Names in errors are spelled out so the common path builds no strings.
    if (key == "current") read_per_type(f, c, "stats.current", s.current);
    else if (key == "avg") read_per_type(f, c, "stats.avg", s.avg);
    else if (key == "avg30") read_per_type(f, c, "stats.avg30", s.avg30);
    else if (key == "avg90") read_per_type(f, c, "stats.avg90", s.avg90);
    else if (key == "avg180") read_per_type(f, c, "stats.avg180", s.avg180);
    else if (key == "avg365") read_per_type(f, c, "stats.avg365", s.avg365);
    else if (key == "atIntervalStart") read_per_type(f, c, "stats.atIntervalStart", s.at_interval_start);
    else if (key == "min") read_dated_values(f, c, "stats.min", s.min);
    else if (key == "max") read_dated_values(f, c, "stats.max", s.max);
    else if (key == "salesRankDrops30") s.sales_rank_drops30 = read_int32(f, c, "stats.salesRankDrops30", no_value);
    else if (key == "salesRankDrops90") s.sales_rank_drops90 = read_int32(f, c, "stats.salesRankDrops90", no_value);
    else if (key == "salesRankDrops180") s.sales_rank_drops180 = read_int32(f, c, "stats.salesRankDrops180", no_value);
    else if (key == "salesRankDrops365") s.sales_rank_drops365 = read_int32(f, c, "stats.salesRankDrops365", no_value);
    else if (key == "totalOfferCount") s.total_offer_count = read_int32(f, c, "stats.totalOfferCount", not_requested);
    else if (key == "offerCountFBA") s.offer_count_fba = read_int32(f, c, "stats.offerCountFBA", not_requested);
    else if (key == "offerCountFBM") s.offer_count_fbm = read_int32(f, c, "stats.offerCountFBM", not_requested);
    else if (key == "retrievedOfferCount") s.retrieved_offer_count = read_int32(f, c, "stats.retrievedOfferCount", not_requested);
    else if (key == "buyBoxPrice") s.buy_box_price = read_int32(f, c, "stats.buyBoxPrice", not_requested);
    else if (key == "buyBoxShipping") s.buy_box_shipping = read_int32(f, c, "stats.buyBoxShipping", not_requested);
    else if (key == "buyBoxIsFBA") s.buy_box_is_fba = read_bool(f, c, "stats.buyBoxIsFBA", false);
    else if (key == "buyBoxSellerId") s.buy_box_seller_id = read_string(f, c, "stats.buyBoxSellerId");
    else if (key == "lastOffersUpdate") s.last_offers_update = read_time(f, c, "stats.lastOffersUpdate");
  });
}

void read_offer(od::value& v, const context& c, std::size_t i, product& p) {
  od::object obj;
  const auto where = [&](std::string_view key) { return fmt::format("offers[{}].{}", i, key); };
  if (!open_object(v, c, indexed("offers", i), obj))
    return;
  offer& o = p.offers.emplace_back();
  for_each_field(obj, c, "offers", [&](std::string_view key, od::value& f) {
    if (key == "sellerId") o.seller_id = read_string(f, c, where(key));
    else if (key == "condition") o.condition = read_int32(f, c, where(key), 0);
    else if (key == "isFBA") o.is_fba = read_bool(f, c, where(key), false);
    else if (key == "isPrime") o.is_prime = read_bool(f, c, where(key), false);
    else if (key == "isAmazon") o.is_amazon = read_bool(f, c, where(key), false);
    else if (key == "lastSeen") o.last_seen = read_time(f, c, where(key));
    else if (key == "offerCSV") read_triples(f, c, field_name{"offers", i, "offerCSV"}, o.history);
  });
}

void read_offers(od::value& v, const context& c, product& p) {
  od::array arr;
  if (!open_array(v, c, "offers", arr))
    return;
  for_each_element(arr, c, "offers", [&](std::size_t i, od::value& o) { read_offer(o, c, i, p); });
}

void read_fba_fees(od::value& v, const context& c, product& p) {
  od::object obj;
  if (!open_object(v, c, "fbaFees", obj))
    return;
  fba_fees& fees = p.fees.emplace();
  for_each_field(obj, c, "fbaFees", [&](std::string_view key, od::value& f) {
    if (key == "pickAndPackFee")
      fees.pick_and_pack_fee = read_int32(f, c, "fbaFees.pickAndPackFee", no_value);
  });
}

void read_referral_fee(od::value& v, const context& c, product& p) {
  double x;
  if (!v.get_double().get(x)) {
    if (x < 0 || x > 100)
      fail(c, "referralFeePercentage", fmt::format("{} is not a percentage", x));
    p.referral_fee_percentage = x;
  } else if (!is_null(v)) {
    fail_type(c, "referralFeePercentage", v, "a number");
  }
}

void read_product_field(std::string_view key, od::value& f, const context& c, product& p) {
  if (key == "csv") read_csv(f, c, p);
  else if (key == "salesRanks") read_sales_ranks(f, c, p);
  else if (key == "stats") read_stats(f, c, p);
  else if (key == "title") p.title = read_string(f, c, key);
  else if (key == "binding") p.binding = read_string(f, c, key);
  else if (key == "manufacturer") p.manufacturer = read_string(f, c, key);
  else if (key == "author") p.author = read_string(f, c, key);
  else if (key == "rootCategory") p.root_category = read_int64(f, c, key, 0);
  else if (key == "categories") read_int64_array(f, c, key, p.categories);
  else if (key == "categoryTree") read_category_tree(f, c, p);
  else if (key == "lastUpdate") p.last_update = read_time(f, c, key);
  else if (key == "lastPriceChange") p.last_price_change = read_time(f, c, key);
  else if (key == "trackingSince") p.tracking_since = read_time(f, c, key);
  else if (key == "listedSince") p.listed_since = read_time(f, c, key);
  else if (key == "offers") read_offers(f, c, p);
  else if (key == "fbaFees") read_fba_fees(f, c, p);
  else if (key == "referralFeePercentage") read_referral_fee(f, c, p);
}

void read_product(od::value& v, context c, product& p) {
  od::object obj;
  if (v.get_object().get(obj))
    fail_type(c, "", v, "a product object");
  p.asin = read_asin_first(obj, c, "a product object");
  c.asin = p.asin;
  for_each_field(obj, c, "", [&](std::string_view key, od::value& f) {
    if (key != "asin")
      read_product_field(key, f, c, p);
  });
}

} // namespace

namespace {
// The histories are read first, by the prescan; simdjson then reads the rest
// of the body, in the prescan's copy (padded, so parsed where it lies).
product_response read_products(std::string_view body, std::string_view source, std::size_t readable) {
  static_assert(prescanned_padding >= body_padding);
  thread_local prescanned_body prescanned;  // its buffers are kept for the next body
  prescan_arrays(body, readable, prescanned);
  // Histories the parser did not move (a body that fails halfway, a "csv"
  // where no product reads one) go with the body, not with the next one.
  struct release_histories {
    prescanned_body& body;
    ~release_histories() {
      body.pairs.clear();
      body.triples.clear();
    }
  } release{prescanned};
  const std::string_view text(prescanned.text.data(), prescanned.text.size() - prescanned_padding);
  product_response r;
  r.products.reserve(prescanned.products);
  const context c{source, {}, {}, 0, &prescanned};  // whose histories the parser moves into the model
  read_response(text, c, r.env, &r.error, [&](std::string_view key, od::value& v) {
    if (key != "products")
      return;
    od::array arr;
    if (!open_array(v, c, "products", arr))
      return;
    for_each_element(arr, c, "products", [&](std::size_t i, od::value& item) {
      context pc = c;
      pc.list = "products";
      pc.index = i;
      read_product(item, pc, r.products.emplace_back());
    });
  }, true);
  return r;
}
} // namespace

product_response parse_product_response(std::string_view body, std::string_view source) {
  return read_products(body, source, body.size());
}

product_response parse_padded_product_response(std::string_view body, std::string_view source) {
  return read_products(body, source, body.size() + body_padding);
}

} // namespace keepa
