// libFuzzer target: `run --config` files through app::load_run_config, from a
// file as the binary reads them. A file either loads or is refused with a
// config error naming the file, section and key.
#include "analysis/settings.hpp"
#include "app/run_config.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto file =
      std::filesystem::temp_directory_path() / ("kd-fuzz-config-" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    app::load_run_config(file);
  } catch (const app::config_error&) {
  } catch (const analysis::settings_error&) {
  }
  return 0;
}
