// error: E0277
// A value of the scope cannot go into a closure that runs with the GIL
// released (cloning or dropping it there would race the counts).
use conc_interp::Interpreter;

fn main() {
    let mut interp = Interpreter::new(Default::default());
    interp.with_gil(|gil| {
        let list = gil.eval("[1, 2]").unwrap();
        gil.allow_threads(move || drop(list.clone()));
    });
}
