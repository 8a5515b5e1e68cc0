#!/usr/bin/env python3
"""philox_ref.py: an independent Philox4x32-10 in Python, for the expected
values of tests/mc/test_rng.c.

Written from Salmon et al. 2011 ("Parallel random numbers: as easy as 1, 2,
3"), with Python's arbitrary-precision integers instead of C's fixed-width
arithmetic, so that a mistake in the C code's casts or shifts does not repeat
here.  It checks itself against Random123's known-answer vectors, then prints
rf_rng_u64 and rf_rng_uniform (rareflow/mc.h) for a few (seed, draw, input, k):

    python3 tests/tools/philox_ref.py

The layout is rareflow/mc.h's: key = (seed low 32 bits, seed high 32 bits),
counter = (draw low, draw high, input, k), u64 = out[0] << 32 | out[1],
uniform = ((u64 >> 11) + 1/2) / 2^53.
"""
from fractions import Fraction

MASK32 = (1 << 32) - 1
M0, M1 = 0xD2511F53, 0xCD9E8D57
W0, W1 = 0x9E3779B9, 0xBB67AE85


def philox4x32(ctr, key, rounds=10):
    x = list(ctr)
    k0, k1 = key
    for r in range(rounds):
        if r:
            k0 = (k0 + W0) & MASK32
            k1 = (k1 + W1) & MASK32
        p0 = M0 * x[0]
        p1 = M1 * x[2]
        x = [(p1 >> 32) ^ x[1] ^ k0, p1 & MASK32, (p0 >> 32) ^ x[3] ^ k1, p0 & MASK32]
    return x


def rng_u64(seed, draw, inp, k):
    out = philox4x32([draw & MASK32, draw >> 32, inp, k], [seed & MASK32, seed >> 32])
    return (out[0] << 32) | out[1]


def rng_uniform(seed, draw, inp, k):
    # exact as a fraction, then to the nearest double (it is exact in a double)
    return float(Fraction(2 * (rng_u64(seed, draw, inp, k) >> 11) + 1, 1 << 54))


KAT = [  # Random123 tests/kat_vectors, the "philox4x32 10" lines: ctr[4] key[2] -> out[4]
    ([0, 0, 0, 0], [0, 0], [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([MASK32] * 4, [MASK32] * 2, [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    ([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], [0xA4093822, 0x299F31D0],
     [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]),
]

CASES = [  # (seed, draw, input, k)
    (0, 0, 0, 0),
    (1, 0, 0, 0),
    (42, 7, 3, 0),
    (42, 7, 3, 1),
    (0x0123456789ABCDEF, 123456789, 17, 0),
    (2025, 999999, 0, 0),
    (0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 5, 9),
    (7, 1 << 32, 2, 0),
]

if __name__ == "__main__":
    for ctr, key, want in KAT:
        got = philox4x32(ctr, key)
        assert got == want, (ctr, key, [hex(v) for v in got])
    print("KAT ok")
    for seed, draw, inp, k in CASES:
        print("{0x%016xULL, 0x%xULL, %du, %du, 0x%016xULL, %.17g}," %
              (seed, draw, inp, k, rng_u64(seed, draw, inp, k), rng_uniform(seed, draw, inp, k)))
