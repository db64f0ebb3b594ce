//! The discovery document served at `/.well-known/acp.json`: public, built
//! once from the config, advertising only what kassa implements.

use serde_json::{json, Value};

use crate::acp::version;
use crate::config::Config;

/// Builds the discovery document. Versions are listed oldest first, as the
/// discovery schema requires.
pub fn document(config: &Config) -> Value {
    let mut versions: Vec<&str> = version::SUPPORTED.to_vec();
    versions.sort_unstable();
    let mut protocol = json!({
        "name": "acp",
        "version": version::LATEST,
        "supported_versions": versions,
    });
    if let Some(url) = &config.discovery.documentation_url {
        protocol["documentation_url"] = json!(url);
    }

    json!({
        "protocol": protocol,
        "api_base_url": config.server.public_url,
        "transports": ["rest"],
        "capabilities": {
            "services": ["checkout"],
            "supported_currencies": [config.checkout.currency.lower()],
        },
    })
}
