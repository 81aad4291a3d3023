//! The `conc` command line, following python's conventions
//! (docs/ARCHITECTURE.md section 6): `conc FILE [args]`, `conc -c CODE
//! [args]`, `conc -i FILE`, `conc -` (program on stdin), and `conc` alone:
//! the REPL on a terminal, else the program read from stdin. The first of
//! `-c`/FILE/`-` ends option parsing; everything after it goes to `sys.argv`.
//!
//! Exit status: 0 ok, 1 uncaught exception (traceback on stderr), 2 usage
//! error, n for `sys.exit(n)`, 130 for KeyboardInterrupt.
//!
//! `conc trace FILE.json [-o OUT.svg]` (only as the first argument) draws a
//! `--trace` file as an SVG timeline (see `conc::timeline`).

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use conc::host::{Host, HostOptions, Outcome};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "conc",
    version,
    about = "conc: a Python-like interpreter with a real global interpreter lock",
    override_usage = "conc [OPTIONS] [-c CODE | FILE | -] [ARGS]...",
    after_help = "The first of -c CODE, FILE or - ends the options: the arguments after it go to sys.argv.\n\
                  With no program, conc starts the REPL if stdin is a terminal, else runs stdin.\n\n\
                  conc trace FILE.json [-o OUT.svg] draws a --trace file as an SVG timeline\n\
                  (see conc trace --help). To run a script named 'trace', write ./trace or -- trace.\n\n\
                  --gil-stats prints one row per thread on stderr at exit:\n  \
                    holding ms    time holding the GIL, running conc code\n  \
                    waiting ms    time waiting to take the GIL (the cost of the lock)\n  \
                    blocked ms    time with the GIL released around a blocking call (sleep, I/O, lock, join, ...)\n  \
                    takes         how many times the thread took the GIL\n  \
                    forced        drops because another thread asked (after waiting a switch interval)\n  \
                    voluntary     releases of its own: around blocking calls and at exit\n  \
                    drop req      requests this thread made after waiting a whole switch interval\n  \
                    priority req  requests made at once on coming back from a blocking call (the convoy fix)\n\
                  With --no-gil there is no lock: the table shows running ms, blocked ms and blocking calls."
)]
struct Cli {
    /// Run CODE (the rest of the command line goes to sys.argv[1:])
    #[arg(short = 'c', value_name = "CODE")]
    command: Option<String>,
    /// Start the REPL after running the program
    #[arg(short = 'i')]
    inspect: bool,
    /// Print the bytecode of FILE instead of running it
    #[arg(long = "dis", value_name = "FILE")]
    dis: Option<String>,
    /// Run without the global interpreter lock (also -X gil=0, CONC_GIL=0)
    #[arg(long = "no-gil")]
    no_gil: bool,
    /// Implementation option: gil=0|1
    #[arg(short = 'X', value_name = "OPT")]
    xopts: Vec<String>,
    /// GIL switch interval in milliseconds (default 5)
    #[arg(long = "switch-interval", value_name = "MS")]
    switch_interval: Option<f64>,
    /// Print GIL statistics at exit (the columns are explained below)
    #[arg(long = "gil-stats")]
    gil_stats: bool,
    /// Write a Chrome trace-event JSON of the GIL to FILE.json
    #[arg(long = "trace", value_name = "FILE.json")]
    trace: Option<String>,
    /// Run as a child of the process module (internal: the parent sends
    /// the program over stdin)
    #[arg(long = "mp-worker", hide = true)]
    mp_worker: bool,
    /// The program file, or - for stdin
    #[arg(value_name = "FILE")]
    file: Option<String>,
}

/// Splits argv at the program: options before it (parsed by clap, with the
/// `-c CODE` or FILE itself), arguments after it (sys.argv[1:]).
fn split_argv(argv: &[String]) -> (Vec<String>, Vec<String>) {
    const TAKES_VALUE: &[&str] = &["-X", "--switch-interval", "--trace", "--dis"];
    let mut opts = vec![argv.first().cloned().unwrap_or_else(|| "conc".into())];
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == "-c" {
            opts.push(a.clone());
            if let Some(code) = argv.get(i + 1) {
                opts.push(code.clone());
            }
            return (opts, argv.get(i + 2..).unwrap_or_default().to_vec());
        }
        if let Some(code) = a.strip_prefix("-c").filter(|_| !a.starts_with("--")) {
            opts.push("-c".into());
            opts.push(code.to_string());
            return (opts, argv[i + 1..].to_vec());
        }
        if a == "--" {
            if let Some(f) = argv.get(i + 1) {
                opts.push("--".into());
                opts.push(f.clone());
                return (opts, argv.get(i + 2..).unwrap_or_default().to_vec());
            }
            return (opts, Vec::new());
        }
        if a == "-" || !a.starts_with('-') {
            if a == "-" {
                opts.push("--".into());
            }
            opts.push(a.clone());
            return (opts, argv[i + 1..].to_vec());
        }
        opts.push(a.clone());
        if TAKES_VALUE.contains(&a.as_str()) {
            if let Some(v) = argv.get(i + 1) {
                opts.push(v.clone());
                i += 1;
            }
        }
        i += 1;
    }
    (opts, Vec::new())
}

