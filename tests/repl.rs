//! The REPL through a real pseudo-terminal (rexpect): prompts, echo of
//! results, `_`, a multi-line block, a traceback that does not end the
//! session, and Ctrl-D exiting with status 0. Every wait has a timeout.

use std::path::PathBuf;

use rexpect::session::{spawn_command, PtySession};

const TIMEOUT_MS: u64 = 20_000;

/// Starts `conc` in a pseudo-terminal of type `term`, with a fresh home
/// directory named after `tag` (for the history file) and the GIL mode left
/// to its default. The caller removes the home directory when done.
fn start_repl(tag: &str, term: &str) -> (PtySession, PathBuf) {
    let home = std::env::temp_dir().join(format!("{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_conc"));
    cmd.env("HOME", &home)
        .env("TERM", term)
        .env_remove("CONC_GIL");
    let p = spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn conc in a pty");
    (p, home)
}

#[test]
fn repl_session_in_a_pty() {
    let (mut p, home) = start_repl("conc-repl-home", "dumb");

    p.exp_string("type Ctrl-D to exit").expect("banner");
    p.exp_string(">>> ").expect("first prompt");

    p.send_line("1+1").unwrap();
    p.exp_string("2").expect("1+1 echoes 2");
    p.exp_string(">>> ").unwrap();

    p.send_line("def f(x):").unwrap();
    p.exp_string("... ").expect("continuation prompt");
    p.send_line("    return x*2").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("f(21)").unwrap();
    p.exp_string("42").expect("f(21) is 42");
    p.exp_string(">>> ").unwrap();

    p.send_line("_").unwrap();
    p.exp_string("42").expect("_ holds the last result");
    p.exp_string(">>> ").unwrap();

    p.send_line("1/0").unwrap();
    p.exp_string("ZeroDivisionError: division by zero")
        .expect("traceback");
    p.exp_string(">>> ").expect("prompt after an error");

    p.send_line("print('still' + ' alive')").unwrap();
    p.exp_string("still alive").unwrap();
    p.exp_string(">>> ").unwrap();

    p.send_control('d').unwrap();
    p.exp_eof().expect("exit on Ctrl-D");
    match p.process().wait().expect("wait") {
        rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("unexpected status {other:?}"),
    }
    assert!(home.join(".conc_history").exists(), "history saved");
    let _ = std::fs::remove_dir_all(&home);
}

/// Tab completion (names in scope, `module.attr`) and Ctrl-C cancelling the
/// line being typed, with a real terminal type so rustyline edits lines.
#[test]
fn repl_completion_and_ctrl_c() {
    let (mut p, home) = start_repl("conc-repl-home2", "xterm");
    p.exp_string(">>> ").expect("first prompt");

    p.send_line("import math").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("unique_name_here = 7").unwrap();
    p.exp_string(">>> ").unwrap();
    // A unique global completes fully; `math.fact` completes to factorial.
    p.send("unique_na\t").unwrap();
    p.flush().unwrap();
    p.exp_string("unique_name_here").expect("global completed");
    p.send(" + math.fact\t").unwrap();
    p.flush().unwrap();
    p.exp_string("factorial").expect("attribute completed");
    p.send_line("(3)").unwrap();
    p.exp_string("13").expect("7 + 3! = 13");
    p.exp_string(">>> ").unwrap();

    p.send("this line is abandoned").unwrap();
    p.flush().unwrap();
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt")
        .expect("Ctrl-C cancels the line");
    p.exp_string(">>> ").unwrap();
    p.send_line("2*21").unwrap();
    p.exp_string("42").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().expect("exit on Ctrl-D");
    let _ = std::fs::remove_dir_all(&home);
}

/// Ctrl-C while code runs interrupts it and returns to the prompt; a
/// background thread keeps running while the REPL waits for a line.
#[test]
fn repl_ctrl_c_interrupts_running_code_and_threads_run_while_idle() {
    let (mut p, home) = start_repl("conc-repl-int", "dumb");
    p.exp_string(">>> ").expect("first prompt");
    p.send_line("import threading, time").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("ticks = []").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line(
        "threading.Thread(target=lambda: [ticks.append(time.sleep(0.01)) for _ in range(20)], daemon=True).start()",
    )
    .unwrap();
    p.exp_string(">>> ").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    p.send_line("len(ticks)").unwrap();
    p.exp_string("20")
        .expect("the thread ran while the REPL waited");
    p.exp_string(">>> ").unwrap();
    p.send_line("while True: pass").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt")
        .expect("the loop was interrupted");
    p.exp_string(">>> ").expect("back at the prompt");
    p.send_line("print('after' + ' interrupt')").unwrap();
    p.exp_string("after interrupt").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().expect("exit on Ctrl-D");
    let _ = std::fs::remove_dir_all(&home);
}

/// SIGINT sent to the REPL process (as a terminal's Ctrl-C or `kill -INT`
/// would) while an entry sleeps, waits in a join or spins in a function:
/// each time a `KeyboardInterrupt` traceback naming the line that was
/// running, then the prompt again, in the same session.
#[test]
fn repl_sigint_interrupts_sleep_join_and_loops() {
    use rexpect::process::Signal;
    let (mut p, home) = start_repl("conc-repl-sigint", "dumb");
    p.exp_string(">>> ").expect("first prompt");
    p.send_line("import threading, time").unwrap();
    p.exp_string(">>> ").unwrap();
    let interrupt = |p: &mut rexpect::session::PtySession| {
        // Let the entry start running before the signal arrives.
        std::thread::sleep(std::time::Duration::from_millis(500));
        p.process_mut().signal(Signal::SIGINT).expect("send SIGINT");
    };

    // Each wait below is far longer than the session's timeout: only the
    // interrupt can bring the prompt back in time.
    p.send_line("time.sleep(60)").unwrap();
    interrupt(&mut p);
    p.exp_string("KeyboardInterrupt")
        .expect("the sleep was interrupted");
    p.exp_string(">>> ")
        .expect("back at the prompt after the sleep");

    p.send_line(
        "t = threading.Thread(target=time.sleep, args=(60,), daemon=True); t.start(); t.join()",
    )
    .unwrap();
    interrupt(&mut p);
    p.exp_string("KeyboardInterrupt")
        .expect("the join was interrupted");
    p.exp_string(">>> ")
        .expect("back at the prompt after the join");

    p.send_line("def spin():").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("    n = 0").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("    while True:").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("        n += 1").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("spin()").unwrap();
    interrupt(&mut p);
    p.exp_string("Traceback (most recent call last):").unwrap();
    p.exp_string("line 1, in <module>")
        .expect("the entry's line");
    let (_, at) = p
        .exp_regex(r"line (\d+), in spin")
        .expect("the function's frame");
    assert!(
        at.contains("line 3") || at.contains("line 4"),
        "the traceback points into the loop: {at}"
    );
    p.exp_string("KeyboardInterrupt").unwrap();
    p.exp_string(">>> ")
        .expect("back at the prompt after the loop");

    p.send_line("print('still', 'here')").unwrap();
    p.exp_string("still here").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().expect("exit on Ctrl-D");
    let _ = std::fs::remove_dir_all(&home);
}
