//! The band of DP states around the diagonal.

/// States `(i, j)` of the DP lattice kept in memory: for each `i` in `0..=n`, the target
/// positions `lo[i]..=hi[i]`. The band always contains `(0, 0)` and `(n, m)`.
#[derive(Debug, Clone)]
pub struct Band {
    /// Number of source sentences.
    pub n: usize,
    /// Number of target sentences.
    pub m: usize,
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// A band of half-width `w` (in target sentences) around the line from `(0, 0)` to
    /// `(n, m)`. Memory O(n · w).
    pub fn diagonal(n: usize, m: usize, w: usize) -> Band {
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        for i in 0..=n {
            let c = (i * m + n / 2).checked_div(n).unwrap_or(0);
            lo.push(c.saturating_sub(w));
            hi.push((c + w).min(m));
        }
        if n == 0 {
            lo[0] = 0;
            hi[0] = m;
        }
        Band::from_bounds(n, m, lo, hi)
    }

    fn from_bounds(n: usize, m: usize, lo: Vec<usize>, hi: Vec<usize>) -> Band {
        let mut offset = Vec::with_capacity(n + 2);
        let mut acc = 0;
        for i in 0..=n {
            offset.push(acc);
            acc += hi[i] - lo[i] + 1;
        }
        offset.push(acc);
        Band {
            n,
            m,
            lo,
            hi,
            offset,
        }
    }

    /// Total number of states.
    pub fn cells(&self) -> usize {
        self.offset[self.n + 1]
    }

    /// Target range `lo..=hi` of row `i`.
    pub fn row(&self, i: usize) -> (usize, usize) {
        (self.lo[i], self.hi[i])
    }

    /// Flat index of state `(i, j)`, or `None` outside the band.
    #[inline]
    pub fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i > self.n || j < self.lo[i] || j > self.hi[i] {
            None
        } else {
            Some(self.offset[i] + j - self.lo[i])
        }
    }

    /// Whether `(i, j)` lies on the band's edge where the edge is not the document's
    /// border: a path through it may have been cut off by the band.
    pub fn on_inner_edge(&self, i: usize, j: usize) -> bool {
        (j == self.lo[i] && self.lo[i] > 0) || (j == self.hi[i] && self.hi[i] < self.m)
    }
}
