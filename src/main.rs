//! The `dateline` command: a thin layer over the `dateline` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
