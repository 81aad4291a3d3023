"""Private attributes with name mangling: a base class and a subclass each
keep their own `__balance`, the way real class hierarchies rely on it."""


class Account:
    __slots__ = ('owner', '__balance', '__history')
    __fee = 1

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.__balance = balance
        self.__history = []

    def __record(self, kind, amount):
        self.__history.append((kind, amount))

    def deposit(self, amount):
        self.__record('deposit', amount)
        self.__balance += amount - self.__fee
        return self

    @property
    def balance(self):
        return self.__balance

    def history(self):
        return [f'{kind}:{amount}' for kind, amount in self.__history]

    def audit(self):
        # Names inside nested functions and comprehensions are mangled too.
        def total(kind):
            return sum(a for k, a in self.__history if k == kind)
        return {kind: total(kind) for kind in ('deposit', 'withdraw')}


class Savings(Account):
    __slots__ = ('__balance',)

    def __init__(self, owner, rate):
        super().__init__(owner, 100)
        self.__balance = 'savings-private'
        self.rate = rate

    def own(self):
        return self.__balance


class Registry:
    __count = 0

    @classmethod
    def register(cls):
        cls.__count += 1
        return cls.__count

    @staticmethod
    def __helper(x):
        return x * 2

    def use_helper(self, x):
        return self.__helper(x)

    def __repr__(self):
        return f'Registry(count={self.__count})'


class _Underscored:
    def __init__(self):
        self.__secret = 42


class ___:
    def __init__(self):
        self.__kept = 'not mangled'


def outside(obj):
    try:
        return obj.__balance
    except AttributeError as e:
        return f'AttributeError: {e}'


a = Account('ann', 10).deposit(5).deposit(20)
print(a.balance, a.history(), a.audit())
print(hasattr(a, '__balance'), hasattr(a, '_Account__balance'), a._Account__balance)
print(outside(a))
print(sorted(n for n in dir(Account) if 'Account' in n))
try:
    Savings('bob', 0.1)
except AttributeError as e:
    print('slots:', e)


Registry.register()
print(Registry.register(), Registry(), Registry().use_helper(21))
print('_Registry__helper' in Registry.__dict__, '__helper' in Registry.__dict__)
print(Registry.register.__name__, Registry._Registry__helper.__name__)
print(Registry._Registry__helper.__qualname__)
print(vars(_Underscored()), vars(___()))
print(getattr(a, '_Account__fee'), Account._Account__fee)


class Outer:
    class __Inner:
        value = 'inner'

    def inner(self):
        return self.__Inner.value

    def lam(self):
        f = lambda: self.__Inner
        return f().__name__


print(Outer().inner(), Outer().lam(), hasattr(Outer, '_Outer__Inner'))


class Config:
    def __init__(self, **options):
        self.__options = dict(options)

    def get(self, key, default=None):
        return self.__options.get(key, default)

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return self.get(name)


c = Config(debug=True)
print(c.debug, c.missing, c.get('debug'))
