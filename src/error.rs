//! The error type of the library, and the exit codes the command line maps it to.

use std::path::{Path, PathBuf};

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for an internal failure (a bug, or an I/O failure that is not the input's fault).
pub const EXIT_INTERNAL: i32 = 1;
/// Exit code for bad usage or bad input.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code of `batch` when some documents failed and the others completed.
pub const EXIT_PARTIAL: i32 = 3;

/// A path for a one-line message: control characters (a newline in a file name) escaped.
fn shown(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars().any(char::is_control) {
        s.escape_debug().to_string()
    } else {
        s
    }
}

/// Everything that can go wrong in tmxalign.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file is missing, unreadable or unusable; `problem` says why.
    #[error("{}: {problem}", shown(path))]
    Input {
        /// The file the user named.
        path: PathBuf,
        /// What is wrong with it, in one line.
        problem: String,
    },
    /// The output cannot be written; `problem` says why.
    #[error("{}: {problem}", shown(path))]
    Output {
        /// The output path the user named.
        path: PathBuf,
        /// What went wrong, in one line.
        problem: String,
    },
    /// Bad command-line usage (conflicting or invalid options).
    #[error("{0}")]
    Usage(String),
    /// A failure that is not the user's fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Builds an [`Error::Input`] for `path`.
    pub fn input(path: &Path, problem: impl Into<String>) -> Error {
        Error::Input {
            path: path.to_path_buf(),
            problem: problem.into(),
        }
    }

    /// Builds an [`Error::Output`] for `path`.
    pub fn output(path: &Path, problem: impl Into<String>) -> Error {
        Error::Output {
            path: path.to_path_buf(),
            problem: problem.into(),
        }
    }

    /// The process exit code for this error: 2 for bad input, output or usage, 1 for
    /// internal failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } | Error::Output { .. } | Error::Usage(_) => EXIT_BAD_INPUT,
            Error::Internal(_) => EXIT_INTERNAL,
        }
    }
}

/// Result alias used throughout the library.
pub type Result<T> = std::result::Result<T, Error>;
