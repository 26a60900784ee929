//! Training (placeholder until written).
