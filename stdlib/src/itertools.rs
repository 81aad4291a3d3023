//! The `itertools` module. `count`, `repeat`, `islice` and `chain` (hot
//! loops) are native classes (`itertools_native.rs`), and so are the
//! combinatoric iterators (`itertools_combinatoric.rs`); the others are
//! conc generators,
//! CPython's documented pure-Python equivalents (which define the exact
//! semantics: laziness, argument order, what is consumed when), run in the
//! module's namespace at first import. Any of them can become native later
//! without changing behaviour.

use conc_interp::prelude::*;

use crate::util::exec_in_module;

const SOURCE: &str = r#"
def cycle(iterable):
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    if not saved:
        return
    while True:
        for element in saved:
            yield element

def accumulate(iterable, func=None, *, initial=None):
    it = iter(iterable)
    total = initial
    if initial is None:
        try:
            total = next(it)
        except StopIteration:
            return
    yield total
    if func is None:
        for element in it:
            total = total + element
            yield total
    else:
        for element in it:
            total = func(total, element)
            yield total

def _chain_from_iterable(cls, iterables):
    return _chain_from(cls(), iterables)
chain.from_iterable = classmethod(_chain_from_iterable)

def compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d

def dropwhile(predicate, iterable):
    iterable = iter(iterable)
    for x in iterable:
        if not predicate(x):
            yield x
            break
    for x in iterable:
        yield x

def takewhile(predicate, iterable):
    for x in iterable:
        if predicate(x):
            yield x
        else:
            break

def filterfalse(predicate, iterable):
    if predicate is None:
        predicate = bool
    for x in iterable:
        if not predicate(x):
            yield x

def starmap(function, iterable):
    for args in iterable:
        yield function(*args)

def tee(iterable, n=2):
    if n < 0:
        raise ValueError('n must be >= 0')
    it = iter(iterable)
    # The n buffers are made at once, as CPython's tuple of n iterators is:
    # a count no machine holds fails now instead of filling memory slowly.
    buffers = [None] * n
    for i in range(n):
        buffers[i] = []
    def gen(mybuf):
        while True:
            if not mybuf:
                try:
                    newval = next(it)
                except StopIteration:
                    return
                for b in buffers:
                    b.append(newval)
            yield mybuf.pop(0)
    return tuple(gen(b) for b in buffers)

def zip_longest(*args, fillvalue=None):
    iterators = [iter(it) for it in args]
    num_active = len(iterators)
    if not num_active:
        return
    while True:
        values = []
        for i, it in enumerate(iterators):
            try:
                value = next(it)
            except StopIteration:
                num_active -= 1
                if not num_active:
                    return
                iterators[i] = repeat(fillvalue)
                value = fillvalue
            values.append(value)
        yield tuple(values)

def pairwise(iterable):
    it = iter(iterable)
    try:
        a = next(it)
    except StopIteration:
        return
    for b in it:
        yield a, b
        a = b

class _Grouper:
    pass

def groupby(iterable, key=None):
    keyfunc = (lambda x: x) if key is None else key
    it = iter(iterable)
    state = _Grouper()
    state.done = False
    try:
        state.cur = next(it)
    except StopIteration:
        return
    state.key = keyfunc(state.cur)
    def grouper(tgtkey):
        while True:
            yield state.cur
            try:
                state.cur = next(it)
            except StopIteration:
                state.done = True
                return
            state.key = keyfunc(state.cur)
            if state.key != tgtkey:
                return
    while not state.done:
        tgtkey = state.key
        yield (tgtkey, grouper(tgtkey))
        while not state.done and state.key == tgtkey:
            try:
                state.cur = next(it)
            except StopIteration:
                state.done = True
                break
            state.key = keyfunc(state.cur)
"#;

/// Creates the `itertools` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("itertools");
    crate::itertools_native::install(vm, &m);
    crate::itertools_combinatoric::install(vm, &m);
    exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}
