//! The parts of `collections` written in conc: `defaultdict`, `Counter`,
//! `OrderedDict` (dict subclasses, as in CPython), `namedtuple` (a factory
//! of tuple subclasses whose fields are `_tuplegetter` descriptors, as in
//! CPython) and `ChainMap`. Reprs follow CPython 3.11.

pub const SOURCE: &str = r#"
from types import GenericAlias as _GenericAlias

# deque is native; `deque[int]` is an alias as in CPython, and shows its
# module as CPython's does (`collections.deque[int]`).
deque.__class_getitem__ = classmethod(_GenericAlias)
deque.__module__ = 'collections'

class defaultdict(dict):
    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory
    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value
    def copy(self):
        return defaultdict(self.default_factory, self)
    __copy__ = copy
    def __repr__(self):
        f = self.default_factory
        return f'defaultdict({f!r}, {dict.__repr__(self)})'

from operator import itemgetter as _itemgetter
_count_of = _itemgetter(1)

class Counter(dict):
    def __init__(self, iterable=None, /, **kwds):
        dict.__init__(self)
        self.update(iterable, **kwds)
    def __missing__(self, key):
        return 0
    def total(self):
        return sum(self.values())
    def most_common(self, n=None):
        items = sorted(self.items(), key=_count_of, reverse=True)
        return items if n is None else items[:n]
    def elements(self):
        for elem, count in self.items():
            for i in range(count):
                yield elem
    def update(self, iterable=None, /, **kwds):
        if iterable is not None:
            if hasattr(iterable, 'items'):
                for elem, count in iterable.items():
                    self[elem] = count + dict.get(self, elem, 0)
            else:
                _count_elements(self, iterable)
        if kwds:
            self.update(kwds)
    def subtract(self, iterable=None, /, **kwds):
        if iterable is not None:
            if hasattr(iterable, 'items'):
                for elem, count in iterable.items():
                    self[elem] = dict.get(self, elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = dict.get(self, elem, 0) - 1
        if kwds:
            self.subtract(kwds)
    def copy(self):
        return Counter(self)
    def __delitem__(self, elem):
        if elem in self:
            dict.__delitem__(self, elem)
    def __repr__(self):
        if not self:
            return f'{type(self).__name__}()'
        body = ', '.join(f'{k!r}: {v!r}' for k, v in self.most_common())
        return f'{type(self).__name__}({{{body}}})'
    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count + other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result
    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count - other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count < 0:
                result[elem] = 0 - count
        return result
    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            other_count = other[elem]
            newcount = other_count if count < other_count else count
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result
    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            other_count = other[elem]
            newcount = count if count < other_count else other_count
            if newcount > 0:
                result[elem] = newcount
        return result

class OrderedDict(dict):
    def move_to_end(self, key, last=True):
        value = dict.pop(self, key)
        if last:
            dict.__setitem__(self, key, value)
        else:
            rest = list(dict.items(self))
            dict.clear(self)
            dict.__setitem__(self, key, value)
            for k, v in rest:
                dict.__setitem__(self, k, v)
    def popitem(self, last=True):
        if not self:
            raise KeyError('dictionary is empty')
        key = next(reversed(self)) if last else next(iter(self))
        value = dict.pop(self, key)
        return key, value
    def copy(self):
        return OrderedDict(self)
    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return dict.__eq__(self, other) and list(self) == list(other)
        return dict.__eq__(self, other)
    def __repr__(self):
        if not self:
            return f'{type(self).__name__}()'
        return f'{type(self).__name__}({list(self.items())!r})'

def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    field_names = tuple(map(str, field_names))
    typename = str(typename)
    if rename:
        seen = set()
        names = list(field_names)
        for index, name in enumerate(names):
            if not name.isidentifier() or name.startswith('_') or name in seen:
                names[index] = f'_{index}'
            seen.add(name)
        field_names = tuple(names)
    for name in (typename,) + field_names:
        if not name.isidentifier():
            raise ValueError(f'Type names and field names must be valid identifiers: {name!r}')
    seen = set()
    for name in field_names:
        if name.startswith('_') and not rename:
            raise ValueError(f'Field names cannot start with an underscore: {name!r}')
        if name in seen:
            raise ValueError(f'Encountered duplicate field name: {name!r}')
        seen.add(name)
    n = len(field_names)
    defaults = tuple(defaults) if defaults is not None else ()
    if len(defaults) > n:
        raise TypeError('Got more default values than field names')
    field_defaults = dict(zip(field_names[n - len(defaults):], defaults))
    ns = _namedtuple_namespace(typename, field_names, field_defaults)
    ns['__module__'] = module if module is not None else '__main__'
    return type(typename, (tuple,), ns)

_tuple_new = tuple.__new__

def _namedtuple_namespace(typename, field_names, field_defaults):
    # The class body of a namedtuple: a tuple subclass without a __dict__,
    # a field-checking __new__, one _tuplegetter per field, and the
    # underscore API. typing.NamedTuple builds on it too.
    n = len(field_names)
    def __new__(_cls, *args, **kwargs):
        if len(args) == n and not kwargs:
            return _tuple_new(_cls, args)
        if len(args) > n:
            raise TypeError(f'{typename}.__new__() takes {n + 1} positional arguments but {len(args) + 1} were given')
        values = list(args)
        for name in field_names[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in field_defaults:
                values.append(field_defaults[name])
            else:
                raise TypeError(f"{typename}.__new__() missing 1 required positional argument: '{name}'")
        for k in kwargs:
            if k in field_names:
                raise TypeError(f"{typename}.__new__() got multiple values for argument '{k}'")
            raise TypeError(f"{typename}.__new__() got an unexpected keyword argument '{k}'")
        return _tuple_new(_cls, values)
    def __repr__(self):
        body = ', '.join(f'{name}={value!r}' for name, value in zip(field_names, self))
        return f'{self.__class__.__name__}({body})'
    def _asdict(self):
        return dict(zip(self._fields, self))
    def _replace(self, /, **kwds):
        result = self._make(map(kwds.pop, field_names, self))
        if kwds:
            raise ValueError(f'Got unexpected field names: {list(kwds)!r}')
        return result
    def _make(cls, iterable):
        result = _tuple_new(cls, iterable)
        if len(result) != n:
            raise TypeError(f'Expected {n} arguments, got {len(result)}')
        return result
    def __getnewargs__(self):
        return tuple(self)
    ns = {
        '__doc__': f'{typename}({", ".join(field_names)})',
        '__slots__': (),
        '_fields': field_names,
        '_field_defaults': field_defaults,
        '__new__': __new__,
        '_make': classmethod(_make),
        '_replace': _replace,
        '__repr__': __repr__,
        '_asdict': _asdict,
        '__getnewargs__': __getnewargs__,
        '__match_args__': field_names,
    }
    for index, name in enumerate(field_names):
        ns[name] = _tuplegetter(index, f'Alias for field number {index}')
    return ns

class ChainMap:
    __class_getitem__ = classmethod(_GenericAlias)

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]
    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        raise KeyError(key)
    def get(self, key, default=None):
        return self[key] if key in self else default
    def __contains__(self, key):
        return any(key in m for m in self.maps)
    def __setitem__(self, key, value):
        self.maps[0][key] = value
    def __delitem__(self, key):
        del self.maps[0][key]
    def __len__(self):
        return len(set().union(*self.maps))
    def __iter__(self):
        d = {}
        for mapping in reversed(self.maps):
            for k in mapping:
                d[k] = None
        return iter(d)
    def keys(self):
        return list(self)
    def items(self):
        return [(k, self[k]) for k in self]
    def values(self):
        return [self[k] for k in self]
    def new_child(self, m=None):
        return ChainMap({} if m is None else m, *self.maps)
    @property
    def parents(self):
        return ChainMap(*self.maps[1:])
    def __repr__(self):
        return f'ChainMap({", ".join(map(repr, self.maps))})'
"#;
