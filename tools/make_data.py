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
MARGIN = 0.85                # top tranche cost = MARGIN x netback at 2024 reference prices: in merit with
                             # room for the 2024 equilibrium to sit a few percent below the references
TOP = 1.35                   # cost factor of the top default tranche (calibration study, section 4)
MARKUP = TOP / MARGIN        # reference price of a China-made product = inputs + base cost x MARKUP
NONCHINA_PREMIUM = 1.35      # ex-China processing costs 30-40% above China's (seed article, recalled)
CONTRACT_TO = 2029           # ex-China 2024 processors run by supply contracts through this year (assumption:
                             # five-year long-term agreements, e.g. Lynas-JARE offtake to Japan; issue 10)
CN_SEP_COST = 2.0            # USD/kg REO feed, China separation (assumption; no cost in shared/data)
CN_METAL_COST = 1.0          # USD/kg oxide feed (CTIA 2024: NdPr metal/oxide price ratio 1.25 = 1/0.8)
MAGNET_PROC_SHARE = 0.25     # magnet processing = 25% of raw material cost (raw materials ~80% of cost)
RECYCLE_COST = 2.0           # USD/kg REO-eq of swarf feed (assumption; no recycling cost in shared/data)
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
# Ores added for the projects of the years (issue 9): documented in ore_compositions.csv, used by no
# 2024 plant.  Their rows go after every existing row of baskets, products, recipes and prices, so
# that the tables of the 2024 world keep their order (the default tranches and the LP follow it).
NEW_ORES = {
    "round-top": ("Round Top", "USA Rare Earth Round Top (planned); derived placeholder basket of ore_compositions.csv"),
}
ALL_ORES = {**ORES, **NEW_ORES}
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
            # Rows may leave trailing optional columns out (facilities' contract columns).
            r = tuple(r) + ("",) * (len(header) - len(r))
            w.writerow([("%.10g" % v) if isinstance(v, float) else v for v in r])


ore_rows = {r["deposit"]: r for r in read("ore_compositions.csv")}
fac_rows = read("facilities.csv")


def fac(name_prefix):
    hits = [r for r in fac_rows if r["name"].startswith(name_prefix)]
    assert len(hits) == 1, (name_prefix, len(hits))
    return hits[0]


def basket(ore):
    r = ore_rows[ALL_ORES[ore][0]]
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
    for ore, (dep, why) in ALL_ORES.items():
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
    for ore in NEW_ORES:
        rows.append((f"concentrate:{ore}", "concentrate", "t REO", 1, "", ore, 0, "ore_compositions.csv", NEW_ORES[ore][1]))
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
    for ore in NEW_ORES:
        rows.append((f"mine-{ore}", "out", f"concentrate:{ore}", 1, "rareflow convention", "activity = t REO mined"))
        rows.append((f"sep-{ore}", "separate", f"concentrate:{ore}", SEP_RECOVERY,
                     "balance_2024.md (254,000/270,000 quota ratio)", "basket x recovery"))
    write("recipes.csv", ["recipe", "role", "product", "qty", "source", "note"], rows)


# ---------------------------------------------------------------- facilities
def year_of(s):
    s = (s or "").strip()
    return int(s[:4]) if len(s) >= 4 and s[:4].isdigit() else None


def conc_value(ore):
    """Reference value of a kg REO of concentrate at a China-cost separator (USD/kg)."""
    return sep_value(ore) - CN_SEP_COST * MARKUP


def freight(family, frm, to):
    if frm == to:
        return 0.0
    if family == "concentrate" and to == "CN" and frm in LAND_TO_CN:
        return 0.08
    return FREIGHT[family]


# id, data row (name prefix, or None), stage, region, recipes, capacity (None: available_2024_t),
# start year override, status override, note on the capacity rule
ORE_SEPARATOR = {"bayan-obo": "CN", "sichuan": "CN", "cn-ionic": "CN", "mm-ionic": "CN", "la-ionic": "CN",
                 "mountain-pass": "CN", "monazite": "CN", "xenotime": "CN", "serra-verde": "CN",
                 "vn-bastnaesite": "VN", "mt-weld": "MY", "in-monazite": "IN", "ru-loparite": "RU",
                 "row-monazite": "EU", "nolans": "AU", "round-top": "US"}
FAC = [
    # mines (2024 producers: capacity = available_2024_t = 2024 output)
    ("cn-bayan-obo", "Bayan Obo (Baiyun Obo)", "mine", "CN", ["mine-bayan-obo"], None, None, None, ""),
    ("cn-sichuan", "Maoniuping", "mine", "CN", ["mine-sichuan"], None, None, None, ""),
    ("cn-ionic-clay", "Southern China ion-adsorption clay", "mine", "CN", ["mine-cn-ionic"], None, None, None, ""),
    ("mm-kachin", "Kachin State", "mine", "MM", ["mine-mm-ionic"], None, None, None, ""),
    ("la-ionic-clay", "Laos ion-adsorption", "mine", "LA", ["mine-la-ionic"], None, None, None, "weak: Laos is not in USGS (derived residual)"),
    ("vn-mines", "Vietnam: Dong Pao", "mine", "VN", ["mine-vn-bastnaesite"], None, None, None, ""),
    ("au-mt-weld", "Mt Weld", "mine", "AU", ["mine-mt-weld"], None, None, None, "2024 capacity = USGS Australia 13,000 t; expansion target 50,314 t REO not yet in the data's years"),
    ("us-mountain-pass", "Mountain Pass, California", "mine", "US", ["mine-mountain-pass"], None, None, None, ""),
    ("ng-monazite", "Nigeria artisanal", "mine", "NG", ["mine-monazite"], None, None, None, ""),
    ("th-mines", "Thailand - aggregate", "mine", "TH", ["mine-mm-ionic"], None, None, None, "Myanmar-type clay basket (balance_2024.md)"),
    ("in-beach-sands", "India beach-sand", "mine", "IN", ["mine-in-monazite"], None, None, None, ""),
    ("ru-lovozero", "Lovozero", "mine", "RU", ["mine-ru-loparite"], None, None, None, ""),
    ("mg-mines", "Madagascar - aggregate", "mine", "MG", ["mine-monazite"], None, None, None, ""),
    ("my-mines", None, "mine", "MY", ["mine-xenotime"], 130.0, None, None, "USGS MCS 2025 Malaysia 2024 (countries_mine_production.csv); xenotime basket"),
    ("br-serra-verde", "Serra Verde", "mine", "BR", ["mine-serra-verde"], None, None, None, "ramping: 20 t in 2024 of 5,000 t capacity"),
    ("row-other-mines", None, "mine", "ROW", ["mine-row-monazite"], 1100.0, None, None, "USGS MCS 2025 `Other` 2024 (countries_mine_production.csv); feed of Silmet (balance_2024.md assumption)"),
    ("au-nolans", "Nolans", "mine", "AU", ["mine-nolans"], "capacity", 2028, None, "planned; FID slipped to H1 2026"),
    # separation
    ("cn-sep-domestic", "China aggregate smelting & separation", "separation", "CN", ["sep-bayan-obo", "sep-sichuan", "sep-cn-ionic"], None, None, None,
     "254,000 t quota of OUTPUT = 270,000 t of domestic FEED; Chinese ores only"),
    ("cn-sep-imported", "China separation of imported concentrate", "separation", "CN",
     ["sep-mm-ionic", "sep-la-ionic", "sep-mountain-pass", "sep-monazite", "sep-xenotime", "sep-serra-verde"], None, None, None,
     "outside the 2024 quota; open only to the ores that went to China in 2024"),
    ("my-lamp", "Lynas Advanced Materials Plant", "separation", "MY", ["sep-mt-weld"], None, None, None, "captive: Mt Weld ore only; 2024 = Mt Weld output"),
    ("us-mp-separation", "Mountain Pass separation (Stage II)", "separation", "US", ["sep-mountain-pass"], None, None, None, "ramping: 8,990 t feed in 2024 of 41,686 t"),
    ("in-irel", "IREL separation", "separation", "IN", ["sep-in-monazite"], None, None, None, ""),
    ("ru-solikamsk", "Solikamsk", "separation", "RU", ["sep-ru-loparite"], None, None, None, ""),
    ("eu-silmet", "NPM Silmet", "separation", "EU", ["sep-row-monazite"], None, None, None, "Estonia; 2024 feed 1,100 t (balance_2024.md assumption)"),
    ("vn-vtre", "Vietnam separation (VTRE", "separation", "VN", ["sep-vn-bastnaesite"], None, None, None, ""),
    ("us-white-mesa", "White Mesa Mill", "separation", "US", ["sep-monazite"], "capacity", 2025, None,
     "2024 pilot output (300 t feed) is not in the closed 2024 balance, so the plant counts from 2025"),
    ("au-eneabba", "Eneabba rare earths refinery", "separation", "AU", ["sep-monazite"], "capacity", 2027, "construction", ""),
    ("us-alexandria", "Alexandria LA Strategic Metals", "separation", "US", ["sep-monazite"], "capacity", 2026, "planned", "feed not stated: monazite assumed"),
    # metal
    ("cn-metal", "China aggregate RE metal", "metal", "CN", ["met-ndpr", "met-dy", "met-tb"], None, None, None, "capacity 140,000 t feed; 2024 output 107,100 t"),
    ("jp-metal", "Japan/Vietnam RE metal", "metal", "JP", ["met-ndpr", "met-dy", "met-tb"], 2531.0, None, None,
     "2024 capacity = 2024 output of the closed balance (2,531 t feed); nameplate 6,000 t"),
    ("cn-nre-alloy", "Inner Mongolia NRE Magnetic", "metal", "CN", ["met-ndpr"], "capacity", 2025, "construction", "strip-cast alloy counted as metal"),
    ("us-mp-metal", "Independence facility, Fort Worth TX (metal", "metal", "US", ["met-ndpr"], "capacity", 2025, "operating", ""),
    ("ca-src-metal", "SRC Rare Earth Processing Facility, Saskatoon - NdPr", "metal", "CA", ["met-ndpr"], "capacity", 2025, "operating", "0 t in 2024"),
    # magnets (t blank)
    ("cn-magnet", "China aggregate sintered NdFeB", "magnet", "CN", list(MAG), None, None, None,
     "2024 output used as capacity (nameplate unknown and higher)"),
    ("jp-magnet", "Japan aggregate sintered NdFeB production", "magnet", "JP", list(MAG), None, None, None, ""),
    ("eu-vac", "VAC Hanau", "magnet", "EU", list(MAG), None, None, None, "Germany"),
    ("vn-shin-etsu", "Shin-Etsu Vietnam", "magnet", "VN", list(MAG), None, None, None, ""),
    ("us-noveon", "Noveon Magnetics", "magnet", "US", list(MAG), None, None, None, "2024 output 500 t of 2,000 t capacity"),
    ("us-mp-magnet", "Independence facility, Fort Worth TX - NdFeB", "magnet", "US", list(MAG), "capacity", 2025, "operating", ""),
    ("us-evac", "e-VAC Magnetics", "magnet", "US", list(MAG), "capacity", 2025, "operating", ""),
    ("us-stillwater", "Stillwater, Oklahoma", "magnet", "US", list(MAG), "capacity", 2026, "construction", ""),
    ("us-mp-10x", "10X magnet facility", "magnet", "US", list(MAG), "capacity", 2028, "planned", ""),
    ("eu-narva", "Narva magnet plant", "magnet", "EU", list(MAG), "capacity", 2025, "operating", "Estonia"),
    # recycling (t REO-eq of swarf feed)
    ("cn-swarf-recycling", "China magnet-making scrap", "recycling", "CN", ["rec-ndpr", "rec-dy", "rec-tb"], 40000.0, None, None,
     "2024 output 34,147 t REO (Argus); feed capacity 40,000 t REO-eq so that swarf, not plant size, limits it"),
]

STATUS = {"operating": "operating", "construction": "construction", "planned": "planned", "commissioning": "construction"}


def status_of(raw):
    raw = raw.lower()
    for k, v in STATUS.items():
        if raw.startswith(k):
            return v
    return "planned"


def netback(stage, region, recipes_):
    """USD per kg of activity that the facility's best recipe earns at reference prices."""
    if stage == "mine":
        ore = recipes_[0][len("mine-"):]
        return conc_value(ore) - freight("concentrate", region, ORE_SEPARATOR[ore])
    if stage == "separation":
        return CN_SEP_COST * MARKUP
    if stage == "metal":
        return CN_METAL_COST * MARKUP
    if stage == "magnet":
        return MAG_PROC * MARKUP
    return RECYCLE_COST * MARKUP


def stage_cost(stage):
    return {"separation": CN_SEP_COST, "metal": CN_METAL_COST, "magnet": MAG_PROC, "recycling": RECYCLE_COST}.get(stage)


