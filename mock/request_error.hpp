// A request the mock refuses, with the HTTP status and Keepa error type it
// answers with. Messages name the parameter and the bad value (never the key).
#pragma once

#include <stdexcept>
#include <string>

namespace mock {

class request_error : public std::runtime_error {
public:
  request_error(int status, std::string type, const std::string& message)
      : std::runtime_error(printable(message)), status_(status), type_(std::move(type)) {}
  int status() const { return status_; }
  const std::string& type() const { return type_; }

private:
  // Messages quote what the client sent; control and non-ASCII bytes become
  // '?' so that every error body stays valid JSON (UTF-8) and readable.
  static std::string printable(std::string text) {
    for (char& c : text)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
        c = '?';
    return text;
  }

  int status_;
  std::string type_;
};

inline request_error invalid_parameter(const std::string& message) {
  return request_error(400, "invalidParameter", message);
}

} // namespace mock
