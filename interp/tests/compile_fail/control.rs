// The cases beside this file, written correctly: this program must
// compile, or the harness itself is broken.
use conc_interp::{Interpreter, Owned};

fn main() {
    let mut interp = Interpreter::new(Default::default());
    // Values leave a scope as Rust values or as `Owned` handles.
    let list: Owned = interp.with_gil(|gil| gil.eval("[1, 2]").unwrap().unbind());
    let total: i64 = interp.eval("1 + 2").unwrap();
    interp.with_gil(|gil| {
        // An `Owned` is cloned with the token, may go into a closure that
        // runs without the GIL, and to another thread.
        let copy = list.clone_ref(gil);
        gil.allow_threads(move || drop(copy));
        let bound = list.bind(gil);
        let n: usize = bound.len().unwrap();
        std::thread::scope(|s| {
            s.spawn(move || n + total as usize);
        });
    });
    // A host thread takes the GIL itself through a handle; its scope may
    // borrow from the caller (the closure need not be `Send`).
    let handle = interp.handle();
    let list = std::rc::Rc::new(list);
    let n: usize = handle.with_gil(|gil| list.bind(gil).len().unwrap());
    std::thread::spawn(move || handle.with_gil(|gil| gil.eval("1").is_ok()))
        .join()
        .unwrap();
    drop((list, n));
}
