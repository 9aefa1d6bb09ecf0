//! Start-up configuration: built-in defaults, then an optional `clawdesk.toml`, then environment variables.
//! Anything wrong stops start-up with one line naming the setting, its source and how to fix it.

use clawdesk_core::{BaseUrl, Endpoints, Platform};
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_BIND: &str = "127.0.0.1:3000";
pub const DEFAULT_DATA_DIR: &str = "./data";
pub const DEFAULT_CONFIG_FILE: &str = "clawdesk.toml";

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub platforms: Platforms,
    /// Where cargo-leptos put the built site (wasm, JS, CSS and `public/`).
    pub site_root: PathBuf,
    /// Host names (optionally with a port) the console answers to besides its own address, such as a name on
    /// the local network or a TLS proxy's; requests for any other host are refused (DNS rebinding).
    pub allowed_hosts: Vec<String>,
    /// The folders agents' runtimes read their keys from: a rotation may write a key file only inside them.
    pub delivery_dirs: Vec<PathBuf>,
}

/// Which platforms the console talks to.
#[derive(Clone, Debug, PartialEq)]
pub enum Platforms {
    /// Start the sandbox platforms inside this process and connect to them.
    Sandbox,
    /// Connect to these base URLs.
    Remote(Endpoints),
}

#[derive(Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {reason} (fix the file, or set CLAWDESK_CONFIG to another one)")]
    UnreadableFile { path: PathBuf, reason: String },
    #[error("{path} is not valid TOML for Clawdesk: {reason} (the README lists the settings)")]
    MalformedFile { path: PathBuf, reason: String },
    #[error("{origin} = {value:?} is not valid: {reason}")]
    Invalid { origin: Origin, value: String, reason: String },
    #[error("{sandbox} turns the sandbox on, but {url} points at a real platform; set only one of them")]
    SandboxWithUrl { sandbox: Origin, url: Origin },
}

/// Where a setting's value came from, named the way the owner would look for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    Env(&'static str),
    File { path: PathBuf, key: &'static str },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Env(name) => write!(f, "environment variable {name}"),
            Origin::File { path, key } => write!(f, "`{key}` in {}", path.display()),
        }
    }
}

/// The shape of `clawdesk.toml`; unknown keys are refused so that a typo is not silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    data_dir: Option<String>,
    sandbox: Option<bool>,
    allowed_hosts: Option<Vec<String>>,
    delivery_dirs: Option<Vec<String>>,
    #[serde(default)]
    platforms: FilePlatforms,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePlatforms {
    clawgram_url: Option<String>,
    clawtter_url: Option<String>,
    threads_url: Option<String>,
}

