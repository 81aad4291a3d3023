//! The standard library modules end to end through the `conc` binary: each
//! snippet is valid Python 3 and must print exactly what python3 prints on
//! this machine (python3 is required; the test fails loudly without it).

use std::process::Command;

fn run(program: &str, args: &[&str]) -> (String, String, Option<i32>) {
    let o = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code(),
    )
}

/// Runs every snippet under both interpreters; reports all differences.
fn same_as_python(snippets: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (name, code) in snippets {
        let (want, perr, _) = run("python3", &["-c", code]);
        assert!(perr.is_empty(), "{name}: python3 failed: {perr}");
        let (got, err, status) = run(env!("CARGO_BIN_EXE_conc"), &["-c", code]);
        if got != want || status != Some(0) {
            failures.push(format!(
                "--- {name} (status {status:?})\nwant:\n{want}got:\n{got}stderr:\n{err}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snippets differ:\n{}",
        failures.len(),
        snippets.len(),
        failures.join("\n")
    );
}

#[test]
fn math_module() {
    same_as_python(&[
        ("constants", "import math\nprint(math.pi, math.e, math.tau, math.inf, -math.inf)"),
        ("basic", "import math\nprint(math.sqrt(2), math.exp(1), math.log(100, 10), math.log2(1024), math.log10(0.001))"),
        ("trig", "import math\nprint(math.sin(1), math.cos(1), math.tan(1), math.atan2(1, -1), math.hypot(3, 4))"),
        ("rounding", "import math\nprint(math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7), math.floor(7), type(math.floor(2.0)).__name__)"),
        ("integers", "import math\nprint(math.factorial(30), math.gcd(12, 18, 27), math.lcm(4, 6), math.isqrt(10**30), math.comb(100, 50), math.perm(10, 3), math.perm(5))"),
        ("floats", "import math\nprint(math.fsum([0.1]*10), math.fmod(7.5, 2), math.copysign(3, -0.0), math.modf(2.5), math.frexp(12.0), math.ldexp(0.75, 4))"),
        ("predicates", "import math\nprint(math.isclose(1.0, 1.0 + 1e-10), math.isnan(math.nan), math.isinf(1e308 * 10), math.isfinite(1.0), math.prod([1, 2, 3, 4]), math.dist((0, 0), (3, 4)))"),
        ("degrees", "import math\nprint(math.degrees(math.pi), math.radians(180))"),
        ("bigint log", "import math\nprint(round(math.log(10**400), 6), round(math.log10(10**400), 6))"),
        (
            "errors",
            "import math\nfor f, a in [(math.sqrt, -1), (math.log, 0), (math.factorial, -1), (math.exp, 1000), (math.isqrt, -1), (math.acos, 2)]:\n    try:\n        f(a)\n    except (ValueError, OverflowError) as e:\n        print(type(e).__name__, e)",
        ),
        ("type errors", "import math\ntry:\n    math.sqrt('x')\nexcept TypeError as e:\n    print(e)\ntry:\n    math.factorial(1.5)\nexcept TypeError as e:\n    print(e)"),
    ]);
}

#[test]
fn random_module() {
    same_as_python(&[
        ("random", "import random\nrandom.seed(42)\nprint([random.random() for _ in range(3)])"),
        ("ints", "import random\nrandom.seed(7)\nprint([random.randint(1, 6) for _ in range(10)], random.randrange(0, 100, 5), random.randrange(10), random.getrandbits(100))"),
        ("sequences", "import random\nrandom.seed(1)\nl = list(range(20))\nrandom.shuffle(l)\nprint(l, random.choice('abcdef'), random.sample(range(1000), 8), random.sample(['a', 'b', 'c'], 2))"),
        ("floats", "import random\nrandom.seed(3)\nprint(random.uniform(1, 5), random.gauss(0, 1), random.gauss(10, 2), random.triangular(0, 10, 3), random.expovariate(2))"),
        ("choices", "import random\nrandom.seed(5)\nprint(random.choices('abc', k=5), random.choices(range(4), weights=[1, 0, 5, 2], k=6))"),
        ("big seed", "import random\nrandom.seed(2**100 + 17)\nprint(random.random(), random.randrange(10**20))"),
        ("instance", "import random\nr = random.Random(99)\nprint(r.random(), r.randint(0, 1000))"),
        ("errors", "import random\nfor f in [lambda: random.choice([]), lambda: random.randrange(0), lambda: random.sample([1], 2)]:\n    try:\n        f()\n    except (IndexError, ValueError) as e:\n        print(type(e).__name__, e)"),
    ]);
}

#[test]
fn collections_module() {
    same_as_python(&[
        ("deque", "from collections import deque\nd = deque([1, 2, 3])\nd.append(4); d.appendleft(0); d.extend([5, 6]); d.extendleft([-1, -2])\nprint(d, len(d), d[0], d[-1], d.pop(), d.popleft(), 3 in d)\nd.rotate(2); print(d); d.rotate(-3); print(d, list(reversed(d)))"),
        ("deque maxlen", "from collections import deque\nd = deque(range(10), maxlen=3)\nprint(d, d.maxlen)\nd.appendleft(99); print(d)\ntry:\n    deque().pop()\nexcept IndexError as e:\n    print(e)"),
        ("defaultdict", "from collections import defaultdict\nd = defaultdict(int)\nfor c in 'hello world':\n    d[c] += 1\nprint(sorted(d.items()))\ng = defaultdict(list)\ng['a'].append(1)\nprint(g, len(g))"),
        ("Counter", "from collections import Counter\nc = Counter('abracadabra')\nprint(c, c.most_common(2), c['z'], sorted(c.elements())[:4])\nc.update('aaz'); c.subtract({'a': 1})\nprint(c['a'], c['z'], Counter('ab') + Counter('bc'), Counter())"),
        ("OrderedDict", "from collections import OrderedDict\nd = OrderedDict()\nd['a'] = 1; d['b'] = 2; d['c'] = 3\nd.move_to_end('a')\nprint(d, d.popitem(), d.popitem(last=False), d)\nd['x'] = 9; d.move_to_end('x', last=False)\nprint(list(d))"),
        ("namedtuple", "from collections import namedtuple\nP = namedtuple('Point', ['x', 'y'])\np = P(1, y=2)\nx, y = p\nprint(p, p.x, p[1], x + y, p._asdict(), p._replace(y=5), P._fields, p == (1, 2), len(p))\nQ = namedtuple('Q', 'a, b c', defaults=[0])\nprint(Q(1, 2), Q._make([4, 5, 6]))"),
        ("namedtuple errors", "from collections import namedtuple\nP = namedtuple('P', 'x y')\nfor f in [lambda: P(1), lambda: P(1, 2, 3), lambda: namedtuple('X', 'a a'), lambda: namedtuple('X', '_a')]:\n    try:\n        f()\n    except (TypeError, ValueError) as e:\n        print(type(e).__name__, e)"),
    ]);
}

#[test]
fn functools_module() {
    same_as_python(&[
        ("reduce", "from functools import reduce\nprint(reduce(lambda a, b: a + b, [1, 2, 3, 4]), reduce(lambda a, b: a * b, [], 1))\ntry:\n    reduce(max, [])\nexcept TypeError as e:\n    print(e)"),
        ("partial", "from functools import partial\ndef f(a, b, c=0):\n    return (a, b, c)\ng = partial(f, 1, c=3)\nprint(g(2), g(5, c=9), g.args, g.keywords, partial(g, 7)())"),
        ("lru_cache", "from functools import lru_cache\n@lru_cache(maxsize=2)\ndef sq(x):\n    print('compute', x)\n    return x * x\nprint(sq(2), sq(2), sq(3), sq(4), sq(2))\nprint(sq.cache_info())\nsq.cache_clear()\nprint(sq.cache_info())"),
        ("lru_cache bare", "from functools import lru_cache, cache\n@lru_cache\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n@cache\ndef g(n):\n    return n + 1\nprint(fib(100), fib.cache_info().hits, g(1), g(1), g.cache_info())"),
        ("wraps", "from functools import wraps\ndef deco(fn):\n    @wraps(fn)\n    def inner(*a):\n        return fn(*a)\n    return inner\n@deco\ndef hello():\n    return 1\nprint(hello.__name__, hello.__wrapped__.__name__, hello())"),
        ("cmp_to_key", "from functools import cmp_to_key\nprint(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))"),
        ("total_ordering", "from functools import total_ordering\n@total_ordering\nclass V:\n    def __init__(self, v):\n        self.v = v\n    def __eq__(self, o):\n        return self.v == o.v\n    def __lt__(self, o):\n        return self.v < o.v\nprint(V(1) <= V(2), V(3) > V(2), V(2) >= V(2), V(1) > V(1))"),
    ]);
}

#[test]
fn itertools_module() {
    same_as_python(&[
        ("infinite", "import itertools as it\nprint(list(it.islice(it.count(5, 2), 4)), list(it.islice(it.cycle('ab'), 5)), list(it.repeat(7, 3)))"),
        ("accumulate chain", "import itertools as it\nimport operator\nprint(list(it.accumulate([1, 2, 3])), list(it.accumulate([1, 2, 3], initial=10)), list(it.chain('ab', [1])), list(it.chain.from_iterable(['xy', 'z'])))"),
        ("slicing", "import itertools as it\nprint(list(it.islice(range(10), 2, 8, 3)), list(it.islice('abc', None)), list(it.takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 5, 1])))"),
        ("filters", "import itertools as it\nprint(list(it.filterfalse(lambda x: x % 2, range(6))), list(it.compress('abcdef', [1, 0, 1, 0, 1, 1])), list(it.starmap(pow, [(2, 5), (3, 2)])))"),
        ("combinatorics", "import itertools as it\nprint(list(it.product('ab', range(2))), list(it.permutations('abc', 2)), list(it.combinations(range(4), 3)), list(it.combinations_with_replacement('ab', 2)))"),
        ("grouping", "import itertools as it\nprint([(k, list(g)) for k, g in it.groupby('aabbbc')], [k for k, g in it.groupby([1, 1, 2, 3, 3])], list(it.pairwise('abcd')))\nprint(list(it.zip_longest('ab', 'xyz', fillvalue='-')))\na, b = it.tee([1, 2, 3])\nprint(list(a), list(b))"),
    ]);
}

#[test]
fn heapq_string_time_modules() {
    same_as_python(&[
        ("heapq", "import heapq\nh = [5, 3, 8, 1, 9, 2]\nheapq.heapify(h)\nprint(h)\nheapq.heappush(h, 0)\nprint(h, heapq.heappop(h), heapq.heapreplace(h, 7), heapq.heappushpop(h, 1), h)\nprint(heapq.nlargest(3, [5, 1, 9, 3]), heapq.nsmallest(2, [5, 1, 9, 3]), list(heapq.merge([1, 4], [2, 3])))"),
        ("heapq tuples", "import heapq\nh = []\nfor p, t in [(3, 'c'), (1, 'a'), (2, 'b')]:\n    heapq.heappush(h, (p, t))\nprint([heapq.heappop(h)[1] for _ in range(3)])\ntry:\n    heapq.heappop([])\nexcept IndexError as e:\n    print(e)"),
        ("string", "import string\nprint(string.ascii_letters, string.digits, string.hexdigits, string.octdigits)\nprint(string.punctuation, repr(string.whitespace), len(string.printable), string.capwords('the quick  brown fox'))"),
        ("time", "import time\nt = time.time(); p = time.perf_counter(); m = time.monotonic()\ntime.sleep(0.02)\nprint(time.time() - t >= 0.015, time.perf_counter() - p >= 0.015, time.monotonic() >= m, type(time.time_ns()).__name__)\nprint(time.strftime('%Y-%m-%d', (2024, 1, 2, 3, 4, 5, 1, 2, 0)), time.localtime(0).tm_year in (1969, 1970), len(time.ctime(0)))"),
    ]);
}

/// `functools.wraps` copies the docstring, which the compiler keeps as
/// `__doc__`. (`isinstance(defaultdict(int), dict)` is still False: builtin
/// classes cannot be subclassed yet, so collections uses wrapper classes.)
#[test]
fn wraps_copies_the_docstring() {
    same_as_python(&[
        ("wraps copies __doc__", "from functools import wraps\ndef deco(fn):\n    @wraps(fn)\n    def inner(*a):\n        return fn(*a)\n    return inner\n@deco\ndef hello():\n    'doc'\n    return 1\nprint(hello.__doc__)"),
    ]);
}

#[test]
fn tour_script_passes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/tour.conc");
    let (out, err, status) = run(env!("CARGO_BIN_EXE_conc"), &[path]);
    assert_eq!(status, Some(0), "tour failed:\n{out}\n{err}");
    let (want, _, _) = run("python3", &[path]);
    assert_eq!(out, want);
}

/// The calendar functions of `time` (safe Rust + jiff, no libc) agree with
/// python3 (glibc) for fixed timestamps in several time zones, including
/// DST gaps and folds and `mktime`'s normalization and `tm_isdst` handling.
#[test]
fn time_calendar_functions_match_python_in_several_zones() {
    let code = r#"
import time
ts = [0, 1e9, -1e9, 1583652600, 1604208600, 1700000000.7, 951782400, 1609459200]
for t in ts:
    lt = time.localtime(t)
    print(lt)
    print(time.gmtime(t))
    print(time.ctime(t))
    print(time.mktime(lt), time.mktime(time.gmtime(t)))
    print(time.strftime('%a %A %b %B %c|%C %d %D %e %F %G %g %V %H %I %j %k %l %m %M %p %r %R %S %T %u %w %U %W %x %X %y %Y %z %Z %% %-d %h', lt))
    print(time.strftime('%Y-%m-%d %H:%M:%S %z %Z', time.gmtime(t)))
tups = [(2020,3,8,2,30,0,0,0,-1), (2020,3,8,2,30,0,0,0,0), (2020,3,8,2,30,0,0,0,1),
        (2020,11,1,1,30,0,0,0,-1), (2020,11,1,1,30,0,0,0,0), (2020,11,1,1,30,0,0,0,1),
        (2020,7,1,12,0,0,0,0,0), (2020,1,1,12,0,0,0,0,1), (1969,12,31,23,59,59,0,0,0)]
for tp in tups:
    print(time.mktime(tp), time.strftime('%Z|%z|%s|%a|%j', tp), time.asctime(tp))
print(time.mktime((2020,14,40,25,61,70,0,0,-1)))
for bad in [(2020,13,1,0,0,0,0,1,0), (2020,1,32,0,0,0,0,1,0), (2020,1,1,24,0,0,0,1,0)]:
    try:
        time.strftime('%Y', bad)
    except ValueError as e:
        print('ValueError', e)
"#;
    let mut failures = Vec::new();
    for tz in [
        "UTC",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
    ] {
        let out = |program: &str| {
            let o = Command::new(program)
                .args(["-c", code])
                .env("TZ", tz)
                .output()
                .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
            (
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        let (want, perr) = out("python3");
        assert!(perr.is_empty(), "TZ={tz}: python3 failed: {perr}");
        let (got, err) = out(env!("CARGO_BIN_EXE_conc"));
        if got != want {
            failures.push(format!(
                "--- TZ={tz}\nwant:\n{want}got:\n{got}stderr:\n{err}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
