# A shop back-office: dataclasses for products and order lines, a bank
# ledger with properties and validation, an inventory that reserves and
# restocks, and end-of-day totals. Money is kept in integer cents.
import random
from dataclasses import dataclass, field


class InsufficientFunds(Exception):
    pass


class OutOfStock(Exception):
    pass


@dataclass
class Product:
    sku: str
    name: str
    price_cents: int
    stock: int = 0
    reserved: int = 0

    @property
    def available(self):
        return self.stock - self.reserved


@dataclass
class OrderLine:
    product: Product
    quantity: int

    @property
    def total_cents(self):
        return self.product.price_cents * self.quantity


@dataclass
class Order:
    order_id: int
    customer: str
    lines: list = field(default_factory=list)
    status: str = "new"

    @property
    def total_cents(self):
        return sum(line.total_cents for line in self.lines)


class Account:
    def __init__(self, owner, balance_cents=0, overdraft_cents=0):
        self.owner = owner
        self._balance = balance_cents
        self.overdraft = overdraft_cents
        self.history = []

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < -self.overdraft:
            raise InsufficientFunds(f"{self.owner}: {value} below limit {-self.overdraft}")
        self._balance = value

    def deposit(self, cents, memo):
        self.balance += cents
        self.history.append(("deposit", cents, memo))

    def withdraw(self, cents, memo):
        self.balance -= cents
        self.history.append(("withdraw", cents, memo))


class Inventory:
    def __init__(self, products):
        self.products = {p.sku: p for p in products}

    def reserve(self, sku, quantity):
        product = self.products[sku]
        if product.available < quantity:
            raise OutOfStock(sku)
        product.reserved += quantity
        return product

    def release(self, product, quantity):
        product.reserved -= quantity

    def commit(self, product, quantity):
        product.reserved -= quantity
        product.stock -= quantity

    def restock(self, rng):
        for p in self.products.values():
            if p.available < 40:
                p.stock += rng.randint(40, 120)


class Shop:
    def __init__(self, inventory, till):
        self.inventory = inventory
        self.till = till
        self.orders = []

    def place(self, order_id, customer, account, wanted):
        order = Order(order_id, customer)
        try:
            for sku, qty in wanted:
                order.lines.append(OrderLine(self.inventory.reserve(sku, qty), qty))
            account.withdraw(order.total_cents, f"order {order_id}")
        except (OutOfStock, InsufficientFunds) as e:
            for line in order.lines:
                self.inventory.release(line.product, line.quantity)
            order.status = "rejected: " + type(e).__name__
        else:
            for line in order.lines:
                self.inventory.commit(line.product, line.quantity)
            self.till.deposit(order.total_cents, f"order {order_id}")
            order.status = "paid"
        self.orders.append(order)
        return order


rng = random.Random(11)
products = [Product(f"SKU{i:04d}", f"item {i}", rng.randint(99, 9999), rng.randint(0, 60)) for i in range(300)]
inventory = Inventory(products)
till = Account("till")
customers = [Account(f"c{i}", rng.randint(10000, 500000), rng.choice([0, 0, 5000])) for i in range(400)]
shop = Shop(inventory, till)
skus = sorted(inventory.products)

for day in range(16):
    for n in range(4000):
        customer = customers[rng.randrange(len(customers))]
        wanted = [(rng.choice(skus), rng.randint(1, 4)) for _ in range(rng.randint(1, 4))]
        shop.place(day * 10000 + n, customer.owner, customer, wanted)
    for c in customers:
        c.deposit(rng.randint(20000, 200000), "salary")
    inventory.restock(rng)

statuses = {}
for o in shop.orders:
    statuses[o.status] = statuses.get(o.status, 0) + 1
paid_total = sum(o.total_cents for o in shop.orders if o.status == "paid")
assert paid_total == till.balance
richest = max(customers, key=lambda c: (c.balance, c.owner))
stock_value = sum(p.price_cents * p.stock for p in products)
print(sorted(statuses.items()), paid_total, len(till.history))
print(richest.owner, richest.balance, stock_value, products[0], Order(1, "x") == Order(1, "x"))
