// Parsing Keepa response bodies into the payload model. simdjson stays inside
// parse.cpp; this header is cheap to include.
#pragma once

#include "keepa/product.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace keepa {

// Every malformed body becomes one of these; it names where the bad data was:
// the source (file or request), the product (ASIN, if known) and the field.
class parse_error : public std::runtime_error {
public:
  parse_error(std::string source, std::string asin, std::string field, std::string problem);
  const std::string& source() const { return source_; }
  const std::string& asin() const { return asin_; }
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }

private:
  std::string source_, asin_, field_, problem_;
};

// `source` names the body in errors ("file x.json", "GET /product ...").
// The body need not be padded; the parser copies it when it must.
product_response parse_product_response(std::string_view body, std::string_view source);
deal_response parse_deal_response(std::string_view body, std::string_view source);
seller_response parse_seller_response(std::string_view body, std::string_view source);
// Envelope plus error object only: for 4xx/5xx bodies and /token.
envelope parse_envelope(std::string_view body, std::string_view source,
                        std::optional<api_error>* error = nullptr);

} // namespace keepa
