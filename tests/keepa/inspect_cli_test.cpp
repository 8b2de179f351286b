// `keepa-deals inspect` run as a real process: its JSON lines are parsed back
// (simdjson DOM) and its exit status and stderr checked on bad files.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class scratch_dir {
public:
  scratch_dir() {
    path_ = fs::temp_directory_path() /
            ("keepa-inspect-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~scratch_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

run_result inspect(const scratch_dir& dir, const std::vector<std::string>& files) {
  std::string command = quoted(KEEPA_DEALS_BINARY) + " inspect";
  for (const auto& f : files)
    command += " " + quoted(f);
  const fs::path out = dir.path() / "stdout", err = dir.path() / "stderr";
  command += " >" + quoted(out.string()) + " 2>" + quoted(err.string());
  const int status = std::system(command.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

} // namespace

#ifdef KEEPA_FIXTURES_DIR
TEST_CASE("inspect prints the real capture as one JSON line with its real values") {
  scratch_dir dir;
  const std::string capture = KEEPA_FIXTURES_DIR "/keepa/product-B0D8W1YVBX-full-history.json";
  const run_result r = inspect(dir, {capture});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 1);

  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(lines[0]);
  CHECK(std::string_view(doc["file"]) == capture);
  CHECK(int64_t(doc["envelope"]["tokensConsumed"]) == 4);
  CHECK(int64_t(doc["envelope"]["tokensLeft"]) == 94);
  CHECK(int64_t(doc["envelope"]["refillIn"]) == 53441);
  CHECK(int64_t(doc["envelope"]["refillRate"]) == 60);
  CHECK(int64_t(doc["envelope"]["timestamp"]) == 1778386768884);
  simdjson::dom::array products = doc["products"];
  REQUIRE(products.size() == 1);
  simdjson::dom::element p = products.at(0);
  CHECK(std::string_view(p["asin"]) == "B0D8W1YVBX");
  CHECK(std::string_view(p["title"]).substr(0, 26) == "EQQUALBERRY Vitamin Illumi");
  CHECK(int64_t(p["last_update_unix"]) == (8075762LL + 21564000LL) * 60);
  CHECK(int64_t(p["csv_points"]["3"]) == 2740);
  CHECK(int64_t(p["csv_points"]["1"]) == 129);
  CHECK(int64_t(p["csv_points"]["18"]) == 249);
  CHECK(p["csv_points"]["2"].error() == simdjson::error_code::SUCCESS);
  CHECK(p["csv_points"]["5"].error() == simdjson::error_code::NO_SUCH_FIELD);  // null in the file
  simdjson::dom::array current = p["stats_current"];
  REQUIRE(current.size() == 36);
  CHECK(int64_t(current.at(1)) == 1499);
  CHECK(int64_t(current.at(3)) == 23);
  CHECK(int64_t(current.at(17)) == 11598);
}
#endif

TEST_CASE("inspect escapes titles so quotes, backslashes and unicode round-trip") {
  scratch_dir dir;
  const std::string title = "He said \"hi\" \\ caf\xc3\xa9 \xe2\x80\x94 tab\there";
  const auto file = dir.write("tricky.json",
                              R"({"tokensConsumed": 1, "products": [{"asin": "B0TRICKY01",
                                 "title": "He said \"hi\" \\ café \u2014 tab\there", "lastUpdate": 0,
                                 "csv": [null, [7207224, 100, 7207300, 90]]}]})");
  const run_result r = inspect(dir, {file.string()});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r.out);
  simdjson::dom::element p = doc["products"].at(0);
  CHECK(std::string_view(p["title"]) == title);
  CHECK(p["last_update_unix"].is_null());
  CHECK(int64_t(p["csv_points"]["1"]) == 2);
  CHECK(p["stats_current"].is_null());
}

TEST_CASE("inspect exits 1 naming the bad file, product and field, and still reports the good files") {
  scratch_dir dir;
  const auto bad = dir.write("odd.json", R"({"products": [{"asin": "B0ODDHIST1", "csv": [null, [7207224, 100, 7207300]]}]})");
  const auto good = dir.write("good.json", R"({"tokensLeft": 7, "products": [{"asin": "B0GOOD0001"}]})");
  const auto truncated = dir.write("truncated.json", R"({"products": [{"asin": "B0GOOD0001", "csv": [[7207)");
  const run_result r = inspect(dir, {bad.string(), good.string(), truncated.string(),
                                     (dir.path() / "missing.json").string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("odd.json") && Catch::Contains("B0ODDHIST1") && Catch::Contains("csv[1]"));
  CHECK_THAT(r.err, Catch::Contains("truncated.json"));
  CHECK_THAT(r.err, Catch::Contains("missing.json"));
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(lines[0]);
  CHECK(std::string_view(doc["products"].at(0)["asin"]) == "B0GOOD0001");
  CHECK(int64_t(doc["envelope"]["tokensLeft"]) == 7);
}
