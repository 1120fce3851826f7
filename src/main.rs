//! The `khulasa` binary: a thin shell over the library's command line.

/// mimalloc: the pipeline allocates many small strings from two threads at once, where it is
/// markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(khulasa::cli::main());
}
