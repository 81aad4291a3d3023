"""Bank accounts with inheritance, exceptions and a transaction log."""


class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner}: cannot withdraw {amount:.2f}, balance {account.balance:.2f}")
        self.amount = amount


class Account:
    next_number = 1000

    def __init__(self, owner, balance=0.0):
        self.owner = owner
        self.balance = balance
        self.number = Account.next_number
        Account.next_number += 1
        self.log = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.log.append(("deposit", amount))

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.log.append(("withdraw", amount))

    def month_end(self):
        pass

    def __repr__(self):
        return f"{type(self).__name__}(#{self.number}, {self.owner!r}, {self.balance:.2f})"


class Savings(Account):
    rate = 0.01

    def month_end(self):
        interest = round(self.balance * self.rate, 2)
        self.deposit(interest)


class Checking(Account):
    fee = 2.5

    def withdraw(self, amount):
        super().withdraw(amount + self.fee)


def transfer(src, dst, amount):
    src.withdraw(amount)
    dst.deposit(amount)


accounts = [Savings("ann", 1000), Checking("bob", 50), Account("cy")]
for acct in accounts:
    print(acct)
operations = [
    (transfer, accounts[0], accounts[1], 200),
    (transfer, accounts[1], accounts[2], 300),
    (transfer, accounts[1], accounts[2], 100),
]
for op, src, dst, amount in operations:
    try:
        op(src, dst, amount)
        print(f"moved {amount} from {src.owner} to {dst.owner}")
    except InsufficientFunds as e:
        print("failed:", e)
try:
    accounts[2].deposit(-5)
except ValueError as e:
    print("failed:", e)
for month in range(3):
    for acct in accounts:
        acct.month_end()
for acct in accounts:
    print(acct, len(acct.log), "transactions")
print("total:", round(sum(a.balance for a in accounts), 2))
