//! The disassembler behind `conc --dis FILE`: one instruction per line,
//! CPython style (line number when it changes, index, name, operand and a
//! readable argument), then the nested code objects.

use std::fmt::Write;

use super::{Code, Op};
use crate::object::Object;
use crate::value::Value;

/// Disassembles a code object and, after it, every nested code object.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    dis_one(code, &mut out, true);
    out
}

fn dis_one(code: &Code, out: &mut String, top: bool) {
    if !top {
        let _ = writeln!(
            out,
            "\nDisassembly of <code object {} at line {}>:",
            code.qualname, code.first_line
        );
    }
    let targets: std::collections::HashSet<u32> =
        code.ops.iter().filter_map(|o| o.jump_target()).collect();
    let mut last_line = u32::MAX;
    for (pc, op) in code.ops.iter().enumerate() {
        let line = code.line_at(pc);
        if line != last_line && pc > 0 {
            out.push('\n');
        }
        let line_col = if line != last_line {
            line.to_string()
        } else {
            String::new()
        };
        last_line = line;
        let mark = if targets.contains(&(pc as u32)) {
            ">>"
        } else {
            "  "
        };
        let (name, operand) = name_and_operand(op);
        let arg = describe_arg(code, op);
        let mut s = format!("{line_col:>4} {mark} {pc:>5} {name:<20}");
        if let Some(o) = operand {
            let _ = write!(s, " {o:>4}");
        }
        if !arg.is_empty() {
            let _ = write!(s, " ({arg})");
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
    for c in &code.consts {
        if let Some(Object::Code(inner)) = c.as_obj().map(|o| &**o) {
            dis_one(inner, out, false);
        }
    }
}

/// The op's name and its raw operand, taken from its `Debug` form
/// (`LoadConst(3)` -> `LoadConst`, `3`).
fn name_and_operand(op: &Op) -> (String, Option<String>) {
    let dbg = format!("{op:?}");
    match dbg.find(['(', ' ']) {
        Some(i) => {
            let name = dbg[..i].to_string();
            let rest = dbg[i..].trim_matches(|c| c == '(' || c == ')' || c == ' ');
            (name, Some(rest.to_string()))
        }
        None => (dbg, None),
    }
}

fn describe_arg(code: &Code, op: &Op) -> String {
    let name = |i: &u32| {
        code.names
            .get(*i as usize)
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string()
    };
    let var = |i: usize| code.varnames.get(i).cloned().unwrap_or_default();
    let cell = |i: &u32| {
        let i = *i as usize;
        code.cellvars
            .get(i)
            .or_else(|| code.freevars.get(i.wrapping_sub(code.cellvars.len())))
            .cloned()
            .unwrap_or_default()
    };
    match op {
        Op::LoadConst(i) | Op::AddConst(i) | Op::SubConst(i) => code
            .consts
            .get(*i as usize)
            .map(const_repr)
            .unwrap_or_default(),
        Op::LoadFast(i) | Op::StoreFast(i) | Op::DeleteFast(i) => var(*i as usize),
        Op::LoadDeref(i)
        | Op::StoreDeref(i)
        | Op::DeleteDeref(i)
        | Op::LoadClosure(i)
        | Op::LoadClassDeref(i) => cell(i),
        Op::LoadGlobal(i)
        | Op::StoreGlobal(i)
        | Op::DeleteGlobal(i)
        | Op::LoadName(i)
        | Op::StoreName(i)
        | Op::DeleteName(i)
        | Op::LoadAttr(i)
        | Op::StoreAttr(i)
        | Op::DeleteAttr(i)
        | Op::LoadMethod(i)
        | Op::LoadSuperMethod(i)
        | Op::ImportName(i)
        | Op::ImportTop(i)
        | Op::ImportFrom(i) => name(i),
        Op::LoadFastLoadFast(a, b) | Op::StoreFastLoadFast(a, b) | Op::StoreFastStoreFast(a, b) => {
            format!("{}, {}", var(*a as usize), var(*b as usize))
        }
        Op::LoadFastLoadConst(a, c) => format!(
            "{}, {}",
            var(*a as usize),
            code.consts
                .get(*c as usize)
                .map(const_repr)
                .unwrap_or_default()
        ),
        Op::LoadFastAttr(a, i) => format!("{}, {}", var(*a as usize), name(&u32::from(*i))),
        Op::JumpIfLocalNone(a, t) | Op::JumpIfLocalNotNone(a, t) => {
            format!("{}, to {t}", var(*a as usize))
        }
        Op::BinaryOp(b) | Op::InplaceOp(b) => b.symbol().to_string(),
        Op::CompareOp(c) => c.symbol().to_string(),
        _ => match op.jump_target() {
            Some(t) => format!("to {t}"),
            None => String::new(),
        },
    }
}

/// A short Python-style repr of a constant.
pub fn const_repr(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Obj(o) => match &**o {
            Object::Str(s) => str_repr(s.as_str()),
            Object::Bytes(b) => {
                let mut s = String::from("b'");
                for &c in b.iter() {
                    match c {
                        b'\'' => s.push_str("\\'"),
                        b'\\' => s.push_str("\\\\"),
                        b'\n' => s.push_str("\\n"),
                        0x20..=0x7e => s.push(c as char),
                        _ => {
                            let _ = write!(s, "\\x{c:02x}");
                        }
                    }
                }
                s.push('\'');
                s
            }
            Object::BigInt(b) => b.to_string(),
            Object::Complex { re, im } if *re == 0.0 && re.is_sign_positive() => {
                format!("{}j", float_repr(*im))
            }
            Object::Complex { re, im } => format!("({}{:+}j)", float_repr(*re), im),
            Object::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(const_repr).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Object::Code(c) => format!("<code object {} at line {}>", c.name, c.first_line),
            Object::Ellipsis => "Ellipsis".into(),
            other => format!("<{}>", other.kind_name()),
        },
    }
}

fn float_repr(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.into()
    } else if f == f.trunc() && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}
