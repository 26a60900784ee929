//! The command line: argument definitions (clap) and the commands behind them. `main.rs`
//! only calls [`main`].

mod align;
mod batch;
mod eval;
mod segment;
mod tmx;
mod train;

use crate::error::{Error, EXIT_BAD_INPUT, EXIT_OK};
use clap::{Parser, Subcommand};

/// Align English statements with their Russian or Belarusian versions into TMX
/// translation memories.
#[derive(Debug, Parser)]
#[command(name = "tmxalign", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Align two versions of a text sentence by sentence and write a TMX file.
    Align(Box<align::AlignArgs>),
    /// Align many documents (a folder or a manifest) in parallel, with a quality report.
    Batch(batch::BatchArgs),
    /// Split a text into sentences, one per line on standard output.
    Segment(segment::SegmentArgs),
    /// Score predicted bead files against gold ones (strict/lax P/R/F1, omission F1, ECE),
    /// or TMX files against gold units with --units.
    Eval(eval::EvalArgs),
    /// Work on TMX files: merge, stats, validate, filter, convert, split.
    Tmx(tmx::TmxArgs),
    /// Fit the bead-score weights and the confidence calibration (development).
    #[command(hide = true)]
    Train(train::TrainArgs),
}

/// Runs the command line; returns the process exit code (0 success, 2 bad usage or
/// input, 1 internal failure, 3 partial batch failure). A process interrupted by SIGINT,
/// SIGTERM or SIGHUP removes its unfinished output files and exits with 130, 143 or 129
/// ([`crate::cleanup`]).
pub fn main() -> i32 {
    // A flag only: the handlers are installed with the first temporary output file.
    crate::cleanup::remove_temporaries_on_signals();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return code;
        }
    };
    let r = match cli.command {
        Command::Align(a) => align::run(*a),
        Command::Segment(a) => segment::run(a),
        Command::Batch(a) => batch::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Train(a) => train::run(a),
        Command::Tmx(a) => tmx::run(a),
    };
    match r {
        Ok(code) => code,
        Err(e) => report(&e),
    }
}

/// `println!` for command results: writes one line to standard output. When the reader
/// has gone away (a closed pipe, as in `tmxalign tmx validate … | head -1`) the process
/// ends quietly with exit code 0, as Unix filters do, instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::say_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Writes one line to standard output (see [`say!`]); exits with code 0 on a broken pipe.
/// Other write errors are reported on stderr and end the process with exit code 2.
pub fn say_line(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|_| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(EXIT_OK);
        }
        eprintln!("tmxalign: error: cannot write to standard output: {e}");
        std::process::exit(EXIT_BAD_INPUT);
    }
}

/// The input-reading options shared by `align`, `segment` and `batch`.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Input format: auto (from content, else the file name), text, html or docx.
    #[arg(long, value_enum, default_value_t = crate::input::FormatChoice::Auto, value_name = "FORMAT")]
    pub format: crate::input::FormatChoice,
    /// Paragraphs of plain text: lines (every non-blank line), blank (blank-line-separated
    /// blocks, hard-wrapped lines joined), or auto (blank when the text looks
    /// hard-wrapped).
    #[arg(long, value_enum, default_value_t = crate::input::ParagraphMode::Auto, value_name = "MODE")]
    pub paragraphs: crate::input::ParagraphMode,
    /// Leave HTML character references (`&amp;`, `&nbsp;`, `&#8212;`…) in plain text as
    /// written instead of decoding them.
    #[arg(long)]
    pub keep_entities: bool,
}

/// Prints `e` on standard error as one line and returns its exit code.
pub fn report(e: &Error) -> i32 {
    eprintln!("tmxalign: error: {e}");
    e.exit_code()
}

/// Parses a probability argument (`--min-confidence`): a number in [0, 1].
fn parse_probability(s: &str) -> Result<f64, String> {
    let p: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is outside [0, 1]"))
    }
}

/// Parses a `--tmx-lang` mapping `ru=ru-RU`.
/// Parses a language option (`--src-lang`, `--tgt-lang`, `--lang`): a tag whose primary
/// subtag is en, ru or be ([`crate::Lang::parse_tag`]). A language pair typed by mistake
/// (`en-ru`, `ru_en`: a second subtag that is another supported language) is refused,
/// though BCP-47 would read it as a region: the option takes one language.
///
/// Errors: the message clap shows.
pub fn parse_lang_option(s: &str) -> Result<crate::Lang, String> {
    let lang = crate::Lang::parse_tag(s)?;
    let mut parts = s.trim().split(['-', '_']);
    parts.next();
    if let Some(second) = parts.next() {
        if let Ok(other) = crate::Lang::parse_tag(second) {
            if other != lang && second.len() == 2 && parts.next().is_none() {
                return Err(format!(
                    "'{s}' looks like a language pair; give one language here (en, ru or be)"
                ));
            }
        }
    }
    Ok(lang)
}

fn parse_tmx_lang(s: &str) -> Result<(crate::Lang, String), String> {
    let (l, tag) = s
        .split_once('=')
        .ok_or_else(|| format!("expected LANG=TAG (e.g. ru=ru-RU), found '{s}'"))?;
    let lang = crate::Lang::parse_tag(l)?;
    let canonical = crate::lang::canonical_tag(tag)
        .map_err(|e| format!("{e} (after '=' comes the tag to write, e.g. ru=ru-RU)"))?;
    if crate::Lang::parse_tag(&canonical)? != lang {
        return Err(format!("tag '{tag}' is not a tag of language '{lang}'"));
    }
    let tag = canonical;
    Ok((lang, tag))
}