def facility_rows():
    rows = []
    for fid, prefix, stage, region, recs, cap, start, status, note in FAC:
        r = fac(prefix) if prefix else None
        src = r["source"] if r else "USGS MCS 2025 (retrieved), countries_mine_production.csv"
        if cap is None:
            cap = float(r["available_2024_t"])
            rule = "capacity = available_2024_t (2024 output)"
        elif cap == "capacity":
            cap = float(r["capacity_t_magnet"] or r["capacity_t_reo"])
            rule = "capacity = stated capacity (capacity_t_reo / capacity_t_magnet)"
        else:
            rule = "capacity as noted"
        st = status or (status_of(r["status"]) if r else "operating")
        sy = start if start else (year_of(r["start_year"]) if r else None)
        if sy and sy > 2024 and st == "operating":
            st = "construction"
        producer_2024 = (sy is None or sy <= 2024)
        nb = netback(stage, region, recs)
        contract = ("", "")
        if producer_2024 and stage != "mine" and region != "CN":
            # Issue 10: an ex-China 2024 processor keeps its real cost (China's stage cost x the
            # ex-China premium) and runs at its 2024 output by contract, so its cost gap shows.
            base = stage_cost(stage) * NONCHINA_PREMIUM
            cost_rule = ("ex-China processor: China stage cost x %.2f, held at its 2024 output by contract "
                         "to %d (assumption)" % (NONCHINA_PREMIUM, CONTRACT_TO))
            contract = (round(cap, 3), CONTRACT_TO)
        elif producer_2024:
            # Calibration rule: a 2024 producer's top tranche is in merit at 2024 reference prices.
            cap_cost = MARGIN * nb / TOP
            base = cap_cost if stage == "mine" else min(stage_cost(stage), cap_cost)
            cost_rule = "in-merit rule: top tranche = %.2f x netback %.3f" % (MARGIN, nb) if base == cap_cost else "China stage cost"
        else:
            base = (nb / MARKUP if stage == "mine" else stage_cost(stage)) * NONCHINA_PREMIUM
            cost_rule = "new plant: China stage cost x %.2f (ex-China premium)" % NONCHINA_PREMIUM
        name = r["name"] if r else fid
        op = r["operator"] if r else "various"
        rows.append((fid, name, stage, region, op, st, sy or "", "", round(cap, 3), round(base, 4), ";".join(recs), "",
                     src, "; ".join(x for x in (rule, cost_rule, note) if x)) + contract)
    return rows + new_facility_rows()


def facilities():
    write("facilities.csv", ["id", "name", "stage", "region", "operator", "status", "start_year", "end_year",
                             "capacity_t", "unit_cost_usd_per_kg", "recipes", "tranches", "source", "note",
                             "contract_t", "contract_to"], facility_rows())


# ---------------------------------------------------------------- demand
# The US figure of demand.csv is 20 kt of magnets (MP's 10X plant, 10 kt of finished magnets, is
# "nearly half of US demand"), i.e. 20,000 / 0.713 = 28,050 t of blanks; the balance's split had
# counted it as blanks.  The difference comes out of ROW so that the total stays the closed 318.2 kt.
US_BLANK = 20000.0 / FINISHED
MAGNET_REGIONS = {"CN": 218000, "EU": 30000, "ROW": 27200 - (US_BLANK - 20000), "US": US_BLANK, "JP": 14000, "KR": 9000}
MAGNET_REGION_SRC = ("balance_2024.md split of 318 kt blanks: CN = 300 kt made - 58,152 t magnets exported "
                     "(China customs via adamasintel.com, retrieved) / 0.713; US = 20 kt of magnets (demand.csv, "
                     "weak) / 0.713; EU, JP, KR, ROW assumed (no consumption-by-country data)")
SECTORS = {  # share of blank tonnage (balance_2024.csv, recalled midpoints), hc share (calibration rule)
    "ev_traction": (27.0, 1.0, -0.3, 4.0),
    "industrial_motors": (21.0, 0.15, -0.4, 3.0),
    "electronics": (19.0, 0.0, -0.5, 3.0),
    "other": (21.0, 0.0, -0.5, 3.0),        # conventional-auto micromotors 13 + e-bikes 8
    "wind": (11.0, 0.5, -0.3, 4.0),
    "defense": (0.6, 1.0, -0.1, 10.0),
}
NON_MAGNET = {"NdPr": 5015.0, "Dy": 93.0, "Tb": 34.0}   # balance_2024.csv non_magnet_use (assumption 6/3/5%)
LACE = {  # REO by end use (balance_2024.csv, recalled midpoints) and its La share (assumption)
    "catalysts": (82887.0, 0.5),
    "glass_polishing": (41444.0 + 26938.0, 0.2),
    "other": (35227.0 + 18650.0, 0.5),       # metallurgy + NiMH
}


def lace_supply():
    """t of La and Ce oxide that the 2024 mines yield through separation (all of it is separated)."""
    sup = {"La": 0.0, "Ce": 0.0}
    for fid, prefix, stage, region, recs, cap, start, status, note in FAC:
        if stage != "mine" or (start and start > 2024):
            continue
        t = float(fac(prefix)["available_2024_t"]) if cap is None else cap
        b = basket(recs[0][len("mine-"):])
        for e in sup:
            sup[e] += t * b[e] / 100.0 * SEP_RECOVERY
    return sup


def demand():
    rows = []
    tot = sum(v[0] for v in SECTORS.values())
    for reg, blank in MAGNET_REGIONS.items():
        for sec, (share, hc, eps, choke) in SECTORS.items():
            q_blank = blank * share / tot
            for prod, frac in (("magnet:NdFeB", 1 - hc), ("magnet:NdFeB-hc", hc)):
                if frac <= 0:
                    continue
                p0 = REF[prod] + freight("magnet", "CN", reg)
                rows.append((reg, sec, prod, round(q_blank * frac * FINISHED, 3), round(p0, 4), eps, round(choke * p0, 4),
                             MAGNET_REGION_SRC + "; sector shares balance_2024.csv (recalled)",
                             "q0 = blank-eq x 0.713 finished; p0 = China reference + freight; hc share %.2f and elasticity are assumptions (docs/data.md)" % frac))
    for e, q in NON_MAGNET.items():
        p0 = REF_OXIDE[e]
        rows.append(("CN", "other", f"oxide:{e}", q, p0, -0.3, 4 * p0, "balance_2024.csv non_magnet_use (assumption 6/3/5% of supply)",
                     "located in China (assumption)"))
    # La and Ce: the recalled end-use split, scaled so that each element's reference quantity is
    # what the 2024 mines yield (the balance's "other + stock/disposal" spread pro rata): a calm
    # year then clears at the reference price instead of dumping a surplus at a price near zero.
    sup = lace_supply()
    raw = {"La": sum(q * la for q, la in LACE.values()), "Ce": sum(q * (1 - la) for q, la in LACE.values())}
    for sec, (q, la) in LACE.items():
        for e, frac in (("La", la), ("Ce", 1 - la)):
            rows.append(("CN", sec, f"oxide:{e}", round(q * frac * sup[e] / raw[e], 1), 1.0, -0.5, 4.0,
                         "balance_2024.csv REO by end use (recalled midpoints); " + REF_SRC,
                         "scaled x%.3f to the %s the 2024 mines yield; La share %.1f of the sector and location in China are assumptions" % (sup[e] / raw[e], e, la)))
    write("demand.csv", ["region", "sector", "product", "ref_qty_t", "ref_price_usd_per_kg", "elasticity",
                         "choke_usd_per_kg", "source", "note"], rows)


def trade():
    rows = [("*", "*", f"{fam}:*", c, FREIGHT_SRC, "") for fam, c in FREIGHT.items()]
    for r in sorted(LAND_TO_CN):
        rows.append((r, "CN", "concentrate:*", 0.08, FREIGHT_SRC, "land route"))
    write("trade.csv", ["from", "to", "product", "cost_usd_per_kg", "source", "note"], rows)


def prices():
    rows = [(f"oxide:{e}", p, REF_SRC, "") for e, p in REF_OXIDE.items()]
    for k, v in sorted(REF.items()):
        if k.startswith("oxide:"):
            continue
        rows.append((k, round(v, 4), "derived (docs/data.md)", "built up from oxide references and stage costs"))
    for ore in ALL_ORES:
        rows.append((f"concentrate:{ore}", round(conc_value(ore), 4), "derived (docs/data.md)",
                     "basket x recovery x oxide references - China separation cost x markup"))
    write("prices.csv", ["product", "usd_per_kg", "source", "note"], rows)


# ================================================================ the years (issue 9)
# Tables of the simulation layer: projects.csv, candidates.csv, demand_growth.csv, price_paths.csv,
# finance.csv, lifetimes.csv, substitution.csv, parameters.csv (docs/data-format.md sections 10-17,
# their sources and rules in docs/data.md sections 10-17).  New facility rows for the projects that
# facilities.csv did not have are appended after the 2024 rows (new_facility_rows), so that every
# 2024 row keeps its position and its default tranches.

# Currency: capex in USD million, real 2024.  Figures announced in AUD, EUR, CAD, GBP or CNY are
# converted at 2024 annual-average rates; nominal figures of 2019-2026 are not deflated (a few
# percent, well inside the ranges the sources give).
FX = {"USD": 1.0, "AUD": 0.66, "EUR": 1.08, "CAD": 0.73, "GBP": 1.28, "CNY": 1.0 / 7.2}
FX_SRC = "FX (recalled): 2024 annual averages AUD 0.66, EUR 1.08, CAD 0.73, GBP 1.28 USD; CNY 7.2 per USD as in costs.csv"


def musd(amount, cur):
    return amount * FX[cur]


NDPR_SHARE = {o: (basket(o)["Pr"] + basket(o)["Nd"]) / 100.0 for o in ALL_ORES}
METAL_PER_BLANK = 0.28       # t RE metal per t blank (the magnet recipes: 0.2735-0.279)
RE_PER_MAGNET = 0.305        # t RE per t magnet (facilities.csv conversion constants)
MONAZITE_REO = 0.60          # t REO per t monazite concentrate (recalled: typical 55-65%)

# --- capex intensity, USD per t/yr of activity (rules; docs/data.md section 11)
ENEABBA_CAPEX = musd(1750.0, "AUD")          # costs.csv A$1,700-1,800M (retrieved), midpoint
ENEABBA_FEED = float(fac("Eneabba rare earths refinery")["capacity_t_reo"])
SEP_CAPEX_PER_T = 40000.0    # greenfield separation: Eneabba 44.3k, Caremag 40.8k per t REO feed; the
                             # brownfield circuits (White Mesa P2 17k, Kalgoorlie 16k, Solvay 24k, Ucore 10k)
                             # are lower bounds for a new plant
NOLANS_CAPEX = musd(1600.0, "AUD")           # costs.csv A$1.6bn (2024, retrieved), mine + chemical plant + separation
NOLANS_CAP = float(fac("Nolans")["capacity_t_reo"])
NOLANS_SEP_CAPEX = SEP_CAPEX_PER_T * NOLANS_CAP / 1e6       # USD million, as every capex below
NOLANS_MINE_CAPEX = NOLANS_CAPEX - NOLANS_SEP_CAPEX
MINE_CAPEX_PER_T = 20000.0   # greenfield mine + concentrator per t REO/yr: Nolans less its separation share
                             # (NOLANS_MINE_CAPEX / 17,448 = 20.5k); the Mt Weld expansion (brownfield) 10.1k
SRC_FUNDING = musd(101.0, "CAD")             # C$71M Saskatchewan + C$30M Canada (retrieved, canadianminingjournal.com)
SRC_METAL_SHARE = 0.25       # assumption: metal cells are a quarter of SRC's minerals-to-metals plant
METAL_CAPEX_PER_T = 35000.0  # per t oxide feed: SRC's metal share / 500 t (36.7k); no other metal capex in the data
RECYCLE_CAPEX_PER_T = 45000.0  # per t REO-eq of scrap feed: HyProMag GBP 4.3M / 107 t (51k), Caremag's recycling share (41k)
MAGNET_CAPEX_PER_T = {       # per t blank/yr
    "US": 92000.0,           # MP 10X US$650M / 7,000 t (92.9k); Vulcan US$918M / 10,000 t (91.8k, retrieved)
    "EU": 50000.0,           # Narva EUR 75-100M / 2,000 t (47k); EUR 250M for 5,000 t (54k)
    "JP": 40000.0, "KR": 40000.0,  # assumption: low end of costs.csv's Western 40-100k (incumbent makers)
    "CN": 10000.0,           # JL Mag Baotou III 7.3k, Innuovo 11.8k (costs.csv, retrieved)
    "*": 70000.0,            # assumption: midpoint of costs.csv's Western 40-100k
}
CN_CAPEX_RATIO = 0.15        # China's capex per t / the West's, from magnet plants (10k against 40-100k);
                             # applied to mines, separation, metal and recycling in China (assumption)


