fn main() {
    // Regenerates src/python.rs into OUT_DIR only when the grammar changes.
    lalrpop::Configuration::new()
        .set_in_dir("./src")
        .emit_rerun_directives(true)
        .process()
        .unwrap();
}
