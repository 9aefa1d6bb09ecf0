//! The data directory is the owner's alone: created 0700, its database and key files 0600, and start-up refuses
//! a directory or file that other users can read, naming the `chmod` that fixes it.

use crate::CoreError;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The mode of the data directory and of the folders the console makes in it.
pub(crate) const PRIVATE_DIRECTORY: u32 = 0o700;
/// The mode of every file the console writes in it.
pub(crate) const PRIVATE_FILE: u32 = 0o600;

/// Creates the data directory (and its parents) readable by this user alone, or checks the one that is there.
pub fn create_data_dir(path: &Path) -> Result<(), CoreError> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIRECTORY)
        .create(path)
        .map_err(|e| CoreError::DataDir { path: path.to_owned(), reason: e.to_string() })?;
    refuse_exposed(path, PRIVATE_DIRECTORY)
}

/// Creates `path` empty with mode 0600 when it is missing, so that it is never readable by others, not even
/// briefly; a file already there is left as it is.
pub(crate) fn create_private_file(path: &Path) -> std::io::Result<()> {
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(PRIVATE_FILE).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Refuses `path` (when it exists) if users other than its owner may read, write or enter it; `fix` is the
/// mode the error tells the owner to set.
pub(crate) fn refuse_exposed(path: &Path, fix: u32) -> Result<(), CoreError> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(CoreError::DataDir { path: path.to_owned(), reason: e.to_string() }),
    };
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CoreError::Exposed { path: path.to_owned(), mode, fix });
    }
    Ok(())
}
