# exit(), quit() and help() as a script meets them: the site builtins.
import sys


def area(width, height=1, *rest, unit="m", scale=1.0, **options):
    """Compute the area of a rectangle.

    The unit is only used for display.
    """
    return width * height * scale


def no_doc(a, b, /, c):
    return a


class Account:
    """A bank account."""

    def __init__(self, owner, balance=0):
        """Open an account."""
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        """Add money."""
        self.balance += amount

    def close(self):
        """Close it."""


print(repr(exit))
print(repr(quit))
print(repr(help))
print(type(exit).__name__, type(help).__name__)

help(area)
help(no_doc)
help(Account)
help(Account.deposit)

for quitter in (exit, quit):
    for args in ((), (0,), (3,), ("bye",), (None,)):
        try:
            quitter(*args)
        except SystemExit as e:
            print(quitter, "raised SystemExit with code", repr(e.code))

try:
    exit(code=4)
except SystemExit as e:
    print("keyword code:", e.code)

try:
    # SystemExit is not an Exception: a broad handler does not catch it.
    try:
        quit(5)
    except Exception:
        print("not reached")
except SystemExit as e:
    print("passed through except Exception:", e.code)

sys.stdout.flush()
exit(7)
print("not reached")
