// A strict reader of the Prometheus text exposition format, version 0.0.4,
// for tests: every rule of the format is checked (names, label syntax and
// escapes, one HELP and one TYPE per family before its samples, families not
// interleaved, no duplicate series, values, histogram buckets with `le` in
// ascending order, cumulative counts, a +Inf bucket equal to _count, and
// _sum), plus two of this project's own: every family has HELP and TYPE,
// and the text ends with a newline. Independent of web/'s writer.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace prom {

class parse_error : public std::runtime_error {
public:
  parse_error(std::size_t line, const std::string& why)
      : std::runtime_error("line " + std::to_string(line) + ": " + why), line_(line) {}
  std::size_t line() const { return line_; }

private:
  std::size_t line_;
};

using labels = std::map<std::string, std::string>;

struct sample {
  std::string name;  // with its suffix (_bucket, _sum, _count)
  labels label_set;
  double value = 0;
};

struct family {
  std::string name;
  std::string type;  // counter, gauge, histogram, summary, untyped
  std::string help;
  std::vector<sample> samples;
};

struct exposition {
  std::vector<family> families;

  const family& at(std::string_view name) const;  // throws std::out_of_range
  // The one sample with exactly this name and label set; throws std::out_of_range.
  double value(std::string_view sample_name, const labels& l = {}) const;
  // Sum of every sample of that name whose labels include `match`.
  double sum(std::string_view sample_name, const labels& match = {}) const;
};

exposition parse(std::string_view text);

} // namespace prom
