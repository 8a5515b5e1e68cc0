#!/usr/bin/env python3
"""Short-run data of issue 10: the 2024 magnet trade picture (data/trade_2024.csv), the re-split of
magnet demand to direct use (data/demand.csv, magnet rows only) and data/magnets_in_goods.csv.

Run from the repository root AFTER tools/make_data.py (which writes the uniform split this script
replaces):  python3 tools/make_shortrun_data.py data
Every figure and rule is in docs/data.md section 18; the sources are in the rows it writes.
"""
import csv, sys, os
from collections import OrderedDict

D = sys.argv[1] if len(sys.argv) > 1 else "data"
SECTORS = ["ev_traction", "industrial_motors", "electronics", "other", "wind", "defense"]
HC = {"ev_traction": 1.0, "industrial_motors": 0.15, "electronics": 0.0, "other": 0.0,
      "wind": 0.5, "defense": 1.0}  # high-coercivity share by sector (docs/data.md section 6)

# ---- China's 2024 magnet exports by destination (t), each derived from a cited figure ----------
TOTAL_CN = 58152.0          # China customs via Adamas Intelligence (adamasintel.com, retrieved)
H1_2024 = 22319 / (1 - 0.189)            # H1-2025 22,319 t was -18.9% y/y (Reuters)
H2_2024 = TOTAL_CN - H1_2024
JAN_AUG_2024 = 38138.0                   # metalnomist.com, Oct 2024 (China customs)
SEP_2024 = 5773 / 1.175                  # Sep-2025 5,773 t was +17.5% y/y (FerroAlloyNet)
JUL_2024 = 5278.0                        # Reuters via yliwu.com: 5,278 t in July 2024
us_h1 = 2510 / (1 - 0.306)               # H1-2025 US 2,510 t, -30.6% y/y (Reuters/Sina)
us_jul = 619 / 1.048; us_aug = 590 / (1 - 0.118); us_sep = 420 / (1 - 0.295); us_oct = 656 / 1.045
us_novdec = 2 * (us_jul + us_aug + us_sep + us_oct) / 4   # assumption: Jul-Oct mean
US_CN = us_h1 + us_jul + us_aug + us_sep + us_oct + us_novdec
eu_h1 = 8360 / (1 - 0.224)               # H1-2025 EU 8,360 t, -22.4% y/y (Reuters/Sina)
EU_CN = eu_h1 + eu_h1 / H1_2024 * H2_2024  # assumption: the EU keeps its H1 share in H2
de_sep, kr_sep = 1288 / 1.279, 854 / 1.845   # Sep-2025 Germany +27.9%, Korea +84.5% y/y
de_kr_janaug = 0.42 * JAN_AUG_2024 - (us_h1 + us_jul + us_aug)  # DE+KR+US = 42% Jan-Aug
KR_CN = de_kr_janaug * kr_sep / (de_sep + kr_sep) * TOTAL_CN / JAN_AUG_2024
VN_CN = (456 / 1.183) / SEP_2024 * TOTAL_CN  # Sep-2025 Vietnam 456 t, +18.3% y/y
JP_CN = (228 / 1.208) / SEP_2024 * TOTAL_CN  # Sep-2025 Japan 228 t, +20.8% y/y
IN_CN = (418 / 1.60) / JUL_2024 * TOTAL_CN   # Jul-2025 India 418 t, +60% y/y
TH_CN = 0.025 * TOTAL_CN                     # assumption: 2.5% (top-5 in June 2025 only)
ROW_CN = TOTAL_CN - (US_CN + EU_CN + KR_CN + VN_CN + JP_CN + IN_CN + TH_CN)

