//! Scope analysis: which names are locals (slots), cells, free variables
//! or globals, in the manner of CPython's symtable.c.
//!
//! Pass 1 walks the AST and records, per scope, how each name is used
//! (bound, a parameter, declared global/nonlocal, read). Pass 2 resolves
//! every name top-down with the set of names bound by enclosing *function*
//! scopes (class scopes do not enclose their methods' names), then bottom-up
//! turns locals captured by inner scopes into cells and threads free
//! variables through the intermediate scopes that must pass them on.
//!
//! Scopes are keyed by the address of the AST node that opens them (the AST
//! is borrowed for the whole compilation, so addresses are stable).

use std::collections::{HashMap, HashSet};

use conc_grammar::ast::{self, Expr, ExprKind, Stmt, StmtKind};

use super::CompileError;

pub type ScopeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
    Comprehension,
}

/// Where a name lives at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Local,
    Cell,
    Free,
    GlobalExplicit,
    GlobalImplicit,
}

const DEF_LOCAL: u8 = 1;
const DEF_PARAM: u8 = 2;
const DEF_GLOBAL: u8 = 4;
const DEF_NONLOCAL: u8 = 8;
const USE: u8 = 16;
/// In a comprehension: a walrus target, bound in the enclosing non-comprehension scope.
const DEF_WALRUS: u8 = 32;

#[derive(Clone, Debug)]
pub struct Symbol {
    flags: u8,
    pub scope: Resolved,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    pub qualname: String,
    pub parent: Option<ScopeId>,
    pub children: Vec<ScopeId>,
    symbols: HashMap<String, Symbol>,
    /// Names in order of first appearance (deterministic slot numbering).
    order: Vec<String>,
    /// Parameter names in slot order (positional, keyword-only, *args, **kwargs).
    pub params: Vec<String>,
    pub generator: bool,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    /// Class scope: a method uses `super()`/`__class__`, so the body makes a `__class__` cell.
    pub class_cell: bool,
    /// Where each `nonlocal` name was declared (for the "no binding" error).
    nonlocal_pos: HashMap<String, ast::Pos>,
    /// The innermost enclosing class's name (the class's own, for a class
    /// scope): private names here are mangled with it (`mangle.rs`).
    pub private: Option<String>,
}

impl Scope {
    fn new(
        kind: ScopeKind,
        name: &str,
        qualname: String,
        parent: Option<ScopeId>,
        private: Option<String>,
    ) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            qualname,
            parent,
            children: Vec::new(),
            symbols: HashMap::new(),
            order: Vec::new(),
            params: Vec::new(),
            generator: false,
            cellvars: Vec::new(),
            freevars: Vec::new(),
            class_cell: false,
            nonlocal_pos: HashMap::new(),
            private,
        }
    }

    /// `name` as this scope binds and looks it up (mangled if private).
    pub fn mangle<'a>(&self, name: &'a str) -> std::borrow::Cow<'a, str> {
        super::mangle::mangle(self.private.as_deref(), name)
    }

    /// How `name` is accessed in this scope (names never seen are globals).
    pub fn resolve(&self, name: &str) -> Resolved {
        self.symbols
            .get(&*self.mangle(name))
            .map_or(Resolved::GlobalImplicit, |s| s.scope)
    }

    /// Local names other than parameters, in first-appearance order.
    pub fn plain_locals(&self) -> impl Iterator<Item = &String> {
        self.order.iter().filter(move |n| {
            let s = &self.symbols[*n];
            s.scope == Resolved::Local && s.flags & DEF_PARAM == 0
        })
    }

    fn add(&mut self, name: &str, flag: u8) {
        let name = &*super::mangle::mangle(self.private.as_deref(), name);
        match self.symbols.get_mut(name) {
            Some(s) => s.flags |= flag,
            None => {
                self.symbols.insert(
                    name.to_string(),
                    Symbol {
                        flags: flag,
                        scope: Resolved::GlobalImplicit,
                    },
                );
                self.order.push(name.to_string());
            }
        }
    }

    fn flags(&self, name: &str) -> u8 {
        self.symbols.get(&*self.mangle(name)).map_or(0, |s| s.flags)
    }
}

