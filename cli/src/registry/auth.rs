//! Credentials as users have them (`--username` with `--password-stdin`, else
//! `~/.docker/config.json` or `$DOCKER_CONFIG` with its credential helpers) and the two
//! challenges a registry answers 401 with. Nothing here is ever printed or written: the
//! password's `Debug` is redacted, and errors name the registry, never a secret.

use std::fmt;
use std::io::Read;

use base64::Engine as _;

#[derive(Clone)]
pub(crate) enum Credentials {
    Password {
        username: String,
        password: String,
    },
    /// An identity token (`docker login` to a registry with OAuth): sent as a refresh token.
    IdentityToken(String),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Password { username, .. } => {
                write!(
                    f,
                    "Credentials {{ username: {username:?}, password: <redacted> }}"
                )
            }
            Credentials::IdentityToken(_) => f.write_str("IdentityToken(<redacted>)"),
        }
    }
}

impl Credentials {
    /// The `Authorization` header for basic authentication.
    pub(crate) fn basic(&self) -> String {
        let (user, secret) = match self {
            Credentials::Password { username, password } => (username.as_str(), password.as_str()),
            Credentials::IdentityToken(token) => ("<token>", token.as_str()),
        };
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"))
        )
    }
}

/// `--password-stdin`: the first line of standard input.
pub(crate) fn password_from_stdin() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin()
        .lock()
        .take(64 * 1024)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let password = text.lines().next().unwrap_or_default().to_owned();
    if password.is_empty() {
        return Err("--password-stdin: standard input is empty".into());
    }
    Ok(password)
}

/// The credentials `docker login` stored for `host`, if any.
pub(crate) fn from_docker_config(host: &str) -> Option<Credentials> {
    let mut names = vec![
        host.to_owned(),
        format!("https://{host}"),
        format!("http://{host}"),
    ];
    if host == "registry-1.docker.io" {
        // Where `docker login` keeps Docker Hub's credentials.
        names.splice(
            0..0,
            [
                "https://index.docker.io/v1/".to_owned(),
                "docker.io".to_owned(),
            ],
        );
    }
    names
        .iter()
        .find_map(|name| match docker_credential::get_credential(name) {
            Ok(docker_credential::DockerCredential::UsernamePassword(username, password)) => {
                Some(Credentials::Password { username, password })
            }
            Ok(docker_credential::DockerCredential::IdentityToken(token)) => {
                Some(Credentials::IdentityToken(token))
            }
            Err(_) => None,
        })
        .or_else(|| from_credentials_store(&names))
}

/// The global `credsStore` (Docker Desktop's `desktop`, `pass`, `secretservice`,
/// `ecr-login`…), asked when nothing else answered for the registry: `docker_credential`
/// reads `credHelpers` and `auths` only. The helper's output is read here and never shown.
fn from_credentials_store(names: &[String]) -> Option<Credentials> {
    let dir = std::env::var_os("DOCKER_CONFIG")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".docker"))
        })?;
    let config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("config.json")).ok()?).ok()?;
    let store = config
        .get("credsStore")?
        .as_str()
        .filter(|s| !s.is_empty())?;
    names.iter().find_map(|name| {
        let mut child = std::process::Command::new(format!("docker-credential-{store}"))
            .arg("get")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        std::io::Write::write_all(&mut child.stdin.take()?, name.as_bytes()).ok()?;
        let output = child.wait_with_output().ok()?;
        if !output.status.success() {
            return None;
        }
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Answer {
            username: String,
            secret: String,
        }
        let answer: Answer = serde_json::from_slice(&output.stdout).ok()?;
        Some(if answer.username == "<token>" {
            Credentials::IdentityToken(answer.secret)
        } else {
            Credentials::Password {
                username: answer.username,
                password: answer.secret,
            }
        })
    })
}

pub(crate) fn config_path_shown() -> String {
    match std::env::var_os("DOCKER_CONFIG") {
        Some(dir) => format!("{}/config.json", std::path::Path::new(&dir).display()),
        None => "~/.docker/config.json".into(),
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Challenge {
    Basic,
    Bearer {
        realm: String,
        service: Option<String>,
    },
    Other,
}

/// `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
pub(crate) fn parse_challenge(header: &str) -> Challenge {
    let header = header.trim();
    let (scheme, params) = header.split_once(' ').unwrap_or((header, ""));
    if scheme.eq_ignore_ascii_case("basic") {
        return Challenge::Basic;
    }
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Challenge::Other;
    }
    let mut realm = None;
    let mut service = None;
    let mut rest = params;
    while let Some((key, after)) = rest.split_once('=') {
        let key = key.trim().trim_start_matches(',').trim();
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        match key.to_ascii_lowercase().as_str() {
            "realm" => realm = Some(value.to_owned()),
            "service" => service = Some(value.to_owned()),
            _ => {}
        }
        rest = after;
    }
    match realm {
        Some(realm) => Challenge::Bearer { realm, service },
        None => Challenge::Other,
    }
}

/// Asks the token endpoint for a pull token (with the credentials, when there are any) and
/// returns the `Authorization` header that carries it.
pub(crate) fn token(
    agent: &ureq::Agent,
    realm: &str,
    service: Option<&str>,
    scope: &str,
    credentials: Option<&Credentials>,
) -> Result<String, String> {
    let answered = if let Some(Credentials::IdentityToken(refresh)) = credentials {
        // An identity token (`docker login` to ACR, GAR…) is an OAuth2 refresh token,
        // exchanged by a form POST, as docker does.
        let mut form = vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("client_id", "ocilint"),
            ("scope", scope),
        ];
        if let Some(service) = service {
            form.push(("service", service));
        }
        agent.post(realm).send_form(form)
    } else {
        let mut request = agent.get(realm).query("scope", scope);
        if let Some(service) = service {
            request = request.query("service", service);
        }
        if let Some(credentials) = credentials {
            request = request.header("Authorization", credentials.basic());
        }
        request.call()
    };
    let mut response =
        answered.map_err(|e| format!("cannot reach the token endpoint {realm}: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "the token endpoint {realm} answered {status}{}",
            if credentials.is_some() {
                ": it refused the credentials given"
            } else {
                ": it asks for credentials (--username with --password-stdin, or docker login)"
            }
        ));
    }
    #[derive(serde::Deserialize)]
    struct Token {
        token: Option<String>,
        access_token: Option<String>,
    }
    let body = response
        .body_mut()
        .with_config()
        .limit(1024 * 1024)
        .read_to_vec()
        .map_err(|e| format!("reading the token from {realm} failed: {e}"))?;
    let token: Token = serde_json::from_slice(&body)
        .map_err(|_| format!("the token endpoint {realm} did not answer a JSON token"))?;
    token
        .token
        .or(token.access_token)
        .filter(|t| !t.is_empty())
        .map(|t| format!("Bearer {t}"))
        .ok_or_else(|| format!("the token endpoint {realm} answered no token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_challenges() {
        assert_eq!(
            parse_challenge(
                r#"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull""#
            ),
            Challenge::Bearer {
                realm: "https://auth.example/token".into(),
                service: Some("registry.example".into())
            }
        );
        assert_eq!(
            parse_challenge(r#"Basic realm="Registry Realm""#),
            Challenge::Basic
        );
        assert_eq!(parse_challenge("Negotiate"), Challenge::Other);
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let c = Credentials::Password {
            username: "u".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