SRC_CN = "China customs (GACC) 2024 total 58,152 t via adamasintel.com (retrieved)"
cn_rows = OrderedDict([
    ("EU", (EU_CN, SRC_CN + "; H1-2025 EU 8,360 t at -22.4% y/y (Reuters/Sina via rareearthexchanges.com, retrieved)",
            "H1-2024 = 8,360/0.776 = %.0f t; H2 at the EU's H1 share of exports (%.1f%%) (assumption: no H2 figure found); Germany alone ~20%% of Sep-2024 exports" % (eu_h1, 100 * eu_h1 / H1_2024))),
    ("US", (US_CN, SRC_CN + "; monthly US figures: H1-2025 2,510 t -30.6% y/y (Reuters/Sina), Jul 619 t +4.8%, Aug 590 t -11.8%, Sep 420 t -29.5%, Oct 656 t +4.5% (Reuters, FerroAlloyNet, Nikkei; retrieved)",
            "2024 = H1 %.0f + Jul %.0f + Aug %.0f + Sep %.0f + Oct %.0f + Nov-Dec %.0f (assumption: Nov-Dec at the Jul-Oct mean); 'more than 400 t a month in 2024' (asiacity.news)" % (us_h1, us_jul, us_aug, us_sep, us_oct, us_novdec))),
    ("KR", (KR_CN, SRC_CN + "; Germany+Korea+US = 42% of Jan-Aug 2024 exports of 38,138 t (metalnomist.com, retrieved); Sep-2025 Germany 1,288 t +27.9%, Korea 854 t +84.5% y/y (FerroAlloyNet via asiacity.news, retrieved)",
            "DE+KR Jan-Aug = 42%% x 38,138 - US Jan-Aug; split by the Sep-2024 ratio DE %.0f : KR %.0f; x 58,152/38,138 for the year (derived)" % (de_sep, kr_sep))),
    ("VN", (VN_CN, SRC_CN + "; Sep-2025 Vietnam 456 t +18.3% y/y, total 5,773 t +17.5% (FerroAlloyNet via asiacity.news, retrieved)",
            "Vietnam's Sep-2024 share (%.1f%%) x 58,152 (derived; one month's share)" % (100 * (456 / 1.183) / SEP_2024))),
    ("IN", (IN_CN, SRC_CN + "; Jul-2025 India 418 t +60% y/y (Ferroalloy Online via ibnews.com, retrieved); Jul-2024 total 5,278 t (Reuters)",
            "India's Jul-2024 share (%.1f%%) x 58,152 (derived; one month's share)" % (100 * (418 / 1.6) / JUL_2024))),
    ("JP", (JP_CN, SRC_CN + "; Sep-2025 Japan 228 t +20.8% y/y (FerroAlloyNet via asiacity.news, retrieved)",
            "Japan's Sep-2024 share (%.1f%%) x 58,152 (derived); Japan also imports magnet powder and alloy, not counted here" % (100 * (228 / 1.208) / SEP_2024))),
    ("TH", (TH_CN, "(assumption) Thailand among the top-5 destinations in June 2025 (Reuters via vnnow.net, retrieved), not in the top 5 of Sep or Oct 2025",
            "2.5% of 58,152 (assumption): below India's ~5%; HDD and motor assembly")),
    ("ROW", (ROW_CN, SRC_CN + "; top-10 destinations = 73% of 2024 exports (Adamas); Mexico, Hungary, Malaysia among the fastest-growing in Jan-Aug 2024 (metalnomist.com)",
             "residual: 58,152 less the rows above (Mexico, Malaysia, Taiwan, Turkey, the Philippines, ...)")),
])

# ---- non-Chinese makers' direct sales to the US (assumption sized on US import values) -----------
# US imports of sintered NdFeB Q1-2024: US$69.9M, of which China US$58.4M (US import data via
# rareearthexchanges.com, retrieved) -> non-China US$11.5M a quarter; at about twice China's unit
# value (58.4M / (H1/2) t = ~32 USD/kg) that is ~700 t a year.
SRC_US = "US imports of sintered NdFeB Q1-2024 US$69.9M total, US$58.4M from China (US import data via rareearthexchanges.com, retrieved)"
non_cn_to_us = OrderedDict([
    ("JP", (450.0, "(assumption) split of ~700 t/yr non-Chinese US imports; Japan the largest non-Chinese maker; Philippine plants of Japanese makers counted here (no PH plant in the model)")),
    ("VN", (150.0, "(assumption) split of ~700 t/yr non-Chinese US imports; Shin-Etsu Hai Phong")),
    ("EU", (100.0, "(assumption) split of ~700 t/yr non-Chinese US imports; VAC")),
])

# ---- read the current demand and the model's non-China magnet output -----------------------------
with open(os.path.join(D, "demand.csv"), newline="") as f:
    rd = csv.DictReader(f); FIELDS = rd.fieldnames; rows = list(rd)
mag = [r for r in rows if r["product"].startswith("magnet:")]
other_rows = [r for r in rows if not r["product"].startswith("magnet:")]
old = {}
for r in mag:
    old[(r["region"], r["sector"])] = old.get((r["region"], r["sector"]), 0) + float(r["ref_qty_t"])
regions_old = list(OrderedDict.fromkeys(r["region"] for r in mag))
if old.get(("US", "ev_traction"), 0) < 5000:
    sys.exit("demand.csv already re-split (US ev_traction < 5 kt): run tools/make_data.py first")
