//! The filesystem modules: `posix` (the system calls, native), and in conc
//! `posixpath` (also `os.path`), `pathlib`, `shutil`, `tempfile`, `fnmatch`,
//! `glob` and `stat`. `os` itself is `crate::os`; its filesystem part is
//! `os.conc` here, run in the `os` module by [`add_to_os`].
//!
//! Native code does only what needs the kernel (stat, directory listing,
//! creating and removing, descriptors, the environment); path logic, tree
//! walks and copies are conc following CPython's pure-Python modules.

mod native;

use conc_interp::prelude::*;

pub use native::path_arg;

/// Runs the conc part of `os` in the module `m`.
pub fn add_to_os(vm: &mut Vm, m: &Value) -> PyResult<()> {
    crate::util::exec_in_module(vm, m, include_str!("os.conc"))
}

/// A module made of conc source only.
fn pure(vm: &mut Vm, name: &str, source: &str) -> PyResult<Value> {
    let m = vm.new_module(name);
    crate::util::exec_in_module(vm, &m, source)?;
    Ok(m)
}

macro_rules! conc_modules {
    ($($fn_name:ident, $module:literal, $file:literal;)*) => {
        $(
            #[doc = concat!("The `", $module, "` module.")]
            fn $fn_name(vm: &mut Vm) -> PyResult<Value> {
                pure(vm, $module, include_str!($file))
            }
        )*
        /// Registers the modules of this directory.
        pub fn register(vm: &Vm) {
            vm.register_builtin_module("posix", native::init_posix);
            vm.register_builtin_module("os.path", init_os_path);
            $( vm.register_builtin_module($module, $fn_name); )*
        }
    };
}

conc_modules! {
    init_posixpath, "posixpath", "posixpath.conc";
    init_fnmatch, "fnmatch", "fnmatch.conc";
    init_glob, "glob", "glob.conc";
    init_pathlib, "pathlib", "pathlib.conc";
    init_shutil, "shutil", "shutil.conc";
    init_tempfile, "tempfile", "tempfile.conc";
    init_stat, "stat", "stat.conc";
}

/// `os.path` is the `posixpath` module, as in CPython.
fn init_os_path(vm: &mut Vm) -> PyResult<Value> {
    vm.import_module("os")?;
    vm.import_module("posixpath")
}