CN_LINKED_MINES = {"MM", "LA"}  # ionic-clay mining by Chinese-linked operators with Chinese in-situ leaching: China's
                             # capex ratio and ramp (assumption; their unit cost keeps the new-mine rule)


def china_like(stage, region):
    return region == "CN" or (stage == "mine" and region in CN_LINKED_MINES)


def capex_per_t(stage, region):
    if stage == "magnet":
        return MAGNET_CAPEX_PER_T.get(region, MAGNET_CAPEX_PER_T["*"])
    base = {"mine": MINE_CAPEX_PER_T, "separation": SEP_CAPEX_PER_T, "metal": METAL_CAPEX_PER_T,
            "recycling": RECYCLE_CAPEX_PER_T}[stage]
    return base * CN_CAPEX_RATIO if china_like(stage, region) else base


# --- lead times (decision to first production, years), ramps and lives by stage (rules)
LEAD = {  # region -> years; "*" for the rest
    "mine": {"CN": 3, "MM": 2, "LA": 2, "AU": 4, "BR": 4, "IN": 4, "US": 5, "CA": 5, "EU": 6, "*": 5},
    "separation": {"CN": 2, "JP": 3, "*": 4},
    "metal": {"CN": 1, "*": 2},
    "magnet": {"CN": 2, "JP": 2, "KR": 2, "*": 3},
    "recycling": {"CN": 1, "*": 2},
}
RAMP = {  # share of capacity in the 1st, 2nd, ... year of operation
    "mine": "0.25;0.5;0.75;1", "separation": "0.2;0.4;0.7;1", "metal": "0.3;0.7;1", "magnet": "0.3;0.6;1",
    "recycling": "0.3;0.7;1",
}
RAMP_CN = {"mine": "0.5;0.8;1", "separation": "0.5;0.8;1", "metal": "0.6;1", "magnet": "0.6;1", "recycling": "0.6;1"}
LIFE = {"mine": 25, "separation": 25, "metal": 20, "magnet": 20, "recycling": 15}


def lead(stage, region):
    return LEAD[stage].get(region, LEAD[stage]["*"])


def ramp(stage, region):
    return (RAMP_CN if china_like(stage, region) else RAMP)[stage]


def new_unit_cost(stage, region, recs):
    """The existing rule for plants that start after 2024: China's stage cost (a mine: its netback at
    reference prices / MARKUP), times NONCHINA_PREMIUM outside China."""
    base = netback(stage, region, recs) / MARKUP if stage == "mine" else stage_cost(stage)
    return base * (1.0 if region == "CN" else NONCHINA_PREMIUM)


# --- new facility rows: projects of ../shared/data that facilities.csv did not have
MTW = fac("Mt Weld")
LAMP = fac("Lynas Advanced Materials Plant")
MPSEP = fac("Mountain Pass separation (Stage II)")
MP_Q1_2025_NDPR = 563.0      # t NdPr oxide in Q1 2025 (facilities.csv, ainvest.com, weak)
MP_RAMP1 = (MP_Q1_2025_NDPR * 4 / NDPR_SHARE["mountain-pass"] / SEP_RECOVERY - float(MPSEP["available_2024_t"])) / \
    (float(MPSEP["capacity_t_reo"]) - float(MPSEP["available_2024_t"]))
LYNAS_FY25_NDPR = 6558.0     # t NdPr oxide, Lynas FY2025 (facilities.csv, retrieved)
LYNAS_RAMP1 = (LYNAS_FY25_NDPR / NDPR_SHARE["mt-weld"] / SEP_RECOVERY - float(LAMP["available_2024_t"])) / \
    (float(LAMP["capacity_t_reo"]) - float(LAMP["available_2024_t"]))
SERRA_VERDE_2027 = 6500.0    # t TREO a year by 2027 (retrieved: Reuters via miningdoc.tech; 4,800-6,500 early 2027, wedoany.com)
WHITE_MESA_P2_NDPR = 6000.0 - 1000.0  # Phase 2 takes NdPr from ~1,000 to >6,000 t/yr (retrieved: BFS Jan 2026)
SEADRIFT_NDPR = 1250.0       # t/yr NdPr, the light plant of the DoD contract (retrieved: cen.acs.org, 2021)
BROOK_TREO = 1242.0          # t/yr oxides incl. 254 t NdPr (retrieved: PEA, Kallanish via seaisi.org, Jul 2025)
ROUND_TOP_REO = 2212.0       # t/yr REO (retrieved: 2019 PEA, usare.com)
CAREMAG_FEED = 5000.0        # t/yr mining concentrates (retrieved: fastmarkets.com, Mar 2025), taken as t REO
CAREMAG_MAGNETS = 2000.0     # t/yr magnets recycled (same source)
HYPROMAG_MAGNETS = 300.0     # t/yr magnets, multi-shift (facilities.csv; 100 t single shift, projectblue.com)
SRC_MONAZITE = 3000.0        # t/yr monazite (retrieved: electricautonomy.ca, Mar 2024)
SOLVAY_2025_OUT = 300.0      # "several hundred tonnes" in 2025 (retrieved: De Tijd via 24brussels.online)
SOLVAY_2030_OUT = 4500.0     # t/yr REO by 2030, 30% of the EU market (same source)
UCORE_FULL = 7500.0          # t/yr TREO by 2027 (retrieved: ucore.com, kallanish.com)
MAG_RECIPES = list(MAG)
SEP_MT_WELD, SEP_MONAZITE = ["sep-mt-weld"], ["sep-monazite"]
SEP_ANY = [f"sep-{o}" for o in ("monazite", "mountain-pass", "serra-verde", "xenotime", "mm-ionic", "la-ionic", "nolans", "round-top")]
SEP_HREE = [f"sep-{o}" for o in ("xenotime", "serra-verde", "mm-ionic", "la-ionic", "round-top")]

