"""The load-and-aggregate stages in DuckDB, for `make bench-compare`.

    python3 bench/reference/duckdb_load_aggregate.py DATA_DIR FROM TO

Reads every orders and events export (gzip or not) with read_csv, de-duplicates by key (orders: last
file wins per order_id + sku; events: first per event_id), and computes what mktreport's facts hold:
the window and previous-window KPIs, daily revenue and orders, and the decayed customer x item
interaction weights. Uses every core. Prints the seconds as JSON. Not needed to build or test mktreport.
"""
import json
import os
import sys
import time

import duckdb

DATA, FROM, TO = sys.argv[1], sys.argv[2], sys.argv[3]
started = time.perf_counter()
db = duckdb.connect()
orders_glob = os.path.join(DATA, "orders*.csv*")
events_glob = os.path.join(DATA, "events*.csv*")
db.execute(f"""
CREATE TABLE orders AS
SELECT * EXCLUDE (rn) FROM (
  SELECT order_id, sku, customer_id, TRY_CAST(order_time AS TIMESTAMPTZ) AS order_time,
         TRY_CAST(quantity AS DOUBLE) AS quantity, TRY_CAST(unit_price AS DOUBLE) AS unit_price,
         COALESCE(TRY_CAST(discount AS DOUBLE), 0) AS discount, COALESCE(status, 'completed') AS status,
         row_number() OVER (PARTITION BY order_id, sku ORDER BY filename DESC) AS rn
  FROM read_csv('{orders_glob}', all_varchar = true, union_by_name = true, filename = true, ignore_errors = true, header = true)
) WHERE rn = 1 AND order_time IS NOT NULL AND quantity IS NOT NULL AND unit_price IS NOT NULL
""")
db.execute(f"""
CREATE TABLE events AS
SELECT customer_id, sku, event_type, TRY_CAST(event_time AS TIMESTAMPTZ) AS event_time
FROM read_csv('{events_glob}', all_varchar = true, union_by_name = true, filename = true, ignore_errors = true, header = true)
QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY filename) = 1
""")
load_seconds = time.perf_counter() - started
kpis = db.execute(f"""
SELECT TIMESTAMPTZ '{FROM}' <= order_time AS current,
       sum(quantity * unit_price - discount) AS revenue,
       count(DISTINCT CASE WHEN quantity > 0 THEN order_id END) AS orders,
       count(DISTINCT CASE WHEN quantity > 0 THEN customer_id END) AS customers
FROM orders WHERE status = 'completed'
  AND order_time >= TIMESTAMPTZ '{FROM}' - (TIMESTAMPTZ '{TO}' + INTERVAL 1 DAY - TIMESTAMPTZ '{FROM}')
  AND order_time < TIMESTAMPTZ '{TO}' + INTERVAL 1 DAY
GROUP BY 1
""").fetchall()
daily = db.execute(f"""
SELECT date_trunc('day', order_time) AS day, sum(quantity * unit_price - discount), count(DISTINCT order_id)
FROM orders WHERE status = 'completed' AND order_time < TIMESTAMPTZ '{TO}' + INTERVAL 1 DAY GROUP BY 1 ORDER BY 1
""").fetchall()
pairs = db.execute(f"""
SELECT count(*) FROM (
  SELECT customer_id, sku,
         sum(CASE event_type WHEN 'purchase' THEN 5 WHEN 'cart' THEN 3 WHEN 'wishlist' THEN 2 ELSE 1 END
             * pow(2, -date_diff('day', event_time, TIMESTAMPTZ '{TO}' + INTERVAL 1 DAY) / 90.0)) AS weight
  FROM events
  WHERE event_type IN ('purchase', 'cart', 'wishlist', 'view') AND sku IS NOT NULL
    AND event_time < TIMESTAMPTZ '{TO}' + INTERVAL 1 DAY
  GROUP BY 1, 2)
""").fetchone()[0]
total = time.perf_counter() - started
print(json.dumps({"load": round(load_seconds, 3), "aggregate": round(total - load_seconds, 3), "total": round(total, 3),
                  "daily_rows": len(daily), "interaction_pairs": pairs}))
