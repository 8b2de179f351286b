#!/usr/bin/env python3
"""The mock Keepa server as the keepa Python client (akaszynski/keepa) sees it.

Standard library only. Starts `keepa-deals mock-server` on 127.0.0.1 with a
pinned clock, then speaks as that client does: a trailing slash on every
endpoint, gzip asked for, the envelope fields it reads, its default deal query
with a scalar priceTypes, and a 429 it waits out. Exits non-zero, naming the
check, on the first thing a real client would trip over.

usage: keepa_client_compat.py PATH/TO/keepa-deals
"""
import gzip
import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

KEY = "python-client-key"
# The fields keepa.Keepa.update_status and its 429 wait read from every answer.
ENVELOPE_FIELDS = ("timestamp", "tokensLeft", "refillIn", "refillRate", "tokensConsumed")


class Mock:
    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "mock-server", "--port", "0", "--universe", "300", "--seed", "7",
             "--start", "2026-06-01T12:00:00Z", "--simulated-clock", "--token-rate", "60"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if "listening on http://127.0.0.1:" not in line:
            self.stop()
            fail("mock-server start", f"expected 'listening on http://127.0.0.1:PORT', got {line!r}")
        self.base = line.strip().split("listening on ", 1)[1]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def fail(check, why):
    print(f"FAIL {check}: {why}", file=sys.stderr)
    sys.exit(1)


def request(base, endpoint, params, method="GET"):
    """One request as the client sends it: /<endpoint>/?key=...&..., gzip accepted."""
    url = f"{base}/{endpoint}/?" + urllib.parse.urlencode({"key": KEY, **params})
    req = urllib.request.Request(url, method=method, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, headers, raw = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, headers, raw = e.code, e.headers, e.read()
    body = gzip.decompress(raw) if headers.get("Content-Encoding") == "gzip" else raw
    try:
        return status, headers, json.loads(body)
    except ValueError as e:
        fail(f"/{endpoint}/", f"HTTP {status} body is not JSON ({e}): {body[:200]!r}")


def check_envelope(check, answer):
    missing = [f for f in ENVELOPE_FIELDS if not isinstance(answer.get(f), int)]
    if missing:
        fail(check, f"envelope lacks integer {', '.join(missing)}: {sorted(answer)}")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    mock = Mock(sys.argv[1])
    try:
        run_checks(mock.base)
    finally:
        mock.stop()
    print("ok: the keepa Python client's requests are all answered as Keepa would")
    return 0


def run_checks(base):
    status, headers, token = request(base, "token", {})
    if status != 200:
        fail("/token/", f"HTTP {status}: {token}")
    if headers.get("Content-Encoding") != "gzip":
        fail("/token/", "answer not gzipped although the client asked for gzip")
    check_envelope("/token/", token)

    # The client's default deal parameters send priceTypes as a bare number.
    selection = {"page": 0, "domainId": 1, "priceTypes": 2, "dateRange": 1, "sortType": 4,
                 "includeCategories": [283155], "isRangeEnabled": True,
                 "deltaPercentRange": [20, 100]}
    status, _, deal = request(base, "deal", {"selection": json.dumps(selection)})
    if status != 200:
        fail("/deal/ scalar priceTypes", f"HTTP {status}: {deal}")
    check_envelope("/deal/", deal)
    rows = deal.get("deals", {}).get("dr")
    if not isinstance(rows, list) or not rows:
        fail("/deal/", f"no deals.dr rows in {sorted(deal.get('deals', {}))}")
    asins = [row["asin"] for row in rows[:5]]

    params = {"domain": 1, "asin": ",".join(asins), "stats": 90, "history": 1, "offers": 20,
              "rating": 1, "days": 30, "update": -1, "stock": 0, "buybox": 1}
    status, _, product = request(base, "product", params)
    if status != 200:
        fail("/product/", f"HTTP {status}: {product}")
    check_envelope("/product/", product)
    got = [p.get("asin") for p in product.get("products", [])]
    if sorted(got) != sorted(asins):
        fail("/product/", f"asked for {asins}, got {got}")
    first = product["products"][0]
    if not isinstance(first.get("csv"), list) or not isinstance(first.get("stats"), dict):
        fail("/product/", "products lack the csv history or the stats object the client parses")
    if product["tokensConsumed"] <= len(asins):
        fail("/product/", f"offers and buybox billed {product['tokensConsumed']} for {len(asins)} ASINs")

    seller_id = next((o.get("sellerId") for o in first.get("offers") or [] if o.get("sellerId")), None)
    if seller_id:
        status, _, seller = request(base, "seller", {"domain": 1, "seller": seller_id})
        if status != 200 or seller_id not in seller.get("sellers", {}):
            fail("/seller/", f"HTTP {status}: {seller}")

    # Strictness stays, with Keepa's error form.
    status, _, bad = request(base, "product", {"domain": 1})
    if status != 400 or not isinstance(bad.get("error"), dict) or "message" not in bad["error"]:
        fail("/product/ without asin", f"want 400 with an error object, got HTTP {status}: {bad}")
    check_envelope("/product/ error", bad)
    status, _, bad = request(base, "deal", {"selection": json.dumps({**selection, "priceTypes": [1, 2]})})
    if status != 400:
        fail("/deal/ two price types", f"want 400, got HTTP {status}")
    status, _, bad = request(base, "nope", {})
    if status != 404:
        fail("/nope/", f"want 404, got HTTP {status}")

    # A 429 carries what the client waits by; the retry is answered.
    urllib.request.urlopen(urllib.request.Request(f"{base}/mock/fault/?kind=storm&count=1", method="POST"),
                           timeout=10).read()
    status, _, storm = request(base, "product", {"domain": 1, "asin": asins[0]})
    if status != 429:
        fail("429", f"want HTTP 429 under an injected token storm, got {status}")
    check_envelope("429", storm)
    status, _, again = request(base, "product", {"domain": 1, "asin": asins[0]})
    if status != 200:
        fail("429 then retry", f"HTTP {status}: {again}")


if __name__ == "__main__":
    sys.exit(main())
