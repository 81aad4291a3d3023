//! Handles to conc objects held by the host: `Owned` keeps its object
//! alive across GIL scopes and threads; dropped without the GIL, the object
//! is released at the next scope; a handle used in another interpreter is
//! refused; errors leaving a scope carry no bare object.

use conc::{Error, Interpreter, Owned};

fn interp() -> Interpreter {
    let mut interp = Interpreter::new(conc::Config::default());
    conc::stdlib::install(&mut interp);
    interp
        .run_source(
            "import weakref\nclass Box:\n    pass\nbox = Box()\nalive = weakref.ref(box)\n",
            "handles.conc",
        )
        .unwrap();
    interp
}

#[test]
fn an_owned_handle_keeps_its_object_until_dropped_on_any_thread() {
    let mut interp = interp();
    let held: Owned = interp.get_global("box").unwrap();
    interp.run_source("del box", "del.conc").unwrap();
    assert!(interp.eval::<bool>("alive() is not None").unwrap());
    // Dropped on a host thread that never held the GIL: deferred.
    std::thread::spawn(move || drop(held)).join().unwrap();
    // The next scope releases it before running anything.
    assert!(interp.eval::<bool>("alive() is None").unwrap());
}

#[test]
fn clone_ref_and_release_count_like_references() {
    let mut interp = interp();
    let a: Owned = interp.get_global("box").unwrap();
    let b = interp.with_gil(|gil| a.clone_ref(gil));
    interp.run_source("del box", "del.conc").unwrap();
    interp.with_gil(|gil| a.release(gil));
    assert!(interp.eval::<bool>("alive() is not None").unwrap());
    interp.with_gil(|gil| b.release(gil));
    assert!(interp.eval::<bool>("alive() is None").unwrap());
}

#[test]
fn a_handle_of_another_interpreter_is_refused() {
    let mut one = interp();
    let mut two = interp();
    let theirs: Owned = one.get_global("box").unwrap();
    let err = two.set_global("foreign", theirs).unwrap_err();
    assert_eq!(err.type_name(), Some("RuntimeError"));
    assert!(err.to_string().contains("another interpreter"), "{err}");
}

#[test]
fn an_owned_handle_may_outlive_its_interpreter() {
    let mut interp = interp();
    let held: Owned = interp.get_global("box").unwrap();
    drop(interp);
    // Its object can no longer be released safely: it is leaked, not freed.
    drop(held);
}

#[test]
fn errors_of_a_scope_hold_their_exception_and_are_raised_again_as_is() {
    let mut interp = interp();
    interp
        .run_source(
            "class Refused(Exception):\n    pass\ndef refuse():\n    raise Refused('no')\n",
            "r.conc",
        )
        .unwrap();
    // The error leaves the scope and is dropped on another thread.
    let err = interp.with_gil(|gil| gil.global("refuse")?.call(()).map(drop));
    let err = err.unwrap_err();
    assert_eq!(err.to_string(), "Refused");
    std::thread::spawn(move || drop(err)).join().unwrap();
    // A host function re-raising it: the script catches its own class.
    interp
        .register_fn_with_gil("relay", |gil: conc::Gil<'_>, f: Owned| {
            f.bind(gil).call(()).map(drop)
        })
        .unwrap();
    interp
        .run_source(
            "try:\n    relay(refuse)\nexcept Refused as e:\n    caught = str(e)\n",
            "c.conc",
        )
        .unwrap();
    assert_eq!(interp.get_global::<String>("caught").unwrap(), "no");
    let captured: Error = interp.call::<()>("refuse", ()).unwrap_err();
    assert_eq!(captured.type_name(), Some("Refused"));
}
