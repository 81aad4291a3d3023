// error: E0277
// The token cannot be sent to another thread.
use conc_interp::Interpreter;

fn main() {
    let mut interp = Interpreter::new(Default::default());
    interp.with_gil(|gil| {
        std::thread::scope(|s| {
            s.spawn(move || gil.eval("1").is_ok());
        });
    });
}
