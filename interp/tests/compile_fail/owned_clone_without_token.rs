// error: E0599
// An `Owned` handle is cloned only with the token (`clone_ref`).
use conc_interp::{Interpreter, Owned};

fn main() {
    let mut interp = Interpreter::new(Default::default());
    let list: Owned = interp.eval("[1, 2]").unwrap();
    let copy = std::thread::spawn(move || list.clone()).join();
    drop(copy);
}
