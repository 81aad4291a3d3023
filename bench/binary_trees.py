# Binary trees (after the benchmarks game): allocate many complete binary
# trees of several depths, walk them to check their size, and drop them,
# while one long-lived tree stays alive throughout.


class Node:
    def __init__(self, left=None, right=None):
        self.left = left
        self.right = right


def make_tree(depth):
    if depth == 0:
        return Node()
    depth -= 1
    return Node(make_tree(depth), make_tree(depth))


def check_tree(node):
    if node.left is None:
        return 1
    return 1 + check_tree(node.left) + check_tree(node.right)


def tuple_tree(depth):
    # The same shape as nested tuples, as some code builds it.
    if depth == 0:
        return (None, None)
    depth -= 1
    return (tuple_tree(depth), tuple_tree(depth))


def check_tuple(t):
    left, right = t
    if left is None:
        return 1
    return 1 + check_tuple(left) + check_tuple(right)


def main(max_depth):
    min_depth = 4
    stretch = max_depth + 1
    print(f"stretch tree of depth {stretch}\t check: {check_tree(make_tree(stretch))}")
    long_lived = make_tree(max_depth)
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 2 ** (max_depth - depth + min_depth)
        check = 0
        for _ in range(iterations):
            check += check_tree(make_tree(depth))
        print(f"{iterations}\t trees of depth {depth}\t check: {check}")
    tuples = sum(check_tuple(tuple_tree(10)) for _ in range(16))
    print(f"tuple trees check: {tuples}")
    print(f"long lived tree of depth {max_depth}\t check: {check_tree(long_lived)}")


main(14)
