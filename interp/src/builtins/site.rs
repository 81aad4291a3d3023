//! `exit`, `quit` and `help`: the builtins CPython's `site` module adds
//! (`_sitebuiltins.Quitter` and `_Helper`). `exit`/`quit` raise
//! `SystemExit`; `help(obj)` prints what pydoc prints first for a function,
//! a class or a module — the signature and the docstring — without pydoc's
//! pager or its interactive mode.

use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Args, Object};
use crate::ops;
use crate::value::Value;
use crate::vm::{check_args, Vm};

/// Adds `exit`, `quit` and `help` to the builtins module.
pub(crate) fn install(vm: &mut Vm) {
    let quitter = vm.new_class(
        "Quitter",
        &[],
        &[("__repr__", quitter_repr), ("__call__", quitter_call)],
        None,
    );
    set_module(&quitter);
    for name in ["exit", "quit"] {
        let q = vm.instantiate_native(&quitter);
        if let Some(Object::Instance(i)) = q.as_obj().map(|o| &**o) {
            i.dict.borrow_mut().set_str("name", Value::str(name));
            i.dict
                .borrow_mut()
                .set_str("eof", Value::str("Ctrl-D (i.e. EOF)"));
        }
        vm.set_builtin(name, q);
    }
    let helper = vm.new_class(
        "_Helper",
        &[],
        &[("__repr__", helper_repr), ("__call__", helper_call)],
        None,
    );
    set_module(&helper);
    let h = vm.instantiate_native(&helper);
    vm.set_builtin("help", h);
}

/// Both classes live in `_sitebuiltins`, as in CPython.
fn set_module(cls: &crate::value::ObjRef) {
    if let Object::Type(t) = &**cls {
        t.dict
            .borrow_mut()
            .set_str("__module__", Value::str("_sitebuiltins"));
    }
}

fn quitter_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__repr__", &args, 1, 1)?;
    let name = vm.get_attr(&args.args[0], "name")?;
    let eof = vm.get_attr(&args.args[0], "eof")?;
    let (name, eof) = (ops::str_of(vm, &name)?, ops::str_of(vm, &eof)?);
    Ok(Value::string(format!("Use {name}() or {eof} to exit")))
}

/// `exit(code=None)`: raises `SystemExit(code)`.
fn quitter_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::builtins::check_kwargs("__call__", &args, &["code"])?;
    crate::builtins::arity("__call__", &args, 1, 2)?;
    let code = match (args.pos().get(1), args.kwarg("code")) {
        (Some(_), Some(_)) => {
            return Err(Error::type_error(
                "__call__() got multiple values for argument 'code'",
            ))
        }
        (Some(c), None) | (None, Some(c)) => c.clone(),
        (None, None) => Value::None,
    };
    Err(Error::Obj(
        vm.new_exception(ExcKind::SystemExit, vec![code]),
    ))
}

fn helper_repr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__repr__", &args, 1, 1)?;
    Ok(Value::str(
        "Type help() for interactive help, or help(object) for help about object.",
    ))
}

/// `help()` / `help(obj)`.
fn helper_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("help", &args, 1, 2)?;
    let text = match args.pos().get(1) {
        // conc has no interactive help utility: say how to use help instead.
        None => "Interactive help is not available; use help(object) for help about object.\n"
            .to_string(),
        Some(obj) => describe(vm, obj)?,
    };
    let print = vm.builtin("print").expect("print is a builtin");
    vm.call_kw(
        &print,
        &[Value::string(text), Value::str("")],
        &[Value::str("end")],
    )?;
    Ok(Value::None)
}

