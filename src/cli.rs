//! Command-line interface: `kassa run`, `kassa demo` and `kassa check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::ShopAuth;
use crate::server::{self, Loaded};

#[derive(Parser)]
#[command(
    name = "kassa",
    version,
    about = "An Agentic Commerce Protocol (ACP) checkout for an existing shop"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve ACP in front of the shop named in the config.
    Run {
        /// Config file.
        #[arg(long, short, default_value = "config.toml")]
        config: PathBuf,
    },
    /// Start the built-in demo shop on the config's shop address, then kassa in front of it.
    Demo {
        /// Config file; its [shop] base_url must be a loopback address.
        #[arg(long, short, default_value = "config.toml")]
        config: PathBuf,
    },
    /// Validate the config and its mapping, print a summary, and exit.
    Check {
        /// Config file.
        #[arg(long, short, default_value = "config.toml")]
        config: PathBuf,
    },
}

/// Parses arguments and runs the command; problems go to stderr.
pub fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { config } => load(&config).and_then(server::run),
        Command::Demo { config } => load(&config).and_then(run_demo),
        Command::Check { config } => load(&config).map(|loaded| print_summary(&loaded)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kassa: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KASSA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
}

fn load(path: &Path) -> anyhow::Result<Loaded> {
    server::load(path).map_err(|error| anyhow::anyhow!("{error}"))
}

fn print_summary(loaded: &Loaded) {
    let config = &loaded.config;
    println!("config:   {} is valid", config.file.display());
    println!(
        "mapping:  {} ({})",
        loaded.mapping.name, loaded.mapping.file
    );
    println!("listen:   {}", config.server.listen);
    println!(
        "shop:     {}",
        config.shop.base_url.to_string().trim_end_matches('/')
    );
    println!("store:    {}", config.store.path.display());
    println!(
        "agents:   {}",
        config
            .agents
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("currency: {}", config.checkout.currency.lower());
}

/// Starts the demo shop on its own thread, prints the walk-through, then
/// runs kassa in the foreground.
fn run_demo(loaded: Loaded) -> anyhow::Result<()> {
    let config = &loaded.config;
    let uri = &config.shop.base_url;
    let host = uri.host().unwrap_or_default().trim_matches(['[', ']']);
    let ip: std::net::IpAddr = host.parse().with_context(|| {
        format!("the demo shop needs an IP address in [shop] base_url, found `{host}`")
    })?;
    anyhow::ensure!(
        ip.is_loopback(),
        "the demo shop only listens on loopback; set [shop] base_url to http://127.0.0.1:PORT"
    );
    let address = std::net::SocketAddr::new(ip, uri.port_u16().unwrap_or(80));

    let ShopAuth::Basic { username, password } = &config.shop.auth else {
        anyhow::bail!(
            "the demo shop needs [shop.auth] type = \"basic\" with the consumer key and secret"
        );
    };
    let auth = crate::demo::DemoAuth {
        consumer_key: username.clone(),
        consumer_secret: password.0.clone(),
    };
    server::ensure_port_free(config.server.listen)?;
    reset_demo_store(&config.store.path)?;
    start_demo_shop(address, auth)?;

    print_walkthrough(&loaded);
    server::run(loaded)
}

/// Deletes the demo's session store, because the demo shop starts with a
/// fresh catalogue and no orders on every run and old sessions would refer
/// to orders it no longer has.
fn reset_demo_store(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {
            println!("kassa demo: reset the session store {}", path.display());
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => {
            Err(error).with_context(|| format!("cannot reset the demo store {}", path.display()))
        }
    }
}

fn start_demo_shop(
    address: std::net::SocketAddr,
    auth: crate::demo::DemoAuth,
) -> anyhow::Result<()> {
    let listener = std::net::TcpListener::bind(address)
        .with_context(|| format!("cannot start the demo shop on {address}"))?;
    listener.set_nonblocking(true)?;
    std::thread::Builder::new()
        .name("demo-shop".to_string())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("demo shop runtime");
            runtime.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).expect("demo shop listener");
                if let Err(error) = crate::demo::serve(listener, auth).await {
                    tracing::error!(error = %error, "the demo shop stopped");
                }
            });
        })?;
    Ok(())
}

fn print_walkthrough(loaded: &Loaded) {
    let config = &loaded.config;
    let base = &config.server.public_url;
    let token = config
        .agents
        .first()
        .map(|a| a.token.0.as_str())
        .unwrap_or("<token>");
    let currency = config.checkout.currency.lower();
    let headers = format!("-H 'Authorization: Bearer {token}' -H 'API-Version: 2026-04-17' -H 'Content-Type: application/json'");
    println!(
        r#"
kassa demo
  demo shop (WooCommerce REST v3 shape): {shop}
  kassa (ACP 2026-04-17):                {base}
  agent token:                           {token}

A purchase, step by step (paste the commands into another terminal, in order):

H=({headers})

# 1. Open a checkout session for two over-ear headphones (item 101); SESSION keeps its id
SESSION=$(curl -s {base}/checkout_sessions "${{H[@]}}" -H 'Idempotency-Key: demo-1' \
  -d '{{"currency":"{currency}","capabilities":{{"interventions":{{"supported":[]}}}},"line_items":[{{"id":"101","quantity":2}}]}}' \
  | grep -o 'cs_[0-9a-f]*' | head -n 1); echo "$SESSION"

# 2. Add the buyer and the shipping address
curl -s -w '\n' {base}/checkout_sessions/$SESSION "${{H[@]}}" -H 'Idempotency-Key: demo-2' \
  -d '{{"buyer":{{"email":"ada@example.com"}},"fulfillment_details":{{"name":"Ada Lovelace","address":{{"name":"Ada Lovelace","line_one":"12 Analytical Row","city":"London","state":"LND","country":"GB","postal_code":"N1 9GU"}}}}}}'

# 3. Complete: the order is created in the demo shop
curl -s -w '\n' {base}/checkout_sessions/$SESSION/complete "${{H[@]}}" -H 'Idempotency-Key: demo-3' \
  -d '{{"payment_data":{{"handler_id":"card_tokenized","instrument":{{"type":"card","credential":{{"type":"spt","token":"spt_demo"}}}}}}}}'

# 4. See the order in the shop (pass-through: kassa forwards non-ACP paths)
curl -s -w '\n' -u {key}:{secret} {base}/wp-json/wc/v3/orders

Discovery: curl -s {base}/.well-known/acp.json     Stop: Ctrl-C
"#,
        shop = config.shop.base_url,
        key = match &config.shop.auth {
            ShopAuth::Basic { username, .. } => username.as_str(),
            _ => "",
        },
        secret = match &config.shop.auth {
            ShopAuth::Basic { password, .. } => password.0.as_str(),
            _ => "",
        },
    );
}
