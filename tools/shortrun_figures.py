#!/usr/bin/env python3
"""Tables of docs/shortrun.md from `rareflow run ... --json` output.

usage: tools/shortrun_figures.py RUN.json            (the scenario tables)
       tools/shortrun_figures.py --demand BASE.json UP.json DOWN.json   (the +-1% test)
       tools/shortrun_figures.py --consumption RUN.json [YEAR ...]     (magnet_consumption)
       tools/shortrun_figures.py --contracts RUN.json [YEAR ...]       (contracts, and the
                                 contract plants' main output in every year of the run)
Reads only the JSON; prints Markdown tables.
"""
import json
import sys
from collections import defaultdict

OX = ["oxide:NdPr", "oxide:Dy", "oxide:Tb"]
PRICE_REGIONS = ["CN", "JP", "US", "EU"]


def slices(run):
    """(label, table) for each year, and each period of it when it has periods."""
    out = []
    for y in run["years"]:
        per = y.get("periods") or []
        if len(per) > 1:
            out += [(p["period"], p) for p in per]
        else:
            out.append((str(y["year"]), y))
    return out


def us_magnets(sl):
    rows = []
    origins = set()
    for label, t in sl:
        by = defaultdict(float)
        for a in t["trade"]:
            if a["to"] == "US" and a["product"].startswith("magnet:") and a["from"] != "US":
                by[a["from"]] += a["t"]
        for p in t["production"]:
            if p["region"] == "US" and p["stage"] == "magnet" and p["product"].startswith("magnet:"):
                by["US (own)"] += p["t"]
        origins |= set(by)
        rows.append((label, by))
    cols = sorted(origins, key=lambda o: (o != "CN", o == "US (own)", o))
    print("| period | " + " | ".join(cols) + " | total | CN share |")
    print("|---|" + "---:|" * (len(cols) + 2))
    for label, by in rows:
        tot = sum(by.values())
        share = f"{by.get('CN', 0) / tot:.0%}" if tot else "-"
        print(f"| {label} | " + " | ".join(f"{by.get(c, 0):,.0f}" for c in cols)
              + f" | {tot:,.0f} | {share} |")


def shortage(sl):
    print("| period | region | sector | product | t | share |")
    print("|---|---|---|---|---:|---:|")
    n = 0
    for label, t in sl:
        for s in t["shortage"]:
            if s["share"] > 0.001:
                n += 1
                print(f"| {label} | {s['region']} | {s['sector']} | {s['product']} | {s['t']:,.0f} | {s['share']:.1%} |")
    if not n:
        print("| (none) | | | | | |")


def prices(sl):
    head = [f"{p.split(':')[1]} {r}" for p in OX for r in PRICE_REGIONS]
    print("| period | " + " | ".join(head) + " |")
    print("|---|" + "---:|" * len(head))
    for label, t in sl:
        pr = {(p["region"], p["product"]): p["usd_per_kg"] for p in t["prices"]}
        cells = []
        for p in OX:
            for r in PRICE_REGIONS:
                v = pr.get((r, p))
                cells.append("-" if v is None else f"{v:,.0f}")
        print(f"| {label} | " + " | ".join(cells) + " |")


