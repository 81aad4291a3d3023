// error: E0277
// The typed calls do not hand out a bare `Value`: it is no `FromValue`.
use conc_interp::value::Value;
use conc_interp::Interpreter;

fn main() {
    let mut interp = Interpreter::new(Default::default());
    let v = interp.eval::<Value>("[1, 2]").unwrap();
    drop(v);
}
