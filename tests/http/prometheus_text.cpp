#include "prometheus_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

namespace prom {
namespace {

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }
bool label_start(char c) { return name_start(c) && c != ':'; }
bool label_char(char c) { return label_start(c) || (c >= '0' && c <= '9'); }

bool valid_metric_name(std::string_view s) {
  return !s.empty() && name_start(s[0]) && std::all_of(s.begin(), s.end(), name_char);
}

std::optional<double> parse_value(std::string_view s) {
  if (s == "+Inf" || s == "Inf")
    return std::numeric_limits<double>::infinity();
  if (s == "-Inf")
    return -std::numeric_limits<double>::infinity();
  if (s == "NaN")
    return std::numeric_limits<double>::quiet_NaN();
  if (s.empty() || s[0] == '+')
    return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size())
    return std::nullopt;
  return v;
}

// A sample line: name, optional {labels}, value, optional integer timestamp.
class line_reader {
public:
  line_reader(std::string_view line, std::size_t number) : s_(line), line_(number) {}

  sample read() {
    sample out;
    while (pos_ < s_.size() && name_char(s_[pos_]))
      ++pos_;
    out.name = std::string(s_.substr(0, pos_));
    if (!valid_metric_name(out.name))
      fail("'" + std::string(s_) + "' does not start with a valid metric name");
    if (peek() == '{')
      read_labels(out.label_set);
    if (peek() != ' ')
      fail("expected one space before the value of " + out.name);
    ++pos_;
    const auto rest = s_.substr(pos_);
    const auto space = rest.find(' ');
    const auto value_text = rest.substr(0, space);
    const auto v = parse_value(value_text);
    if (!v)
      fail("'" + std::string(value_text) + "' is not a value (a float, +Inf, -Inf or NaN)");
    out.value = *v;
    if (space != std::string_view::npos) {
      const auto ts = rest.substr(space + 1);
      std::int64_t t = 0;
      const auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), t);
      if (ts.empty() || ec != std::errc{} || end != ts.data() + ts.size())
        fail("'" + std::string(ts) + "' after the value is not an integer timestamp");
    }
    return out;
  }

private:
  [[noreturn]] void fail(const std::string& why) const { throw parse_error(line_, why); }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

  void read_labels(labels& out) {
    ++pos_;  // '{'
    if (peek() == '}') {
      ++pos_;
      return;
    }
    for (;;) {
      const auto start = pos_;
      if (!label_start(peek()))
        fail("a label name must start with a letter or '_'");
      while (label_char(peek()))
        ++pos_;
      const std::string name(s_.substr(start, pos_ - start));
      if (name.rfind("__", 0) == 0)
        fail("label name " + name + " is reserved (starts with __)");
      if (peek() != '=')
        fail("expected '=' after label " + name);
      ++pos_;
      if (peek() != '"')
        fail("the value of label " + name + " must be quoted");
      ++pos_;
      std::string value;
      for (;;) {
        if (pos_ >= s_.size())
          fail("the value of label " + name + " is not closed");
        const char c = s_[pos_++];
        if (c == '"')
          break;
        if (c == '\\') {
          const char e = peek();
          ++pos_;
          if (e == '\\')
            value += '\\';
          else if (e == '"')
            value += '"';
          else if (e == 'n')
            value += '\n';
          else
            fail(std::string("label ") + name + ": unknown escape \\" + e);
          continue;
        }
        value += c;
      }
      if (!out.emplace(name, std::move(value)).second)
        fail("label " + name + " appears twice");
      if (peek() == ',') {
        ++pos_;
        if (peek() == '}') {  // the format allows a trailing comma
          ++pos_;
          return;
        }
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return;
      }
      fail("expected ',' or '}' after label " + name);
    }
  }

  std::string_view s_;
  std::size_t line_;
  std::size_t pos_ = 0;
};

const std::set<std::string> types{"counter", "gauge", "histogram", "summary", "untyped"};

// The family a sample name belongs to: its own name, or a histogram's or
// summary's name without _bucket/_sum/_count.
std::string family_of(const std::string& sample_name, const std::map<std::string, std::string>& typed) {
  if (typed.count(sample_name))
    return sample_name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string_view sv(suffix);
    if (sample_name.size() > sv.size() && sample_name.compare(sample_name.size() - sv.size(), sv.size(), sv) == 0) {
      const auto base = sample_name.substr(0, sample_name.size() - sv.size());
      const auto it = typed.find(base);
      if (it != typed.end() && (it->second == "histogram" || (it->second == "summary" && sv != "_bucket")))
        return base;
    }
  }
  return sample_name;
}

