#!/usr/bin/env python3
"""Build rareflow's 2024 dataset (data/*.csv) from the sourced figures in ../shared/data.

Usage: tools/make_data.py [SHARED_DATA_DIR] [OUT_DIR]   (defaults: ../shared/data, data)

Every row written keeps a `source`; every derived figure says its rule in its `note` and in
docs/data.md.  The calibration rules are constants at the top of this file, each with its reason.
Running it again on the same inputs writes the same files (the dataset is committed; CI does not
run this script).
"""
import csv
import os
import sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "data")

# ---------------------------------------------------------------- calibration constants
SEP_RECOVERY = 0.9407        # China smelting quota / mining quota, 254,000/270,000 (balance_2024.md)
METAL_YIELD = 0.80           # kg metal per kg oxide (encyclopedia.pub 50309, retrieved; 14.3% of it is oxygen)
SWARF = 0.287                # t machining swarf per t sintered blank (JL Mag 2024: 1 - 20,900/29,300)
FINISHED = 1.0 - SWARF       # t finished magnet per t blank
MARGIN = 0.95                # top tranche cost = MARGIN x netback at 2024 reference prices (in merit)
TOP = 1.35                   # cost factor of the top default tranche (calibration study, section 4)
MARKUP = TOP / MARGIN        # reference price of a China-made product = inputs + base cost x MARKUP
NONCHINA_PREMIUM = 1.35      # ex-China processing costs 30-40% above China's (seed article, recalled)
CN_SEP_COST = 2.0            # USD/kg REO feed, China separation (assumption; no cost in shared/data)
CN_METAL_COST = 1.0          # USD/kg oxide feed (CTIA 2024: NdPr metal/oxide price ratio 1.25 = 1/0.8)
MAGNET_PROC_SHARE = 0.25     # magnet processing = 25% of raw material cost (raw materials ~80% of cost)
RECYCLE_COST = 2.0           # USD/kg REO-eq of swarf feed (assumption; no recycling cost in shared/data)
CN_MAGNET_UTIL = 0.77        # China's 2024 magnet output / capacity (JL Mag 29,300 / 38,000 t, retrieved)
OXIDE_TO_METAL = {"NdPr": 336.48 / 288.48, "Dy": 372.998 / 324.998, "Tb": 747.70 / 635.70}  # REO-eq per t metal

REF_OXIDE = {"La": 1.0, "Ce": 1.0, "NdPr": 56.0, "Dy": 260.0, "Tb": 810.0}  # USD/kg, 2024, USGS MCS 2025
REF_SRC = "USGS MCS 2025 salient statistics, 2024 annual average FOB China (Argus) (retrieved)"

# Magnet recipes, t metal per t blank (calibration study, section 3; they close the 2024 balance).
MAG = {
    "mag-std": ("magnet:NdFeB", {"NdPr": 0.270, "Dy": 0.003, "Tb": 0.0005}),
    "mag-hc-conv": ("magnet:NdFeB-hc", {"NdPr": 0.250, "Dy": 0.025, "Tb": 0.004}),
    "mag-hc-dygbd": ("magnet:NdFeB-hc", {"NdPr": 0.262, "Dy": 0.009, "Tb": 0.006}),
    "mag-hc-tbgbd": ("magnet:NdFeB-hc", {"NdPr": 0.262, "Dy": 0.0, "Tb": 0.010}),
}

# Swarf recycling recovery per element: China's 2024 output (Argus, retrieved: 26,504 t PrNd oxide,
# 710 t Dy2O3, 160 t Tb4O7) over the swarf the balance's magnets make (in_magnets x 0.287, as oxide).
ARGUS_RECYCLED = {"NdPr": 26504.0, "Dy": 710.0, "Tb": 160.0}
IN_MAGNETS_METAL = {"NdPr": 84058.0, "Dy": 2965.0, "Tb": 648.0}  # balance_2024.csv, t metal in blanks
REC_RECOVERY = {e: ARGUS_RECYCLED[e] / (SWARF * IN_MAGNETS_METAL[e] * OXIDE_TO_METAL[e]) for e in ARGUS_RECYCLED}

