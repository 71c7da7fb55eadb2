//! The demo's random numbers: small, seeded by the caller, never the operating system's.

/// SplitMix64: tiny, fast and good enough for demo data.
pub(in crate::demo) struct SplitMix64(pub(in crate::demo) u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub(in crate::demo) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn between(&mut self, lo: i32, hi: i32) -> i32 {
        let span = (hi - lo).max(0) as usize + 1;
        lo + self.below(span) as i32
    }

    /// True with probability `percent`/100.
    pub(in crate::demo) fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Picks an item from `(item, weight)` pairs in proportion to weight.
    pub(super) fn weighted<T: Copy>(&mut self, table: &[(T, usize)], fallback: T) -> T {
        let total: usize = table.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total);
        for &(item, w) in table {
            if x < w {
                return item;
            }
            x -= w;
        }
        fallback
    }
}
