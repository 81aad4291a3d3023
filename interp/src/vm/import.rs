//! `import`: `sys.modules` first, then builtin modules registered by the
//! stdlib or embedders, then `name.conc` / `name/__init__.conc` along
//! `sys.path`. A module is entered in `sys.modules` before its body runs, so
//! circular imports see the partially initialized module.
//!
//! Threads: as in CPython, each module being imported has an import lock
//! (`ImportLocks`). Another thread that finds the module in `sys.modules`
//! while its body still runs, or that wants to import it meanwhile, waits
//! with the GIL released until the importer finishes, then takes
//! `sys.modules` as it is — the finished module, or (the import having
//! raised and removed it) no module, and it imports the module itself. The
//! importing thread itself (a circular import) and a thread whose wait would
//! close a cycle of waits between threads get the partial module instead.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{Condvar, Mutex};

use crate::bytecode::CodeRef;
use crate::compile::Mode;
use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Dict, Object};
use crate::value::Value;

use super::frame::Frame;
use super::{ops, Vm};

impl Vm {
    fn modules_get(&self, name: &str) -> Option<Value> {
        match self.state.modules.as_obj().map(|o| &**o) {
            Some(Object::Dict(d)) => d.borrow().get_str(name).cloned(),
            _ => None,
        }
    }

    fn modules_set(&self, name: &str, m: Option<Value>) {
        if let Some(Object::Dict(d)) = self.state.modules.as_obj().map(|o| &**o) {
            match m {
                Some(m) => {
                    d.borrow_mut().set_str(name, m);
                }
                None => {
                    d.borrow_mut().remove_str(name);
                }
            }
        }
    }

    /// Imports a (possibly dotted) module and returns the leaf module.
    pub fn import_module(&mut self, name: &str) -> PyResult<Value> {
        // The host's policy first: a left-out module stays out even when
        // something imported it already.
        self.state.config.limits.check_import(name)?;
        if let Some(m) = self.modules_get(name) {
            if !self.state.imports.busy_elsewhere(name, self.ident) {
                return Ok(m);
            }
        }
        let (parent, leaf) = match name.rsplit_once('.') {
            Some((p, l)) => (Some(self.import_module(p)?), l),
            None => (None, name),
        };
        // Held until this import ends, however it ends.
        let _guard = match self.lock_import(name)? {
            Some(guard) => Some(guard),
            // Our own import in progress, or a cycle of waiting threads:
            // the partial module, as in CPython.
            None => match self.modules_get(name) {
                Some(m) => return Ok(m),
                None => None,
            },
        };
        if let Some(m) = self.modules_get(name) {
            return Ok(m);
        }
        let init = self.state.builtin_modules.lock().get(name).copied();
        let m = if let Some(init) = init {
            let m = init(self)?;
            self.modules_set(name, Some(m.clone()));
            m
        } else {
            let dirs: Vec<PathBuf> = match &parent {
                Some(p) => match self.get_attr_opt(p, "__path__")? {
                    Some(paths) => ops::collect(self, &paths)?
                        .iter()
                        .filter_map(|v| v.as_str().map(PathBuf::from))
                        .collect(),
                    None => {
                        return Err(Error::new(
                            ExcKind::ModuleNotFoundError,
                            format!(
                                "No module named '{name}'; '{}' is not a package",
                                name.rsplit_once('.').map_or("", |x| x.0)
                            ),
                        ))
                    }
                },
                None => self.sys_path_dirs()?,
            };
            // Without file access, only builtin and host modules import.
            let found = match self.state.config.limits.file_access() {
                true => find_module(&dirs, leaf),
                false => None,
            };
            match found {
                Some(found) => self.load_file_module(name, found)?,
                None => {
                    return Err(Error::new(
                        ExcKind::ModuleNotFoundError,
                        format!("No module named '{name}'"),
                    ))
                }
            }
        };
        if let Some(p) = parent {
            self.set_attr(&p, leaf, m.clone())?;
        }
        Ok(m)
    }

    /// Takes the import lock of `name`, waiting (GIL released) while
    /// another thread holds it. `None` when this thread holds it already or
    /// waiting would deadlock.
    fn lock_import(&mut self, name: &str) -> PyResult<Option<ImportGuard>> {
        let me = self.ident;
        let locks = self.state.imports.clone();
        loop {
            {
                let mut st = locks.state.lock();
                match st.owners.get(name) {
                    None => {
                        st.owners.insert(name.to_string(), me);
                        return Ok(Some(ImportGuard {
                            locks: locks.clone(),
                            name: name.to_string(),
                        }));
                    }
                    Some(&owner) if owner == me || st.waits_for(owner, me) => return Ok(None),
                    Some(_) => {
                        st.waiting.insert(me, name.to_string());
                    }
                }
            }
            let check = self.interrupt_check();
            let (l, n) = (locks.clone(), name.to_string());
            let interrupted = self.allow_threads_because("import", move || {
                let mut st = l.state.lock();
                let interrupted = loop {
                    if st.owners.get(&n).is_none_or(|&o| o == me) {
                        break false;
                    }
                    if check.pending() {
                        break true;
                    }
                    // A slice, so a Ctrl-C in the main thread is seen.
                    l.done.wait_for(&mut st, Duration::from_millis(50));
                };
                st.waiting.remove(&me);
                interrupted
            });
            if interrupted {
                self.check_signals()?;
            }
        }
    }