# Freight, USD/kg (assumption: shared/data has no freight figure; bulk and container freight plus
# handling, a few percent of value).  Land routes into China are cheaper.
FREIGHT = {"concentrate": 0.15, "oxide": 0.25, "metal": 0.40, "magnet": 0.60, "scrap": 0.25}
LAND_TO_CN = {"MM", "LA", "VN"}
FREIGHT_SRC = "(assumption) no freight figure in shared/data; order of magnitude of bulk/container freight"

REGIONS = [
    ("CN", "China"), ("US", "United States"), ("AU", "Australia"), ("MM", "Myanmar"), ("LA", "Laos"),
    ("MY", "Malaysia"), ("VN", "Vietnam"), ("TH", "Thailand"), ("JP", "Japan"), ("KR", "South Korea"),
    ("EU", "European Union"), ("GB", "United Kingdom"), ("IN", "India"), ("RU", "Russia"),
    ("BR", "Brazil"), ("CA", "Canada"), ("GL", "Greenland"), ("NG", "Nigeria"), ("MG", "Madagascar"),
    ("ROW", "Rest of world"),
]
ELEMENTS = [("La", "Lanthanum"), ("Ce", "Cerium"), ("Pr", "Praseodymium"), ("Nd", "Neodymium"),
            ("Sm", "Samarium"), ("Gd", "Gadolinium"), ("Tb", "Terbium"), ("Dy", "Dysprosium"),
            ("Y", "Yttrium"), ("other", "Other rare earths (Eu, Ho, Er, Tm, Yb, Lu)")]

# Ore id -> (deposit row in ore_compositions.csv, why).
ORES = {
    "bayan-obo": ("Bayan Obo", "CNRE quota ore"),
    "sichuan": ("Mountain Pass", "Sichuan bastnaesite, Mountain Pass basket as proxy (balance_2024.md)"),
    "cn-ionic": ("Southern China ionic clay quota blend (derived)", "China ionic-clay quota"),
    "mountain-pass": ("Mountain Pass", "MP Materials"),
    "vn-bastnaesite": ("Mountain Pass", "Vietnam bastnaesite, Mountain Pass basket as proxy (balance_2024.md)"),
    "mt-weld": ("Mt Weld (CLD)", "Lynas, captive to LAMP"),
    "mm-ionic": ("Myanmar Kachin ionic clay concentrate (typical)", "Myanmar and Thailand (balance_2024.md)"),
    "la-ionic": ("Laos ionic clay concentrate (typical)", "Laos"),
    "monazite": ("Monazite, heavy-mineral sands (North Capel/Eneabba type, WA)", "Nigeria, Madagascar, Eneabba"),
    "in-monazite": ("Monazite, heavy-mineral sands (North Capel/Eneabba type, WA)", "India, captive to IREL"),
    "ru-loparite": ("Monazite, heavy-mineral sands (North Capel/Eneabba type, WA)", "Russia, monazite proxy (balance_2024.md), captive to Solikamsk"),
    "row-monazite": ("Monazite, heavy-mineral sands (North Capel/Eneabba type, WA)", "USGS Other, to Silmet (balance_2024.md assumption)"),
    "xenotime": ("Xenotime (Lahat, Perak)", "Malaysia"),
    "serra-verde": ("Serra Verde (Pela Ema)", "Brazil"),
    "nolans": ("Nolans", "Arafura, planned"),
}
ELEMENT_COLS = {"La": ["La"], "Ce": ["Ce"], "Pr": ["Pr"], "Nd": ["Nd"], "Sm": ["Sm"], "Gd": ["Gd"],
                "Tb": ["Tb"], "Dy": ["Dy"], "Y": ["Y"], "other": ["Eu", "Ho", "Er", "Tm", "Yb", "Lu"]}


