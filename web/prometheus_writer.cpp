#include "web/prometheus_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace web {
namespace {

// The format's three escapes in HELP text (backslash, newline) and label values (also the quote).
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (quote && c == '"')
      out += "\\\"";
    else
      out += c;
  }
}

} // namespace

void prometheus_writer::family(std::string_view name, std::string_view type, std::string_view help) {
  name_ = std::string(name);
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_escaped(out_, help, false);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void prometheus_writer::begin_sample(std::string_view suffix, std::initializer_list<label> labels) {
  out_ += name_;
  out_ += suffix;
  if (labels.size() > 0) {
    out_ += '{';
    bool first = true;
    for (const auto& [key, value] : labels) {
      if (!first)
        out_ += ',';
      first = false;
      out_ += key;
      out_ += "=\"";
      append_escaped(out_, value, true);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
}

void prometheus_writer::sample(std::string_view suffix, std::initializer_list<label> labels, std::int64_t value) {
  begin_sample(suffix, labels);
  out_ += std::to_string(value);
  out_ += '\n';
}

void prometheus_writer::sample(std::string_view suffix, std::initializer_list<label> labels, double value) {
  begin_sample(suffix, labels);
  if (std::isinf(value))
    out_ += value > 0 ? "+Inf" : "-Inf";
  else if (std::isnan(value))
    out_ += "NaN";
  else
    out_ += fmt::format("{}", value);
  out_ += '\n';
}

} // namespace web
