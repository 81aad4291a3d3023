# Under `from __future__ import annotations` a function's annotations are
# recorded as their source text, and nothing in them is evaluated.
from __future__ import annotations


def f(a: Undefined[int], *, b: list[str] | None = None) -> dict[str, Undefined]:
    return {}


print(f.__annotations__)


class Node:
    def link(self, other: Node, weight: float = 1.0) -> Node:
        return other


print(Node.link.__annotations__)