# id, name, stage, region, operator, status, start_year, capacity_t, recipes, source, note
NEW_FAC = [
    ("au-mt-weld-exp", "Mt Weld expansion (to 12,000 t/yr NdPr-equivalent feedstock)", "mine", "AU", "Lynas Rare Earths",
     "construction", 2025, float(MTW["capacity_t_reo"]) - float(MTW["available_2024_t"]), ["mine-mt-weld"],
     "facilities.csv Mt Weld row (retrieved: australianmining.com); expansion capex and schedule (retrieved: e-mj.com, nsenergybusiness.com 2022; thewest.com.au 2023)",
     "capacity = expansion target 50,314 t REO - the 13,000 t of 2024 (au-mt-weld); CONFLICT: Lynas's own output implies ~29 kt REO in 2024, so this overstates the increment"),
    ("my-lamp-exp", "Lynas 2025 growth plan: Kalgoorlie cracking & leaching + LAMP separation to 10,500 t/yr NdPr",
     "separation", "MY", "Lynas Rare Earths", "construction", 2025,
     float(LAMP["capacity_t_reo"]) - float(LAMP["available_2024_t"]), SEP_MT_WELD,
     "facilities.csv LAMP and Kalgoorlie rows (retrieved); Kalgoorlie A$800M opened Nov 2024 (retrieved: seaisi.org/Kallanish, amrtimes.com.au)",
     "capacity = LAMP feed for the 10,500 t NdPr target (46,798 t) - the 13,000 t of 2024 (my-lamp); Kalgoorlie (AU) makes the MREC that LAMP (MY) separates: one project, placed where the separate recipe runs"),
    ("us-lynas-seadrift", "Seadrift, Texas (Lynas USA light + heavy REE separation)", "separation", "US", "Lynas Rare Earths",
     "planned", 2027, SEADRIFT_NDPR / NDPR_SHARE["mt-weld"] / SEP_RECOVERY, SEP_MT_WELD,
     "facilities.csv Seadrift row (recalled); 1,250 t/yr NdPr (retrieved: cen.acs.org 2021); US$288M DoD, 'unlikely to proceed' (retrieved: northernminer.com Aug 2025; theozpost.com, Lynas AGM Nov 2025)",
     "capacity = 1,250 t NdPr / Mt Weld NdPr share / 0.9407 (feed: Kalgoorlie MREC); heavy circuit not quantified"),
    ("us-mp-sep-ramp", "Mountain Pass separation (Stage II): capacity not used in 2024", "separation", "US", "MP Materials",
     "construction", 2025, float(MPSEP["capacity_t_reo"]) - float(MPSEP["available_2024_t"]), ["sep-mountain-pass"],
     MPSEP["source"], "capacity = 41,686 t feed for the 6,000 t NdPr normalised rate - 8,990 t run in 2024 (us-mp-separation): the built plant ramping, not new capex"),
    ("us-mp-magnet-exp", "Independence facility expansion (to ~3,000 t/yr)", "magnet", "US", "MP Materials", "planned", 2028,
     3000.0 - 1000.0, MAG_RECIPES, "facilities.csv Independence row: expansion to ~3,000 t (recalled); 10X takes MP's US total to ~10,000 t (retrieved)",
     "recalled, unconfirmed; capacity in t blank as the other magnet rows"),
    ("au-nolans-sep", "Nolans on-site chemical and separation plant", "separation", "AU", "Arafura Rare Earths", "planned", 2028,
     NOLANS_CAP, ["sep-nolans"], fac("Nolans")["source"] + "; arultd.com (mine, beneficiation, extraction and separation at one site)",
     "the separator of au-nolans' ore (facilities.csv had the mine only, so nothing could separate concentrate:nolans); same capacity, decided with the mine"),
    ("us-brook", "Brook Mine, Sheridan WY (coal-hosted REE)", "mine", "US", "Ramaco Resources", "construction", 2027,
     BROOK_TREO, ["mine-serra-verde"], "facilities.csv Brook Mine row (recalled); PEA 1,242 t/yr oxides, 42-yr life (retrieved: seaisi.org/Kallanish Jul 2025; rareearthexchanges.com)",
     "ore: no Brook basket in ore_compositions.csv; nearest documented = medium-Y ionic clay (Serra Verde row: NdPr 24%, HREE+Y ~45%) for a claystone said to be ~35% heavy REE with NdPr ~20% of output (254/1,242 t); the mine opened Jul 2025 (coal)"),
    ("us-brook-sep", "Brook Mine REE processing facility", "separation", "US", "Ramaco Resources", "planned", 2028,
     BROOK_TREO, ["sep-serra-verde"], "PEA processing facility US$533.1M (retrieved: reportify.ai); steady state 2028 (Kallanish via seaisi.org)",
     "separates us-brook's ore (nearest documented basket, see us-brook)"),
    ("us-round-top", "Round Top, Hudspeth County TX", "mine", "US", "USA Rare Earth (80%) / Texas Mineral Resources", "planned", 2028,
     ROUND_TOP_REO, ["mine-round-top"], "facilities.csv Round Top row; 2019 PEA 2,212 t/yr REO, 20-yr life, US$350.4M incl. on-site separation (retrieved: usare.com); late 2028 (retrieved: Reuters Dec 2025)",
     "basket: ore_compositions.csv Round Top row, a derived placeholder (NdPr 7.1% against 10.8% in the PEA's output)"),
    ("us-round-top-sep", "Round Top on-site separation (heap leach, CIX/CIC)", "separation", "US",
     "USA Rare Earth (80%) / Texas Mineral Resources", "planned", 2028, ROUND_TOP_REO, ["sep-round-top"],
     "2019 PEA: complete on-site REO separation plant (retrieved: usare.com)", "separates us-round-top's ore"),
    ("br-serra-verde-exp", "Serra Verde Pela Ema: ramp-up and upgrades to 6,500 t/yr TREO", "mine", "BR", "Serra Verde Group",
     "construction", 2025, SERRA_VERDE_2027 - float(fac("Serra Verde")["available_2024_t"]), ["mine-serra-verde"],
     "facilities.csv Serra Verde row (retrieved); ~6,500 t TREO/yr by 2027 and DFC US$465M, later US$565M (retrieved: mining.com via sh-re.com; miningdoc.tech; wedoany.com)",
     "capacity = 6,500 t - the 20 t of 2024 (br-serra-verde)"),
    ("us-white-mesa-p2", "White Mesa Mill Phase 2 REE circuit", "separation", "US", "Energy Fuels", "planned", 2029,
     WHITE_MESA_P2_NDPR / NDPR_SHARE["monazite"] / SEP_RECOVERY, SEP_MONAZITE,
     "costs.csv White Mesa Phase 2 (retrieved); BFS Jan 2026: NdPr ~1,000 -> >6,000 t/yr, US$410M, approval mid-2027, commissioning Q1 2029 (retrieved: stocktwits.com, burstable.news)",
     "capacity = the 5,000 t NdPr increment / monazite NdPr share / 0.9407; feed: monazite (Donald, Vara Mada, Bahia: not in the data)"),
    ("us-alexandria-exp", "Louisiana Strategic Metals Complex expansion (to 7,500 t/yr TREO)", "separation", "US", "Ucore Rare Metals",
     "planned", 2027, UCORE_FULL - 2000.0, SEP_MONAZITE,
     "2,000 -> 5,000 -> 7,500 t/yr TREO, US$75M (retrieved: ucore.com, kallanish.com, opportunitylouisiana.gov)", "feed not stated: monazite assumed, as us-alexandria"),
    ("eu-narva-p2", "Narva magnet plant phase 2 (to 5,000 t/yr)", "magnet", "EU", "Neo Performance Materials", "planned", 2028,
     5000.0 - 2000.0, MAG_RECIPES, "facilities.csv Narva row; EUR ~250M if expanded to 5,000 t/yr (retrieved: miningsee.eu, costs.csv)", "Estonia"),
    ("us-stillwater-p2", "Stillwater magnet plant: further lines to the 4,800 t/yr nameplate", "magnet", "US", "USA Rare Earth (USAR)",
     "planned", 2028, 4800.0 - 1200.0, MAG_RECIPES, "facilities.csv Stillwater row (retrieved); 1,200 t/yr initially, nameplate 4,800 t (retrieved: minelistings.com)",
     "Line 1 commissioning Q1 2026 (ainvest.com, weak)"),
    ("us-vulcan", "Vulcan Elements magnet plant, Benson NC", "magnet", "US", "Vulcan Elements", "planned", 2027, 10000.0, MAG_RECIPES,
     "facilities.csv Vulcan row (retrieved: prnewswire.com, war.gov OSC); Benson site, US$918.1M, initial operations 2027 (retrieved: brightgram.com / NC governor; tectonicdefense.com)",
     "existing small plant not quantified"),
    ("us-vulcan-metal", "Vulcan Elements metallization, Benson NC", "metal", "US", "Vulcan Elements", "planned", 2027,
     10000.0 * METAL_PER_BLANK / METAL_YIELD, ["met-ndpr", "met-dy", "met-tb"],
     "metallization at the Benson facility (retrieved: energynews.oedigital.com / Reuters, Nov 2025)",
     "capacity = oxide feed for 10,000 t blank: 10,000 x 0.28 t metal / 0.8"),
    ("eu-solvay-lr", "Solvay La Rochelle: magnet rare earths line (2025)", "separation", "EU", "Solvay", "construction", 2025,
     SOLVAY_2025_OUT / SEP_RECOVERY, SEP_ANY,
     "facilities.csv La Rochelle row (recalled); line inaugurated Apr 2025, several hundred tonnes in 2025, 'a few million euros' (retrieved: automotiveworld.com; 24brussels.online citing De Tijd)",
     "capacity = 300 t REO output ('several hundred tonnes') / 0.9407; feed: concentrates from 'a diverse range of suppliers and mining partners': every non-captive ore; France"),
    ("eu-solvay-lr-exp", "Solvay La Rochelle: scale-up to ~4,500 t/yr by 2030", "separation", "EU", "Solvay", "planned", 2028,
     (SOLVAY_2030_OUT - SOLVAY_2025_OUT) / SEP_RECOVERY, SEP_ANY,
     "~4,500 t/yr by 2030, 30% of the EU market (retrieved: 24brussels.online); EUR 100M for full scale if customers commit (retrieved: specchemonline.com)",
     "capacity = (4,500 - 300) t REO output / 0.9407; feed as eu-solvay-lr; France"),
    ("eu-caremag", "Caremag, Lacq: heavy rare earth refining of concentrates", "separation", "EU", "Carester (Caremag)", "construction", 2027,
     CAREMAG_FEED, SEP_HREE,
     "facilities.csv Caremag row (recalled); EUR 216M, 5,000 t/yr concentrates + 2,000 t/yr magnets, 600 t Dy+Tb and 800 t NdPr oxide, operations late 2026 (retrieved: fastmarkets.com, chemengonline.com, energynews.pro, Mar 2025)",
     "feed taken as t REO of HREE-rich concentrate, its origin not public: the documented HREE-rich ores (xenotime: 5,000 t gives ~440 t Dy+Tb, the recycled magnets the rest; ionic clays; Round Top); France"),
    ("eu-caremag-rec", "Caremag, Lacq: magnet recycling", "recycling", "EU", "Carester (Caremag)", "construction", 2027,
     CAREMAG_MAGNETS * RE_PER_MAGNET * OXIDE_TO_METAL["NdPr"], ["rec-ndpr", "rec-dy", "rec-tb"],
     "EUR 216M plant recycling 2,000 t/yr of magnets (retrieved: fastmarkets.com, Mar 2025)",
     "capacity = 2,000 t magnets x 0.305 t RE x 1.166 t REO-eq per t metal"),
    ("ca-src-sep", "SRC Rare Earth Processing Facility, Saskatoon - monazite separation", "separation", "CA",
     "Saskatchewan Research Council", "construction", 2025, SRC_MONAZITE * MONAZITE_REO, SEP_MONAZITE,
     "facilities.csv SRC separation row (recalled); 3,000 t/yr monazite (retrieved: electricautonomy.ca); C$71M + C$30M funding (retrieved: canadianminingjournal.com)",
     "capacity = 3,000 t monazite x 0.60 t REO per t (typical grade, recalled); separation capacity was not sourced in facilities.csv"),
    ("gb-hypromag", "HyProMag Tyseley (HPMS magnet recycling)", "recycling", "GB", "HyProMag (Mkango/CoTec)", "construction", 2026,
     HYPROMAG_MAGNETS * RE_PER_MAGNET * OXIDE_TO_METAL["NdPr"], ["rec-ndpr", "rec-dy", "rec-tb"],
     "facilities.csv HyProMag row (retrieved: riemnews.com); 100-300 t/yr, opened Jan 2026 (retrieved: projectblue.com); GBP 4.3M UKRI project (retrieved: circularonline.co.uk)",
     "capacity = 300 t magnets x 0.305 x 1.166 t REO-eq; HPMS makes magnet alloy, modelled with the oxide recycling recipes (no scrap-to-magnet recipe)"),
    ("cn-jlmag-baotou3", "JL Mag Baotou phase III (+20,000 t/yr sintered NdFeB)", "magnet", "CN", "JL Mag Rare-Earth Co.", "construction", 2027,
     20000.0, MAG_RECIPES, "costs.csv JL Mag Baotou III, CNY 1.05bn for 20,000 t/yr (retrieved: rareearthexchanges.com citing Asian Metal); 60,000 t by 2027 (retrieved: earths-book.com)",
     "China's 2024 magnet capacity is its 2024 output (cn-magnet): this expansion comes on top"),
    ("cn-innuovo-exp", "Innuovo 5,000 t/yr sintered NdFeB expansion", "magnet", "CN", "Innuovo Technology", "construction", 2027,
     5000.0, MAG_RECIPES, "costs.csv Innuovo expansion, CNY 424M, approved Jun 2025 (retrieved: news.metal.com, SMM)", ""),
    ("au-eneabba-feed", "Eneabba monazite-rich stockpile (feed of the Eneabba refinery)", "mine", "AU", "Iluka Resources", "construction", 2027,
     ENEABBA_FEED, ["mine-monazite"], fac("Eneabba rare earths refinery")["source"] + " (feed = ~1 Mt monazite-rich stockpile + Balranald/Wimmera)",
     "feed of au-eneabba, sized to it: the refinery had no ore in the data; the stockpile's REO content is not public, so its life is an assumption"),
]


def new_facility_rows():
    rows = []
    for fid, name, stage, region, op, status, start, cap, recs, src, note in NEW_FAC:
        base = new_unit_cost(stage, region, recs)
        rule = ("new plant: China stage cost" if region == "CN" else
                "new plant: China stage cost x %.2f (ex-China premium)" % NONCHINA_PREMIUM)
        if stage == "mine":
            rule = "new mine: netback at reference prices / markup" + ("" if region == "CN" else " x %.2f" % NONCHINA_PREMIUM)
        rows.append((fid, name, stage, region, op, status, start, "", round(cap, 3), round(base, 4), ";".join(recs), "",
                     src, "; ".join(x for x in ("project of the years (projects.csv)", rule, note) if x)))
    return rows


# --- projects.csv: one row per planned or building facility.  capex: ("USD"|"AUD"|..., amount) sourced,
# or a number already derived by a stated rule.  decided: the decision year of a committed project
# (decided + lead = its first production year = start_year), None for a candidate the model decides.
def facility_row(fid):
    for r in facility_table():
        if r[0] == fid:
            return r
    raise KeyError(fid)


_FAC_CACHE = []


def facility_table():
    """The facility rows as facilities() writes them (computed once)."""
    if not _FAC_CACHE:
        _FAC_CACHE.extend(facility_rows())
    return _FAC_CACHE


def by_rule(fid):
    """capex of a facility row from the intensity rule: capex_per_t(stage, region) x capacity, USD million."""
    r = facility_row(fid)
    return capex_per_t(r[2], r[3]) * float(r[8]) / 1e6


SRC_CAPEX = SRC_FUNDING  # both SRC rows share it (SRC_METAL_SHARE)
CAREMAG_CAPEX = musd(216.0, "EUR")
CAREMAG_SEP_SHARE = CAREMAG_FEED / (CAREMAG_FEED + CAREMAG_MAGNETS * RE_PER_MAGNET * OXIDE_TO_METAL["NdPr"])
VULCAN_CAPEX = 918.1         # US$M, Benson facility (retrieved: NC governor via brightgram.com)
BROOK_CAPEX = 579.0          # US$M PEA incl. contingency (retrieved: Kallanish via seaisi.org); US$473M excl. (investorshangout.com)
BROOK_SEP_CAPEX = 533.1      # US$M processing facility (retrieved: reportify.ai)
ROUND_TOP_CAPEX = 350.4      # US$M 2019 PEA incl. on-site separation and 25% contingency (retrieved: usare.com)
UCORE_CAPEX = 75.0           # US$M for up to 7,500 t/yr over four years (retrieved: opportunitylouisiana.gov, kallanish.com)
NARVA_P1_EUR = 87.5          # EUR M, midpoint of 75-100 (costs.csv, retrieved)
NARVA_FULL_EUR = 250.0       # EUR M for 5,000 t/yr (costs.csv, retrieved)

