// Reads analysis::settings from TOML. toml++ is included here and nowhere else.
#include "analysis/settings.hpp"

#include <toml++/toml.h>

#include <functional>
#include <map>
#include <sstream>

namespace analysis {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& key, const std::string& problem) {
  throw settings_error("config " + path + ": [analysis]" + (key.empty() ? "" : " " + key) + ": " + problem);
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
  case toml::node_type::string: return "a string";
  case toml::node_type::integer: return "an integer";
  case toml::node_type::floating_point: return "a float";
  case toml::node_type::boolean: return "a boolean";
  case toml::node_type::table: return "a table";
  case toml::node_type::array: return "an array";
  default: return "a date or time";
  }
}

double number(const std::string& path, const std::string& key, const toml::node& node, double lo,
              double hi) {
  if (!node.is_number())
    fail(path, key, "expected a number, got " + type_name(node));
  double v = *node.value<double>();
  if (!(v >= lo && v <= hi)) {
    std::ostringstream out;
    out << "value " << v << " is outside " << lo << " .. " << hi;
    fail(path, key, out.str());
  }
  return v;
}

int whole(const std::string& path, const std::string& key, const toml::node& node, int lo, int hi) {
  if (!node.is_integer())
    fail(path, key, "expected an integer, got " + type_name(node));
  auto v = *node.value<std::int64_t>();
  if (v < lo || v > hi)
    fail(path, key, "value " + std::to_string(v) + " is outside " + std::to_string(lo) + " .. " +
                        std::to_string(hi));
  return static_cast<int>(v);
}

// Dollar amounts are written as dollars in the file ("prep_fee = 2.75").
cents dollars(const std::string& path, const std::string& key, const toml::node& node) {
  return round_cents(number(path, key, node, 0.0, 10000.0) * 100.0);
}

} // namespace

settings load_settings(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream out;
    out << "config " << path << ": " << e.description() << " at line " << e.source().begin.line
        << ", column " << e.source().begin.column;
    throw settings_error(out.str());
  }
  settings s;
  const toml::node* section = root.get("analysis");
  if (!section)
    return s;
  const toml::table* table = section->as_table();
  if (!table)
    fail(path, "", "expected a table, got " + type_name(*section));

  using setter = std::function<void(const std::string&, const toml::node&)>;
  const std::map<std::string, setter> keys{
      {"prep_fee", [&](auto& k, auto& n) { s.prep_fee_cents = dollars(path, k, n); }},
      {"estimated_shipping", [&](auto& k, auto& n) { s.estimated_shipping_cents = dollars(path, k, n); }},
      {"tax_pct", [&](auto& k, auto& n) { s.tax_pct = number(path, k, n, 0, 100); }},
      {"tax_exempt",
       [&](auto& k, auto& n) {
         if (!n.is_boolean())
           fail(path, k, "expected true or false, got " + type_name(n));
         s.tax_exempt = *n.template value<bool>();
       }},
      // 100 % markup would make Min listing infinite.
      {"markup_pct", [&](auto& k, auto& n) { s.markup_pct = number(path, k, n, 0, 99); }},
      {"fallback_fba_fee", [&](auto& k, auto& n) { s.fallback_fba_fee_cents = dollars(path, k, n); }},
      {"fallback_referral_pct", [&](auto& k, auto& n) { s.fallback_referral_pct = number(path, k, n, 0, 100); }},
      {"inferred_sales_window_days",
       [&](auto& k, auto& n) { s.inferred_sales_window_days = whole(path, k, n, 1, 20 * 365); }},
      {"sale_confirmation_hours",
       [&](auto& k, auto& n) { s.sale_confirmation_hours = whole(path, k, n, 0, 24 * 365); }},
      {"offer_match_days", [&](auto& k, auto& n) { s.offer_match_days = whole(path, k, n, 0, 20 * 365); }},
  };
  for (auto&& [key, node] : *table) {
    std::string name{key.str()};
    if (node.is_table())
      continue;  // sub-sections such as [analysis.llm] belong to other parts
    auto it = keys.find(name);
    if (it == keys.end()) {
      std::string known;
      for (auto& [k, _] : keys)
        known += (known.empty() ? "" : ", ") + k;
      fail(path, name, "unknown key (known: " + known + ")");
    }
    it->second(name, node);
  }
  return s;
}

} // namespace analysis
