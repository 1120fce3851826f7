//! What a run shows on standard error while it works: skipped inputs and notes, a progress
//! bar over long analyses, and with `--timings` the time and memory of each stage.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use khulasa::build::{Observer, Stage};
use khulasa::ingest::Problem;

/// Analyses of fewer documents than this show no progress bar.
const PROGRESS_MIN_DOCUMENTS: usize = 50;

/// The command line's [`Observer`].
pub struct Console {
    quiet: bool,
    watch: Stopwatch,
    bar: Option<indicatif::ProgressBar>,
}

impl Console {
    /// `quiet`: no notes and no progress bar (skipped inputs are still reported);
    /// `timings`: time each stage, for [`Console::report_timings`].
    pub fn new(quiet: bool, timings: bool) -> Console {
        Console {
            quiet,
            watch: Stopwatch::new(timings),
            bar: None,
        }
    }

    /// Print the time of each stage that ended, with `--timings`.
    pub fn report_timings(&self) {
        self.watch.report();
    }
}

impl Observer for Console {
    fn skipped(&mut self, p: &Problem) {
        eprintln!("khulasa: skipped {}: {}", p.path, p.reason);
    }

    fn note(&mut self, note: &str) {
        if !self.quiet {
            eprintln!("khulasa: note: {note}");
        }
    }

    fn warning(&mut self, warning: &str) {
        eprintln!("khulasa: warning: {warning}");
    }

    /// A progress bar for long runs, when standard error is a terminal.
    fn analyzing(&mut self, documents: usize) {
        if self.quiet || documents < PROGRESS_MIN_DOCUMENTS || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = indicatif::ProgressBar::new(documents as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} analyzing {pos}/{len} articles [{bar:30}] {elapsed} (eta {eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        self.bar = Some(bar);
    }

    fn analyzed(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finished(&mut self, stage: Stage) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.watch.lap(stage.as_str());
    }
}

/// Peak resident memory of the process so far, in MB (Linux; `None` elsewhere).
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Wall time per stage, printed to standard error at the end with `--timings`.
struct Stopwatch {
    on: bool,
    start: Instant,
    last: Instant,
    laps: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Stopwatch {
    fn new(on: bool) -> Stopwatch {
        let now = Instant::now();
        Stopwatch {
            on,
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    /// Close the stage that ran since the last lap.
    fn lap(&mut self, stage: &'static str) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        self.laps.push((stage, now - self.last, peak_memory_mb()));
        self.last = now;
    }

    fn report(&self) {
        if !self.on {
            return;
        }
        for (stage, d, mem) in &self.laps {
            match mem {
                Some(mb) => eprintln!(
                    "khulasa: {stage:<10} {:>8.3} s   peak memory so far {mb:>5} MB",
                    d.as_secs_f64()
                ),
                None => eprintln!("khulasa: {stage:<10} {:>8.3} s", d.as_secs_f64()),
            }
        }
        eprintln!(
            "khulasa: {:<10} {:>8.3} s",
            "total",
            self.start.elapsed().as_secs_f64()
        );
    }
}
