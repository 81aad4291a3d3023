//! Code generation of `match` statements, after CPython's compiler.
//!
//! The subject sits on the stack. Each case but the last matches a copy of
//! it, so a failed case leaves the original for the next one. A pattern
//! consumes the value on top of the stack when it succeeds; when a check
//! fails it jumps to a "fail pop" label that first discards whatever the
//! pattern had pushed above the case's base (`PatternCtx::fail_pop[n]`
//! pops n items), then goes on with the next case (or alternative).
//!
//! Names are bound as soon as their sub-pattern matches, so a case that
//! fails after a capture leaves that name bound (PEP 634 leaves this to
//! the implementation; CPython binds only on success).

use conc_grammar::ast::{self, Constant, MatchCase, Pattern, PatternKind};

use super::codegen::{Access, CResult, Compiler, Label};
use super::CompileError;
use crate::bytecode::Op;
use crate::ops::CompareOp;
use crate::value::Value;

/// Where a failing check of the pattern being compiled jumps.
struct PatternCtx {
    /// `fail_pop[n]`: pops n items, then falls into `fail_pop[n - 1]`;
    /// `fail_pop[0]` is where the failed case (or alternative) continues.
    fail_pop: Vec<Label>,
    /// Items on the stack between the case's base and the value the
    /// current sub-pattern matches.
    on_top: usize,
}

fn internal(msg: &str, pos: ast::Pos) -> CompileError {
    CompileError {
        msg: format!("internal compiler error: {msg}"),
        line: pos.line,
        col: pos.col,
    }
}

/// True for a pattern that matches anything and binds nothing (`_`, `*_`).
fn is_wildcard(p: &Pattern) -> bool {
    matches!(
        p.kind,
        PatternKind::As {
            pattern: None,
            name: None
        } | PatternKind::Star(None)
    )
}

impl<'a> Compiler<'a> {
    pub(super) fn match_stmt(&mut self, subject: &'a ast::Expr, cases: &'a [MatchCase]) -> CResult {
        self.expr(subject)?;
        let end = self.new_label();
        let last = cases.len().saturating_sub(1);
        for (i, case) in cases.iter().enumerate() {
            self.u().line = case.pos.line;
            let is_last = i == last;
            if !is_last {
                self.emit(Op::Copy(1));
            }
            let mut pc = PatternCtx {
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&case.pattern, &mut pc)?;
            if let Some(guard) = &case.guard {
                let fail = self.fail_label(&mut pc, 0);
                self.jump_if(guard, false, fail)?;
            }
            if !is_last {
                self.emit(Op::Pop);
            }
            self.stmts(&case.body)?;
            self.jump(Op::Jump, end);
            self.emit_fail_pops(&pc);
        }
        self.bind(end);
        Ok(())
    }

