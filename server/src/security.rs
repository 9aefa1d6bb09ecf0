//! Protection against other web sites and other host names: every request must name an allowed host (DNS
//! rebinding), every state-changing request must come from the console's own pages (cross-site requests), and
//! every response carries the security headers.

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, HOST, ORIGIN, REFERER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use clawdesk_core::Connections;
use leptos::nonce::Nonce;
use std::net::SocketAddr;
use std::sync::Arc;

const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// The nonce of a request's inline scripts, made here before anything renders: the page's scripts
/// (`router::request_context` hands it to Leptos) and the policy sent with the response name the same one,
/// whichever way the response is put together.
#[derive(Clone, Debug)]
pub struct ScriptNonce(pub Nonce);

/// The name the console is served under on loopback. Browsers resolve every `*.localhost` name to loopback
/// themselves, and keep cookies per host name but not per port: under its own name the session cookie is not
/// sent to other services on 127.0.0.1 that the owner's browser visits.
pub const CONSOLE_HOST: &str = "clawdesk.localhost";

/// What the console's own address is, and which images its pages may show.
#[derive(Debug)]
pub struct Security {
    allowed_hosts: Vec<String>,
    /// Extra hosts given without a port, allowed with any port.
    bind_port: u16,
    /// Read for every page: Settings can point a platform at another address while the console runs.
    platforms: Connections,
}

impl Security {
    /// `platforms`: where the platforms serve images (the sandbox's own origins in demo mode).
    pub fn new(addr: SocketAddr, extra_hosts: &[String], platforms: Connections) -> Security {
        let port = addr.port();
        let mut allowed_hosts = vec![
            addr.to_string(),
            format!("{CONSOLE_HOST}:{port}"),
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        allowed_hosts.extend(extra_hosts.iter().map(|host| host.to_ascii_lowercase()));
        Security { allowed_hosts, bind_port: port, platforms }
    }

    fn allows_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let without_bind_port = host.strip_suffix(&format!(":{}", self.bind_port));
        self.allowed_hosts.iter().any(|allowed| *allowed == host || Some(allowed.as_str()) == without_bind_port)
    }