def read(name):
    with open(os.path.join(SHARED, name), newline="") as f:
        return list(csv.DictReader(f))


def write(name, header, rows):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([("%.10g" % v) if isinstance(v, float) else v for v in r])


ore_rows = {r["deposit"]: r for r in read("ore_compositions.csv")}
fac_rows = read("facilities.csv")


def fac(name_prefix):
    hits = [r for r in fac_rows if r["name"].startswith(name_prefix)]
    assert len(hits) == 1, (name_prefix, len(hits))
    return hits[0]


def basket(ore):
    r = ore_rows[ORES[ore][0]]
    return {e: sum(float(r[c] or 0) for c in cols) for e, cols in ELEMENT_COLS.items()}


# ---------------------------------------------------------------- reference prices (USD/kg)
def metal_ref(e):  # China metal plant: oxide + base cost x MARKUP, per kg metal
    return (REF_OXIDE[e] + CN_METAL_COST * MARKUP) / METAL_YIELD


REF = {"oxide:" + e: p for e, p in REF_OXIDE.items()}
for e in ("NdPr", "Dy", "Tb"):
    REF["metal:" + e] = metal_ref(e)
    REF["scrap:" + e] = REC_RECOVERY[e] * REF_OXIDE[e] - RECYCLE_COST * MARKUP


def magnet_material(recipe):
    return sum(q * REF["metal:" + e] for e, q in MAG[recipe][1].items())


def swarf_out(recipe):
    return {e: SWARF * q * OXIDE_TO_METAL[e] for e, q in MAG[recipe][1].items() if q > 0}


def swarf_credit(recipe):
    return sum(t * REF["scrap:" + e] for e, t in swarf_out(recipe).items())


MAG_PROC = MAGNET_PROC_SHARE * magnet_material("mag-std")  # USD/kg blank, China base cost
# GBD extra costs make the three high-coercivity recipes cost the same at reference prices.
conv = magnet_material("mag-hc-conv") - swarf_credit("mag-hc-conv")
GBD_EXTRA = {r: conv - (magnet_material(r) - swarf_credit(r)) for r in ("mag-hc-dygbd", "mag-hc-tbgbd")}
for r in ("mag-std", "mag-hc-conv"):
    prod = MAG[r][0]
    REF[prod] = (magnet_material(r) - swarf_credit(r) + MAG_PROC * MARKUP) / FINISHED


def sep_value(ore):
    """USD per kg REO of concentrate separated: basket x recovery x reference oxide prices."""
    b = basket(ore)
    v = {"La": b["La"], "Ce": b["Ce"], "NdPr": b["Pr"] + b["Nd"], "Dy": b["Dy"], "Tb": b["Tb"]}
    return SEP_RECOVERY * sum(v[e] / 100.0 * REF_OXIDE[e] for e in v)


# ---------------------------------------------------------------- tables
def regions():
    write("regions.csv", ["id", "name", "source"],
          [(i, n, "ISO 3166-1 alpha-2; EU and ROW are rareflow blocs") for i, n in REGIONS])


def elements():
    write("elements.csv", ["id", "name", "source"],
          [(i, n, "IUPAC; `other` groups the rest (rareflow convention)") for i, n in ELEMENTS])


def baskets():
    rows = []
    for ore, (dep, why) in ORES.items():
        r = ore_rows[dep]
        for e, v in basket(ore).items():
            if v > 0:
                rows.append((ore, e, round(v, 4), r["source"], f"{why}; deposit row `{dep}`; other = Eu+Ho+Er+Tm+Yb+Lu"))
    write("baskets.csv", ["ore", "element", "pct", "source", "note"], rows)


