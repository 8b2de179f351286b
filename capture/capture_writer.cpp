#include "capture/capture_writer.hpp"

#include "capture/private_file.hpp"
#include "keepa/parse.hpp"
#include "net/gzip.hpp"
#include "net/redact.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <stdexcept>

namespace capture {
namespace fs = std::filesystem;

std::int32_t next_session_number(const fs::path& dir) {
  std::int32_t highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    std::int32_t n = 0;
    if (name.rfind("session-", 0) == 0 &&
        std::from_chars(name.data() + 8, name.data() + name.size(), n).ec == std::errc{})
      highest = std::max(highest, n);
  }
  return highest + 1;
}

capture_writer::capture_writer(writer_options options, session_header header)
    : options_(std::move(options)), header_(std::move(header)) {
  make_private_directory(options_.dir);
  header_.session = next_session_number(options_.dir);
  session_dir_ = options_.dir / session_dir_name(header_.session);
  make_private_directory(session_dir_);
  write_private_file(session_dir_ / std::string(session_file), to_json(header_));
  open_segment();
}

capture_writer::~capture_writer() { close_private_fd(lines_fd_); }

void capture_writer::open_segment() {
  close_private_fd(lines_fd_);
  segment_dir_ = session_dir_ / segment_dir_name(++segment_);
  make_private_directory(segment_dir_);
  lines_fd_ = open_private_append(segment_dir_ / std::string(exchanges_file));
  segment_bytes_ = 0;
}

std::uint64_t capture_writer::exchanges_written() const {
  std::lock_guard lock(mutex_);
  return seq_;
}

bool capture_writer::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void capture_writer::record(const keepa::exchange& e) noexcept {
  std::lock_guard lock(mutex_);
  if (failed_)
    return;
  try {
    write_exchange(e);
  } catch (const std::exception& error) {
    failed_ = true;
    spdlog::error("capture: {}; no further exchanges of this run are recorded", error.what());
  }
}

void capture_writer::write_exchange(const keepa::exchange& e) {
  if (segment_bytes_ >= options_.max_segment_bytes)
    open_segment();
  const std::uint64_t seq = ++seq_;
  auto scrub = [&](std::string_view text) { return net::scrub_secret(text, options_.api_key); };
  std::string line = fmt::format(R"({{"seq":{},"call":{},"attempt":{},"path":{},"query":{},"status":{})", seq,
                                 e.call, e.attempt, json_quote(e.path), json_quote(scrub(e.query)), e.status);
  if (e.status == 0) {
    line += fmt::format(R"(,"failure":{})", json_quote(scrub(e.failure)));
  } else {
    const std::string body = scrub(e.body);
    const std::string name = body_file_name(seq);
    const std::string packed = net::gzip(body, options_.gzip_level);
    write_private_file(segment_dir_ / name, packed);
    segment_bytes_ += static_cast<std::int64_t>(packed.size());
    line += fmt::format(R"(,"body":{},"bodyBytes":{})", json_quote(name), body.size());
    try {
      const auto env = keepa::parse_envelope(body, "capture");
      line += fmt::format(R"(,"envelope":{{"timestamp":{},"tokensLeft":{},"refillIn":{},"refillRate":{},)"
                          R"("tokensConsumed":{}}})",
                          env.timestamp_ms, env.tokens_left, env.refill_in_ms, env.refill_rate, env.tokens_consumed);
    } catch (const keepa::parse_error&) {
      // Recorded as it came: a replay meets the same malformed body.
    }
  }
  line += "}\n";
  append_private(lines_fd_, line, segment_dir_ / std::string(exchanges_file));
  segment_bytes_ += static_cast<std::int64_t>(line.size());
}

} // namespace capture
