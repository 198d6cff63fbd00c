//! The `dateline` command: a thin layer over the `dateline` library.

mod cli;

// Indexing allocates and frees many small buffers on several threads; mimalloc handles that
// pattern with less time in the allocator than the system's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
