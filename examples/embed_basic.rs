//! Embedding conc in a Rust program: typed results from expressions,
//! globals shared both ways, a script function called with Rust arguments,
//! and a script's exception as the host sees it.
//!
//! Run: `cargo run --release --example embed_basic`

use std::collections::BTreeMap;

use conc::{Config, Error, ExcKind, Interpreter};

/// The script the host loads: a price table and the functions that use it.
const PRICING: &str = r#"
class UnknownItem(LookupError):
    pass

def total(items, discount=0.0):
    cost = 0.0
    for item in items:
        if item not in prices:
            raise UnknownItem(f"no price for {item!r}")
        cost += prices[item]
    return round(cost * (1 - discount), 2)

def cheapest():
    name = min(prices, key=prices.get)
    return (name, prices[name])
"#;

fn main() -> Result<(), Error> {
    let mut interp = Interpreter::new(Config::default());
    conc::stdlib::install(&mut interp);

    // Expressions, with the result converted to the Rust type asked for.
    let sum: i64 = interp.eval("sum(range(1, 11))")?;
    println!("sum(range(1, 11)) = {sum}");
    let squares: Vec<u32> = interp.eval("[n * n for n in range(5)]")?;
    println!("squares = {squares:?}");
    let big: u128 = interp.eval("2 ** 100")?;
    println!("2 ** 100 = {big}");

    // A global set from Rust, then read back after the script changed it.
    let prices = BTreeMap::from([("apple", 0.5), ("pear", 0.75), ("melon", 2.0)]);
    interp.set_global("prices", prices)?;
    interp.run_source(PRICING, "pricing.conc")?;
    interp.run_source("prices['fig'] = 0.25", "update.conc")?;
    let prices: BTreeMap<String, f64> = interp.get_global("prices")?;
    println!("prices = {prices:?}");

    // Script functions called with Rust arguments and typed results.
    let cost: f64 = interp.call("total", (vec!["apple", "melon", "fig"], 0.1))?;
    println!("total(['apple', 'melon', 'fig'], 0.1) = {cost}");
    let (name, price): (String, f64) = interp.call("cheapest", ())?;
    println!("cheapest() = ({name:?}, {price})");

    // A conversion that does not fit is a conc exception too.
    let err = interp.eval::<u8>("len(prices) * 100").unwrap_err();
    println!("eval::<u8>: {err}");

    // An exception raised by the script: its type (a class the script
    // defined), its message and its traceback, readable without the
    // interpreter.
    let err = interp
        .call::<f64>("total", (vec!["apple", "kiwi"],))
        .unwrap_err();
    println!("error: {err}");
    if let Some(script) = err.script() {
        println!("type: {}", script.type_name());
        println!("message: {}", script.message());
        println!("is a LookupError: {}", script.is(ExcKind::LookupError));
        print!("traceback:\n{}", script.traceback());
    }
    Ok(())
}
