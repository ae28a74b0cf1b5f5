#!/usr/bin/env python3
"""Load driver and checker for benches/crash.sh (Python 3 standard library only).

  crash_driver.py run   --base http://127.0.0.1:PORT --out acks.jsonl [--shoppers 16] [--round 1]
  crash_driver.py check --bin BIN --database URL --work DIR --rounds 1,2,3 --since RFC3339

`run` starts one thread per shopper, each with its own session cookie, looping: view a product,
add it to the cart (1 to 3 times), sometimes view the cart, open the checkout and place the
order. Every request that could change the store is written to the acknowledgement log *before*
it is sent (`add_try`, `order_try`) and again once its 303 has arrived (`add`, `order`); every
product page answered 200 is logged as `view`. Each line is flushed as it is written, so the log
survives whatever happens to the server (kill -9) or to the driver. It runs until SIGTERM/SIGINT
(or --duration) and prints a JSON summary on stdout.

`check` reads the logs of the given rounds (DIR/acks.R.jsonl, DIR/meta.R.json), the stored
events (`storefront events --format ndjson --source live`) and the orders, order lines and cart
lines (sqlite3 module, or psql for PostgreSQL), prints the figures and exits 1 when an
acknowledged order or cart change, or its event, is missing or duplicated, or when a cart or an
order disagrees with the events that are supposed to have been written with it.
"""

import argparse
import collections
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

MAX_QUANTITY = 99  # src/domain/cart.rs: a cart line never holds more

# --------------------------------------------------------------------------------------------
# run


class Log:
    """The acknowledgement log: one JSON object a line, flushed (to the OS) line by line."""

    def __init__(self, path):
        self.f = open(path, "a", buffering=1, encoding="utf-8")
        self.lock = threading.Lock()

    def write(self, **record):
        record["t"] = time.time()
        line = json.dumps(record, separators=(",", ":")) + "\n"
        with self.lock:
            self.f.write(line)
            self.f.flush()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.latency = collections.defaultdict(list)

    def count(self, key, n=1):
        with self.lock:
            self.counts[key] += n

    def took(self, key, seconds):
        with self.lock:
            self.latency[key].append(seconds)


class Down(Exception):
    """The request got no complete answer (connection refused, reset, timed out)."""


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
USER_RE = re.compile(r"Shopping under user id <code>([^<]+)</code>")
KEY_RE = re.compile(r'name="checkout_key" value="([^"]+)"')
PRODUCT_RE = re.compile(r'data-product-id="([^"]+)"')


