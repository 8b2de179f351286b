// `run --capture DIR`: records every exchange the Keepa client makes as one
// new session of the capture (see capture_format.hpp). Files and directories
// are created 0600/0700. The key is never written.
#pragma once

#include "capture/capture_format.hpp"
#include "keepa/exchange_recorder.hpp"

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

namespace capture {

struct writer_options {
  std::filesystem::path dir;
  std::int64_t max_segment_bytes = 256ll << 20;  // capture.max_mb
  std::string api_key{};  // scrubbed from everything written, in every form it is sent
  int gzip_level = 6;
};

class capture_writer final : public keepa::exchange_recorder {
public:
  // Creates DIR if needed and the next session in it, with its header.
  // Throws std::runtime_error naming the path when that cannot be written.
  capture_writer(writer_options options, session_header header);
  ~capture_writer() override;

  void record(const keepa::exchange& e) noexcept override;

  std::int32_t session() const { return header_.session; }
  std::filesystem::path session_path() const { return session_dir_; }
  std::uint64_t exchanges_written() const;
  // Set once a write failed; later exchanges are not recorded (logged once).
  bool failed() const;

private:
  void open_segment();
  void write_exchange(const keepa::exchange& e);

  writer_options options_;
  session_header header_;
  std::filesystem::path session_dir_;
  mutable std::mutex mutex_;
  std::filesystem::path segment_dir_;
  int lines_fd_ = -1;
  std::int32_t segment_ = 0;
  std::int64_t segment_bytes_ = 0;
  std::uint64_t seq_ = 0;
  bool failed_ = false;
};

// The number the next session in `dir` gets: one past the highest there.
std::int32_t next_session_number(const std::filesystem::path& dir);

} // namespace capture
