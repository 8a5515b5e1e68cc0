#!/usr/bin/env python3
"""The figures of docs/years.md from the CSV tables of `rareflow run --out DIR`.

    tools/years_figures.py DIR [DIR2 ...]

For each folder (one run of 2024-2040): China's share of each stage by year,
the NdPr, Dy, Tb and magnet price paths (China and the US), capacity outside
China by stage in 2030 and 2035, cumulative capex (China and elsewhere),
government cost by lever, magnet shortage, and the US magnet rows served.
It only reads and sums what the run wrote: every number here is in the CSV
tables, this script arranges them (no economics).
"""
import collections
import csv
import os
import sys

STAGES = ["mining", "separation", "metal", "magnet", "recycling"]
CAP_STAGES = ["mine", "separation", "metal", "magnet", "recycling"]


def rows(d, name):
    path = os.path.join(d, name)
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def fmt(v, nd=0):
    return "-" if v is None else f"{v:,.{nd}f}"


def report(d):
    years = [int(r["year"]) for r in rows(d, "years.csv")]
    status = {int(r["year"]): r["status"] for r in rows(d, "years.csv")}
    print(f"### {os.path.basename(os.path.normpath(d))}\n")
    bad = [y for y in years if status[y] != "optimal"]
    print(f"Years {years[0]}-{years[-1]}; not optimal: {bad or 'none'}.\n")

    share = collections.defaultdict(dict)
    for r in rows(d, "shares.csv"):
        if r["region"] == "CN":
            share[int(r["year"])][r["stage"]] = float(r["share"])
    print("China's share of each stage (of world output):\n")
    print("| year | " + " | ".join(STAGES) + " |")
    print("|---" * (len(STAGES) + 1) + "|")
    for y in years:
        print(f"| {y} | " + " | ".join(
            f"{share[y][s]:.1%}" if s in share[y] else "-" for s in STAGES) + " |")
    print()

    price = collections.defaultdict(dict)
    for r in rows(d, "prices.csv"):
        price[(int(r["year"]), r["region"])][r["product"]] = float(r["usd_per_kg"])
    prods = ["oxide:NdPr", "oxide:Dy", "oxide:Tb", "magnet:NdFeB", "magnet:NdFeB-hc"]
    print("Prices, real 2024 USD/kg (China / US):\n")
    print("| year | " + " | ".join(prods) + " |")
    print("|---" * (len(prods) + 1) + "|")
    for y in years:
        cells = []
        for p in prods:
            cn = price[(y, "CN")].get(p)
            us = price[(y, "US")].get(p)
            cells.append(f"{fmt(cn, 1)} / {fmt(us, 1)}")
        print(f"| {y} | " + " | ".join(cells) + " |")
    print()

    cap = collections.defaultdict(float)
    for r in rows(d, "capacity.csv"):
        if r["region"] != "CN":
            cap[(int(r["year"]), r["stage"])] += float(r["t"])
    capcn = collections.defaultdict(float)
    for r in rows(d, "capacity.csv"):
        if r["region"] == "CN":
            capcn[(int(r["year"]), r["stage"])] += float(r["t"])
    print("Capacity outside China (and in China), t of activity a year:\n")
    print("| stage | " + " | ".join(f"{y} outside | {y} China" for y in (2024, 2030, 2035)) + " |")
    print("|---" * 7 + "|")
    for s in CAP_STAGES:
        print(f"| {s} | " + " | ".join(
            f"{fmt(cap.get((y, s)))} | {fmt(capcn.get((y, s)))}" for y in (2024, 2030, 2035)) + " |")
    print()

    capex = collections.defaultdict(float)
    for r in rows(d, "capex.csv"):
        capex[("CN" if r["region"] == "CN" else "outside", r["stage"])] += float(r["usd"])
    tot_cn = sum(v for (k, _), v in capex.items() if k == "CN")
    tot_out = sum(v for (k, _), v in capex.items() if k == "outside")
    print(f"Cumulative capex {years[0]}-{years[-1]}: China ${tot_cn / 1e9:.1f}B, "
          f"outside China ${tot_out / 1e9:.1f}B; by stage outside China: " +
          ", ".join(f"{s} ${capex[('outside', s)] / 1e9:.2f}B" for s in CAP_STAGES) + ".\n")

    gov = collections.defaultdict(float)
    for r in rows(d, "government_cost.csv"):
        gov[(r["region"], r["policy"])] += float(r["usd"])
    if gov:
        print("Government cost over the run, by lever (MUSD, undiscounted):\n")
        print("| payer | lever | MUSD |")
        print("|---|---|---|")
        for (reg, pol), v in sorted(gov.items(), key=lambda kv: -kv[1]):
            print(f"| {reg} | {pol} | {v / 1e6:,.1f} |")
        print(f"| | total | {sum(gov.values()) / 1e6:,.1f} |\n")
    else:
        print("Government cost: none.\n")

    short = collections.defaultdict(float)
    ref = collections.defaultdict(float)
    us_ref = collections.defaultdict(float)
    us_served = collections.defaultdict(float)
    us_short = collections.defaultdict(float)
    for r in rows(d, "shortage.csv"):
        if not r["product"].startswith("magnet"):
            continue
        y = int(r["year"])
        short[y] += float(r["t"])
        ref[y] += float(r["ref_t"])
        if r["region"] == "US":
            us_ref[y] += float(r["ref_t"])
            us_served[y] += float(r["served_t"])
            us_short[y] += float(r["t"])
    print("Magnets: world reference demand and shortage, US reference, served and shortage (t):\n")
    print("| year | world ref | world shortage | US ref | US served | US shortage |")
    print("|---|---|---|---|---|---|")
    for y in years:
        print(f"| {y} | {fmt(ref[y])} | {fmt(short[y])} | {fmt(us_ref[y])} | {fmt(us_served[y])} | "
              f"{fmt(us_short[y])} |")
    # From 2025 on (the sourcing rule of us-all-non-chinese starts then): the
    # first year no US magnet step worth 1.5 x its reference price goes unserved.
    first = next((y for y in years if y >= 2025 and us_ref[y] > 0 and us_short[y] <= 0.5), None)
    again = [y for y in years if first and y > first and us_short[y] > 0.5]
    if first is None:
        print("\nFirst year from 2025 with no US magnet shortage: never (every year from 2025 "
              "has one).\n")
    else:
        print(f"\nFirst year from 2025 with no US magnet shortage: {first}; later years with one: "
              f"{again or 'none'}.\n")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for d in sys.argv[1:]:
        report(d)


if __name__ == "__main__":
    main()
