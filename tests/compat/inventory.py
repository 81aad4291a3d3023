"""Inventory of products: classes with ordering, equality, hashing and reports."""


class Product:
    def __init__(self, sku, name, price, qty):
        self.sku, self.name, self.price, self.qty = sku, name, price, qty

    def __eq__(self, other):
        return isinstance(other, Product) and self.sku == other.sku

    def __hash__(self):
        return hash(self.sku)

    def __lt__(self, other):
        return (self.price, self.name) < (other.price, other.name)

    def __repr__(self):
        return f"Product({self.sku!r}, {self.name!r}, {self.price}, {self.qty})"

    @property
    def value(self):
        return round(self.price * self.qty, 2)


class Inventory:
    def __init__(self):
        self.items = {}

    def add(self, product):
        if product.sku in self.items:
            self.items[product.sku].qty += product.qty
        else:
            self.items[product.sku] = product

    def remove(self, sku, qty):
        item = self.items.get(sku)
        if item is None:
            raise KeyError(sku)
        if item.qty < qty:
            raise ValueError(f"only {item.qty} of {item.name} left")
        item.qty -= qty
        if item.qty == 0:
            del self.items[sku]

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(sorted(self.items.values()))

    def report(self):
        lines = [f"{'SKU':<6}{'NAME':<12}{'PRICE':>8}{'QTY':>5}{'VALUE':>10}"]
        for p in self:
            lines.append(f"{p.sku:<6}{p.name:<12}{p.price:>8.2f}{p.qty:>5}{p.value:>10.2f}")
        total = sum(p.value for p in self)
        lines.append(f"{'total':<31}{total:>10.2f}")
        return "\n".join(lines)


inv = Inventory()
for args in [("A1", "widget", 2.5, 10), ("B2", "gadget", 12.99, 3), ("C3", "doohickey", 0.75, 100),
             ("A1", "widget", 2.5, 5), ("D4", "gizmo", 12.99, 1)]:
    inv.add(Product(*args))
print(inv.report())
for sku, qty in [("C3", 40), ("D4", 1), ("B2", 5), ("Z9", 1)]:
    try:
        inv.remove(sku, qty)
        print(f"removed {qty} x {sku}")
    except KeyError as e:
        print("no such product:", e)
    except ValueError as e:
        print("cannot remove:", e)
print(len(inv), "products left")
print(inv.report())
print(Product("A1", "x", 0, 0) == inv.items["A1"], len({Product("Q", "q", 1, 1), Product("Q", "r", 2, 2)}))
print(min(inv), max(inv))