/// `conc trace FILE.json -o OUT.svg`: draws a GIL trace as a timeline.
#[derive(Parser, Debug)]
#[command(
    name = "conc trace",
    about = "Draw a GIL trace written by `conc --trace FILE.json` as an SVG timeline",
    after_help = "One row per thread: running, waiting for the GIL and blocked slices, drop requests\n\
                  and forced switches. Slices narrower than a pixel are merged into summary bars."
)]
struct TraceCli {
    /// The trace, as written by `conc --trace FILE.json script.conc`
    #[arg(value_name = "FILE.json")]
    input: String,
    /// The SVG file to write (default: FILE.svg next to the trace; - for stdout)
    #[arg(short = 'o', long = "output", value_name = "OUT.svg")]
    output: Option<String>,
    /// Width of the picture in pixels
    #[arg(long = "width", value_name = "PX", default_value_t = conc::timeline::DEFAULT_WIDTH)]
    width: u32,
}

/// Runs `conc trace ARGS`; returns the exit status.
fn trace_command(args: &[String]) -> u8 {
    let argv = std::iter::once("conc trace".to_string()).chain(args.iter().cloned());
    let cli = match TraceCli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let text = match std::fs::read_to_string(&cli.input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("conc: cannot read trace '{}': {e}", cli.input);
            return 2;
        }
    };
    let name = std::path::Path::new(&cli.input)
        .file_name()
        .map_or(cli.input.clone(), |n| n.to_string_lossy().into_owned());
    let svg = match conc::timeline::render_with(&text, &name, cli.width) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("conc: {}: {msg}", cli.input);
            return 2;
        }
    };
    let out = cli.output.unwrap_or_else(|| {
        let p = std::path::Path::new(&cli.input);
        p.with_extension("svg").to_string_lossy().into_owned()
    });
    let written = if out == "-" {
        std::io::stdout().write_all(svg.as_bytes())
    } else {
        std::fs::write(&out, &svg)
    };
    if let Err(e) = written {
        eprintln!("conc: cannot write '{out}': {e}");
        return 2;
    }
    if out != "-" {
        eprintln!("conc: wrote {out} ({} KB)", svg.len().div_ceil(1024));
    }
    0
}

fn main() -> ExitCode {
    // A panic that becomes a SystemError shows as a conc traceback only.
    conc::interp::panic_hook::install();
    let argv: Vec<String> = std::env::args().collect();
    // `conc trace ...` is a subcommand only as the very first argument; a
    // script named `trace` runs as `conc ./trace` or `conc -- trace`.
    if argv.get(1).map(String::as_str) == Some("trace") {
        let code = trace_command(&argv[2..]);
        let _ = std::io::stdout().flush();
        return ExitCode::from(code);
    }
    let (opts, rest) = split_argv(&argv);
    let cli = match Cli::try_parse_from(&opts) {
        Ok(c) => c,
        Err(e) => {
            // --help and --version print and exit 0; real errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = run(cli, rest);
    let _ = std::io::stdout().flush();
    ExitCode::from(code)
}

/// The GIL settings from `--no-gil`, `-X gil=0|1`, `CONC_GIL=0|1` (the
/// command line wins over the environment), `--switch-interval MS` and
/// `--trace FILE.json`.
fn gil_options(cli: &Cli) -> Result<HostOptions, String> {
    let mut opts = HostOptions::default();
    match std::env::var("CONC_GIL").as_deref() {
        Ok("0") => opts.gil = false,
        Ok("1") | Ok("") | Err(_) => {}
        Ok(other) => return Err(format!("CONC_GIL must be 0 or 1, not '{other}'")),
    }
    for x in &cli.xopts {
        match x.as_str() {
            "gil=0" => opts.gil = false,
            "gil=1" => opts.gil = true,
            other => return Err(format!("unknown -X option: {other}")),
        }
    }
    if cli.no_gil {
        opts.gil = false;
    }
    if let Some(ms) = cli.switch_interval {
        if !ms.is_finite() || ms <= 0.0 {
            return Err(format!(
                "--switch-interval must be a positive number of milliseconds, not {ms}"
            ));
        }
        opts.switch_interval = std::time::Duration::try_from_secs_f64(ms / 1e3)
            .map_err(|_| format!("--switch-interval {ms:e} is too large"))?;
    }
    opts.trace = cli.trace.as_ref().map(std::path::PathBuf::from);
    opts.gil_stats = cli.gil_stats;
    Ok(opts)
}

fn run(cli: Cli, rest: Vec<String>) -> u8 {
    let opts = match gil_options(&cli) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("conc: {msg}");
            return 2;
        }
    };
    // A seed that is not one: refused before any string is hashed, as
    // CPython refuses a bad PYTHONHASHSEED, rather than silently random.
    if let Err(value) = conc::interp::object::text_hash::seed_from_env() {
        let why = conc::interp::object::text_hash::INVALID_SEED;
        eprintln!("conc: {why}, not '{value}'");
        return 2;
    }
    if let Some(path) = &cli.dis {
        return match conc::host::disassemble_file(path) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err((msg, code)) => {
                eprintln!("{msg}");
                code
            }
        };
    }
    if cli.mp_worker {
        let mut host = Host::with_options(vec![String::new()], opts);
        let status = host.run_worker();
        return match host.finish(status) {
            Outcome::Ok => 0,
            Outcome::Exit(c) | Outcome::Error(c) => c,
        };
    }
    let stdin_tty = std::io::stdin().is_terminal();
    let (argv0, program): (String, Option<Program>) = match (&cli.command, cli.file.as_deref()) {
        (Some(code), _) => (
            "-c".into(),
            Some(Program::Source(code.clone(), "<string>".into())),
        ),
        (None, Some("-")) => ("-".into(), Some(Program::Stdin)),
        (None, Some(f)) => (f.to_string(), Some(Program::File(f.to_string()))),
        (None, None) if !stdin_tty && !cli.inspect => ("".into(), Some(Program::Stdin)),
        (None, None) => ("".into(), None),
    };
    let mut sys_argv = vec![argv0];
    sys_argv.extend(rest);
    let mut host = Host::with_options(sys_argv, opts);
    // Ctrl-C: KeyboardInterrupt in the main thread, also while it sleeps,
    // joins or waits (the REPL reads lines in raw mode: it sees Ctrl-C as
    // a key, not as this signal).
    let interrupt = host.interrupt_handle();
    let _ = ctrlc::set_handler(move || interrupt.interrupt());
    let status = run_program(&cli, &mut host, program);
    let status = match host.finish(status) {
        Outcome::Ok => 0,
        Outcome::Exit(c) | Outcome::Error(c) => c,
    };
    let gil = host.gil();
    if cli.gil_stats {
        let heading = if gil.enabled() {
            "GIL statistics (GIL on):"
        } else {
            "GIL statistics (no GIL: threads run at once, so none waits for a lock or is \
             switched out; only running and blocked time are measured):"
        };
        eprint!(
            "{heading}\n{}",
            conc_interp::gil::format_stats_table(&gil.stats(), gil.enabled())
        );
    }
    if let Err(e) = gil.write_trace() {
        eprintln!("conc: cannot write the trace: {e}");
    }
    status
}

