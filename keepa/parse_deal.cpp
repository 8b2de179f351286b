// The /deal response: deals.dr[] (the feed's deal objects) and the category
// summary that comes with them.
#include "keepa/json_reader.hpp"

#include <fmt/format.h>

namespace keepa {

using namespace detail;

namespace {

// Keepa sends the image file name as an array of character codes.
std::string read_char_codes(od::value& v, const context& c, std::string_view field) {
  std::string text;
  od::array arr;
  if (!open_array(v, c, field, arr))
    return text;
  std::size_t i = 0;
  for (auto element : arr) {
    std::int64_t code;
    if (element.get_int64().get(code))
      fail_element(c, indexed(field, i), element, "a character code");
    if (code <= 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      fail(c, indexed(field, i), fmt::format("{} is not a character code", code));
    // UTF-8, so any code point survives; Keepa's are ASCII in practice.
    const auto cp = static_cast<std::uint32_t>(code);
    if (cp < 0x80) {
      text += static_cast<char>(cp);
    } else if (cp < 0x800) {
      text += static_cast<char>(0xC0 | (cp >> 6));
      text += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      text += static_cast<char>(0xE0 | (cp >> 12));
      text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      text += static_cast<char>(0xF0 | (cp >> 18));
      text += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (cp & 0x3F));
    }
    ++i;
  }
  return text;
}

// delta / deltaPercent / avg: [dateRange][priceType].
void read_by_date_range(od::value& v, const context& c, std::string_view field,
                        std::array<per_type, deal_date_range_count>& out) {
  od::array arr;
  if (!open_array(v, c, field, arr))
    return;
  for_each_element(arr, c, field, [&](std::size_t range, od::value& per) {
    if (range < static_cast<std::size_t>(deal_date_range_count))
      read_per_type(per, c, indexed(field, range), out[range]);
  });
}

void read_deal(od::value& v, context c, deal& d) {
  d.delta.fill(filled(no_value));
  d.delta_percent.fill(filled(no_value));
  d.avg.fill(filled(no_value));
  od::object obj;
  if (v.get_object().get(obj))
    fail_type(c, "", v, "a deal object");
  d.asin = read_asin_first(obj, c, "a deal object");
  c.asin = d.asin;
  for_each_field(obj, c, "", [&](std::string_view key, od::value& f) {
    if (key == "parentAsin") d.parent_asin = read_string(f, c, key);
    else if (key == "title") d.title = read_string(f, c, key);
    else if (key == "rootCat") d.root_cat = read_int64(f, c, key, 0);
    else if (key == "categories") read_int64_array(f, c, key, d.categories);
    else if (key == "image") d.image = read_char_codes(f, c, key);
    else if (key == "current") read_per_type(f, c, key, d.current);
    else if (key == "currentSince") read_per_type(f, c, key, d.current_since);
    else if (key == "deltaLast") read_per_type(f, c, key, d.delta_last);
    else if (key == "delta") read_by_date_range(f, c, key, d.delta);
    else if (key == "deltaPercent") read_by_date_range(f, c, key, d.delta_percent);
    else if (key == "avg") read_by_date_range(f, c, key, d.avg);
    else if (key == "lastUpdate") d.last_update = read_time(f, c, key);
    else if (key == "creationDate") d.creation_date = read_time(f, c, key);
    else if (key == "lightningEnd") d.lightning_end = read_time(f, c, key);
    else if (key == "warehouseCondition") d.warehouse_condition = read_int32(f, c, key, 0);
  });
}

void read_deals(od::value& v, const context& c, deal_response& r) {
  od::object obj;
  if (!open_object(v, c, "deals", obj))
    return;
  std::vector<std::int64_t> counts;
  for_each_field(obj, c, "deals", [&](std::string_view key, od::value& f) {
    if (key == "dr") {
      od::array arr;
      if (!open_array(f, c, "deals.dr", arr))
        return;
      for_each_element(arr, c, "deals.dr", [&](std::size_t i, od::value& item) {
        context dc = c;
        dc.list = "deals.dr";
        dc.index = i;
        read_deal(item, dc, r.deals.emplace_back());
      });
    } else if (key == "categoryIds") {
      read_int64_array(f, c, "deals.categoryIds", r.category_ids);
    } else if (key == "categoryNames") {
      od::array arr;
      if (!open_array(f, c, "deals.categoryNames", arr))
        return;
      for_each_element(arr, c, "deals.categoryNames", [&](std::size_t i, od::value& name) {
        r.category_names.push_back(read_string(name, c, indexed("deals.categoryNames", i)));
      });
    } else if (key == "categoryCount") {
      read_int64_array(f, c, "deals.categoryCount", counts);
      r.category_count.clear();
      for (std::size_t i = 0; i < counts.size(); ++i)
        r.category_count.push_back(checked_int32(counts[i], c, indexed("deals.categoryCount", i)));
    }
  });
}

} // namespace

deal_response parse_deal_response(std::string_view body, std::string_view source) {
  deal_response r;
  const context c{source, {}};
  read_response(body, c, r.env, &r.error, [&](std::string_view key, od::value& v) {
    if (key == "deals")
      read_deals(v, c, r);
  });
  return r;
}

} // namespace keepa
