//! Writing output files atomically: into a temporary file in the target's folder, renamed
//! over the target only when complete, so that a failure never leaves a half-written file.

use crate::cleanup::Tracked;
use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// An output file being written; call [`Pending::commit`] to put it in place. Dropping it
/// without committing deletes the temporary file.
pub struct Pending {
    path: PathBuf,
    sink: Sink,
    /// The temporary file's record for the signal handler; declared after `sink` so that
    /// it is dropped after the file is removed or renamed.
    _tracked: Option<Tracked>,
}

/// Where a [`Pending`] output goes: a temporary file renamed on commit, or standard
/// output (the path `-`).
enum Sink {
    File(BufWriter<NamedTempFile>),
    Stdout(BufWriter<QuietStdout>),
}

/// Standard output for command results that ends the process quietly with exit code 0
/// when the reader has gone away (a closed pipe, as in `tmxalign tmx convert … -o - |
/// head -1`), as Unix filters do; other errors are returned.
pub struct QuietStdout(std::io::Stdout);

impl QuietStdout {
    /// The process's standard output.
    pub fn new() -> QuietStdout {
        QuietStdout(std::io::stdout())
    }
}

impl Default for QuietStdout {
    fn default() -> Self {
        QuietStdout::new()
    }
}

impl Write for QuietStdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        quiet_on_broken_pipe(self.0.write(buf))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        quiet_on_broken_pipe(self.0.flush())
    }
}

fn quiet_on_broken_pipe<T>(r: std::io::Result<T>) -> std::io::Result<T> {
    if let Err(e) = &r {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(crate::error::EXIT_OK);
        }
    }
    r
}

/// Checks that `path` can be an output file and returns the path to write (a symlink
/// is resolved to its target) and the folder it is in.
///
/// Errors ([`Error::Output`] naming `path`): `path` is a directory or an existing special
/// file (device, pipe, socket), or its folder does not exist.
pub fn check_target(path: &Path) -> Result<(PathBuf, PathBuf)> {
    let mut target = path.to_path_buf();
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        }
    }
    if let Ok(meta) = std::fs::metadata(&target) {
        if meta.is_dir() {
            return Err(Error::output(path, "is a directory, expected a file name"));
        }
        if !meta.is_file() {
            return Err(Error::output(
                path,
                "is a device, pipe or socket, not a regular file; tmxalign writes only regular files",
            ));
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        let why = if dir.exists() {
            format!("{} is a file, not a folder", dir.display())
        } else {
            format!("folder {} does not exist", dir.display())
        };
        return Err(Error::output(path, format!("cannot write: {why}")));
    }
    Ok((target, dir))
}

/// A new temporary file `<prefix>XXXXXX.tmp` in `dir`, for output `path`, recorded for
/// removal on a signal ([`crate::cleanup::Creating::track`]; keep the record until the
/// file is renamed or removed).
///
/// Errors ([`Error::Output`] naming `path`): the folder is not writable.
fn temp_in(path: &Path, dir: &Path, prefix: &str) -> Result<(NamedTempFile, Option<Tracked>)> {
    let mut b = tempfile::Builder::new();
    // Created with the mode a new file gets under the umask (0o666 & !umask), as any
    // program creating the output directly would; `Pending::create` keeps a replaced
    // file's own mode instead.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let creating = crate::cleanup::creating();
    let tmp = b
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            Error::output(
                path,
                format!("cannot write in {}: {}", dir.display(), short(&e)),
            )
        })?;
    let tracked = creating.track(tmp.path());
    Ok((tmp, tracked))
}

/// Checks early, before any work, that `path` can be written: [`check_target`], then a
/// probe file created and removed in its folder.
///
/// Errors ([`Error::Output`]): as [`check_target`], or the folder is not writable.
pub fn probe(path: &Path) -> Result<()> {
    if path.as_os_str() == "-" {
        return Ok(()); // standard output
    }
    let (_, dir) = check_target(path)?;
    let (probe, tracked) = temp_in(path, &dir, ".tmxalign-probe-")?;
    drop(probe);
    drop(tracked);
    Ok(())
}

