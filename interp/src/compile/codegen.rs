//! Code generation: the compiler state, code units, name access and
//! statements (blocks, loops, try/with unwinding, functions and classes).
//! Expressions live in `expr.rs`.

use std::collections::HashMap;
use std::sync::Arc;

use conc_grammar::ast::{self, Constant, Expr, ExprKind, Stmt, StmtKind};

use super::symtable::{Resolved, ScopeId, ScopeKind, SymTable};
use super::{CompileError, Mode};
use crate::bytecode::code::flags;
use crate::bytecode::{CodeRef, Op};
use crate::object::Object;
use crate::value::Value;

pub(super) type CResult<T = ()> = Result<T, CompileError>;

/// A forward or backward jump target inside one code unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Label(pub u32);

/// Constants deduplicated per code object (1, 1.0 and True stay distinct).
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
    Bytes(Vec<u8>),
}

/// An active block that `return`/`break`/`continue` must unwind
/// (CPython's fblocks).
#[derive(Clone)]
pub(super) enum FBlock<'a> {
    WhileLoop {
        head: Label,
        exit: Label,
    },
    /// The iterator is on the stack.
    ForLoop {
        head: Label,
        exit: Label,
    },
    /// The body of `try`/`except`: a SetupExcept block is active.
    TryExcept,
    /// The body of `try`/`finally`: leaving runs the final body inline.
    FinallyTry {
        body: &'a [Stmt],
    },
    /// The exception path of a `finally`: the exception is on the stack and a handler block is active.
    FinallyEnd,
    /// A `with` body: `__exit__` is on the stack, a SetupExcept block is active.
    With,
    /// An `except` body: a handler block is active; with `as name` also the
    /// cleanup SetupExcept block.
    Handler {
        name: Option<&'a str>,
    },
    /// A value (the pending return value) to drop when jumping out.
    PopValue,
}

pub(super) struct Unit<'a> {
    pub scope: ScopeId,
    pub ops: Vec<Op>,
    pub lines: Vec<u32>,
    pub consts: Vec<Value>,
    const_map: HashMap<ConstKey, u32>,
    pub names: Vec<Value>,
    name_map: HashMap<String, u32>,
    pub varnames: Vec<String>,
    var_map: HashMap<String, u32>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    /// Label positions (`u32::MAX` while unbound).
    pub labels: Vec<u32>,
    pub fblocks: Vec<FBlock<'a>>,
    pub line: u32,
    pub first_line: u32,
    pub flags: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub docstring: Option<String>,
}

pub(super) struct Compiler<'a> {
    pub st: SymTable,
    pub units: Vec<Unit<'a>>,
    pub filename: Arc<str>,
    pub mode: Mode,
    /// One str object per distinct name in the whole compilation, so that
    /// dict keys stored by one code object are the very objects another
    /// looks up (identity compares before text in the VM's caches).
    pub interned: HashMap<String, Value>,
    /// The interpreter's table of identifiers (`Vm::intern`), when the
    /// compilation runs inside one: names shared with the builtins, other
    /// modules and the VM's own special names are then one object, which
    /// the VM's caches compare by identity.
    pub intern: Option<&'a dyn Fn(&str) -> Value>,
    /// `from __future__ import annotations`: annotations of module and
    /// class variables are recorded as their source text.
    pub future_annotations: bool,
}

fn err(msg: impl Into<String>, pos: ast::Pos) -> CompileError {
    CompileError {
        msg: msg.into(),
        line: pos.line,
        col: pos.col,
    }
}

/// Whether a module or class body annotates a simple name anywhere in its
/// own scope (then it gets an `__annotations__` dict first).
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { target, .. } => matches!(target.kind, ExprKind::Name(_)),
        StmtKind::If { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::For { body, orelse, .. } => has_annotations(body) || has_annotations(orelse),
        StmtKind::With { body, .. } => has_annotations(body),
        StmtKind::Match { cases, .. } => cases.iter().any(|c| has_annotations(&c.body)),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            has_annotations(body)
                || handlers.iter().any(|h| has_annotations(&h.body))
                || has_annotations(orelse)
                || has_annotations(finalbody)
        }
        _ => false,
    })
}

