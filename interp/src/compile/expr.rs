//! Code generation for expressions: operators, conditions, calls,
//! displays, comprehensions, lambdas, f-strings and assignment targets.

use conc_grammar::ast::{
    self, BoolOp, CmpOp, Constant, Conversion, Expr, ExprKind, Keyword, UnaryOp,
};

use super::codegen::{
    const_truth, const_value, Access, CResult, Compiler, ConstKey, FnBody, Label,
};
use super::operators;
use super::symtable::{describe, Resolved, ScopeKind};
use super::CompileError;
use crate::bytecode::Op;
use crate::object::Object;
use crate::value::Value;

fn err(msg: impl Into<String>, pos: ast::Pos) -> CompileError {
    CompileError {
        msg: msg.into(),
        line: pos.line,
        col: pos.col,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Display {
    List,
    Tuple,
    Set,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comp {
    List,
    Set,
    Dict,
    Gen,
}

/// Folds a literal, a negated number literal, or a tuple of those into a
/// constant value.
fn fold(e: &Expr, intern: Option<super::Interner<'_>>) -> Option<(Value, Option<ConstKey>)> {
    match &e.kind {
        ExprKind::Constant(c) => Some(const_value(c, intern)),
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand,
        } => match &operand.kind {
            ExprKind::Constant(Constant::Int(i)) => Some(match i.checked_neg() {
                Some(n) => (Value::Int(n), Some(ConstKey::Int(n))),
                None => (
                    super::codegen::bigint_value(&-num_bigint::BigInt::from(*i)),
                    None,
                ),
            }),
            ExprKind::Constant(Constant::BigInt(b)) => {
                Some((super::codegen::bigint_value(&-b.clone()), None))
            }
            ExprKind::Constant(Constant::Float(f)) => {
                Some((Value::Float(-f), Some(ConstKey::Float((-f).to_bits()))))
            }
            ExprKind::Constant(Constant::Imaginary(im)) => {
                Some((Value::new_obj(Object::Complex { re: -0.0, im: -im }), None))
            }
            _ => None,
        },
        ExprKind::Tuple(items) => {
            let vals: Option<Vec<Value>> = items
                .iter()
                .map(|i| fold(i, intern).map(|(v, _)| v))
                .collect();
            vals.map(|v| (Value::tuple(v), None))
        }
        _ => None,
    }
}

fn is_starred(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Starred(_))
}

impl<'a> Compiler<'a> {
    /// Compiles an expression leaving its value on the stack. Ops emitted
    /// for this node carry its line; the caller's line is restored after.
    pub fn expr(&mut self, e: &'a Expr) -> CResult {
        let saved = self.ur().line;
        self.u().line = e.pos.line;
        let r = self.expr_inner(e);
        self.u().line = saved;
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::Name(n) => self.name_op(n, Access::Load),
            ExprKind::Constant(c) => self.load_const(c),
            ExprKind::BoolOp { op, values } => {
                let end = self.new_label();
                let (last, init) = values
                    .split_last()
                    .ok_or_else(|| err("invalid syntax", e.pos))?;
                for v in init {
                    self.expr(v)?;
                    let j = if *op == BoolOp::And {
                        Op::JumpIfFalseOrPop
                    } else {
                        Op::JumpIfTrueOrPop
                    };
                    self.jump(j, end);
                }
                self.expr(last)?;
                self.bind(end);
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.emit(Op::BinaryOp(operators::binary(*op)));
            }
            ExprKind::UnaryOp { op, operand } => {
                if let Some((v, k)) = fold(e, self.intern) {
                    let i = self.add_const(v, k);
                    self.emit(Op::LoadConst(i));
                    return Ok(());
                }
                self.expr(operand)?;
                self.emit(Op::UnaryOp(operators::unary(*op)));
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(e, func, args, keywords)?,
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_index(attr);
                self.emit(Op::LoadAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::BinarySubscr);
            }
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper] {
                    match p {
                        Some(x) => self.expr(x)?,
                        None => self.load_none(),
                    }
                }
                match step {
                    Some(s) => {
                        self.expr(s)?;
                        self.emit(Op::BuildSlice(3));
                    }
                    None => self.emit(Op::BuildSlice(2)),
                }
            }
            ExprKind::List(items) => self.display(items, Display::List)?,
            ExprKind::Tuple(items) => {
                if let Some((v, k)) = fold(e, self.intern) {
                    let i = self.add_const(v, k);
                    self.emit(Op::LoadConst(i));
                } else {
                    self.display(items, Display::Tuple)?;
                }
            }
            ExprKind::Set(items) => self.display(items, Display::Set)?,
            ExprKind::Dict { keys, values } => self.dict_display(keys, values)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, generators, Comp::List, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, generators, Comp::Set, elt, None)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, generators, Comp::Gen, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, generators, Comp::Dict, key, Some(value))?,
            ExprKind::Lambda { args, body } => {
                let scope = self
                    .st
                    .scope_of(e)
                    .ok_or_else(|| err("internal compiler error: unknown scope", e.pos))?;
                let code = self.function_code(scope, args, FnBody::Expr(body), e.pos.line)?;
                self.make_function(code, args, None, e.pos)?;
            }
            ExprKind::IfExp { test, body, orelse } => {
                let (else_l, end) = (self.new_label(), self.new_label());
                self.jump_if(test, false, else_l)?;
                self.expr(body)?;
                self.jump(Op::Jump, end);
                self.bind(else_l);
                self.expr(orelse)?;
                self.bind(end);
            }
            ExprKind::Starred(_) => return Err(err("can't use starred expression here", e.pos)),
            ExprKind::Yield(v) => {
                self.check_in_function(e.pos)?;
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.load_none(),
                }
                self.emit(Op::YieldValue(0));
            }
            ExprKind::YieldFrom(v) => {
                self.check_in_function(e.pos)?;
                self.expr(v)?;
                self.emit(Op::GetYieldFromIter);
                self.load_none();
                let (send, end) = (self.new_label(), self.new_label());
                self.bind(send);
                self.jump(Op::Send, end);
                self.emit(Op::YieldValue(1));
                self.jump(Op::JumpBackward, send);
                self.bind(end);
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Op::Copy(1));
                match &target.kind {
                    ExprKind::Name(n) => self.name_op(n, Access::Store),
                    _ => {
                        return Err(err(
                            "cannot use assignment expressions with this target",
                            target.pos,
                        ))
                    }
                }
            }
            ExprKind::JoinedStr(parts) => {
                if parts.is_empty() {
                    self.load_str("");
                }
                for p in parts {
                    self.expr(p)?;
                }
                if parts.len() > 1 {
                    self.emit(Op::BuildString(parts.len() as u32));
                }
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.expr(value)?;
                let mut fl = match conversion {
                    None => 0,
                    Some(Conversion::Str) => 1,
                    Some(Conversion::Repr) => 2,
                    Some(Conversion::Ascii) => 3,
                };
                if let Some(spec) = format_spec {
                    self.expr(spec)?;
                    fl |= 4;
                }
                self.emit(Op::FormatValue(fl));
            }
        }
        Ok(())
    }

    fn check_in_function(&self, pos: ast::Pos) -> CResult {
        match self.scope_kind() {
            ScopeKind::Function | ScopeKind::Comprehension => Ok(()),
            _ => Err(err("'yield' outside function", pos)),
        }
    }

    /// Pushes a tuple of the values: one constant when all are literals.
    pub fn const_or_tuple(&mut self, items: &'a [Expr]) -> CResult {
        let vals: Option<Vec<Value>> = items
            .iter()
            .map(|i| fold(i, self.intern).map(|(v, _)| v))
            .collect();
        match vals {
            Some(v) => {
                let i = self.add_const(Value::tuple(v), None);
                self.emit(Op::LoadConst(i));
            }
            None => {
                for x in items {
                    self.expr(x)?;
                }
                self.emit(Op::BuildTuple(items.len() as u32));
            }
        }
        Ok(())
    }

    // ---- conditions ----------------------------------------------------

    /// Jumps to `target` when `e`'s truth equals `cond`, without building
    /// intermediate bool values for `not`/`and`/`or`/simple comparisons.
    pub fn jump_if(&mut self, e: &'a Expr, cond: bool, target: Label) -> CResult {
        let saved = self.ur().line;
        self.u().line = e.pos.line;
        let r = self.jump_if_inner(e, cond, target);
        self.u().line = saved;
        r
    }

    fn jump_if_inner(&mut self, e: &'a Expr, cond: bool, target: Label) -> CResult {
        match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, !cond, target),
            ExprKind::BoolOp { op, values } if !values.is_empty() => {
                let is_or = *op == BoolOp::Or;
                if cond == is_or {
                    for v in values {
                        self.jump_if(v, cond, target)?;
                    }
                } else {
                    let skip = self.new_label();
                    let (last, init) = values.split_last().expect("non-empty");
                    for v in init {
                        self.jump_if(v, !cond, skip)?;
                    }
                    self.jump_if(last, cond, target)?;
                    self.bind(skip);
                }
                return Ok(());
            }
            ExprKind::Constant(c) => {
                if const_truth(c) == Some(cond) {
                    self.jump(Op::Jump, target);
                }
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if ops.len() == 1 => {
                self.expr(left)?;
                self.expr(&comparators[0])?;
                self.emit(Op::CompareOp(operators::compare(ops[0])));
            }
            _ => self.expr(e)?,
        }
        self.jump(
            if cond {
                Op::PopJumpIfTrue
            } else {
                Op::PopJumpIfFalse
            },
            target,
        );
        Ok(())
    }

    /// `a < b < c`: each middle operand evaluated once, short-circuiting.
    fn compare(&mut self, left: &'a Expr, ops: &[CmpOp], comparators: &'a [Expr]) -> CResult {
        self.expr(left)?;
        let n = ops.len().min(comparators.len());
        if n == 0 {
            return Ok(());
        }
        if n == 1 {
            self.expr(&comparators[0])?;
            self.emit(Op::CompareOp(operators::compare(ops[0])));
            return Ok(());
        }
        let (cleanup, end) = (self.new_label(), self.new_label());
        for i in 0..n - 1 {
            self.expr(&comparators[i])?;
            self.emit(Op::Swap(2));
            self.emit(Op::Copy(2));
            self.emit(Op::CompareOp(operators::compare(ops[i])));
            self.jump(Op::JumpIfFalseOrPop, cleanup);
        }
        self.expr(&comparators[n - 1])?;
        self.emit(Op::CompareOp(operators::compare(ops[n - 1])));
        self.jump(Op::Jump, end);
        self.bind(cleanup);
        self.emit(Op::Swap(2));
        self.emit(Op::Pop);
        self.bind(end);
        Ok(())
    }

    // ---- calls -----------------------------------------------------------

    fn call(
        &mut self,
        e: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> CResult {
        if args.is_empty() && keywords.is_empty() && self.zero_arg_super(func)? {
            return Ok(());
        }
        let simple = !args.iter().any(is_starred) && keywords.iter().all(|k| k.name.is_some());
        if let (ExprKind::Attribute { value, attr }, true) = (&func.kind, simple) {
            let i = self.attr_index(attr);
            match &value.kind {
                // `super().name(...)`: no `super` object in the common case.
                ExprKind::Call {
                    func: sfunc,
                    args: sargs,
                    keywords: skw,
                } if sargs.is_empty()
                    && skw.is_empty()
                    && self.zero_arg_super_operands(sfunc)? =>
                {
                    self.u().line = value.pos.line;
                    self.emit(Op::LoadSuperMethod(i));
                }
                _ => {
                    self.expr(value)?;
                    self.emit(Op::LoadMethod(i));
                }
            }
            for a in args {
                self.expr(a)?;
            }
            for k in keywords {
                self.expr(&k.value)?;
            }
            let n = (args.len() + keywords.len()) as u32;
            self.u().line = e.pos.line;
            if keywords.is_empty() {
                self.emit(Op::CallMethod(n));
            } else {
                self.kwnames(keywords)?;
                self.emit(Op::CallMethodKw(n));
            }
            return Ok(());
        }
        self.expr(func)?;
        self.call_args(0, args, keywords, e.pos)
    }

    /// Pushes the const tuple of keyword names (rejecting repeats).
    fn kwnames(&mut self, keywords: &[Keyword]) -> CResult {
        check_repeated_keywords(keywords)?;
        let names: Vec<Value> = keywords
            .iter()
            .map(|k| self.name_value(k.name.as_deref().unwrap_or("")))
            .collect();
        let i = self.add_const(Value::tuple(names), None);
        self.emit(Op::LoadConst(i));
        Ok(())
    }

    /// Emits the arguments and the call of a callable already on the stack,
    /// with `pushed` positional arguments already pushed above it.
    pub fn call_args(
        &mut self,
        pushed: u32,
        args: &'a [Expr],
        keywords: &'a [Keyword],
        pos: ast::Pos,
    ) -> CResult {
        let star = args.iter().any(is_starred) || keywords.iter().any(|k| k.name.is_none());
        if !star {
            for a in args {
                self.expr(a)?;
            }
            for k in keywords {
                self.expr(&k.value)?;
            }
            let n = pushed + (args.len() + keywords.len()) as u32;
            self.u().line = pos.line;
            if keywords.is_empty() {
                self.emit(Op::Call(n));
            } else {
                self.kwnames(keywords)?;
                self.emit(Op::CallKw(n));
            }
            return Ok(());
        }
        // f(*a, **k): a tuple of the positional arguments, a dict of the keywords.
        let first_star = args.iter().position(is_starred).unwrap_or(args.len());
        for a in &args[..first_star] {
            self.expr(a)?;
        }
        if first_star == args.len() {
            self.emit(Op::BuildTuple(pushed + args.len() as u32));
        } else {
            self.emit(Op::BuildList(pushed + first_star as u32));
            for a in &args[first_star..] {
                match &a.kind {
                    ExprKind::Starred(inner) => {
                        self.expr(inner)?;
                        self.emit(Op::ListExtend(1));
                    }
                    _ => {
                        self.expr(a)?;
                        self.emit(Op::ListAppend(1));
                    }
                }
            }
            self.emit(Op::ListToTuple);
        }
        let mut with_kw = 0;
        if !keywords.is_empty() {
            with_kw = 1;
            check_repeated_keywords(keywords)?;
            let first_dstar = keywords
                .iter()
                .position(|k| k.name.is_none())
                .unwrap_or(keywords.len());
            for k in &keywords[..first_dstar] {
                self.load_str(k.name.as_deref().unwrap_or(""));
                self.expr(&k.value)?;
            }
            self.emit(Op::BuildMap(first_dstar as u32));
            for k in &keywords[first_dstar..] {
                match &k.name {
                    None => self.expr(&k.value)?,
                    Some(n) => {
                        // A one-entry dict merged, so a clash with `**` is reported.
                        self.load_str(n);
                        self.expr(&k.value)?;
                        self.emit(Op::BuildMap(1));
                    }
                }
                self.emit(Op::DictMerge(1));
            }
        }
        self.u().line = pos.line;
        self.emit(Op::CallEx(with_kw));
        Ok(())
    }

    /// `super()` in a method: compiled as `super(__class__, <first argument>)`.
    fn zero_arg_super(&mut self, func: &'a Expr) -> CResult<bool> {
        if !self.zero_arg_super_operands(func)? {
            return Ok(false);
        }
        self.u().line = func.pos.line;
        self.emit(Op::Call(2));
        Ok(true)
    }

    /// If `func()` is a zero-argument `super()` in a method, pushes `super`,
    /// `__class__` and the first argument (the operands of the call, or of
    /// `LoadSuperMethod`) and says so.
    fn zero_arg_super_operands(&mut self, func: &'a Expr) -> CResult<bool> {
        if !matches!(&func.kind, ExprKind::Name(n) if n == "super") {
            return Ok(false);
        }
        let sc = &self.st.scopes[self.ur().scope];
        if sc.kind != ScopeKind::Function
            || sc.resolve("super") != Resolved::GlobalImplicit
            || sc.resolve("__class__") != Resolved::Free
            || self.ur().argcount == 0
        {
            return Ok(false);
        }
        let first = sc.params[0].clone();
        self.name_op("super", Access::Load);
        self.name_op("__class__", Access::Load);
        self.name_op(&first, Access::Load);
        Ok(true)
    }

    // ---- displays --------------------------------------------------------

    fn display(&mut self, items: &'a [Expr], kind: Display) -> CResult {
        let first_star = items.iter().position(is_starred).unwrap_or(items.len());
        for x in &items[..first_star] {
            self.expr(x)?;
        }
        let n = first_star as u32;
        if first_star == items.len() {
            self.emit(match kind {
                Display::List => Op::BuildList(n),
                Display::Tuple => Op::BuildTuple(n),
                Display::Set => Op::BuildSet(n),
            });
            return Ok(());
        }
        self.emit(if kind == Display::Set {
            Op::BuildSet(n)
        } else {
            Op::BuildList(n)
        });
        for x in &items[first_star..] {
            match &x.kind {
                ExprKind::Starred(inner) => {
                    self.expr(inner)?;
                    self.emit(if kind == Display::Set {
                        Op::SetUpdate(1)
                    } else {
                        Op::ListExtend(1)
                    });
                }
                _ => {
                    self.expr(x)?;
                    self.emit(if kind == Display::Set {
                        Op::SetAdd(1)
                    } else {
                        Op::ListAppend(1)
                    });
                }
            }
        }
        if kind == Display::Tuple {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn dict_display(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> CResult {
        let first = keys.iter().position(|k| k.is_none()).unwrap_or(keys.len());
        for (k, v) in keys[..first].iter().zip(values) {
            if let Some(k) = k {
                self.expr(k)?;
            }
            self.expr(v)?;
        }
        self.emit(Op::BuildMap(first as u32));
        for (k, v) in keys[first..].iter().zip(&values[first..]) {
            match k {
                None => {
                    self.expr(v)?;
                    self.emit(Op::DictUpdate(1));
                }
                Some(k) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Op::MapAdd(1));
                }
            }
        }
        Ok(())
    }

    // ---- comprehensions --------------------------------------------------

    /// A comprehension is a nested function taking the outermost iterator
    /// as its parameter `.0`, called at once.
    fn comprehension(
        &mut self,
        e: &'a Expr,
        generators: &'a [ast::Comprehension],
        kind: Comp,
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult {
        let Some(first) = generators.first() else {
            return Err(err("invalid syntax", e.pos));
        };
        let scope = self
            .st
            .scope_of(e)
            .ok_or_else(|| err("internal compiler error: unknown scope", e.pos))?;
        self.enter(scope, e.pos.line);
        self.u().argcount = 1;
        match kind {
            Comp::List => self.emit(Op::BuildList(0)),
            Comp::Set => self.emit(Op::BuildSet(0)),
            Comp::Dict => self.emit(Op::BuildMap(0)),
            Comp::Gen => {}
        }
        self.comp_loop(generators, 0, kind, elt, val)?;
        if kind == Comp::Gen {
            self.load_none();
        }
        self.emit(Op::ReturnValue);
        let code = self.leave();
        self.push_code_and_make(code, 0, e.pos)?;
        self.expr(&first.iter)?;
        self.emit(Op::GetIter);
        self.u().line = e.pos.line;
        self.emit(Op::Call(1));
        Ok(())
    }

    fn comp_loop(
        &mut self,
        gens: &'a [ast::Comprehension],
        i: usize,
        kind: Comp,
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult {
        let g = &gens[i];
        let (head, end) = (self.new_label(), self.new_label());
        if i == 0 {
            self.name_op(".0", Access::Load);
        } else {
            self.expr(&g.iter)?;
            self.emit(Op::GetIter);
        }
        self.bind(head);
        self.jump(Op::ForIter, end);
        self.store_target(&g.target)?;
        for c in &g.ifs {
            self.jump_if(c, false, head)?;
        }
        if i + 1 < gens.len() {
            self.comp_loop(gens, i + 1, kind, elt, val)?;
        } else {
            // Below the new element: the result, then one iterator per loop.
            let depth = gens.len() as u32 + 1;
            match kind {
                Comp::List => {
                    self.expr(elt)?;
                    self.emit(Op::ListAppend(depth));
                }
                Comp::Set => {
                    self.expr(elt)?;
                    self.emit(Op::SetAdd(depth));
                }
                Comp::Dict => {
                    self.expr(elt)?;
                    if let Some(v) = val {
                        self.expr(v)?;
                    }
                    self.emit(Op::MapAdd(depth));
                }
                Comp::Gen => {
                    self.expr(elt)?;
                    self.emit(Op::YieldValue(0));
                    self.emit(Op::Pop);
                }
            }
        }
        self.jump(Op::JumpBackward, head);
        self.bind(end);
        Ok(())
    }

    // ---- assignment targets ----------------------------------------------

    /// Stores TOS into an assignment target (pops it).
    pub fn store_target(&mut self, t: &'a Expr) -> CResult {
        let saved = self.ur().line;
        self.u().line = t.pos.line;
        let r = self.store_target_inner(t);
        self.u().line = saved;
        r
    }

    fn store_target_inner(&mut self, t: &'a Expr) -> CResult {
        match &t.kind {
            ExprKind::Name(n) => self.name_op(n, Access::Store),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_index(attr);
                self.emit(Op::StoreAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::StoreSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let stars = items.iter().filter(|x| is_starred(x)).count();
                if stars > 1 {
                    return Err(err("multiple starred expressions in assignment", t.pos));
                }
                if stars == 0 {
                    self.emit(Op::UnpackSequence(items.len() as u32));
                } else {
                    let before = items.iter().position(is_starred).unwrap_or(0);
                    let after = items.len() - before - 1;
                    if before > u16::MAX as usize || after > u16::MAX as usize {
                        return Err(err(
                            "too many expressions in star-unpacking assignment",
                            t.pos,
                        ));
                    }
                    self.emit(Op::UnpackEx {
                        before: before as u16,
                        after: after as u16,
                    });
                }
                for x in items {
                    match &x.kind {
                        ExprKind::Starred(inner) => self.store_target(inner)?,
                        _ => self.store_target(x)?,
                    }
                }
            }
            ExprKind::Starred(_) => {
                return Err(err(
                    "starred assignment target must be in a list or tuple",
                    t.pos,
                ))
            }
            _ => return Err(err(format!("cannot assign to {}", describe(t)), t.pos)),
        }
        Ok(())
    }

    /// Validates an annotated target without a value (nothing runs).
    pub fn check_target(&mut self, t: &'a Expr) -> CResult {
        match &t.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
            _ => Err(err(
                format!("illegal target for annotation: {}", describe(t)),
                t.pos,
            )),
        }
    }

    pub fn delete_target(&mut self, t: &'a Expr) -> CResult {
        self.u().line = t.pos.line;
        match &t.kind {
            ExprKind::Name(n) => self.name_op(n, Access::Delete),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_index(attr);
                self.emit(Op::DeleteAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::DeleteSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for x in items {
                    self.delete_target(x)?;
                }
            }
            _ => return Err(err(format!("cannot delete {}", describe(t)), t.pos)),
        }
        Ok(())
    }

    pub fn aug_assign(&mut self, target: &'a Expr, op: ast::BinOp, value: &'a Expr) -> CResult {
        match &target.kind {
            ExprKind::Name(n) => {
                self.name_op(n, Access::Load);
                self.expr(value)?;
                self.emit(Op::InplaceOp(operators::binary(op)));
                self.name_op(n, Access::Store);
            }
            ExprKind::Attribute { value: obj, attr } => {
                self.expr(obj)?;
                let i = self.attr_index(attr);
                self.emit(Op::Copy(1));
                self.emit(Op::LoadAttr(i));
                self.expr(value)?;
                self.emit(Op::InplaceOp(operators::binary(op)));
                self.emit(Op::Swap(2));
                self.emit(Op::StoreAttr(i));
            }
            ExprKind::Subscript { value: obj, index } => {
                self.expr(obj)?;
                self.expr(index)?;
                self.emit(Op::SubscrKeep);
                self.expr(value)?;
                self.emit(Op::InplaceOp(operators::binary(op)));
                self.emit(Op::StoreSubscrAug);
            }
            _ => {
                return Err(err(
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        describe(target)
                    ),
                    target.pos,
                ))
            }
        }
        Ok(())
    }
}

/// A `SyntaxError` at the first keyword whose name an earlier one already
/// used (`**mapping` items have no name). One pass with a set: a generated
/// call may pass 100k keyword arguments.
fn check_repeated_keywords(keywords: &[Keyword]) -> Result<(), CompileError> {
    let mut seen = std::collections::HashSet::with_capacity(keywords.len());
    for k in keywords {
        if let Some(n) = k.name.as_deref() {
            if !seen.insert(n) {
                return Err(err(format!("keyword argument repeated: {n}"), k.pos));
            }
        }
    }
    Ok(())
}