PROJECTS = [
    # facility, capex_musd, lead, ramp, life, decided, earliest, source, note
    # --- committed: decided before the run or with FID taken (arrive at decided + lead)
    ("au-mt-weld-exp", musd(570.0, "AUD"), 3, "0.5;0.8;1", 20, 2022, None,
     "capex A$570M (2023 estimate; A$500M at announcement, Aug 2022) (retrieved: thewest.com.au; e-mj.com); full operation planned for 2024 (retrieved)",
     "ramp: Lynas FY2025 NdPr 6,558 t implies %.2f of the expansion in its first year (rule: (6,558 / NdPr share / 0.9407 - 13,000) / increment); life: '20+ yr mine life' (facilities.csv)" % LYNAS_RAMP1),
    ("my-lamp-exp", musd(800.0, "AUD"), 5, "0.5;0.8;1", 25, 2020, None,
     "Kalgoorlie A$800M (about A$200M over the A$500-575M budget), decision Dec 2019, first MREC Jun 2024 (retrieved: amrtimes.com.au, seaisi.org/Kallanish, pv-magazine-australia.com); costs.csv A$730-800M (recalled) confirmed",
     "capex is Kalgoorlie only (LAMP's Malaysian upgrades not public); decided_year 2020 so that 2020 + 5 = 2025, the first year the model counts it (its 2024 output is in my-lamp); ramp as au-mt-weld-exp"),
    ("us-mp-sep-ramp", 0.0, 5, "%.1f;0.6;1" % round(MP_RAMP1, 1), 25, 2020, None,
     "MP Materials: Stage II built, commissioned 2023 (facilities.csv); Q1-2025 NdPr 563 t (ainvest.com, weak)",
     "capex 0: the plant was built before 2024 (the recalled US$700M Stage II+III total of costs.csv is not split), so the run spends nothing on it; ramp: Q1-2025 annualised output uses %.2f of the unused capacity" % MP_RAMP1),
    ("us-white-mesa", musd(16.0, "USD"), 2, RAMP["separation"], 25, 2023, None,
     "costs.csv White Mesa Phase 1 circuit US$16M (budget 25) (retrieved: stocktitan.net)",
     "brownfield circuit in an operating mill; commercial separation 2024, counted from 2025 (facilities.csv); lead and decision year: assumption that fits 2025"),
    ("au-eneabba", ENEABBA_CAPEX, 5, RAMP["separation"], 25, 2022, None,
     "costs.csv Eneabba A$1,700-1,800M (retrieved: nsenergybusiness.com, aumanufacturing.com.au); FID 2022 to commissioning 2027 (costs.csv lead_time, retrieved)",
     "capex midpoint A$1,750M; ramp and life: separation rule"),
    ("au-eneabba-feed", 0.0, 5, RAMP["separation"], 15, 2022, None,
     "facilities.csv Eneabba row: feed = ~1 Mt monazite-rich stockpile + Balranald/Wimmera (retrieved)",
     "capex 0: the stockpile was mined before 2024 (reclaim is opex); ramp follows the refinery; life 15 years is an assumption (the stockpile's REO is not public)"),
    ("us-alexandria", UCORE_CAPEX * 2000.0 / UCORE_FULL, 2, RAMP["separation"], 25, 2024, None,
     "Ucore US$75M for the complex up to 7,500 t/yr TREO (retrieved: opportunitylouisiana.gov); brownfield building acquired Jan 2024, DoD US$18.4M initial construction funding (retrieved: marketscreener.com, txfnews.com)",
     "capex = US$75M x 2,000 / 7,500 t (share of capacity; rule); first production slipped from 2025 to 2026"),
    ("cn-nre-alloy", by_rule("cn-nre-alloy"), 1, RAMP_CN["metal"], 20, 2024, None,
     "facilities.csv NRE alloy project (retrieved: argusmedia.com); capex: intensity rule (no figure in the data)",
     "capex = China metal intensity (%.0f USD per t/yr = %.0f x %.2f) x capacity; construction from Apr 2025: 2025 output is optimistic, the row's 2025 start is kept" % (capex_per_t("metal", "CN"), METAL_CAPEX_PER_T, CN_CAPEX_RATIO)),
    ("us-mp-metal", by_rule("us-mp-metal"), 3, RAMP["metal"], 20, 2022, None,
     "MP Independence: construction began 2022, NdPr metal in commercial production Jan 2025 (retrieved: industrialheating.com, pm-review.com); capex: intensity rule",
     "capex = metal intensity x 534 t; costs.csv's US$700M (recalled, weak) covers Stage II separation + Stage III and is not split"),
    ("ca-src-metal", SRC_CAPEX * SRC_METAL_SHARE, 3, RAMP["metal"], 20, 2022, None,
     "SRC: C$71M provincial + C$30M federal funding since 2020; 10 t/month NdPr metal in 2024, ~400 t/yr from early 2025 (retrieved: canadianminingjournal.com, stockguruup.com)",
     "capex = C$101M x 0.25 (the metal share is an assumption); " + FX_SRC),
    ("us-mp-magnet", by_rule("us-mp-magnet"), 3, RAMP["magnet"], 20, 2022, None,
     "MP Independence: ~1,000 t/yr finished magnets, trial production Jan 2025, gradual ramp from late 2025 (retrieved: marketscreener.com, evertiq.com)",
     "capex = US magnet intensity x 1,000 t (rule; no Independence figure)"),
    ("us-evac", musd(506.0, "USD"), 2, RAMP["magnet"], 20, 2023, None,
     "costs.csv e-VAC US$500-506M (confirmed: theitem.com US$506M; greenvillebusinessmag.com); announced Dec 2023, operations late 2025 (retrieved: justthenews.com, fastmarkets.com)",
     "capacity 1,500 t is recalled: VAC has not disclosed it (fastmarkets.com), so the implied US$337k per t/yr is not used as an intensity"),
    ("us-stillwater", musd(100.0, "USD"), 3, RAMP["magnet"], 20, 2023, None,
     "costs.csv Stillwater >US$100M (retrieved: tulsaworld.com); 1,200 t/yr first, nameplate 4,800 t (retrieved: minelistings.com); Line 1 commissioning Q1 2026 (ainvest.com, weak)",
     "capex is a minimum ('more than US$100 million'); decision year: assumption (building bought Jun 2022, metaltechnews.com)"),
    ("us-mp-10x", musd(650.0, "USD"), 3, RAMP["magnet"], 20, 2025, None,
     "costs.csv 10X US$650M of the US$1bn JPM/GS facility (retrieved: MP 8-K summary); DoD agreement Jul 2025, commissioning 2028 (costs.csv lead_time, retrieved)",
     "committed on the DoD deal of Jul 2025 (100% offtake, EBITDA floor): a baseline without the 2025 measures can block it (project block lever)"),
    ("eu-narva", musd(NARVA_P1_EUR, "EUR"), 3, RAMP["magnet"], 20, 2022, None,
     "costs.csv Narva phase 1 EUR 75-100M (retrieved); announced Nov 2022, inaugurated Sept 2025, commercial ramp 2026 (costs.csv lead_time, retrieved)",
     "capex midpoint EUR 87.5M; " + FX_SRC),
    ("us-brook", BROOK_CAPEX - BROOK_SEP_CAPEX, 3, RAMP["mine"], 42, 2024, None,
     "Ramaco Brook Mine: mine opened Jul 2025 (retrieved: coaltrends.com); PEA capex US$579M (Kallanish via seaisi.org) of which the processing facility US$533.1M (reportify.ai); 42-yr life (retrieved)",
     "capex = 579 - 533.1: the mining share (derived from two reports of the same PEA); committed because the mine runs (coal); its REE needs us-brook-sep"),
    ("br-serra-verde-exp", by_rule("br-serra-verde-exp"), 3, "0.3;0.7;1", 25, 2022, None,
     "Serra Verde: commercial production from early 2024, ~6,500 t/yr TREO by 2027 (retrieved: miningdoc.tech/Reuters, wedoany.com); DFC US$465M (Aug 2025, retrieved: mining.com via sh-re.com), US$565M (Feb 2026, retrieved: capitaladept.com)",
     "capex = mine intensity x increment (rule): the DFC loan also refinances debt and pays opex (opovo.com.br), so it is not a capex figure; decision year: assumption (phase 1 built before 2024); ramp: 4,800-6,500 t by early 2027"),
    ("eu-solvay-lr", musd(5.0, "EUR"), 3, RAMP["separation"], 25, 2022, None,
     "Solvay: expansion announced Sept 2022 (retrieved: cen.acs.org); line inaugurated Apr 2025; 'investing only a few million euros for now' (retrieved: 24brussels.online citing De Tijd)",
     "capex EUR 5M stands for 'a few million euros' (interpretation); brownfield line in an operating plant"),
    ("eu-caremag", CAREMAG_CAPEX * CAREMAG_SEP_SHARE, 2, RAMP["separation"], 25, 2025, None,
     "Caremag EUR 216M secured Mar 2025 (EUR 110M JOGMEC/Iwatani, EUR 106M France), operations late 2026 (retrieved: fastmarkets.com, chemengonline.com)",
     "capex = EUR 216M x %.3f, the plant's REO throughput share (rule: 5,000 t concentrate against 711 t REO-eq of magnets); %s" % (CAREMAG_SEP_SHARE, FX_SRC)),
    ("eu-caremag-rec", CAREMAG_CAPEX * (1.0 - CAREMAG_SEP_SHARE), 2, RAMP["recycling"], 15, 2025, None,
     "Caremag EUR 216M (retrieved: fastmarkets.com, Mar 2025)", "capex = the recycling share of EUR 216M (rule as eu-caremag)"),
    ("ca-src-sep", SRC_CAPEX * (1.0 - SRC_METAL_SHARE), 5, RAMP["separation"], 25, 2020, None,
     "SRC facility announced 2020, construction from autumn 2020, fully operational early 2025 (retrieved: miningmagazine.com, canadianminingjournal.com)",
     "capex = C$101M x 0.75 (rule; the split is an assumption)"),
    ("gb-hypromag", musd(4.3, "GBP"), 3, RAMP["recycling"], 15, 2023, None,
     "HyProMag Tyseley: GBP 4.3M UKRI project (retrieved: circularonline.co.uk); first production runs 2023, opened Jan 2026 (retrieved: azocleantech.com, projectblue.com)",
     "capex is the funded project; decision year: assumption that fits the 2026 opening"),
    ("cn-jlmag-baotou3", musd(1050.0, "CNY"), 2, RAMP_CN["magnet"], 20, 2025, None,
     "costs.csv JL Mag Baotou III CNY 1.05bn = US$146M for 20,000 t/yr (retrieved: rareearthexchanges.com citing Asian Metal); JL Mag ~60,000 t by 2027 (retrieved: earths-book.com)",
     "Chinese expansion, China ramp rule"),
    ("cn-innuovo-exp", musd(424.0, "CNY"), 2, RAMP_CN["magnet"], 20, 2025, None,
     "costs.csv Innuovo CNY 424M for 5,000 t/yr, approved Jun 2025 (retrieved: news.metal.com, SMM)", "Chinese expansion, China ramp rule"),
    # --- candidates: decided by the model, from earliest_decision
    ("au-nolans", NOLANS_MINE_CAPEX, 3, RAMP["mine"], 38, None, 2026,
     "costs.csv Nolans A$1.6bn (2024, retrieved: businessnews.com.au); FID slipped to H1 2026 (retrieved: stockstoday.com); 2019 DFS: commissioning ~2.5 yr after construction start, 23-yr life; 2021 update: 38-yr life (retrieved: miningweekly.com)",
     "capex = A$1.6bn less the separation share (au-nolans-sep: separation intensity x 17,448 t); decided with au-nolans-sep (the schema has no link); lead 3: FID 2026 -> 2029, later than the row's 2028"),
    ("au-nolans-sep", NOLANS_SEP_CAPEX, 3, RAMP["separation"], 38, None, 2026,
     "costs.csv Nolans A$1.6bn (retrieved) incl. on-site extraction and separation (arultd.com)",
     "capex = %.0f USD per t/yr x 17,448 t (separation intensity rule); decided with au-nolans" % SEP_CAPEX_PER_T),
    ("us-brook-sep", BROOK_SEP_CAPEX, 3, RAMP["separation"], 42, None, 2026,
     "Brook REE processing facility US$533.1M (retrieved: reportify.ai); pilot plant, samples from mid-2026, steady state 2028 (retrieved: seaisi.org/Kallanish, rareearthexchanges.com); the brief's US$500M (costs.csv, not verified) lies in the PEA's US$473-579M",
     "confirmed: PEA capex US$473M excl. contingency (investorshangout.com), US$579M (Kallanish); NdPr 254 t of 1,242 t; Sc, Ga, Ge are most of the PEA revenue (59% Sc, reportify.ai) and are not in the model, which undervalues it"),
    ("us-round-top", ROUND_TOP_CAPEX - SEP_CAPEX_PER_T * ROUND_TOP_REO / 1e6, 3, RAMP["mine"], 20, None, 2027,
     "Round Top 2019 PEA US$350.4M incl. on-site separation, 2,212 t/yr REO, 20-yr life (retrieved: usare.com); DFS early 2027, production late 2028 (retrieved: Reuters via optionbeast.com, northernminer.com)",
     "capex = US$350.4M less the separation share (rule as Nolans); decided with us-round-top-sep; lead 3 (USAR's target implies 2); lithium and other by-products not in the model"),
    ("us-round-top-sep", SEP_CAPEX_PER_T * ROUND_TOP_REO / 1e6, 3, RAMP["separation"], 20, None, 2027,
     "Round Top 2019 PEA (retrieved: usare.com)", "capex = separation intensity x 2,212 t (rule); decided with us-round-top"),
    ("us-white-mesa-p2", musd(410.0, "USD"), 2, RAMP["separation"], 25, None, 2027,
     "costs.csv White Mesa Phase 2 US$410M (confirmed: BFS Jan 2026, stocktwits.com, stockstoday.com); approval mid-2027, commissioning Q1 2029; NPV US$1.9bn at 8%, IRR 33%, all-in cost US$29.39/kg NdPr-eq",
     "brownfield circuit at an operating mill (lead 2 from the BFS schedule); needs monazite feed the data does not have (Donald, Vara Mada)"),
    ("us-alexandria-exp", UCORE_CAPEX * (UCORE_FULL - 2000.0) / UCORE_FULL, 2, RAMP["separation"], 25, None, 2026,
     "Ucore US$75M for up to 7,500 t/yr TREO, 5,000 t in 2026 and 7,500 t in 2027 in the 2023 plan (retrieved: investornews.com, kallanish.com)",
     "capex = the expansion's share of US$75M (rule); modular RapidSX in the same building: lead 2 (assumption)"),
    ("eu-narva-p2", musd(NARVA_FULL_EUR - NARVA_P1_EUR, "EUR"), 2, RAMP["magnet"], 20, None, 2026,
     "costs.csv ~EUR 250M if expanded to 5,000 t/yr (retrieved: miningsee.eu)",
     "capex = EUR 250M - EUR 87.5M of phase 1 (rule); earliest decision after phase 1's ramp (assumption)"),
    ("us-stillwater-p2", by_rule("us-stillwater-p2"), 2, RAMP["magnet"], 20, None, 2026,
     "nameplate 4,800 t/yr (retrieved: minelistings.com); capex: US intensity rule",
     "capex = US magnet intensity x 3,600 t (rule); USAR's >US$100M for the whole building with ex-Hitachi equipment suggests less"),
    ("us-mp-magnet-exp", by_rule("us-mp-magnet-exp"), 2, RAMP["magnet"], 20, None, 2025,
     "Independence expansion to ~3,000 t (recalled, facilities.csv); MP US total ~10,000 t with 10X (retrieved: benzinga.com)",
     "capex = US magnet intensity x 2,000 t (rule); recalled project, not confirmed by search"),
    ("us-vulcan", VULCAN_CAPEX - by_rule("us-vulcan-metal"), 2, RAMP["magnet"], 20, None, 2025,
     "Vulcan: US$918.1M Benson facility, 10,000 t/yr (retrieved: brightgram.com, NC governor); US$620M OSC loan + US$50M CHIPS + US$550M private, Nov 2025 (costs.csv US$1,220M package, retrieved: prnewswire.com); initial operations 2027 (retrieved: tectonicdefense.com)",
     "capex = US$918.1M less the metallization share (us-vulcan-metal); a candidate: the OSC loan was a conditional commitment and construction had not started; decided with us-vulcan-metal"),
    ("us-vulcan-metal", by_rule("us-vulcan-metal"), 2, RAMP["metal"], 20, None, 2025,
     "metallization at Benson (retrieved: energynews.oedigital.com / Reuters)", "capex = metal intensity x 3,500 t (rule), out of the US$918.1M"),
    ("us-lynas-seadrift", musd(288.0, "USD"), 3, RAMP["separation"], 25, None, 2026,
     "Seadrift: US$258M DoD (2023, finnewsnetwork.com.au), US$288M later (retrieved: northernminer.com); 'unlikely the proposed facility will proceed' (retrieved: Lynas AGM Nov 2025, theozpost.com)",
     "capex: the DoD money only, a lower bound (cost overruns not public); status uncertain"),
    ("eu-solvay-lr-exp", musd(100.0, "EUR"), 2, RAMP["separation"], 25, None, 2026,
     "Solvay: may invest EUR 100M to produce at full scale if customers commit; 2,000-5,000 t REO capacity (retrieved: specchemonline.com); ~4,500 t/yr by 2030 (24brussels.online)",
     "brownfield (capacity 'not an issue' at La Rochelle): lead 2"),
]


