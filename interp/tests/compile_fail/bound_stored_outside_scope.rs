// error: E0277
// A value of the scope cannot be stored in a variable that outlives it:
// the scope's closure is `Send`, and a borrow of a place holding a
// `Bound` is not.
use conc_interp::{Bound, Interpreter};

fn main() {
    let mut interp = Interpreter::new(Default::default());
    let mut kept: Option<Bound<'_>> = None;
    interp.with_gil(|gil| {
        kept = Some(gil.eval("[1, 2]").unwrap());
    });
    drop(kept);
}
