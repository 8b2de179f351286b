// zlib in gzip mode (window bits 15 + 16).
#include "mock/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace mock {
namespace {
constexpr int gzip_window_bits = 15 + 16;
}

std::string gzip_compress(std::string_view data, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const auto written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END)
    throw std::runtime_error("gzip: deflate did not finish (zlib code " + std::to_string(rc) + ")");
  out.resize(written);
  return out;
}

std::string gzip_decompress(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, gzip_window_bits) != Z_OK)
    throw std::runtime_error("gunzip: inflateInit2 failed");
  std::string out;
  char chunk[64 * 1024];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
    // No progress with all input used up: the stream ended early.
    const bool starved = rc == Z_BUF_ERROR || (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0);
    if (starved || (rc != Z_OK && rc != Z_STREAM_END)) {
      const std::string why = starved ? std::string("body truncated")
                                      : (z.msg ? std::string(z.msg) : "zlib code " + std::to_string(rc));
      const auto consumed = z.total_in;
      inflateEnd(&z);
      throw std::runtime_error("gunzip: " + why + " after " + std::to_string(consumed) + " of " +
                               std::to_string(data.size()) + " bytes");
    }
  }
  inflateEnd(&z);
  return out;
}

} // namespace mock