pub struct SymTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, ScopeId>,
}

impl SymTable {
    /// The scope opened by an AST node (a `FunctionDef`, `ClassDef`, lambda or comprehension `Expr`).
    pub fn scope_of<T>(&self, node: &T) -> Option<ScopeId> {
        self.by_node.get(&(node as *const T as usize)).copied()
    }

    pub fn build(module: &ast::Module) -> Result<SymTable, CompileError> {
        let mut b = Builder {
            st: SymTable {
                scopes: vec![Scope::new(
                    ScopeKind::Module,
                    "<module>",
                    String::new(),
                    None,
                    None,
                )],
                by_node: HashMap::new(),
            },
            cur: 0,
        };
        b.stmts(module)?;
        let mut st = b.st;
        analyze(&mut st, 0, &HashSet::new(), &HashSet::new())?;
        Ok(st)
    }

    /// A table for a lone expression (`eval`): a module scope holding it.
    pub fn build_expr(expr: &Expr) -> Result<SymTable, CompileError> {
        let mut b = Builder {
            st: SymTable {
                scopes: vec![Scope::new(
                    ScopeKind::Module,
                    "<module>",
                    String::new(),
                    None,
                    None,
                )],
                by_node: HashMap::new(),
            },
            cur: 0,
        };
        b.expr(expr, Ctx::Load)?;
        let mut st = b.st;
        analyze(&mut st, 0, &HashSet::new(), &HashSet::new())?;
        Ok(st)
    }
}

