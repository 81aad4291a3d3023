// error: E0277
// A host thread's scope keeps the rule of `Interpreter::with_gil`: the
// token cannot be returned from it (not `Send`, and its lifetime ends).
use conc_interp::Interpreter;

fn main() {
    let interp = Interpreter::new(Default::default());
    let handle = interp.handle();
    let gil = handle.with_gil(|gil| gil);
    let _ = gil;
}
