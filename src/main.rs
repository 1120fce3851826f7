//! The `khulasa` binary: the command line over the library.

mod cli;

/// mimalloc: the pipeline allocates many small strings from two threads at once, where it is
/// markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // No transparent huge pages for this process (Linux, best effort): with them every first
    // touch of memory zeroes 2 MB, which costs a run of many small allocations time and memory
    // (measured: 10% less peak memory, a third of the system time).
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process; the result is
    // ignored, as the call is an optimization.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // Output piped into a reader that stops early (`khulasa entities … | head`) ends the
    // process quietly, as it does other command-line tools, rather than with a panic.
    #[cfg(unix)]
    // SAFETY: restoring the default action of SIGPIPE at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    khulasa::pipeline::set_return_memory(collect);
    std::process::exit(cli::main());
}

// mimalloc's own function, linked with the allocator.
unsafe extern "C" {
    fn mi_collect(force: bool);
}

/// Hand the memory the calling thread has let go back to the system (mimalloc's collection).
fn collect() {
    // SAFETY: mi_collect takes no pointer and may be called from any thread at any time.
    unsafe { mi_collect(true) }
}