    /// The policy for a response whose inline scripts (a page's hydration script) carry `nonce`.
    pub fn content_security_policy(&self, nonce: &str) -> String {
        let images: String = self.platforms.origins().iter().map(|origin| format!(" {origin}")).collect();
        // `blob:` in connect-src: an avatar's preview is a blob: address of the owner's own file, which tools that
        // read the page back (saving it, test traces) fetch; only this page's own blobs can be named.
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data: blob:{images}; connect-src 'self' blob:; font-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// Refuses a request for a host the console does not answer to, or a state-changing request from elsewhere.
pub async fn refuse_foreign_requests(State(security): State<Arc<Security>>, request: Request, next: Next) -> Response {
    let host = request_host(&request);
    let Some(host) = host.filter(|host| security.allows_host(host)) else {
        return refused(
            "This console answers only at its own address (clawdesk.localhost, 127.0.0.1 or localhost, and its port). \
             To reach it under another name, add that name to CLAWDESK_ALLOWED_HOSTS.",
        );
    };
    if !is_safe(request.method()) && !comes_from(request.headers(), &host) {
        return refused(
            "This request did not come from the console's own pages, so it was refused. \
             Open the console at its address and try again from there.",
        );
    }
    next.run(request).await
}

fn request_host(request: &Request) -> Option<String> {
    let from_header = request.headers().get(HOST).and_then(|value| value.to_str().ok());
    from_header.or_else(|| request.uri().authority().map(|a| a.as_str())).map(str::to_owned)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the `Origin` (or, without one, the `Referer`) is the console itself, at the host it was asked for.
fn comes_from(headers: &HeaderMap, host: &str) -> bool {
    let source = headers.get(ORIGIN).or_else(|| headers.get(REFERER)).and_then(|value| value.to_str().ok());
    let Some(rest) = source.and_then(|s| s.strip_prefix("http://").or_else(|| s.strip_prefix("https://"))) else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.eq_ignore_ascii_case(host)
}

fn refused(message: &'static str) -> Response {
    (StatusCode::FORBIDDEN, message).into_response()
}

/// Adds the security headers a response does not set itself (pages set their own policy, with their nonce).
pub async fn add_security_headers(State(security): State<Arc<Security>>, mut request: Request, next: Next) -> Response {
    let behind_tls = request.headers().get(X_FORWARDED_PROTO).is_some_and(|proto| proto.as_bytes() == b"https");
    let static_file = request.uri().path().starts_with("/pkg/");
    let nonce = Nonce::new();
    request.extensions_mut().insert(ScriptNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&security.content_security_policy(&nonce)) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    // Pages and answers can hold the owner's data: no copies in caches. The built bundles may be cached.
    if !static_file && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // The console itself speaks plain HTTP on loopback; behind a TLS proxy its cookie must be Secure.
    if behind_tls {
        let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
        headers.remove(SET_COOKIE);
        for cookie in cookies {
            let secure = format!("{}; Secure", String::from_utf8_lossy(cookie.as_bytes()));
            headers.append(SET_COOKIE, HeaderValue::from_str(&secure).unwrap_or(cookie));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use clawdesk_core::Endpoints;

    fn platforms_at(origin: &str) -> Connections {
        let url = format!("{origin}/api/v1");
        Connections::new(&Endpoints { clawgram: url.clone(), clawtter: url.clone(), threads: origin.to_owned() })
            .unwrap()
    }

    fn security() -> Security {
        let platforms = platforms_at("http://127.0.0.1:4100");
        Security::new("127.0.0.1:3000".parse().unwrap(), &["desk.lan".into(), "proxy.example:8443".into()], platforms)
    }

    #[test]
    fn the_console_s_own_addresses_and_the_configured_hosts_are_allowed() {
        let security = security();
        for host in [
            "clawdesk.localhost:3000",
            "127.0.0.1:3000",
            "LOCALHOST:3000",
            "[::1]:3000",
            "desk.lan",
            "desk.lan:3000",
            "proxy.example:8443",
        ] {
            assert!(security.allows_host(host), "{host}");
        }
        for host in [
            "127.0.0.1:3001",
            "localhost",
            "evil.example",
            "desk.lan:4000",
            "proxy.example",
            "127.0.0.1:3000.evil",
            "other.localhost:3000",
            "clawdesk.localhost:3001",
        ] {
            assert!(!security.allows_host(host), "{host}");
        }
    }

    #[test]
    fn the_origin_must_be_the_console_at_the_host_asked_for() {
        let headers = |name: HeaderName, value: &'static str| {
            let mut map = HeaderMap::new();
            map.insert(name, HeaderValue::from_static(value));
            map
        };
        assert!(comes_from(&headers(ORIGIN, "http://127.0.0.1:3000"), "127.0.0.1:3000"));
        assert!(comes_from(&headers(REFERER, "http://127.0.0.1:3000/settings?x=1"), "127.0.0.1:3000"));
        assert!(!comes_from(&headers(ORIGIN, "http://localhost:3000"), "127.0.0.1:3000"));
        assert!(!comes_from(&headers(ORIGIN, "null"), "127.0.0.1:3000"));
        assert!(!comes_from(&headers(REFERER, "http://127.0.0.1:3000.evil.example/"), "127.0.0.1:3000"));
        assert!(!comes_from(&HeaderMap::new(), "127.0.0.1:3000"));
    }

    #[test]
    fn the_policy_carries_the_nonce_wasm_and_image_hosts_and_forbids_framing() {
        let security = security();
        let policy = security.content_security_policy("abc123");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"), "{policy}");
        assert!(policy.contains("img-src 'self' data: blob: http://127.0.0.1:4100;"), "{policy}");
        assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
    }

    #[test]
    fn the_policy_follows_a_platform_moved_while_the_console_runs() {
        let platforms = platforms_at("http://127.0.0.1:4100");
        let security = Security::new("127.0.0.1:3000".parse().unwrap(), &[], platforms.clone());
        platforms
            .replace(&Endpoints {
                clawgram: "https://clawgram.example/api/v1".into(),
                clawtter: "http://127.0.0.1:4100/api/v1".into(),
                threads: "http://127.0.0.1:4100".into(),
            })
            .unwrap();
        let policy = security.content_security_policy("abc123");
        assert!(
            policy.contains("img-src 'self' data: blob: https://clawgram.example http://127.0.0.1:4100;"),
            "{policy}"
        );
    }
}