fn err(msg: impl Into<String>, pos: ast::Pos) -> CompileError {
    CompileError {
        msg: msg.into(),
        line: pos.line,
        col: pos.col,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Load,
    Store,
}

struct Builder {
    st: SymTable,
    cur: ScopeId,
}

impl Builder {
    fn scope(&mut self) -> &mut Scope {
        &mut self.st.scopes[self.cur]
    }

    fn push_scope(&mut self, key: usize, kind: ScopeKind, name: &str) -> ScopeId {
        let parent = &self.st.scopes[self.cur];
        let qualname = match parent.kind {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{}", parent.qualname, name),
            // A name declared global in the enclosing function is not nested.
            _ if parent.flags(name) & DEF_GLOBAL != 0 => name.to_string(),
            _ => format!("{}.<locals>.{}", parent.qualname, name),
        };
        let private = match kind {
            ScopeKind::Class => Some(name.to_string()),
            _ => parent.private.clone(),
        };
        let id = self.st.scopes.len();
        self.st
            .scopes
            .push(Scope::new(kind, name, qualname, Some(self.cur), private));
        self.st.scopes[self.cur].children.push(id);
        self.st.by_node.insert(key, id);
        self.cur = id;
        id
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn params(&mut self, args: &ast::Arguments) -> Result<(), CompileError> {
        let all = args
            .posonly
            .iter()
            .chain(&args.args)
            .chain(&args.kwonly)
            .chain(&args.vararg)
            .chain(&args.kwarg);
        for a in all {
            if self.scope().flags(&a.name) & DEF_PARAM != 0 {
                return Err(err(
                    format!("duplicate argument '{}' in function definition", a.name),
                    a.pos,
                ));
            }
            self.scope().add(&a.name, DEF_PARAM);
            let name = self.scope().mangle(&a.name).into_owned();
            self.scope().params.push(name);
        }
        Ok(())
    }

    /// Defaults and annotations are evaluated in the enclosing scope.
    fn arg_defaults(&mut self, args: &ast::Arguments) -> Result<(), CompileError> {
        for d in &args.defaults {
            self.expr(d, Ctx::Load)?;
        }
        for d in args.kw_defaults.iter().flatten() {
            self.expr(d, Ctx::Load)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e, Ctx::Load)?,
            StmtKind::Assign { targets, value } => {
                self.expr(value, Ctx::Load)?;
                for t in targets {
                    self.expr(t, Ctx::Store)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value, Ctx::Load)?;
                if let ExprKind::Name(n) = &target.kind {
                    self.scope().add(n, USE | DEF_LOCAL);
                } else {
                    self.expr(target, Ctx::Load)?;
                }
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                if let Some(v) = value {
                    self.expr(v, Ctx::Load)?;
                }
                self.expr(target, Ctx::Store)?;
                // Module and class variables' annotations are evaluated
                // (into `__annotations__`), so their names are uses.
                if matches!(target.kind, ExprKind::Name(_))
                    && !matches!(
                        self.scope().kind,
                        ScopeKind::Function | ScopeKind::Comprehension
                    )
                {
                    self.expr(annotation, Ctx::Load)?;
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test, Ctx::Load)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter, Ctx::Load)?;
                self.expr(target, Ctx::Store)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::FunctionDef(fd) => {
                for d in &fd.decorators {
                    self.expr(d, Ctx::Load)?;
                }
                self.arg_defaults(&fd.args)?;
                self.scope().add(&fd.name, DEF_LOCAL);
                let saved = self.cur;
                self.push_scope(
                    &**fd as *const ast::FunctionDef as usize,
                    ScopeKind::Function,
                    &fd.name,
                );
                self.params(&fd.args)?;
                self.stmts(&fd.body)?;
                self.cur = saved;
            }
            StmtKind::ClassDef(cd) => {
                for d in &cd.decorators {
                    self.expr(d, Ctx::Load)?;
                }
                for b in &cd.bases {
                    self.expr(b, Ctx::Load)?;
                }
                for k in &cd.keywords {
                    self.expr(&k.value, Ctx::Load)?;
                }
                self.scope().add(&cd.name, DEF_LOCAL);
                let saved = self.cur;
                self.push_scope(
                    &**cd as *const ast::ClassDef as usize,
                    ScopeKind::Class,
                    &cd.name,
                );
                self.stmts(&cd.body)?;
                self.cur = saved;
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v, Ctx::Load)?;
                }
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Raise { exc, cause } => {
                for e in exc.iter().chain(cause) {
                    self.expr(e, Ctx::Load)?;
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t, Ctx::Load)?;
                    }
                    if let Some(n) = &h.name {
                        self.scope().add(n, DEF_LOCAL);
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)?;
            }
            StmtKind::With { items, body } => {
                for it in items {
                    self.expr(&it.context, Ctx::Load)?;
                    if let Some(v) = &it.vars {
                        self.expr(v, Ctx::Store)?;
                    }
                }
                self.stmts(body)?;
            }
            StmtKind::Global(names) => {
                for n in names {
                    let f = self.scope().flags(n);
                    let what = if f & DEF_PARAM != 0 {
                        Some("is parameter and global")
                    } else if f & DEF_NONLOCAL != 0 {
                        Some("is nonlocal and global")
                    } else if f & DEF_LOCAL != 0 {
                        Some("is assigned to before global declaration")
                    } else if f & USE != 0 {
                        Some("is used prior to global declaration")
                    } else {
                        None
                    };
                    if let Some(w) = what {
                        return Err(err(format!("name '{n}' {w}"), s.pos));
                    }
                    self.scope().add(n, DEF_GLOBAL);
                }
            }
            StmtKind::Nonlocal(names) => {
                if self.scope().kind == ScopeKind::Module {
                    return Err(err(
                        "nonlocal declaration not allowed at module level",
                        s.pos,
                    ));
                }
                for n in names {
                    let f = self.scope().flags(n);
                    let what = if f & DEF_PARAM != 0 {
                        Some("is parameter and nonlocal")
                    } else if f & DEF_GLOBAL != 0 {
                        Some("is nonlocal and global")
                    } else if f & DEF_LOCAL != 0 {
                        Some("is assigned to before nonlocal declaration")
                    } else if f & USE != 0 {
                        Some("is used prior to nonlocal declaration")
                    } else {
                        None
                    };
                    if let Some(w) = what {
                        return Err(err(format!("name '{n}' {w}"), s.pos));
                    }
                    self.scope().add(n, DEF_NONLOCAL);
                    let name = self.scope().mangle(n).into_owned();
                    self.scope().nonlocal_pos.insert(name, s.pos);
                }
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let bound = a
                        .asname
                        .as_deref()
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or(&a.name));
                    let bound = bound.to_string();
                    self.scope().add(&bound, DEF_LOCAL);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    if a.name == "*" {
                        if self.scope().kind != ScopeKind::Module {
                            return Err(err("import * only allowed at module level", a.pos));
                        }
                        continue;
                    }
                    let bound = a.asname.clone().unwrap_or_else(|| a.name.clone());
                    self.scope().add(&bound, DEF_LOCAL);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test, Ctx::Load)?;
                if let Some(m) = msg {
                    self.expr(m, Ctx::Load)?;
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.expr(t, Ctx::Store)?;
                }
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject, Ctx::Load)?;
                for c in cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g, Ctx::Load)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
        }
        Ok(())
    }

    /// A `case` pattern: captures bind, values and classes are uses.
    fn pattern(&mut self, p: &ast::Pattern) -> Result<(), CompileError> {
        use ast::PatternKind;
        match &p.kind {
            PatternKind::Value(e) => self.expr(e, Ctx::Load)?,
            PatternKind::Singleton(_) => {}
            PatternKind::Sequence(items) | PatternKind::Or(items) => {
                for q in items {
                    self.pattern(q)?;
                }
            }
            PatternKind::Star(name) => {
                if let Some(n) = name {
                    self.scope().add(n, DEF_LOCAL);
                }
            }
            PatternKind::Mapping {
                keys,
                patterns,
                rest,
            } => {
                for k in keys {
                    self.expr(k, Ctx::Load)?;
                }
                for q in patterns {
                    self.pattern(q)?;
                }
                if let Some(n) = rest {
                    self.scope().add(n, DEF_LOCAL);
                }
            }
            PatternKind::Class {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls, Ctx::Load)?;
                for q in patterns.iter().chain(kwd_patterns) {
                    self.pattern(q)?;
                }
            }
            PatternKind::As { pattern, name } => {
                if let Some(q) = pattern {
                    self.pattern(q)?;
                }
                if let Some(n) = name {
                    self.scope().add(n, DEF_LOCAL);
                }
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr, ctx: Ctx) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Name(n) => {
                if ctx == Ctx::Store {
                    self.scope().add(n, DEF_LOCAL);
                } else {
                    self.scope().add(n, USE);
                    // Zero-argument super() needs the class cell (as CPython does).
                    if n == "super" && self.scope().kind == ScopeKind::Function {
                        self.scope().add("__class__", USE);
                    }
                }
            }
            ExprKind::Constant(_) => {}
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v, Ctx::Load)?;
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left, Ctx::Load)?;
                self.expr(right, Ctx::Load)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand, Ctx::Load)?,
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left, Ctx::Load)?;
                for c in comparators {
                    self.expr(c, Ctx::Load)?;
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func, Ctx::Load)?;
                for a in args {
                    self.expr(a, Ctx::Load)?;
                }
                for k in keywords {
                    self.expr(&k.value, Ctx::Load)?;
                }
            }
            ExprKind::Attribute { value, .. } => self.expr(value, Ctx::Load)?,
            ExprKind::Subscript { value, index } => {
                self.expr(value, Ctx::Load)?;
                self.expr(index, Ctx::Load)?;
            }
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper, step].into_iter().flatten() {
                    self.expr(p, Ctx::Load)?;
                }
            }
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
                for i in items {
                    self.expr(i, ctx)?;
                }
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.expr(k, Ctx::Load)?;
                }
                for v in values {
                    self.expr(v, Ctx::Load)?;
                }
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                let name = match &e.kind {
                    ExprKind::ListComp { .. } => "<listcomp>",
                    ExprKind::SetComp { .. } => "<setcomp>",
                    _ => "<genexpr>",
                };
                self.comprehension(e, name, generators, &[elt])?;
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.comprehension(e, "<dictcomp>", generators, &[key, value])?;
            }
            ExprKind::Lambda { args, body } => {
                self.arg_defaults(args)?;
                let saved = self.cur;
                self.push_scope(e as *const Expr as usize, ScopeKind::Function, "<lambda>");
                self.params(args)?;
                self.expr(body, Ctx::Load)?;
                self.cur = saved;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test, Ctx::Load)?;
                self.expr(body, Ctx::Load)?;
                self.expr(orelse, Ctx::Load)?;
            }
            ExprKind::Starred(v) => self.expr(v, ctx)?,
            ExprKind::Yield(v) => {
                self.yield_here(e)?;
                if let Some(v) = v {
                    self.expr(v, Ctx::Load)?;
                }
            }
            ExprKind::YieldFrom(v) => {
                self.yield_here(e)?;
                self.expr(v, Ctx::Load)?;
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value, Ctx::Load)?;
                self.walrus_target(target)?;
            }
            ExprKind::JoinedStr(parts) => {
                for p in parts {
                    self.expr(p, Ctx::Load)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value, Ctx::Load)?;
                if let Some(f) = format_spec {
                    self.expr(f, Ctx::Load)?;
                }
            }
        }
        Ok(())
    }

    fn yield_here(&mut self, e: &Expr) -> Result<(), CompileError> {
        let sc = self.scope();
        match sc.kind {
            ScopeKind::Function => {
                sc.generator = true;
                Ok(())
            }
            ScopeKind::Comprehension => {
                let what = match sc.name.as_str() {
                    "<listcomp>" => "list comprehension",
                    "<setcomp>" => "set comprehension",
                    "<dictcomp>" => "dict comprehension",
                    _ => "generator expression",
                };
                Err(err(format!("'yield' inside {what}"), e.pos))
            }
            _ => Err(err("'yield' outside function", e.pos)),
        }
    }

    fn walrus_target(&mut self, target: &Expr) -> Result<(), CompileError> {
        let ExprKind::Name(n) = &target.kind else {
            return Err(err(
                format!(
                    "cannot use assignment expressions with {}",
                    describe(target)
                ),
                target.pos,
            ));
        };
        // Bind in the nearest enclosing non-comprehension scope; each
        // comprehension on the way reaches it as a free (or global) name.
        let mut id = self.cur;
        while self.st.scopes[id].kind == ScopeKind::Comprehension {
            self.st.scopes[id].add(n, DEF_WALRUS | USE);
            id = self.st.scopes[id].parent.unwrap_or(0);
        }
        if id != self.cur && self.st.scopes[id].kind == ScopeKind::Class {
            return Err(err(
                "assignment expression within a comprehension cannot be used in a class body",
                target.pos,
            ));
        }
        self.st.scopes[id].add(n, DEF_LOCAL);
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
    ) -> Result<(), CompileError> {
        let Some(first) = generators.first() else {
            return Ok(());
        };
        // The outermost iterable is evaluated in the enclosing scope.
        self.expr(&first.iter, Ctx::Load)?;
        let saved = self.cur;
        self.push_scope(e as *const Expr as usize, ScopeKind::Comprehension, name);
        self.scope().add(".0", DEF_PARAM);
        self.scope().params.push(".0".to_string());
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter, Ctx::Load)?;
            }
            self.expr(&g.target, Ctx::Store)?;
            for c in &g.ifs {
                self.expr(c, Ctx::Load)?;
            }
        }
        for x in elts {
            self.expr(x, Ctx::Load)?;
        }
        if name == "<genexpr>" {
            self.scope().generator = true;
        }
        self.cur = saved;
        Ok(())
    }
}

