//! Delivering a rotated key straight into an agent runtime's environment file (e.g. an OpenClaw `.env`), so that
//! the browser never sees it. Only the variable's own line changes; every other byte of the file is kept. The file
//! is replaced atomically (a 0600 temporary file in the same folder, synced, renamed over), so the runtime never
//! reads a half-written file and a crash leaves the old one.

use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

const PRIVATE_MODE: u32 = 0o600;

/// What a delivery did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub path: PathBuf,
    pub variable: String,
    /// The file did not exist and was created.
    pub created: bool,
    /// An existing line of the variable was updated (otherwise the line was added).
    pub replaced: bool,
    /// The file could be read by others before and is now 0600.
    pub tightened_mode: bool,
}

/// Why a key could not be delivered. No variant holds the key.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("The delivery file must be given as an absolute path (starting with /), not \"{}\".", path.display())]
    RelativePath { path: PathBuf },
    #[error(
        "\"{variable}\" is not a valid variable name: use letters, digits and underscores, not starting with a digit."
    )]
    InvalidVariable { variable: String },
    #[error("{} is a link or goes through one (or through `..`); give the real path of the file.", path.display())]
    Link { path: PathBuf },
    #[error("{} is in the console's data directory, where no key file may be written.", path.display())]
    InDataDirectory { path: PathBuf },
    #[error(
        "{} is not inside a delivery folder of the configuration; add its folder to delivery_dirs in clawdesk.toml \
         (or CLAWDESK_DELIVERY_DIRS) and restart the console.",
        path.display()
    )]
    OutsideDeliveryFolders { path: PathBuf },
    #[error("The folder {} does not exist; create it or choose another delivery file.", dir.display())]
    MissingDirectory { dir: PathBuf },
    #[error("{} is a folder, not a file.", path.display())]
    NotAFile { path: PathBuf },
    #[error(
        "The new key cannot be written safely into an environment file: it contains spaces, quotes or control \
         characters."
    )]
    UnwritableKey,
    #[error("Line {line} of {} gives {variable} a value over several lines; change that line by hand.", path.display())]
    MultiLineValue { path: PathBuf, variable: String, line: usize },
    #[error("Could not {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Where delivery files may be written: inside the folders the configuration names (agents' runtimes), never in
/// the console's data directory (`master.key`, the database), and never through a link.
#[derive(Clone, Debug, Default)]
pub struct DeliveryFolders {
    /// As the file system names them, links resolved.
    folders: Vec<PathBuf>,
    data_dir: PathBuf,
}

impl DeliveryFolders {
    pub fn new(folders: &[PathBuf], data_dir: &Path) -> DeliveryFolders {
        let real = |path: &Path| fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        DeliveryFolders { folders: folders.iter().map(|folder| real(folder)).collect(), data_dir: real(data_dir) }
    }

    /// Refuses a delivery file outside the configured folders, inside the data directory, or reached through a
    /// link or `..` (the folder as given must be the folder as it really is).
    pub fn check(&self, path: &Path) -> Result<(), DeliveryError> {
        if !path.is_absolute() {
            return Err(DeliveryError::RelativePath { path: path.to_owned() });
        }
        let Some(dir) = path.parent().filter(|_| path.file_name().is_some()) else {
            return Err(DeliveryError::NotAFile { path: path.to_owned() });
        };
        let real_dir = fs::canonicalize(dir).map_err(|_| DeliveryError::MissingDirectory { dir: dir.to_owned() })?;
        let is_link = fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink());
        if real_dir != dir || is_link {
            return Err(DeliveryError::Link { path: path.to_owned() });
        }
        if real_dir.starts_with(&self.data_dir) {
            return Err(DeliveryError::InDataDirectory { path: path.to_owned() });
        }
        if !self.folders.iter().any(|folder| real_dir.starts_with(folder)) {
            return Err(DeliveryError::OutsideDeliveryFolders { path: path.to_owned() });
        }
        Ok(())
    }
}

/// Sets `variable` to the key in the environment file at `path`, creating the file when it is missing.
pub fn deliver_key(path: &Path, variable: &str, key: &SecretString) -> Result<Delivery, DeliveryError> {
    if !is_variable_name(variable) {
        return Err(DeliveryError::InvalidVariable { variable: variable.to_owned() });
    }
    if !path.is_absolute() {
        return Err(DeliveryError::RelativePath { path: path.to_owned() });
    }
    let key = key.expose_secret();
    if !is_writable_value(key) {
        return Err(DeliveryError::UnwritableKey);
    }
    // Never through a link: the rename would replace the link, but reading would follow it anywhere.
    if fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
        return Err(DeliveryError::Link { path: path.to_owned() });
    }
    let target = path.to_owned();
    let (Some(dir), Some(_)) = (target.parent(), target.file_name()) else {
        return Err(DeliveryError::NotAFile { path: target });
    };
    if !dir.is_dir() {
        return Err(DeliveryError::MissingDirectory { dir: dir.to_owned() });
    }
    let existing = read_existing(&target)?;
    let (content, replaced) = match &existing {
        Some(old) => set_variable(&old.content, variable, key).map_err(|line| DeliveryError::MultiLineValue {
            path: target.clone(),
            variable: variable.to_owned(),
            line,
        })?,
        None => (Zeroizing::new(format!("{variable}={key}\n").into_bytes()), false),
    };
    write_atomically(&target, dir, &content)?;
    let delivery = Delivery {
        path: path.to_owned(),
        variable: variable.to_owned(),
        created: existing.is_none(),
        replaced,
        tightened_mode: existing.is_some_and(|old| old.mode & 0o077 != 0),
    };
    tracing::info!(path = %delivery.path.display(), variable, created = delivery.created, "delivered a key");
    Ok(delivery)
}

fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A value that needs no escaping in any quoting style, so it can take the place of the old one as it stands.
fn is_writable_value(value: &str) -> bool {
    !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'`' | b'\\' | b'$' | b'#'))
}

/// An environment file as it was before the delivery (holding the old key, hence wiped when dropped).
struct Existing {
    content: Zeroizing<Vec<u8>>,
    mode: u32,
}

/// The file as it is, or nothing when it does not exist yet.
fn read_existing(path: &Path) -> Result<Option<Existing>, DeliveryError> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(io_error("read", path, source)),
    };
    if metadata.is_dir() {
        return Err(DeliveryError::NotAFile { path: path.to_owned() });
    }
    let content = fs::read(path).map_err(|source| io_error("read", path, source))?;
    Ok(Some(Existing { content: Zeroizing::new(content), mode: metadata.permissions().mode() }))
}

/// The content with every assignment of `variable` set to `value`, or the assignment appended; whether one was
/// replaced. Fails with the line number of an assignment whose quoted value does not end on its line.
fn set_variable(content: &[u8], variable: &str, value: &str) -> Result<(Zeroizing<Vec<u8>>, bool), usize> {
    let mut out = Zeroizing::new(Vec::with_capacity(content.len() + variable.len() + value.len() + 2));
    let mut replaced = false;
    for (index, line) in content.split_inclusive(|&b| b == b'\n').enumerate() {
        match Assignment::parse(line, variable.as_bytes()) {
            Some(Ok(assignment)) => {
                assignment.write(line, value, &mut out);
                replaced = true;
            }
            Some(Err(Unterminated)) => return Err(index + 1),
            None => out.extend_from_slice(line),
        }
    }
    if !replaced {
        let newline: &[u8] = if content.windows(2).any(|pair| pair == b"\r\n") { b"\r\n" } else { b"\n" };
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.extend_from_slice(newline);
        }
        out.extend_from_slice(format!("{variable}={value}").as_bytes());
        out.extend_from_slice(newline);
    }
    Ok((out, replaced))
}

/// Where the value sits in a line `[export] VARIABLE = value [comment]`, as byte offsets into the line.
struct Assignment {
    value_start: usize,
    value_end: usize,
}

/// A quoted value whose closing quote is not on the same line.
struct Unterminated;

impl Assignment {
    fn parse(line: &[u8], variable: &[u8]) -> Option<Result<Assignment, Unterminated>> {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        let mut at = skip_blanks(body, 0);
        if let Some(rest) = body[at..].strip_prefix(b"export") {
            if rest.first().is_some_and(|&b| is_blank(b)) {
                at = skip_blanks(body, at + b"export".len());
            }
        }
        if !body[at..].starts_with(variable) {
            return None;
        }
        at = skip_blanks(body, at + variable.len());
        if body.get(at) != Some(&b'=') {
            return None;
        }
        let value_start = skip_blanks(body, at + 1);
        let value_end = match body.get(value_start) {
            Some(&quote @ (b'"' | b'\'')) => match body[value_start + 1..].iter().position(|&b| b == quote) {
                Some(length) => value_start + 1 + length + 1,
                None => return Some(Err(Unterminated)),
            },
            _ => body[value_start..].iter().position(|&b| is_blank(b)).map_or(body.len(), |end| value_start + end),
        };
        Some(Ok(Assignment { value_start, value_end }))
    }

    /// The line with its value replaced, in the same quoting style; what follows the value stays.
    fn write(&self, line: &[u8], value: &str, out: &mut Vec<u8>) {
        let old = &line[self.value_start..self.value_end];
        let quote = match old.first() {
            Some(&quote @ (b'"' | b'\'')) => &[quote][..],
            _ => &[],
        };
        out.extend_from_slice(&line[..self.value_start]);
        out.extend_from_slice(quote);
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(quote);
        out.extend_from_slice(&line[self.value_end..]);
    }
}

fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

fn skip_blanks(body: &[u8], from: usize) -> usize {
    body[from..].iter().position(|&b| !is_blank(b)).map_or(body.len(), |offset| from + offset)
}

fn write_atomically(path: &Path, dir: &Path, content: &[u8]) -> Result<(), DeliveryError> {
    let write_error = |source| io_error("write", path, source);
    let mut temp = tempfile::Builder::new()
        .prefix(".clawdesk-delivery-")
        .permissions(Permissions::from_mode(PRIVATE_MODE))
        .tempfile_in(dir)
        .map_err(write_error)?;
    temp.write_all(content).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    temp.persist(path).map_err(|error| write_error(error.error))?;
    // The rename is durable only once the folder itself is synced.
    File::open(dir).and_then(|folder| folder.sync_all()).map_err(|source| io_error("sync the folder of", path, source))
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> DeliveryError {
    DeliveryError::Io { action, path: path.to_owned(), source }
}
