// error: E0521
// The token of a host function's call cannot be kept after the call, even
// on the same thread (no thread-safety bound is involved: this is the
// token's lifetime alone).
use std::cell::Cell;

use conc_interp::{Error, Gil, Interpreter};

thread_local! {
    static KEPT: Cell<Option<Gil<'static>>> = const { Cell::new(None) };
}

fn main() {
    let mut interp = Interpreter::new(Default::default());
    interp
        .register_fn_with_gil("keep", |gil: Gil<'_>| {
            KEPT.with(|kept| kept.set(Some(gil)));
            Ok::<_, Error>(())
        })
        .unwrap();
}
