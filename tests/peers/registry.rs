//! The registry HTTP API, loopback only: monolithic blob uploads and manifest PUTs.

use std::time::Duration;

use crate::blobs::sha256;

#[derive(Debug)]
pub(crate) struct Client {
    base: String,
    agent: ureq::Agent,
}

/// Status and body of a response, whether or not it was a success.
fn status_body(result: Result<ureq::Response, ureq::Error>) -> (u16, String, Option<String>) {
    match result {
        Ok(r) => {
            let location = r.header("Location").map(str::to_owned);
            (r.status(), r.into_string().unwrap_or_default(), location)
        }
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default(), None),
        Err(e) => (0, format!("transport error: {e}"), None),
    }
}

impl Client {
    pub(crate) fn new(port: u16) -> Client {
        Client {
            base: format!("http://127.0.0.1:{port}"),
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(30))
                .redirects(0)
                .build(),
        }
    }

    /// Uploads a blob (`POST` then `PUT …?digest=`) and returns its digest.
    pub(crate) fn blob(&self, repo: &str, bytes: &[u8]) -> String {
        let digest = sha256(bytes);
        let (status, body, location) = status_body(
            self.agent
                .post(&format!("{}/v2/{repo}/blobs/uploads/", self.base))
                .send_bytes(&[]),
        );
        assert_eq!(status, 202, "starting a blob upload to {repo}: {body}");
        let location = location.expect("upload Location");
        let url = if location.starts_with('/') {
            format!("{}{location}", self.base)
        } else {
            location
        };
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "upload goes elsewhere: {url}"
        );
        let sep = if url.contains('?') { '&' } else { '?' };
        let (status, body, _) = status_body(
            self.agent
                .put(&format!("{url}{sep}digest={digest}"))
                .set("Content-Type", "application/octet-stream")
                .send_bytes(bytes),
        );
        assert_eq!(status, 201, "finishing the blob upload of {digest}: {body}");
        digest
    }

    /// `PUT /v2/<repo>/manifests/<reference>`; returns the status and body.
    pub(crate) fn put_manifest(
        &self,
        repo: &str,
        reference: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> (u16, String) {
        let (status, body, _) = status_body(
            self.agent
                .put(&format!("{}/v2/{repo}/manifests/{reference}", self.base))
                .set("Content-Type", content_type)
                .send_bytes(bytes),
        );
        (status, body.trim().to_owned())
    }
}
