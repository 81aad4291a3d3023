//! `cargo run -p conc-grammar --example parse -- FILE...` parses files (or,
//! with `-e SRC`, source text where `\n` and `\t` are escapes) and prints the
//! result: the statement count and the time taken, or the error.

fn report(label: &str, src: &str) {
    let start = std::time::Instant::now();
    match conc_grammar::parse_module(src) {
        Ok(body) => println!(
            "{label}: {} statements in {:?}",
            body.len(),
            start.elapsed()
        ),
        Err(e) => println!("{label}: {e} (incomplete: {})", e.incomplete),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "-e" {
            let src = args
                .next()
                .unwrap_or_default()
                .replace("\\n", "\n")
                .replace("\\t", "\t");
            report(&format!("{src:?}"), &src);
        } else {
            match std::fs::read_to_string(&arg) {
                Ok(src) => report(&arg, &src),
                Err(e) => println!("{arg}: {e}"),
            }
        }
    }
}