impl Config {
    /// Reads the process environment and the configuration file it names (or `./clawdesk.toml` if present).
    pub fn load() -> Result<Config, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let (path, required) = match env("CLAWDESK_CONFIG") {
            Some(path) => (PathBuf::from(path), true),
            None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
        };
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => Some((path, text)),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(ConfigError::UnreadableFile { path, reason: e.to_string() }),
        };
        Config::from_sources(env, file)
    }

    /// Builds the configuration from an environment lookup and the text of a configuration file, if any.
    pub fn from_sources(
        env: impl Fn(&str) -> Option<String>,
        file: Option<(PathBuf, String)>,
    ) -> Result<Config, ConfigError> {
        let (path, settings) = match file {
            Some((path, text)) => {
                let settings = toml::from_str::<FileSettings>(&text)
                    .map_err(|e| ConfigError::MalformedFile { path: path.clone(), reason: one_line(e.message()) })?;
                (path, settings)
            }
            None => (PathBuf::from(DEFAULT_CONFIG_FILE), FileSettings::default()),
        };
        let setting = |var: &'static str, key: &'static str, from_file: Option<String>| {
            env(var)
                .map(|value| (value, Origin::Env(var)))
                .or_else(|| from_file.map(|value| (value, Origin::File { path: path.clone(), key })))
        };

        let bind = match setting("CLAWDESK_BIND", "bind", settings.bind) {
            Some((value, origin)) => value.trim().parse().map_err(|_| ConfigError::Invalid {
                origin,
                value,
                reason: "expected an address and port such as 127.0.0.1:3000".into(),
            })?,
            None => DEFAULT_BIND.parse().expect("the default bind address is valid"),
        };

        let data_dir = match setting("CLAWDESK_DATA_DIR", "data_dir", settings.data_dir) {
            Some((value, origin)) if value.trim().is_empty() => {
                return Err(ConfigError::Invalid { origin, value, reason: "the data directory cannot be empty".into() })
            }
            Some((value, _)) => PathBuf::from(value.trim()),
            None => PathBuf::from(DEFAULT_DATA_DIR),
        };

        let sandbox = match (env("CLAWDESK_SANDBOX"), settings.sandbox) {
            (Some(value), _) => {
                Some((parse_switch(&value, Origin::Env("CLAWDESK_SANDBOX"))?, Origin::Env("CLAWDESK_SANDBOX")))
            }
            (None, Some(on)) => Some((on, Origin::File { path: path.clone(), key: "sandbox" })),
            (None, None) => None,
        };

        let urls = [
            (
                Platform::Clawgram,
                setting("CLAWDESK_CLAWGRAM_URL", "platforms.clawgram_url", settings.platforms.clawgram_url),
            ),
            (
                Platform::Clawtter,
                setting("CLAWDESK_CLAWTTER_URL", "platforms.clawtter_url", settings.platforms.clawtter_url),
            ),
            (
                Platform::Threads,
                setting("CLAWDESK_THREADS_URL", "platforms.threads_url", settings.platforms.threads_url),
            ),
        ];
        let mut endpoints = Endpoints::default();
        let mut first_url_origin = None;
        for (platform, url) in urls {
            let Some((value, origin)) = url else { continue };
            let base = BaseUrl::parse(platform, &value).map_err(|e| ConfigError::Invalid {
                origin: origin.clone(),
                value: value.clone(),
                reason: e.to_string(),
            })?;
            endpoints.set(platform, base.as_str());
            first_url_origin.get_or_insert(origin);
        }

        // With nothing configured the console runs against the sandbox, so that a first start shows a working demo.
        let platforms = match (sandbox, first_url_origin) {
            (Some((true, sandbox)), Some(url)) => return Err(ConfigError::SandboxWithUrl { sandbox, url }),
            (Some((true, _)), None) | (None, None) => Platforms::Sandbox,
            (Some((false, _)), _) | (None, Some(_)) => Platforms::Remote(endpoints),
        };

        let allowed_hosts = match env("CLAWDESK_ALLOWED_HOSTS") {
            Some(list) => {
                let hosts = list.split(',').map(|host| host.trim().to_owned()).collect();
                parse_hosts(hosts, &Origin::Env("CLAWDESK_ALLOWED_HOSTS"))?
            }
            None => match settings.allowed_hosts {
                Some(hosts) => parse_hosts(hosts, &Origin::File { path: path.clone(), key: "allowed_hosts" })?,
                None => Vec::new(),
            },
        };

        let delivery_dirs = match env("CLAWDESK_DELIVERY_DIRS") {
            Some(list) => {
                let dirs = list.split(':').map(|dir| dir.trim().to_owned()).collect();
                parse_folders(dirs, &Origin::Env("CLAWDESK_DELIVERY_DIRS"))?
            }
            None => match settings.delivery_dirs {
                Some(dirs) => parse_folders(dirs, &Origin::File { path: path.clone(), key: "delivery_dirs" })?,
                None => Vec::new(),
            },
        };

        let site_root = PathBuf::from(env("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()));
        Ok(Config { bind, data_dir, platforms, site_root, allowed_hosts, delivery_dirs })
    }
}

fn parse_switch(value: &str, origin: Origin) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(ConfigError::Invalid { origin, value: value.to_owned(), reason: "expected on or off".into() }),
    }
}

/// Each entry is a host name or address with an optional port (`clawdesk.lan`, `clawdesk.lan:8443`), lower-cased.
fn parse_hosts(hosts: Vec<String>, origin: &Origin) -> Result<Vec<String>, ConfigError> {
    hosts
        .into_iter()
        .map(|host| {
            let valid = !host.is_empty()
                && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
            if valid {
                Ok(host.to_ascii_lowercase())
            } else {
                Err(ConfigError::Invalid {
                    origin: origin.clone(),
                    value: host,
                    reason: "expected host names with an optional port, such as clawdesk.lan:3000, separated by commas (no http://, no path)".into(),
                })
            }
        })
        .collect()
}

