//! The `conc` command line, following python's conventions (DESIGN.md
//! section 6): `conc FILE [args]`, `conc -c CODE [args]`, `conc -i FILE`,
//! `conc -` (program on stdin), and `conc` alone: the REPL on a terminal,
//! else the program read from stdin. The first of `-c`/FILE/`-` ends option
//! parsing; everything after it goes to `sys.argv`.
//!
//! Exit status: 0 ok, 1 uncaught exception (traceback on stderr), 2 usage
//! error, n for `sys.exit(n)`, 130 for KeyboardInterrupt.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use conc::host::{Host, Outcome};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "conc",
    version,
    about = "conc: a Python-like interpreter with a real global interpreter lock",
    override_usage = "conc [OPTIONS] [-c CODE | FILE | -] [ARGS]...",
    after_help = "The first of -c CODE, FILE or - ends the options: the arguments after it go to sys.argv.\n\
                  With no program, conc starts the REPL if stdin is a terminal, else runs stdin."
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
    /// Print GIL statistics at exit
    #[arg(long = "gil-stats")]
    gil_stats: bool,
    /// Write a Chrome trace-event JSON of the GIL to FILE.json
    #[arg(long = "trace", value_name = "FILE.json")]
    trace: Option<String>,
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

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
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

/// The GIL switches are accepted by the parser but not implemented yet:
/// refuse them clearly rather than ignore them.
fn check_gil_options(cli: &Cli) -> Result<(), String> {
    let env_no_gil = std::env::var("CONC_GIL").is_ok_and(|v| v == "0");
    for x in &cli.xopts {
        match x.as_str() {
            "gil=0" => return Err("-X gil=0 is not implemented yet".into()),
            "gil=1" => {}
            other => return Err(format!("unknown -X option: {other}")),
        }
    }
    if cli.no_gil {
        return Err("--no-gil is not implemented yet".into());
    }
    if env_no_gil {
        return Err("CONC_GIL=0 (--no-gil) is not implemented yet".into());
    }
    if cli.switch_interval.is_some() {
        return Err("--switch-interval is not implemented yet".into());
    }
    if cli.gil_stats {
        return Err("--gil-stats is not implemented yet".into());
    }
    if cli.trace.is_some() {
        return Err("--trace is not implemented yet".into());
    }
    Ok(())
}

fn run(cli: Cli, rest: Vec<String>) -> u8 {
    if let Err(msg) = check_gil_options(&cli) {
        eprintln!("conc: {msg}");
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
    let mut host = Host::new(sys_argv);
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
                return 2;
            }
            host.run_file(&path)
        }
        Some(Program::Stdin) => {
            let mut src = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut src) {
                eprintln!("conc: cannot read stdin: {e}");
                return 2;
            }
            host.run_source(&src, "<stdin>")
        }
        None => return conc::repl::run(&mut host, true),
    };
    match outcome {
        Outcome::Ok if cli.inspect => conc::repl::run(&mut host, false),
        Outcome::Ok => 0,
        Outcome::Exit(code) => code,
        Outcome::Error(code) if cli.inspect && code != 0 => conc::repl::run(&mut host, false),
        Outcome::Error(code) => code,
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
