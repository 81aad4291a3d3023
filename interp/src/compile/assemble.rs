//! Finishing a code unit: labels become instruction indices, the maximum
//! stack depth is computed by a flow pass, and the `Code` object is built.

use std::sync::Arc;

use super::codegen::Unit;
use super::symtable::Scope;
use crate::bytecode::code::flags;
use crate::bytecode::{Code, CodeRef, Op};
use crate::value::Value;

pub(super) fn assemble(u: Unit<'_>, sc: &Scope, filename: &Arc<str>) -> CodeRef {
    let mut ops = u.ops;
    let last = ops.len().saturating_sub(1) as u32;
    for op in ops.iter_mut() {
        if let Some(l) = op.jump_target() {
            // Every label is bound by construction; clamp defensively so a
            // compiler bug can never make the VM index out of range.
            let t = u.labels.get(l as usize).copied().unwrap_or(last).min(last);
            set_target(op, t);
        }
    }
    let stacksize = max_stack_depth(&ops);
    fuse_none_tests(&mut ops, &u.lines, &u.consts);
    fuse_pairs(&mut ops, &u.lines);
    for op in ops.iter_mut() {
        *op = op.specialize();
    }
    let cell2arg = u
        .cellvars
        .iter()
        .map(|c| sc.params.iter().position(|p| p == c).map(|i| i as u32))
        .collect();
    let fast_call = u.flags
        & (flags::VARARGS
            | flags::VARKEYWORDS
            | flags::GENERATOR
            | flags::CLASS_BODY
            | flags::MODULE)
        == 0
        && u.kwonlyargcount == 0;
    let qualname = if sc.qualname.is_empty() {
        sc.name.clone()
    } else {
        sc.qualname.clone()
    };
    CodeRef::new(Code {
        name_value: Value::str(&sc.name),
        qualname_value: Value::str(&qualname),
        name: sc.name.clone(),
        qualname,
        filename: filename.clone(),
        first_line: u.first_line,
        flags: u.flags,
        argcount: u.argcount,
        posonlyargcount: u.posonlyargcount,
        kwonlyargcount: u.kwonlyargcount,
        varnames: u.varnames,
        cellvars: u.cellvars,
        cell2arg,
        freevars: u.freevars,
        hints: u.names.iter().map(|_| Default::default()).collect(),
        builtin_cache: u.names.iter().map(|_| Default::default()).collect(),
        attr_sites: u.names.iter().map(|_| Default::default()).collect(),
        names: u.names,
        consts: u.consts,
        ops,
        lines: u.lines,
        stacksize,
        docstring: u.docstring,
        fast_call,
    })
}

fn set_target(op: &mut Op, t: u32) {
    match op {
        Op::Jump(x)
        | Op::JumpBackward(x)
        | Op::PopJumpIfFalse(x)
        | Op::PopJumpIfTrue(x)
        | Op::JumpIfFalseOrPop(x)
        | Op::JumpIfTrueOrPop(x)
        | Op::ForIter(x)
        | Op::SetupExcept(x)
        | Op::Send(x) => *x = t,
        _ => {}
    }
}

/// Turns adjacent pairs on one line into superinstructions (see
/// `Op::fuse`). Each instruction is fused with the original one after it,
/// so a chain `LoadFast a; LoadFast b; LoadFast c` stays right whichever of
/// them a jump lands on. The pass runs backwards so that a constant
/// operand goes to its operator (`LoadFast x; AddConst 1`, an add in
/// place) rather than to the load before it (`LoadFastLoadConst x, 1;
/// BinaryAdd`, a push and a pop more).
fn fuse_pairs(ops: &mut [Op], lines: &[u32]) {
    for i in (0..ops.len().saturating_sub(1)).rev() {
        if lines.get(i) != lines.get(i + 1) {
            continue;
        }
        let next = ops[i + 1];
        if matches!(next, Op::AddConst(_) | Op::SubConst(_)) {
            continue;
        }
        if let Some(f) = ops[i].fuse(next.generic()) {
            ops[i] = f;
        }
    }
}

/// Turns `x is None` / `x is not None` tests of a local feeding a jump, on
/// one line, into `JumpIfLocalNone`/`JumpIfLocalNotNone` (see
/// `Op::fuse_none_test`). Runs before `fuse_pairs`, which leaves the
/// fused instruction alone.
fn fuse_none_tests(ops: &mut [Op], lines: &[u32], consts: &[crate::value::Value]) {
    for i in 0..ops.len().saturating_sub(3) {
        if lines.get(i) != lines.get(i + 3) {
            continue;
        }
        let is_none = |c: u32| matches!(consts.get(c as usize), Some(crate::value::Value::None));
        if let Some(f) = Op::fuse_none_test(&ops[i..i + 4], is_none) {
            ops[i] = f;
        }
    }
}

