// Appends JSON tokens to a std::string: numbers by std::to_chars, strings
// escaped per RFC 8259. Commas and keys are the caller's (the renderers know
// their shapes), which keeps this fast and small.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace synth {

class json_writer {
public:
  explicit json_writer(std::string& out) : out_(out) {}

  void raw(std::string_view text) { out_.append(text); }
  void raw(char c) { out_.push_back(c); }

  void number(std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
  }
  // Shortest text that reads back as the same double.
  void number(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
  }
  void boolean(bool v) { out_.append(v ? "true" : "false"); }
  void null() { out_.append("null"); }

  void string(std::string_view s) {
    out_.push_back('"');
    std::size_t clean = 0;  // start of the run not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + clean, i - clean);
      clean = i + 1;
      switch (c) {
      case '"': out_.append("\\\""); break;
      case '\\': out_.append("\\\\"); break;
      case '\n': out_.append("\\n"); break;
      case '\r': out_.append("\\r"); break;
      case '\t': out_.append("\\t"); break;
      case '\b': out_.append("\\b"); break;
      case '\f': out_.append("\\f"); break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out_.append(esc, 6);
      }
      }
    }
    out_.append(s.data() + clean, s.size() - clean);
    out_.push_back('"');
  }
  // A string, or null when empty (Keepa sends null for missing text fields).
  void string_or_null(std::string_view s) {
    if (s.empty()) null();
    else string(s);
  }
  // "key": (the key must need no escaping)
  void key(std::string_view k) {
    out_.push_back('"');
    out_.append(k);
    out_.append("\":");
  }

private:
  std::string& out_;
};

} // namespace synth
