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
                 "row-monazite": "EU", "nolans": "AU"}
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


def facilities():
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
        if producer_2024:
            # Calibration rule: a 2024 producer's top tranche is in merit at 2024 reference prices.
            cap_cost = MARGIN * nb / TOP
            base = cap_cost if stage == "mine" else min(stage_cost(stage) * (1 if region == "CN" else NONCHINA_PREMIUM), cap_cost)
            cost_rule = "in-merit rule: top tranche = %.2f x netback %.3f" % (MARGIN, nb) if base == cap_cost else "China stage cost"
        else:
            base = (nb / MARKUP if stage == "mine" else stage_cost(stage)) * NONCHINA_PREMIUM
            cost_rule = "new plant: China stage cost x %.2f (ex-China premium)" % NONCHINA_PREMIUM
        name = r["name"] if r else fid
        op = r["operator"] if r else "various"
        rows.append((fid, name, stage, region, op, st, sy or "", "", round(cap, 3), round(base, 4), ";".join(recs), "",
                     src, "; ".join(x for x in (rule, cost_rule, note) if x)))
    write("facilities.csv", ["id", "name", "stage", "region", "operator", "status", "start_year", "end_year",
                             "capacity_t", "unit_cost_usd_per_kg", "recipes", "tranches", "source", "note"], rows)


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
    for ore in ORES:
        rows.append((f"concentrate:{ore}", round(conc_value(ore), 4), "derived (docs/data.md)",
                     "basket x recovery x oxide references - China separation cost x markup"))
    write("prices.csv", ["product", "usd_per_kg", "source", "note"], rows)


if __name__ == "__main__":
    regions(); elements(); baskets(); products(); recipes(); facilities(); demand(); trade(); prices()
    print("reference prices:", {k: round(v, 2) for k, v in REF.items()})
    print("GBD extra costs:", {k: round(v, 3) for k, v in GBD_EXTRA.items()}, "magnet processing", round(MAG_PROC, 3))
    print("recycling recoveries:", {k: round(v, 4) for k, v in REC_RECOVERY.items()})
