// Writes the Prometheus text exposition format (version 0.0.4): each family
// once, its HELP and TYPE lines first, then its samples; label values escaped.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace web {

inline constexpr const char* prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

using label = std::pair<std::string_view, std::string_view>;

class prometheus_writer {
public:
  // Starts a family; `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  // A sample of the current family: `suffix` is "" or, for histograms,
  // "_bucket", "_sum", "_count".
  void sample(std::string_view suffix, std::initializer_list<label> labels, std::int64_t value);
  void sample(std::string_view suffix, std::initializer_list<label> labels, double value);

  const std::string& text() const { return out_; }

private:
  void begin_sample(std::string_view suffix, std::initializer_list<label> labels);
  std::string out_;
  std::string name_;
};

} // namespace web