world_sector = {s: sum(v for (g, ss), v in old.items() if ss == s) for s in SECTORS}
cn_sector = {s: old[("CN", s)] for s in SECTORS}
noncn_total = sum(v for (g, s), v in old.items() if g != "CN")

# 2024 output of the non-Chinese magnet plants in the baseline (t finished): capacity = 2024 output
# (facilities.csv) x 0.713; Noveon's LP output 356.5 of its 500 t blank
PROD = {"JP": 8912.5, "EU": 2139.0, "VN": 1568.6, "US": 356.5}
sales_us = sum(v for v, _ in non_cn_to_us.values())
target = OrderedDict()
target["US"] = US_CN + PROD["US"] + sales_us
target["EU"] = EU_CN + PROD["EU"] - non_cn_to_us["EU"][0]
target["JP"] = JP_CN + PROD["JP"] - non_cn_to_us["JP"][0]
target["KR"] = KR_CN
target["VN"] = VN_CN + PROD["VN"] - non_cn_to_us["VN"][0]
target["IN"] = IN_CN
target["TH"] = TH_CN
target["ROW"] = noncn_total - sum(target.values())   # residual keeps the world total

# ---- sector mix: prior tilts (assumptions, docs/data.md 18.2), then RAS to region and sector totals
TILT = {
    "US":  {"ev_traction": 1.0, "industrial_motors": 1.0, "electronics": 0.3, "other": 0.6, "wind": 0.6},
    "VN":  {"ev_traction": 0.2, "industrial_motors": 1.5, "electronics": 2.5, "other": 1.0, "wind": 0.3, "defense": 0.0},
    "TH":  {"ev_traction": 0.3, "industrial_motors": 1.5, "electronics": 2.5, "other": 1.2, "wind": 0.2, "defense": 0.0},
    "IN":  {"ev_traction": 0.8, "industrial_motors": 1.0, "electronics": 0.5, "other": 1.8, "wind": 1.2},
    "ROW": {"ev_traction": 0.8, "industrial_motors": 1.0, "electronics": 1.2, "other": 1.3, "wind": 0.8},
}
US_DEF = old[("US", "defense")]     # US weapons are assembled in the US: direct use, kept
share = {s: world_sector[s] / sum(world_sector.values()) for s in SECTORS}
regs = list(target.keys())
M = {}
for g in regs:
    for s in SECTORS:
        if g == "US" and s == "defense":
            continue
        M[(g, s)] = target[g] * share[s] * TILT.get(g, {}).get(s, 1.0)
rt = {g: target[g] - (US_DEF if g == "US" else 0) for g in regs}
ct = {s: world_sector[s] - cn_sector[s] - (US_DEF if s == "defense" else 0) for s in SECTORS}
for it in range(500):
    for g in regs:
        tot = sum(M[(g, s)] for s in SECTORS if (g, s) in M)
        for s in SECTORS:
            if (g, s) in M: M[(g, s)] *= rt[g] / tot
    for s in SECTORS:
        tot = sum(M[(g, s)] for g in regs if (g, s) in M)
        for g in regs:
            if (g, s) in M: M[(g, s)] *= ct[s] / tot
err = max(abs(sum(M[(g, s)] for s in SECTORS if (g, s) in M) - rt[g]) for g in regs)
assert err < 1e-6, err
M[("US", "defense")] = US_DEF
new = dict(M)
for s in SECTORS:
    new[("CN", s)] = cn_sector[s]

# ---- write demand.csv: CN rows as they were; other regions rebuilt ---------------------------------
template = {}
for r in mag:
    if r["region"] != "CN":
        template[(r["sector"], r["product"])] = r
SRC_DEM = ("direct magnet use (issue 10): China's 2024 exports by destination (data/trade_2024.csv: China customs via "
           "adamasintel.com, Reuters, FerroAlloyNet, metalnomist.com) + own 2024 output (facilities.csv) - sales to the US; "
           "world and sector totals of balance_2024.md kept; sector mix by region assumed (docs/data.md 18.2)")
