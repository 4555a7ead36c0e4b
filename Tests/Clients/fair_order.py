"""An auditor's draw of an on-sale queue's order, written from FairOrder's documentation alone: xoshiro256** seeded
with the queue's 32-byte seed (four little-endian 64-bit words, each mixed by SplitMix64's finaliser after adding
(i + 1) times the golden gamma, then 8 outputs dropped), a Fisher-Yates shuffle from the last place down,
each place drawn uniformly by rejection below 2^64 mod (i + 1). Prints the drawn order of 0..N-1, one per line.

Usage: fair_order.py SEED_HEX N
"""
import sys

MASK = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256:
    def __init__(self, seed):
        words = []
        for i in range(4):
            z = (int.from_bytes(seed[8 * i:8 * i + 8], "little") + (i + 1) * 0x9E3779B97F4A7C15) & MASK
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            words.append(z ^ (z >> 31))
        if not any(words):
            words[0] = 1
        self.s = words
        for _ in range(8):
            self.next()

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self, bound):
        threshold = (1 << 64) % bound
        while True:
            value = self.next()
            if value >= threshold:
                return value % bound


seed, count = bytes.fromhex(sys.argv[1]), int(sys.argv[2])
items, generator = list(range(count)), Xoshiro256(seed)
for i in range(count - 1, 0, -1):
    j = generator.uniform(i + 1)
    items[i], items[j] = items[j], items[i]
print("\n".join(map(str, items)))
