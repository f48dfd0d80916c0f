// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small deterministic generator (SplitMix64 seeding + xoshiro256**) with our own
// uniform/normal transforms: std:: distributions differ between standard libraries, and
// generated datasets must be identical for a seed on every machine.
#include <cmath>
#include <cstdint>

namespace anchorscope {

class Rng {
public:
    explicit Rng(uint64_t seed) { reseed(seed); }

    void reseed(uint64_t seed)
    {
        for (auto& s : s_)
            s = splitmix(seed);
    }

    uint64_t next()
    {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [lo, hi] (inclusive).
    int64_t integer(int64_t lo, int64_t hi) { return lo + int64_t(next() % uint64_t(hi - lo + 1)); }
    bool bernoulli(double p) { return uniform() < p; }
    // Standard normal by Box–Muller (one value per call; simple and deterministic).
    double normal()
    {
        double u1 = uniform();
        double u2 = uniform();
        if (u1 < 1e-300)
            u1 = 1e-300;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }

    // Derives an independent stream for item `index` of a job seeded with `seed`, so
    // parallel generation is deterministic whatever the thread schedule.
    static Rng forItem(uint64_t seed, uint64_t index)
    {
        uint64_t x = seed ^ (0x9E3779B97F4A7C15ull * (index + 1));
        return Rng(splitmix(x));
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t splitmix(uint64_t& x)
    {
        uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t s_[4];
};

} // namespace anchorscope
