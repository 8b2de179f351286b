// Where `keepa-deals inspect FILE` spends its time, phase by phase, each run
// in a fresh child process (as the command runs: every page it touches is new
// to it): reading the file, parsing it into the model, and freeing the model.
// Three ways side by side: as inspect first read and parsed (the file appended
// 64 KiB at a time, then copied by the parser into its padded buffer); read
// into one buffer of the file's size and parsed where it lies; and as it does
// now (app::read_response_file: the file mapped, parsed where it lies).
// Usage: bench_inspect_phases FILE [runs (default 7)]
//   keepa-deals generate --products 100 --seed 11 --history=1 > /tmp/inspect100.json
#include "app/input_file.hpp"
#include "keepa/parse_padded.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

double ms_since(clock_type::time_point& start) {
  const auto now = clock_type::now();
  const double ms = std::chrono::duration<double, std::milli>(now - start).count();
  start = now;
  return ms;
}

// How inspect read a file before: growing a string 64 KiB at a time.
std::string read_in_chunks(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in) {
    std::perror(path.c_str());
    std::exit(1);
  }
  std::string body;
  char buffer[1 << 16];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, in.get()))
    body.append(buffer, n);
  return body;
}

// How inspect read a file next: one buffer of the file's size and the
// parser's padding, filled by one fread.
std::string read_one_buffer(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  struct stat info {};
  if (!in || ::fstat(::fileno(in.get()), &info) != 0) {
    std::perror(path.c_str());
    std::exit(1);
  }
  std::string body;
  body.resize(static_cast<std::size_t>(info.st_size) + keepa::body_padding);
  body.resize(std::fread(body.data(), 1, static_cast<std::size_t>(info.st_size), in.get()));
  return body;
}

enum class read_way { appends, one_buffer, mapped };

struct phases {
  double read_ms, parse_ms, free_ms;
  long minor_faults;
};

long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// One run in a child process; the phases come back through a pipe.
phases run_once(const std::string& path, read_way way) {
  int fds[2];
  if (::pipe(fds) != 0)
    std::exit(1);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    const long faults_before = minor_faults();
    auto t = clock_type::now();
    phases p{};
    {
      app::response_body mapped;
      std::string read;
      if (way == read_way::mapped)
        mapped = app::read_response_file(path);
      else
        read = way == read_way::appends ? read_in_chunks(path) : read_one_buffer(path);
      const std::string_view body = way == read_way::mapped ? mapped.text() : std::string_view(read);
      p.read_ms = ms_since(t);
      auto response = std::make_unique<keepa::product_response>(way == read_way::appends
                                                                    ? keepa::parse_product_response(body, path)
                                                                    : keepa::parse_padded_product_response(body, path));
      p.parse_ms = ms_since(t);
      if (response->products.empty())
        std::exit(2);
      response.reset();
    }
    p.free_ms = ms_since(t);
    p.minor_faults = minor_faults() - faults_before;
    if (::write(fds[1], &p, sizeof p) != sizeof p)
      std::_Exit(1);
    std::_Exit(0);
  }
  ::close(fds[1]);
  phases p{};
  const bool got = ::read(fds[0], &p, sizeof p) == sizeof p;
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!got || status != 0) {
    std::fprintf(stderr, "bench_inspect_phases: the child run failed (is %s a /product response?)\n", path.c_str());
    std::exit(1);
  }
  return p;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_inspect_phases FILE [runs]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
  const std::pair<read_way, const char*> ways[] = {
      {read_way::appends, "first (64 KiB appends, parser's padded copy):"},
      {read_way::one_buffer, "next (one buffer, parsed in place):"},
      {read_way::mapped, "now (the file mapped, parsed in place):"},
  };
  for (const auto& [way, label] : ways) {
    std::vector<double> read, parse, freed, faults;
    for (int i = 0; i < runs; ++i) {
      const phases p = run_once(path, way);
      read.push_back(p.read_ms), parse.push_back(p.parse_ms), freed.push_back(p.free_ms);
      faults.push_back(static_cast<double>(p.minor_faults));
    }
    std::printf("%-52s read %6.1f ms, parse %6.1f ms, free %5.1f ms = %6.1f ms; %6.0f page faults (median of %d "
                "fresh processes)\n",
                label,
                median(read), median(parse), median(freed), median(read) + median(parse) + median(freed),
                median(faults), runs);
  }
  return 0;
}