def projects():
    facs = {r[0]: r for r in facility_table()}
    rows, seen = [], set()
    for fid, capex, lead_t, rmp, life, decided, earliest, src, note in PROJECTS:
        r = facs[fid]
        assert r[5] in ("construction", "planned"), (fid, r[5])
        assert fid not in seen, fid
        seen.add(fid)
        if decided is not None:
            assert decided + lead_t == r[6], (fid, decided, lead_t, r[6])
        rows.append((fid, round(capex, 1), lead_t, rmp, life, decided or "", earliest or "", src, note))
    # Every plant that starts after 2024 is a project, and only those are.
    later = {r[0] for r in facility_table() if r[6] != "" and int(r[6]) > 2024}
    assert later == seen, (later - seen, seen - later)
    write("projects.csv", ["facility", "capex_musd", "lead_time_years", "ramp", "life_years", "decided_year",
                           "earliest_decision", "source", "note"], rows)


# --- candidates.csv: generic blocks per region and stage
# region -> [(stage, block_t, ore for a mine or None, max_blocks_per_year, reason of the cap)]
GEN_SEP_ORES = ["mountain-pass", "monazite", "mm-ionic", "la-ionic", "xenotime", "serra-verde", "nolans", "round-top"]
CN_SEP_ORES = ["bayan-obo", "sichuan", "cn-ionic"] + GEN_SEP_ORES
GEN = {
    "US": [("mine", 10000.0, "mountain-pass", 1, "one new mine a year: permitting and EPCM capacity (assumption); US discovery-to-production averages 29 years (S&P, costs.csv)"),
           ("separation", 2000.0, None, 3, "6 kt feed/yr, about the named US separation pipeline's pace (White Mesa P2, Ucore, Brook; assumption)"),
           ("metal", 1000.0, None, 2, "2 kt oxide feed/yr (assumption: few Western metal-making teams; SRC, MP)"),
           ("magnet", 5000.0, None, 2, "10 kt/yr: the largest 2025 announcements (10X 7 kt, Vulcan 10 kt); furnace vendors and workforce limit it ('no large magnetics workforce in the US', Vulcan CEO, Reuters 2025)"),
           ("recycling", 1000.0, None, 1, "assumption: EOL collection is the limit, not plants")],
    "AU": [("mine", 15000.0, "monazite", 1, "one new mine a year (assumption); block ~ Nolans' 17 kt"),
           ("separation", 2000.0, None, 3, "6 kt feed/yr (assumption; Eneabba 26 kt took 5 years)"),
           ("metal", 1000.0, None, 1, "assumption: no Australian metal maker today")],
    "EU": [("mine", 5000.0, "nolans", 1, "one mine a year; CRMA extraction benchmark 10% (policy_events.csv); permits up to 27 months for strategic projects (CRMA, recalled)"),
           ("separation", 2000.0, None, 2, "assumption; CRMA processing benchmark 40%"),
           ("metal", 1000.0, None, 2, "assumption"),
           ("magnet", 5000.0, None, 1, "assumption: one line a year (Narva 2 kt, then 5 kt)"),
           ("recycling", 1000.0, None, 2, "CRMA recycling benchmark 25% (policy_events.csv); assumption")],
    "JP": [("separation", 2000.0, None, 1, "assumption: Japan separates imported intermediates on a small scale"),
           ("metal", 1000.0, None, 2, "assumption: Japanese metal makers (Santoku, Shin-Etsu) expand"),
           ("magnet", 2000.0, None, 2, "assumption: three incumbents expand"),
           ("recycling", 1000.0, None, 1, "assumption")],
    "KR": [("metal", 1000.0, None, 1, "assumption (ASM's Korean Metals Plant, facilities.csv note)"),
           ("magnet", 2000.0, None, 1, "assumption"),
           ("recycling", 1000.0, None, 1, "assumption")],
    "CA": [("mine", 5000.0, "mountain-pass", 1, "one mine a year (assumption)"),
           ("separation", 2000.0, None, 1, "assumption (SRC)"),
           ("metal", 1000.0, None, 1, "assumption (SRC)"),
           ("recycling", 1000.0, None, 1, "assumption (Cyclic Materials)")],
    "BR": [("mine", 5000.0, "serra-verde", 1, "one clay mine a year (assumption; block ~ Serra Verde)"),
           ("separation", 2000.0, None, 1, "assumption")],
    "IN": [("mine", 3000.0, "in-monazite", 1, "assumption; block ~ India's 2024 output (2,900 t)"),
           ("separation", 2000.0, None, 1, "assumption (IREL)"),
           ("metal", 1000.0, None, 1, "assumption"),
           ("magnet", 2000.0, None, 1, "assumption")],
    "MM": [("mine", 2000.0, "mm-ionic", 2, "Myanmar's clay output rose to 31-43 kt REO in 2023-2024 (USGS, facilities.csv) with Chinese-linked in-situ leaching; the KIA controls the area since Oct 2024 (assumption: 4 kt/yr at most)")],
    "LA": [("mine", 2000.0, "la-ionic", 1, "Laos's clay output (~10 kt in 2024, a derived residual, facilities.csv) is rising (Metalnomist, weak); assumption")],
    "GB": [("metal", 1000.0, None, 1, "assumption (Less Common Metals)"),
           ("recycling", 1000.0, None, 1, "assumption (HyProMag)")],
    "CN": [("mine", 10000.0, "bayan-obo", 2, "20 kt REO/yr: mining quotas grew 168 -> 270 kt in 2021-2024 (+34 kt/yr) and ~5% in 2025 (policy_events.csv): quota policy, not investment, sets the pace"),
           ("mine", 1000.0, "cn-ionic", 1, "ionic quota flat: ~19,000 t (2023) -> 20,280 t (2024), H1-2024 -7.3% (facilities.csv)"),
           ("separation", 10000.0, None, 3, "30 kt feed/yr: the smelting quota grew 230 -> 254 kt of output in 2024 (+24 kt)"),
           ("metal", 5000.0, None, 3, "assumption: metal follows magnets"),
           ("magnet", 5000.0, None, 6, "30 kt/yr: sintered output 207 kt (2021) -> ~300 kt (2024, recalled), +31 kt/yr"),
           ("recycling", 5000.0, None, 2, "assumption: swarf grows with magnet output")],
}
GEN_ORE_WHY = {
    ("US", "mountain-pass"): "Mountain Pass basket: the US's documented deposit",
    ("AU", "monazite"): "heavy-mineral-sand monazite (North Capel/Eneabba type, WA), documented in ore_compositions.csv",
    ("EU", "nolans"): "no EU deposit in ore_compositions.csv: Nolans (apatite-monazite) stands for the EU's apatite REE (e.g. Sweden's iron-ore apatite, recalled)",
    ("CA", "mountain-pass"): "no Canadian deposit in ore_compositions.csv: Mountain Pass bastnaesite stands for carbonatite-related bastnaesite-monazite deposits (assumption)",
    ("BR", "serra-verde"): "Serra Verde ionic clay (derived basket)",
    ("IN", "in-monazite"): "India's beach-sand monazite",
    ("MM", "mm-ionic"): "Kachin ionic clay (medium-Y basket, derived): the main non-Chinese Dy/Tb source",
    ("LA", "la-ionic"): "Laos ionic clay (medium-Y basket, derived)",
    ("CN", "bayan-obo"): "Bayan Obo, the bulk of China's quota",
    ("CN", "cn-ionic"): "southern China ionic clay quota blend",
}


def gen_recipes(stage, region, ore):
    if stage == "mine":
        return [f"mine-{ore}"]
    if stage == "separation":
        ores = CN_SEP_ORES if region == "CN" else GEN_SEP_ORES + (["in-monazite"] if region == "IN" else [])
        return [f"sep-{o}" for o in ores]
    if stage == "metal":
        return ["met-ndpr", "met-dy", "met-tb"]
    if stage == "magnet":
        return MAG_RECIPES
    return ["rec-ndpr", "rec-dy", "rec-tb"]


def candidates():
    rows = []
    for region, blocks in GEN.items():
        for stage, block, ore, maxb, why in blocks:
            cid = f"gen-{region.lower()}-{stage}" + ("-ionic" if ore == "cn-ionic" else "")
            recs = gen_recipes(stage, region, ore)
            cpt = capex_per_t(stage, region)
            notes = ["capex: %s intensity rule%s (docs/data.md section 11)" % (stage, ", China ratio (Chinese-linked operators)" if stage == "mine" and region in CN_LINKED_MINES else ""),
                     "lead %d, ramp and life: stage rules%s" % (lead(stage, region), " for China" if china_like(stage, region) else ""),
                     "unit cost: " + ("China stage cost" if region == "CN" else "China stage cost x %.2f" % NONCHINA_PREMIUM)
                     if stage != "mine" else "unit cost: netback / markup" + ("" if region == "CN" else " x %.2f" % NONCHINA_PREMIUM),
                     "build-rate cap: " + why]
            if ore:
                notes.insert(0, "ore: " + GEN_ORE_WHY[(region, ore)])
            src = "derived (docs/data.md section 11) from costs.csv capex and lead-time rows (retrieved) and the named projects; cap: " + \
                  ("policy_events.csv / facilities.csv" if region == "CN" else "assumption")
            rows.append((cid, stage, region, block, round(new_unit_cost(stage, region, recs), 4), ";".join(recs),
                         round(cpt, 1), lead(stage, region), ramp(stage, region), LIFE[stage], maxb, "", src, "; ".join(notes)))
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) and not set(ids) & {r[0] for r in facility_table()}
    write("candidates.csv", ["id", "stage", "region", "block_t", "unit_cost_usd_per_kg", "recipes", "capex_usd_per_t",
                             "lead_time_years", "ramp", "life_years", "max_blocks_per_year", "earliest_decision",
                             "source", "note"], rows)


