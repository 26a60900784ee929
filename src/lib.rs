//! tmxalign: sentence alignment of English, Russian and Belarusian statements into TMX.
//!
//! Data flows one way: [`input`] (read, decode, paragraphs) → [`segment`] (sentences) →
//! [`features`] (tokens, lexicon, numbers, cognates) → [`align`] (dynamic programming over
//! beads) → [`score`] (calibrated confidence) → writers ([`tmx`], [`beads`]).

pub mod align;
pub mod batch;
pub mod beads;
pub mod cleanup;
pub mod cli;
pub mod document;
pub mod error;
pub mod eval;
pub mod features;
pub mod input;
pub mod job;
pub mod lang;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod score;
pub mod segment;
pub mod tmx;

pub use error::{Error, Result};
pub use lang::Lang;
