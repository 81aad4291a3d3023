//! The `hashlib` module: md5, sha1, sha224, sha256, sha384, sha512 (and the
//! truncated sha512_224/sha512_256). The digests are native, computed by the
//! RustCrypto crates (`md-5`, `sha1`, `sha2`): exactness and speed both
//! matter and those crates are the well-kept implementations. The hash
//! object is a native class whose payload is the running hasher, so
//! `update` is incremental and `copy` clones the state; the constructors,
//! `new(name)`, `file_digest` and the algorithm sets are conc source.

use conc_interp::object::bytes::{bytes_of, new_bytes};
use conc_interp::object::{Args, BuiltinKind, NativeFnPtr};
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;
use sha2::Digest;

use crate::util::{arity, exec_in_module, new_module, payload, self_payload};

/// A running hash of one algorithm.
#[derive(Clone)]
enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha512_224(sha2::Sha512_224),
    Sha512_256(sha2::Sha512_256),
}

impl Hasher {
    /// A fresh hasher for a lower-case algorithm name.
    fn named(name: &str) -> Option<Hasher> {
        Some(match name {
            "md5" => Hasher::Md5(Default::default()),
            "sha1" => Hasher::Sha1(Default::default()),
            "sha224" => Hasher::Sha224(Default::default()),
            "sha256" => Hasher::Sha256(Default::default()),
            "sha384" => Hasher::Sha384(Default::default()),
            "sha512" => Hasher::Sha512(Default::default()),
            "sha512_224" => Hasher::Sha512_224(Default::default()),
            "sha512_256" => Hasher::Sha512_256(Default::default()),
            _ => return None,
        })
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(data),
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha224(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
            Hasher::Sha512(h) => h.update(data),
            Hasher::Sha512_224(h) => h.update(data),
            Hasher::Sha512_256(h) => h.update(data),
        }
    }

    /// The digest so far; the running state is left as it was.
    fn digest(&self) -> Vec<u8> {
        match self.clone() {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha224(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha384(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
            Hasher::Sha512_224(h) => h.finalize().to_vec(),
            Hasher::Sha512_256(h) => h.finalize().to_vec(),
        }
    }
}

type HashCell = ObjCell<Option<Hasher>>;

fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(HashCell::new(None))
}

fn cell<'a>(args: &Args<'a>) -> PyResult<&'a HashCell> {
    self_payload(args, "HASH")
}

fn with_hasher<R>(c: &HashCell, f: impl FnOnce(&mut Hasher) -> R) -> PyResult<R> {
    match c.borrow_mut().as_mut() {
        Some(h) => Ok(f(h)),
        None => Err(Error::value_error("hash object is not initialized")),
    }
}

/// The bytes of a data argument; str is refused as CPython does.
fn data_arg(v: &Value) -> PyResult<Vec<u8>> {
    if v.as_str().is_some() {
        return Err(Error::type_error("Strings must be encoded before hashing"));
    }
    match bytes_of(v) {
        Some(b) => Ok(b.to_vec()),
        None => Err(Error::type_error(
            "object supporting the buffer API required",
        )),
    }
}

/// `HASH._start(name)`: chooses the algorithm (ValueError if unknown).
fn start(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_start", &args, 2, 2)?;
    let c = cell(&args)?;
    let name = args.pos()[1]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match Hasher::named(&name) {
        Some(h) => {
            *c.borrow_mut() = Some(h);
            Ok(Value::None)
        }
        None => Err(Error::value_error(format!("unsupported hash type {name}"))),
    }
}

/// `HASH.update(data)`.
fn update(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("update", &args, 2, 2)?;
    let c = cell(&args)?;
    let data = data_arg(&args.pos()[1])?;
    with_hasher(c, |h| h.update(&data))?;
    Ok(Value::None)
}

/// `HASH.digest()`.
fn digest(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("digest", &args, 1, 1)?;
    Ok(new_bytes(with_hasher(cell(&args)?, |h| h.digest())?))
}

/// `HASH.hexdigest()`.
fn hexdigest(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("hexdigest", &args, 1, 1)?;
    let d = with_hasher(cell(&args)?, |h| h.digest())?;
    Ok(Value::string(
        d.iter().map(|b| format!("{b:02x}")).collect::<String>(),
    ))
}

/// `HASH.copy()`: a new object of the same class with the running state.
fn copy(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("copy", &args, 1, 1)?;
    let this = &args.pos()[0];
    let state = with_hasher(cell(&args)?, |h| h.clone())?;
    let class = vm.get_attr(this, "__class__")?;
    let twin = vm.call(&class, &[])?;
    *payload::<HashCell>(&twin, "HASH")?.borrow_mut() = Some(state);
    for attr in ["name", "digest_size", "block_size"] {
        let v = vm.get_attr(this, attr)?;
        vm.set_attr(&twin, attr, v)?;
    }
    Ok(twin)
}

const HASH_METHODS: &[(&str, NativeFnPtr)] = &[
    ("_start", start),
    ("update", update),
    ("digest", digest),
    ("hexdigest", hexdigest),
    ("copy", copy),
];

/// The conc half: constructors and algorithm sets over the native `HASH`.
const HASHLIB_SRC: &str = r#"
# name: (digest_size, block_size)
_SIZES = {
    'md5': (16, 64), 'sha1': (20, 64), 'sha224': (28, 64), 'sha256': (32, 64),
    'sha384': (48, 128), 'sha512': (64, 128), 'sha512_224': (28, 128),
    'sha512_256': (32, 128),
}

algorithms_guaranteed = frozenset({'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'})
algorithms_available = frozenset(_SIZES)


def new(name, data=b'', *, usedforsecurity=True):
    if not isinstance(name, str):
        raise TypeError('new() argument \'name\' must be str, not ' + type(name).__name__)
    h = HASH()
    h._start(name)
    key = name.lower()
    h.name = key
    h.digest_size, h.block_size = _SIZES[key]
    if data:
        h.update(data)
    return h


def _constructor(name):
    def construct(data=b'', *, usedforsecurity=True):
        return new(name, data)
    construct.__name__ = 'openssl_' + name
    return construct


md5 = _constructor('md5')
sha1 = _constructor('sha1')
sha224 = _constructor('sha224')
sha256 = _constructor('sha256')
sha384 = _constructor('sha384')
sha512 = _constructor('sha512')


def file_digest(fileobj, digest, /, *, _bufsize=2**18):
    if isinstance(digest, str):
        h = new(digest)
    else:
        h = digest()
    while True:
        chunk = fileobj.read(_bufsize)
        if not chunk:
            break
        h.update(chunk)
    return h
"#;

/// Creates the `hashlib` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "hashlib", &[]);
    let object = vm.builtin_type(BuiltinKind::Object);
    let class = vm.new_class("HASH", &[object], HASH_METHODS, Some(new_payload));
    vm.module_set(&m, "HASH", Value::Obj(class));
    exec_in_module(vm, &m, HASHLIB_SRC)?;
    Ok(m)
}
