// A capture read back: its sessions in order, and for each the calls it
// recorded (the last attempt of each call, which is what the node got),
// indexed the way a replay asks for them. Bodies stay on disk; the index
// holds a few hundred bytes a call, so a capture of any size loads small.
#pragma once

#include "capture/capture_format.hpp"
#include "keepa/product.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace capture {

struct recorded_call {
  std::uint64_t seq = 0;  // of its last attempt
  std::string path;       // "/product"
  std::string query;      // without the key
  int status = 0;         // 0: no HTTP answer
  std::string failure;
  std::optional<keepa::envelope> env;
  std::filesystem::path body;  // empty without one
  std::vector<std::string> asins;  // /product: the ASINs it asked for
};

struct recorded_session {
  session_header header;
  std::filesystem::path dir;
  std::vector<recorded_call> calls;  // in the order they were answered
  std::int64_t first_timestamp_ms = 0;  // of the envelopes; 0 when none
  std::int64_t last_timestamp_ms = 0;
};

// Reads DIR (a capture, or one session directory of one). Throws
// std::runtime_error naming the file and line of anything malformed, and
// when DIR holds no session at all.
std::vector<recorded_session> load_capture(const std::filesystem::path& dir);

// True when DIR looks like a capture (has a session directory or is one).
bool is_capture(const std::filesystem::path& dir);

// "domain=1&asin=A,B&stats=90" -> ("domain=1&stats=90", {"A","B"}): the
// request profile a product answer is filed under, and its ASINs.
std::pair<std::string, std::vector<std::string>> split_product_query(std::string_view query);

} // namespace capture
