"""A vending machine state machine driven by a table of transitions."""


class State:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


IDLE, HAS_MONEY, VENDING, OUT_OF_ORDER = (State(n) for n in ("IDLE", "HAS_MONEY", "VENDING", "OUT_OF_ORDER"))


class Machine:
    PRICES = {"cola": 150, "chips": 100, "gum": 50}

    def __init__(self, stock):
        self.state = IDLE
        self.credit = 0
        self.stock = dict(stock)
        self.history = []

    def event(self, name, arg=None):
        handler = getattr(self, f"on_{name}", None)
        if handler is None:
            raise ValueError(f"unknown event {name}")
        before = self.state
        result = handler(arg)
        self.history.append((before, name, self.state))
        return result

    def on_coin(self, amount):
        if self.state is OUT_OF_ORDER:
            return f"rejected {amount}: out of order"
        if amount not in (10, 20, 50, 100):
            return f"rejected coin {amount}"
        self.credit += amount
        self.state = HAS_MONEY
        return f"credit {self.credit}"

    def on_select(self, item):
        if self.state is not HAS_MONEY:
            return "insert coins first"
        price = self.PRICES[item]
        if self.stock.get(item, 0) == 0:
            return f"{item} sold out"
        if self.credit < price:
            return f"{item} costs {price}, credit {self.credit}"
        self.state = VENDING
        self.stock[item] -= 1
        change = self.credit - price
        self.credit = 0
        self.state = IDLE if any(self.stock.values()) else OUT_OF_ORDER
        return f"vend {item}, change {change}"

    def on_refund(self, _):
        amount, self.credit = self.credit, 0
        if self.state is HAS_MONEY:
            self.state = IDLE
        return f"refund {amount}"


m = Machine({"cola": 1, "chips": 2, "gum": 0})
script = [("select", "cola"), ("coin", 100), ("coin", 3), ("select", "cola"), ("coin", 50),
          ("select", "cola"), ("coin", 100), ("select", "cola"), ("select", "gum"), ("refund", None),
          ("coin", 100), ("select", "chips"), ("coin", 100), ("coin", 20), ("select", "chips"), ("coin", 10)]
for name, arg in script:
    print(f"{name:7} {str(arg):5} -> {m.event(name, arg):28} [{m.state}]")
try:
    m.event("kick")
except ValueError as e:
    print("error:", e)
transitions = {}
for before, name, after in m.history:
    transitions.setdefault((before.name, after.name), 0)
    transitions[(before.name, after.name)] += 1
for (a, b), n in sorted(transitions.items()):
    print(f"{a:>12} -> {b:<12} x{n}")
