// `keepa-deals inspect FILE...`: parses saved /product responses and prints
// one JSON line per file, so a capture can be checked by eye or by a script.
#include "app/command.hpp"
#include "app/input_file.hpp"
#include "keepa/parse_padded.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      // The parser has already checked the UTF-8; only control bytes need escapes.
      if (u < 0x20)
        out += fmt::format("\\u{:04x}", u);
      else
        out += ch;
    }
  }
  out += '"';
}

std::string inspect_line(const std::string& file, const keepa::product_response& r) {
  std::string out = "{\"file\":";
  append_json_string(out, file);
  out += fmt::format(
      ",\"envelope\":{{\"tokensLeft\":{},\"tokensConsumed\":{},\"refillIn\":{},\"refillRate\":{},"
      "\"timestamp\":{}}}",
      r.env.tokens_left, r.env.tokens_consumed, r.env.refill_in_ms, r.env.refill_rate,
      r.env.timestamp_ms);
  if (r.error) {
    out += ",\"error\":{\"type\":";
    append_json_string(out, r.error->type);
    out += ",\"message\":";
    append_json_string(out, r.error->message);
    out += '}';
  }
  out += ",\"products\":[";
  for (std::size_t i = 0; i < r.products.size(); ++i) {
    const keepa::product& p = r.products[i];
    out += i ? ",{\"asin\":" : "{\"asin\":";
    append_json_string(out, p.asin);
    out += ",\"title\":";
    append_json_string(out, p.title);
    if (p.last_update > 0)
      out += fmt::format(",\"last_update_unix\":{}", keepa::to_unix(p.last_update));
    else
      out += ",\"last_update_unix\":null";
    out += ",\"csv_points\":{";
    bool first = true;
    for (int type = 0; type < keepa::csv_type_count; ++type) {
      const std::size_t n = p.csv[type].size() + p.shipped[type].size();
      if (n == 0)
        continue;
      out += fmt::format("{}\"{}\":{}", first ? "" : ",", type, n);
      first = false;
    }
    out += "},\"stats_current\":";
    if (p.stats)
      out += fmt::format("[{}]", fmt::join(p.stats->current, ","));
    else
      out += "null";
    out += '}';
  }
  out += "]}\n";
  return out;
}

int run_inspect(const std::vector<std::string>& files) {
  if (app::refuse_directories("keepa-deals inspect", files))
    return 2;
  int rc = 0;
  app::response_body body;
  for (const std::string& file : files) {
    try {
      body = app::read_response_file(file);
    } catch (const app::input_error& e) {
      std::fflush(stdout);
      fmt::print(stderr, "keepa-deals inspect: {}\n", e.what());
      rc = 1;
      continue;
    }
    try {
      const auto response = keepa::parse_padded_product_response(body.text(), "file " + file);
      const std::string line = inspect_line(file, response);
      std::fwrite(line.data(), 1, line.size(), stdout);
    } catch (const keepa::parse_error& e) {
      std::fflush(stdout);
      fmt::print(stderr, "keepa-deals inspect: {}\n", e.what());
      rc = 1;
    }
  }
  std::fflush(stdout);
  return rc;
}

const app::command_registration inspect_registration{"inspect", [](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "inspect",
      "Parse saved Keepa /product responses and print one JSON line per file: the envelope's\n"
      "token fields and, per product, asin, title, last_update_unix, csv_points (points per\n"
      "non-empty csv type) and stats_current. A file that cannot be read or parsed is named\n"
      "on stderr with the product and field at fault; the other files are still printed,\n"
      "and the exit status is 1 if any file was bad. A gzipped file (as Keepa sends it) is\n"
      "inflated first. A directory is refused (exit status 2) before any file is read.");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("FILE", *files, "saved /product response bodies (JSON, or gzip as Keepa sends it)")->required();
  cmd->callback([files] {
    if (int rc = run_inspect(*files))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