out = []
order = ["CN", "EU", "ROW", "US", "JP", "KR", "VN", "TH", "IN"]
for g in order:
    if g == "CN":
        out += [r for r in mag if r["region"] == "CN"]
        continue
    for s in SECTORS:
        q = new[(g, s)]
        for prod, frac in (("magnet:NdFeB-hc", HC[s]), ("magnet:NdFeB", 1 - HC[s])):
            if frac <= 0 or q * frac <= 0:
                continue
            t = dict(template[(s, prod)])
            t["region"] = g
            t["ref_qty_t"] = "%.3f" % (q * frac)
            t["source"] = SRC_DEM
            t["note"] = ("q0 = region total %.0f t x sector mix (RAS on assumed tilts) x hc share %.2f; p0 = China reference + freight; "
                         "elasticity assumed (docs/data.md 6, 18)" % (target[g] if g != "US" else target["US"], HC[s] if prod.endswith("hc") else 1 - HC[s]))
            out.append(t)
with open(os.path.join(D, "demand.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n"); w.writeheader()
    for r in out + other_rows: w.writerow(r)

# ---- trade_2024.csv: (from,to) totals split std/hc by the destination's hc share of direct use --------
def hc_share(g):
    tot = sum(new[(g, s)] for s in SECTORS)
    return sum(new[(g, s)] * HC[s] for s in SECTORS) / tot
tr = []
for g, (t, src, note) in cn_rows.items():
    h = hc_share(g)
    for prod, frac in (("magnet:NdFeB", 1 - h), ("magnet:NdFeB-hc", h)):
        tr.append(["CN", g, prod, "%.1f" % (t * frac), src,
                   "%s; (from,to) total %.0f t split by %s's hc share of direct use %.3f (demand.csv; assumption)" % (note, t, g, h if prod.endswith("hc") else 1 - h)])
for g, (t, note) in non_cn_to_us.items():
    h = hc_share("US")
    for prod, frac in (("magnet:NdFeB", 1 - h), ("magnet:NdFeB-hc", h)):
        tr.append([g, "US", prod, "%.1f" % (t * frac), SRC_US,
                   "%s; total %.0f t split by the US hc share of direct use %.3f (assumption)" % (note, t, h)])
with open(os.path.join(D, "trade_2024.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow(["from", "to", "product", "t", "source", "note"])
    w.writerows(tr)

# ---- magnets_in_goods.csv: US final consumption inside goods assembled elsewhere ----------------------
# moved = old US rows - new US rows, by sector; allocated to assemblers by assumed shares of US imports of
# the goods of that sector (docs/data.md 18.3)
ASSEMBLER = {
    "ev_traction": [("ROW", 0.35, "Mexico (US light-vehicle imports' largest source)"), ("JP", 0.20, "Japan"), ("KR", 0.20, "Korea"), ("EU", 0.15, "Germany and others"), ("CN", 0.10, "motors and e-axles")],
    "industrial_motors": [("CN", 0.45, "motors, compressors, appliances"), ("ROW", 0.25, "Mexico"), ("EU", 0.10, ""), ("JP", 0.10, ""), ("VN", 0.05, ""), ("TH", 0.05, "")],
    "electronics": [("CN", 0.55, "phones, laptops, acoustics"), ("VN", 0.20, ""), ("ROW", 0.15, "Taiwan, Malaysia, Mexico"), ("TH", 0.10, "HDD")],
    "other": [("ROW", 0.40, "Mexico: car micromotors"), ("CN", 0.25, "e-bikes, micromotors"), ("JP", 0.12, ""), ("KR", 0.10, ""), ("EU", 0.08, ""), ("VN", 0.05, "")],
    "wind": [("EU", 0.60, "nacelles and generators (Denmark, Germany, Spain)"), ("CN", 0.25, "generators"), ("IN", 0.15, "")],
}
mig = []
for s in SECTORS:
    moved = old[("US", s)] - new[("US", s)]
    if moved <= 1e-6:
        continue
    for a, frac, why in ASSEMBLER[s]:
        mig.append(["US", a, s, "%.1f" % (moved * frac),
                    "derived: old US row (demand.csv before issue 10: 20 kt, balance_2024.md split, weak) - US direct use; assembler share (assumption)",
                    "%.0f%% of %.0f t of US %s magnets that arrive inside goods; %s" % (100 * frac, moved, s, why or "assumed share of US imports of these goods")])
with open(os.path.join(D, "magnets_in_goods.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow(["region", "assembler", "sector", "t", "source", "note"])
    w.writerows(mig)

print("China exports by destination:", {g: round(v[0]) for g, v in cn_rows.items()}, round(sum(v[0] for v in cn_rows.values())))
print("direct use targets:", {g: round(v) for g, v in target.items()})
print("US new rows:", {s: round(new[("US", s)]) for s in SECTORS}, round(target["US"]))
print("moved from US:", round(20000 - target["US"]))
