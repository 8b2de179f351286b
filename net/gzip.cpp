// zlib wrappers: bounded gunzip for responses, gzip for test servers.
#include "net/gzip.hpp"

#include <zlib.h>

#include <memory>

namespace net {

std::string gunzip(std::string_view compressed, std::size_t max_output) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw gzip_error("gzip: inflateInit2 failed");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  out.resize(std::min<std::size_t>(max_output, std::max<std::size_t>(compressed.size() * 8, 4096)));
  std::size_t produced = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (produced == out.size()) {
      if (out.size() >= max_output)
        throw gzip_error("gzip: inflated body exceeds the limit of " + std::to_string(max_output) +
                         " bytes");
      out.resize(std::min(max_output, out.size() * 2));
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&zs, Z_NO_FLUSH);
    produced = out.size() - zs.avail_out;
    if (rc == Z_STREAM_END)
      break;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0)
      throw gzip_error("gzip: stream truncated after " + std::to_string(compressed.size()) +
                       " bytes");
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw gzip_error(std::string("gzip: corrupt data: ") + (zs.msg ? zs.msg : "unknown error"));
  }
  if (zs.avail_in != 0)
    throw gzip_error("gzip: " + std::to_string(zs.avail_in) + " bytes of trailing data");
  out.resize(produced);
  return out;
}

std::string gzip(std::string_view plain, int level) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw gzip_error("gzip: deflateInit2 failed");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, deflateEnd);
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(plain.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
    throw gzip_error("gzip: deflate did not finish");
  out.resize(zs.total_out);
  return out;
}

} // namespace net