/// The source form of an annotation under `from __future__ import
/// annotations` (the common shapes; anything else reads `...`).
fn annotation_text(e: &Expr) -> String {
    let list = |items: &[Expr]| {
        items
            .iter()
            .map(annotation_text)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &e.kind {
        ExprKind::Name(n) => n.clone(),
        ExprKind::Constant(Constant::Str(s)) => format!("{s:?}").replace('"', "'"),
        ExprKind::Constant(Constant::None) => "None".into(),
        ExprKind::Constant(Constant::Ellipsis) => "...".into(),
        ExprKind::Attribute { value, attr } => format!("{}.{attr}", annotation_text(value)),
        ExprKind::Subscript { value, index } => {
            let inner = match &index.kind {
                ExprKind::Tuple(items) if !items.is_empty() => list(items),
                _ => annotation_text(index),
            };
            format!("{}[{inner}]", annotation_text(value))
        }
        ExprKind::Tuple(items) => format!("({})", list(items)),
        ExprKind::List(items) => format!("[{}]", list(items)),
        ExprKind::BinOp {
            left,
            op: ast::BinOp::BitOr,
            right,
        } => format!("{} | {}", annotation_text(left), annotation_text(right)),
        _ => "...".into(),
    }
}

/// Whether a module body starts with `from __future__ import annotations`.
fn imports_future_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::ImportFrom { module, names, .. } => {
            module == "__future__" && names.iter().any(|a| a.name == "annotations")
        }
        _ => false,
    })
}

/// Whether `s` has the shape of an identifier (ASCII letters, digits and
/// `_`, not starting with a digit): the texts worth interning.
fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && s.len() <= 64
}

/// The docstring of a body, if its first statement is a string literal.
fn docstring_of(body: &[Stmt]) -> Option<&str> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Constant(Constant::Str(s)),
            ..
        })) => Some(s),
        _ => None,
    }
}

impl<'a> Compiler<'a> {
    pub fn new(
        st: SymTable,
        filename: &str,
        mode: Mode,
        intern: Option<&'a dyn Fn(&str) -> Value>,
    ) -> Self {
        Compiler {
            st,
            units: Vec::new(),
            filename: filename.into(),
            mode,
            interned: HashMap::new(),
            intern,
            future_annotations: false,
        }
    }

    // ---- units -------------------------------------------------------

