// Prints the history scanner's speed on its own (MB/s of array text and
// numbers/s, per CPU second of this thread), for each way this processor
// has: the generic one (one number at a time) and the SSSE3 one (two at a
// time). The arrays are every flat integer array of a synthetic full-history
// /product body, read where they lie in it, each one's numbers after the
// last's, as the prescan reads them.
// Usage: bench_history_scan [products (default 100)] [seconds per way (default 2)]
#include "bench/synthetic_response.hpp"
#include "keepa/history_scan.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

double cpu_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool starts_number(char c) {
  return c == '-' || (c >= '0' && c <= '9');
}

// Every '[' whose first element is a number, with the text up to its ']'.
std::vector<std::string_view> flat_int_arrays(std::string_view body) {
  std::vector<std::string_view> arrays;
  for (std::size_t open = body.find('['); open != std::string_view::npos; open = body.find('[', open + 1)) {
    if (open + 1 >= body.size() || !starts_number(body[open + 1]))
      continue;
    const std::size_t close = body.find(']', open);
    arrays.push_back(body.substr(open, close - open + 1));
  }
  return arrays;
}

using scan_way = keepa::detail::scanned_array (*)(const char*, const char*, std::vector<std::int32_t>&, std::size_t);

void measure(const char* name, scan_way scan, const std::vector<std::string_view>& arrays, const char* readable_end,
             double seconds) {
  std::vector<std::int32_t> buffer;
  std::size_t bytes = 0;
  for (const std::string_view a : arrays)
    bytes += a.size();
  std::size_t rounds = 0, numbers = 0, declined = 0;
  std::int64_t checksum = 0;
  const double start = cpu_now();
  double cpu = 0;
  do {
    // Each array's numbers after the last's, as the prescan keeps them.
    std::size_t used = 0;
    for (const std::string_view a : arrays) {
      const keepa::detail::scanned_array r = scan(a.data(), readable_end, buffer, used);
      if (r.close != a.data() + a.size() - 1) {
        ++declined;
        continue;
      }
      if (rounds == 0)  // one round's, so that the ways can be compared
        for (std::size_t i = used; i < used + r.count; ++i)
          checksum += buffer[i];
      used += r.count;
    }
    numbers += used;
    ++rounds;
    cpu = cpu_now() - start;
  } while (cpu < seconds);
  const double mb = static_cast<double>(bytes) * static_cast<double>(rounds) / 1e6;
  std::printf("%-28s %7.0f MB/s %8.1f M numbers/s  (%zu rounds of %zu arrays, %.2f MB; %zu declined; checksum %lld)\n",
              name, mb / cpu, static_cast<double>(numbers) / cpu / 1e6, rounds, arrays.size(),
              static_cast<double>(bytes) / 1e6, declined, static_cast<long long>(checksum));
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t products = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
  if (products == 0 || seconds <= 0) {
    std::fprintf(stderr, "usage: bench_history_scan [products > 0] [seconds per way > 0]\n");
    return 2;
  }
  const synth::universe u({.products = products, .seed = 11});
  // The scanner reads blocks whole: zeros after the body let it read the
  // last array too.
  std::string body = bench::synthetic_product_response(u, u.all_products(), {.history = true});
  const std::size_t body_size = body.size();
  body.append(keepa::detail::history_scan_reach, '\0');
  const std::vector<std::string_view> arrays = flat_int_arrays(std::string_view(body.data(), body_size));

  std::printf("one thread; rates per CPU second; every flat integer array of a %.2f MB full-history body\n",
              static_cast<double>(body_size) / 1e6);
  const char* readable_end = body.data() + body.size();
  measure("scanner, generic", &keepa::detail::scan_int_array_generic, arrays, readable_end, seconds);
  if (keepa::detail::cpu_has_ssse3())
    measure("scanner, SSSE3 pairs", &keepa::detail::scan_int_array_ssse3, arrays, readable_end, seconds);
  else
    std::printf("scanner, SSSE3 pairs: this processor has no SSSE3, skipped\n");
  if (keepa::detail::cpu_has_avx512_scan())
    measure("scanner, AVX-512 eights", &keepa::detail::scan_int_array_avx512, arrays, readable_end, seconds);
  else
    std::printf("scanner, AVX-512 eights: this processor has no AVX-512 VBMI2, skipped\n");
  return 0;
}