/// Each entry is an absolute folder path.
fn parse_folders(folders: Vec<String>, origin: &Origin) -> Result<Vec<PathBuf>, ConfigError> {
    folders
        .into_iter()
        .map(|folder| match PathBuf::from(&folder) {
            path if path.is_absolute() => Ok(path),
            _ => Err(ConfigError::Invalid {
                origin: origin.clone(),
                value: folder,
                reason: "expected absolute folder paths, such as /home/me/agents (separated by : in the environment)"
                    .into(),
            }),
        })
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(env: &[(&str, &str)], file: Option<&str>) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_sources(
            |name| env.get(name).cloned(),
            file.map(|text| (PathBuf::from("clawdesk.toml"), text.to_owned())),
        )
    }

    #[test]
    fn nothing_configured_means_sandbox_on_loopback_with_local_data() {
        let config = load(&[], None).unwrap();
        assert_eq!(config.bind, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(config.data_dir, PathBuf::from("./data"));
        assert_eq!(config.platforms, Platforms::Sandbox);
    }

    #[test]
    fn a_platform_url_switches_to_the_real_platforms_with_contract_defaults_for_the_rest() {
        let config = load(&[("CLAWDESK_CLAWTTER_URL", "https://clawtter.example/api/v1/clawtter/")], None).unwrap();
        let Platforms::Remote(endpoints) = config.platforms else { panic!("expected remote platforms") };
        assert_eq!(endpoints.clawtter, "https://clawtter.example/api/v1/clawtter");
        assert_eq!(endpoints.clawgram, "https://clawgram-api.onrender.com/api/v1");
    }

    #[test]
    fn environment_overrides_the_file() {
        let file = "bind = \"127.0.0.1:4000\"\ndata_dir = \"/tmp/from-file\"\n";
        let config = load(&[("CLAWDESK_BIND", "127.0.0.1:5000")], Some(file)).unwrap();
        assert_eq!(config.bind.port(), 5000);
        assert_eq!(config.data_dir, PathBuf::from("/tmp/from-file"));
    }

    #[test]
    fn sandbox_can_be_turned_off_to_use_production_urls() {
        let config = load(&[("CLAWDESK_SANDBOX", "off")], None).unwrap();
        assert_eq!(config.platforms, Platforms::Remote(Endpoints::default()));
    }

    #[test]
    fn a_bad_bind_address_names_the_variable_and_the_expected_form() {
        let error = load(&[("CLAWDESK_BIND", "localhost")], None).unwrap_err().to_string();
        assert_eq!(
            error,
            "environment variable CLAWDESK_BIND = \"localhost\" is not valid: expected an address and port such as 127.0.0.1:3000"
        );
    }

    #[test]
    fn a_non_http_platform_url_is_refused_with_its_file_key() {
        let error = load(&[], Some("[platforms]\nthreads_url = \"ftp://x\"\n")).unwrap_err().to_string();
        assert!(error.starts_with("`platforms.threads_url` in clawdesk.toml = \"ftp://x\" is not valid"), "{error}");
        assert!(error.contains("http:// or https://"), "{error}");
    }

    #[test]
    fn a_typo_in_the_file_is_refused_not_ignored() {
        let error = load(&[], Some("bnid = \"127.0.0.1:3000\"\n")).unwrap_err().to_string();
        assert!(error.contains("unknown field `bnid`"), "{error}");
        assert!(!error.contains('\n'));
    }

    #[test]
    fn sandbox_on_with_a_platform_url_is_a_contradiction() {
        let error = load(&[("CLAWDESK_SANDBOX", "on"), ("CLAWDESK_CLAWGRAM_URL", "https://x.example/api/v1")], None)
            .unwrap_err();
        assert!(matches!(error, ConfigError::SandboxWithUrl { .. }));
    }

    #[test]
    fn extra_allowed_hosts_come_from_the_environment_or_the_file() {
        assert_eq!(load(&[], None).unwrap().allowed_hosts, Vec::<String>::new());
        let from_env = load(&[("CLAWDESK_ALLOWED_HOSTS", "Clawdesk.LAN:3000, mac.local")], None).unwrap();
        assert_eq!(from_env.allowed_hosts, ["clawdesk.lan:3000", "mac.local"]);
        let file = "allowed_hosts = [\"desk.example:8443\"]\n";
        assert_eq!(load(&[], Some(file)).unwrap().allowed_hosts, ["desk.example:8443"]);
        let both = load(&[("CLAWDESK_ALLOWED_HOSTS", "env.lan")], Some(file)).unwrap();
        assert_eq!(both.allowed_hosts, ["env.lan"], "the environment overrides the file");
    }

    #[test]
    fn an_allowed_host_with_a_scheme_or_path_is_refused_with_its_source() {
        let error = load(&[("CLAWDESK_ALLOWED_HOSTS", "ok.lan,https://desk.example/")], None).unwrap_err().to_string();
        assert!(
            error.starts_with("environment variable CLAWDESK_ALLOWED_HOSTS = \"https://desk.example/\" is not valid"),
            "{error}"
        );
        let error = load(&[], Some("allowed_hosts = [\"\"]\n")).unwrap_err().to_string();
        assert!(error.starts_with("`allowed_hosts` in clawdesk.toml = \"\" is not valid"), "{error}");
    }

    #[test]
    fn delivery_folders_come_from_the_environment_or_the_file_and_must_be_absolute() {
        assert_eq!(load(&[], None).unwrap().delivery_dirs, Vec::<PathBuf>::new(), "no delivery unless configured");
        let from_env = load(&[("CLAWDESK_DELIVERY_DIRS", "/home/me/agents:/srv/bots")], None).unwrap();
        assert_eq!(from_env.delivery_dirs, [PathBuf::from("/home/me/agents"), PathBuf::from("/srv/bots")]);
        let file = "delivery_dirs = [\"/srv/bots\"]\n";
        assert_eq!(load(&[], Some(file)).unwrap().delivery_dirs, [PathBuf::from("/srv/bots")]);
        let error = load(&[("CLAWDESK_DELIVERY_DIRS", "agents")], None).unwrap_err().to_string();
        assert!(error.starts_with("environment variable CLAWDESK_DELIVERY_DIRS = \"agents\" is not valid"), "{error}");
    }

    #[test]
    fn a_switch_must_say_on_or_off() {
        let error = load(&[("CLAWDESK_SANDBOX", "maybe")], None).unwrap_err().to_string();
        assert!(error.ends_with("expected on or off"), "{error}");
    }
}
