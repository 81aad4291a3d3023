// error: E0277
// The token cannot go into a closure that runs with the GIL released.
use conc_interp::Interpreter;

fn main() {
    let mut interp = Interpreter::new(Default::default());
    interp.with_gil(|gil| gil.allow_threads(move || gil.eval("1").is_ok()));
}