class Shopper(threading.Thread):
    def __init__(self, index, host, port, products, log, stats, stop, seed):
        super().__init__(name=f"shopper-{index}", daemon=True)
        self.index, self.host, self.port = index, host, port
        self.products, self.log, self.stats, self.stop = products, log, stats, stop
        self.rng = random.Random(seed)
        self.conn = None
        self.cookie = None
        self.csrf = None
        self.user = None

    # One request on this shopper's keep-alive connection; redirects are never followed.
    def request(self, method, path, form=None):
        if self.stop.is_set():
            raise Down("stopping")
        headers = {}
        body = None
        if self.cookie:
            headers["Cookie"] = "storefront=" + self.cookie
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException) as e:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.stats.count("down:" + type(e).__name__)
            # The server is gone (or going): do not spin.
            self.stop.wait(0.05)
            raise Down(str(e)) from e
        self.stats.took(method + " " + path.split("/")[1], time.monotonic() - started)
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if key.strip() == "storefront":
                    self.cookie = val.strip() or None
        self.stats.count(f"{method} {resp.status}")
        return resp.status, resp.getheader("Location"), data.decode("utf-8", "replace")

    def unexpected(self, what, status, location, body=""):
        self.stats.count("unexpected")
        snippet = re.sub(r"\s+", " ", body)[:200]
        self.log.write(k="unexpected", user=self.user, what=what, status=status,
                       location=location, body=snippet)

    def setup(self):
        status, _, body = self.request("GET", "/profile")
        csrf, user = CSRF_RE.search(body), USER_RE.search(body)
        if status != 200 or not csrf or not user:
            self.unexpected("profile", status, None, body)
            raise Down("no session")
        self.csrf, self.user = csrf.group(1), user.group(1)
        self.log.write(k="shopper", s=self.index, user=self.user)

    def cycle(self):
        for _ in range(self.rng.randint(1, 3)):
            product = self.rng.choice(self.products)
            path = "/product/" + urllib.parse.quote(product, safe="")
            status, _, _ = self.request("GET", path)
            if status == 200:
                self.log.write(k="view", user=self.user, p=product)
            else:
                self.unexpected("view", status, None)
            quantity = self.rng.randint(1, 3)
            self.log.write(k="add_try", user=self.user, p=product, q=quantity)
            started = time.monotonic()
            status, location, body = self.request(
                "POST", "/cart/add",
                {"csrf_token": self.csrf, "product_id": product, "quantity": str(quantity)})
            if status == 303 and location == path:
                self.log.write(k="add", user=self.user, p=product, q=quantity,
                               ms=round((time.monotonic() - started) * 1000, 2))
                # Land where the browser is sent back, as a browser would: the shop records no
                # view for this landing (the add has its own event) and it consumes the mark
                # that says so, so that the next visit to this product counts as a view again.
                self.request("GET", location)
            else:
                self.unexpected("add", status, location, body)
        if self.rng.random() < 0.3:
            status, _, _ = self.request("GET", "/cart")
            if status == 200:
                self.log.write(k="cartview", user=self.user)
            else:
                self.unexpected("cart", status, None)
        status, location, body = self.request("GET", "/checkout")
        key = KEY_RE.search(body) if status == 200 else None
        if not key:
            self.unexpected("checkout form", status, location, body)
            return
        self.log.write(k="checkout", user=self.user)
        form = {
            "csrf_token": self.csrf,
            "checkout_key": key.group(1),
            "name": f"Crash Tester {self.index}",
            "email": f"crash{self.index}@example.com",
            "address1": f"{self.index} Kill Street",
            "address2": "",
            "city": "Springfield",
            "state": "IL",
            "zipcode": "62701",
            "country": "US",
        }
        self.log.write(k="order_try", user=self.user, key=key.group(1))
        started = time.monotonic()
        status, location, body = self.request("POST", "/checkout", form)
        match = re.fullmatch(r"/orders/([0-9A-Za-z]+)", location or "")
        if status == 303 and match:
            self.log.write(k="order", user=self.user, id=match.group(1), key=key.group(1),
                           ms=round((time.monotonic() - started) * 1000, 2))
            status, _, body = self.request("GET", location)
            if status != 200:
                self.unexpected("order page", status, None, body)
        else:
            self.unexpected("order", status, location, body)

    def run(self):
        while not self.stop.is_set():
            try:
                if self.user is None:
                    self.setup()
                self.cycle()
            except Down:
                continue
            except Exception as e:  # a bug in the driver: say so, keep the others going
                self.stats.count("driver error")
                self.log.write(k="driver_error", user=self.user, error=repr(e))
                self.stop.wait(0.1)
        if self.conn is not None:
            self.conn.close()


