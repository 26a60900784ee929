//! Removing tmxalign's temporary output files when the process is interrupted.
//!
//! Outputs are written into hidden temporary files (`.tmxalign-*.tmp`) and renamed into
//! place when complete (see [`crate::output`]). A process stopped by Ctrl-C (SIGINT),
//! `kill` (SIGTERM) or a closed terminal (SIGHUP) would leave those files behind; the
//! command line calls [`remove_temporaries_on_signals`], and from then on every temporary
//! file is recorded ([`track`]) while it exists, so that the signal handler can remove it
//! before the process exits with 128 + the signal number (130 for SIGINT, 143 for
//! SIGTERM, 129 for SIGHUP).
//!
//! Start-up costs nothing: the handlers are installed (by `signal-hook`, without a thread)
//! when the first temporary file is created, so `tmxalign --version` or `tmx stats` never
//! install them. A signal that was ignored when the process started (`nohup`, a
//! background job of a non-interactive shell) stays ignored.
//!
//! The record is a fixed table of atomic pointers to the files' names (as C strings), so
//! the handler reads it without a lock or an allocation: it only swaps pointers, calls
//! `unlink`, `write` and `_exit`, all async-signal-safe. A library user that does not call
//! [`remove_temporaries_on_signals`] gets no signal handler.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether temporary files are recorded for the signal handler (set by the command line).
static ENABLED: AtomicBool = AtomicBool::new(false);

/// Asks that, from now on, the temporary files of outputs being written be removed when
/// the process receives SIGINT, SIGTERM or SIGHUP, and that the process then exit with
/// status 128 + the signal number. Only sets a flag: the handlers are installed when the
/// first temporary file is created. Meant for programs (the `tmxalign` command); a
/// library should leave signals to its caller. Does nothing on non-Unix systems.
pub fn remove_temporaries_on_signals() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// The record of one temporary file, kept while the file exists; dropping it forgets the
/// file (drop it after the file is renamed or removed). See [`track`].
pub struct Tracked {
    #[cfg(unix)]
    slot: usize,
    #[cfg(unix)]
    name: *mut libc::c_char,
}

// The pointer is owned by this record (or, once the signal handler took it, by no one:
// the process is ending); it is only read by the handler, through the table.
unsafe impl Send for Tracked {}
unsafe impl Sync for Tracked {}

/// Records the temporary file `path` so that the signal handler removes it, installing
/// the handlers on first use. Returns `None` (nothing recorded) when
/// [`remove_temporaries_on_signals`] was not called, on non-Unix systems, when the path
/// holds a NUL byte, or when 1,024 files are already recorded.
pub fn track(path: &Path) -> Option<Tracked> {
    if !ENABLED.load(Ordering::Relaxed) {
        return None;
    }
    #[cfg(unix)]
    {
        imp::track(path)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        #[cfg(unix)]
        imp::forget(self);
    }
}

#[cfg(unix)]
mod imp {
    //! The table of temporary files and the signal handler (Unix).

    use super::Tracked;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr::null_mut;
    use std::sync::atomic::{AtomicPtr, Ordering};
    use std::sync::Once;

    /// How many temporary files can be recorded at once: a batch has one per worker
    /// thread (at most 256), two merged files and the report's. Past this, a file is
    /// not recorded (a signal could leave it behind).
    pub const SLOTS: usize = 1024;

    /// Names of the temporary files that exist (NUL-terminated, owned by their
    /// [`Tracked`] record); null for a free slot.
    static TABLE: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(null_mut()) }; SLOTS];

    static INSTALL: Once = Once::new();

    /// The signals handled, with the exit status they lead to (128 + number).
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    pub(super) fn track(path: &Path) -> Option<Tracked> {
        INSTALL.call_once(install);
        let name = CString::new(path.as_os_str().as_bytes()).ok()?.into_raw();
        for (slot, s) in TABLE.iter().enumerate() {
            if s.compare_exchange(null_mut(), name, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                return Some(Tracked { slot, name });
            }
        }
        // SAFETY: `name` came from `CString::into_raw` above and was stored nowhere.
        drop(unsafe { CString::from_raw(name) });
        None
    }

    pub(super) fn forget(t: &mut Tracked) {
        // If the handler has taken the name, it may be using it: leave it (the process
        // is ending).
        if TABLE[t.slot]
            .compare_exchange(t.name, null_mut(), Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            // SAFETY: the name came from `CString::into_raw` in `track`, and the table
            // no longer holds it, so nothing else can reach it.
            drop(unsafe { CString::from_raw(t.name) });
        }
    }

    /// Installs the handler for each of [`SIGNALS`] that is not ignored.
    fn install() {
        for sig in SIGNALS {
            // SAFETY: sigaction with a null new action only reads the current one into
            // `old`, a zeroed plain C struct.
            let ignored = unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                    && old.sa_sigaction == libc::SIG_IGN
            };
            if ignored {
                continue;
            }
            // SAFETY: the action only swaps atomic pointers and calls `unlink`, `write`
            // and `_exit`, which are async-signal-safe; it allocates and locks nothing.
            // A failure to install leaves the default action (temporary files may stay).
            let _ = unsafe { signal_hook::low_level::register(sig, move || on_signal(sig)) };
        }
    }

    /// The signal handler: removes every recorded temporary file, says so on stderr and
    /// ends the process with status 128 + `sig`.
    fn on_signal(sig: libc::c_int) {
        for s in &TABLE {
            // Taking the name keeps its owner from freeing it (see `forget`).
            let name = s.swap(null_mut(), Ordering::AcqRel);
            if !name.is_null() {
                // SAFETY: a NUL-terminated string that nothing frees any more.
                unsafe { libc::unlink(name) };
            }
        }
        let msg: &[u8] = match sig {
            libc::SIGINT => b"tmxalign: interrupted (SIGINT); unfinished output files removed\n",
            libc::SIGTERM => b"tmxalign: terminated (SIGTERM); unfinished output files removed\n",
            _ => b"tmxalign: hung up (SIGHUP); unfinished output files removed\n",
        };
        // SAFETY: write(2) of a static buffer.
        unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
        signal_hook::low_level::exit(128 + sig);
    }
}