# --- demand_growth.csv
ADAMAS_CAGR = 0.087          # NdFeB magnet demand CAGR 2024-2040 (demand.csv: Adamas, retrieved): followed
IEA_2023, IEA_2030, IEA_2050 = 93.0, 131.0, 181.0  # kt magnet REE (demand.csv: IEA GCMO 2024, APS, retrieved)
EV_SALES_2024 = 17.0         # million: 'more than 17 million' (IEA Global EV Outlook 2025, retrieved by search)
EV_SALES_2030 = 47.5         # million: 45-50 (demand.csv: IEA GCMO 2024, STEPS/APS, retrieved), midpoint
G_EV_2030 = (EV_SALES_2030 / EV_SALES_2024) ** (1.0 / 6) - 1.0   # magnet content per EV constant
G_EV_2040 = 0.05             # assumption: EV sales from ~47.5 M toward ~80 M by 2040 (most of the car market)
G_WIND = (0.08, 0.03)        # assumption: wind installations (recalled order of magnitude), 2025-2030 / 2031-2040
G_SLOW = 0.02                # electronics, other magnet uses, industrial motors to 2030: Canaccord/Adamas EV+wind
                             # share 33% (2023) -> 56% (2028) (demand.csv, retrieved) leaves the rest nearly flat
G_DEFENSE = 0.03             # assumption: real growth of defence procurement
G_NON_MAGNET = 0.01          # catalysts, glass, polishing, metallurgy, non-magnet oxides: assumption; US apparent
                             # consumption 6,490 t (2020) -> 6,600 t (2024) (demand.csv, USGS, retrieved) is flat


def magnet_paths():
    """Sector rates; industrial motors & robots after 2030 take what keeps the 2024-2040 total at Adamas' 8.7%."""
    share = {s: v[0] for s, v in SECTORS.items()}
    rate = {  # sector -> ((2025-2030 rate), (2031-2040 rate))
        "ev_traction": (G_EV_2030, G_EV_2040), "wind": G_WIND, "electronics": (G_SLOW, G_SLOW),
        "other": (G_SLOW, G_SLOW), "defense": (G_DEFENSE, G_DEFENSE), "industrial_motors": (G_SLOW, None),
    }
    total24 = sum(share.values())
    known = sum(share[s] * (1 + a) ** 6 * (1 + b) ** 10 for s, (a, b) in rate.items() if b is not None)
    ind30 = share["industrial_motors"] * (1 + G_SLOW) ** 6
    need = total24 * (1 + ADAMAS_CAGR) ** 16 - known
    rate["industrial_motors"] = (G_SLOW, (need / ind30) ** 0.1 - 1.0)
    m2030 = sum(share[s] * (1 + a) ** 6 for s, (a, b) in rate.items()) / total24
    return rate, m2030 ** (1 / 6.0) - 1.0


def demand_growth():
    rate, cagr30 = magnet_paths()
    iea = (IEA_2030 / IEA_2023) ** (1 / 7.0) - 1.0
    rows = [("*", "*", "*", 2025, 2040, G_NON_MAGNET,
             "(assumption) slow growth of mature uses; USGS MCS 2025 US apparent consumption 2020-2024 flat (demand.csv, retrieved)",
             "default for every row no other rule matches: catalysts, glass_polishing, other (La, Ce, non-magnet NdPr/Dy/Tb)")]
    why = {
        "ev_traction": ("IEA: EV sales >17 M in 2024 (Global EV Outlook 2025, retrieved) and 45-50 M in 2030 (demand.csv, IEA GCMO 2024, retrieved)",
                        "2025-2030 = (47.5/17)^(1/6) - 1 at constant magnet content per EV", "2031-2040: assumption (EV sales toward ~80 M by 2040)"),
        "wind": ("(assumption) wind installations, recalled order of magnitude", "", ""),
        "electronics": ("Canaccord/Adamas EV+wind share 33% (2023) -> 56% (2028) (demand.csv, retrieved)",
                        "the non-EV, non-wind uses grow slowly (2%/yr, assumption within that evidence)", ""),
        "other": ("Canaccord/Adamas EV+wind share 33% -> 56% (demand.csv, retrieved)", "micromotors and e-bikes: 2%/yr (assumption)", ""),
        "defense": ("(assumption) real growth of defence procurement", "", ""),
        "industrial_motors": ("Adamas NdFeB demand CAGR 8.7%/yr 2024-2040, robotics the largest driver by 2040 (demand.csv, retrieved)",
                              "2025-2030: 2%/yr as the other non-EV uses (Canaccord/Adamas)",
                              "2031-2040: derived = the rate that makes all magnet demand grow 8.7%/yr over 2024-2040 (Adamas)"),
    }
    for sec in ("ev_traction", "wind", "industrial_motors", "electronics", "other", "defense"):
        a, b = rate[sec]
        prod = "magnet:NdFeB" if sec == "other" else "*"
        src, n1, n2 = why[sec]
        if abs(a - b) < 1e-12:
            rows.append(("*", sec, prod, 2025, 2040, round(a, 4), src, n1 or "same rate every year"))
        else:
            rows.append(("*", sec, prod, 2025, 2030, round(a, 4), src, n1))
            rows.append(("*", sec, prod, 2031, 2040, round(b, 4), src, n2))
    # consistency note on the first row of each source
    rows[0] = rows[0][:7] + (rows[0][7] + "; magnets follow Adamas (8.7%%/yr 2024-2040; the sector paths give %.1f%%/yr "
                             "to 2030), not IEA's 131 kt in 2030 (%.1f%%/yr from 93 kt in 2023), see docs/data.md" % (100 * cagr30, 100 * iea),)
    write("demand_growth.csv", ["region", "sector", "product", "from_year", "to_year", "growth_per_yr", "source", "note"], rows)
    return rate, cagr30, iea


# --- price_paths.csv: reference paths (real 2024 USD), for expectations: reference
NDPR_DEC_2024 = 49.0         # US$/kg, China domestic ex-VAT, Dec 2024 (prices.csv: Lynas via australianmining.com, retrieved)
NDPR_AUG_2025 = 88.0 / 1.13  # US$/kg: CNY 631,500/t incl. 13% VAT, Aug 2025 (prices.csv, retrieved), ex-VAT
NDPR_2025 = (sum(NDPR_DEC_2024 + (NDPR_AUG_2025 - NDPR_DEC_2024) * m / 8.0 for m in range(1, 9)) + 4 * NDPR_AUG_2025) / 12.0
NDPR_PATH = {2024: REF_OXIDE["NdPr"], 2025: NDPR_2025, 2026: NDPR_AUG_2025}


def derived_refs(oxide):
    """Every reference price built up from the oxide prices by the rules of section 4 (stage costs fixed)."""
    ref = {"oxide:" + e: p for e, p in oxide.items()}
    for e in ("NdPr", "Dy", "Tb"):
        ref["metal:" + e] = (oxide[e] + CN_METAL_COST * MARKUP) / METAL_YIELD
        ref["scrap:" + e] = REC_RECOVERY[e] * oxide[e] - RECYCLE_COST * MARKUP
    for rcp in ("mag-std", "mag-hc-conv"):
        mat = sum(q * ref["metal:" + e] for e, q in MAG[rcp][1].items())
        credit = sum(t * ref["scrap:" + e] for e, t in swarf_out(rcp).items())
        ref[MAG[rcp][0]] = (mat - credit + MAG_PROC * MARKUP) / FINISHED
    for ore in ALL_ORES:
        b = basket(ore)
        v = {"La": b["La"], "Ce": b["Ce"], "NdPr": b["Pr"] + b["Nd"], "Dy": b["Dy"], "Tb": b["Tb"]}
        ref["concentrate:" + ore] = SEP_RECOVERY * sum(v[e] / 100.0 * oxide[e] for e in v) - CN_SEP_COST * MARKUP
    return ref


def price_paths():
    base = derived_refs(REF_OXIDE)
    for k, v in REF.items():
        assert abs(base[k] - v) < 1e-9, k
    years = {y: derived_refs(dict(REF_OXIDE, NdPr=p)) for y, p in NDPR_PATH.items()}
    rows = []
    order = ["oxide:NdPr", "oxide:Dy", "oxide:Tb", "metal:NdPr", "magnet:NdFeB", "magnet:NdFeB-hc"]
    order += [k for k in base if k not in order]
    for prod in order:
        moves = any(abs(years[y][prod] - base[prod]) > 1e-9 for y in years)
        if not moves:
            src = REF_SRC if prod.startswith("oxide:") else "derived (docs/data.md section 4)"
            rows.append((prod, "*", 2024, round(base[prod], 4), src,
                         "flat at the 2024 reference (assumption: no forecast or later annual figure in prices.csv)"))
            continue
        for y in sorted(years):
            v = years[y][prod]
            if prod == "oxide:NdPr":
                src = {2024: REF_SRC,
                       2025: "derived from prices.csv spot quotes: Dec-2024 49 (Lynas, retrieved) and Aug-2025 CNY 631,500/t incl. VAT (junmaterial.com, retrieved)",
                       2026: "prices.csv Aug-2025 China domestic ex-VAT (retrieved); Europe Sept 2025 82.5-85 (Argus, retrieved)"}[y]
                note = {2024: "annual average FOB China",
                        2025: "annual average derived: linear from the Dec-2024 spot to the Aug-2025 spot (88 / 1.13 VAT), then flat; not a published average",
                        2026: "the last observed level (Aug 2025) held, flat beyond (assumption: no forecast in prices.csv); nominal 2025 taken as real 2024"}[y]
            else:
                src = "derived (docs/data.md section 4) from the oxide:NdPr path"
                note = "the reference rule of section 4 with NdPr oxide at %.2f and every other oxide at its 2024 reference" % NDPR_PATH[y]
            rows.append((prod, "*", y, round(v, 4), src, note))
    write("price_paths.csv", ["product", "region", "year", "usd_per_kg", "source", "note"], rows)


# --- finance.csv: real discount rate, corporate tax, royalty on revenue, straight-line depreciation
FINANCE = [
    ("*", 0.10, 0.25, 0.03, 10,
     "(assumption) default for regions without a row (MM, LA, VN, TH, MY, NG, MG, RU, GL, ROW)",
     "discount: country-risk hurdle above the Western 8%; tax: a typical statutory rate; royalty: a typical 2-5% ad valorem, midpoint"),
    ("US", 0.08, 0.21, 0.0, 7,
     "(recalled) federal corporate tax 21% (TCJA 2017); no federal royalty on hardrock minerals (General Mining Law 1872); MACRS 7-year class for mining and manufacturing machinery",
     "discount: a hurdle of ~8-10% real for Western mining projects, low end (assumption); state income and severance taxes left out; 7-year straight line approximates MACRS"),
    ("AU", 0.08, 0.30, 0.05, 10,
     "(recalled) company tax 30%; Western Australia royalty 5% of royalty value for concentrate (2.5% for final products)",
     "NT (Nolans) levies a profit-based royalty instead (recalled), not representable on revenue; depreciation 10 years: assumption (effective-life rules)"),
    ("CA", 0.08, 0.265, 0.0, 10,
     "(recalled) federal 15% + Ontario 11.5% (Saskatchewan 12%)",
     "provincial mining taxes are profit-based, not on revenue: royalty 0; discount as US"),
    ("EU", 0.08, 0.25, 0.0, 10,
     "(recalled) France 25%, Germany ~30%, Estonia 22% on distributions: 25% as a round middle",
     "no general REE royalty (Sweden's mineral fee 0.2% of ore value, recalled, negligible); discount as US"),
    ("GB", 0.08, 0.25, 0.0, 10, "(recalled) UK main corporation tax rate 25% since Apr 2023", "no mining in the data; discount as US"),
    ("JP", 0.08, 0.30, 0.0, 10, "(recalled) effective corporate tax ~30.6%", "no mines; discount as US (assumption)"),
    ("KR", 0.08, 0.264, 0.0, 10, "(recalled) top national rate 24% + 10% local surtax", "no mines; discount as US (assumption)"),
    ("BR", 0.10, 0.34, 0.02, 10,
     "(recalled) IRPJ 25% + CSLL 9%; CFEM royalty 2% for minerals not listed at other rates (Law 13,540/2017)",
     "discount: country-risk premium (assumption)"),
    ("IN", 0.10, 0.2517, 0.03, 10,
     "(recalled) 22% + 10% surcharge + 4% cess = 25.17%",
     "royalty on monazite not found: the default 3% (assumption); discount: country risk (assumption)"),
    ("CN", 0.05, 0.25, 0.095, 10,
     "(recalled) enterprise income tax 25% (15% for high-tech enterprises, which many magnet makers are); Resource Tax Law 2020: light REE 7-12%, medium/heavy 20% of sales; machinery depreciated over at least 10 years",
     "discount: state-backed, lower (assumption; 5-year LPR ~4% nominal in 2024, recalled); royalty: midpoint of the light-REE range (Bayan Obo dominates)"),
]


