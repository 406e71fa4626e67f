//! Where a webhook may be sent: http(s) URLs whose every resolved address is public. Private, loopback,
//! link-local, unique-local, shared (CGNAT), multicast, broadcast and unspecified addresses are refused
//! (server-side request forgery: a subscription must not reach the host's own network) unless the
//! allow-list names the address or the host. The addresses checked are the ones the request is sent
//! to, so a name that resolves differently later (DNS rebinding) cannot slip past.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::Url;

use crate::AppError;

/// A target that passed the checks: the URL, its host, and the addresses to connect to.
#[derive(Debug, Clone)]
pub(crate) struct CheckedTarget {
    pub(crate) url: Url,
    pub(crate) host: String,
    pub(crate) addresses: Vec<SocketAddr>,
}

/// Parses `text` as a webhook URL (refusing what is not `http`/`https` with a host).
pub(crate) fn parse_url(text: &str) -> Result<Url, AppError> {
    let url = Url::parse(text.trim())
        .map_err(|error| invalid(format!("{text:?} is not a URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "{text:?}: only http and https targets are allowed"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(format!("{text:?} has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(format!(
            "{text:?}: credentials in the URL are not allowed; the signature authenticates bside"
        )));
    }
    Ok(url)
}

/// Resolves the URL's host and checks every address against the rules and the allow-list.
pub(crate) async fn check(url: &Url, allow: &[String]) -> Result<CheckedTarget, AppError> {
    let host = url
        .host_str()
        .ok_or_else(|| invalid(format!("{url} has no host")))?
        .to_owned();
    let port = url
        .port_or_known_default()
        .ok_or_else(|| invalid(format!("{url} has no port")))?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|error| invalid(format!("cannot resolve {host}: {error}")))?
            .collect(),
    };
    if addresses.is_empty() {
        return Err(invalid(format!("{host} resolves to no address")));
    }
    let host_allowed = allow.iter().any(|entry| entry.eq_ignore_ascii_case(bare));
    for address in &addresses {
        let ip = address.ip();
        let ip_allowed = allow
            .iter()
            .any(|entry| entry.parse::<IpAddr>().is_ok_and(|allowed| allowed == ip));
        if let Some(why) = forbidden(ip)
            && !host_allowed
            && !ip_allowed
        {
            return Err(invalid(format!(
                "target {host} resolves to {ip}, a {why} address: refused (add it to [webhooks] allow \
                 in bside.toml or BSIDE_WEBHOOKS_ALLOW to permit it)"
            )));
        }
    }
    Ok(CheckedTarget {
        url: url.clone(),
        host: bare.to_owned(),
        addresses,
    })
}

/// Why an address may not be a webhook target, or `None` when it is public.
pub(crate) fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => forbidden_v4(v4),
            None => forbidden_v6(v6),
        },
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if a == 100 && (64..128).contains(&b) {
        Some("shared (carrier-grade NAT)")
    } else if ip.is_broadcast() || ip.is_multicast() || a >= 240 {
        Some("broadcast, multicast or reserved")
    } else {
        None
    }
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if ip.is_unspecified() {
        Some("unspecified")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if first & 0xfe00 == 0xfc00 {
        Some("unique-local")
    } else if first & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if ip.is_multicast() {
        Some("multicast")
    } else {
        None
    }
}

fn invalid(message: String) -> AppError {
    AppError::Invalid(model::Invalid::new("url", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_forbidden() {
        for (ip, why) in [
            ("10.0.0.1", "private"),
            ("172.16.5.4", "private"),
            ("192.168.1.1", "private"),
            ("127.0.0.1", "loopback"),
            ("169.254.169.254", "link-local"),
            ("0.0.0.0", "unspecified"),
            ("100.64.0.1", "shared (carrier-grade NAT)"),
            ("::1", "loopback"),
            ("::", "unspecified"),
            ("fd00::1", "unique-local"),
            ("fe80::1", "link-local"),
            ("::ffff:10.0.0.1", "private"),
        ] {
            assert_eq!(forbidden(ip.parse().unwrap()), Some(why), "{ip}");
        }
        for ip in ["93.184.215.14", "1.1.1.1", "2606:4700::1111", "172.32.0.1"] {
            assert_eq!(forbidden(ip.parse().unwrap()), None, "{ip}");
        }
    }

    #[tokio::test]
    async fn the_allow_list_permits_what_it_names() {
        let url = parse_url("http://127.0.0.1:9/hook").unwrap();
        let refused = check(&url, &[]).await.unwrap_err().to_string();
        assert!(
            refused.contains("loopback") && refused.contains("refused"),
            "{refused}"
        );
        let allowed = check(&url, &["127.0.0.1".to_owned()]).await.unwrap();
        assert_eq!(allowed.addresses, vec!["127.0.0.1:9".parse().unwrap()]);
        let by_name = parse_url("http://localhost:9/").unwrap();
        assert!(
            check(&by_name, &[]).await.is_err(),
            "a name is judged by what it resolves to"
        );
    }

    #[test]
    fn only_http_urls_with_a_host() {
        for bad in [
            "ftp://example.com/",
            "not a url",
            "file:///etc/passwd",
            "https://user:pw@example.com/",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
        assert!(parse_url("https://discord.com/api/webhooks/1/abc").is_ok());
    }
}