    fn fail_label(&mut self, pc: &mut PatternCtx, pops: usize) -> Label {
        while pc.fail_pop.len() <= pops {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
        pc.fail_pop[pops]
    }

    /// Pops the boolean on top and fails, discarding `pops` items, unless it is `ok`.
    fn fail_unless(&mut self, pc: &mut PatternCtx, ok: bool, pops: usize) {
        let l = self.fail_label(pc, pops);
        self.jump(
            if ok {
                Op::PopJumpIfFalse
            } else {
                Op::PopJumpIfTrue
            },
            l,
        );
    }

    fn emit_fail_pops(&mut self, pc: &PatternCtx) {
        for n in (1..pc.fail_pop.len()).rev() {
            self.bind(pc.fail_pop[n]);
            self.emit(Op::Pop);
        }
        if let Some(&first) = pc.fail_pop.first() {
            self.bind(first);
        }
    }

    fn load_value(&mut self, v: Value) {
        let i = self.add_const(v, None);
        self.emit(Op::LoadConst(i));
    }

    /// Compiles one pattern against the value on top of the stack.
    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternCtx) -> CResult {
        self.u().line = p.pos.line;
        match &p.kind {
            PatternKind::Value(e) => {
                self.expr(e)?;
                self.emit(Op::CompareOp(CompareOp::Eq));
                self.fail_unless(pc, true, pc.on_top);
            }
            PatternKind::Singleton(c) => {
                self.load_const(c);
                self.emit(Op::CompareOp(CompareOp::Is));
                self.fail_unless(pc, true, pc.on_top);
            }
            PatternKind::As {
                pattern: None,
                name,
            } => match name {
                Some(n) => self.name_op(n, Access::Store),
                None => self.emit(Op::Pop),
            },
            PatternKind::As {
                pattern: Some(inner),
                name,
            } => {
                if let Some(n) = name {
                    self.emit(Op::Copy(1));
                    pc.on_top += 1;
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.name_op(n, Access::Store);
                } else {
                    self.pattern(inner, pc)?;
                }
            }
            PatternKind::Sequence(items) => self.sequence_pattern(items, pc, p.pos)?,
            PatternKind::Mapping {
                keys,
                patterns,
                rest,
            } => self.mapping_pattern(keys, patterns, rest.as_deref(), pc)?,
            PatternKind::Class {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => self.class_pattern(cls, patterns, kwd_attrs, kwd_patterns, pc)?,
            PatternKind::Or(alternatives) => self.or_pattern(alternatives, pc)?,
            PatternKind::Star(_) => {
                return Err(internal("starred pattern outside a sequence", p.pos))
            }
        }
        Ok(())
    }

    /// Matches the sub-patterns against the `n` items just pushed (the
    /// first on top).
    fn subpatterns(
        &mut self,
        items: impl Iterator<Item = &'a Pattern>,
        n: usize,
        below: usize,
        pc: &mut PatternCtx,
    ) -> CResult {
        let base = pc.on_top;
        for (i, p) in items.enumerate() {
            pc.on_top = base + below + (n - 1 - i);
            match &p.kind {
                PatternKind::Star(Some(name)) => self.name_op(name, Access::Store),
                _ if is_wildcard(p) => self.emit(Op::Pop),
                _ => self.pattern(p, pc)?,
            }
        }
        pc.on_top = base;
        Ok(())
    }

    fn sequence_pattern(
        &mut self,
        items: &'a [Pattern],
        pc: &mut PatternCtx,
        pos: ast::Pos,
    ) -> CResult {
        let star = items
            .iter()
            .position(|p| matches!(p.kind, PatternKind::Star(_)));
        let n = items.len();
        self.emit(Op::MatchSequence);
        self.fail_unless(pc, true, pc.on_top + 1);
        self.emit(Op::GetLen);
        let (min, cmp) = match star {
            Some(_) => (n - 1, CompareOp::GtE),
            None => (n, CompareOp::Eq),
        };
        self.load_value(Value::Int(min as i64));
        self.emit(Op::CompareOp(cmp));
        self.fail_unless(pc, true, pc.on_top + 1);
        if items.iter().all(is_wildcard) {
            self.emit(Op::Pop);
            return Ok(());
        }
        match star {
            None => self.emit(Op::UnpackSequence(n as u32)),
            Some(s) => {
                let (Ok(before), Ok(after)) = (u16::try_from(s), u16::try_from(n - s - 1)) else {
                    return Err(CompileError {
                        msg: "too many expressions in star-unpacking sequence pattern".into(),
                        line: pos.line,
                        col: pos.col,
                    });
                };
                self.emit(Op::UnpackEx { before, after });
            }
        }
        self.subpatterns(items.iter(), n, 0, pc)
    }

    fn mapping_pattern(
        &mut self,
        keys: &'a [ast::Expr],
        patterns: &'a [Pattern],
        rest: Option<&'a str>,
        pc: &mut PatternCtx,
    ) -> CResult {
        self.emit(Op::MatchMapping);
        self.fail_unless(pc, true, pc.on_top + 1);
        if keys.is_empty() && rest.is_none() {
            self.emit(Op::Pop);
            return Ok(());
        }
        let n = keys.len();
        if n > 0 {
            self.emit(Op::GetLen);
            self.load_value(Value::Int(n as i64));
            self.emit(Op::CompareOp(CompareOp::GtE));
            self.fail_unless(pc, true, pc.on_top + 1);
        }
        for k in keys {
            self.expr(k)?;
        }
        self.emit(Op::BuildTuple(n as u32));
        // Stack: subject, keys.
        if n > 0 {
            self.emit(Op::MatchKeys);
            self.emit(Op::Copy(1));
            self.load_const(&Constant::None);
            self.emit(Op::CompareOp(CompareOp::Is));
            self.fail_unless(pc, false, pc.on_top + 3);
            self.emit(Op::UnpackSequence(n as u32));
            self.subpatterns(patterns.iter(), n, 2, pc)?;
        }
        match rest {
            Some(name) => {
                self.emit(Op::CopyDictWithoutKeys);
                self.name_op(name, Access::Store);
                self.emit(Op::Pop);
            }
            None => {
                self.emit(Op::Pop);
                self.emit(Op::Pop);
            }
        }
        Ok(())
    }

    fn class_pattern(
        &mut self,
        cls: &'a ast::Expr,
        patterns: &'a [Pattern],
        kwd_attrs: &[String],
        kwd_patterns: &'a [Pattern],
        pc: &mut PatternCtx,
    ) -> CResult {
        self.expr(cls)?;
        let names: Vec<Value> = kwd_attrs.iter().map(|a| Value::str(a)).collect();
        self.load_value(Value::tuple(names));
        self.emit(Op::MatchClass(patterns.len() as u32));
        self.emit(Op::Copy(1));
        self.load_const(&Constant::None);
        self.emit(Op::CompareOp(CompareOp::Is));
        self.fail_unless(pc, false, pc.on_top + 1);
        let all = patterns.iter().chain(kwd_patterns);
        if all.clone().all(is_wildcard) {
            self.emit(Op::Pop);
            return Ok(());
        }
        let n = patterns.len() + kwd_patterns.len();
        self.emit(Op::UnpackSequence(n as u32));
        self.subpatterns(all, n, 0, pc)
    }

    /// Each alternative but the last matches a copy of the subject in a
    /// context of its own; the last one matches the subject itself.
    fn or_pattern(&mut self, alternatives: &'a [Pattern], pc: &mut PatternCtx) -> CResult {
        let end = self.new_label();
        let last = alternatives.len() - 1;
        for (i, alt) in alternatives.iter().enumerate() {
            if i == last {
                self.pattern(alt, pc)?;
                break;
            }
            self.emit(Op::Copy(1));
            let mut sub = PatternCtx {
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(alt, &mut sub)?;
            self.emit(Op::Pop);
            self.jump(Op::Jump, end);
            self.emit_fail_pops(&sub);
        }
        self.bind(end);
        Ok(())
    }
}
