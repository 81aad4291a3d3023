//! Shared helpers of the integration tests: finding test files, running a
//! program with a timeout and many of them in parallel (`tests/cases.rs`,
//! `tests/compat.rs`), and looking at processes through /proc
//! (`tests/processes.rs`, `tests/subprocess.rs`).

#![allow(dead_code)]

pub mod generate;
pub mod hostile;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long a single program may run before it is killed.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// How long to wait for stdout/stderr to close once the program has ended.
const PIPE_GRACE: Duration = Duration::from_secs(10);

/// The repository root (the directory of the root package's `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `conc` binary built by Cargo for this test run.
pub fn conc_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_conc"))
}

/// Files directly inside `dir` whose name ends in `.{ext}`, sorted by name,
/// skipping names that start with one of `skip_prefixes` and, if the
/// environment variable `filter_var` is set, names that don't contain its value.
pub fn test_files(dir: &Path, ext: &str, skip_prefixes: &[&str], filter_var: &str) -> Vec<PathBuf> {
    let filter = std::env::var(filter_var).ok().filter(|f| !f.is_empty());
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read test directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("cannot read directory entry").path())
        .filter(|path| {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                return false;
            };
            path.is_file()
                && path.extension().and_then(|e| e.to_str()) == Some(ext)
                && !skip_prefixes.iter().any(|p| name.starts_with(p))
                && filter.as_deref().is_none_or(|f| name.contains(f))
        })
        .collect();
    files.sort();
    files
}

/// A path relative to the repository root, for messages.
pub fn display_path(path: &Path) -> String {
    let root = repo_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What a finished (or killed) program produced.
#[derive(Debug, Clone)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// The exit status; `None` if the program was killed by a signal or timed out.
    pub code: Option<i32>,
    pub timed_out: bool,
    /// From the start to the exit (or the kill).
    pub elapsed: Duration,
}

impl Output {
    /// A short human description of how the program ended.
    pub fn status(&self) -> String {
        match (self.timed_out, self.code) {
            (true, _) => format!("timed out after {:.0?} (killed)", self.elapsed),
            (false, Some(code)) => format!("exit status {code}"),
            (false, None) => "killed by a signal".to_string(),
        }
    }
}

/// Reads a pipe to its end on a helper thread; the result arrives on the channel.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error just truncates the captured output.
            let _ = pipe.read_to_end(&mut buf);
        }
        let _ = tx.send(buf);
    });
    rx
}

/// Collects a drained pipe. A grandchild that outlives the program may keep
/// the pipe open, so don't wait for its end forever.
fn collect(rx: &mpsc::Receiver<Vec<u8>>) -> String {
    match rx.recv_timeout(PIPE_GRACE) {
        Ok(buf) => String::from_utf8_lossy(&buf).into_owned(),
        Err(_) => "<output not closed: a child process kept the pipe open>".to_string(),
    }
}

/// Kills the program's whole process group (it runs in its own group), so that
/// processes it started die with it.
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
}

/// How [`run_with`] starts a program.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub cwd: PathBuf,
    /// Past this the program and its process group are killed.
    pub timeout: Duration,
    /// Variables to set, and (value `None`) to remove.
    pub env: Vec<(String, Option<String>)>,
    /// Written to its stdin, which is then closed (closed at once if `None`).
    pub stdin: Option<Vec<u8>>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            cwd: PathBuf::from("."),
            timeout: TIMEOUT,
            // A developer's setting must not change what the tests see.
            env: vec![
                ("CONC_GIL".into(), None),
                ("RUST_BACKTRACE".into(), None),
                ("CONC_RUST_BACKTRACE".into(), None),
            ],
            stdin: None,
        }
    }
}

/// Runs `program args...` in `cwd` with stdin closed, capturing stdout and
/// stderr, killing it (and its process group) after [`TIMEOUT`].
pub fn run(program: &Path, args: &[&Path], cwd: &Path) -> Result<Output, String> {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    run_with(
        program,
        &args,
        &RunOptions {
            cwd: cwd.to_path_buf(),
            ..RunOptions::default()
        },
    )
}

