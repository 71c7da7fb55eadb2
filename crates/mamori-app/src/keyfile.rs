//! Key files beside the database, never in it: the audit signing key and the settings
//! key. Each holds the hex of 32 random bytes, readable by its owner only; servers that
//! share one database share the files.

use std::path::Path;

use crate::{AppError, AppResult, Random};

fn io(what: &str, path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("{what} {}: {e}", path.display()))
}

/// Reads a key file; `None` when there is none.
pub(crate) fn read(what: &str, path: &Path) -> AppResult<Option<[u8; 32]>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(what, path, e)),
    };
    let bytes = hex::decode(text.trim()).map_err(|e| io(what, path, e))?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| io(what, path, "expected 32 bytes"))?;
    Ok(Some(key))
}

/// Reads a key file, creating it with fresh random bytes when absent. Two processes
/// starting at once agree: the second finds the first's file and uses it.
pub(crate) fn load_or_create(what: &str, path: &Path, random: &dyn Random) -> AppResult<[u8; 32]> {
    if let Some(k) = read(what, path)? {
        return Ok(k);
    }
    let mut key = [0u8; 32];
    random.fill(&mut key);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(what, path, e))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = match opts.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return read(what, path)?.ok_or_else(|| io(what, path, e));
        }
        Err(e) => return Err(io(what, path, e)),
    };
    use std::io::Write;
    f.write_all(hex::encode(key).as_bytes())
        .map_err(|e| io(what, path, e))?;
    f.sync_all().map_err(|e| io(what, path, e))?;
    tracing::info!(path = %path.display(), "created the {what}; keep a copy with your backups");
    Ok(key)
}