impl Pending {
    /// Opens a temporary file next to `path` (see [`check_target`]); the path `-` means
    /// standard output, written as it comes.
    ///
    /// Errors ([`Error::Output`] naming `path`): `path` is a directory or a special file,
    /// its folder does not exist, or the folder is not writable.
    pub fn create(path: &Path) -> Result<Pending> {
        if path.as_os_str() == "-" {
            return Ok(Pending {
                path: path.to_path_buf(),
                sink: Sink::Stdout(BufWriter::new(QuietStdout::new())),
                _tracked: None,
            });
        }
        let (target, dir) = check_target(path)?;
        let (tmp, tracked) = temp_in(path, &dir, ".tmxalign-")?;
        // Keep the permissions of a file being replaced; a new file has the umask's
        // from its creation (see `temp_in`).
        #[cfg(unix)]
        if let Ok(m) = std::fs::metadata(&target) {
            use std::os::unix::fs::PermissionsExt;
            let mode = m.permissions().mode() & 0o7777;
            let _ = tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode));
        }
        Ok(Pending {
            path: target,
            sink: Sink::File(BufWriter::new(tmp)),
            _tracked: tracked,
        })
    }

    /// The writer to fill.
    pub fn writer(&mut self) -> &mut dyn Write {
        match &mut self.sink {
            Sink::File(w) => w,
            Sink::Stdout(w) => w,
        }
    }

    /// Flushes the temporary file and renames it to the target path, so the target is
    /// either its old content or the whole new file. The file is not synced to disk (an
    /// fsync costs half a millisecond, a tenth of aligning a short statement, and a batch
    /// would do thousands); like `sort -o` or `sed -i`, tmxalign leaves that to the OS.
    ///
    /// Errors ([`Error::Output`]): flushing or renaming failed (the temporary file is removed).
    pub fn commit(self) -> Result<()> {
        let Pending {
            path,
            sink,
            _tracked,
        } = self;
        let tmp = match sink {
            Sink::File(w) => w,
            Sink::Stdout(mut w) => {
                return w.flush().map_err(|e| {
                    Error::output(
                        &path,
                        format!("cannot write to standard output: {}", short(&e)),
                    )
                });
            }
        };
        let tmp = tmp
            .into_inner()
            .map_err(|e| Error::output(&path, format!("cannot write: {}", short(e.error()))))?;
        tmp.persist(&path)
            .map_err(|e| Error::output(&path, format!("cannot write: {}", short(&e.error))))?;
        // Forgotten by the signal handler only now that the file has its final name.
        drop(_tracked);
        Ok(())
    }

    /// Flushes and closes the temporary file without putting it in place, so that its
    /// file descriptor is released; [`Closed::commit_as`] later renames it to the final
    /// name (which may differ from the one given to [`Pending::create`], whose folder it
    /// must share). Until then the temporary file stays, hidden, and is removed when the
    /// [`Closed`] is dropped or the process is interrupted by a signal. For outputs whose
    /// number or names are known only at the end (`tmx split`).
    ///
    /// Errors ([`Error::Output`]): flushing or closing failed (the temporary file is
    /// removed); [`Error::Internal`] for standard output, which cannot be closed.
    pub fn close(self) -> Result<Closed> {
        let Pending {
            path,
            sink,
            _tracked,
        } = self;
        let tmp = match sink {
            Sink::File(w) => w,
            Sink::Stdout(_) => {
                return Err(Error::Internal(
                    "standard output cannot be closed and renamed".into(),
                ))
            }
        };
        let tmp = tmp
            .into_inner()
            .map_err(|e| Error::output(&path, format!("cannot write: {}", short(e.error()))))?;
        Ok(Closed {
            tmp: tmp.into_temp_path(),
            _tracked,
        })
    }
}

/// A complete output closed in its hidden temporary file, not yet in place (see
/// [`Pending::close`]). Dropping it removes the temporary file.
pub struct Closed {
    tmp: tempfile::TempPath,
    /// Dropped after `tmp` (see [`Pending`]).
    _tracked: Option<Tracked>,
}

impl Closed {
    /// Renames the temporary file to `path`, which must be in the folder the temporary
    /// file was created in (a file being replaced keeps its permissions, as with
    /// [`Pending::commit`]).
    ///
    /// Errors ([`Error::Output`] naming `path`): `path` is a directory or a special file,
    /// or renaming failed (the temporary file is removed).
    pub fn commit_as(self, path: &Path) -> Result<()> {
        let (target, _) = check_target(path)?;
        #[cfg(unix)]
        if let Ok(m) = std::fs::metadata(&target) {
            use std::os::unix::fs::PermissionsExt;
            let mode = m.permissions().mode() & 0o7777;
            let _ = std::fs::set_permissions(&self.tmp, std::fs::Permissions::from_mode(mode));
        }
        let Closed { tmp, _tracked } = self;
        tmp.persist(&target)
            .map_err(|e| Error::output(path, format!("cannot write: {}", short(&e.error))))?;
        drop(_tracked);
        Ok(())
    }
}

/// A pending file is itself a writer (into its buffered temporary file).
impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
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

/// A count with its noun for messages: `1 sentence`, `2 sentences` (`word` is the
/// singular; the plural adds `s`).
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
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
        let file = d.path().join("out.tmx");
        let e = Pending::create(&file.join("x.tmx")).err().unwrap();
        assert!(e.to_string().contains("is a file, not a folder"), "{e}");
    }

    #[test]
    fn a_closed_output_is_renamed_later_or_removed() {
        let d = tempfile::tempdir().unwrap();
        let pattern = d.path().join("part.tmx");
        let mut p = Pending::create(&pattern).unwrap();
        p.writer().write_all(b"one").unwrap();
        let one = p.close().unwrap();
        let mut p = Pending::create(&pattern).unwrap();
        p.writer().write_all(b"two").unwrap();
        let two = p.close().unwrap();
        // Two hidden temporary files, nothing at a final name yet.
        let names = || {
            let mut v: Vec<String> = std::fs::read_dir(d.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names().len(), 2);
        assert!(names().iter().all(|n| n.starts_with(".tmxalign-")));
        one.commit_as(&d.path().join("part-001.tmx")).unwrap();
        drop(two);
        assert_eq!(names(), ["part-001.tmx"]);
        assert_eq!(
            std::fs::read(d.path().join("part-001.tmx")).unwrap(),
            b"one"
        );
        let p = Pending::create(Path::new("-")).unwrap();
        assert!(p.close().is_err());
    }

    /// The process umask, from `/proc/self/status` (Linux 4.7+).
    #[cfg(target_os = "linux")]
    fn umask() -> u32 {
        let st = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = st.lines().find(|l| l.starts_with("Umask:")).unwrap();
        u32::from_str_radix(line["Umask:".len()..].trim(), 8).unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_new_file_gets_the_umask_mode_and_a_replaced_file_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let fresh = d.path().join("new.tmx");
        write_atomic(&fresh, b"a").unwrap();
        assert_eq!(mode(&fresh), 0o666 & !umask());
        let kept = d.path().join("kept.tmx");
        std::fs::write(&kept, b"old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&kept, b"new").unwrap();
        assert_eq!(mode(&kept), 0o640);
        assert_eq!(std::fs::read(&kept).unwrap(), b"new");
    }
}