    fn sys_path_dirs(&mut self) -> PyResult<Vec<PathBuf>> {
        let path = self
            .sys_attr("path")
            .unwrap_or_else(|| self.state.sys_path.clone());
        Ok(ops::collect(self, &path)?
            .iter()
            .filter_map(|v| {
                v.as_str()
                    .map(|s| PathBuf::from(if s.is_empty() { "." } else { s }))
            })
            .collect())
    }

    fn load_file_module(&mut self, name: &str, found: Found) -> PyResult<Value> {
        let m = self.new_module(name);
        let file = found.file.to_string_lossy().into_owned();
        self.module_set(&m, "__file__", Value::str(&file));
        if let Some(dir) = &found.package_dir {
            self.module_set(
                &m,
                "__path__",
                Value::list(vec![Value::str(&dir.to_string_lossy())]),
            );
        }
        self.modules_set(name, Some(m.clone()));
        let r = match &found.package_dir {
            Some(_) if !found.file.exists() => Ok(()),
            _ => std::fs::read_to_string(&found.file)
                .map_err(|e| Error::new(ExcKind::ImportError, format!("cannot read {file}: {e}")))
                .and_then(|src| {
                    let code = self.compile_source(&src, &file, Mode::Exec)?;
                    self.exec_in_module(&code, &m).map(|_| ())
                }),
        };
        if let Err(e) = r {
            self.modules_set(name, None);
            return Err(e);
        }
        Ok(self.modules_get(name).unwrap_or(m))
    }

    /// Parses and compiles source text; parse and compile errors become
    /// SyntaxError exceptions.
    pub fn compile_source(&mut self, src: &str, filename: &str, mode: Mode) -> PyResult<CodeRef> {
        let module = match conc_grammar::parse_module(src) {
            Ok(m) => m,
            Err(e) => {
                let kind = match e.kind {
                    conc_grammar::ErrorKind::SyntaxError => ExcKind::SyntaxError,
                    conc_grammar::ErrorKind::IndentationError => ExcKind::IndentationError,
                    conc_grammar::ErrorKind::TabError => ExcKind::TabError,
                };
                return Err(self.syntax_error(kind, &e.msg, filename, e.line, e.col, src));
            }
        };
        let intern = |name: &str| self.intern(name);
        let code = crate::compile::compile_module_interned(&module, filename, mode, Some(&intern));
        code.map_err(|e| {
            self.syntax_error(ExcKind::SyntaxError, &e.msg, filename, e.line, e.col, src)
        })
    }

    /// A SyntaxError instance with `msg`, `filename`, `lineno`, `offset`, `text`.
    pub fn syntax_error(
        &mut self,
        kind: ExcKind,
        msg: &str,
        filename: &str,
        line: u32,
        col: u32,
        src: &str,
    ) -> Error {
        let text = src
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .map(|l| format!("{l}\n"));
        let args = vec![
            Value::str(msg),
            Value::tuple(vec![
                Value::str(filename),
                Value::Int(line as i64),
                Value::Int(col as i64),
                text.clone().map(Value::string).unwrap_or_default(),
            ]),
        ];
        let e = self.new_exception(kind, args);
        if let Some(Object::Instance(i)) = e.as_obj().map(|o| &**o) {
            let mut d = i.dict.borrow_mut();
            d.set_str("msg", Value::str(msg));
            d.set_str("filename", Value::str(filename));
            d.set_str("lineno", Value::Int(line as i64));
            d.set_str("offset", Value::Int(col as i64));
            d.set_str("text", text.map(Value::string).unwrap_or_default());
        }
        Error::Obj(e)
    }

    /// Runs a module-level code object with the module's dict as globals
    /// and locals.
    pub fn exec_in_module(&mut self, code: &CodeRef, module: &Value) -> PyResult<Value> {
        let Some(Object::Module(m)) = module.as_obj().map(|o| &**o) else {
            return Err(Error::type_error("exec_in_module: not a module"));
        };
        let globals = m.dict.clone();
        self.exec_code(code, globals, None)
    }

    /// Runs a code object with the given globals dict and locals mapping
    /// (None: the globals).
    pub fn exec_code(
        &mut self,
        code: &CodeRef,
        globals: crate::value::ObjRef,
        locals: Option<Value>,
    ) -> PyResult<Value> {
        if let Object::Dict(d) = &*globals {
            let mut d = d.borrow_mut();
            if d.get_str("__builtins__").is_none() {
                d.set_str("__builtins__", self.state.builtins_module.clone());
            }
        }
        let locals = locals.unwrap_or_else(|| Value::Obj(globals.clone()));
        let mut frame = Frame::new(code.clone(), globals, &[], Some(locals));
        self.run_frame_call(&mut frame)
    }

