//! The `kassa` command.

fn main() -> std::process::ExitCode {
    kassa::cli::main()
}
