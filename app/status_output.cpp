// Renders a status_report. JSON through synth::json_writer (strings from the
// database, such as a failed run's detail, are escaped per RFC 8259); text with
// fmt. Neither reads anything: the report holds all there is to show.
#include "app/status_output.hpp"

#include "synth/json_writer.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <map>
#include <optional>

namespace app {
namespace {

// An object being written: puts the comma before each member but the first.
class object {
public:
  explicit object(synth::json_writer& w) : w_(w) { w_.raw('{'); }
  // A fixed key (needs no escaping); returns the writer for its value.
  synth::json_writer& key(std::string_view k) {
    comma();
    w_.key(k);
    return w_;
  }
  // A key taken from the data (a source, a kind): escaped like any string.
  synth::json_writer& data_key(std::string_view k) {
    comma();
    w_.string(k);
    w_.raw(':');
    return w_;
  }
  void close() { w_.raw('}'); }

private:
  void comma() {
    if (members_++) w_.raw(',');
  }
  synth::json_writer& w_;
  int members_ = 0;
};

void optional_number(synth::json_writer& w, const std::optional<std::int64_t>& v) {
  if (v) w.number(*v);
  else w.null();
}

void optional_string(synth::json_writer& w, const std::optional<std::string>& v) {
  if (v) w.string(*v);
  else w.null();
}

void counts(synth::json_writer& w, const std::map<std::string, std::int64_t>& by_name) {
  object o(w);
  for (const auto& [name, n] : by_name) o.data_key(name).number(n);
  o.close();
}

void run(synth::json_writer& w, const std::optional<storage::job_run>& r) {
  if (!r) {
    w.null();
    return;
  }
  object o(w);
  o.key("started_utc").number(r->started_utc);
  o.key("ended_utc").number(r->ended_utc);
  o.key("outcome").string(r->outcome);
  o.key("detail").string(r->detail);
  o.key("asins").number(r->asins);
  o.key("tokens").number(r->tokens);
  o.close();
}

void job(synth::json_writer& w, const storage::job_status& j) {
  object o(w);
  o.key("runs").number(j.runs);
  run(o.key("last_run"), j.last_run);
  optional_number(o.key("next_run_utc"), j.next_run_utc);
  o.close();
}

} // namespace

std::string status_json(const storage::status_report& r) {
  std::string out;
  synth::json_writer w(out);
  object top(w);
  top.key("db").string(r.db.string());
  top.key("schema_version").number(std::int64_t{r.schema_version});
  top.key("as_of_utc").number(r.as_of_utc);

  object deals(top.key("deals"));
  deals.key("total").number(r.deals_total);
  deals.key("seen_within_1h").number(r.seen_within_1h);
  deals.key("seen_within_24h").number(r.seen_within_24h);
  deals.key("seen_within_72h").number(r.seen_within_72h);
  counts(deals.key("by_source"), r.deals_by_source);
  deals.close();

  object tokens(top.key("tokens"));
  optional_number(tokens.key("balance"), r.token_balance);
  optional_number(tokens.key("refill_rate"), r.refill_rate);
  optional_number(tokens.key("refill_in_ms"), r.refill_in_ms);
  optional_number(tokens.key("seen_utc"), r.tokens_seen_utc);
  counts(tokens.key("spent_today"), r.spent_today);
  counts(tokens.key("spent_total"), r.spent_total);
  tokens.key("today_total").number(r.spent_today_total);
  tokens.key("all_total").number(r.spent_all_total);
  tokens.close();

  object jobs(top.key("jobs"));
  for (const storage::job_status& j : r.jobs) job(jobs.key(j.job), j);  // fixed names
  jobs.close();

  optional_string(top.key("refiller_watermark"), r.refiller_watermark);
  optional_string(top.key("backfiller_cursor"), r.backfiller_cursor);
  top.close();
  out += '\n';
  return out;
}

namespace {

constexpr int label_width = 14;

void line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("{:<{}}{}\n", label, label_width, value);
}

// "61 (deal_pages 5, heavy 50, light 6)", or "none".
std::string spend_summary(std::int64_t total, const std::map<std::string, std::int64_t>& by_kind) {
  if (by_kind.empty()) return "none";
  std::string parts;
  for (const auto& [kind, n] : by_kind) {
    if (!parts.empty()) parts += ", ";
    parts += fmt::format("{} {}", kind, n);
  }
  return fmt::format("{} ({})", total, parts);
}

// A run's detail is free text (an error message may span lines); the text
// view keeps one line per job.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return text;
}

std::string job_summary(const storage::job_status& j) {
  std::string s;
  if (const auto& r = j.last_run) {
    s = fmt::format("{} run{}; last {} to {} {}, {} ASINs, {} tokens", j.runs, j.runs == 1 ? "" : "s",
                    iso_utc(r->started_utc), iso_utc(r->ended_utc), r->outcome, r->asins, r->tokens);
    if (!r->detail.empty()) s += ": " + one_line(r->detail);
  } else {
    s = "no runs";
  }
  s += j.next_run_utc ? "; next " + iso_utc(*j.next_run_utc) : "; next not scheduled";
  return s;
}

const char* clock_name(storage::status_clock clock) {
  switch (clock) {
  case storage::status_clock::given: return "given";
  case storage::status_clock::node_clock: return "node clock";
  case storage::status_clock::wall_clock: return "wall clock";
  }
  return "";
}

} // namespace

std::string status_text(const storage::status_report& r) {
  std::string out;
  line(out, "database", fmt::format("{} (schema version {})", r.db.string(), r.schema_version));
  line(out, "as of", fmt::format("{} ({})", iso_utc(r.as_of_utc), clock_name(r.clock)));
  line(out, "deals",
       fmt::format("{} stored; seen within 1 h: {}, 24 h: {}, 72 h: {}", r.deals_total,
                   r.seen_within_1h, r.seen_within_24h, r.seen_within_72h));
  if (!r.deals_by_source.empty()) {
    std::string sources;
    for (const auto& [source, n] : r.deals_by_source) {
      if (!sources.empty()) sources += ", ";
      sources += fmt::format("{} {}", source.empty() ? "(none)" : source, n);
    }
    line(out, "  by source", sources);
  }
  if (r.token_balance) {
    std::string tokens = fmt::format("balance {}", *r.token_balance);
    if (r.refill_rate) tokens += fmt::format(", refill {}/min", *r.refill_rate);
    if (r.refill_in_ms) tokens += fmt::format(", next refill in {} ms", *r.refill_in_ms);
    if (r.tokens_seen_utc) tokens += fmt::format(" (seen {})", iso_utc(*r.tokens_seen_utc));
    line(out, "tokens", tokens);
  } else {
    line(out, "tokens", "not recorded");
  }
  line(out, "spent today", spend_summary(r.spent_today_total, r.spent_today));
  line(out, "spent in all", spend_summary(r.spent_all_total, r.spent_total));
  for (const storage::job_status& j : r.jobs) line(out, j.job, job_summary(j));
  line(out, "watermark", r.refiller_watermark.value_or("none"));
  line(out, "cursor", r.backfiller_cursor.value_or("none"));
  return out;
}

} // namespace app