/// The text pydoc's `help(obj)` starts with.
fn describe(vm: &mut Vm, obj: &Value) -> PyResult<String> {
    if let Some(name) = obj.as_str() {
        return match vm.builtin(name) {
            Some(v) if v.as_str().is_none_or(|s| s != name) => describe(vm, &v),
            _ => Ok(format!("No Python documentation found for '{name}'.\nUse help() to get the interactive help utility.\nUse help(str) for help on the str class.\n")),
        };
    }
    match obj.as_obj().map(|o| &**o) {
        Some(Object::Function(_)) => {
            let module = module_of(vm, obj)?;
            let name = attr_str(vm, obj, "__name__")?;
            let body = routine(vm, obj, &name, false)?;
            Ok(format!(
                "Help on function {name} in module {module}:\n\n{body}\n"
            ))
        }
        Some(Object::BoundMethod { func, this }) => {
            let (func, this) = (func.clone(), this.clone());
            let module = module_of(vm, &func)?;
            let name = attr_str(vm, &func, "__name__")?;
            let cls = vm.type_of(&this);
            let owner = qualified_class(vm, &Value::Obj(cls))?;
            let sig = signature(vm, &func, true)?;
            let doc = doc_of(vm, &func)?;
            Ok(format!(
                "Help on method {name} in module {module}:\n\n{name}{sig} method of {owner} instance\n{}\n",
                indent(&doc, "    ")
            ))
        }
        Some(Object::NativeFunction(f)) => {
            let name = f.name.clone();
            Ok(format!(
                "Help on built-in function {name} in module builtins:\n\n{name}(...)\n\n"
            ))
        }
        Some(Object::Type(_)) => class_help(vm, obj),
        Some(Object::Module(m)) => {
            let name = m.name.clone();
            let doc = doc_of(vm, obj)?;
            let mut out = format!("Help on module {name}:\n\nNAME\n    {name}\n");
            if !doc.is_empty() {
                out.push_str(&format!("\nDESCRIPTION\n{}\n", indent(&doc, "    ")));
            }
            Ok(out + "\n")
        }
        _ => {
            // Any other object: the help of its class, as pydoc does.
            let cls = Value::Obj(vm.type_of(obj));
            class_help(vm, &cls)
        }
    }
}

/// `Help on class P in module m:`, the class line, the constructor's
/// signature, the docstring and the methods defined in the class body.
fn class_help(vm: &mut Vm, cls: &Value) -> PyResult<String> {
    let Some(Object::Type(t)) = cls.as_obj().map(|o| &**o) else {
        return Ok(String::new());
    };
    let (name, module) = (t.name.clone(), t.module.clone());
    let bases: Vec<Value> = t.bases.iter().map(|b| Value::Obj(b.clone())).collect();
    let mut members: Vec<(String, Value)> = t
        .dict
        .borrow()
        .items()
        .into_iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v)))
        .collect();
    members.sort_by(|a, b| a.0.cmp(&b.0));
    let mut base_names = Vec::new();
    for b in &bases {
        let bmod = attr_str(vm, b, "__module__")?;
        let bname = attr_str(vm, b, "__qualname__")?;
        base_names.push(if bmod == module {
            bname
        } else {
            format!("{bmod}.{bname}")
        });
    }
    let mut lines = Vec::new();
    if let Some((_, init)) = members.iter().find(|(k, _)| k == "__init__") {
        if matches!(init.as_obj().map(|o| &**o), Some(Object::Function(_))) {
            lines.push(format!("{name}{}", signature(vm, init, true)?));
            lines.push(String::new());
        }
    }
    let doc = doc_of(vm, cls)?;
    if !doc.is_empty() {
        lines.extend(doc.split('\n').map(String::from));
        lines.push(String::new());
    }
    let mut methods = Vec::new();
    for (k, v) in &members {
        if matches!(v.as_obj().map(|o| &**o), Some(Object::Function(_))) {
            let mut text = routine(vm, v, k, false)?;
            if k == "__init__" && doc_of(vm, v)?.is_empty() {
                // pydoc shows the documentation `__init__` inherits from object.
                text.push_str(
                    "    Initialize self.  See help(type(self)) for accurate signature.\n",
                );
            }
            methods.push(text);
        }
    }
    if !methods.is_empty() {
        lines.push("Methods defined here:".into());
        lines.push(String::new());
        for m in methods {
            lines.extend(m.trim_end_matches('\n').split('\n').map(String::from));
            lines.push(String::new());
        }
    }
    // The `__dict__` and `__weakref__` descriptors a class right under
    // `object` gets (pydoc lists them; subclasses inherit them).
    let under_object = bases.len() == 1
        && matches!(bases[0].as_obj().map(|o| &**o), Some(Object::Type(b)) if b.builtin == Some(crate::object::BuiltinKind::Object));
    if under_object && !members.iter().any(|(k, _)| k == "__slots__") {
        lines.push("-".repeat(70));
        lines.push("Data descriptors defined here:".into());
        lines.push(String::new());
        lines.push("__dict__".into());
        lines.push("    dictionary for instance variables".into());
        lines.push(String::new());
        lines.push("__weakref__".into());
        lines.push("    list of weak references to the object".into());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = format!(
        "Help on class {name} in module {module}:\n\nclass {name}({})\n",
        base_names.join(", ")
    );
    for l in lines {
        out.push_str(" |  ");
        out.push_str(&l);
        out.push('\n');
    }
    Ok(out + "\n")
}

