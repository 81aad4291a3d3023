//! The compiler: AST to bytecode, the CPython way.
//!
//! `symtable` decides where every name lives (slot, cell, global, class
//! namespace); `codegen` (statements, blocks, functions, classes) and
//! `expr` (expressions, calls, comprehensions, assignment targets) emit the
//! instructions of `bytecode::opcode`; `assemble` resolves labels and
//! computes the stack depth when a code object is finished.

mod assemble;
mod codegen;
mod expr;
pub(crate) mod mangle;
mod operators;
mod patterns;
mod symtable;
#[cfg(test)]
mod tests;

use conc_grammar::ast;

use crate::bytecode::CodeRef;
use crate::value::Value;

/// What kind of source is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A file or `exec()` source: statements, result None.
    Exec,
    /// One REPL entry: top-level expression statements print their value.
    Interactive,
    /// `eval()`: the module is a single expression statement whose value the code returns.
    Eval,
}

/// A compile-time error; the VM raises it as `SyntaxError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub msg: String,
    pub line: u32,
    pub col: u32,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SyntaxError: {} (line {})", self.msg, self.line)
    }
}

impl std::error::Error for CompileError {}

/// Where a compilation inside an interpreter gets the str object of an
/// identifier (`Vm::intern`).
pub type Interner<'a> = &'a dyn Fn(&str) -> Value;

/// What a compilation asks its interner for the literal `...`: the
/// interpreter's one Ellipsis object.
pub const ELLIPSIS: &str = "...";

/// Compiles a parsed module to the code object of its body.
pub fn compile_module(
    module: &ast::Module,
    filename: &str,
    mode: Mode,
) -> Result<CodeRef, CompileError> {
    compile_module_interned(module, filename, mode, None)
}

/// `compile_module` with the names taken from an interpreter's table of
/// identifiers.
pub fn compile_module_interned(
    module: &ast::Module,
    filename: &str,
    mode: Mode,
    intern: Option<Interner<'_>>,
) -> Result<CodeRef, CompileError> {
    let st = symtable::SymTable::build(module)?;
    codegen::Compiler::new(st, filename, mode, intern).module(module)
}

/// Compiles a lone expression (for `eval()`): the code returns its value.
pub fn compile_expression(
    expr: &ast::Expr,
    filename: &str,
    intern: Option<Interner<'_>>,
) -> Result<CodeRef, CompileError> {
    let st = symtable::SymTable::build_expr(expr)?;
    codegen::Compiler::new(st, filename, Mode::Eval, intern).expression(expr)
}
