#!/usr/bin/python3
"""Independent check of an LP that rareflow wrote: read the MPS file (free format, as Clp writes
it: N/L/G/E rows, RHS, RANGES, bounds UP/LO/FX/FR/MI/PL/BV) and solve it with the HiGHS solver
inside Debian's python3-scipy.  Prints `status=... objective=...`.

Usage: mps_peer.py FILE.mps
Exit 0 when HiGHS found an optimum, 1 otherwise, 2 when scipy is missing (a dependency that
`make deps` installs: a test that needs it fails rather than skips)."""
import sys

try:
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix
except ImportError as e:  # pragma: no cover
    print(f"mps_peer: scipy is missing ({e}); run `make deps`", file=sys.stderr)
    sys.exit(2)


def read(path):
    section, objective_row = None, None
    row_kind, row_order = {}, []
    col_index, entries, cost = {}, [], {}
    rhs, ranges, lower, upper = {}, {}, {}, {}
    for raw in open(path):
        if not raw.strip() or raw.startswith("*"):
            continue
        words = raw.split()
        if not raw[0].isspace():
            section = words[0]
            continue
        if section == "ROWS":
            kind, name = words
            if kind == "N":
                objective_row = objective_row or name
            else:
                row_kind[name] = kind
                row_order.append(name)
        elif section == "COLUMNS":
            col = words[0]
            col_index.setdefault(col, len(col_index))
            for row, value in zip(words[1::2], words[2::2]):
                if row == objective_row:
                    cost[col] = float(value)
                elif row in row_kind:
                    entries.append((row, col, float(value)))
        elif section in ("RHS", "RANGES"):
            target = rhs if section == "RHS" else ranges
            for row, value in zip(words[1::2], words[2::2]):
                target[row] = float(value)
        elif section == "BOUNDS":
            kind, col = words[0], words[2]
            value = float(words[3]) if len(words) > 3 else 0.0
            if kind in ("UP", "FX"):
                upper[col] = value
            if kind in ("LO", "FX"):
                lower[col] = value
            if kind in ("FR", "MI"):
                lower[col] = -np.inf
            if kind == "BV":
                lower[col], upper[col] = 0.0, 1.0
    return objective_row, row_kind, row_order, col_index, entries, cost, rhs, ranges, lower, upper


def solve(path):
    _, row_kind, row_order, col_index, entries, cost, rhs, ranges, lower, upper = read(path)
    n = len(col_index)
    c = np.zeros(n)
    for col, value in cost.items():
        c[col_index[col]] = value
    # Every row as lo <= a x <= hi, then split into the <= rows and == rows linprog takes.
    lo, hi = {}, {}
    for row in row_order:
        b, kind, r = rhs.get(row, 0.0), row_kind[row], ranges.get(row)
        if kind == "E":
            lo[row] = hi[row] = b
            if r is not None:
                (hi if r > 0 else lo)[row] = b + r
        elif kind == "L":
            lo[row], hi[row] = (b - abs(r) if r is not None else -np.inf), b
        else:
            lo[row], hi[row] = b, (b + abs(r) if r is not None else np.inf)
    coeffs = {}
    for row, col, value in entries:
        coeffs.setdefault(row, []).append((col_index[col], value))
    ub_rows, ub_b, eq_rows, eq_b = [], [], [], []
    for row in row_order:
        a = coeffs.get(row, [])
        if lo[row] == hi[row]:
            eq_rows.append(a); eq_b.append(lo[row]); continue
        if hi[row] < np.inf:
            ub_rows.append(a); ub_b.append(hi[row])
        if lo[row] > -np.inf:
            ub_rows.append([(j, -v) for j, v in a]); ub_b.append(-lo[row])

    def matrix(rows):
        data = [(i, j, v) for i, r in enumerate(rows) for j, v in r]
        if not data:
            return None
        i, j, v = zip(*data)
        return csr_matrix((v, (i, j)), shape=(len(rows), n))

    bounds = [(lower.get(col, 0.0), upper.get(col, np.inf)) for col in sorted(col_index, key=col_index.get)]
    res = linprog(c, A_ub=matrix(ub_rows), b_ub=ub_b or None, A_eq=matrix(eq_rows), b_eq=eq_b or None,
                  bounds=bounds, method="highs")
    return res


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    res = solve(sys.argv[1])
    print(f"status={res.status} objective={res.fun!r}")
    sys.exit(0 if res.status == 0 else 1)