/// Runs `program args...` as `opts` say, capturing stdout and stderr; the
/// program runs in its own process group, killed whole at the timeout.
pub fn run_with<A: AsRef<std::ffi::OsStr>>(
    program: &Path,
    args: &[A],
    opts: &RunOptions,
) -> Result<Output, String> {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(&opts.cwd)
        .stdin(if opts.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    for (name, value) in &opts.env {
        match value {
            Some(v) => cmd.env(name, v),
            None => cmd.env_remove(name),
        };
    }
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    if let (Some(input), Some(mut pipe)) = (opts.stdin.clone(), child.stdin.take()) {
        // A writer thread: the program may not read all of it.
        thread::spawn(move || {
            use std::io::Write;
            let _ = pipe.write_all(&input);
        });
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= opts.timeout => {
                timed_out = true;
                kill_group(&mut child);
                break child
                    .wait()
                    .map_err(|e| format!("cannot wait for {}: {e}", program.display()))?;
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for {}: {e}", program.display())),
        }
    };
    let elapsed = start.elapsed();
    Ok(Output {
        stdout: collect(&stdout),
        stderr: collect(&stderr),
        code: if timed_out { None } else { status.code() },
        timed_out,
        elapsed,
    })
}

/// Applies `check` to every item on a few worker threads and returns the
/// results in the items' order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], check: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8)
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let result = check(item);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was checked"))
        .collect()
}

/// Indents every line of `text` for a failure report, marking an empty text.
pub fn indent(text: &str) -> String {
    if text.is_empty() {
        return "        <empty>\n".to_string();
    }
    text.lines().map(|l| format!("        {l}\n")).collect()
}

/// Prints the summary line and panics with the collected failure reports.
pub fn finish(kind: &str, total: usize, failures: &[String]) {
    let passed = total - failures.len();
    let summary = format!("{kind}: {passed} passed, {} failed", failures.len());
    println!("{summary}");
    if !failures.is_empty() {
        panic!("\n{}\n{summary}\n", failures.join("\n"));
    }
}

/// Writes `src` to `NAME` in this test binary's own temporary directory
/// (`conc-TAG-PID`) and returns its path.
pub fn script(tag: &str, name: &str, src: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("conc-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, src).unwrap();
    path
}

/// Writes `src` to `name` (in `conc-TAG-PID`), runs it with `flags`
/// before the script, and returns its output after checking that it ended
/// on its own with status 0.
pub fn run_script_ok(tag: &str, name: &str, flags: &[&str], src: &str) -> Output {
    let path = script(tag, name, src);
    let dir = path.parent().expect("script directory").to_path_buf();
    let mut args: Vec<&Path> = flags.iter().map(Path::new).collect();
    args.push(&path);
    let out = run(&conc_bin(), &args, &dir).expect("run conc");
    assert!(
        !out.timed_out && out.code == Some(0),
        "{name} {flags:?}: {}\nstdout:\n{}stderr:\n{}",
        out.status(),
        indent(&out.stdout),
        indent(&out.stderr)
    );
    out
}

/// The processes whose parent is `ppid`, with their state letter (`Z` for
/// a zombie), read from /proc.
pub fn children_of(ppid: u32) -> Vec<(u32, char)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let Some(rest) = stat.rsplit(')').next() else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.len() > 1 && fields[1] == ppid.to_string() {
            out.push((pid, fields[0].chars().next().unwrap_or('?')));
        }
    }
    out
}

/// True while `pid` runs (or sleeps): a zombie has exited.
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

/// The first line `child` prints, and the reader for the rest.
pub fn first_line(child: &mut Child) -> (String, std::io::BufReader<std::process::ChildStdout>) {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    (line, reader)
}
