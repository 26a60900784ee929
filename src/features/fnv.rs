// Included by `build.rs` as well as compiled in the library: keep it free of crate paths.

/// The 32-bit FNV-1a hash of the bytes of `s` (Fowler, Noll and Vo; offset basis
/// 0x811c9dc5, prime 0x01000193, as in draft-eastlake-fnv). Deterministic across runs
/// and builds, which the static lexicon tables made by `build.rs` rely on.
pub fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}