/// Runs the program (or the REPL) and says how it ended.
fn run_program(cli: &Cli, host: &mut Host, program: Option<Program>) -> Outcome {
    let outcome = match program {
        Some(Program::Source(src, name)) => host.run_source(&src, &name),
        Some(Program::File(path)) => {
            if let Err(e) = std::fs::metadata(&path) {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => {
                        "[Errno 2] No such file or directory".to_string()
                    }
                    _ => e.to_string(),
                };
                eprintln!("conc: can't open file '{path}': {why}");
                return Outcome::Exit(2);
            }
            host.run_file(&path)
        }
        Some(Program::Stdin) => {
            let mut src = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut src) {
                eprintln!("conc: cannot read stdin: {e}");
                return Outcome::Exit(2);
            }
            host.run_source(&src, "<stdin>")
        }
        None => return repl_outcome(conc::repl::run(host, true)),
    };
    match outcome {
        Outcome::Ok if cli.inspect => repl_outcome(conc::repl::run(host, false)),
        Outcome::Error(code) if cli.inspect && code != 0 => {
            repl_outcome(conc::repl::run(host, false))
        }
        other => other,
    }
}

fn repl_outcome(code: u8) -> Outcome {
    if code == 0 {
        Outcome::Ok
    } else {
        Outcome::Exit(code)
    }
}

enum Program {
    Source(String, String),
    File(String),
    Stdin,
}

#[cfg(test)]
mod tests {
    use super::split_argv;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn first_program_ends_options() {
        let (o, r) = split_argv(&s(&["conc", "-i", "x.conc", "-i", "--no-gil"]));
        assert_eq!(o, s(&["conc", "-i", "x.conc"]));
        assert_eq!(r, s(&["-i", "--no-gil"]));
        let (o, r) = split_argv(&s(&["conc", "-c", "print(1)", "-x", "y"]));
        assert_eq!(o, s(&["conc", "-c", "print(1)"]));
        assert_eq!(r, s(&["-x", "y"]));
        let (o, r) = split_argv(&s(&["conc", "-X", "gil=0", "-", "a"]));
        assert_eq!(o, s(&["conc", "-X", "gil=0", "--", "-"]));
        assert_eq!(r, s(&["a"]));
        let (o, r) = split_argv(&s(&["conc", "--switch-interval", "10", "f.conc"]));
        assert_eq!(o, s(&["conc", "--switch-interval", "10", "f.conc"]));
        assert!(r.is_empty());
    }
}
