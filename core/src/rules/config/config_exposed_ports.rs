//! CFG006: `config.ExposedPorts` keys are `port`, `port/tcp` or `port/udp`, values `{}`.

use super::super::prelude::*;

declare_rule! {
    code: "CFG006",
    name: "config-exposed-ports",
    severity: Warning,
    since: "0.1.0",
    summary: "`config.ExposedPorts` keys should be `port/tcp`, `port/udp` or `port` (1–65535), each mapped to `{}`.",
    why: "image-spec defines the keys as `port/tcp`, `port/udp` or a bare `port` (TCP); \
          Docker also knows `sctp`. Docker parses each key when it creates a container \
          (`docker run -P` publishes them), and a key it cannot read as one port and \
          protocol, such as `http`, `8080/TCP` or the range `80-90/tcp`, breaks that \
          step or is silently ignored by other tools. The value is a Go `struct{}`, always written `{}`; members inside it \
          are discarded.",
    how_to_fix: "Use one key per port, with a lowercase protocol: `\"ExposedPorts\": \
                 {\"8080/tcp\": {}, \"53/udp\": {}}`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties",
    examples: [
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"ExposedPorts": {"http": {}}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        invalid(r#"{"architecture": "amd64", "os": "linux", "config": {"ExposedPorts": {"8080/tcp": {"HostPort": "80"}}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"architecture": "amd64", "os": "linux", "config": {"ExposedPorts": {"8080/tcp": {}, "53/udp": {}, "9000": {}, "3868/sctp": {}}}, "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some((config, base)) = ctx.exec_config() else {
        return;
    };
    // Other types are reported by `config-field-types`.
    let Some(members) = config.get("ExposedPorts").and_then(|m| m.value.members()) else {
        return;
    };
    let pointer = base.key("ExposedPorts");
    for member in members {
        let key = member.key;
        if let Err(problem) = check_port(key) {
            out.emit(
                ctx.key_range(member),
                pointer.key(key),
                format!("`{key}` {problem}"),
            );
        }
        if member.value.members().is_some_and(|m| !m.is_empty()) {
            out.emit(
                member.value.range,
                pointer.key(key),
                format!("the value of `{key}` should be `{{}}`; its members are ignored"),
            );
        }
    }
}

fn check_port(key: &str) -> Result<(), String> {
    let (port, protocol) = match key.split_once('/') {
        Some((port, protocol)) => (port, Some(protocol)),
        None => (key, None),
    };
    if let Some(protocol) = protocol {
        match protocol {
            "tcp" | "udp" | "sctp" => {}
            "" => return Err("ends with `/` but names no protocol".to_owned()),
            p if matches!(p.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp") => {
                return Err(format!(
                    "has protocol `{p}`; protocols are lowercase: `{}`",
                    p.to_ascii_lowercase()
                ))
            }
            p => return Err(format!("has protocol `{p}`; use `tcp` or `udp`")),
        }
    }
    if port.contains('-')
        && port
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("is a port range; list each port as its own key".to_owned());
    }
    match port.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) && port.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        Ok(n) if port.bytes().all(|b| b.is_ascii_digit()) => {
            Err(format!("has port {n}, outside 1–65535"))
        }
        _ => Err("is not a port number; keys are `port/tcp`, `port/udp` or `port`".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::check_port;

    #[test]
    fn ports() {
        for good in ["80", "8080/tcp", "53/udp", "3868/sctp", "65535/tcp"] {
            assert_eq!(check_port(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "http",
            "8080/TCP",
            "80-90/tcp",
            "0/tcp",
            "70000",
            "8080/http",
            "+80",
            "80/",
        ] {
            assert!(check_port(bad).is_err(), "{bad}");
        }
    }
}
