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
  return fmt::format(R"({{"format":{},"session":{},"mode":{},"once":{},"jobs":[{}],"tokenRate":{}}})",
                     json_quote(format_name), h.session, json_quote(h.mode), h.once ? "true" : "false", jobs,
                     h.token_rate) +
         "\n";
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
  return h;
}

} // namespace capture
