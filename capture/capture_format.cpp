#include "capture/capture_format.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <stdexcept>

namespace capture {

std::string session_dir_name(std::int32_t session) { return fmt::format("session-{:04}", session); }
std::string segment_dir_name(std::int32_t segment) { return fmt::format("segment-{:04}", segment); }
std::string body_file_name(std::uint64_t seq) { return fmt::format("{:06}.json.gz", seq); }

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (const char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20)
        out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
      else
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string to_json(const session_header& h) {
  std::string jobs;
  for (const auto& job : h.jobs)
    jobs += (jobs.empty() ? "" : ",") + json_quote(job);
  std::string feeds;
  if (h.refill_feed)
    feeds += R"(,"refillFeed":)" + keepa::selection_json(*h.refill_feed);
  if (h.backfill_feed)
    feeds += R"(,"backfillFeed":)" + keepa::selection_json(*h.backfill_feed);
  const auto& l = h.limits;
  feeds += fmt::format(R"(,"limits":{{"refillMaxPages":{},"backfillMaxPages":{},"backfillMaxDeals":{},)"
                       R"("backfillChunk":{},"lightMaxAgeSeconds":{}}})",
                       l.refill_max_pages, l.backfill_max_pages, l.backfill_max_deals, l.backfill_chunk,
                       l.light_max_age_seconds);
  return fmt::format(R"({{"format":{},"session":{},"mode":{},"once":{},"jobs":[{}],"tokenRate":{}{}}})",
                     json_quote(format_name), h.session, json_quote(h.mode), h.once ? "true" : "false", jobs,
                     h.token_rate, feeds) +
         "\n";
}

namespace {

keepa::deal_selection selection_of(simdjson::dom::element doc, std::string_view where) {
  auto bad = [&](std::string_view field, std::string_view what) {
    return std::runtime_error(fmt::format("{}: selection.{} {}", where, field, what));
  };
  auto integer = [&](std::string_view field, auto& into) {
    std::int64_t v = 0;
    if (doc[field].get(v))
      throw bad(field, "must be an integer");
    into = static_cast<std::remove_reference_t<decltype(into)>>(v);
  };
  auto flag = [&](std::string_view field, bool& into) {
    if (doc[field].get(into))
      throw bad(field, "must be true or false");
  };
  auto range = [&](std::string_view field, std::optional<keepa::int_range>& into) {
    simdjson::dom::array a;
    if (doc[field].get(a)) {
      into.reset();
      return;
    }
    keepa::int_range r{};
    std::size_t i = 0;
    for (auto v : a) {
      if (i >= 2 || v.get(r[i]))
        throw bad(field, "must be [min, max]");
      ++i;
    }
    if (i != 2)
      throw bad(field, "must be [min, max]");
    into = r;
  };
  keepa::deal_selection s;
  integer("page", s.page);
  integer("domainId", s.domain_id);
  simdjson::dom::array list;
  if (doc["includeCategories"].get(list))
    throw bad("includeCategories", "must be an array");
  s.include_categories.clear();
  for (auto v : list) {
    std::int64_t c = 0;
    if (v.get(c))
      throw bad("includeCategories", "must hold integers");
    s.include_categories.push_back(c);
  }
  std::int64_t price_type = 0;
  if (doc["priceTypes"].get(list) || list.size() != 1 || list.at(0).get(price_type))
    throw bad("priceTypes", "must hold one price type");
  s.price_type = static_cast<std::int32_t>(price_type);
  integer("dateRange", s.date_range);
  integer("sortType", s.sort_type);
  integer("minRating", s.min_rating);
  flag("isRangeEnabled", s.is_range_enabled);
  flag("isFilterEnabled", s.is_filter_enabled);
  flag("singleVariation", s.single_variation);
  range("deltaPercentRange", s.delta_percent_range);
  range("deltaRange", s.delta_range);
  range("salesRankRange", s.sales_rank_range);
  range("currentRange", s.current_range);
  return s;
}

} // namespace

keepa::deal_selection parse_selection(std::string_view json, std::string_view where) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(json)).get(doc))
    throw std::runtime_error(fmt::format("{}: the selection is not valid JSON", where));
  return selection_of(doc, where);
}

session_header parse_session_header(std::string_view json, std::string_view where) {
  auto bad = [&](std::string_view what) {
    return std::runtime_error(fmt::format("{}: {}", where, what));
  };
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(json)).get(doc))
    throw bad("not valid JSON");
  std::string_view format;
  if (doc["format"].get(format) || format != format_name)
    throw bad(fmt::format("\"format\" must be \"{}\"", format_name));
  session_header h;
  std::int64_t number = 0;
  if (doc["session"].get(number) || number < 1)
    throw bad("\"session\" must be a positive integer");
  h.session = static_cast<std::int32_t>(number);
  std::string_view mode;
  if (doc["mode"].get(mode))
    throw bad("\"mode\" must be a string");
  h.mode = mode;
  if (doc["once"].get(h.once))
    throw bad("\"once\" must be true or false");
  simdjson::dom::array jobs;
  if (doc["jobs"].get(jobs))
    throw bad("\"jobs\" must be an array of job names");
  for (auto job : jobs) {
    std::string_view name;
    if (job.get(name))
      throw bad("\"jobs\" must hold strings");
    h.jobs.emplace_back(name);
  }
  if (doc["tokenRate"].get(number) || number < 1)
    throw bad("\"tokenRate\" must be a positive integer");
  h.token_rate = static_cast<std::int32_t>(number);
  simdjson::dom::object limits;
  if (!doc["limits"].get(limits)) {
    auto limit = [&](const char* name, std::int64_t& into) {
      std::int64_t v = 0;
      if (limits[name].get(v) == simdjson::SUCCESS) {
        if (v < 0)
          throw bad(fmt::format("\"limits.{}\" must not be negative", name));
        into = v;
      }
    };
    limit("refillMaxPages", h.limits.refill_max_pages);
    limit("backfillMaxPages", h.limits.backfill_max_pages);
    limit("backfillMaxDeals", h.limits.backfill_max_deals);
    limit("backfillChunk", h.limits.backfill_chunk);
    limit("lightMaxAgeSeconds", h.limits.light_max_age_seconds);
  }
  simdjson::dom::element feed;
  if (!doc["refillFeed"].get(feed))
    h.refill_feed = selection_of(feed, fmt::format("{}: refillFeed", where));
  if (!doc["backfillFeed"].get(feed))
    h.backfill_feed = selection_of(feed, fmt::format("{}: backfillFeed", where));
  return h;
}

} // namespace capture
