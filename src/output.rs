//! Writing output files atomically: into a temporary file in the target's folder, renamed
//! over the target only when complete, so that a failure never leaves a half-written file.

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// An output file being written; call [`Pending::commit`] to put it in place. Dropping it
/// without committing deletes the temporary file.
pub struct Pending {
    path: PathBuf,
    tmp: BufWriter<NamedTempFile>,
}

impl Pending {
    /// Opens a temporary file next to `path`.
    ///
    /// Errors ([`Error::Output`] naming `path`): `path` is a directory, its folder does not
    /// exist, or the folder is not writable.
    pub fn create(path: &Path) -> Result<Pending> {
        if path.is_dir() {
            return Err(Error::output(path, "is a directory, expected a file name"));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(Error::output(
                path,
                format!("cannot write: folder {} does not exist", dir.display()),
            ));
        }
        let tmp = tempfile::Builder::new()
            .prefix(".tmxalign-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| {
                Error::output(
                    path,
                    format!("cannot write in {}: {}", dir.display(), short(&e)),
                )
            })?;
        Ok(Pending {
            path: path.to_path_buf(),
            tmp: BufWriter::new(tmp),
        })
    }

    /// The writer to fill.
    pub fn writer(&mut self) -> &mut BufWriter<NamedTempFile> {
        &mut self.tmp
    }

    /// Flushes, syncs and renames the temporary file to the target path.
    ///
    /// Errors ([`Error::Output`]): flushing or renaming failed (the temporary file is removed).
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let tmp = self
            .tmp
            .into_inner()
            .map_err(|e| Error::output(&path, format!("cannot write: {}", short(e.error()))))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::output(&path, format!("cannot write: {}", short(&e))))?;
        tmp.persist(&path)
            .map_err(|e| Error::output(&path, format!("cannot write: {}", short(&e.error))))?;
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically (see [`Pending`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut p = Pending::create(path)?;
    p.writer()
        .write_all(bytes)
        .map_err(|e| Error::output(path, format!("cannot write: {}", short(&e))))?;
    p.commit()
}

/// An I/O error message without the "(os error N)" suffix.
pub fn short(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(k) => s[..k].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_left_without_commit() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("out.tmx");
        {
            let mut p = Pending::create(&target).unwrap();
            p.writer().write_all(b"half").unwrap();
        }
        assert!(!target.exists());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
        write_atomic(&target, b"whole").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
        let e = Pending::create(&d.path().join("no/such/dir/x.tmx"))
            .err()
            .unwrap();
        assert!(e.to_string().contains("does not exist"));
        assert!(Pending::create(d.path()).is_err());
    }
}
