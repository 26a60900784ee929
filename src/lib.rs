//! tmxalign: sentence alignment of English, Russian and Belarusian statements into TMX.
//!
//! Data flows one way: [`input`] (read, decode, paragraphs) → [`segment`] (sentences) →
//! [`features`] (tokens, lexicon, numbers, cognates) → [`align`] (dynamic programming over
//! beads) → [`score`] (calibrated confidence) → writers ([`tmx`], [`beads`]).

pub mod error;
pub mod features;
pub mod input;
pub mod lang;
pub mod segment;

pub use error::{Error, Result};
pub use lang::Lang;