    pub fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a code unit is open")
    }

    pub fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("a code unit is open")
    }

    pub fn scope_kind(&self) -> ScopeKind {
        self.st.scopes[self.ur().scope].kind
    }

    pub fn enter(&mut self, scope: ScopeId, line: u32) {
        let sc = &self.st.scopes[scope];
        let mut u = Unit {
            scope,
            ops: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            const_map: HashMap::new(),
            names: Vec::new(),
            name_map: HashMap::new(),
            varnames: Vec::new(),
            var_map: HashMap::new(),
            cellvars: sc.cellvars.clone(),
            freevars: sc.freevars.clone(),
            labels: Vec::new(),
            fblocks: Vec::new(),
            line,
            first_line: line,
            flags: 0,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            docstring: None,
        };
        if matches!(sc.kind, ScopeKind::Function | ScopeKind::Comprehension) {
            for n in sc.params.iter().chain(sc.plain_locals()) {
                u.var_map.insert(n.clone(), u.varnames.len() as u32);
                u.varnames.push(n.clone());
            }
        }
        if sc.generator {
            u.flags |= flags::GENERATOR;
        }
        self.units.push(u);
    }

    /// Closes the current unit into a code object.
    pub fn leave(&mut self) -> CodeRef {
        let u = self.units.pop().expect("a code unit is open");
        let sc = &self.st.scopes[u.scope];
        super::assemble::assemble(u, sc, &self.filename)
    }

    // ---- emission ----------------------------------------------------

    pub fn emit(&mut self, op: Op) {
        let u = self.u();
        u.ops.push(op);
        let line = u.line;
        u.lines.push(line);
    }

    /// True when the last op returns and no jump lands after it (the
    /// implicit `return None` would be dead code).
    fn ends_in_return(&self) -> bool {
        let u = self.ur();
        let end = u.ops.len() as u32;
        matches!(u.ops.last(), Some(Op::ReturnValue)) && !u.labels.contains(&end)
    }

    pub fn new_label(&mut self) -> Label {
        let u = self.u();
        u.labels.push(u32::MAX);
        Label(u.labels.len() as u32 - 1)
    }

    pub fn bind(&mut self, l: Label) {
        let u = self.u();
        u.labels[l.0 as usize] = u.ops.len() as u32;
    }

    /// Emits a jump-family op whose operand is a label (resolved in `assemble`).
    pub fn jump(&mut self, mk: fn(u32) -> Op, l: Label) {
        self.emit(mk(l.0));
    }

    pub fn add_const(&mut self, v: Value, key: Option<ConstKey>) -> u32 {
        let u = self.u();
        if let Some(k) = &key {
            if let Some(&i) = u.const_map.get(k) {
                return i;
            }
        }
        let i = u.consts.len() as u32;
        u.consts.push(v);
        if let Some(k) = key {
            u.const_map.insert(k, i);
        }
        i
    }

    pub fn load_const(&mut self, c: &Constant) {
        let (v, k) = match c {
            Constant::Str(s) => (self.str_const(s), Some(ConstKey::Str(s.clone()))),
            _ => const_value(c, self.intern),
        };
        let i = self.add_const(v, k);
        self.emit(Op::LoadConst(i));
    }

    pub fn load_none(&mut self) {
        self.load_const(&Constant::None);
    }

    pub fn load_str(&mut self, s: &str) {
        let v = self.str_const(s);
        let i = self.add_const(v, Some(ConstKey::Str(s.to_string())));
        self.emit(Op::LoadConst(i));
    }

    /// The name-table index of attribute `attr` (mangled if private).
    pub fn attr_index(&mut self, attr: &str) -> u32 {
        let name = self.mangled(attr);
        self.name_index(&name)
    }

    /// The str object of the identifier `name`: one per distinct name in
    /// the compilation, the interpreter's own if there is one.
    pub fn name_value(&mut self, name: &str) -> Value {
        if let Some(v) = self.interned.get(name) {
            return v.clone();
        }
        let v = match self.intern {
            Some(intern) => intern(name),
            None => Value::str(name),
        };
        self.interned.insert(name.to_string(), v.clone());
        v
    }

    /// A str constant: identifier-like texts (attribute names given to
    /// `getattr`, dict keys written as literals) are interned like names.
    pub fn str_const(&mut self, s: &str) -> Value {
        if is_identifier(s) {
            self.name_value(s)
        } else {
            Value::str(s)
        }
    }

    pub fn name_index(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.name_map.get(name) {
            return i;
        }
        let v = self.name_value(name);
        let u = self.u();
        let i = u.names.len() as u32;
        u.names.push(v);
        u.name_map.insert(name.to_string(), i);
        i
    }

    fn cell_index(&self, name: &str) -> Option<u32> {
        let u = self.ur();
        if let Some(i) = u.cellvars.iter().position(|n| n == name) {
            return Some(i as u32);
        }
        u.freevars
            .iter()
            .position(|n| n == name)
            .map(|i| (u.cellvars.len() + i) as u32)
    }

    /// Pushes the cell of `name` for a closure tuple.
    pub fn load_closure(&mut self, name: &str, pos: ast::Pos) -> CResult {
        match self.cell_index(name) {
            Some(i) => {
                self.emit(Op::LoadClosure(i));
                Ok(())
            }
            None => Err(err(
                format!("internal compiler error: no cell for '{name}'"),
                pos,
            )),
        }
    }

    // ---- names ---------------------------------------------------------

    /// A variable or attribute name as the current scope spells it: a
    /// private name inside a class is mangled (`mangle.rs`).
    pub fn mangled<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        self.st.scopes[self.ur().scope].mangle(name)
    }

    /// Emits the load (`Load`), store or delete of a variable, choosing the
    /// instruction family from the scope analysis.
    pub fn name_op(&mut self, name: &str, access: Access) {
        let name = self.mangled(name);
        let name = &*name;
        let sc = &self.st.scopes[self.ur().scope];
        let kind = sc.kind;
        let res = sc.resolve(name);
        let fast = matches!(kind, ScopeKind::Function | ScopeKind::Comprehension);
        match res {
            Resolved::Cell | Resolved::Free => {
                if let Some(i) = self.cell_index(name) {
                    let op = match access {
                        Access::Load if kind == ScopeKind::Class => Op::LoadClassDeref(i),
                        Access::Load => Op::LoadDeref(i),
                        Access::Store => Op::StoreDeref(i),
                        Access::Delete => Op::DeleteDeref(i),
                    };
                    return self.emit(op);
                }
            }
            Resolved::Local if fast => {
                if let Some(&i) = self.ur().var_map.get(name) {
                    let op = match access {
                        Access::Load => Op::LoadFast(i),
                        Access::Store => Op::StoreFast(i),
                        Access::Delete => Op::DeleteFast(i),
                    };
                    return self.emit(op);
                }
            }
            _ => {}
        }
        let i = self.name_index(name);
        let global = match kind {
            ScopeKind::Module => true,
            ScopeKind::Class => res == Resolved::GlobalExplicit,
            _ => true,
        };
        let op = match (global, access) {
            (true, Access::Load) => Op::LoadGlobal(i),
            (true, Access::Store) => Op::StoreGlobal(i),
            (true, Access::Delete) => Op::DeleteGlobal(i),
            (false, Access::Load) => Op::LoadName(i),
            (false, Access::Store) => Op::StoreName(i),
            (false, Access::Delete) => Op::DeleteName(i),
        };
        self.emit(op);
    }

    // ---- top level -----------------------------------------------------

    pub fn module(mut self, module: &'a ast::Module) -> CResult<CodeRef> {
        self.enter(0, module.first().map_or(1, |s| s.pos.line));
        self.u().flags |= flags::MODULE;
        if self.mode == Mode::Eval {
            match module.as_slice() {
                [Stmt {
                    kind: StmtKind::Expr(e),
                    ..
                }] => {
                    self.expr(e)?;
                    self.emit(Op::ReturnValue);
                    return Ok(self.leave());
                }
                _ => {
                    let pos = module.first().map_or_else(Default::default, |s| s.pos);
                    return Err(err("invalid syntax", pos));
                }
            }
        }
        let mut body: &[Stmt] = module;
        if self.mode == Mode::Exec {
            if let Some(doc) = docstring_of(module) {
                self.u().line = module[0].pos.line;
                self.load_str(doc);
                self.name_op("__doc__", Access::Store);
                body = &module[1..];
            }
        }
        self.future_annotations = imports_future_annotations(body);
        self.setup_annotations(body);
        self.stmts(body)?;
        self.load_none();
        self.emit(Op::ReturnValue);
        Ok(self.leave())
    }

    pub fn expression(mut self, e: &'a Expr) -> CResult<CodeRef> {
        self.enter(0, e.pos.line);
        self.u().flags |= flags::MODULE;
        self.expr(e)?;
        self.emit(Op::ReturnValue);
        Ok(self.leave())
    }

    // ---- statements ----------------------------------------------------

    pub fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        self.u().line = s.pos.line;
        match &s.kind {
            StmtKind::Expr(e) => {
                if self.mode == Mode::Interactive && self.units.len() == 1 {
                    self.expr(e)?;
                    self.emit(Op::PrintExpr);
                } else if !matches!(e.kind, ExprKind::Constant(_)) {
                    self.expr(e)?;
                    self.emit(Op::Pop);
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Copy(1));
                    }
                    self.store_target(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.store_target(target)?;
                } else if !matches!(target.kind, ExprKind::Name(_)) {
                    self.check_target(target)?;
                }
                if let ExprKind::Name(n) = &target.kind {
                    if matches!(self.scope_kind(), ScopeKind::Module | ScopeKind::Class) {
                        // `__annotations__[name] = annotation`.
                        if self.future_annotations {
                            self.load_str(&annotation_text(annotation));
                        } else {
                            self.expr(annotation)?;
                        }
                        self.name_op("__annotations__", Access::Load);
                        let n = self.mangled(n);
                        self.load_str(&n);
                        self.emit(Op::StoreSubscr);
                    }
                }
            }
            StmtKind::If { test, body, orelse } => {
                let else_l = self.new_label();
                self.jump_if(test, false, else_l)?;
                self.stmts(body)?;
                if orelse.is_empty() {
                    self.bind(else_l);
                } else {
                    let end = self.new_label();
                    self.jump(Op::Jump, end);
                    self.bind(else_l);
                    self.stmts(orelse)?;
                    self.bind(end);
                }
            }
            StmtKind::While { test, body, orelse } => self.while_loop(test, body, orelse)?,
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let (head, else_l, end) = (self.new_label(), self.new_label(), self.new_label());
                self.expr(iter)?;
                self.emit(Op::GetIter);
                self.bind(head);
                self.u().line = s.pos.line;
                self.jump(Op::ForIter, else_l);
                self.store_target(target)?;
                self.u().fblocks.push(FBlock::ForLoop { head, exit: end });
                self.stmts(body)?;
                self.u().fblocks.pop();
                self.u().line = s.pos.line;
                self.jump(Op::JumpBackward, head);
                self.bind(else_l);
                self.stmts(orelse)?;
                self.bind(end);
            }
            StmtKind::FunctionDef(fd) => self.function_def(fd, s.pos)?,
            StmtKind::ClassDef(cd) => self.class_def(cd, s.pos)?,
            StmtKind::Return(value) => self.return_stmt(value.as_ref(), s.pos)?,
            StmtKind::Pass => {}
            StmtKind::Break => self.break_continue(true, s.pos)?,
            StmtKind::Continue => self.break_continue(false, s.pos)?,
            StmtKind::Raise { exc, cause } => {
                let n = match (exc, cause) {
                    (None, _) => 0,
                    (Some(e), None) => {
                        self.expr(e)?;
                        1
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        2
                    }
                };
                self.emit(Op::RaiseVarargs(n));
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, finalbody)?;
                }
            }
            StmtKind::With { items, body } => self.with_stmt(items, body)?,
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases)?,
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let i = self.name_index(&a.name);
                    match &a.asname {
                        Some(asname) => {
                            self.emit(Op::ImportName(i));
                            self.name_op(asname, Access::Store);
                        }
                        None => {
                            self.emit(Op::ImportTop(i));
                            let top = a.name.split('.').next().unwrap_or(&a.name);
                            self.name_op(top, Access::Store);
                        }
                    }
                }
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                if *level > 0 {
                    return Err(err("relative imports are not supported", s.pos));
                }
                let i = self.name_index(module);
                self.emit(Op::ImportName(i));
                if names.len() == 1 && names[0].name == "*" {
                    self.emit(Op::ImportStar);
                } else {
                    for a in names {
                        let j = self.name_index(&a.name);
                        self.emit(Op::ImportFrom(j));
                        self.name_op(a.asname.as_deref().unwrap_or(&a.name), Access::Store);
                    }
                    self.emit(Op::Pop);
                }
            }
            StmtKind::Assert { test, msg } => {
                let ok = self.new_label();
                self.jump_if(test, true, ok)?;
                self.emit(Op::LoadAssertionError);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Op::Call(1));
                }
                self.emit(Op::RaiseVarargs(1));
                self.bind(ok);
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete_target(t)?;
                }
            }
        }
        Ok(())
    }

    fn while_loop(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> CResult {
        let line = self.ur().line;
        let (head, else_l, end) = (self.new_label(), self.new_label(), self.new_label());
        let always = matches!(&test.kind, ExprKind::Constant(c) if const_truth(c) == Some(true));
        let never = matches!(&test.kind, ExprKind::Constant(c) if const_truth(c) == Some(false));
        if never {
            return self.stmts(orelse);
        }
        self.bind(head);
        if !always {
            self.jump_if(test, false, else_l)?;
        }
        self.u().fblocks.push(FBlock::WhileLoop { head, exit: end });
        self.stmts(body)?;
        self.u().fblocks.pop();
        self.u().line = line;
        self.jump(Op::JumpBackward, head);
        self.bind(else_l);
        self.stmts(orelse)?;
        self.bind(end);
        Ok(())
    }

    // ---- unwinding -----------------------------------------------------

    /// Emits the exit code of one block (CPython's `compiler_unwind_fblock`).
    /// `preserve_tos`: a return value sits on top of the stack and must survive.
    fn unwind_block(&mut self, b: &FBlock<'a>, preserve_tos: bool) -> CResult {
        match b {
            FBlock::WhileLoop { .. } => {}
            FBlock::ForLoop { .. } | FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::Pop);
            }
            FBlock::TryExcept => self.emit(Op::PopBlock),
            FBlock::FinallyTry { body } => {
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.u().fblocks.push(FBlock::PopValue);
                }
                self.stmts(body)?;
                if preserve_tos {
                    self.u().fblocks.pop();
                }
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::Pop);
                self.emit(Op::PopExcept);
            }
            FBlock::With => {
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::WithExitNormal);
            }
            FBlock::Handler { name } => {
                if let Some(n) = name {
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopExcept);
                    self.clear_name(n);
                } else {
                    self.emit(Op::PopExcept);
                }
            }
        }
        Ok(())
    }

    /// Unwinds blocks from the innermost outwards. With `to_loop`, stops at
    /// the innermost loop and returns it (not unwound itself).
    fn unwind(&mut self, preserve_tos: bool, to_loop: bool) -> CResult<Option<FBlock<'a>>> {
        let saved = self.ur().fblocks.clone();
        let mut found = None;
        while let Some(b) = self.u().fblocks.pop() {
            if to_loop && matches!(b, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
                found = Some(b);
                break;
            }
            self.unwind_block(&b, preserve_tos)?;
        }
        self.u().fblocks = saved;
        Ok(found)
    }

    fn return_stmt(&mut self, value: Option<&'a Expr>, pos: ast::Pos) -> CResult {
        if !matches!(self.scope_kind(), ScopeKind::Function) {
            return Err(err("'return' outside function", pos));
        }
        match value {
            Some(v) => {
                self.expr(v)?;
                self.u().line = pos.line;
                self.unwind(true, false)?;
            }
            None => {
                self.unwind(false, false)?;
                self.u().line = pos.line;
                self.load_none();
            }
        }
        self.emit(Op::ReturnValue);
        Ok(())
    }

    fn break_continue(&mut self, is_break: bool, pos: ast::Pos) -> CResult {
        let Some(lp) = self.unwind(false, true)? else {
            let msg = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(err(msg, pos));
        };
        self.u().line = pos.line;
        match (lp, is_break) {
            (FBlock::ForLoop { exit, .. }, true) => {
                self.emit(Op::Pop);
                self.jump(Op::Jump, exit);
            }
            (FBlock::WhileLoop { exit, .. }, true) => self.jump(Op::Jump, exit),
            (FBlock::ForLoop { head, .. } | FBlock::WhileLoop { head, .. }, false) => {
                self.jump(Op::JumpBackward, head)
            }
            _ => {}
        }
        Ok(())
    }

    /// `name = None; del name` (the end of an `except ... as name` clause).
    fn clear_name(&mut self, name: &str) {
        self.load_none();
        self.name_op(name, Access::Store);
        self.name_op(name, Access::Delete);
    }

    // ---- try / with ----------------------------------------------------

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let (handler_l, end) = (self.new_label(), self.new_label());
        self.jump(Op::SetupExcept, handler_l);
        self.u().fblocks.push(FBlock::TryExcept);
        self.stmts(body)?;
        self.u().fblocks.pop();
        self.emit(Op::PopBlock);
        self.stmts(orelse)?;
        self.jump(Op::Jump, end);
        // Stack here: exc (a handler block is active).
        self.bind(handler_l);
        self.emit(Op::ExceptStart);
        for (i, h) in handlers.iter().enumerate() {
            self.u().line = h.pos.line;
            if h.typ.is_none() && i + 1 < handlers.len() {
                return Err(err("default 'except:' must be last", h.pos));
            }
            let next = self.new_label();
            if let Some(t) = &h.typ {
                // CheckExcMatch keeps the exception below the bool (no Copy
                // needed, as in CPython 3.11).
                self.expr(t)?;
                self.emit(Op::CheckExcMatch);
                self.jump(Op::PopJumpIfFalse, next);
            }
            match &h.name {
                Some(n) => {
                    self.name_op(n, Access::Store);
                    let cleanup = self.new_label();
                    self.jump(Op::SetupExcept, cleanup);
                    self.u().fblocks.push(FBlock::Handler { name: Some(n) });
                    self.stmts(&h.body)?;
                    self.u().fblocks.pop();
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopExcept);
                    self.clear_name(n);
                    self.jump(Op::Jump, end);
                    // The handler body raised: clear the name, then re-raise.
                    self.bind(cleanup);
                    self.clear_name(n);
                    self.emit(Op::Reraise);
                }
                None => {
                    self.emit(Op::Pop);
                    self.u().fblocks.push(FBlock::Handler { name: None });
                    self.stmts(&h.body)?;
                    self.u().fblocks.pop();
                    self.emit(Op::PopExcept);
                    self.jump(Op::Jump, end);
                }
            }
            self.bind(next);
        }
        // No clause matched.
        self.emit(Op::Reraise);
        self.bind(end);
        Ok(())
    }

    fn try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) -> CResult {
        let (final_l, end) = (self.new_label(), self.new_label());
        self.jump(Op::SetupExcept, final_l);
        self.u()
            .fblocks
            .push(FBlock::FinallyTry { body: finalbody });
        if handlers.is_empty() {
            self.stmts(body)?;
            self.stmts(orelse)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.u().fblocks.pop();
        self.emit(Op::PopBlock);
        self.stmts(finalbody)?;
        self.jump(Op::Jump, end);
        // Exception path: stack exc, a handler block is active.
        self.bind(final_l);
        self.u().fblocks.push(FBlock::FinallyEnd);
        self.stmts(finalbody)?;
        self.u().fblocks.pop();
        self.emit(Op::Reraise);
        self.bind(end);
        Ok(())
    }

    fn with_stmt(&mut self, items: &'a [ast::WithItem], body: &'a [Stmt]) -> CResult {
        let Some((item, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let line = self.ur().line;
        let (handler_l, end, suppress) = (self.new_label(), self.new_label(), self.new_label());
        self.expr(&item.context)?;
        self.u().line = line;
        self.emit(Op::BeforeWith);
        // The `as` target is stored before the protected region starts, so
        // the handler block's depth is just above `__exit__`.
        match &item.vars {
            Some(t) => self.store_target(t)?,
            None => self.emit(Op::Pop),
        }
        self.jump(Op::SetupExcept, handler_l);
        self.u().fblocks.push(FBlock::With);
        self.with_stmt(rest, body)?;
        self.u().fblocks.pop();
        self.u().line = line;
        self.emit(Op::PopBlock);
        self.emit(Op::WithExitNormal);
        self.jump(Op::Jump, end);
        // Stack: exit, exc.
        self.bind(handler_l);
        self.emit(Op::WithExceptStart);
        self.jump(Op::PopJumpIfTrue, suppress);
        self.emit(Op::Reraise);
        self.bind(suppress);
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.bind(end);
        Ok(())
    }

    // ---- functions and classes ----------------------------------------

    /// Pushes defaults, kw-defaults and the closure, then the code, and emits
    /// `MakeFunction`. The new function is left on the stack.
    pub fn make_function(
        &mut self,
        code: CodeRef,
        args: &'a ast::Arguments,
        returns: Option<&'a Expr>,
        pos: ast::Pos,
    ) -> CResult {
        let mut fl = 0;
        if !args.defaults.is_empty() {
            self.const_or_tuple(&args.defaults)?;
            fl |= 1;
        }
        let kw: Vec<(&String, &Expr)> = args
            .kwonly
            .iter()
            .zip(&args.kw_defaults)
            .filter_map(|(a, d)| d.as_ref().map(|d| (&a.name, d)))
            .collect();
        if !kw.is_empty() {
            for (n, d) in &kw {
                let n = self.mangled(n);
                self.load_str(&n);
                self.expr(d)?;
            }
            self.emit(Op::BuildMap(kw.len() as u32));
            fl |= 2;
        }
        if self.annotations(args, returns)? {
            fl |= 4;
        }
        self.push_code_and_make(code, fl, pos)
    }

    /// Pushes the `__annotations__` dict of a function, evaluated now as
    /// CPython 3.11 does (strings under `from __future__ import
    /// annotations`), in its order: the positional-or-keyword parameters,
    /// the positional-only ones, `*args`, the keyword-only ones,
    /// `**kwargs`, then `return`. False (nothing pushed) when there are
    /// none, the common case.
    fn annotations(
        &mut self,
        args: &'a ast::Arguments,
        returns: Option<&'a Expr>,
    ) -> CResult<bool> {
        let params = args
            .args
            .iter()
            .chain(&args.posonly)
            .chain(&args.vararg)
            .chain(&args.kwonly)
            .chain(&args.kwarg)
            .filter_map(|a| a.annotation.as_ref().map(|e| (a.name.as_str(), e)));
        let all: Vec<(&str, &Expr)> = params.chain(returns.map(|e| ("return", e))).collect();
        if all.is_empty() {
            return Ok(false);
        }
        for (name, e) in &all {
            let name = self.mangled(name).into_owned();
            self.load_str(&name);
            if self.future_annotations {
                self.load_str(&annotation_text(e));
            } else {
                self.expr(e)?;
            }
        }
        self.emit(Op::BuildMap(all.len() as u32));
        Ok(true)
    }

    /// Pushes the closure (if any) and the code, then `MakeFunction(fl)`.
    pub fn push_code_and_make(&mut self, code: CodeRef, mut fl: u32, pos: ast::Pos) -> CResult {
        if !code.freevars.is_empty() {
            for n in &code.freevars {
                self.load_closure(n, pos)?;
            }
            self.emit(Op::BuildTuple(code.freevars.len() as u32));
            fl |= 8;
        }
        let i = self.add_const(Value::new_obj(Object::Code(code)), None);
        self.emit(Op::LoadConst(i));
        self.emit(Op::MakeFunction(fl));
        Ok(())
    }

    /// Compiles a function-like scope's code object.
    pub fn function_code(
        &mut self,
        scope: ScopeId,
        args: &'a ast::Arguments,
        body: FnBody<'a>,
        line: u32,
    ) -> CResult<CodeRef> {
        self.enter(scope, line);
        {
            let u = self.u();
            u.argcount = (args.posonly.len() + args.args.len()) as u32;
            u.posonlyargcount = args.posonly.len() as u32;
            u.kwonlyargcount = args.kwonly.len() as u32;
            if args.vararg.is_some() {
                u.flags |= flags::VARARGS;
            }
            if args.kwarg.is_some() {
                u.flags |= flags::VARKEYWORDS;
            }
        }
        match body {
            FnBody::Stmts(stmts) => {
                let mut stmts = stmts;
                if let Some(doc) = docstring_of(stmts) {
                    self.add_const(Value::str(doc), Some(ConstKey::Str(doc.to_string())));
                    self.u().docstring = Some(doc.to_string());
                    stmts = &stmts[1..];
                } else {
                    // consts[0] is None when there is no docstring, as in CPython.
                    self.add_const(Value::None, Some(ConstKey::None));
                }
                self.stmts(stmts)?;
                if !self.ends_in_return() {
                    self.load_none();
                    self.emit(Op::ReturnValue);
                }
            }
            FnBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::ReturnValue);
            }
        }
        Ok(self.leave())
    }

    fn function_def(&mut self, fd: &'a ast::FunctionDef, pos: ast::Pos) -> CResult {
        for d in &fd.decorators {
            self.expr(d)?;
        }
        let scope = self
            .st
            .scope_of(fd)
            .ok_or_else(|| err("internal compiler error: unknown scope", pos))?;
        let code = self.function_code(scope, &fd.args, FnBody::Stmts(&fd.body), pos.line)?;
        self.u().line = pos.line;
        self.make_function(code, &fd.args, fd.returns.as_ref(), pos)?;
        for _ in &fd.decorators {
            self.emit(Op::Call(1));
        }
        self.name_op(&fd.name, Access::Store);
        Ok(())
    }

    /// `__annotations__ = {}` at the top of a module or class body that
    /// annotates names.
    fn setup_annotations(&mut self, body: &[Stmt]) {
        if has_annotations(body) {
            self.emit(Op::BuildMap(0));
            self.name_op("__annotations__", Access::Store);
        }
    }

    fn class_def(&mut self, cd: &'a ast::ClassDef, pos: ast::Pos) -> CResult {
        for d in &cd.decorators {
            self.expr(d)?;
        }
        let scope = self
            .st
            .scope_of(cd)
            .ok_or_else(|| err("internal compiler error: unknown scope", pos))?;
        self.enter(scope, pos.line);
        self.u().flags |= flags::CLASS_BODY;
        self.name_op("__name__", Access::Load);
        self.name_op("__module__", Access::Store);
        let qualname = self.st.scopes[scope].qualname.clone();
        self.load_str(&qualname);
        self.name_op("__qualname__", Access::Store);
        let mut body: &[Stmt] = &cd.body;
        if let Some(doc) = docstring_of(body) {
            self.u().line = body[0].pos.line;
            self.load_str(doc);
            self.name_op("__doc__", Access::Store);
            self.u().docstring = Some(doc.to_string());
            body = &body[1..];
        }
        self.setup_annotations(body);
        self.stmts(body)?;
        if self.st.scopes[scope].class_cell {
            self.emit(Op::LoadClosure(0));
        } else {
            self.load_none();
        }
        self.emit(Op::ReturnValue);
        let code = self.leave();
        self.u().line = pos.line;
        self.emit(Op::LoadBuildClass);
        self.push_code_and_make(code, 0, pos)?;
        self.load_str(&cd.name);
        self.call_args(2, &cd.bases, &cd.keywords, pos)?;
        for _ in &cd.decorators {
            self.emit(Op::Call(1));
        }
        self.name_op(&cd.name, Access::Store);
        Ok(())
    }
}

