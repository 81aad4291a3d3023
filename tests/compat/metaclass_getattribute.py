# A metaclass's __getattribute__ answers attribute look-ups on its classes
# (falling back to type's through super() or type.__getattribute__, and
# to the metaclass's __getattr__ on AttributeError); a metaclass's data
# descriptors (a property, an object with __set__) come before the class's
# own attributes, its other attributes after them (type_getattro's order).
log = []


class Meta(type):
    def __getattribute__(cls, name):
        if name == 'magic':
            return 42
        if not name.startswith('__'):
            log.append(name)
        return super().__getattribute__(name)


class K(metaclass=Meta):
    x = 1

    def method(self):
        return 'method'

    @classmethod
    def cm(cls):
        return cls.__name__


print(K.magic, K.x, K().method(), K.cm(), getattr(K, 'magic'), hasattr(K, 'magic'))
print(log)
try:
    K.missing
except AttributeError as e:
    print('AttributeError:', e)
print(K().x, type(K()).__name__)


class Sub(K):
    y = 2


print(Sub.magic, Sub.y, Sub.x, log[-2:])


class Meta2(type):
    def __getattribute__(cls, name):
        if name == 'secret':
            raise AttributeError('hidden')
        return type.__getattribute__(cls, name)

    def __getattr__(cls, name):
        return 'fallback:' + name


class H(metaclass=Meta2):
    secret = 1
    plain = 2


print(H.secret, H.plain, H.other, object.__getattribute__(H, 'secret'))
print(type.__getattribute__(H, 'plain'), type.__getattribute__(int, '__name__'))
try:
    type.__getattribute__(3, 'x')
except TypeError as e:
    print('TypeError:', e)


# A metaclass property beats the class's own attribute; a metaclass
# method does not.
class PMeta(type):
    @property
    def p(cls):
        return 'meta property of ' + cls.__name__

    @property
    def q(cls):
        return 'meta q'

    @q.setter
    def q(cls, value):
        cls._q = value

    def m(cls):
        return 'meta method'

    plain = 'meta plain'


class P(metaclass=PMeta):
    p = 'class p'
    m = 'class m'
    plain = 'class plain'


print(P.p, P.m, P.plain, P().p, P().m)
P.q = 5
print(P.q, P._q, 'q' in P.__dict__)
try:
    P.p = 3
except AttributeError as e:
    print('AttributeError:', e)
print(P.p, P.__dict__['p'])


class Desc:
    def __get__(self, obj, owner):
        return ('desc', obj.__name__ if obj is not None else None, owner.__name__)

    def __set__(self, obj, value):
        raise AttributeError('read-only ' + obj.__name__)


class NonData:
    def __get__(self, obj, owner):
        return ('nondata', obj.__name__ if obj is not None else None)


class DMeta(type):
    d = Desc()
    n = NonData()
    only_meta = NonData()


class D(metaclass=DMeta):
    d = 'class d'
    n = 'class n'


print(D.d, D.n, D.only_meta)
try:
    D.d = 1
except AttributeError as e:
    print('AttributeError:', e)


# Class-level descriptors still get (None, cls) when nothing on the
# metaclass is a data descriptor.
class ClsDesc:
    def __get__(self, obj, owner):
        return ('clsdesc', obj, owner.__name__)


class E(metaclass=PMeta):
    c = ClsDesc()


print(E.c, E().c[0], E.p)
