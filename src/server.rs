//! Start-up: load and cross-check the config and mapping, open the store,
//! wire the request path together and run the pingora server.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use pingora::server::configuration::ServerConf;
use pingora::server::Server;

use crate::acp::auth::Agents;
use crate::acp::idempotency::Idempotency;
use crate::catalog::Catalog;
use crate::checkout::Checkout;
use crate::config::reader::Problem;
use crate::config::{Config, LoadError};
use crate::front::pipeline::App;
use crate::front::proxy::Front;
use crate::mapping::{self, Mapping};
use crate::shop::Shop;
use crate::store::Store;

/// How often expired idempotency records are deleted.
const PURGE_INTERVAL: Duration = Duration::from_secs(3600);

/// A validated config with its compiled mapping.
pub struct Loaded {
    pub config: Arc<Config>,
    pub mapping: Arc<Mapping>,
}

/// Loads the config and its mapping; every problem of both is reported together.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let config = match Config::load(path) {
        Ok(config) => config,
        Err(mut error) => {
            // The mapping is compiled anyway, so one run lists the problems of both files.
            let mapping = crate::config::mapping_file(path)
                .filter(|file| file.is_file())
                .map(|file| mapping::load(&file));
            if let Some(Err(problems)) = mapping {
                error.problems.extend(problems);
            }
            return Err(error);
        }
    };
    let mapping = mapping::load(&config.shop.mapping).map_err(|problems| LoadError { problems })?;
    check_vars(&config, &mapping)?;
    Ok(Loaded {
        config: Arc::new(config),
        mapping: Arc::new(mapping),
    })
}

fn check_vars(config: &Config, mapping: &Mapping) -> Result<(), LoadError> {
    let problems: Vec<Problem> = mapping
        .var_refs
        .iter()
        .filter(|(name, _)| !config.shop.vars.contains_key(name))
        .map(|(name, line)| Problem {
            file: mapping.file.clone(),
            line: *line,
            key: format!("shop.vars.{name}"),
            message: format!(
                "the mapping uses `shop.vars.{name}`, but [shop.vars] in {} does not set it",
                config.file.display()
            ),
            example: Some(format!("[shop.vars]\n{name} = \"...\"")),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LoadError { problems })
    }
}

/// Builds the shared request state.
pub fn build_app(loaded: &Loaded) -> anyhow::Result<Arc<App>> {
    let config = &loaded.config;
    let store = Store::open(&config.store.path).with_context(|| "cannot open the session store")?;
    let shop = Shop::new(&config.shop, Arc::clone(&loaded.mapping)).map_err(anyhow::Error::msg)?;
    let catalog = Arc::new(Catalog::new(Arc::new(shop), &config.cache));
    let checkout = Checkout::new(Arc::clone(config), catalog, store.clone());
    let idempotency = Idempotency::new(store.clone(), config.store.idempotency_ttl);
    let discovery = Bytes::from(crate::discovery::document(config).to_string());
    Ok(Arc::new(App::new(
        Agents::new(&config.agents),
        idempotency,
        checkout,
        store,
        discovery,
    )))
}

/// Runs kassa until it is stopped by a signal.
pub fn run(loaded: Loaded) -> anyhow::Result<()> {
    ensure_port_free(loaded.config.server.listen)?;
    let app = build_app(&loaded)?;
    spawn_purger(app.store.clone(), loaded.config.store.idempotency_ttl);

    let config = &loaded.config;
    let shop_address = config
        .shop
        .base_url
        .authority()
        .map(|a| a.to_string())
        .context("the shop base URL has no host")?;
    let shop_address = if config.shop.base_url.port().is_some() {
        shop_address
    } else {
        format!("{shop_address}:80")
    };

    let conf = ServerConf {
        threads: config.server.threads,
        grace_period_seconds: Some(0),
        graceful_shutdown_timeout_seconds: Some(2),
        ..ServerConf::default()
    };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();
    let front = Front::new(app, shop_address, config.server.max_body_bytes);
    let mut service = pingora::proxy::http_proxy_service(&server.configuration, front);
    service.add_tcp(&config.server.listen.to_string());
    server.add_service(service);

    tracing::info!(
        listen = %config.server.listen,
        shop = %config.shop.base_url,
        mapping = %loaded.mapping.name,
        store = %config.store.path.display(),
        "kassa is listening"
    );
    server.run_forever()
}

/// Fails when `address` cannot be bound, so a taken port stops start-up with
/// a clear error instead of a server that never listens.
pub fn ensure_port_free(address: std::net::SocketAddr) -> anyhow::Result<()> {
    std::net::TcpListener::bind(address)
        .map(drop)
        .with_context(|| format!("cannot listen on {address}; another process may be using the port (change [server] listen)"))
}

/// Deletes expired idempotency records at start and then hourly, on a
/// thread of its own.
fn spawn_purger(store: Store, ttl: Duration) {
    std::thread::Builder::new()
        .name("kassa-purge".to_string())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("purge runtime");
            runtime.block_on(async move {
                loop {
                    let cutoff = time::OffsetDateTime::now_utc().unix_timestamp() - ttl.as_secs() as i64;
                    match store.purge_records(cutoff).await {
                        Ok(0) => {}
                        Ok(removed) => tracing::info!(removed, "expired idempotency records deleted"),
                        Err(error) => tracing::warn!(error = %error, "deleting expired idempotency records failed"),
                    }
                    tokio::time::sleep(PURGE_INTERVAL).await;
                }
            });
        })
        .expect("spawn purge thread");
}
