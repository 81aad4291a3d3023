// error: E0521
// The closure of a host thread's scope need not be `Send`, but a value of
// the scope still cannot be stored outside it.
use conc_interp::Interpreter;

fn main() {
    let interp = Interpreter::new(Default::default());
    let handle = interp.handle();
    let mut kept = None;
    handle.with_gil(|gil| {
        kept = Some(gil.eval("[1, 2]").unwrap());
    });
    drop(kept);
}