def finance():
    rows = [(r, d, t, ry, dep, src, note + "; royalty_rate is a mining royalty: it belongs to mine revenue") for r, d, t, ry, dep, src, note in FINANCE]
    write("finance.csv", ["region", "discount_rate", "tax_rate", "royalty_rate", "depreciation_years", "source", "note"], rows)


# --- lifetimes.csv
def weibull_fit(mean, sd):
    """Shape k and scale L of the Weibull with this mean and sd: the CV fixes k (bisection), then L = mean / G(1+1/k)."""
    from math import gamma
    cv2 = (sd / mean) ** 2
    lo, hi = 0.2, 50.0
    for _ in range(200):
        k = 0.5 * (lo + hi)
        if gamma(1 + 2 / k) / gamma(1 + 1 / k) ** 2 - 1 > cv2:
            lo = k
        else:
            hi = k
    k = 0.5 * (lo + hi)
    return k, mean / gamma(1 + 1 / k)


def mixture(parts):
    """Mean and sd of a mixture [(weight, mean, sd)]."""
    m = sum(w * mu for w, mu, s in parts)
    return m, (sum(w * (s * s + mu * mu) for w, mu, s in parts) - m * m) ** 0.5


EOL_COLLECTION = 0.01        # lifetimes.csv: EV magnets 1% (0-5%, recalled); global EOL REE recycling <1% (Ganguli & Cook 2018, retrieved)
LIBERATION_YIELD = 0.925     # lifetimes.csv: HPMS alloy extraction 90-95% of liberated NdFeB (recalled), midpoint


def lifetimes():
    LT_SRC = "lifetimes.csv (shared data): "
    ind = mixture([(0.5, 15.0, 5.0), (0.5, 12.0, 4.0)])
    oth = mixture([(13 / 21.0, 15.0, 4.0), (8 / 21.0, 6.0, 2.0)])
    ele = mixture([(0.5, 2.5, 1.0), (0.5, 6.0, 2.0)])
    spec = [  # sector, distribution, mean, sd, collection, source, note
        ("ev_traction", "weibull", 15.0, 4.0, EOL_COLLECTION,
         LT_SRC + "EV traction motor 15 +- 4 yr, Weibull or normal (recalled, weak); collection 1% (0-5%, recalled)", "Weibull chosen"),
        ("wind", "normal", 25.0, 5.0, EOL_COLLECTION,
         LT_SRC + "wind 20-30 yr (Yang et al. 2017, retrieved), normal 25 +- 5",
         "collection not found: 1% as the global EOL rate (assumption); large magnets are easy to collect, few PM turbines have retired"),
        ("industrial_motors", "weibull", ind[0], ind[1], EOL_COLLECTION,
         LT_SRC + "industrial motors/robots 15 +- 5 and inverter A/C compressors and appliances 12 +- 4, Weibull (recalled, weak)",
         "mixture 50/50 (assumption: the sector holds industrial motors, robots and HVAC compressors) -> mean %.2f, sd %.2f; collection: global <1%%" % ind),
        ("electronics", "lognormal", ele[0], ele[1], EOL_COLLECTION,
         LT_SRC + "consumer electronics 2-3 yr (Yang et al. 2017, retrieved; sd assumed) and HDD 6 +- 2 (recalled)",
         "mixture 50/50 of consumer devices and HDD/acoustics (assumption) -> mean %.2f, sd %.2f, lognormal by its own mean and sd; HDD loop-closing potential 57%% (Sprecher 2014) is an upper bound, actual <1%%" % ele),
        ("other", "weibull", oth[0], oth[1], EOL_COLLECTION,
         LT_SRC + "vehicles 15 +- 4 (the EV row, for conventional-auto micromotors) and e-bikes 6 +- 2 (recalled, weak)",
         "mixture by the sector's parts, micromotors 13 and e-bikes 8 of 21 (balance_2024.csv) -> mean %.2f, sd %.2f" % oth),
        ("defense", "normal", 30.0, 10.0, 0.0,
         LT_SRC + "defence systems 30 +- 10 yr, normal (recalled, weak); mostly not recycled, munitions consumed",
         "collection 0 (munitions consumed, systems not recycled)"),
    ]
    rows = []
    for sec, dist, mean, sd, coll, src, note in spec:
        shape = scale = ""
        if dist == "weibull":
            k, lam = weibull_fit(mean, sd)
            shape, scale = round(k, 4), round(lam, 4)
            note += "; Weibull shape and scale fitted to mean and sd (the coefficient of variation fixes the shape by bisection, scale = mean / Gamma(1 + 1/shape))"
        rows.append((sec, dist, round(mean, 4), round(sd, 4), shape, scale, coll, LIBERATION_YIELD, src,
                     note + "; process_yield = share of a collected magnet that reaches the recyclers as scrap (HPMS liberation 90-95%, recalled); "
                            "the hydrometallurgical recovery (90-98%) is in the recycling recipes"))
    write("lifetimes.csv", ["sector", "distribution", "mean", "sd", "shape", "scale", "collection_rate", "process_yield",
                            "source", "note"], rows)


# --- substitution.csv
EL = "elasticities.csv (shared data): "
SUBST = [  # sector, product, threshold_ratio, max_reduction, adjust_years, source, note
    ("ev_traction", "magnet:NdFeB-hc", 1.5, 0.2, 3,
     EL + ">90% of EVs produced use PM traction motors (tm2.com, retrieved); 2011-2013: magnet content per car fell by tens of percent in 2-3 years (issue 9)",
     "induction, wound-rotor and Dy-light designs; Dy/Tb thrifting per magnet is already in the LP (GBD recipes cut Dy per t from 0.025 to 0.009, cf. GBD ~50%, Trout 2018)"),
    ("wind", "magnet:NdFeB", 1.5, 0.3, 3, EL + "substitution evidence is qualitative (assumption)", "geared and DFIG/EESG turbines need no or little NdFeB"),
    ("wind", "magnet:NdFeB-hc", 1.5, 0.3, 3, EL + "direct-drive generators carry 4% Dy (demand.csv); assumption", "as wind standard grade"),
    ("industrial_motors", "magnet:NdFeB", 1.5, 0.3, 3, EL + "ferrite or induction motors in industrial uses (issue 9); assumption", "ferrite, induction and reluctance motors"),
    ("industrial_motors", "magnet:NdFeB-hc", 1.5, 0.3, 3, EL + "as above; assumption", "as industrial standard grade"),
    ("electronics", "magnet:NdFeB", 1.5, 0.1, 2, "(assumption) small magnets, a small share of device cost, few substitutes",
     "thrifting by miniaturisation only"),
    ("other", "magnet:NdFeB", 1.5, 0.2, 3, "(assumption) micromotors can switch to ferrite", "conventional-auto micromotors and e-bikes"),
    ("defense", "magnet:NdFeB-hc", 1.5, 0.0, 3, EL + "defence described as a price-inelastic baseline demand (rovjok.com, weak)",
     "no substitution (row kept so that the table covers every magnet sector)"),
    ("other", "oxide:NdPr", 1.5, 0.2, 3, "(assumption) non-magnet NdPr uses (glass colouring, alloys)", ""),
    ("other", "oxide:Dy", 1.5, 0.3, 2, EL + "Japan's 30% Dy-cut target after 2010-2011 (supramagnets, retrieved)", "applied to Dy's non-magnet use"),
    ("other", "oxide:Tb", 1.5, 0.3, 3, "(assumption) phosphors: LEDs replaced Tb phosphors after 2011", ""),
    ("catalysts", "oxide:La", 2.0, 0.3, 2, "(recalled) refiners cut La in FCC catalysts after the 2011 spike (low-RE catalysts)", "threshold 2x: La/Ce at 2 USD/kg were normal in 2016-2021 (prices.csv)"),
    ("catalysts", "oxide:Ce", 2.0, 0.1, 3, "(assumption) autocatalysts: few substitutes for Ce", ""),
    ("glass_polishing", "oxide:Ce", 2.0, 0.3, 2, "(recalled) polishing-powder recycling and reuse spread after 2011", ""),
    ("glass_polishing", "oxide:La", 2.0, 0.3, 2, "(recalled) as glass_polishing Ce", ""),
    ("other", "oxide:La", 2.0, 0.2, 3, "(assumption) metallurgy and NiMH", ""),
    ("other", "oxide:Ce", 2.0, 0.2, 3, "(assumption) metallurgy and NiMH", ""),
]


def substitution():
    rows = []
    for i, (sec, prod, thr, red, adj, src, note) in enumerate(SUBST):
        rule = ("threshold 1.5x for magnets and magnet metals: NdPr at 2.4x its 2024 price in 2022 coincided with a 1.8% fall in "
                "NdFeB consumption (demand.csv, Adamas, weak); 2x for La/Ce; no published elasticity (elasticities.csv); demand "
                "returns as slowly as it left") if i == 0 else "threshold and return: as the first row (docs/data.md section 16)"
        rows.append((sec, prod, thr, red, adj, src, "; ".join(x for x in (note, rule) if x)))
    write("substitution.csv", ["sector", "product", "threshold_ratio", "max_reduction", "adjust_years", "source", "note"], rows)


# --- parameters.csv
IEA_DOUBLING = (2015, 2023)  # 'nearly doubled 2015-2023' (demand.csv, IEA GCMO 2024, retrieved)
INUSE_GROWTH = 2.0 ** (1.0 / (IEA_DOUBLING[1] - IEA_DOUBLING[0])) - 1.0


def parameters():
    rows = [
        ("expectation_weights", "0.5;0.3;0.2", "(assumption) adaptive expectations over three years, most recent first",
         "a three-year memory: the 2011-2013 and 2021-2023 price cycles each lasted about three years (prices.csv)"),
        ("closure_years", 3, "(recalled) Molycorp ran Mountain Pass at a loss from 2012 and idled it in 2015",
         "a plant closes after three consecutive years below its cash cost (assumption on that precedent)"),
        ("inuse_history_growth", round(INUSE_GROWTH, 4),
         "demand.csv: global magnet REE demand 'nearly doubled 2015-2023' to 93 kt (IEA GCMO 2024, retrieved)",
         "2^(1/8) - 1; Adamas's y/y rows (+18.1% 2021, -1.8% 2022, +13.3% 2023) average a similar 9.4%; the same rate is used back to the start"),
        ("inuse_history_start", 1985, "(recalled) sintered NdFeB in commercial production from 1984-85 (Sumitomo Special Metals)",
         "first year of inflows; with 9% growth the 1985 inflow is 3.5% of 2024's"),
        ("government_discount_rate", 0.02, "(recalled) US 10-year TIPS yield ~2% real in 2024; OMB Circular A-94 (2023) 1.7% real",
         "for the subsidy value of concessional loans"),
        ('contract_share', 0.5, "(assumption) magnets and oxides move largely under annual or long-term supply agreements (e.g. Lynas' Japanese offtake via JARE; Apple-MP US$500M, July 2025, recalled); no published contracted share",
         "share of last period's flow on an arc that cannot fall (contracts); half: the rest is spot or renegotiated yearly"),
        ('inventory_capital_rate', 0.08, '(assumption) finance.csv real discount rate of US, EU, JP, AU (8%)',
         'annual capital cost of a stock, share of its value'),
        ('inventory_storage_share', 0.02, '(assumption) warehousing and insurance of high-value metals and magnets, 1-3% of value a year (recalled order of magnitude)',
         'annual storage and insurance, share of value'),
    ]
    write("parameters.csv", ["key", "value", "source", "note"], rows)


def years_tables():
    projects(); candidates(); rate, cagr30, iea = demand_growth(); price_paths(); finance(); lifetimes(); substitution(); parameters()
    print("demand growth: industrial_motors 2031-2040 %.4f; magnets 2024-2030 %.2f%%/yr (Adamas 8.7, IEA %.2f)" %
          (rate["industrial_motors"][1], 100 * cagr30, 100 * iea))
    print("NdPr path:", {y: round(v, 2) for y, v in NDPR_PATH.items()})


if __name__ == "__main__":
    regions(); elements(); baskets(); products(); recipes(); facilities(); demand(); trade(); prices()
    years_tables()
    print("reference prices:", {k: round(v, 2) for k, v in REF.items()})
    print("GBD extra costs:", {k: round(v, 3) for k, v in GBD_EXTRA.items()}, "magnet processing", round(MAG_PROC, 3))
    print("recycling recoveries:", {k: round(v, 4) for k, v in REC_RECOVERY.items()})
