//! Removing tmxalign's temporary output files when the process is interrupted.
//!
//! Outputs are written into hidden temporary files (`.tmxalign-*.tmp`) and renamed into
//! place when complete (see [`crate::output`]). A process stopped by Ctrl-C (SIGINT),
//! `kill` (SIGTERM) or a closed terminal (SIGHUP) would leave those files behind; the
//! command line calls [`remove_temporaries_on_signals`], and from then on every temporary
//! file is recorded ([`Creating::track`]) while it exists, so that the signal handler can
//! remove it before the process exits with 128 + the signal number (130 for SIGINT, 143
//! for SIGTERM, 129 for SIGHUP).
//!
//! Start-up costs nothing: the handlers are installed (by `signal-hook`, without a thread)
//! when the first temporary file is created, so `tmxalign --version` or `tmx stats` never
//! install them. A signal that was ignored when the process started (`nohup`, a
//! background job of a non-interactive shell) stays ignored.
//!
//! The record is a fixed table of atomic pointers to the files' names (as C strings), so
//! the handler reads it without a lock or an allocation: it only swaps pointers, calls
//! `unlink`, `nanosleep`, `write` and `_exit`, all async-signal-safe. A file is created
//! and recorded inside a [`Creating`] window, during which the creating thread blocks the
//! three signals and a counter says a file is being created: the handler, running on
//! another thread, removes the recorded files, waits for the windows open to close
//! (new ones do not open once it has started) and removes the files recorded meanwhile,
//! so that no file created at the moment of the signal is missed. A library user that
//! does not call [`remove_temporaries_on_signals`] gets no signal handler.

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
/// file (drop it after the file is renamed or removed). See [`Creating::track`].
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

/// The window in which one temporary file is created and recorded: open it with
/// [`creating`] before creating the file, and close it with [`Creating::track`] once the
/// file exists (or drop it if creating failed).
pub struct Creating {
    /// The thread's signal mask before the window (`None`: nothing to restore, recording
    /// is off).
    #[cfg(unix)]
    old_mask: Option<libc::sigset_t>,
}

/// Opens the window to create one temporary file (see [`Creating`]): installs the signal
/// handlers on first use and, until the window closes, keeps SIGINT, SIGTERM and SIGHUP
/// from being handled on this thread and the handler from finishing. Does nothing when
/// [`remove_temporaries_on_signals`] was not called or on non-Unix systems. Once an
/// interrupt is being handled, never returns (the process is ending).
pub fn creating() -> Creating {
    #[cfg(unix)]
    {
        if !ENABLED.load(Ordering::Relaxed) {
            return Creating { old_mask: None };
        }
        imp::begin()
    }
    #[cfg(not(unix))]
    {
        Creating {}
    }
}

impl Creating {
    /// Records the temporary file `path`, just created, so that the signal handler
    /// removes it, and closes the window. Returns `None` (nothing recorded) when
    /// recording is off ([`creating`]), when the path holds a NUL byte, or when 1,024
    /// files are already recorded.
    pub fn track(self, path: &Path) -> Option<Tracked> {
        #[cfg(unix)]
        {
            self.old_mask.as_ref()?;
            imp::track(path)
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

impl Drop for Creating {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(mask) = self.old_mask.take() {
            imp::end(mask);
        }
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

    use super::{Creating, Tracked};
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr::null_mut;
    use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};
    use std::sync::Once;

    /// How many temporary files can be recorded at once: a batch has one per worker
    /// thread (at most 256), two merged files and the report's. Past this, a file is
    /// not recorded (a signal could leave it behind).
    pub const SLOTS: usize = 1024;

    /// Names of the temporary files that exist (NUL-terminated, owned by their
    /// [`Tracked`] record); null for a free slot.
    static TABLE: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(null_mut()) }; SLOTS];

    static INSTALL: Once = Once::new();

    /// [`Creating`] windows open: files being created and not yet recorded.
    static CREATING: AtomicUsize = AtomicUsize::new(0);

    /// Set by the handler when it starts: no window opens after that.
    static EXITING: AtomicBool = AtomicBool::new(false);

    /// How long the handler waits for open windows to close, in milliseconds.
    const WAIT_MS: u32 = 2000;

    /// The signals handled, with the exit status they lead to (128 + number).
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// The set of [`SIGNALS`].
    fn signal_set() -> libc::sigset_t {
        // SAFETY: sigemptyset/sigaddset initialise and fill a plain C struct.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for sig in SIGNALS {
                libc::sigaddset(&mut set, sig);
            }
            set
        }
    }

    pub(super) fn begin() -> Creating {
        INSTALL.call_once(install);
        let set = signal_set();
        // SAFETY: pthread_sigmask with valid sets; `old` receives the current mask.
        let old = unsafe {
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
            old
        };
        // With EXITING read after CREATING is raised (both SeqCst), either this thread
        // sees the handler has started, or the handler sees this window and waits.
        CREATING.fetch_add(1, Ordering::SeqCst);
        if EXITING.load(Ordering::SeqCst) {
            CREATING.fetch_sub(1, Ordering::SeqCst);
            // The handler is removing the files and will end the process.
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        }
        Creating {
            old_mask: Some(old),
        }
    }

    pub(super) fn end(old: libc::sigset_t) {
        CREATING.fetch_sub(1, Ordering::SeqCst);
        // SAFETY: restores the mask saved by `begin`; a signal that came meanwhile is
        // handled now, on this thread or another.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
    }

    pub(super) fn track(path: &Path) -> Option<Tracked> {
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
            // SAFETY: the action only uses atomics and calls `unlink`, `nanosleep`,
            // `write` and `_exit`, which are async-signal-safe; it allocates and locks
            // nothing.
            // A failure to install leaves the default action (temporary files may stay).
            let _ = unsafe { signal_hook::low_level::register(sig, move || on_signal(sig)) };
        }
    }

    /// Removes every recorded temporary file.
    fn remove_recorded() {
        for s in &TABLE {
            // Taking the name keeps its owner from freeing it (see `forget`).
            let name = s.swap(null_mut(), Ordering::AcqRel);
            if !name.is_null() {
                // SAFETY: a NUL-terminated string that nothing frees any more.
                unsafe { libc::unlink(name) };
            }
        }
    }

    /// The signal handler: removes every recorded temporary file, also those of the
    /// [`Creating`] windows open at the time (waiting up to [`WAIT_MS`] for them), says
    /// so on stderr and ends the process with status 128 + `sig`. It never runs on a
    /// thread inside a window (the window blocks the signals).
    fn on_signal(sig: libc::c_int) {
        EXITING.store(true, Ordering::SeqCst);
        remove_recorded();
        let mut waited = 0;
        while CREATING.load(Ordering::SeqCst) > 0 && waited < WAIT_MS {
            let ms = libc::timespec {
                tv_sec: 0,
                tv_nsec: 1_000_000,
            };
            // SAFETY: nanosleep is async-signal-safe; `ms` is a valid timespec.
            unsafe { libc::nanosleep(&ms, std::ptr::null_mut()) };
            waited += 1;
        }
        remove_recorded();
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