def fetch_products(host, port, categories, pages):
    products = []
    for category in categories:
        for page in range(1, pages + 1):
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("GET", f"/category/{category}?page={page}")
            resp = conn.getresponse()
            body = resp.read().decode("utf-8", "replace")
            conn.close()
            if resp.status != 200:
                break
            found = PRODUCT_RE.findall(body)
            new = [p for p in dict.fromkeys(found) if p not in products]
            if not new:
                break
            products.extend(new)
    return products


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(args):
    base = urllib.parse.urlsplit(args.base)
    host, port = base.hostname, base.port or 80
    products = fetch_products(host, port, args.categories.split(","), args.pages)
    if not products:
        print("no products found on the category pages", file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    log = Log(args.out)
    stats = Stats()
    log.write(k="start", round=args.round, shoppers=args.shoppers, products=len(products))
    threads = [
        Shopper(i, host, port, products, log, stats, stop, seed=args.seed * 1000 + args.round * 100 + i)
        for i in range(args.shoppers)
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    stop.wait(args.duration if args.duration > 0 else None)
    stop.set()
    elapsed = time.monotonic() - started
    for t in threads:
        t.join(timeout=35)
    log.write(k="stop")
    lat = {
        key: {"n": len(v), "p50_ms": round(percentile(v, 0.5) * 1000, 2),
              "p99_ms": round(percentile(v, 0.99) * 1000, 2)}
        for key, v in sorted(stats.latency.items())
    }
    answered = sum(v for k, v in stats.counts.items() if k.startswith(("GET ", "POST ")))
    summary = {"round": args.round, "seconds": round(elapsed, 2), "answered": answered,
               "per_second": round(answered / elapsed, 1) if elapsed else None,
               "counts": dict(sorted(stats.counts.items())), "latency": lat,
               "products": len(products)}
    print(json.dumps(summary))
    return 0


# --------------------------------------------------------------------------------------------
# check


def read_log(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                records.append(json.loads(line))
            except ValueError:
                # Only the very last line can be torn (the driver was stopped mid-write): an
                # unfinished line was never an acknowledgement we rely on.
                pass
    return records


def stored_events(binary, database, since):
    cmd = [binary, "events", "--format", "ndjson", "--source", "live", "--database", database,
           "--since", since, "--type",
           "ProductViewed,ProductAdded,CartViewed,CheckoutStarted,OrderCompleted"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"`{' '.join(cmd)}` failed ({out.returncode})")
    events = []
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("{"):
            events.append(json.loads(line))
    return events


def query(database, sql):
    """Rows of `sql` (all values as strings) from the shop's database."""
    if database.startswith("sqlite:"):
        path = re.sub(r"^sqlite:(//)?", "", database).split("?", 1)[0]
        conn = sqlite3.connect(path, timeout=30)
        try:
            return [tuple("" if v is None else str(v) for v in row) for row in conn.execute(sql)]
        finally:
            conn.close()
    out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                          "-d", database, "-c", sql],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if out.returncode != 0:
        raise SystemExit("psql failed: " + out.stderr.decode("utf-8", "replace"))
    return [tuple(line.split("\t")) for line in out.stdout.decode("utf-8").splitlines() if line]


def sql_list(values):
    return ",".join("'" + v.replace("'", "''") + "'" for v in sorted(values)) or "''"


def check_round(rnd, records, meta, events_by_user, orders, order_lines, carts):
    """The figures and the failures of one round."""
    fail = []
    users = {r["user"] for r in records if r.get("k") == "shopper"}
    acked_orders = {}
    order_tries = collections.Counter()
    add_acked, add_tried = collections.Counter(), collections.Counter()
    view_acked, view_times = collections.Counter(), collections.defaultdict(list)
    other_acked = collections.Counter()
    unexpected = collections.Counter()
    for r in records:
        k = r.get("k")
        if k == "order":
            if r["id"] in acked_orders:
                fail.append(f"order {r['id']} acknowledged twice by the shop")
            acked_orders[r["id"]] = r["user"]
        elif k == "order_try":
            order_tries[r["user"]] += 1
        elif k == "add":
            add_acked[(r["user"], r["p"], r["q"])] += 1
        elif k == "add_try":
            add_tried[(r["user"], r["p"], r["q"])] += 1
        elif k == "view":
            view_acked[(r["user"], r["p"])] += 1
            view_times[(r["user"], r["p"])].append(r["t"])
        elif k == "cartview":
            other_acked[(r["user"], "CartViewed")] += 1
        elif k == "checkout":
            other_acked[(r["user"], "CheckoutStarted")] += 1
        elif k in ("unexpected", "driver_error"):
            unexpected[f"{r.get('what', k)} {r.get('status', '')}".strip()] += 1

    # Stored, for this round's shoppers.
    add_stored = collections.Counter()
    view_stored = collections.Counter()
    other_stored = collections.Counter()
    completed = collections.Counter()  # orderId -> OrderCompleted events
    completed_user = {}
    cart_mismatch = []
    for user in users:
        cart = {}
        for e in events_by_user.get(user, []):
            kind, props = e["event_type"], e.get("properties") or {}
            if kind == "ProductAdded":
                q = int(props.get("quantity", 0))
                add_stored[(user, e["item_id"], q)] += 1
                cart[e["item_id"]] = min(MAX_QUANTITY, cart.get(e["item_id"], 0) + q)
                if (props.get("cartQuantity"), props.get("cartLines")) != (sum(cart.values()), len(cart)):
                    cart_mismatch.append(
                        f"{user}: ProductAdded {e['event_id']} says cart {props.get('cartQuantity')} "
                        f"units/{props.get('cartLines')} lines, the events before it make "
                        f"{sum(cart.values())}/{len(cart)}")
            elif kind == "OrderCompleted":
                oid = props.get("orderId")
                completed[oid] += 1
                completed_user[oid] = user
                lines = {l["productId"]: int(l["quantity"]) for l in props.get("lines", [])}
                if lines != cart:
                    cart_mismatch.append(
                        f"{user}: order {oid}'s event lines {lines} differ from the cart its "
                        f"ProductAdded events built {cart}")
                if {p: q for p, q in order_lines.get(oid, [])} != lines:
                    cart_mismatch.append(
                        f"order {oid}: stored order lines {order_lines.get(oid)} differ from its "
                        f"event's {lines}")
                cart = {}
            elif kind == "ProductViewed":
                view_stored[(user, e["item_id"])] += 1
            else:
                other_stored[(user, kind)] += 1
        stored_cart = {p: q for p, q in carts.get(user, [])}
        if stored_cart != cart:
            cart_mismatch.append(
                f"{user}: cart_lines {stored_cart} differ from the cart the stored events build {cart}")

    # Orders: every acknowledged one stored once, with exactly one OrderCompleted event.
    lost_orders = sorted(o for o in acked_orders if o not in orders)
    bad_events = sorted(o for o in acked_orders if completed[o] != 1)
    wrong_owner = sorted(o for o, u in acked_orders.items() if o in orders and orders[o] != u)
    round_orders = {o for o, u in orders.items() if u in users}
    no_event = sorted(o for o in round_orders if completed[o] == 0)
    no_row = sorted(o for o in completed if o not in orders)
    dup_events = sorted(o for o in completed if completed[o] > 1)
    unacked_orders = round_orders - set(acked_orders)
    per_user_unacked = collections.Counter(orders[o] for o in unacked_orders)
    acked_per_user = collections.Counter(acked_orders.values())
    phantom = sorted(u for u, n in per_user_unacked.items()
                     if acked_per_user[u] + n > order_tries[u])
    for o in lost_orders:
        fail.append(f"LOST ORDER: {o} (acknowledged to {acked_orders[o]}) is not in orders")
    for o in bad_events:
        fail.append(f"order {o}: {completed[o]} OrderCompleted events, expected exactly 1")
    for o in wrong_owner:
        fail.append(f"order {o}: stored for {orders[o]}, acknowledged to {acked_orders[o]}")
    for o in no_event:
        if o not in bad_events:
            fail.append(f"order {o} is stored without its OrderCompleted event")
    for o in no_row:
        fail.append(f"OrderCompleted for {o} ({completed_user[o]}) without an order row")
    for o in dup_events:
        if o not in bad_events:
            fail.append(f"order {o}: {completed[o]} OrderCompleted events")
    for u in phantom:
        fail.append(f"{u}: more orders stored than placed")

    # Cart changes: every acknowledged add has its ProductAdded event; none stored twice.
    lost_adds = sum(max(0, n - add_stored[key]) for key, n in add_acked.items())
    dup_adds = sum(max(0, n - add_tried[key]) for key, n in add_stored.items())
    for key, n in add_acked.items():
        if add_stored[key] < n:
            fail.append(f"LOST ADD: {key} acknowledged {n}x, {add_stored[key]} ProductAdded stored")
    for key, n in add_stored.items():
        if n > add_tried[key]:
            fail.append(f"DUPLICATE ADD: {key} posted {add_tried[key]}x, {n} ProductAdded stored")
    fail.extend("CART/EVENT MISMATCH: " + m for m in cart_mismatch)

    # Views (queued, flushed every 100 ms): lost ones are information, not failures.
    kill_at = meta.get("kill_at")
    lost_views, ages = 0, []
    for key, n in view_acked.items():
        missing = n - view_stored[key]
        if missing > 0:
            lost_views += missing
            if kill_at:
                ages.extend(kill_at - t for t in sorted(view_times[key])[-missing:])
    lost_other = sum(max(0, n - other_stored[key]) for key, n in other_acked.items())
    health = meta.get("health") or {}
    sinks = ((health.get("events") or {}).get("sinks") or [{}])
    queued = sum(s.get("queued", 0) for s in sinks)
    dropped = sum(s.get("dropped", 0) + s.get("failed", 0) for s in sinks)
    driver = meta.get("driver") or {}
    return {
        "round": rnd,
        "startup_s": meta.get("startup_s"),
        "shoppers": len(users),
        "answered": driver.get("answered"),
        "per_second": driver.get("per_second"),
        "orders_acked": len(acked_orders),
        "orders_stored": len(round_orders),
        "orders_unacked_stored": len(unacked_orders),
        "orders_lost": len(lost_orders),
        "orders_dup": len(dup_events),
        "adds_acked": sum(add_acked.values()),
        "adds_stored": sum(add_stored.values()),
        "adds_unacked_stored": sum(max(0, n - add_acked[k]) for k, n in add_stored.items()),
        "adds_lost": lost_adds,
        "adds_dup": dup_adds,
        "cart_mismatch": len(cart_mismatch),
        "views_acked": sum(view_acked.values()),
        "views_stored": sum(view_stored.values()),
        "views_lost": lost_views,
        "views_unacked_stored": sum(max(0, n - view_acked[k]) for k, n in view_stored.items()),
        "lost_view_age_ms": [round(min(ages) * 1000), round(max(ages) * 1000)] if ages else None,
        "other_acked": sum(other_acked.values()),
        "other_stored": sum(other_stored.values()),
        "other_lost": lost_other,
        "queued_before_kill": queued if health else None,
        "dropped_before_kill": dropped if health else None,
        "unexpected": dict(unexpected),
        "add_p99_ms": ((driver.get("latency") or {}).get("POST cart") or {}).get("p99_ms"),
        "order_p99_ms": ((driver.get("latency") or {}).get("POST checkout") or {}).get("p99_ms"),
        "failures": fail,
    }


def table(headers, rows):
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in cells:
        print("| " + " | ".join(row) + " |")


def check(args):
    rounds = [int(r) for r in args.rounds.split(",") if r]
    logs, metas = {}, {}
    for r in rounds:
        logs[r] = read_log(os.path.join(args.work, f"acks.{r}.jsonl"))
        try:
            with open(os.path.join(args.work, f"meta.{r}.json"), encoding="utf-8") as f:
                metas[r] = json.load(f)
        except (OSError, ValueError):
            metas[r] = {}
        try:
            with open(os.path.join(args.work, f"driver.{r}.json"), encoding="utf-8") as f:
                metas[r]["driver"] = json.loads(f.read().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            pass
    users = {rec["user"] for recs in logs.values() for rec in recs if rec.get("k") == "shopper"}
    events_by_user = collections.defaultdict(list)
    for e in stored_events(args.bin, args.database, args.since):
        if e.get("user_id") in users:
            events_by_user[e["user_id"]].append(e)
    ulist = sql_list(users)
    orders = dict(query(args.database, f"SELECT id, user_id FROM orders WHERE user_id IN ({ulist})"))
    order_lines = collections.defaultdict(list)
    for oid, pid, q in query(args.database,
                             "SELECT l.order_id, l.product_id, l.quantity FROM order_lines l "
                             f"JOIN orders o ON o.id = l.order_id WHERE o.user_id IN ({ulist})"):
        order_lines[oid].append((pid, int(q)))
    carts = collections.defaultdict(list)
    for uid, pid, q in query(args.database,
                             f"SELECT user_id, product_id, quantity FROM cart_lines WHERE user_id IN ({ulist})"):
        carts[uid].append((pid, int(q)))

    results = [check_round(r, logs[r], metas[r], events_by_user, orders, order_lines, carts)
               for r in rounds]
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    if args.quiet:
        for x in results:
            bad = len(x["failures"])
            print(f"{args.title}, round {x['round']}: {'FAIL (%d problems)' % bad if bad else 'ok'}: "
                  f"orders acked {x['orders_acked']} / stored {x['orders_stored']} "
                  f"(lost {x['orders_lost']}, dup {x['orders_dup']}); "
                  f"adds acked {x['adds_acked']} / stored {x['adds_stored']} "
                  f"(lost {x['adds_lost']}, dup {x['adds_dup']}); cart≠events {x['cart_mismatch']}; "
                  f"views acked {x['views_acked']} / stored {x['views_stored']}")
            for f in x["failures"][:20]:
                print("  " + f)
        return 1 if any(x["failures"] for x in results) else 0
    print(f"\n### {args.title}\n")
    table(["round", "startup s", "shoppers", "requests", "req/s",
           "orders acked", "orders stored", "stored unacked", "orders lost", "orders dup",
           "adds acked", "adds stored", "stored unacked", "adds lost", "adds dup",
           "cart≠events", "add p99 ms", "order p99 ms"],
          [[x["round"], x["startup_s"], x["shoppers"], x["answered"], x["per_second"],
            x["orders_acked"], x["orders_stored"], x["orders_unacked_stored"], x["orders_lost"],
            x["orders_dup"], x["adds_acked"], x["adds_stored"], x["adds_unacked_stored"],
            x["adds_lost"], x["adds_dup"], x["cart_mismatch"], x["add_p99_ms"], x["order_p99_ms"]]
           for x in results])
    print("\nQueued events (ProductViewed; CartViewed + CheckoutStarted as 'other'), flushed every "
          "100 ms: a loss within the last flush interval before kill -9 is expected, not a failure.\n")
    table(["round", "views acked", "views stored", "views lost", "stored unacked",
           "lost views acked (ms before kill)", "other acked", "other stored", "other lost",
           "queued at kill", "dropped/failed at kill", "unexpected answers"],
          [[x["round"], x["views_acked"], x["views_stored"], x["views_lost"],
            x["views_unacked_stored"],
            "" if not x["lost_view_age_ms"] else "%d..%d" % tuple(x["lost_view_age_ms"]),
            x["other_acked"], x["other_stored"], x["other_lost"], x["queued_before_kill"],
            x["dropped_before_kill"],
            ", ".join(f"{k}: {v}" for k, v in sorted(x["unexpected"].items())) or "0"]
           for x in results])
    failures = [f"round {x['round']}: {f}" for x in results for f in x["failures"]]
    no_work = [x["round"] for x in results if x["orders_acked"] == 0 or x["adds_acked"] == 0]
    if no_work:
        failures.append(f"round(s) {no_work}: no acknowledged order or add — the load never ran")
    print()
    if failures:
        print(f"FAIL: {len(failures)} problem(s)")
        for f in failures[:50]:
            print("  " + f)
        if len(failures) > 50:
            print(f"  … and {len(failures) - 50} more (see {args.json or 'the --json file'})")
        return 1
    print("PASS: every acknowledged order and cart change is stored once, with its event")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--base", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--shoppers", type=int, default=16)
    r.add_argument("--round", type=int, default=1)
    r.add_argument("--duration", type=float, default=0, help="seconds; 0: until SIGTERM")
    r.add_argument("--categories", default="books")
    r.add_argument("--pages", type=int, default=4)
    r.add_argument("--seed", type=int, default=1)
    c = sub.add_parser("check")
    c.add_argument("--bin", required=True)
    c.add_argument("--database", required=True)
    c.add_argument("--work", required=True)
    c.add_argument("--rounds", required=True, help="comma-separated round numbers")
    c.add_argument("--since", required=True)
    c.add_argument("--title", default="crash test")
    c.add_argument("--json")
    c.add_argument("--quiet", action="store_true", help="one line a round, and its failures")
    args = parser.parse_args()
    sys.exit(run(args) if args.command == "run" else check(args))


if __name__ == "__main__":
    main()
