// error: E0277
// The token cannot be returned from its scope: what a scope returns must
// be `Send`, and the token is not (its lifetime forbids it too).
use conc_interp::Interpreter;

fn main() {
    let mut interp = Interpreter::new(Default::default());
    let gil = interp.with_gil(|gil| gil);
    let _ = gil;
}
