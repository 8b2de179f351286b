#include "app/logging.hpp"

#include "net/redact.hpp"
#include "synth/json_writer.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace app {
namespace {

std::string iso_utc_ms(long long unix_ms) {
  const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, unix_ms % 1000);
}

// The last word on what a line says: the key never leaves the process.
class scrubbing_formatter final : public spdlog::formatter {
public:
  scrubbing_formatter(bool json, std::string secret) : json_(json), secret_(std::move(secret)) {
    if (!json_)
      text_ = std::make_unique<spdlog::pattern_formatter>();
  }
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    if (json_) {
      const std::string text = net::scrub_secret(std::string_view(msg.payload.data(), msg.payload.size()), secret_);
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
      const auto level = spdlog::level::to_string_view(msg.level);
      const std::string line = json_log_line(ms, std::string(level.data(), level.size()),
                                             std::string(msg.logger_name.data(), msg.logger_name.size()), text);
      dest.append(line.data(), line.data() + line.size());
      dest.push_back('\n');
      return;
    }
    spdlog::memory_buf_t plain;
    text_->format(msg, plain);
    const std::string text = net::scrub_secret(std::string_view(plain.data(), plain.size()), secret_);
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<scrubbing_formatter>(json_, secret_);
  }

private:
  bool json_;
  std::string secret_;
  std::unique_ptr<spdlog::pattern_formatter> text_;
};

// Owner-only from its first byte, whatever the umask; an existing file keeps its mode.
void create_private(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error(fmt::format("[log] file {}: cannot create or open it: {}", path, std::strerror(errno)));
  ::close(fd);
}

} // namespace

std::string json_log_line(long long unix_ms, const std::string& level, const std::string& logger,
                          const std::string& message) {
  std::string out;
  synth::json_writer w(out);
  w.raw("{\"time\":");
  w.string(iso_utc_ms(unix_ms));
  w.raw(",\"level\":");
  w.string(level);
  w.raw(",\"logger\":");
  w.string(logger);
  w.raw(",\"message\":");
  w.string(message);
  w.raw('}');
  return out;
}

void configure_logging(const log_settings& s) {
  std::shared_ptr<spdlog::logger> logger;
  if (s.file.empty()) {
    spdlog::drop("keepa-deals");
    logger = spdlog::stderr_color_mt("keepa-deals");
  } else {
    create_private(s.file);
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(s.file, false);
    logger = std::make_shared<spdlog::logger>("keepa-deals", std::move(sink));
    logger->flush_on(spdlog::level::info);
  }
  logger->set_formatter(std::make_unique<scrubbing_formatter>(s.format == "json", s.secret));
  logger->set_level(spdlog::level::from_str(s.level));
  spdlog::set_default_logger(std::move(logger));
}

} // namespace app
