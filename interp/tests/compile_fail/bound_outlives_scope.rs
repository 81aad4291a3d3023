// error: E0277
// A value of the scope cannot be returned from it: what a scope returns
// must be `Send`, and a `Bound` is not (its lifetime forbids it too).
use conc_interp::Interpreter;

fn main() {
    let mut interp = Interpreter::new(Default::default());
    let list = interp.with_gil(|gil| gil.eval("[1, 2]").unwrap());
    drop(list);
}