/// `module.Class` as pydoc names an instance's class.
fn qualified_class(vm: &mut Vm, cls: &Value) -> PyResult<String> {
    let module = attr_str(vm, cls, "__module__")?;
    let name = attr_str(vm, cls, "__qualname__")?;
    Ok(format!("{module}.{name}"))
}

/// `str(getattr(obj, name))`.
fn attr_str(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<String> {
    let v = vm.get_attr(obj, name)?;
    ops::str_of(vm, &v)
}

fn module_of(vm: &mut Vm, f: &Value) -> PyResult<String> {
    let m = vm.get_attr(f, "__module__")?;
    ops::str_of(vm, &m)
}

/// `name(sig)` and the indented docstring, as pydoc's `docroutine`.
fn routine(vm: &mut Vm, f: &Value, name: &str, drop_self: bool) -> PyResult<String> {
    let sig = signature(vm, f, drop_self)?;
    let doc = doc_of(vm, f)?;
    let mut out = format!("{name}{sig}\n");
    if !doc.is_empty() {
        out.push_str(indent(&doc, "    ").trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// A function's parameter list as `inspect.signature` prints it (without
/// annotations, which conc does not keep on functions).
fn signature(vm: &mut Vm, f: &Value, drop_self: bool) -> PyResult<String> {
    let Some(Object::Function(func)) = f.as_obj().map(|o| &**o) else {
        return Ok("(...)".into());
    };
    let code = func.code.clone();
    let defaults = func.defaults.to_vec();
    let kwdefaults = func.kwdefaults.clone();
    let argc = code.argcount as usize;
    let kwonly = code.kwonlyargcount as usize;
    let posonly = code.posonlyargcount as usize;
    let has_var = code.flags & crate::bytecode::code::flags::VARARGS != 0;
    let has_kw = code.flags & crate::bytecode::code::flags::VARKEYWORDS != 0;
    let mut parts = Vec::new();
    let first_default = argc.saturating_sub(defaults.len());
    for i in 0..argc {
        let mut p = code.varnames[i].clone();
        if i >= first_default {
            p.push('=');
            p.push_str(&ops::repr(vm, &defaults[i - first_default])?);
        }
        parts.push(p);
        if posonly > 0 && i + 1 == posonly {
            parts.push("/".into());
        }
    }
    if has_var {
        parts.push(format!("*{}", code.varnames[argc + kwonly]));
    } else if kwonly > 0 {
        parts.push("*".into());
    }
    for i in argc..argc + kwonly {
        let name = &code.varnames[i];
        let mut p = name.clone();
        let default = match kwdefaults.as_deref() {
            Some(Object::Dict(d)) => d.borrow().get_str(name).cloned(),
            _ => None,
        };
        if let Some(d) = default {
            p.push('=');
            p.push_str(&ops::repr(vm, &d)?);
        }
        parts.push(p);
    }
    if has_kw {
        let at = argc + kwonly + usize::from(has_var);
        parts.push(format!("**{}", code.varnames[at]));
    }
    if drop_self && argc > 0 {
        parts.remove(0);
        if parts.first().is_some_and(|p| p == "/") {
            parts.remove(0);
        }
    }
    Ok(format!("({})", parts.join(", ")))
}

/// The cleaned docstring (`inspect.getdoc`), empty if there is none.
fn doc_of(vm: &mut Vm, obj: &Value) -> PyResult<String> {
    let doc = vm.get_attr_opt(obj, "__doc__")?.unwrap_or_default();
    Ok(doc.as_str().map(cleandoc).unwrap_or_default())
}

/// `inspect.cleandoc`: the first line stripped, the rest dedented by their
/// common indentation, blank lines at both ends removed.
fn cleandoc(doc: &str) -> String {
    let expanded = doc.replace('\t', "        ");
    let mut lines: Vec<&str> = expanded.split('\n').collect();
    let margin = lines[1..]
        .iter()
        .filter(|l| !l.trim_start().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    out.push(lines.remove(0).trim_start().to_string());
    for l in lines {
        out.push(l.get(margin..).unwrap_or("").to_string());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

/// pydoc's `indent`: every line prefixed, the last one right-stripped.
fn indent(text: &str, prefix: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut lines: Vec<String> = text.split('\n').map(|l| format!("{prefix}{l}")).collect();
    if let Some(last) = lines.last_mut() {
        *last = last.trim_end().to_string();
    }
    lines.join("\n")
}
