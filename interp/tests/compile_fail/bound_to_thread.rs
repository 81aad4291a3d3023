// error: E0277
// A value of the scope cannot be sent to another thread, even one that
// ends inside the scope.
use conc_interp::Interpreter;

fn main() {
    let mut interp = Interpreter::new(Default::default());
    interp.with_gil(|gil| {
        let list = gil.eval("[1, 2]").unwrap();
        std::thread::scope(|s| {
            s.spawn(move || drop(list));
        });
    });
}
