//! The registry's HTTP API, read only: manifests and blobs with every header seen, the
//! bearer-token and basic authentication flows, 429 with `Retry-After`, redirects judged
//! rather than followed blindly, and every wait bounded by `--timeout`.

use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::http::{Response, StatusCode};
use ureq::Body;

use super::auth::{self, Challenge, Credentials};
use super::reference::Reference;

/// How many times a 429 is waited out before giving up.
const MAX_RETRIES: u32 = 3;
/// How many redirects a blob may take (to a CDN or object store).
const MAX_REDIRECTS: u32 = 5;

/// How to reach a registry: the flags `check` and `verify` share.
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    pub(crate) plain_http: bool,
    /// PEM certificates to trust instead of the built-in roots.
    pub(crate) ca_file: Option<std::path::PathBuf>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) timeout: Duration,
}

/// A response whose status is what the caller asked for.
#[derive(Debug)]
pub(crate) struct Served {
    pub(crate) response: Response<Body>,
}

impl Served {
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

#[derive(Debug)]
pub(crate) struct Client {
    agent: ureq::Agent,
    base: String,
    pub(crate) reference: Reference,
    credentials: Option<Credentials>,
    /// The `Authorization` header that the registry last accepted (or a token it gave).
    authorization: Mutex<Option<String>>,
    timeout: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Head,
}

impl Client {
    pub(crate) fn new(reference: Reference, connection: &Connection) -> Result<Client, String> {
        let mut tls = ureq::tls::TlsConfig::builder();
        if let Some(path) = &connection.ca_file {
            let pem = std::fs::read(path)
                .map_err(|e| format!("cannot read the --ca-file {}: {e}", path.display()))?;
            let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(cert)) => Some(cert),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(format!(
                    "the --ca-file {} holds no PEM certificate",
                    path.display()
                ));
            }
            tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&certs));
        }
        let timeout = connection.timeout;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .tls_config(tls.build())
            .user_agent(concat!("ocilint/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(timeout))
            .timeout_recv_response(Some(timeout))
            // A slow body is bounded per read, so a large blob may take as long as it needs
            // while a stalled one is given up.
            .timeout_per_read(Some(timeout))
            .build()
            .into();
        let scheme = if connection.plain_http {
            "http"
        } else {
            "https"
        };
        Ok(Client {
            agent,
            base: format!("{scheme}://{}", reference.host),
            credentials: connection
                .credentials
                .clone()
                .or_else(|| auth::from_docker_config(&reference.host)),
            reference,
            authorization: Mutex::new(None),
            timeout,
        })
    }

    /// `GET /v2/<repo>/manifests/<reference>` with `accept`.
    pub(crate) fn manifest(&self, target: &str, accept: &str) -> Result<Served, String> {
        let path = format!("/v2/{}/manifests/{target}", self.reference.repository);
        self.send(Method::Get, &path, Some(accept), false)
    }

    /// `GET` or `HEAD /v2/<repo>/blobs/<digest>`, following a redirect to another host (an
    /// object store) without the credentials.
    pub(crate) fn blob(&self, method: Method, digest: &str) -> Result<Served, String> {
        let path = format!("/v2/{}/blobs/{digest}", self.reference.repository);
        self.send(method, &path, None, true)
    }

    /// `GET /v2/<repo>/referrers/<digest>`: what the referrers API lists for a manifest.
    /// `next`: a further page's path, as the previous page's `Link` header gave it.
    pub(crate) fn referrers(&self, digest: &str, next: Option<&str>) -> Result<Served, String> {
        let first = format!("/v2/{}/referrers/{digest}", self.reference.repository);
        let path = next.unwrap_or(&first);
        self.send(
            Method::Get,
            path,
            Some("application/vnd.oci.image.index.v1+json"),
            false,
        )
    }

    fn what(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn send(
        &self,
        method: Method,
        path: &str,
        accept: Option<&str>,
        follow_elsewhere: bool,
    ) -> Result<Served, String> {
        let mut url = self.what(path);
        let mut authenticated = false;
        let mut retries = 0;
        let mut redirects = 0;
        let mut same_host = true;
        loop {
            let authorization = if same_host {
                self.authorization
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone()
            } else {
                None
            };
            let response = self.call(method, &url, accept, authorization.as_deref())?;
            let status = response.status();
            if status == StatusCode::UNAUTHORIZED && same_host && !authenticated {
                authenticated = true;
                let challenge = response
                    .headers()
                    .get("WWW-Authenticate")
                    .and_then(|v| v.to_str().ok())
                    .map(auth::parse_challenge);
                let header = match challenge {
                    Some(Challenge::Bearer { realm, service }) => Some(auth::token(
                        &self.agent,
                        &realm,
                        service.as_deref(),
                        &format!("repository:{}:pull", self.reference.repository),
                        self.credentials.as_ref(),
                    )?),
                    Some(Challenge::Basic) => self.credentials.as_ref().map(Credentials::basic),
                    _ => None,
                };
                match header {
                    Some(header) => {
                        *self.authorization.lock().unwrap_or_else(|p| p.into_inner()) =
                            Some(header);
                        continue;
                    }
                    None => return Err(self.unauthorized(&url)),
                }
            }
            if status == StatusCode::UNAUTHORIZED {
                return Err(self.unauthorized(&url));
            }
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait = retry_after(&response).unwrap_or(Duration::from_secs(1));
                if retries >= MAX_RETRIES || wait > self.timeout {
                    return Err(format!(
                        "{url}: the registry answered 429 Too Many Requests{}; gave up after {retries} retr{} (--timeout {}s)",
                        retry_after(&response)
                            .map(|d| format!(" and asks to retry after {}s", d.as_secs()))
                            .unwrap_or_default(),
                        if retries == 1 { "y" } else { "ies" },
                        self.timeout.as_secs()
                    ));
                }
                retries += 1;
                std::thread::sleep(wait);
                continue;
            }
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get("Location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| {
                        format!("{url}: the registry answered {status} without a Location")
                    })?;
                let next = resolve(&url, location);
                let elsewhere = origin(&next) != origin(&self.base);
                if elsewhere && !follow_elsewhere {
                    return Err(format!(
                        "{url}: the registry redirects to another host ({}); a manifest is read only from the registry named",
                        origin(&next)
                    ));
                }
                redirects += 1;
                if redirects > MAX_REDIRECTS {
                    return Err(format!("{url}: more than {MAX_REDIRECTS} redirects"));
                }
                same_host = !elsewhere;
                url = next;
                continue;
            }
            return Ok(Served { response });
        }
    }

    fn call(
        &self,
        method: Method,
        url: &str,
        accept: Option<&str>,
        authorization: Option<&str>,
    ) -> Result<Response<Body>, String> {
        let started = Instant::now();
        let mut request = match method {
            Method::Get => self
                .agent
                .get(url)
                .header("Accept", accept.unwrap_or("*/*")),
            Method::Head => self
                .agent
                .head(url)
                .header("Accept", accept.unwrap_or("*/*")),
        };
        if let Some(authorization) = authorization {
            request = request.header("Authorization", authorization);
        }
        request
            .call()
            .map_err(|e| transport_error(url, &e, started.elapsed(), self.timeout))
    }

    fn unauthorized(&self, url: &str) -> String {
        if self.credentials.is_some() {
            format!("{url}: 401 Unauthorized: the registry refused the credentials given")
        } else {
            format!(
                "{url}: 401 Unauthorized: the registry asks for credentials (give --username with --password-stdin, or log in so that {} has them)",
                auth::config_path_shown()
            )
        }
    }
}

