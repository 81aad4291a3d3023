//! HTTP: the `http` package (`HTTPStatus`), `http.client`, `http.server`
//! and `socketserver`, as Python's.
//!
//! The heads of requests and responses are parsed by the `httparse` crate
//! (hyper's parser: strict about the grammar, no allocation, a fixed limit
//! on headers) through the native `_http` module; everything that reads
//! and writes sockets — bodies by `Content-Length`, chunked bodies, EOF,
//! keep-alive — is conc source (`client.conc`, `server.conc`,
//! `socketserver.conc`) over the `socket` module, so every wait releases
//! the GIL and honours the socket's timeout.

use conc_interp::object::{Args, NativeFnPtr, Object};
use conc_interp::prelude::*;

use crate::util::{new_module, pos_arity};

const HTTP_SOURCE: &str = include_str!("http.conc");
const CLIENT_SOURCE: &str = include_str!("client.conc");
const SERVER_SOURCE: &str = include_str!("server.conc");
const SOCKETSERVER_SOURCE: &str = include_str!("socketserver.conc");

/// At most this many header fields in one head, as CPython's `_MAXHEADERS`.
const MAX_HEADERS: usize = 100;

fn bytes_arg<'a>(fname: &str, v: &'a Value) -> PyResult<&'a [u8]> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Bytes(b)) => Ok(b),
        _ => Err(Error::type_error(format!(
            "{fname}() argument must be bytes"
        ))),
    }
}

/// Bytes as text, one character per byte (ISO-8859-1, as HTTP heads are
/// decoded in Python).
fn latin1(b: &[u8]) -> Value {
    Value::string(b.iter().map(|&c| c as char).collect())
}

/// The header fields as `[(name, value)]`.
fn header_list(headers: &[httparse::Header<'_>]) -> Value {
    Value::list(
        headers
            .iter()
            .map(|h| Value::tuple(vec![latin1(h.name.as_bytes()), latin1(h.value)]))
            .collect(),
    )
}

/// Why a head is not HTTP, in the words the conc source matches on.
fn parse_error(e: httparse::Error) -> Error {
    Error::value_error(match e {
        httparse::Error::Version => "version",
        httparse::Error::TooManyHeaders => "too many headers",
        httparse::Error::HeaderName | httparse::Error::HeaderValue => "header",
        _ => "syntax",
    })
}

/// `parse_request(head: bytes)` → `None` while the head is incomplete, else
/// `(method, target, minor_version, [(name, value)], consumed)`; a head that
/// is not HTTP/1.x raises `ValueError` ("version", "too many headers",
/// "header" or "syntax").
fn parse_request(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("parse_request", &args, 1, 1)?;
    let buf = bytes_arg("parse_request", &args.pos()[0])?;
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf).map_err(parse_error)? {
        httparse::Status::Partial => Ok(Value::None),
        httparse::Status::Complete(n) => Ok(Value::tuple(vec![
            Value::str(req.method.unwrap_or("")),
            latin1(req.path.unwrap_or("").as_bytes()),
            Value::Int(req.version.unwrap_or(0) as i64),
            header_list(req.headers),
            Value::Int(n as i64),
        ])),
    }
}

/// `parse_response(head: bytes)` → `None` while incomplete, else
/// `(minor_version, status, reason, [(name, value)], consumed)`; raises
/// `ValueError` as `parse_request` does.
fn parse_response(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("parse_response", &args, 1, 1)?;
    let buf = bytes_arg("parse_response", &args.pos()[0])?;
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    match resp.parse(buf).map_err(parse_error)? {
        httparse::Status::Partial => Ok(Value::None),
        httparse::Status::Complete(n) => Ok(Value::tuple(vec![
            Value::Int(resp.version.unwrap_or(0) as i64),
            Value::Int(resp.code.unwrap_or(0) as i64),
            latin1(resp.reason.unwrap_or("").as_bytes()),
            header_list(resp.headers),
            Value::Int(n as i64),
        ])),
    }
}

/// `parse_headers(block: bytes)` → `None` while the block has no empty
/// line yet, else `([(name, value)], consumed)`; raises `ValueError` as
/// `parse_request` does.
fn parse_headers(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("parse_headers", &args, 1, 1)?;
    let buf = bytes_arg("parse_headers", &args.pos()[0])?;
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    match httparse::parse_headers(buf, &mut headers).map_err(parse_error)? {
        httparse::Status::Partial => Ok(Value::None),
        httparse::Status::Complete((n, parsed)) => Ok(Value::tuple(vec![
            header_list(parsed),
            Value::Int(n as i64),
        ])),
    }
}

/// `parse_chunk_size(line: bytes)` → `None` while incomplete, else
/// `(size, consumed)`; a line that is no chunk size raises `ValueError`.
fn parse_chunk_size(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("parse_chunk_size", &args, 1, 1)?;
    let buf = bytes_arg("parse_chunk_size", &args.pos()[0])?;
    match httparse::parse_chunk_size(buf) {
        Ok(httparse::Status::Partial) => Ok(Value::None),
        Ok(httparse::Status::Complete((n, size))) => {
            let size = i64::try_from(size).map_err(|_| Error::value_error("chunk size"))?;
            Ok(Value::tuple(vec![Value::Int(size), Value::Int(n as i64)]))
        }
        Err(_) => Err(Error::value_error("chunk size")),
    }
}

/// The native `_http` module: the head parsers.
pub fn init_native(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("parse_request", parse_request),
        ("parse_response", parse_response),
        ("parse_headers", parse_headers),
        ("parse_chunk_size", parse_chunk_size),
    ];
    let m = new_module(vm, "_http", fns);
    vm.module_set(&m, "MAX_HEADERS", Value::Int(MAX_HEADERS as i64));
    Ok(m)
}

fn source_module(vm: &mut Vm, name: &str, source: &str) -> PyResult<Value> {
    let m = vm.new_module(name);
    crate::util::exec_in_module(vm, &m, source)?;
    Ok(m)
}

/// The `http` package: `HTTPStatus` and `HTTPMethod`.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = source_module(vm, "http", HTTP_SOURCE)?;
    vm.module_set(&m, "__path__", Value::list(Vec::new()));
    Ok(m)
}

/// `http.client`: `HTTPConnection`, `HTTPResponse`, `HTTPMessage` and the
/// exceptions.
pub fn init_client(vm: &mut Vm) -> PyResult<Value> {
    source_module(vm, "http.client", CLIENT_SOURCE)
}

/// `http.server`: `HTTPServer`, `ThreadingHTTPServer`,
/// `BaseHTTPRequestHandler`.
pub fn init_server(vm: &mut Vm) -> PyResult<Value> {
    source_module(vm, "http.server", SERVER_SOURCE)
}

/// `socketserver`: `TCPServer`, `ThreadingMixIn`, the request handlers.
pub fn init_socketserver(vm: &mut Vm) -> PyResult<Value> {
    source_module(vm, "socketserver", SOCKETSERVER_SOURCE)
}
