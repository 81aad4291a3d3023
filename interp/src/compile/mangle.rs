//! Private name mangling, as CPython's compiler does it (`_Py_Mangle`):
//! inside a class body, and in the functions, lambdas and comprehensions
//! nested in it, an identifier `__spam` (two leading underscores, not
//! ending in two) becomes `_Class__spam`, so a class's private attributes
//! do not collide with its subclasses'. Names, attribute names,
//! parameters, `def`/`class`/`import` bindings and `global`/`nonlocal`
//! declarations are mangled; strings (`getattr(o, '__x')`) and keyword
//! argument names at call sites are not.

use std::borrow::Cow;

/// `name` as written inside the class `private` (the innermost enclosing
/// class's name), or unchanged outside any class.
pub fn mangle<'a>(private: Option<&str>, name: &'a str) -> Cow<'a, str> {
    let Some(class) = private else {
        return Cow::Borrowed(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    // A class named only with underscores mangles nothing.
    let class = class.trim_start_matches('_');
    if class.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{class}{name}"))
}

#[cfg(test)]
mod tests {
    use super::mangle;

    #[test]
    fn mangles_private_names_only() {
        let c = Some("Account");
        assert_eq!(mangle(c, "__balance"), "_Account__balance");
        assert_eq!(mangle(c, "__init__"), "__init__");
        assert_eq!(mangle(c, "_single"), "_single");
        assert_eq!(mangle(c, "plain"), "plain");
        assert_eq!(mangle(c, "__"), "__");
        assert_eq!(mangle(c, "__pkg.mod"), "__pkg.mod");
        assert_eq!(mangle(None, "__balance"), "__balance");
    }

    #[test]
    fn strips_the_class_names_leading_underscores() {
        assert_eq!(mangle(Some("_Inner"), "__x"), "_Inner__x");
        assert_eq!(mangle(Some("__Hidden"), "__x"), "_Hidden__x");
        assert_eq!(mangle(Some("___"), "__x"), "__x");
    }

    #[test]
    fn is_idempotent() {
        let once = mangle(Some("C"), "__x").into_owned();
        assert_eq!(mangle(Some("C"), &once), once);
    }
}
