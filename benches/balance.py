#!/usr/bin/env python3
"""How the home shelf keeps its balance (issue 14), measured over HTTP on a running shop.

    python3 benches/balance.py [URL] [SHOPPERS]     (default http://127.0.0.1:8080, 40)

For SHOPPERS emulated shoppers (the profile page's "Auto select"): the persona's share of the
12 cards, how many of its categories show, the most cards of one style; then after three views
in a category outside the persona, that category's count and the persona's. For as many
anonymous browsers: the viewed category's count after one view and after three. Prints each
figure's min / mean / max and how many shelves meet the issue's rule.
"""
import html
import http.cookiejar
import random
import re
import statistics
import sys
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 40
CATEGORIES = ["accessories", "apparel", "beauty", "books", "electronics", "floral", "footwear",
              "furniture", "groceries", "homedecor", "housewares", "instruments", "jewelry",
              "outdoors", "seasonal", "tools"]
rng = random.Random(14)


class Browser:
    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(BASE + path) as r:
            return r.read().decode()

    def post(self, path, fields):
        page = self.get("/profile")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
        with self.opener.open(BASE + path, data) as r:
            return r.read().decode()


def shelf(page, feature="home_product_recs"):
    m = re.search(r'<section class="shelf" data-feature="%s".*?</section>' % feature, page, re.S)
    if not m:
        return []
    return re.findall(r'<article class="card" data-product-id="([^"]+)" data-category="([^"]+)" '
                      r'data-style="([^"]+)"', m.group(0))


def category_ids(b, category, k):
    page = b.get("/category/" + category)
    cards = shelf(page, "category_detail_rank")
    return [c[0] for c in cards[:k]]


def most_of_one_style(cards):
    styles = {}
    for _, _, s in cards:
        styles[s] = styles.get(s, 0) + 1
    return max(styles.values()) if styles else 0


figures = {k: [] for k in ["persona_share", "persona_categories", "style_max", "outside_after_3",
                           "persona_after_3", "style_max_after_3", "anon_after_1", "anon_after_3"]}
seen = set()
repeats = 0
while len(seen) < N:
    b = Browser()
    b.post("/profile/select", {"mode": "auto"})
    profile = b.get("/profile")
    candidate = re.search(r'data-candidate-id="([^"]+)"', profile).group(1)
    # A shopper emulated before has this run's clicks in their session: a fresh one each time.
    if candidate in seen:
        repeats += 1
        continue
    seen.add(candidate)
    home = b.post("/profile/save", {"shopper_id": candidate})
    persona = html.unescape(re.search(r'data-persona="([^"]+)"', home).group(1)).split("_")
    cards = shelf(b.get("/"))
    in_persona = sum(1 for _, c, _ in cards if c in persona)
    figures["persona_share"].append(in_persona / len(cards))
    figures["persona_categories"].append(sum(1 for p in persona if any(c == p for _, c, _ in cards)))
    figures["style_max"].append(most_of_one_style(cards))
    outside = rng.choice([c for c in CATEGORIES if c not in persona])
    for pid in category_ids(b, outside, 3):
        b.get("/product/" + pid)
    cards = shelf(b.get("/"))
    figures["outside_after_3"].append(sum(1 for _, c, _ in cards if c == outside))
    figures["persona_after_3"].append(sum(1 for _, c, _ in cards if c in persona))
    figures["style_max_after_3"].append(most_of_one_style(cards))

    a = Browser()
    category = rng.choice(CATEGORIES)
    ids = category_ids(a, category, 3)
    a.get("/product/" + ids[0])
    cards = shelf(a.get("/"))
    figures["anon_after_1"].append(sum(1 for _, c, _ in cards if c == category))
    for pid in ids[1:]:
        a.get("/product/" + pid)
    cards = shelf(a.get("/"))
    figures["anon_after_3"].append(sum(1 for _, c, _ in cards if c == category))

rules = {
    "persona_share": lambda v: v >= 0.75,
    "persona_categories": lambda v: v >= 2,
    "style_max": lambda v: v <= 3,
    "outside_after_3": lambda v: 3 <= v <= 9,
    "persona_after_3": lambda v: v >= 3,
    "style_max_after_3": lambda v: v <= 3,
    "anon_after_1": lambda v: 3 <= v <= 8,
    "anon_after_3": lambda v: v >= 6,
}
print(f"{N} emulated shoppers ({repeats} drawn again and skipped) and {N} anonymous browsers on {BASE}")
print(f"{'figure':<20} {'min':>6} {'mean':>6} {'max':>6}  meets the rule")
for k, v in figures.items():
    ok = sum(1 for x in v if rules[k](x))
    print(f"{k:<20} {min(v):>6.2f} {statistics.mean(v):>6.2f} {max(v):>6.2f}  {ok}/{len(v)}")
