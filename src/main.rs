//! The `dateline` command: a thin layer over the `dateline` library.

mod cli;

// Indexing allocates on the reading threads what tantivy's indexing threads free, which keeps
// the system allocator's arena locks busy: mimalloc makes a build of 100,000 articles about a
// fifth faster (24.6 -> 19.5 s on 2 cores) and, built without transparent huge pages (see
// Cargo.toml), leaves a search's start-up time as it was.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