    /// `from m import name`: the attribute, or the submodule `m.name`.
    pub(crate) fn import_from(&mut self, m: &Value, name: &Value) -> PyResult<Value> {
        if let Some(v) = self.get_attr_opt(m, name.as_str().unwrap_or(""))? {
            return Ok(v);
        }
        let n = name.as_str().unwrap_or("");
        let modname = match m.as_obj().map(|o| &**o) {
            Some(Object::Module(mo)) => mo.name.clone(),
            _ => "?".into(),
        };
        if self.get_attr_opt(m, "__path__")?.is_some() {
            if let Ok(sub) = self.import_module(&format!("{modname}.{n}")) {
                return Ok(sub);
            }
        }
        let file = self
            .get_attr_opt(m, "__file__")?
            .and_then(|f| f.as_str().map(String::from));
        let loc = file
            .map(|f| format!(" ({f})"))
            .unwrap_or_else(|| " (unknown location)".into());
        Err(Error::new(
            ExcKind::ImportError,
            format!("cannot import name '{n}' from '{modname}'{loc}"),
        ))
    }

    /// `from m import *`.
    pub(crate) fn import_star(&mut self, f: &Frame, m: &Value) -> PyResult<()> {
        let Some(Object::Module(mo)) = m.as_obj().map(|o| &**o) else {
            return Err(Error::type_error("import *: not a module"));
        };
        let items: Vec<(Value, Value)> = match &*mo.dict {
            Object::Dict(d) => d.borrow().items(),
            _ => vec![],
        };
        let all = match &*mo.dict {
            Object::Dict(d) => d.borrow().get_str("__all__").cloned(),
            _ => None,
        };
        let names: Option<Vec<Value>> = match all {
            Some(a) => Some(ops::collect(self, &a)?),
            None => None,
        };
        let target = f
            .locals_dict
            .clone()
            .unwrap_or_else(|| Value::Obj(f.globals.clone()));
        for (k, v) in items {
            let ks = k.as_str().unwrap_or("");
            let public = match &names {
                Some(ns) => ns.iter().any(|n| n.as_str() == Some(ks)),
                None => !ks.starts_with('_'),
            };
            if public {
                ops::setitem(self, &target, &k, v)?;
            }
        }
        Ok(())
    }

    /// A fresh globals dict for a module named `name`.
    pub fn new_globals(&self, name: &str) -> crate::value::ObjRef {
        let mut d = Dict::new();
        d.set_str("__name__", Value::str(name));
        d.set_str("__builtins__", self.state.builtins_module.clone());
        crate::sync::Ref::new(Object::Dict(crate::sync::ObjCell::new(d)))
    }
}

/// The import locks of one interpreter: which thread imports which module,
/// and which module each waiting thread waits for.
#[derive(Default)]
pub struct ImportLocks {
    state: Mutex<ImportLockState>,
    /// Signalled whenever an import ends.
    done: Condvar,
}

#[derive(Default)]
struct ImportLockState {
    /// Module name -> ident of the thread importing it.
    owners: HashMap<String, u64>,
    /// Thread ident -> the module it waits for.
    waiting: HashMap<u64, String>,
}

impl ImportLocks {
    /// Whether a thread other than `me` is importing `name` now.
    fn busy_elsewhere(&self, name: &str, me: u64) -> bool {
        let st = self.state.lock();
        !st.owners.is_empty() && st.owners.get(name).is_some_and(|&o| o != me)
    }
}

impl ImportLockState {
    /// Whether `owner`, through the chain of threads waiting for modules
    /// other threads import, waits for `me` (so `me` waiting for `owner`
    /// would deadlock).
    fn waits_for(&self, mut owner: u64, me: u64) -> bool {
        for _ in 0..=self.waiting.len() {
            match self.waiting.get(&owner).and_then(|m| self.owners.get(m)) {
                Some(&next) if next == me => return true,
                Some(&next) => owner = next,
                None => return false,
            }
        }
        false
    }
}

/// Releases a module's import lock when its import ends (also by a panic).
struct ImportGuard {
    locks: Arc<ImportLocks>,
    name: String,
}

impl Drop for ImportGuard {
    fn drop(&mut self) {
        self.locks.state.lock().owners.remove(&self.name);
        self.locks.done.notify_all();
    }
}

struct Found {
    file: PathBuf,
    package_dir: Option<PathBuf>,
}

fn find_module(dirs: &[PathBuf], leaf: &str) -> Option<Found> {
    for d in dirs {
        let pkg = d.join(leaf);
        if pkg.is_dir() {
            let init = pkg.join("__init__.conc");
            if init.is_file() || has_conc_files(&pkg) {
                return Some(Found {
                    file: init,
                    package_dir: Some(pkg),
                });
            }
        }
        let f = d.join(format!("{leaf}.conc"));
        if f.is_file() {
            return Some(Found {
                file: f,
                package_dir: None,
            });
        }
    }
    None
}

fn has_conc_files(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "conc") || e.path().is_dir())
        })
        .unwrap_or(false)
}