/// The body of a function-like code object.
pub(super) enum FnBody<'a> {
    Stmts(&'a [Stmt]),
    /// A lambda: the value of the expression is returned.
    Expr(&'a Expr),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Access {
    Load,
    Store,
    Delete,
}

/// Python truthiness of a literal (None for non-constant-foldable ones).
pub(super) fn const_truth(c: &Constant) -> Option<bool> {
    Some(match c {
        Constant::None | Constant::False => false,
        Constant::True | Constant::Ellipsis => true,
        Constant::Int(i) => *i != 0,
        Constant::BigInt(_) => true,
        Constant::Float(f) => *f != 0.0,
        Constant::Imaginary(f) => *f != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
    })
}

/// The run-time value of a literal and its dedup key; `...` is the
/// interpreter's Ellipsis when the compilation has its interner.
pub(super) fn const_value(
    c: &Constant,
    intern: Option<super::Interner<'_>>,
) -> (Value, Option<ConstKey>) {
    match c {
        Constant::None => (Value::None, Some(ConstKey::None)),
        Constant::True => (Value::Bool(true), Some(ConstKey::Bool(true))),
        Constant::False => (Value::Bool(false), Some(ConstKey::Bool(false))),
        Constant::Ellipsis => (
            intern.map_or_else(|| Value::new_obj(Object::Ellipsis), |f| f(super::ELLIPSIS)),
            None,
        ),
        Constant::Int(i) => (Value::Int(*i), Some(ConstKey::Int(*i))),
        Constant::BigInt(b) => (bigint_value(b), None),
        Constant::Float(f) => (Value::Float(*f), Some(ConstKey::Float(f.to_bits()))),
        Constant::Imaginary(im) => (Value::new_obj(Object::Complex { re: 0.0, im: *im }), None),
        Constant::Str(s) => (Value::str(s), Some(ConstKey::Str(s.clone()))),
        Constant::Bytes(b) => (
            Value::new_obj(Object::Bytes(b.clone().into_boxed_slice())),
            Some(ConstKey::Bytes(b.clone())),
        ),
    }
}

/// An int literal's value: i64 when it fits (results are always normalized).
pub(super) fn bigint_value(b: &num_bigint::BigInt) -> Value {
    use num_traits::ToPrimitive;
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::new_obj(Object::BigInt(b.clone())),
    }
}