void check_histogram(const family& f, std::size_t line) {
  struct series {
    std::vector<std::pair<double, double>> buckets;  // le, count, in order of appearance
    std::optional<double> sum, count;
  };
  std::map<labels, series> by_labels;
  for (const auto& s : f.samples) {
    labels key = s.label_set;
    if (s.name == f.name + "_bucket") {
      const auto le = key.find("le");
      if (le == key.end())
        throw parse_error(line, f.name + "_bucket without an le label");
      const auto bound = parse_value(le->second);
      if (!bound || std::isnan(*bound))
        throw parse_error(line, f.name + "_bucket: le=\"" + le->second + "\" is not a number");
      key.erase(le);
      by_labels[key].buckets.emplace_back(*bound, s.value);
    } else if (s.name == f.name + "_sum") {
      by_labels[key].sum = s.value;
    } else if (s.name == f.name + "_count") {
      by_labels[key].count = s.value;
    } else {
      throw parse_error(line, "histogram " + f.name + " has a sample named " + s.name);
    }
  }
  if (by_labels.empty())
    throw parse_error(line, "histogram " + f.name + " has no samples");
  for (const auto& [key, h] : by_labels) {
    if (h.buckets.empty())
      throw parse_error(line, "histogram " + f.name + " has no buckets");
    for (std::size_t i = 1; i < h.buckets.size(); ++i) {
      if (!(h.buckets[i].first > h.buckets[i - 1].first))
        throw parse_error(line, "histogram " + f.name + ": le bounds not in ascending order");
      if (h.buckets[i].second < h.buckets[i - 1].second)
        throw parse_error(line, "histogram " + f.name + ": bucket counts are not cumulative");
    }
    if (!std::isinf(h.buckets.back().first) || h.buckets.back().first < 0)
      throw parse_error(line, "histogram " + f.name + " has no le=\"+Inf\" bucket (as its last)");
    if (!h.count)
      throw parse_error(line, "histogram " + f.name + " has no _count");
    if (!h.sum)
      throw parse_error(line, "histogram " + f.name + " has no _sum");
    if (*h.count != h.buckets.back().second)
      throw parse_error(line, "histogram " + f.name + ": _count differs from the +Inf bucket");
    for (const auto& [le, count] : h.buckets)
      if (count < 0 || std::isnan(count) || count != std::floor(count))
        throw parse_error(line, "histogram " + f.name + ": a bucket count is not a whole number");
  }
}

} // namespace

exposition parse(std::string_view text) {
  exposition out;
  if (text.empty())
    throw parse_error(0, "empty exposition");
  if (text.back() != '\n')
    throw parse_error(0, "the text does not end with a newline");
  std::map<std::string, std::string> typed;        // family -> type, from TYPE lines
  std::set<std::string> helped, finished;         // HELP seen; families whose lines are over
  std::set<std::pair<std::string, labels>> seen;  // series
  std::string current;                            // the family of the last line
  std::size_t number = 0;
  auto family_named = [&](const std::string& name) -> family& {
    for (auto& f : out.families)
      if (f.name == name)
        return f;
    out.families.push_back({name, "untyped", "", {}});
    return out.families.back();
  };
  auto enter = [&](const std::string& name) {
    if (name == current)
      return;
    if (finished.count(name))
      throw parse_error(number, "the lines of " + name + " are not together (interleaved with another family)");
    if (!current.empty())
      finished.insert(current);
    current = name;
  };
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.empty())
      continue;
    if (line[0] == '#') {
      const bool help = line.rfind("# HELP ", 0) == 0, type = line.rfind("# TYPE ", 0) == 0;
      if (!help && !type)
        continue;  // a comment
      const auto rest = line.substr(7);
      const auto space = rest.find(' ');
      const std::string name(rest.substr(0, space));
      if (!valid_metric_name(name))
        throw parse_error(number, "'" + name + "' is not a valid metric name");
      if (space == std::string_view::npos)
        throw parse_error(number, std::string(help ? "HELP" : "TYPE") + " " + name + " has no text");
      const std::string value(rest.substr(space + 1));
      enter(name);
      auto& f = family_named(name);
      if (help) {
        if (!helped.insert(name).second)
          throw parse_error(number, "a second HELP line for " + name);
        for (std::size_t i = 0; i < value.size(); ++i)
          if (value[i] == '\\' && (i + 1 == value.size() || (value[i + 1] != '\\' && value[i + 1] != 'n')))
            throw parse_error(number, "HELP " + name + ": an escape other than \\\\ or \\n");
        f.help = value;
      } else {
        if (typed.count(name))
          throw parse_error(number, "a second TYPE line for " + name);
        if (!types.count(value))
          throw parse_error(number, "TYPE " + name + ": unknown type '" + value + "'");
        if (!f.samples.empty())
          throw parse_error(number, "TYPE " + name + " comes after its samples");
        typed[name] = value;
        f.type = value;
      }
      continue;
    }
    sample s = line_reader(line, number).read();
    const auto name = family_of(s.name, typed);
    enter(name);
    if (!typed.count(name) || !helped.count(name))
      throw parse_error(number, "sample " + s.name + " has no HELP and TYPE lines before it");
    if (!seen.emplace(s.name, s.label_set).second)
      throw parse_error(number, "series " + s.name + " appears twice with the same labels");
    const auto& type = typed[name];
    if (type != "histogram" && type != "summary" && s.name != name)
      throw parse_error(number, "sample " + s.name + " does not belong to " + type + " " + name);
    if (type == "counter" && (std::isnan(s.value) || s.value < 0))
      throw parse_error(number, "counter " + s.name + " is negative or NaN");
    family_named(name).samples.push_back(std::move(s));
  }
  for (const auto& f : out.families) {
    if (!typed.count(f.name) || !helped.count(f.name))
      throw parse_error(number, f.name + " lacks its HELP or TYPE line");
    if (f.type == "histogram")
      check_histogram(f, number);
  }
  return out;
}

const family& exposition::at(std::string_view name) const {
  for (const auto& f : families)
    if (f.name == name)
      return f;
  throw std::out_of_range("no family " + std::string(name));
}

double exposition::value(std::string_view sample_name, const labels& l) const {
  for (const auto& f : families)
    for (const auto& s : f.samples)
      if (s.name == sample_name && s.label_set == l)
        return s.value;
  throw std::out_of_range("no sample " + std::string(sample_name));
}

double exposition::sum(std::string_view sample_name, const labels& match) const {
  double total = 0;
  for (const auto& f : families)
    for (const auto& s : f.samples) {
      if (s.name != sample_name)
        continue;
      const bool all = std::all_of(match.begin(), match.end(), [&](const auto& kv) {
        const auto it = s.label_set.find(kv.first);
        return it != s.label_set.end() && it->second == kv.second;
      });
      if (all)
        total += s.value;
    }
  return total;
}

} // namespace prom
