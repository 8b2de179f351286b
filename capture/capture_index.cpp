#include "capture/capture_index.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace capture {
namespace fs = std::filesystem;
namespace {

std::vector<fs::path> numbered_dirs(const fs::path& dir, std::string_view prefix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory() && entry.path().filename().string().rfind(prefix, 0) == 0)
      out.push_back(entry.path());
  std::sort(out.begin(), out.end());  // zero-padded numbers sort as text
  return out;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw std::runtime_error("capture: cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<keepa::envelope> envelope_of(simdjson::dom::element line) {
  simdjson::dom::object env;
  if (line["envelope"].get(env))
    return std::nullopt;
  keepa::envelope e;
  std::int64_t v = 0;
  if (!env["timestamp"].get(v)) e.timestamp_ms = v;
  if (!env["tokensLeft"].get(v)) e.tokens_left = static_cast<std::int32_t>(v);
  if (!env["refillIn"].get(v)) e.refill_in_ms = static_cast<std::int32_t>(v);
  if (!env["refillRate"].get(v)) e.refill_rate = static_cast<std::int32_t>(v);
  if (!env["tokensConsumed"].get(v)) e.tokens_consumed = static_cast<std::int32_t>(v);
  return e;
}

// One line of exchanges.jsonl; a later attempt of the same call replaces the
// earlier, so what is left is what the node was finally answered.
void read_segment(const fs::path& segment, simdjson::dom::parser& parser, std::map<std::uint64_t, recorded_call>& calls) {
  const fs::path lines_file = segment / std::string(exchanges_file);
  std::ifstream in(lines_file);
  if (!in)
    throw std::runtime_error("capture: cannot read " + lines_file.string());
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty())
      continue;
    auto bad = [&](std::string_view what) {
      return std::runtime_error(fmt::format("capture: {} line {}: {}", lines_file.string(), number, what));
    };
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc))
      throw bad("not valid JSON");
    recorded_call c;
    std::uint64_t call = 0;
    std::int64_t status = 0;
    std::string_view path, query, text;
    if (doc["seq"].get(c.seq) || doc["call"].get(call))
      throw bad("\"seq\" and \"call\" must be non-negative integers");
    if (doc["path"].get(path) || doc["query"].get(query))
      throw bad("\"path\" and \"query\" must be strings");
    if (doc["status"].get(status) || status < 0 || status > 599)
      throw bad("\"status\" must be an HTTP status, or 0 for no answer");
    c.path = path;
    c.query = query;
    c.status = static_cast<int>(status);
    if (!doc["failure"].get(text))
      c.failure = text;
    if (!doc["body"].get(text)) {
      c.body = segment / std::string(text);
      if (!fs::exists(c.body))
        throw bad(fmt::format("its body {} is missing", c.body.string()));
    } else if (c.status != 0) {
      throw bad("an answered exchange needs \"body\"");
    }
    c.env = envelope_of(doc);
    if (c.path == "/product")
      c.asins = split_product_query(c.query).second;
    calls.insert_or_assign(call, std::move(c));
  }
}

recorded_session read_session(const fs::path& dir, simdjson::dom::parser& parser) {
  recorded_session s;
  s.dir = dir;
  const fs::path header_file = dir / std::string(session_file);
  s.header = parse_session_header(read_text(header_file), "capture: " + header_file.string());
  std::map<std::uint64_t, recorded_call> calls;
  for (const auto& segment : numbered_dirs(dir, "segment-"))
    read_segment(segment, parser, calls);
  for (auto& [id, call] : calls)
    s.calls.push_back(std::move(call));
  std::sort(s.calls.begin(), s.calls.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  for (const auto& c : s.calls)
    if (c.env && c.env->timestamp_ms > 0) {
      if (s.first_timestamp_ms == 0)
        s.first_timestamp_ms = c.env->timestamp_ms;
      s.last_timestamp_ms = std::max(s.last_timestamp_ms, c.env->timestamp_ms);
    }
  return s;
}

} // namespace

std::pair<std::string, std::vector<std::string>> split_product_query(std::string_view query) {
  std::string profile;
  std::vector<std::string> asins;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.rfind("asin=", 0) == 0) {
      std::string_view list = item.substr(5);
      while (!list.empty()) {
        const auto comma = list.find(',');
        if (comma != 0)
          asins.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
    } else if (!item.empty()) {
      profile += (profile.empty() ? "" : "&") + std::string(item);
    }
  }
  return {std::move(profile), std::move(asins)};
}

bool is_capture(const fs::path& dir) {
  return fs::exists(dir / std::string(session_file)) || !numbered_dirs(dir, "session-").empty();
}

std::vector<recorded_session> load_capture(const fs::path& dir) {
  simdjson::dom::parser parser;
  std::vector<recorded_session> out;
  if (fs::exists(dir / std::string(session_file))) {
    out.push_back(read_session(dir, parser));
    return out;
  }
  for (const auto& session : numbered_dirs(dir, "session-"))
    out.push_back(read_session(session, parser));
  if (out.empty())
    throw std::runtime_error("capture: " + dir.string() + " holds no session-NNNN directory (see `run --capture`)");
  return out;
}

} // namespace capture