/// The body, at most `limit` bytes; `Ok((bytes, true))` when it was cut there.
pub(crate) fn read_bounded(served: &mut Served, limit: u64) -> Result<(Vec<u8>, bool), String> {
    let mut bytes = Vec::new();
    served
        .response
        .body_mut()
        .as_reader()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading the body failed: {e}"))?;
    let cut = bytes.len() as u64 > limit;
    bytes.truncate(limit as usize);
    Ok((bytes, cut))
}

fn retry_after(response: &Response<Body>) -> Option<Duration> {
    let value = response.headers().get("Retry-After")?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> &str {
    let after = url.find("://").map_or(0, |at| at + 3);
    let end = url[after..].find('/').map_or(url.len(), |at| after + at);
    &url[..end]
}

fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        location.to_owned()
    } else if location.starts_with('/') {
        format!("{}{location}", origin(base))
    } else {
        let dir = base.rsplit_once('/').map_or(base, |(dir, _)| dir);
        format!("{dir}/{location}")
    }
}

fn transport_error(url: &str, error: &ureq::Error, elapsed: Duration, timeout: Duration) -> String {
    let why = match error {
        ureq::Error::Timeout(_) => format!(
            "no answer within --timeout {}s (waited {:.1}s)",
            timeout.as_secs(),
            elapsed.as_secs_f64()
        ),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused (is a registry listening there?)".to_owned()
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            format!("no answer within --timeout {}s", timeout.as_secs())
        }
        ureq::Error::HostNotFound => "the host name does not resolve".to_owned(),
        ureq::Error::Rustls(e) => format!(
            "TLS failed: {e} (a private CA: --ca-file; a local registry without TLS: --plain-http)"
        ),
        ureq::Error::Protocol(e) => {
            format!("the answer is not HTTP: {e} (a registry serving TLS: drop --plain-http)")
        }
        other => {
            let text = other.to_string();
            if url.starts_with("https:") && text.contains("InvalidContentType") {
                "the answer is not TLS (a local registry without TLS: --plain-http)".to_owned()
            } else if text.contains("failed to lookup address") {
                "the host name does not resolve".to_owned()
            } else if text.contains("peer certificate") || text.contains("certificate") {
                format!(
                    "TLS failed: {} (a registry whose certificate a private CA signed: --ca-file)",
                    text.trim_start_matches("io: ")
                )
            } else {
                text
            }
        }
    };
    format!("cannot reach {url}: {why}")
}