def products():
    rows = []
    for ore in ORES:
        rows.append((f"concentrate:{ore}", "concentrate", "t REO", 1, "", ore, 0, "ore_compositions.csv", ORES[ore][1]))
    for e in ("La", "Ce", "Sm", "Gd", "Tb", "Dy", "Y", "other"):
        rows.append((f"oxide:{e}", "oxide", "t REO", 1, e, "", 1, "rareflow convention", "direct output of separation"))
    rows.append(("oxide:NdPr", "oxide", "t REO", 1, "Pr;Nd", "", 1, "rareflow convention", "didymium: Pr and Nd leave separation together"))
    for e in ("Pr", "Nd"):
        rows.append((f"oxide:{e}", "oxide", "t REO", 1, e, "", 0, "rareflow convention", "split from NdPr; no 2024 route in the data"))
    for e, els in (("NdPr", "Pr;Nd"), ("Dy", "Dy"), ("Tb", "Tb")):
        rows.append((f"metal:{e}", "metal", "t metal", round(OXIDE_TO_METAL[e], 6), els, "", 0,
                     "molar masses (chemistry)", "t REO-eq per t metal = oxide/metal mass ratio"))
    rows.append(("magnet:NdFeB", "magnet", "t finished magnet", 0, "", "", 0, "rareflow convention", "standard grade; RE content by recipe"))
    rows.append(("magnet:NdFeB-hc", "magnet", "t finished magnet", 0, "", "", 0, "rareflow convention", "high-coercivity grade (Dy/Tb); RE content by recipe"))
    for e, els in (("NdPr", "Pr;Nd"), ("Dy", "Dy"), ("Tb", "Tb")):
        rows.append((f"scrap:{e}", "scrap", "t REO-eq", 1, els, "", 0, "rareflow convention", "magnet-making swarf, by element"))
    write("products.csv", ["id", "family", "unit", "reo_factor", "elements", "ore", "separated", "source", "note"], rows)


def recipes():
    rows = []
    for ore in ORES:
        rows.append((f"mine-{ore}", "out", f"concentrate:{ore}", 1, "rareflow convention", "activity = t REO mined"))
        rows.append((f"sep-{ore}", "separate", f"concentrate:{ore}", SEP_RECOVERY,
                     "balance_2024.md (254,000/270,000 quota ratio)", "basket x recovery"))
    for e in ("NdPr", "Dy", "Tb"):
        k = f"met-{e.lower()}"
        rows.append((k, "in", f"oxide:{e}", 1, "rareflow convention", "activity = t oxide feed"))
        rows.append((k, "out", f"metal:{e}", METAL_YIELD, "encyclopedia.pub 50309 (retrieved): 20% oxide-to-metal loss", ""))
    for k, (prod, metals) in MAG.items():
        for e, q in metals.items():
            if q > 0:
                rows.append((k, "in", f"metal:{e}", q, "calibration study section 3 (closes the 2024 balance)", "t metal per t blank"))
        rows.append((k, "out", prod, FINISHED, "JL Mag 2024 (retrieved): 20,900 t finished of 29,300 t blank", "t finished magnet per t blank"))
        for e, t in swarf_out(k).items():
            rows.append((k, "out", f"scrap:{e}", round(t, 8), "swarf 0.287 t/t blank (JL Mag 2024) x metal content x oxide/metal ratio", "t REO-eq"))
        if k in GBD_EXTRA:
            rows.append((k, "cost", "", round(GBD_EXTRA[k], 4), "derived (calibration rule)", "extra cost that makes the three high-coercivity recipes cost the same at 2024 reference prices"))
    for e in ("NdPr", "Dy", "Tb"):
        k = f"rec-{e.lower()}"
        rows.append((k, "in", f"scrap:{e}", 1, "rareflow convention", "activity = t REO-eq of swarf"))
        rows.append((k, "out", f"oxide:{e}", round(REC_RECOVERY[e], 4), "Argus 2024 China recycled output by element (retrieved) / swarf of the 2024 balance", "derived recovery (calibration rule)"))
    write("recipes.csv", ["recipe", "role", "product", "qty", "source", "note"], rows)