/// Stack effect of an instruction: (fall-through, when jumping). `None`
/// for fall-through means the instruction never falls through.
pub(crate) fn stack_effect(op: &Op) -> (Option<i32>, i32) {
    use Op::*;
    // A superinstruction falls through to its second half, which is still
    // in place: for the flow analysis it is just its first half. A
    // specialized instruction acts as its general form.
    let op = &op.generic();
    let n = |x: &u32| *x as i32;
    let fall = match op {
        Nop | Swap(_) | DeleteFast(_) | DeleteDeref(_) | DeleteGlobal(_) | DeleteName(_) => 0,
        Pop => -1,
        Copy(_) | LoadConst(_) | LoadFast(_) | LoadDeref(_) | LoadClosure(_)
        | LoadClassDeref(_) | LoadGlobal(_) | LoadName(_) => 1,
        StoreFast(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) => -1,
        LoadAttr(_) => 0,
        StoreAttr(_) => -2,
        DeleteAttr(_) => -1,
        LoadMethod(_) => 1,
        LoadSuperMethod(_) => -1,
        CallMethod(k) => -n(k) - 1,
        CallMethodKw(k) => -n(k) - 2,
        BinaryOp(_) | InplaceOp(_) | CompareOp(_) | BinarySubscr => -1,
        UnaryOp(_) => 0,
        StoreSubscr | StoreSubscrAug => -3,
        SubscrKeep => 1,
        DeleteSubscr => -2,
        BuildSlice(k) | BuildTuple(k) | BuildList(k) | BuildSet(k) | BuildString(k) => 1 - n(k),
        BuildMap(k) => 1 - 2 * n(k),
        ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) | DictMerge(_) => {
            -1
        }
        MapAdd(_) => -2,
        ListToTuple => 0,
        FormatValue(f) => -((f & 4 != 0) as i32),
        UnpackSequence(k) => n(k) - 1,
        UnpackEx { before, after } => *before as i32 + *after as i32,
        Jump(_) | JumpBackward(_) => return (None, 0),
        PopJumpIfFalse(_) | PopJumpIfTrue(_) => return (Some(-1), -1),
        JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => return (Some(-1), 0),
        GetIter => 0,
        ForIter(_) => return (Some(1), -1),
        MakeFunction(f) => {
            -((f & 1 != 0) as i32)
                - ((f & 2 != 0) as i32)
                - ((f & 4 != 0) as i32)
                - ((f & 8 != 0) as i32)
        }
        Call(k) => -n(k),
        CallKw(k) => -n(k) - 1,
        CallEx(f) => -1 - (f & 1) as i32,
        ReturnValue | RaiseVarargs(_) | Reraise => return (None, 0),
        LoadBuildClass | LoadAssertionError => 1,
        ImportName(_) | ImportTop(_) | ImportFrom(_) => 1,
        ImportStar => -1,
        // The handler starts with the exception pushed at the setup depth.
        SetupExcept(_) => return (Some(0), 1),
        PopBlock | PopExcept | CheckExcMatch | ExceptStart => 0,
        BeforeWith => 1,
        WithExitNormal => -1,
        WithExceptStart => 1,
        YieldValue(_) | GetYieldFromIter => 0,
        Send(_) => return (Some(0), -1),
        PrintExpr => -1,
        GetLen | MatchMapping | MatchSequence | MatchKeys => 1,
        CopyDictWithoutKeys => 0,
        MatchClass(_) => -2,
        LoadFastLoadFast(..)
        | LoadFastLoadConst(..)
        | StoreFastLoadFast(..)
        | StoreFastStoreFast(..)
        | LoadFastAttr(..)
        | AddConst(_)
        | SubConst(_)
        | BinaryAdd
        | BinarySub
        | BinaryMul
        | InplaceAdd
        | InplaceSub
        | JumpIfLocalNone(..)
        | JumpIfLocalNotNone(..) => unreachable!("made generic above"),
    };
    (Some(fall), fall)
}

/// The maximum stack depth over every reachable path (a worklist pass).
pub(crate) fn max_stack_depth(ops: &[Op]) -> u32 {
    let mut depth: Vec<i32> = vec![-1; ops.len()];
    let mut work = Vec::new();
    let mut max = 0i32;
    let visit = |pc: usize, d: i32, depth: &mut Vec<i32>, work: &mut Vec<usize>| {
        if pc < depth.len() && depth[pc] < 0 {
            depth[pc] = d.max(0);
            work.push(pc);
        }
    };
    visit(0, 0, &mut depth, &mut work);
    while let Some(pc) = work.pop() {
        let d = depth[pc];
        let op = &ops[pc];
        let (fall, jump) = stack_effect(op);
        if let Some(f) = fall {
            max = max.max(d + f);
            visit(pc + 1, d + f, &mut depth, &mut work);
        }
        if let Some(t) = op.jump_target() {
            max = max.max(d + jump);
            visit(t as usize, d + jump, &mut depth, &mut work);
        }
    }
    // A little slack: the VM may push an exception or a NULL marker transiently.
    (max.max(0) + 2) as u32
}

/// Stack depth before each instruction (`None` = unreachable), for tests:
/// panics if two paths reach an instruction with different depths.
#[cfg(test)]
pub(crate) fn depths(ops: &[Op]) -> Vec<Option<i32>> {
    let mut depth: Vec<Option<i32>> = vec![None; ops.len()];
    let mut work = vec![0usize];
    if !ops.is_empty() {
        depth[0] = Some(0);
    }
    while let Some(pc) = work.pop() {
        let d = depth[pc].expect("visited");
        let (fall, jump) = stack_effect(&ops[pc]);
        let mut go = |t: usize, nd: i32| {
            if t < depth.len() {
                match depth[t] {
                    None => {
                        depth[t] = Some(nd);
                        work.push(t);
                    }
                    Some(old) => assert_eq!(old, nd, "inconsistent stack depth at {t}"),
                }
            }
        };
        if let Some(f) = fall {
            go(pc + 1, d + f);
        }
        if let Some(t) = ops[pc].jump_target() {
            go(t as usize, d + jump);
        }
    }
    depth
}