/// Python's description of an expression in "cannot assign to ..." messages.
pub fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Call { .. } => "function call",
        ExprKind::Constant(_) => "literal",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::BoolOp { .. } => "expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Slice { .. } => "slice",
    }
}

/// A small insertion-ordered set of names.
#[derive(Default)]
struct NameSet {
    order: Vec<String>,
    set: HashSet<String>,
}

impl NameSet {
    fn insert(&mut self, n: &str) {
        if self.set.insert(n.to_string()) {
            self.order.push(n.to_string());
        }
    }
}

/// Pass 2: resolves the names of scope `id` and its children; returns the
/// names free in this scope (which an enclosing function must provide).
fn analyze(
    st: &mut SymTable,
    id: ScopeId,
    bound: &HashSet<String>,
    globals: &HashSet<String>,
) -> Result<NameSet, CompileError> {
    let kind = st.scopes[id].kind;
    let mut local: HashSet<String> = HashSet::new();
    let mut new_global = globals.clone();
    let mut declared_global: Vec<String> = Vec::new();
    let mut free = NameSet::default();
    {
        let sc = &mut st.scopes[id];
        for name in sc.order.clone() {
            let sym = sc.symbols.get_mut(&name).expect("symbol in order");
            sym.scope = if sym.flags & DEF_GLOBAL != 0 {
                new_global.insert(name.clone());
                declared_global.push(name.clone());
                Resolved::GlobalExplicit
            } else if sym.flags & DEF_NONLOCAL != 0 {
                if !bound.contains(&name) {
                    let pos = sc.nonlocal_pos.get(&name).copied().unwrap_or_default();
                    return Err(err(format!("no binding for nonlocal '{name}' found"), pos));
                }
                free.insert(&name);
                Resolved::Free
            } else if sym.flags & (DEF_LOCAL | DEF_PARAM) != 0 && sym.flags & DEF_WALRUS == 0 {
                local.insert(name.clone());
                if kind != ScopeKind::Class {
                    new_global.remove(&name);
                }
                Resolved::Local
            } else if kind != ScopeKind::Module && bound.contains(&name) {
                free.insert(&name);
                Resolved::Free
            } else if globals.contains(&name) {
                Resolved::GlobalExplicit
            } else {
                Resolved::GlobalImplicit
            };
        }
    }
    let new_bound: HashSet<String> = match kind {
        ScopeKind::Module => HashSet::new(),
        ScopeKind::Class => {
            let mut b: HashSet<String> = bound
                .iter()
                .filter(|n| !declared_global.contains(n))
                .cloned()
                .collect();
            b.insert("__class__".to_string());
            b
        }
        _ => {
            let mut b: HashSet<String> = bound
                .iter()
                .filter(|n| !declared_global.contains(n))
                .cloned()
                .collect();
            b.extend(local.iter().cloned());
            b
        }
    };
    let mut child_free = NameSet::default();
    for child in st.scopes[id].children.clone() {
        let f = analyze(st, child, &new_bound, &new_global)?;
        for n in &f.order {
            child_free.insert(n);
        }
    }
    let sc = &mut st.scopes[id];
    let mut cells = Vec::new();
    for n in child_free.order {
        match kind {
            ScopeKind::Module => {}
            ScopeKind::Class if n == "__class__" => sc.class_cell = true,
            ScopeKind::Function | ScopeKind::Comprehension if local.contains(&n) => {
                if let Some(s) = sc.symbols.get_mut(&n) {
                    s.scope = Resolved::Cell;
                }
                cells.push(n);
            }
            _ => {
                // Free here too: this scope passes the cell on to its child.
                match sc.symbols.get_mut(&n) {
                    // A class-local name stays a `LoadName` in the body.
                    Some(s) if s.scope == Resolved::Local => {}
                    Some(s) => s.scope = Resolved::Free,
                    None => {
                        sc.symbols.insert(
                            n.clone(),
                            Symbol {
                                flags: 0,
                                scope: Resolved::Free,
                            },
                        );
                        sc.order.push(n.clone());
                    }
                }
                free.insert(&n);
            }
        }
    }
    // Cell order follows first appearance, like slots.
    sc.cellvars = sc
        .order
        .iter()
        .filter(|n| cells.contains(n))
        .cloned()
        .collect();
    if sc.class_cell {
        sc.cellvars.insert(0, "__class__".to_string());
    }
    sc.freevars = free.order.clone();
    Ok(free)
}
