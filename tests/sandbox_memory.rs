//! The memory cap of untrusted scripts (`Config::memory_limit`), in a
//! binary of its own: it installs the counting allocator, and both the
//! cap's checks are process-wide, so the tests here take turns.

use std::sync::Mutex;

use conc::interp::sync::CountingAllocator;
use conc::Termination;
use conc::{Config, ExcKind, Interpreter};

#[global_allocator]
static HEAP: CountingAllocator = CountingAllocator::new(std::alloc::System);

/// The tests share the process's heap count: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const CAP: usize = 32 << 20;

fn interpreter() -> Interpreter {
    let mut interp = Interpreter::new(Config::default().memory_limit(CAP));
    conc::stdlib::install(&mut interp);
    interp
}

#[test]
fn one_allocation_above_the_cap_is_a_catchable_memory_error() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut interp = interpreter();
    for src in [
        "bytes(10 ** 8)",
        "'x' * 10 ** 8",
        "[0] * 10 ** 8",
        "'a'.ljust(10 ** 8)",
    ] {
        let err = interp.eval::<usize>(&format!("len({src})")).unwrap_err();
        assert!(err.is(ExcKind::MemoryError), "{src}: {err}");
        assert!(!err.is_terminated(), "{src}: {err}");
    }
    // The script may catch it and go on; below the cap all is allowed.
    let src = "\
try:
    big = bytearray(10 ** 8)
except MemoryError:
    big = bytearray(10 ** 6)
";
    interp.run_source(src, "catch.conc").unwrap();
    assert_eq!(interp.eval::<usize>("len(big)").unwrap(), 1_000_000);
}

#[test]
fn growth_past_the_cap_ends_the_run_uncatchably() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut interp = interpreter();
    let src = "\
hoard = []
while True:
    try:
        hoard.append('x' * 10000 + str(len(hoard)))
    except BaseException:
        pass
";
    let err = interp.run_source(src, "hoard.conc").unwrap_err();
    assert_eq!(err.termination(), Some(Termination::MemoryLimit), "{err}");
    assert_eq!(err.type_name(), Some("MemoryLimitExceeded"));
    // The script's data is still there; once the host drops it, the next
    // run has the whole cap again.
    let kept = interp.eval::<usize>("len(hoard)").unwrap();
    // The heap count is the process's, so only roughly: the strings kept
    // are most of the cap.
    assert!(kept * 10_000 >= CAP / 2, "{kept} strings");
    interp.run_source("del hoard\n", "free.conc").unwrap();
    interp
        .run_source("keep = ['y' * 1000 for _ in range(10000)]\n", "again.conc")
        .unwrap();
    assert_eq!(interp.eval::<usize>("len(keep)").unwrap(), 10_000);
}

#[test]
fn the_counting_allocator_follows_allocations_and_frees() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Blocks far larger than what the test harness's other threads may
    // allocate or free meanwhile.
    let before = CountingAllocator::allocated();
    let mut block = vec![0u8; 16 << 20];
    assert!(CountingAllocator::allocated() >= before + (15 << 20));
    block.resize(64 << 20, 1);
    assert!(CountingAllocator::allocated() >= before + (60 << 20));
    drop(block);
    assert!(CountingAllocator::allocated() < before + (8 << 20));
}
