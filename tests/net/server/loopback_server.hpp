// A real Beast HTTP(S) server on 127.0.0.1 (port 0) for tests: every request
// is answered by a script the test supplies, including faults (delays, drops,
// truncated gzip, malformed bodies). Used by tests/net and tests/llm.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loopback {

struct received {
  std::string method;
  std::string target;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
  std::uint64_t connection_id = 0;  // 1, 2, ... in order of accept
};

enum class fault {
  none,
  drop_before_reply,  // read the request, then close without answering
  truncated_gzip,     // send only the first half of the gzip body (length matches)
  hang,               // never answer (until the server stops)
};

struct scripted_reply {
  int status = 200;
  std::string body;
  bool gzip = true;
  bool pre_gzipped = false;  // body is gzip already: sent as is (benchmarks)
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};
  fault fault_kind = fault::none;
  bool close_after = false;
};

using handler = std::function<scripted_reply(const received&)>;

struct tls_files {
  std::string cert_file;
  std::string key_file;
};

class server {
public:
  explicit server(handler h, std::optional<tls_files> tls = std::nullopt);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // http(s)://127.0.0.1:PORT
  std::uint64_t connections_accepted() const;
  std::vector<received> requests() const;

private:
  class impl;
  std::unique_ptr<impl> impl_;
};

// Writes a self-signed certificate for CN/SAN localhost and 127.0.0.1 with
// the openssl command into `dir`; returns its cert and key paths.
tls_files make_localhost_certificate(const std::string& dir);

} // namespace loopback
