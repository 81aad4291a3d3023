//! The `conc` command line through the real binary: `-c`, `-`, piped stdin,
//! files with arguments, `sys.argv`, exit statuses, `--version`, usage errors
//! and the GIL switches.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn conc(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conc"))
        .args(args)
        .env_remove("CONC_GIL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn conc");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).expect("write stdin");
        }
    }
    child.wait_with_output().expect("wait conc")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn dash_c_runs_code_and_sets_argv() {
    let o = conc(
        &[
            "-c",
            "import sys; print(1 + 2); print(sys.argv)",
            "a",
            "-x",
            "--no-gil",
        ],
        None,
    );
    assert_eq!(
        stdout(&o),
        "3\n['-c', 'a', '-x', '--no-gil']\n",
        "stderr: {}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn dash_reads_program_from_stdin() {
    let o = conc(&["-", "arg1"], Some("import sys\nprint('hi', sys.argv)\n"));
    assert_eq!(stdout(&o), "hi ['-', 'arg1']\n", "stderr: {}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn piped_stdin_without_arguments_is_a_program() {
    let o = conc(&[], Some("x = 6\nprint(x * 7)\n"));
    assert_eq!(stdout(&o), "42\n", "stderr: {}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn file_with_arguments() {
    let dir = std::env::temp_dir().join(format!("conc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("prog.conc");
    std::fs::write(&path, "import sys\nprint(sys.argv[1:])\n").unwrap();
    let p = path.to_str().unwrap();
    let o = conc(&[p, "one", "-i", "two"], None);
    assert_eq!(
        stdout(&o),
        "['one', '-i', 'two']\n",
        "stderr: {}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exit_statuses() {
    let o = conc(&["-c", "1/0"], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("Traceback (most recent call last):"),
        "stderr: {err}"
    );
    assert!(
        err.trim_end()
            .ends_with("ZeroDivisionError: division by zero"),
        "stderr: {err}"
    );

    assert_eq!(
        conc(&["-c", "import sys; sys.exit(3)"], None).status.code(),
        Some(3)
    );
    assert_eq!(
        conc(&["-c", "import sys; sys.exit()"], None).status.code(),
        Some(0)
    );
    let o = conc(&["-c", "import sys; sys.exit('bye')"], None);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).trim_end(), "bye");
    assert_eq!(
        conc(&["-c", "raise KeyboardInterrupt"], None).status.code(),
        Some(130)
    );
    let o = conc(&["-c", "x = (1,"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("SyntaxError"), "stderr: {}", stderr(&o));
}

#[test]
fn version_help_and_usage_errors() {
    let o = conc(&["--version"], None);
    assert_eq!(stdout(&o).trim(), "conc 0.1.0");
    assert_eq!(o.status.code(), Some(0));
    let o = conc(&["--help"], None);
    assert!(stdout(&o).contains("Usage: conc"), "help: {}", stdout(&o));
    assert_eq!(o.status.code(), Some(0));
    let o = conc(&["--bogus"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = conc(&["/nonexistent/file.conc"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("can't open file"),
        "stderr: {}",
        stderr(&o)
    );
}

#[test]
fn gil_switches_choose_the_mode() {
    for (args, enabled) in [
        (
            &["--no-gil", "-c", "import sys; print(sys.gil_enabled())"][..],
            "False",
        ),
        (
            &["-X", "gil=0", "-c", "import sys; print(sys.gil_enabled())"],
            "False",
        ),
        (
            &["-X", "gil=1", "-c", "import sys; print(sys.gil_enabled())"],
            "True",
        ),
        (&["-c", "import sys; print(sys._is_gil_enabled())"], "True"),
    ] {
        let o = conc(args, None);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o).trim(), enabled, "{args:?}");
    }
    let o = conc(&["-X", "bogus", "-c", "pass"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = conc(&["--switch-interval", "0", "-c", "pass"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn dis_prints_bytecode() {
    let dir = std::env::temp_dir().join(format!("conc-dis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("f.conc");
    std::fs::write(&path, "def f(x):\n    return x + 1\n").unwrap();
    let o = conc(&["--dis", path.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains("ReturnValue"), "dis: {}", stdout(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dash_i_runs_the_file_then_reads_stdin() {
    let dir = std::env::temp_dir().join(format!("conc-inspect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("i.conc");
    std::fs::write(&path, "x = 21\n").unwrap();
    let o = conc(&["-i", path.to_str().unwrap()], Some("print(x * 2)\n"));
    assert!(
        stdout(&o).contains("42"),
        "stdout: {} stderr: {}",
        stdout(&o),
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a conc run with `CONC_HASHSEED` set to `seed` (unset for `None`)
/// prints for `hash('spam')`, `hash(b'spam')` and a set of strings.
fn hashes(seed: Option<&str>) -> Vec<String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conc"));
    cmd.args([
        "-c",
        "print(hash('spam')); print(hash(b'spam')); print(list(set('abcdefghij')))",
    ]);
    match seed {
        Some(s) => cmd.env("CONC_HASHSEED", s),
        None => cmd.env_remove("CONC_HASHSEED"),
    };
    let o = cmd.output().expect("run conc");
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    stdout(&o).lines().map(str::to_string).collect()
}

#[test]
fn conc_hashseed_fixes_str_hashes_else_each_run_draws_a_key() {
    let zero = hashes(Some("0"));
    assert_eq!(zero.len(), 3, "{zero:?}");
    // ASCII text hashes alike as str and bytes, as in CPython.
    assert_eq!(zero[0], zero[1]);
    assert_eq!(hashes(Some("0")), zero);
    assert_eq!(hashes(Some("4294967295")), hashes(Some("4294967295")));
    assert_ne!(hashes(Some("1"))[0], zero[0]);
    // A random key per process: two runs share a 64-bit hash by chance
    // only (about 2^-64).
    assert_ne!(hashes(None)[0], hashes(None)[0]);
    assert_ne!(hashes(Some("random"))[0], hashes(Some("random"))[0]);
}

/// A `CONC_HASHSEED` that is neither `random` nor an integer in
/// `0..=4294967295` stops conc before it runs anything (CPython refuses a
/// bad `PYTHONHASHSEED` the same way), with a message naming the variable.
#[test]
fn an_invalid_conc_hashseed_is_refused() {
    for bad in ["abc", "-1", "4294967296", "5 ", "0x10"] {
        let o = Command::new(env!("CARGO_BIN_EXE_conc"))
            .args(["-c", "print('ran')"])
            .env("CONC_HASHSEED", bad)
            .output()
            .expect("run conc");
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{bad:?}");
        assert!(
            stderr(&o).starts_with(
                "conc: CONC_HASHSEED must be \"random\" or an integer in range [0; 4294967295]"
            ),
            "{bad:?}: {}",
            stderr(&o)
        );
    }
    // What CPython's strtoul accepts is accepted: leading blanks, a sign.
    assert_eq!(hashes(Some(" +7")), hashes(Some("7")));
    assert_eq!(hashes(Some("-0")), hashes(Some("0")));
    assert_eq!(hashes(Some("")).len(), 3);
}