def inventory(sl):
    """Drawn = open_t - t (positive: the stock fell), outside China."""
    rows = []
    keys = set()
    for label, t in sl:
        d = {}
        for i in t.get("inventory") or []:
            if i["region"] == "CN" or "open_t" not in i:
                continue
            d[(i["region"], i["product"])] = i["open_t"] - i["t"]
        keys |= {k for k, v in d.items() if abs(v) > 0.5}
        rows.append((label, d))
    keys = sorted(keys, key=lambda k: (k[1], k[0]))
    print("| period | " + " | ".join(f"{r} {p}" for r, p in keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for label, d in rows:
        print(f"| {label} | " + " | ".join(f"{d.get(k, 0):,.0f}" for k in keys) + " |")


def drawn_by_product(sl):
    """Drawn (open_t - t) summed over the regions outside China, by product, and the US alone."""
    prods = sorted({i["product"] for _, t in sl for i in t.get("inventory") or []})
    head = prods + ["US magnet:*"]
    print("| period | " + " | ".join(head) + " |")
    print("|---|" + "---:|" * len(head))
    for label, t in sl:
        s = defaultdict(float)
        for i in t.get("inventory") or []:
            if i["region"] != "CN":
                s[i["product"]] += i["open_t"] - i["t"]
                if i["region"] == "US" and i["product"].startswith("magnet:"):
                    s["US magnet:*"] += i["open_t"] - i["t"]
        print(f"| {label} | " + " | ".join(f"{s[p]:,.0f}" for p in head) + " |")


def stocks(sl):
    """Closing stock outside China, t, summed by product."""
    prods = sorted({i["product"] for _, t in sl for i in t.get("inventory") or []})
    print("| period | " + " | ".join(prods) + " |")
    print("|---|" + "---:|" * len(prods))
    for label, t in sl:
        s = defaultdict(float)
        for i in t.get("inventory") or []:
            if i["region"] != "CN":
                s[i["product"]] += i["t"]
        print(f"| {label} | " + " | ".join(f"{s[p]:,.0f}" for p in prods) + " |")


def quota_rents(sl):
    """quota_rent rows (policy, usd_per_kg) and export tax revenue of each slice."""
    print("| period | quota rent (policy: USD/kg) | export tax revenue, USD |")
    print("|---|---|---:|")
    for label, t in sl:
        qr = ", ".join(f"{r['policy']}: {r['usd_per_kg']:,.1f}" for r in t.get("quota_rent") or [])
        et = sum(r.get("usd", 0) for r in t.get("export_tax_revenue") or [])
        print(f"| {label} | {qr or '-'} | {et:,.0f} |")


REGIONS = ["US", "EU", "CN", "JP", "ROW"]


def consumption(run, years):
    """magnet_consumption of the chosen years (all when none), regions of REGIONS first."""
    print("| year | region | direct t | embedded in t | embedded out t | final t | direct / final |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for y in run["years"]:
        if years and y["year"] not in years:
            continue
        rows = sorted(y.get("magnet_consumption") or [],
                      key=lambda m: (m["region"] not in REGIONS,
                                     REGIONS.index(m["region"]) if m["region"] in REGIONS else 0, m["region"]))
        for m in rows:
            f = m["final_t"]
            print(f"| {y['year']} | {m['region']} | {m['direct_t']:,.0f} | {m['embedded_in_t']:,.0f} | "
                  f"{m['embedded_out_t']:,.0f} | {f:,.0f} | {m['direct_t'] / f:.0%} |" if f else "")


MAIN = {"separation": "oxide:NdPr", "metal": "metal:NdPr", "recycling": None, "magnet": "magnet:"}


def contracts(run, years):
    """The contracts rows of the chosen years, then each contract plant's main output by year."""
    yrs = [y for y in run["years"] if not years or y["year"] in years]
    fac = []
    for y in run["years"]:
        for c in y.get("contracts") or []:
            if c["facility"] not in fac:
                fac.append(c["facility"])
    print("| facility | " + " | ".join(f"{y['year']} gap USD/kg | breach t" for y in yrs) + " |")
    print("|---|" + "---:|---:|" * len(yrs))
    for f in fac:
        cells = []
        for y in yrs:
            c = next((c for c in y.get("contracts") or [] if c["facility"] == f), None)
            cells += ["-", "-"] if c is None else [f"{c['gap_usd_per_kg']:,.1f}", f"{c['breach_t']:,.0f}"]
        print(f"| {f} | " + " | ".join(cells) + " |")
    print()
    allyrs = [y["year"] for y in run["years"]]
    print("| facility | product | " + " | ".join(str(t) for t in allyrs) + " |")
    print("|---|---|" + "---:|" * len(allyrs))
    for f in fac:
        out = defaultdict(float)
        stage = None
        for y in run["years"]:
            for p in y["production"]:
                if p["facility"] != f:
                    continue
                stage = p["stage"]
                want = MAIN.get(stage)
                if want and p["product"].startswith(want):
                    out[y["year"]] += p["t"]
        want = MAIN.get(stage) or "-"
        print(f"| {f} | {want.rstrip(':') + ('*' if want.endswith(':') else '')} | "
              + " | ".join(f"{out[t]:,.0f}" for t in allyrs) + " |")


def demand_test(base, up, down):
    def cn(run):
        y = run["years"][0]
        return {p["product"]: p["usd_per_kg"] for p in y["prices"] if p["region"] == "CN"}
    b, u, d = cn(base), cn(up), cn(down)
    print("| CN price | baseline USD/kg | demand x1.01 | % | demand x0.99 | % |")
    print("|---|---:|---:|---:|---:|---:|")
    for p in OX:
        print(f"| {p} | {b[p]:.2f} | {u[p]:.2f} | {100 * (u[p] / b[p] - 1):+.1f}% | {d[p]:.2f} | {100 * (d[p] / b[p] - 1):+.1f}% |")


def main(argv):
    if argv[1:2] == ["--demand"]:
        demand_test(*(json.load(open(f)) for f in argv[2:5]))
        return
    if argv[1:2] in (["--consumption"], ["--contracts"]):
        fn = consumption if argv[1] == "--consumption" else contracts
        fn(json.load(open(argv[2])), [int(a) for a in argv[3:]])
        return
    run = json.load(open(argv[1]))
    sl = slices(run)
    for title, fn in [("US magnet supply by origin, t", us_magnets), ("Shortage (share > 0.001)", shortage),
                      ("Oxide prices, USD/kg", prices), ("Inventory drawn (open_t - t), t, outside CN", inventory),
                      ("Inventory drawn, summed outside CN, t", drawn_by_product),
                      ("Closing stocks outside CN, t", stocks),
                      ("Quota rents and export tax revenue", quota_rents)]:
        print(f"\n#### {title}\n")
        fn(sl)


if __name__ == "__main__":
    main(sys.argv)
